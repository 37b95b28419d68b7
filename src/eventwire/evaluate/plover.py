"""Score the plover format: the first-ranked PLOVER event of each sentence and its actor codes.

- The system's PLOVER event is its current mention with a `plover_type` and the lowest rank.
- Older gold names are mapped onto current ones (TAXONOMY.md 2.5): DEMAND -> REQUEST,
  DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT. CRIME is no event type any more (the
  act itself is coded instead), so CRIME records are left out of event_acc; their actors count.
- Actor codes, set semantics: the gold `source` (`target`) is the set of codes that are right for
  actor1 (actor2). The side is right when the system's actor code is in that set, or, when the
  gold set is empty, when the system gives no actor (or no code) on that side. One exception: for
  a two-sided event PLOVER puts every party in `source` and leaves `target` empty ("all parties in
  actor"); a system with one actor per side can only give the second party as actor2, so with an
  empty gold target an actor2 whose code is in the gold source set is right too. A sentence where
  the system found no PLOVER event has no actors.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.events import current_mentions, run_coder
from eventwire.evaluate.results import MetricSheet, TaskRun
from eventwire.evaluate.systems import System

OLD_PLOVER_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
NO_CURRENT_TYPE = frozenset({"CRIME"})
# Country codes seen in older event data that are not ISO 3166 alpha-3: withdrawn ISO codes and
# misspellings found in the 2016 PLOVER gold records (JAP, ITL, VTN).
OLD_COUNTRY_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def current_plover_name(name: str) -> str:
    upper = name.strip().upper()
    return OLD_PLOVER_NAMES.get(upper, upper)


def normalise_code(code: str) -> str:
    upper = code.strip().upper()
    return OLD_COUNTRY_CODES.get(upper, upper)


def first_plover_event(doc: Any) -> Any | None:
    return next((mention for mention in current_mentions(doc) if mention.plover_type), None)


def actor_code_right(gold_codes: list[str], actor: Any | None, *, parties: Sequence[str] = ()) -> bool:
    """Is the system's actor code right for a side whose gold codes are given?

    `parties`: for the target side, the gold source codes, which an actor2 may name when the gold
    target is empty (a two-sided event with every party as source).
    """
    wanted = {normalise_code(code) for code in gold_codes}
    given = normalise_code(actor.code) if actor is not None and actor.code else ""
    if wanted:
        return given in wanted
    return given == "" or given in {normalise_code(code) for code in parties}


def collect_plover(records: list[dict[str, Any]], system: System) -> TaskRun:
    """Code every sentence once; the Docs are scored by `score_plover` on any subset."""
    notes = [
        "old PLOVER names mapped: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT; "
        "CRIME left out of event_acc; actor code right when in the gold set (empty set: no actor; "
        "empty target: actor2 may be another party from the source set)"
    ]
    return run_coder("plover", records, system, functools.partial(score_plover, system=system), notes)


def score_plover(
    records: list[dict[str, Any]], docs: list[Any], sheet: MetricSheet, *, system: System
) -> None:
    if system.coder is None or "mentions" not in system.provides:
        reason = (
            system.why_missing("coder") if system.coder is None else "no pipeline stage provides mentions"
        )
        sheet.miss(["event_acc", "source_acc", "target_acc"], reason)
        return
    events: list[bool] = []
    sources: list[bool] = []
    targets: list[bool] = []
    crime = 0
    for record, doc in zip(records, docs, strict=True):
        gold = record["plover"]
        predicted = first_plover_event(doc)
        gold_types = [current_plover_name(name) for name in m.as_options(gold["event"])]
        if set(gold_types) <= NO_CURRENT_TYPE:
            crime += 1
        else:
            name = current_plover_name(predicted.plover_type) if predicted is not None else None
            events.append(m.label_matches(gold_types, name))
            if not events[-1]:
                sheet.wrong("event_acc", record["id"], gold=gold["event"], got=name)
        actor1 = predicted.actor1 if predicted else None
        actor2 = predicted.actor2 if predicted else None
        sources.append(actor_code_right(gold.get("source", []), actor1))
        targets.append(actor_code_right(gold.get("target", []), actor2, parties=gold.get("source", [])))
        for metric, right, wanted, actor in (
            ("source_acc", sources[-1], gold.get("source", []), actor1),
            ("target_acc", targets[-1], gold.get("target", []), actor2),
        ):
            if not right:
                sheet.wrong(metric, record["id"], gold=wanted, got=_actor(actor))
    sheet.set("event_acc", m.accuracy(events))
    sheet.set("source_acc", m.accuracy(sources))
    sheet.set("target_acc", m.accuracy(targets))
    if crime:
        sheet.notes.append(f"{crime} CRIME records not in event_acc")


def _actor(actor: Any | None) -> dict[str, str] | None:
    return {"name": actor.name, "code": actor.code} if actor is not None else None
