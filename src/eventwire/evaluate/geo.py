"""Score the geo format in two modes.

- resolve: the gold spans are given to the geocoder; each gold toponym is scored by the distance
  from the place chosen for exactly that span to the gold point (no answer = half the earth).
- end-to-end: the pipeline finds toponyms itself; spans are matched one-to-one where they overlap
  (largest overlap first), then the coordinates of matched pairs are scored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.events import articles_for, code_timed, coordinates, note_pipeline_errors
from eventwire.evaluate.formats import EvalFile
from eventwire.evaluate.results import MetricSheet, TaskResult
from eventwire.evaluate.systems import System

RESOLVE_KEYS = ("resolve_acc_161km", "resolve_acc_25km", "resolve_median_km")
E2E_KEYS = ("e2e_span_p", "e2e_span_r", "e2e_span_f1", "e2e_acc_161km")


def gold_point(toponym: dict[str, Any]) -> tuple[float, float]:
    return (float(toponym["lat"]), float(toponym["lon"]))


def resolve_distances(
    records: Sequence[dict[str, Any]], resolved: Sequence[Sequence[Any]], *, sheet: MetricSheet | None = None
) -> list[float]:
    """One distance per gold toponym, from the place the system chose for that very span; a
    sheet, when given, keeps the toponyms placed more than 161 km off."""
    distances = []
    for record, toponyms in zip(records, resolved, strict=True):
        golds = record["toponyms"]
        if len(toponyms) == len(golds):
            # resolve_spans answers one Toponym per span in order, even if it trims a span's offsets.
            places = [toponym.place for toponym in toponyms]
        else:
            by_span = {(toponym.start, toponym.end): toponym.place for toponym in toponyms}
            places = [by_span.get((gold["start"], gold["end"])) for gold in golds]
        for gold, place in zip(golds, places, strict=True):
            distance = m.distance_or_max(gold_point(gold), coordinates(place))
            distances.append(distance)
            if sheet is not None and distance > 161:
                sheet.wrong(
                    "resolve_acc_161km",
                    record["id"],
                    gold={
                        "text": gold["text"],
                        "start": gold["start"],
                        "lat": gold["lat"],
                        "lon": gold["lon"],
                    },
                    got=_described(place),
                    km=round(distance),
                )
    return distances


def _described(place: Any | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "feature": place.feature,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.latitude,
        "lon": place.longitude,
    }


def end_to_end_counts(
    records: Sequence[dict[str, Any]], found: Sequence[Sequence[Any]], *, sheet: MetricSheet | None = None
) -> tuple[int, int, int, list[float]]:
    """(matched spans, system spans, gold spans, distances of the matched pairs); a sheet, when
    given, keeps the gold names missed and the names found that are no gold toponym."""
    matched = n_system = n_gold = 0
    distances: list[float] = []
    for record, toponyms in zip(records, found, strict=True):
        gold = record["toponyms"]
        system_spans = [(toponym.start, toponym.end) for toponym in toponyms]
        pairs = m.match_spans([(g["start"], g["end"]) for g in gold], system_spans, strict=False)
        matched += len(pairs)
        n_system += len(toponyms)
        n_gold += len(gold)
        if sheet is not None:
            found_gold = {gold_index for gold_index, _ in pairs}
            found_system = {system_index for _, system_index in pairs}
            for index, missed in enumerate(gold):
                if index not in found_gold:
                    sheet.wrong(
                        "e2e_span_r", record["id"], gold=missed["text"], got=None, start=missed["start"]
                    )
            for index, extra in enumerate(toponyms):
                if index not in found_system:
                    sheet.wrong("e2e_span_p", record["id"], gold=None, got=extra.text, start=extra.start)
        for gold_index, system_index in pairs:
            place = toponyms[system_index].place
            distances.append(m.distance_or_max(gold_point(gold[gold_index]), coordinates(place)))
    return matched, n_system, n_gold, distances


def guarded(
    call: Callable[[dict[str, Any]], list[Any]], records: Sequence[dict[str, Any]]
) -> tuple[list[list[Any]], int, str]:
    """Call the system once per record; a failure scores as empty output instead of ending the run."""
    outputs: list[list[Any]] = []
    failures = 0
    first_error = ""
    for record in records:
        try:
            outputs.append(list(call(record)))
        except Exception as error:  # any system bug: counted and shown, not fatal to the report
            failures += 1
            first_error = first_error or f"{record['id']}: {type(error).__name__}: {error}"
            outputs.append([])
    return outputs, failures, first_error


def run_geo(gold_file: EvalFile, system: System) -> TaskResult:
    records = gold_file.records
    sheet = MetricSheet("geo", n=len(records))
    seconds = 0.0
    if system.span_resolver is None:
        sheet.miss(list(RESOLVE_KEYS), system.why_missing("span_resolver"))
    else:
        started = time.perf_counter()
        resolver = system.span_resolver
        resolved, failures, first_error = guarded(
            lambda record: resolver(record["text"], [(t["start"], t["end"]) for t in record["toponyms"]]),
            records,
        )
        seconds += time.perf_counter() - started
        sheet.failed(failures, first_error)
        distances = resolve_distances(records, resolved, sheet=sheet)
        sheet.set("resolve_acc_161km", m.share_within(distances, 161))
        sheet.set("resolve_acc_25km", m.share_within(distances, 25))
        sheet.set("resolve_median_km", m.median(distances))
    if system.toponym_finder is None:
        sheet.miss(list(E2E_KEYS), system.why_missing("toponym_finder"))
    else:
        docs, e2e_seconds = code_timed(system.toponym_finder, articles_for(records))
        seconds += e2e_seconds
        note_pipeline_errors(sheet, docs)
        matched, n_system, n_gold, distances = end_to_end_counts(
            records, [doc.toponyms for doc in docs], sheet=sheet
        )
        precision, recall, f1 = m.precision_recall_f1(matched, n_system, n_gold)
        sheet.set("e2e_span_p", precision)
        sheet.set("e2e_span_r", recall)
        sheet.set("e2e_span_f1", f1)
        sheet.set("e2e_acc_161km", m.share_within(distances, 161))
        sheet.notes.append(f"end-to-end: {matched} of {n_gold} gold spans matched by {n_system} system spans")
    if seconds:
        sheet.throughput(documents=len(records), seconds=seconds)
        sheet.notes.append("docs_per_s: wall time of both modes' system calls together")
    sheet.notes.append(f"a toponym left unresolved counts as {m.MAX_DISTANCE_KM:.0f} km away")
    return sheet.result(file=gold_file.path, problems=gold_file.problems)
