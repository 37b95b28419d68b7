"""Score the events format: primary documents, `scope: all` documents, totals and must_not rules.

How a system event is read from a coded Doc:
- only mentions with `status == "current"` are events; an ACLED event also needs an `event_type`
  (mentions with only a PLOVER type are verbal events, not ACLED ones);
- the first-ranked event is the current ACLED-typed mention with the lowest `rank`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.results import MetricSheet, TaskRun
from eventwire.evaluate.systems import AliasFinder, System
from eventwire.records import Article, make_article

PLACE_KEYS = ("country_acc", "admin1_acc", "loc_acc_25km", "loc_acc_161km", "loc_median_km")
MATCH_KM = 50.0  # a `scope: all` gold event with coordinates is found within this distance


def articles_for(records: Sequence[dict[str, Any]]) -> list[Article]:
    """Articles as a user would give them: text, title and publication date, nothing from gold."""
    return [
        make_article(record["text"], title=record.get("title") or "", published=record.get("published"))
        for record in records
    ]


@dataclass(frozen=True, slots=True)
class CodedView:
    """What scoring needs from a coded Doc; the rest (text, sentences, entities) is let go at once,
    so a file of any size is scored without holding every Doc in memory."""

    mentions: list[Any]
    toponyms: list[Any]
    error: str | None = None


def _view(doc: Any) -> CodedView:
    error = getattr(doc, "error", None)
    if error:
        # A document that failed in a stage yields nothing, whatever earlier stages left on it.
        return CodedView(mentions=[], toponyms=[], error=error)
    return CodedView(mentions=list(doc.mentions or []), toponyms=list(getattr(doc, "toponyms", None) or []))


def code_timed(coder: Any, articles: list[Article], *, keep_docs: bool = False) -> tuple[list[Any], float]:
    """Run the coder over all articles (it batches and streams them) and time it.

    keep_docs: keep whole Docs (clustering needs them); otherwise keep a CodedView of each.
    """
    started = time.perf_counter()
    docs = [doc if keep_docs else _view(doc) for doc in coder(articles)]
    seconds = time.perf_counter() - started
    if len(docs) != len(articles):
        raise RuntimeError(f"the system returned {len(docs)} documents for {len(articles)} articles")
    return docs, seconds


def pipeline_error_notes(docs: Sequence[Any]) -> list[str]:
    failed = [doc.error for doc in docs if getattr(doc, "error", None)]
    if not failed:
        return []
    return [f"{len(failed)} documents failed in the pipeline and count as empty output (first: {failed[0]})"]


def current_mentions(doc: Any) -> list[Any]:
    mentions = [mention for mention in (doc.mentions or []) if mention.status == "current"]
    return sorted(mentions, key=lambda mention: mention.rank)


def acled_events(doc: Any) -> list[Any]:
    """The document's events in the ACLED sense: current mentions with an ACLED type, by rank."""
    return [mention for mention in current_mentions(doc) if mention.event_type]


def first_event(doc: Any) -> Any | None:
    events = acled_events(doc)
    return events[0] if events else None


def coordinates(place: Any) -> tuple[float | None, float | None] | None:
    if place is None:
        return None
    return (place.latitude, place.longitude)


@functools.lru_cache(maxsize=4096)
def country_aliases(name: str, iso: str = "") -> tuple[str, ...]:
    """Other names of a country (ISO codes, official and common names), to compare names fairly."""
    import pycountry  # only needed when scoring countries

    from eventwire.acled_names import country_name

    aliases: set[str] = {name, iso} - {""}
    if len(iso) == 2:
        aliases.add(country_name(iso))  # ACLED's own spelling ("Democratic Republic of Congo")
    for key in (iso, name):
        if not key:
            continue
        try:
            country = pycountry.countries.lookup(key)
        except LookupError:
            continue
        for attribute in ("name", "official_name", "common_name", "alpha_2", "alpha_3"):
            value = getattr(country, attribute, None)
            if value:
                aliases.add(value)
    return tuple(sorted(aliases))


def country_matches(gold: Any, place: Any) -> bool:
    if place is None or not (place.country or place.iso):
        return False
    return m.place_name_matches(
        gold, place.country or place.iso, aliases=country_aliases(place.country, place.iso)
    )


def admin1_matches(gold: Any, place: Any, *, aliases: AliasFinder | None = None) -> bool:
    """Same first-level unit, also when the gazetteer knows the gold name under another spelling."""
    if place is None or not place.admin1:
        return False
    options = m.as_options(gold)
    if aliases is not None:
        options = options + [alias for option in options for alias in aliases(str(option))]
    return m.place_name_matches(options, place.admin1)


def count_matches(gold: Any, predicted: int | None) -> bool:
    # ACLED records "no reported deaths" as 0, so a count the system did not give is 0.
    return (predicted or 0) in m.as_options(gold)


# --- one gold event against one system event -------------------------------------------------------


def field_checks(
    gold: dict[str, Any], mention: Any | None, *, aliases: AliasFinder | None = None
) -> dict[str, bool]:
    """For each location-, type- and date-field the gold event gives: does the system event match?

    Actors, counts and PLOVER types are not part of "found" (they are scored on their own).
    """
    checks: dict[str, bool] = {}
    place = mention.place if mention is not None else None
    if "event_type" in gold:
        checks["event_type"] = mention is not None and m.label_matches(gold["event_type"], mention.event_type)
    if "sub_event_type" in gold:
        checks["sub_event_type"] = mention is not None and m.label_matches(
            gold["sub_event_type"], mention.sub_event_type
        )
    if "event_date" in gold:
        checks["event_date"] = mention is not None and m.date_matches(gold["event_date"], mention.event_date)
    if "country" in gold:
        checks["country"] = country_matches(gold["country"], place)
    if "admin1" in gold:
        checks["admin1"] = admin1_matches(gold["admin1"], place, aliases=aliases)
    if "latitude" in gold and "longitude" in gold:
        distance = m.distance_or_max((gold["latitude"], gold["longitude"]), coordinates(place))
        checks["location"] = distance <= MATCH_KM
    return checks


def event_found(gold: dict[str, Any], mention: Any, *, aliases: AliasFinder | None = None) -> bool:
    return all(field_checks(gold, mention, aliases=aliases).values())


# Which pipeline capability each gold field needs; a field whose capability is absent cannot be
# scored, so the metrics that use it are reported as missing.
_FIELD_NEEDS = {
    "event_date": "event_dates",
    "country": "event_places",
    "admin1": "event_places",
    "latitude": "event_places",
    "location": "event_places",
}


def collect_events(records: list[dict[str, Any]], system: System) -> TaskRun:
    """Code every article once; the Docs are scored by `score_events` on any subset."""
    notes = [
        "system events: current mentions with an ACLED event_type; first-ranked = lowest rank; "
        f"`scope: all` matches type, date window, country/admin1 and {MATCH_KM:g} km; "
        "totals sum killed/arrested over distinct events (same sub-type, date, place, counts counted once)"
    ]
    return run_coder("events", records, system, functools.partial(score_events, system=system), notes)


def run_coder(
    task: str, records: list[dict[str, Any]], system: System, scorer: Any, notes: list[str]
) -> TaskRun:
    """Code every record's article once with the system's coder (none when it has no coder)."""
    if system.coder is None or "mentions" not in system.provides:
        return TaskRun(task, records, [None] * len(records), scorer, notes=notes)
    docs, seconds = code_timed(system.coder, articles_for(records))
    notes += pipeline_error_notes(docs)
    return TaskRun(task, records, docs, scorer, seconds=seconds, notes=notes)


def score_events(
    records: list[dict[str, Any]], docs: list[Any], sheet: MetricSheet, *, system: System
) -> None:
    if system.coder is None or "mentions" not in system.provides:
        reason = (
            system.why_missing("coder") if system.coder is None else "no pipeline stage provides mentions"
        )
        sheet.miss([key for key in sheet.values if key not in ("n", "docs_per_s")], reason)
        return
    _score_primary(records, docs, sheet, aliases=system.admin1_aliases)
    _score_totals(records, docs, sheet)
    _score_scope_all(records, docs, sheet, aliases=system.admin1_aliases)
    _mark_missing_capabilities(records, system, sheet)


def _score_primary(
    records: Sequence[dict[str, Any]], docs: Sequence[Any], sheet: MetricSheet, *, aliases: AliasFinder | None
) -> None:
    outcomes: dict[str, list[bool]] = {key: [] for key in sheet.values}
    distances: list[float] = []
    gold_subtypes: list[str] = []
    predicted_subtypes: list[str | None] = []
    rejected: list[bool] = []
    for record, doc in zip(records, docs, strict=True):
        if record.get("scope", "primary") != "primary":
            continue
        events = record.get("events") or []
        if not events:
            if record.get("out_of_scope"):
                accepted = first_event(doc)
                rejected.append(accepted is None)
                if accepted is not None:
                    sheet.wrong(
                        "out_of_scope_rejection",
                        record["id"],
                        gold=record["out_of_scope"],
                        got=accepted.sub_event_type,
                        evidence=accepted.evidence[0].text if accepted.evidence else "",
                    )
            continue
        gold = events[0]
        predicted = first_event(doc)
        place = predicted.place if predicted is not None else None
        checks = field_checks(gold, predicted, aliases=aliases)
        for field_name, key in (
            ("event_type", "event_type_acc"),
            ("sub_event_type", "sub_event_type_acc"),
            ("event_date", "event_date_acc"),
            ("country", "country_acc"),
            ("admin1", "admin1_acc"),
        ):
            if field_name in checks:
                outcomes[key].append(checks[field_name])
                if not checks[field_name]:
                    sheet.wrong(
                        key,
                        record["id"],
                        gold=gold[field_name],
                        got=_field_value(predicted, field_name),
                        evidence=predicted.evidence[0].text
                        if predicted is not None and predicted.evidence
                        else "",
                    )
        if "sub_event_type" in gold:
            predicted_label = predicted.sub_event_type if predicted is not None else None
            options = m.as_options(gold["sub_event_type"])
            gold_subtypes.append(str(predicted_label if predicted_label in options else options[0]))
            predicted_subtypes.append(predicted_label or None)
        if "latitude" in gold and "longitude" in gold:
            distances.append(m.distance_or_max((gold["latitude"], gold["longitude"]), coordinates(place)))
        evidence = predicted.evidence[0].text if predicted is not None and predicted.evidence else ""
        if "fatalities" in gold:
            killed = predicted.killed if predicted is not None else None
            right = count_matches(gold["fatalities"], killed)
            outcomes["fatalities_acc"].append(right)
            if max(m.as_options(gold["fatalities"])) > 0:
                outcomes["fatalities_acc_nonzero"].append(right)
            if not right:
                sheet.wrong(
                    "fatalities_acc", record["id"], gold=gold["fatalities"], got=killed, evidence=evidence
                )
        if "inter1" in gold:
            actor = predicted.actor1 if predicted is not None else None
            right = actor is not None and actor.inter in m.as_options(gold["inter1"])
            outcomes["inter1_acc"].append(right)
            if not right:
                got = f"{actor.inter} {actor.label}" if actor is not None else None
                sheet.wrong("inter1_acc", record["id"], gold=gold["inter1"], got=got, evidence=evidence)
    for key in (
        "event_type_acc",
        "sub_event_type_acc",
        "event_date_acc",
        "country_acc",
        "admin1_acc",
        "fatalities_acc",
        "fatalities_acc_nonzero",
        "inter1_acc",
    ):
        sheet.set(key, m.accuracy(outcomes[key]))
    sheet.set("sub_event_type_weighted_f1", m.weighted_f1(gold_subtypes, predicted_subtypes))
    sheet.set("out_of_scope_rejection", m.accuracy(rejected))
    sheet.set("loc_acc_25km", m.share_within(distances, 25))
    sheet.set("loc_acc_161km", m.share_within(distances, 161))
    sheet.set("loc_median_km", m.median(distances))
    if distances:
        sheet.notes.append(f"a missing coordinate counts as {m.MAX_DISTANCE_KM:.0f} km (half the earth)")


def _field_value(mention: Any | None, field_name: str) -> Any:
    """What the system said for one gold field, for the errors file."""
    if mention is None:
        return None
    if field_name in ("country", "admin1"):
        return getattr(mention.place, field_name, None) if mention.place is not None else None
    return getattr(mention, field_name, None)


def distinct_events(doc: Any) -> list[Any]:
    """The document's ACLED events, a repeated report of the same event counted once."""
    seen: set[tuple[Any, ...]] = set()
    distinct = []
    for mention in acled_events(doc):
        place = mention.place
        key = (
            mention.sub_event_type or mention.event_type,
            mention.event_date,
            m.normalise_place_name(place.name) if place is not None else "",
            mention.killed,
            mention.arrested,
        )
        if key not in seen:
            seen.add(key)
            distinct.append(mention)
    return distinct


def _score_totals(records: Sequence[dict[str, Any]], docs: Sequence[Any], sheet: MetricSheet) -> None:
    killed_ok: list[bool] = []
    arrested_ok: list[bool] = []
    for record, doc in zip(records, docs, strict=True):
        totals = record.get("totals") or {}
        if not totals:
            continue
        events = distinct_events(doc)
        killed = sum(event.killed or 0 for event in events)
        arrested = sum(event.arrested or 0 for event in events)
        if "killed" in totals or "killed_min" in totals:
            exact = "killed" not in totals or killed == totals["killed"]
            bound = "killed_min" not in totals or killed >= totals["killed_min"]
            killed_ok.append(exact and bound)
            if not (exact and bound):
                sheet.wrong("killed_total_acc", record["id"], gold=totals, got=killed)
        if "arrested" in totals:
            arrested_ok.append(arrested == totals["arrested"])
            if arrested != totals["arrested"]:
                sheet.wrong("arrested_total_acc", record["id"], gold=totals["arrested"], got=arrested)
    sheet.set("killed_total_acc", m.accuracy(killed_ok))
    sheet.set("arrested_total_acc", m.accuracy(arrested_ok))


def _score_scope_all(
    records: Sequence[dict[str, Any]], docs: Sequence[Any], sheet: MetricSheet, *, aliases: AliasFinder | None
) -> None:
    gold_found: list[bool] = []
    system_matched: list[bool] = []
    violations = 0
    rules_scored = 0
    unknown_rules: set[str] = set()
    not_found: list[str] = []
    broken_rules: list[str] = []
    for record, doc in zip(records, docs, strict=True):
        if record.get("scope") != "all":
            continue
        gold_events = record.get("events") or []
        system_events = acled_events(doc)
        for index, gold in enumerate(gold_events):
            found = any(event_found(gold, event, aliases=aliases) for event in system_events)
            gold_found.append(found)
            if not found:
                not_found.append(
                    f"{record['id']} events[{index}]" + (f" ({gold['key']})" if "key" in gold else "")
                )
        for event in system_events:
            system_matched.append(any(event_found(gold, event, aliases=aliases) for gold in gold_events))
        for rule in record.get("must_not") or []:
            broken = rule_broken(rule, doc)
            if broken is None:
                unknown_rules.add(",".join(sorted(rule)))
                continue
            rules_scored += 1
            violations += int(broken)
            if broken:
                broken_rules.append(f"{record['id']}: {rule.get('rule') or ', '.join(sorted(rule))}")
    if gold_found:
        sheet.set("recall", m.accuracy(gold_found))
        # With no system event at all precision is undefined; say so instead of inventing 0 or 1.
        sheet.set("precision", m.accuracy(system_matched))
        if not system_matched:
            sheet.notes.append(
                "precision undefined: the system found no current ACLED event in scope-all documents"
            )
    if rules_scored:
        sheet.set("must_not_violations", violations)
        sheet.notes.append(f"must_not: {violations} of {rules_scored} rules broken")
        sheet.notes += [f"must_not broken: {name}" for name in broken_rules]
    if not_found:
        sheet.notes.append(f"gold events not found: {'; '.join(not_found)}")
    if unknown_rules:
        sheet.notes.append(
            f"must_not rules of unknown kind not scored (keys: {'; '.join(sorted(unknown_rules))})"
        )


# --- must_not rules -----------------------------------------------------------------------------


def rule_broken(rule: dict[str, Any], doc: Any) -> bool | None:
    """Whether the system's output breaks one must_not rule; None for a rule kind not known here.

    Kinds: `date_before` (no event dated before it), `place` with `latitude`/`longitude` and
    `max_km` (every toponym or event place of that name lies within max_km of the point),
    `country_not` (no event placed in any of these countries). "Event" means what it means
    everywhere in this task: a current mention with an ACLED type; a verbal PLOVER-only mention
    (a statement made in one capital about another country) may rightly sit elsewhere.
    """
    if "date_before" in rule:
        limit = str(rule["date_before"])
        return any(mention.event_date and mention.event_date[:10] < limit for mention in acled_events(doc))
    if "place" in rule and "latitude" in rule and "longitude" in rule:
        return _misplaced(rule, doc)
    if "country_not" in rule:
        return any(country_matches(rule["country_not"], mention.place) for mention in acled_events(doc))
    return None


def _misplaced(rule: dict[str, Any], doc: Any) -> bool:
    name = m.normalise_place_name(str(rule["place"]))
    max_km = float(rule.get("max_km", MATCH_KM))
    point = (float(rule["latitude"]), float(rule["longitude"]))
    places = [
        toponym.place for toponym in (doc.toponyms or []) if m.normalise_place_name(toponym.text) == name
    ]
    places += [
        mention.place
        for mention in acled_events(doc)
        if mention.place is not None and m.normalise_place_name(mention.place.name) == name
    ]
    # A name left unresolved is not a wrong place; a resolved one far away is.
    located = [place for place in places if place is not None and place.latitude is not None]
    return any(m.distance_or_max(point, coordinates(place)) > max_km for place in located)


def _mark_missing_capabilities(records: Sequence[dict[str, Any]], system: System, sheet: MetricSheet) -> None:
    """Metrics whose gold fields need a stage the pipeline lacks are missing, not 0."""
    absent = {need for need in set(_FIELD_NEEDS.values()) if need not in system.provides}
    if not absent:
        return
    if "event_dates" in absent:
        sheet.miss(["event_date_acc"], "no pipeline stage provides event_dates")
    if "event_places" in absent:
        sheet.miss(list(PLACE_KEYS), "no pipeline stage provides event_places")
    scope_all_fields = {
        field_name
        for record in records
        if record.get("scope") == "all"
        for event in record.get("events") or []
        for field_name in event
    }
    lacking = sorted({_FIELD_NEEDS[f] for f in scope_all_fields if f in _FIELD_NEEDS} & absent)
    if lacking:
        reason = f"scope-all matching needs {', '.join(lacking)}, which no pipeline stage provides"
        sheet.miss(["recall", "precision"], reason)
    rules = [rule for record in records for rule in record.get("must_not") or []]
    if any("date_before" in rule for rule in rules) and "event_dates" in absent:
        sheet.miss(["must_not_violations"], "date rules need event_dates, which no pipeline stage provides")
    place_rules = any("place" in rule or "country_not" in rule for rule in rules)
    if place_rules and "event_places" in absent and "toponyms" not in system.provides:
        sheet.miss(
            ["must_not_violations"], "place rules need toponyms or event_places, which no stage provides"
        )
