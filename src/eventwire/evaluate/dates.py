"""Score the dates format with the TempEval-3 definitions.

- strict: a system timex matches a gold one with exactly the same offsets;
  relaxed: with any overlap (one-to-one, largest overlap first). P, R, F1 are micro-averaged.
- value_acc: share of relaxed matches whose normalised value equals the gold value.
- value_f1 = relaxed_f1 x value_acc, as TempEval-3 reports attribute F1.

The reference date is the document's `published` date; when that is null the system finds one
in the text itself (as it would for a user), or tags with no reference.
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Sequence
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.geo import guarded
from eventwire.evaluate.results import MetricSheet, TaskRun, failure_notes
from eventwire.evaluate.systems import System


def same_value(gold: str, predicted: str) -> bool:
    return gold.strip().upper() == (predicted or "").strip().upper()


def timex_counts(
    records: Sequence[dict[str, Any]], tagged: Sequence[Sequence[Any]], *, sheet: MetricSheet | None = None
) -> dict[str, int]:
    """Counts over all documents: gold, system, strict and relaxed matches, right values; a sheet,
    when given, keeps the wrong values, the gold timexes missed and the ones found that are none."""
    counts = dict.fromkeys(("gold", "system", "strict", "relaxed", "value"), 0)
    for record, timexes in zip(records, tagged, strict=True):
        gold = record["timexes"]
        gold_spans = [(t["start"], t["end"]) for t in gold]
        system_spans = [(t.start, t.end) for t in timexes]
        counts["gold"] += len(gold)
        counts["system"] += len(timexes)
        counts["strict"] += len(m.match_spans(gold_spans, system_spans, strict=True))
        relaxed = m.match_spans(gold_spans, system_spans, strict=False)
        counts["relaxed"] += len(relaxed)
        counts["value"] += sum(same_value(gold[g]["value"], timexes[s].value) for g, s in relaxed)
        if sheet is not None:
            _keep_cases(sheet, record, gold, timexes, relaxed)
    return counts


def _keep_cases(
    sheet: MetricSheet,
    record: dict[str, Any],
    gold: list[dict[str, Any]],
    timexes: Sequence[Any],
    pairs: list,
) -> None:
    for gold_index, system_index in pairs:
        wanted, found = gold[gold_index], timexes[system_index]
        if not same_value(wanted["value"], found.value):
            sheet.wrong(
                "value_acc",
                record["id"],
                gold={"text": wanted["text"], "value": wanted["value"]},
                got={"text": found.text, "value": found.value},
                start=wanted["start"],
            )
    matched_gold = {gold_index for gold_index, _ in pairs}
    matched_system = {system_index for _, system_index in pairs}
    for index, wanted in enumerate(gold):
        if index not in matched_gold:
            sheet.wrong("relaxed_f1", record["id"], gold=wanted["text"], got=None, start=wanted["start"])
    for index, found in enumerate(timexes):
        if index not in matched_system:
            sheet.wrong("relaxed_f1", record["id"], gold=None, got=found.text, start=found.start)


def reference_for(record: dict[str, Any], system: System) -> datetime.date | None:
    if record.get("published"):
        return datetime.date.fromisoformat(record["published"])
    if system.reference_finder is not None:
        return system.reference_finder(record["text"])
    return None


def collect_dates(records: list[dict[str, Any]], system: System) -> TaskRun:
    """Tag every document once; the timexes are scored by `score_dates` on any subset."""
    scorer = functools.partial(score_dates, system=system)
    if system.timex_tagger is None:
        return TaskRun("dates", records, [None] * len(records), scorer)
    started = time.perf_counter()
    tagger = system.timex_tagger
    tagged, failures, first_error = guarded(
        lambda record: tagger(record["text"], reference_for(record, system)), records
    )
    seconds = time.perf_counter() - started
    return TaskRun(
        "dates", records, tagged, scorer, seconds=seconds, notes=failure_notes(failures, first_error)
    )


def score_dates(
    records: list[dict[str, Any]], tagged: list[list[Any]], sheet: MetricSheet, *, system: System
) -> None:
    if system.timex_tagger is None:
        sheet.miss(["strict_f1", "relaxed_f1", "value_acc", "value_f1"], system.why_missing("timex_tagger"))
        return
    counts = timex_counts(records, tagged, sheet=sheet)
    strict_f1 = m.precision_recall_f1(counts["strict"], counts["system"], counts["gold"])[2]
    relaxed_f1 = m.precision_recall_f1(counts["relaxed"], counts["system"], counts["gold"])[2]
    value_acc = m.ratio(counts["value"], counts["relaxed"])
    sheet.set("strict_f1", strict_f1)
    sheet.set("relaxed_f1", relaxed_f1)
    sheet.set("value_acc", value_acc)
    sheet.set(
        "value_f1", relaxed_f1 * value_acc if relaxed_f1 is not None and value_acc is not None else None
    )
    if value_acc is None and counts["gold"]:
        # No span matched at all: every value is unscored, and value F1 is as low as it goes.
        sheet.set("value_f1", 0.0)
    sheet.notes.append(
        f"{counts['gold']} gold, {counts['system']} system timexes; {counts['strict']} strict and "
        f"{counts['relaxed']} relaxed matches, {counts['value']} with the right value"
    )
