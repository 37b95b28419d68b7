"""Accuracy floors: a checked-in file of the worst score each metric may fall to.

floors.json: {"about": "...", "files": {FILE NAME: {METRIC: LIMIT}}}. For most metrics the limit is
a floor (the score must be >= it). For metrics where lower is better (distances, rule violations)
it is a ceiling (the score must be <= it). Throughput, n, clusters_ratio (best at 1, neither
higher nor lower) and the geo miss split (miss_no_candidate, miss_wrong_pick) have no floor.
Floors are checked on whole files, never on a half. A metric without a limit, or a file not in the run, is not
checked; a metric with a limit that is now missing breaks its floor.

Floors move only on purpose: `--update-floors` raises them to the new figures (rounded down a
little) and refuses to lower any unless `--allow-lower` is given too.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.results import TaskResult

LOWER_IS_BETTER = frozenset({"loc_median_km", "resolve_median_km", "must_not_violations"})
SLACK = 0.005
# miss_no_candidate and miss_wrong_pick split resolve_acc_161km's misses, which has a floor of its
# own: a limit on how a miss is shared out would only stop a fix that turns one kind into the other.
NO_FLOOR = frozenset({"n", "docs_per_s", "clusters_ratio", "miss_no_candidate", "miss_wrong_pick"})
ABOUT = (
    "Accuracy floors for `make eval` (eventwire eval --floors). Metrics in "
    f"{sorted(LOWER_IS_BETTER)} are ceilings. Raise with --update-floors; lowering needs --allow-lower."
)

Floors = dict[str, dict[str, float]]


def load_floors(path: str | Path) -> Floors:
    """The floors in a file; an absent file has none."""
    target = Path(path)
    if not target.exists():
        return {}
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        files = data["files"]
        return {name: {key: float(value) for key, value in limits.items()} for name, limits in files.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(
            f'not a floors file ({error}); expected {{"files": {{FILE: {{METRIC: NUMBER}}}}}}',
            origin=str(path),
        ) from error


def save_floors(path: str | Path, floors: Floors) -> None:
    ordered = {name: dict(sorted(limits.items())) for name, limits in sorted(floors.items())}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps({"about": ABOUT, "files": ordered}, indent=2) + "\n", encoding="utf-8")


def breaks_limit(metric: str, value: float | None, limit: float) -> bool:
    if value is None:
        return True
    return value > limit if metric in LOWER_IS_BETTER else value < limit


def check_floors(results: Sequence[TaskResult], floors: Floors) -> list[str]:
    """One message per metric that breaks its floor, naming file, metric, value and floor."""
    breaches = []
    for result in results:
        for metric, limit in sorted(floors.get(result.file, {}).items()):
            value = _number(result.metrics.get(metric))
            if not breaks_limit(metric, value, limit):
                continue
            if value is None:
                why = result.missing.get(metric, "no value")
                breaches.append(f"{result.file}: {metric} is missing ({why}); floor {limit:g}")
            else:
                relation = "above ceiling" if metric in LOWER_IS_BETTER else "below floor"
                breaches.append(f"{result.file}: {metric} = {value:g}, {relation} {limit:g}")
    return breaches


def proposed_limit(metric: str, value: float) -> float:
    """The limit a measured value sets: a little below it (a little above, for ceilings)."""
    if metric == "must_not_violations":
        return float(math.ceil(value))
    if metric in LOWER_IS_BETTER:
        return float(math.ceil(value * 1.05 + 1))
    # Half a point of slack, then two decimals down: 0.8494 -> 0.84, 0.8000 -> 0.79. One document
    # more or less on a few hundred passes; a real drop of a point or more does not.
    return max(0.0, math.floor(round((value - SLACK) * 100, 6)) / 100)


def update_floors(
    results: Sequence[TaskResult], floors: Floors, *, allow_lower: bool
) -> tuple[Floors, list[str]]:
    """New floors from these results, and the floors that would go down (refused unless allowed).

    A floor never moves down by rounding alone: when the value still meets the old floor, the old
    floor stays. Files not in the run keep their floors.
    """
    updated: Floors = {name: dict(limits) for name, limits in floors.items()}
    lowered: list[str] = []
    for result in results:
        old = floors.get(result.file, {})
        new: dict[str, float] = {}
        for metric, raw in result.metrics.items():
            value = _number(raw)
            if metric in NO_FLOOR or value is None:
                continue
            limit = proposed_limit(metric, value)
            if metric in old and not breaks_limit(metric, value, old[metric]):
                better = min if metric in LOWER_IS_BETTER else max
                limit = better(limit, old[metric])
            new[metric] = limit
        for metric, limit in old.items():
            if metric not in new:
                lowered.append(
                    f"{result.file}: {metric} floor {limit:g} would be removed (metric is missing)"
                )
            elif breaks_limit(metric, new[metric], limit) and new[metric] != limit:
                lowered.append(f"{result.file}: {metric} floor {limit:g} would become {new[metric]:g}")
        updated[result.file] = new
    if lowered and not allow_lower:
        return floors, lowered
    return updated, lowered


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
