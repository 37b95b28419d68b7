"""Evaluate gold files: read each, pick the runner of its format, score it against the system."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from eventwire.evaluate.dates import run_dates
from eventwire.evaluate.dedup import run_dedup
from eventwire.evaluate.events import run_events
from eventwire.evaluate.formats import EvalFile, read_eval_file
from eventwire.evaluate.geo import run_geo
from eventwire.evaluate.plover import run_plover
from eventwire.evaluate.results import TaskResult
from eventwire.evaluate.systems import System, load_system

RUNNERS: dict[str, Callable[[EvalFile, System], TaskResult]] = {
    "events": run_events,
    "geo": run_geo,
    "dates": run_dates,
    "dedup": run_dedup,
    "plover": run_plover,
}


def evaluate_file(gold_file: EvalFile, system: System) -> TaskResult:
    """Score one read gold file; `file` in the result is the file's name."""
    result = RUNNERS[gold_file.task](gold_file, system)
    result.file = Path(gold_file.path).name
    return result


def evaluate_paths(
    paths: Sequence[str | Path],
    *,
    system: System | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[TaskResult]:
    """Read every file first (so a bad path fails fast), then load the system once and score.

    Raises InputError for a file that cannot be read or has no known format.
    """
    gold_files = [read_eval_file(path, limit=limit) for path in paths]
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
