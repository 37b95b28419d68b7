"""From mentions to events: which mentions report the same real-world event, and what to show.

The default policy is ACLED's unit of analysis: one event per day, place, actor pair and
sub-event type. A mention's `event_key` names that unit, so merging is a lookup (no pairwise
comparison) and works incrementally: a new article's mentions join the event with their key or
start a new one, and the event id, a hash of the key, stays stable as reports arrive.

For each field the event keeps every source's value with its evidence; the chosen value follows
ACLED (the lowest reported figure for counts) and a field whose sources differ is flagged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from eventwire.records import Actor, Event, Mention, Place, SourcedValue

# Count fields of a mention and the event field each one feeds.
COUNT_FIELDS = {
    "killed": "fatalities",
    "injured": "injured",
    "arrested": "arrested",
    "crowd_size": "crowd_size",
}


def is_event_mention(mention: Mention) -> bool:
    """Only current mentions with an ACLED type become events (PLOVER-only ones stay mentions)."""
    return mention.status == "current" and bool(mention.event_type)


def place_key(place: Place | None) -> str:
    if place is None:
        return "?"
    if place.gazetteer_id:
        return place.gazetteer_id
    return f"{place.name.casefold()}|{place.iso or place.country.casefold()}"


def actor_pair_key(mention: Mention) -> str:
    labels = sorted(actor.label for actor in (mention.actor1, mention.actor2) if actor is not None)
    return "+".join(labels)


def event_key(mention: Mention) -> str:
    """ACLED's unit: day, place, actor pair (no direction) and sub-event type."""
    return "|".join(
        (
            mention.event_date or "?",
            place_key(mention.place),
            actor_pair_key(mention),
            mention.event_type,
            mention.sub_event_type,
        )
    )


def event_id_for(key: str) -> str:
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def build_event(event_id: str, mentions: Sequence[Mention]) -> Event:
    """One event from all the mentions that report it (order-independent)."""
    ordered = sorted(mentions, key=lambda m: (m.published or "", m.id))
    first = ordered[0]
    values = collect_values(ordered)
    event = Event(
        id=event_id,
        event_type=first.event_type,
        sub_event_type=first.sub_event_type,
        disorder_type=first.disorder_type,
        plover_type=first.plover_type,
        actor1=_most_specific_actor(m.actor1 for m in ordered),
        actor2=_most_specific_actor(m.actor2 for m in ordered),
        assoc_actors1=_union_actors(m.assoc_actors1 for m in ordered),
        assoc_actors2=_union_actors(m.assoc_actors2 for m in ordered),
        place=_most_precise_place(m.place for m in ordered),
        event_date=first.event_date,
        time_precision=min(m.time_precision for m in ordered),
        values=values,
        mention_ids=[m.id for m in ordered],
        n_articles=len({m.article_id for m in ordered}),
        n_sources=len({m.source or m.article_id for m in ordered}),
        first_reported=min((m.published for m in ordered if m.published), default=None),
        last_reported=max((m.published for m in ordered if m.published), default=None),
    )
    for mention_field, event_field in COUNT_FIELDS.items():
        reported = [v.value for v in values.get(mention_field, []) if isinstance(v.value, int)]
        # ACLED: conflicting reports -> the lowest figure; fatalities are 0 when none is reported.
        lowest = min(reported) if reported else None
        setattr(event, event_field, lowest if lowest is not None or event_field != "fatalities" else 0)
    event.disagreements = [name for name, per_source in values.items() if _disagree(per_source)]
    event.notes = describe_disagreements(event)
    return event


def collect_values(mentions: Iterable[Mention]) -> dict[str, list[SourcedValue]]:
    """Each source's value for each count and the place, with the span it came from."""
    values: dict[str, list[SourcedValue]] = {}
    for mention in mentions:
        reported: dict[str, str | int | float | None] = {
            name: getattr(mention, name) for name in COUNT_FIELDS
        }
        reported["location"] = mention.place.name if mention.place else None
        for name, value in reported.items():
            if value is None:
                continue
            evidence = mention.field_spans.get(name) or (mention.evidence[0] if mention.evidence else None)
            values.setdefault(name, []).append(
                SourcedValue(
                    value=value,
                    mention_id=mention.id,
                    article_id=mention.article_id,
                    source=mention.source,
                    evidence=evidence,
                )
            )
    return values


def describe_disagreements(event: Event) -> str:
    """Human-readable: "injured: 317 (source A) / 500 (source B)"."""
    parts = []
    for name in event.disagreements:
        shown = " / ".join(f"{v.value} ({v.source or v.article_id})" for v in event.values[name])
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)


def _disagree(per_source: list[SourcedValue]) -> bool:
    return len({v.value for v in per_source}) > 1


def _most_specific_actor(actors: Iterable[Actor | None]) -> Actor | None:
    present = [a for a in actors if a is not None]
    return max(present, key=lambda a: len(a.label), default=None)


def _union_actors(groups: Iterable[list[Actor]]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for group in groups:
        for actor in group:
            seen.setdefault(actor.label, actor)
    return list(seen.values())


def _most_precise_place(places: Iterable[Place | None]) -> Place | None:
    present = [p for p in places if p is not None]
    return min(present, key=lambda p: p.geo_precision, default=None)
