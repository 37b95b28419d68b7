"""PLOVER export: one PLOVER/POLECAT event record per line (JSON Lines).

Layout (PLOVER manual's JSON record, docs/TAXONOMY.md 2.6), filled as far as eventwire knows:

- `id`: the event id (`ev-...`), or the mention id for a verbal event (see below).
- `date`: YYYY-MM-DD (null when unknown); `event`: [PLOVER type]; `quad_code`: 1-4 (2.1);
  `mode`: [mode] or []; `context`: [] (eventwire codes no contexts yet).
- `actor`, `recipient`: lists of entities `{code, sector, entity_text, country, acled_label,
  inter}`; `code` is the PLOVER country code (ISO alpha-3, or IGO, NGO, ...), `entity_text` the
  words of the article, the last three eventwire's. Actor 1 and its associates are `actor`,
  actor 2 and its associates `recipient`; an ACLED "Armed clash" is two-sided, so PLOVER puts
  every party in `actor` and leaves `recipient` empty (2.1, ASSAULT).
- `event_loc`: `{extracted_place, resolved_place, geonameid, lat, lon, city, district,
  province, country, country_code, feature_class, resolution}` or null; `country_code` is
  ISO alpha-2, `resolution` 1 country, 2 province, 3 district, 4 city (PLOVER's scale).
- `event_text`: the sentence the event was coded from; `text_info`: `{article_id, start, end}`
  of that sentence in its article.
- `size`: `{dead, injured, arrested}` (the key is not named by PLOVER; 2.6).
- `acled`: ACLED's `event_id_cnty`, `event_type`, `sub_event_type`, `disorder_type`,
  `interaction`, and `n_articles`, `n_sources`: the same event as the CSV row.
- `coder`: "eventwire", `coded_date`: when the store last changed the record.

Material events come from the store's events; their mode and sentence from the mention that
gave the event its PLOVER type (else ACLED's sub-event mapping in coding/plover.py). Verbal
events (THREATEN, REQUEST, ACCUSE ...) have no ACLED type, so they never become events; they
are exported from their current mentions, one record each, with an empty `acled.event_type`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from eventwire.coding.plover import FROM_ACLED
from eventwire.export import interaction_code
from eventwire.records import Actor, Event, Mention, Place, Span
from eventwire.safe_text import json_line

if TYPE_CHECKING:
    from eventwire.store import EventQuery, EventStore

MentionsOf = Callable[[str], Sequence[Mention]]

QUAD_CODES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    # SANCTION: the manual's own section says material conflict (TAXONOMY.md 2.1 keeps 4).
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
# Older PLOVER names a language pack might still give, written under their current name (2.5).
CURRENT_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# eventwire's gazetteer features on PLOVER's resolution scale.
RESOLUTION = {"country": 1, "admin1": 2, "region": 2, "admin2": 3, "city": 4}
TWO_SIDED_SUB_EVENTS = frozenset({"Armed clash"})


def to_plover(
    events: Iterable[Event], *, mentions_of: MentionsOf | None = None, verbal: Iterable[Mention] = ()
) -> str:
    """PLOVER JSON lines: the events with a PLOVER type, then the verbal (PLOVER-only) mentions.

    `mentions_of(event_id)` gives an event's mentions, for the mode and the source sentence;
    without it they come from ACLED's sub-event type and the event's recorded evidence.
    """
    lines = [
        json_line(event_record(event, mentions_of(event.id) if mentions_of else ()))
        for event in events
        if event.plover_type
    ]
    lines += [json_line(mention_record(mention)) for mention in verbal if is_verbal(mention)]
    return "".join(lines)


def is_verbal(mention: Mention) -> bool:
    """A current mention with a PLOVER type but no ACLED one: an event only PLOVER records."""
    return mention.status == "current" and bool(mention.plover_type) and not mention.event_type


def event_record(event: Event, mentions: Sequence[Mention]) -> dict[str, object]:
    """One merged event as a PLOVER record (see the module's docstring)."""
    leading = _leading_mention(event, mentions)
    mode = leading.plover_mode if leading else _acled_mode(event)
    evidence = _first_evidence(leading) if leading else _recorded_evidence(event)
    record = _core(event.id, event.plover_type, mode, event.event_date, event.place, evidence)
    record.update(
        _sides(event.actor1, event.actor2, event.assoc_actors1, event.assoc_actors2, event.sub_event_type)
    )
    record["size"] = {"dead": event.fatalities, "injured": event.injured, "arrested": event.arrested}
    record["acled"] = _acled_part(event.id, event, event.n_articles, event.n_sources)
    record.update(coder="eventwire", coded_date=event.updated_at)
    return record


def mention_record(mention: Mention) -> dict[str, object]:
    """One mention (a verbal event, reported once) as a PLOVER record."""
    record = _core(
        mention.id,
        mention.plover_type,
        mention.plover_mode,
        mention.event_date,
        mention.place,
        _first_evidence(mention),
    )
    record.update(
        _sides(
            mention.actor1,
            mention.actor2,
            mention.assoc_actors1,
            mention.assoc_actors2,
            mention.sub_event_type,
        )
    )
    record["size"] = {"dead": mention.killed, "injured": mention.injured, "arrested": mention.arrested}
    record["acled"] = _acled_part("", mention, 1, 1)
    record.update(coder="eventwire", coded_date=None)
    return record


def _core(
    record_id: str, plover_type: str, mode: str, date: str | None, place: Place | None, evidence: Span | None
) -> dict[str, object]:
    name = CURRENT_NAMES.get(plover_type, plover_type)
    return {
        "id": record_id,
        "date": date,
        "event": [name],
        "quad_code": QUAD_CODES.get(name),
        "mode": [mode] if mode else [],
        "context": [],
        "event_loc": event_location(place),
        "event_text": evidence.text if evidence else "",
        "text_info": (
            {"article_id": evidence.article_id, "start": evidence.start, "end": evidence.end}
            if evidence
            else None
        ),
    }


def _sides(
    actor1: Actor | None, actor2: Actor | None, assoc1: list[Actor], assoc2: list[Actor], sub_event_type: str
) -> dict[str, list[dict[str, object]]]:
    """`actor` and `recipient`; a two-sided clash has every party as `actor` (PLOVER's rule)."""
    first = [entity(actor) for actor in (actor1, *assoc1) if actor is not None]
    second = [entity(actor) for actor in (actor2, *assoc2) if actor is not None]
    if sub_event_type in TWO_SIDED_SUB_EVENTS:
        return {"actor": first + second, "recipient": []}
    return {"actor": first, "recipient": second}


def entity(actor: Actor) -> dict[str, object]:
    """An actor as a PLOVER entity, with ACLED's label and interaction code beside it."""
    return {
        "code": actor.code,
        "sector": actor.sector,
        "entity_text": actor.name,
        "country": actor.country,
        "acled_label": actor.label,
        "inter": actor.inter,
    }


def event_location(place: Place | None) -> dict[str, object] | None:
    """A place as PLOVER's `event_loc`; null when the event has none."""
    if place is None:
        return None
    geonameid = (
        place.gazetteer_id.removeprefix("geonames:") if place.gazetteer_id.startswith("geonames:") else ""
    )
    return {
        "extracted_place": place.span.text if place.span else place.name,
        "resolved_place": place.name,
        "geonameid": geonameid,
        "lat": place.latitude,
        "lon": place.longitude,
        "city": place.name if place.feature == "city" else "",
        "district": place.admin2,
        "province": place.admin1,
        "country": place.country,
        "country_code": place.iso,
        "feature_class": place.feature,
        "resolution": RESOLUTION.get(place.feature),
    }


def _acled_part(event_id: str, record: Event | Mention, n_articles: int, n_sources: int) -> dict[str, object]:
    inter1 = record.actor1.inter if record.actor1 else 0
    inter2 = record.actor2.inter if record.actor2 else 0
    return {
        "event_id_cnty": event_id,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "disorder_type": record.disorder_type,
        "interaction": interaction_code(inter1, inter2) if record.event_type else None,
        "n_articles": n_articles,
        "n_sources": n_sources,
    }


def _leading_mention(event: Event, mentions: Sequence[Mention]) -> Mention | None:
    """The first mention (in the event's order) that gave the event its PLOVER type."""
    order = {mention_id: index for index, mention_id in enumerate(event.mention_ids)}
    matching = [mention for mention in mentions if mention.plover_type == event.plover_type]
    return min(matching, key=lambda mention: order.get(mention.id, len(order)), default=None)


def _acled_mode(event: Event) -> str:
    plover_type, mode = FROM_ACLED.get(event.sub_event_type, ("", ""))
    return mode if plover_type == event.plover_type else ""


def _first_evidence(mention: Mention) -> Span | None:
    return mention.evidence[0] if mention.evidence else None


def _recorded_evidence(event: Event) -> Span | None:
    """The first sentence the event's recorded values point to (counts, place)."""
    return next(
        (value.evidence for values in event.values.values() for value in values if value.evidence), None
    )


def verbal_mentions(store: EventStore, query: EventQuery) -> list[Mention]:
    """The store's verbal events (see `is_verbal`), filtered by the query's country and dates;
    `--type` matches their PLOVER type (e.g. THREATEN), since they have no ACLED one, and
    `--limit` caps them apart from the events. Any store engine: the store selects them."""
    return [mention for mention in store.mentions_without_event(query) if is_verbal(mention)]
