"""Evaluate gold files: read each, run the system of its format once, score the whole file and
each half (tune, check) of that one run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventwire.evaluate.dates import collect_dates
from eventwire.evaluate.dedup import collect_dedup
from eventwire.evaluate.events import collect_events
from eventwire.evaluate.formats import EvalFile, read_eval_file
from eventwire.evaluate.geo import collect_geo
from eventwire.evaluate.plover import collect_plover
from eventwire.evaluate.results import TaskResult, TaskRun
from eventwire.evaluate.split import Half
from eventwire.evaluate.systems import System, load_system

# Each runs the system over a file's records once; the TaskRun scores any subset of them.
COLLECTORS: dict[str, Callable[[list[dict[str, Any]], System], TaskRun]] = {
    "events": collect_events,
    "geo": collect_geo,
    "dates": collect_dates,
    "dedup": collect_dedup,
    "plover": collect_plover,
}


def evaluate_file(gold_file: EvalFile, system: System) -> TaskResult:
    """Score one read gold file; `file` in the result is the file's name, `halves` the metrics of
    its tune and check documents."""
    run = COLLECTORS[gold_file.task](gold_file.records, system)
    return run.result(file=Path(gold_file.path).name, problems=gold_file.problems)


def evaluate_paths(
    paths: Sequence[str | Path],
    *,
    system: System | None = None,
    limit: int | None = None,
    half: Half | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[TaskResult]:
    """Read every file first (so a bad path fails fast), then load the system once and score.

    `half`: keep only the documents of that half (the other half's figures are then empty).
    Raises InputError for a file that cannot be read or has no known format.
    """
    gold_files = [read_eval_file(path, limit=limit, half=half) for path in paths]
    if system is None:
        system = load_system(gold_file.task for gold_file in gold_files)
    if system.warm_up is not None:
        progress("loading the pipeline's models")
        system.warm_up()
    results = []
    for gold_file in gold_files:
        progress(f"{Path(gold_file.path).name}: {gold_file.task}, {len(gold_file.records)} documents")
        for problem in gold_file.problems:
            progress(f"{gold_file.path}: {problem} (skipped)")
        results.append(evaluate_file(gold_file, system))
    return results
