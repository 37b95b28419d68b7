"""Score the geo format in two modes.

- resolve: the gold spans are given to the geocoder; each gold toponym is scored by the distance
  from the place chosen for exactly that span to the gold point (no answer = half the earth).
- end-to-end: the pipeline finds toponyms itself; spans are matched one-to-one where they overlap
  (largest overlap first), then the coordinates of matched pairs are scored.
- oracle: how far the gazetteer's candidates allow resolve mode to go. A gold toponym is within
  reach when any place the gazetteer offers for its text (`Gazetteer.lookup`), or the place the
  resolver picked for its span, lies within 161 km of the gold point. Resolve mode's misses at
  161 km split into those with no candidate near the gold point (the gazetteer's data is the
  limit) and those where a near candidate was passed over (the resolver's choice is).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.events import articles_for, code_timed, coordinates, pipeline_error_notes
from eventwire.evaluate.results import MetricSheet, TaskRun, failure_notes
from eventwire.evaluate.systems import CandidateFinder, System
from eventwire.geo import distance_km

RESOLVE_KEYS = ("resolve_acc_161km", "resolve_acc_25km", "resolve_median_km")
E2E_KEYS = ("e2e_span_p", "e2e_span_r", "e2e_span_f1", "e2e_acc_161km")
ORACLE_KEYS = ("oracle_acc_161km", "miss_no_candidate", "miss_wrong_pick")
NEAR_KM = 161.0
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class GeoOutput:
    """What the system gave for one document; None for a mode the system cannot run."""

    resolved: list[Any] | None  # resolve mode: the Toponyms answered for the gold spans
    found: list[Any] | None  # end-to-end: the Toponyms the pipeline found itself
    candidates: list[list[Point]] | None  # per gold toponym: the points the gazetteer offers


def gold_point(toponym: dict[str, Any]) -> tuple[float, float]:
    return (float(toponym["lat"]), float(toponym["lon"]))


def picked_places(record: dict[str, Any], toponyms: Sequence[Any]) -> list[Any | None]:
    """The place the resolver chose for each gold span of a record, in gold order."""
    golds = record["toponyms"]
    if len(toponyms) == len(golds):
        # resolve_spans answers one Toponym per span in order, even if it trims a span's offsets.
        return [toponym.place for toponym in toponyms]
    by_span = {(toponym.start, toponym.end): toponym.place for toponym in toponyms}
    return [by_span.get((gold["start"], gold["end"])) for gold in golds]


def resolve_distances(
    records: Sequence[dict[str, Any]],
    resolved: Sequence[Sequence[Any]],
    *,
    sheet: MetricSheet | None = None,
    candidates: Sequence[list[list[Point]] | None] | None = None,
) -> list[float]:
    """One distance per gold toponym, from the place the system chose for that very span; a
    sheet, when given, keeps the toponyms placed more than 161 km off (with the kind of miss,
    when the gazetteer's candidates are given)."""
    distances = []
    for index, (record, toponyms) in enumerate(zip(records, resolved, strict=True)):
        near = candidates[index] if candidates is not None else None
        for position, (gold, place) in enumerate(
            zip(record["toponyms"], picked_places(record, toponyms), strict=True)
        ):
            distance = m.distance_or_max(gold_point(gold), coordinates(place))
            distances.append(distance)
            if sheet is not None and distance > NEAR_KM:
                miss = oracle_outcome(gold, near[position], pick_km=distance) if near is not None else None
                _keep_resolve_miss(sheet, record["id"], gold, place, distance, miss=miss)
    return distances


def _keep_resolve_miss(
    sheet: MetricSheet, record_id: Any, gold: dict[str, Any], place: Any, distance: float, *, miss: str | None
) -> None:
    detail = {"miss": miss} if miss else {}
    sheet.wrong(
        "resolve_acc_161km",
        record_id,
        gold={"text": gold.get("text"), "start": gold["start"], "lat": gold["lat"], "lon": gold["lon"]},
        got=_described(place),
        km=round(distance),
        **detail,
    )


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


def collect_geo(records: list[dict[str, Any]], system: System) -> TaskRun:
    """Run both modes over the whole file once and look up every gold name's candidates."""
    notes: list[str] = []
    seconds = 0.0
    resolved: list[list[Any]] | None = None
    if system.span_resolver is not None:
        started = time.perf_counter()
        resolver = system.span_resolver
        resolved, failures, first_error = guarded(
            lambda record: resolver(record["text"], [(t["start"], t["end"]) for t in record["toponyms"]]),
            records,
        )
        seconds += time.perf_counter() - started
        notes += failure_notes(failures, first_error)
    found: list[list[Any]] | None = None
    if system.toponym_finder is not None:
        docs, e2e_seconds = code_timed(system.toponym_finder, articles_for(records))
        seconds += e2e_seconds
        notes += pipeline_error_notes(docs)
        found = [list(doc.toponyms) for doc in docs]
    # Not timed: the candidates are the harness's yardstick, not part of the system's work.
    candidates = gold_candidates(records, system.candidate_finder) if system.candidate_finder else None
    outputs = [
        GeoOutput(
            resolved=resolved[index] if resolved is not None else None,
            found=found[index] if found is not None else None,
            candidates=candidates[index] if candidates is not None else None,
        )
        for index in range(len(records))
    ]
    if seconds:
        notes.append("docs_per_s: wall time of both modes' system calls together")
    notes.append(f"a toponym left unresolved counts as {m.MAX_DISTANCE_KM:.0f} km away")
    scorer = functools.partial(score_geo, system=system)
    return TaskRun("geo", records, outputs, scorer, seconds=seconds or None, notes=notes)


def gold_candidates(records: Sequence[dict[str, Any]], finder: CandidateFinder) -> list[list[list[Point]]]:
    """For each record, for each gold toponym: the points of every place its text can name."""
    seen: dict[str, list[Point]] = {}
    per_record = []
    for record in records:
        points = []
        for gold in record["toponyms"]:
            # `text` is optional in the gold format; the span itself says the same.
            text = gold.get("text") or record["text"][gold["start"] : gold["end"]]
            if text not in seen:
                seen[text] = [
                    (place.latitude, place.longitude)
                    for place in finder(text)
                    if place.latitude is not None and place.longitude is not None
                ]
            points.append(seen[text])
        per_record.append(points)
    return per_record


def score_geo(
    records: list[dict[str, Any]], outputs: list[GeoOutput], sheet: MetricSheet, *, system: System
) -> None:
    if system.span_resolver is None:
        sheet.miss(list(RESOLVE_KEYS), system.why_missing("span_resolver"))
    else:
        _score_resolve(records, outputs, sheet)
    if system.toponym_finder is None:
        sheet.miss(list(E2E_KEYS), system.why_missing("toponym_finder"))
    else:
        _score_end_to_end(records, [output.found or [] for output in outputs], sheet)
    if system.candidate_finder is None:
        sheet.miss(list(ORACLE_KEYS), system.why_missing("candidate_finder"))
    else:
        _score_oracle(records, outputs, sheet, picks=system.span_resolver is not None)


def _score_resolve(records: list[dict[str, Any]], outputs: list[GeoOutput], sheet: MetricSheet) -> None:
    distances = resolve_distances(
        records,
        [output.resolved or [] for output in outputs],
        sheet=sheet,
        candidates=[output.candidates for output in outputs],
    )
    sheet.set("resolve_acc_161km", m.share_within(distances, NEAR_KM))
    sheet.set("resolve_acc_25km", m.share_within(distances, 25))
    sheet.set("resolve_median_km", m.median(distances))


def _score_end_to_end(records: list[dict[str, Any]], found: list[list[Any]], sheet: MetricSheet) -> None:
    matched, n_system, n_gold, distances = end_to_end_counts(records, found, sheet=sheet)
    precision, recall, f1 = m.precision_recall_f1(matched, n_system, n_gold)
    sheet.set("e2e_span_p", precision)
    sheet.set("e2e_span_r", recall)
    sheet.set("e2e_span_f1", f1)
    sheet.set("e2e_acc_161km", m.share_within(distances, NEAR_KM))
    sheet.notes.append(f"end-to-end: {matched} of {n_gold} gold spans matched by {n_system} system spans")


def _score_oracle(
    records: list[dict[str, Any]], outputs: list[GeoOutput], sheet: MetricSheet, *, picks: bool
) -> None:
    """oracle_acc_161km from the candidates (and the pick, itself a candidate); the two kinds of
    miss need the pick, so without a resolver they are missing."""
    outcomes = [
        oracle_outcome(gold, candidates, pick_km=pick_km)
        for gold, candidates, pick_km in _toponym_rows(records, outputs, picks=picks)
    ]
    sheet.set("oracle_acc_161km", m.accuracy(outcome != "no_candidate" for outcome in outcomes))
    if not picks:
        sheet.miss(["miss_no_candidate", "miss_wrong_pick"], "they need the resolver's pick (span_resolver)")
        return
    sheet.set("miss_no_candidate", m.accuracy(outcome == "no_candidate" for outcome in outcomes))
    sheet.set("miss_wrong_pick", m.accuracy(outcome == "wrong_pick" for outcome in outcomes))


def _toponym_rows(
    records: list[dict[str, Any]], outputs: list[GeoOutput], *, picks: bool
) -> list[tuple[dict[str, Any], list[Point], float | None]]:
    """(gold toponym, its candidates, distance of the resolver's pick or None), in gold order."""
    rows: list[tuple[dict[str, Any], list[Point], float | None]] = []
    for record, output in zip(records, outputs, strict=True):
        golds = record["toponyms"]
        places = picked_places(record, output.resolved or []) if picks else [None] * len(golds)
        for gold, candidates, place in zip(golds, output.candidates or [], places, strict=True):
            pick_km = m.distance_or_max(gold_point(gold), coordinates(place)) if picks else None
            rows.append((gold, candidates, pick_km))
    return rows


def oracle_outcome(gold: dict[str, Any], candidates: Sequence[Point], *, pick_km: float | None) -> str:
    """ "hit" (the pick is within 161 km), "wrong_pick" (it is not, but a candidate is) or
    "no_candidate" (neither). Without a pick (None): "wrong_pick" stands for "within reach"."""
    if pick_km is not None and pick_km <= NEAR_KM:
        return "hit"
    point = gold_point(gold)
    if any(distance_km(point[0], point[1], lat, lon) <= NEAR_KM for lat, lon in candidates):
        return "wrong_pick"
    return "no_candidate"
