"""What one evaluated file yields: the metric keys of each task and the result record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventwire.evaluate.formats import LineProblem
from eventwire.evaluate.split import HALVES, half_of

# The metric keys of ../shared/eval/README.md, per task, in report order. Every key is always
# present in a result: None means "missing" (the capability does not exist yet; the reason is in
# `missing`) or "not scored" (the file has no gold for it).
METRIC_KEYS: dict[str, tuple[str, ...]] = {
    "events": (
        "event_type_acc",
        "sub_event_type_acc",
        "sub_event_type_weighted_f1",
        "out_of_scope_rejection",
        "event_date_acc",
        "country_acc",
        "admin1_acc",
        "loc_acc_25km",
        "loc_acc_161km",
        "loc_median_km",
        "fatalities_acc",
        "fatalities_acc_nonzero",
        "inter1_acc",
        "killed_total_acc",
        "arrested_total_acc",
        "recall",
        "precision",
        "must_not_violations",
    ),
    "geo": (
        "resolve_acc_161km",
        "resolve_acc_25km",
        "resolve_median_km",
        "e2e_span_p",
        "e2e_span_r",
        "e2e_span_f1",
        "e2e_acc_161km",
        # Not in the shared metric list: what a perfect pick among the gazetteer's candidates
        # would reach, and why resolve mode missed (no candidate near the gold point, or a
        # wrong pick among candidates that had one).
        "oracle_acc_161km",
        "miss_no_candidate",
        "miss_wrong_pick",
    ),
    "dates": ("strict_f1", "relaxed_f1", "value_acc", "value_f1"),
    "dedup": ("b3_p", "b3_r", "b3_f1", "pairwise_f1", "clusters_ratio"),
    "plover": ("event_acc", "source_acc", "target_acc"),
}
COMMON_KEYS = ("n", "docs_per_s")

MetricValue = float | int | None


@dataclass(slots=True)
class TaskResult:
    """The scores of one file. `metrics` holds every key of its task plus n and docs_per_s."""

    file: str
    task: str
    n: int
    metrics: dict[str, MetricValue]
    missing: dict[str, str] = field(default_factory=dict)  # metric -> why it could not be measured
    notes: list[str] = field(default_factory=list)  # how the file was scored (mappings, counts)
    problems: list[LineProblem] = field(default_factory=list)  # lines skipped
    # What was scored wrong, one dict per case ({"metric", "id", "gold", "got", ...}): for
    # `eventwire eval --errors`, not part of the results file.
    cases: list[dict[str, Any]] = field(default_factory=list)
    # The same metrics on each half of the documents (eventwire.evaluate.split): n and the task's
    # keys, no throughput (the system ran once over both).
    halves: dict[str, dict[str, MetricValue]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "task": self.task,
            "n": self.n,
            "metrics": dict(self.metrics),
            "halves": {half: dict(metrics) for half, metrics in self.halves.items()},
            "missing": dict(self.missing),
            "notes": list(self.notes),
            "skipped_lines": [
                {"line": problem.line, "message": problem.message} for problem in self.problems
            ],
        }


class MetricSheet:
    """Collects one file's metrics: every key starts as None, set or marked missing one by one."""

    def __init__(self, task: str, *, n: int) -> None:
        self.task = task
        self.n = n
        self.values: dict[str, MetricValue] = dict.fromkeys(METRIC_KEYS[task])
        self.values["n"] = n
        self.values["docs_per_s"] = None
        self.missing: dict[str, str] = {}
        self.notes: list[str] = []
        self.cases: list[dict[str, Any]] = []

    def set(self, key: str, value: MetricValue) -> None:
        if key not in self.values:
            raise KeyError(f"{key!r} is not a metric of task {self.task!r}")
        self.values[key] = _rounded(value)

    def miss(self, keys: tuple[str, ...] | list[str], reason: str) -> None:
        """Mark metrics as not measurable: they stay None and the reason is reported."""
        for key in keys:
            if key not in self.values:
                raise KeyError(f"{key!r} is not a metric of task {self.task!r}")
            self.values[key] = None
            self.missing[key] = reason

    def wrong(self, metric: str, record_id: str, *, gold: Any, got: Any, **detail: Any) -> None:
        """Keep one case the system got wrong for a metric, for the errors file."""
        case = {"metric": metric, "id": record_id, "half": half_of(record_id), "gold": gold, "got": got}
        self.cases.append({**case, **detail})

    def throughput(self, *, documents: int, seconds: float) -> None:
        self.values["docs_per_s"] = round(documents / seconds, 2) if seconds > 0 else None

    def result(self, *, file: str, problems: list[LineProblem]) -> TaskResult:
        return TaskResult(
            file=file,
            task=self.task,
            n=self.n,
            metrics=self.values,
            missing=self.missing,
            notes=self.notes,
            problems=problems,
            cases=self.cases,
        )


def _rounded(value: MetricValue) -> MetricValue:
    return round(value, 4) if isinstance(value, float) else value


def failure_notes(count: int, first_error: str) -> list[str]:
    """A note on documents the system failed on; they were scored as if it found nothing."""
    if not count:
        return []
    return [f"{count} documents failed and count as empty output (first: {first_error})"]


# Fills a sheet from some gold records and the system's outputs for them, in the same order.
Scorer = Callable[[list[dict[str, Any]], list[Any], MetricSheet], None]


@dataclass(slots=True)
class TaskRun:
    """The system's output for every document of one file. The system runs once; the output is
    then scored on the whole file and on each half, so the halves are the same run's figures."""

    task: str
    records: list[dict[str, Any]]
    outputs: list[Any]  # one per record, in the same order
    scorer: Scorer
    seconds: float | None = None  # wall time of the system calls; None when nothing ran
    notes: list[str] = field(default_factory=list)  # about the run itself (failures, timing)

    def score(self, indices: Sequence[int] | None = None) -> MetricSheet:
        """The metrics of the documents at these positions (all when None)."""
        chosen = range(len(self.records)) if indices is None else indices
        records = [self.records[index] for index in chosen]
        sheet = MetricSheet(self.task, n=len(records))
        if records:
            self.scorer(records, [self.outputs[index] for index in chosen], sheet)
        return sheet

    def result(self, *, file: str, problems: list[LineProblem]) -> TaskResult:
        """The whole file's result, with the run's notes and throughput and each half's metrics."""
        sheet = self.score()
        sheet.notes[:0] = self.notes
        if self.seconds is not None:
            sheet.throughput(documents=len(self.records), seconds=self.seconds)
        result = sheet.result(file=file, problems=problems)
        result.halves = {half: self.half_metrics(half) for half in HALVES}
        return result

    def half_metrics(self, half: str) -> dict[str, MetricValue]:
        indices = [index for index, record in enumerate(self.records) if half_of(record["id"]) == half]
        values = self.score(indices).values
        return {key: value for key, value in values.items() if key != "docs_per_s"}
