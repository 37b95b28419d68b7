"""One event per ACLED unit within an article: a type, a place and a day.

ACLED's unit of analysis is an event of one sub-event type, at one location, on one day, between
the same actors. News tells such an event several times: the lead, then "the clashes broke out
at dawn", "the attackers fled", "the protest passed off peacefully". Each of those sentences is
coded on its own, and without this stage each would count as another event. Here the later
tellings fold into the first: the article keeps one mention per unit, with the finest place any
telling gave, the figures and actors the first one lacked, and every telling's evidence.

Two mentions are one unit when both are current, have the same sub-event type and event date,
name no actor the other lacks (unless the other names fewer), and their places are the same or one holds the
other ("Sudan" or "North Darfur" holds "El Fasher"); a mention without a place fits any place.
"""

from __future__ import annotations

from typing import ClassVar

from eventwire.pipeline import Doc
from eventwire.records import Mention, Place

_FIGURES = ("killed", "injured", "arrested", "crowd_size")
# Features that hold smaller places, with the Place field a held place must share.
_HOLDER_FIELD = {"country": "country", "admin1": "admin1", "admin2": "admin2", "region": "country"}


class EventUnitStage:
    """Fold the mentions of an article that tell the same ACLED event (type, place, day)."""

    name: ClassVar[str] = "event_units"
    requires: ClassVar[tuple[str, ...]] = ("event_dates", "event_places")
    provides: ClassVar[tuple[str, ...]] = ("event_units",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = fold_units(doc.mentions)
        return docs


def fold_units(mentions: list[Mention]) -> list[Mention]:
    """The mentions with every later telling of a unit folded into its first (best-ranked) one."""
    kept: list[Mention] = []
    # Only mentions of one sub-type and day can be one unit: compared within those, a long
    # article's thousands of mentions cost no more than its few stories.
    by_type_and_day: dict[tuple[str, str | None], list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.rank):
        same = by_type_and_day.setdefault((mention.sub_event_type, mention.event_date), [])
        first = next((k for k in same if same_unit(k, mention)), None)
        if first is None:
            kept.append(mention)
            same.append(mention)
        else:
            _fold(first, mention)
    return kept


def same_unit(one: Mention, other: Mention) -> bool:
    """Both tell one ACLED event: current, same sub-type and day, agreeing actors and places."""
    return (
        one.status == other.status == "current"
        and bool(one.sub_event_type)
        and one.sub_event_type == other.sub_event_type
        and one.event_date is not None
        and one.event_date == other.event_date
        and _actors_fit(one, other)
        and _places_fit(one.place, other.place)
    )


def _actors_fit(one: Mention, other: Mention) -> bool:
    """The actors one telling names are all among the other's: "the rebels withdrew" retells a
    clash between the army and the rebels; a clash between two other groups is another event."""
    first, second = _labels(one), _labels(other)
    return first <= second or second <= first


def _labels(mention: Mention) -> set[str]:
    return {actor.label for actor in (mention.actor1, mention.actor2) if actor is not None}


def _places_fit(one: Place | None, other: Place | None) -> bool:
    if one is None or other is None:
        return True
    return _same_place(one, other) or _holds(one, other) or _holds(other, one)


def _same_place(one: Place, other: Place) -> bool:
    if one.gazetteer_id and one.gazetteer_id == other.gazetteer_id:
        return True
    return (one.name, one.country, one.admin1) == (other.name, other.country, other.admin1)


def _holds(outer: Place, inner: Place) -> bool:
    """`outer` is a country, region or admin unit that `inner` lies in."""
    field = _HOLDER_FIELD.get(outer.feature)
    if field is None or outer.country != inner.country or not outer.country:
        return False
    return field == "country" or (
        getattr(outer, field) != "" and getattr(outer, field) == getattr(inner, field)
    )


def _fold(first: Mention, later: Mention) -> None:
    """Give the first telling what the later one adds: a finer place, missing figures and actors,
    and its evidence."""
    if later.place is not None and (first.place is None or _holds(first.place, later.place)):
        _take(first, later, "place")
    for field in _FIGURES:
        if getattr(first, field) is None and getattr(later, field) is not None:
            _take(first, later, field)
    for field in ("actor1", "actor2"):
        if getattr(first, field) is None and getattr(later, field) is not None:
            _take(first, later, field)
    first.evidence.extend(span for span in later.evidence if span not in first.evidence)
    first.confidence = max(first.confidence, later.confidence)


def _take(first: Mention, later: Mention, field: str) -> None:
    """Copy one field from the later telling, with the span and rule it was read by."""
    setattr(first, field, getattr(later, field))
    for provenance in (first.field_spans, first.field_rules):
        provenance.pop(field, None)
    if field in later.field_spans:
        first.field_spans[field] = later.field_spans[field]
    if field in later.field_rules:
        first.field_rules[field] = later.field_rules[field]
