"""Merging keeps running aggregates: the same events as before, in time linear in mentions.

The reference below is the merging that eventwire shipped before the aggregates (issue #15),
kept verbatim: every new mention rebuilt its pending event from all its mentions, and every
batch read a touched stored event's mentions back. The store must give exactly its events.
Nothing here is timed: work is counted (aggregation calls, mentions read back, lines run).
"""

from __future__ import annotations

import random
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import msgspec
import pytest

from eventwire import cluster
from eventwire.cluster import (
    COUNT_FIELDS,
    EventAggregate,
    actor_labels,
    actors_compatible,
    block_key,
    dates_compatible,
    describe_disagreements,
    event_actor_labels,
    is_event_mention,
    new_event_id,
    places_compatible,
)
from eventwire.coding.lexicon import PRECEDENCE_INDEX
from eventwire.records import Actor, Article, Event, Mention, Place, SourcedValue, Span
from eventwire.store import SqliteStore
from eventwire.store import merging as merging_module
from eventwire.store import sqlite as store_module

# -- the reference: merging as it was, verbatim ------------------------------------------------


def reference_build_event(event_id: str, mentions: Sequence[Mention]) -> Event:
    ordered = sorted(mentions, key=lambda m: (m.published or "", m.id))
    first = min(ordered, key=lambda m: (m.time_precision, m.published or "", m.id))
    leading = min(ordered, key=lambda m: PRECEDENCE_INDEX.get(m.sub_event_type, len(PRECEDENCE_INDEX)))
    values = _reference_values(ordered)
    event = Event(
        id=event_id,
        event_type=leading.event_type,
        sub_event_type=leading.sub_event_type,
        disorder_type=leading.disorder_type,
        plover_type=leading.plover_type,
        actor1=(actor1 := _reference_actor(m.actor1 for m in ordered)),
        actor2=_reference_actor((m.actor2 for m in ordered), other_than=actor1),
        assoc_actors1=_reference_union(m.assoc_actors1 for m in ordered),
        assoc_actors2=_reference_union(m.assoc_actors2 for m in ordered),
        place=min(
            (m.place for m in ordered if m.place is not None), key=lambda p: p.geo_precision, default=None
        ),
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
        lowest = min(reported) if reported else None
        setattr(event, event_field, lowest if lowest is not None or event_field != "fatalities" else 0)
    event.disagreements = [
        name for name, per_source in values.items() if len({v.value for v in per_source}) > 1
    ]
    event.notes = describe_disagreements(event)
    return event


def _reference_values(mentions: Iterable[Mention]) -> dict[str, list[SourcedValue]]:
    values: dict[str, list[SourcedValue]] = {}
    seen: set[tuple[str, str, str | int | float]] = set()
    for mention in mentions:
        reported: dict[str, str | int | float | None] = {
            name: getattr(mention, name) for name in COUNT_FIELDS
        }
        place = mention.place
        reported["location"] = place.name if place and place.geo_precision < 3 else None
        for name, value in reported.items():
            if value is None or (mention.article_id, name, value) in seen:
                continue
            seen.add((mention.article_id, name, value))
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


def _reference_actor(actors: Iterable[Actor | None], *, other_than: Actor | None = None) -> Actor | None:
    excluded = other_than.label if other_than else None
    present = [actor for actor in actors if actor is not None and actor.label != excluded]
    if not present:
        return None
    counts = Counter(actor.label for actor in present)
    return max(present, key=lambda actor: counts[actor.label])


def _reference_union(groups: Iterable[list[Actor]]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for group in groups:
        for actor in group:
            seen.setdefault(actor.label, actor)
    return list(seen.values())


def reference_joins_event(event: Event, mention: Mention) -> bool:
    if not dates_compatible(
        event.event_date, event.time_precision, mention.event_date, mention.time_precision
    ):
        return False
    if not places_compatible(event.place, mention.place):
        return False
    same_article = any(mention_id.split(":", 1)[0] == mention.article_id for mention_id in event.mention_ids)
    mention_actors = actor_labels(
        (mention.actor1, mention.actor2, *mention.assoc_actors1, *mention.assoc_actors2)
    )
    return same_article or actors_compatible(event_actor_labels(event), mention_actors)


_REFERENCE_CANDIDATES_SQL = store_module._CANDIDATE_EVENTS_SQL.replace(
    "SELECT id FROM", "SELECT id, record FROM"
)
_EVENT = msgspec.json.Decoder(Event)
_MENTION = msgspec.json.Decoder(Mention)


def reference_add_batch(store: SqliteStore, coded: Sequence[tuple[Article, Sequence[Mention]]]) -> None:
    """The old add_batch's merging, over a store's own insert and write helpers."""
    now = "2025-01-01T00:00:00+00:00"
    cursor = store.connection.cursor()
    cursor.execute("BEGIN IMMEDIATE")
    stored_blocks: dict[str, str] = {}
    new_events: dict[str, list[tuple[str, list[Mention]]]] = {}
    known = store.known_article_ids(article.id for article, _ in coded)
    for article, mentions in coded:
        if article.id in known:
            continue
        known.add(article.id)
        store._insert_article(cursor, article, now)
        for mention in mentions:
            event_id = None
            if is_event_mention(mention):
                event_id = _reference_event_for(cursor, mention, stored_blocks, new_events)
            store._insert_mention(cursor, mention, event_id)
    for event_id, block in stored_blocks.items():
        rows = cursor.execute("SELECT record FROM mentions WHERE event_id = ?", (event_id,)).fetchall()
        event = reference_build_event(event_id, [_MENTION.decode(row[0]) for row in rows])
        store._write_event(cursor, event, block=block, now=now)
    for block, events in new_events.items():
        for event_id, event_mentions in events:
            store._write_event(cursor, reference_build_event(event_id, event_mentions), block=block, now=now)
    cursor.execute("COMMIT")


def _reference_event_for(
    cursor: sqlite3.Cursor,
    mention: Mention,
    stored_blocks: dict[str, str],
    new_events: dict[str, list[tuple[str, list[Mention]]]],
) -> str:
    block = block_key(mention)
    window = store_module._date_window(mention)
    rows = cursor.execute(
        _REFERENCE_CANDIDATES_SQL,
        (block, *window, mention.event_date, cluster.date_slack(mention.time_precision)),
    )
    for event_id, record in rows.fetchall():
        if reference_joins_event(_EVENT.decode(record), mention):
            stored_blocks[event_id] = block
            return str(event_id)
    pending = new_events.setdefault(block, [])
    for event_id, event_mentions in pending:
        if reference_joins_event(reference_build_event(event_id, event_mentions), mention):
            event_mentions.append(mention)
            return event_id
    event_id = new_event_id(block, mention.id)
    pending.append((event_id, [mention]))
    return event_id


# -- varied reports ----------------------------------------------------------------------------

_TOWNS = [  # two pairs of close places, one far, and a region that holds the first pair
    Place(
        name="Hodan",
        country="Somalia",
        iso="SO",
        admin1="Banaadir",
        latitude=2.03,
        longitude=45.30,
        geo_precision=1,
    ),
    Place(
        name="Mogadishu",
        country="Somalia",
        iso="SO",
        admin1="Banaadir",
        latitude=2.04,
        longitude=45.34,
        geo_precision=1,
    ),
    Place(
        name="Kismayo",
        country="Somalia",
        iso="SO",
        admin1="Lower Juba",
        latitude=-0.36,
        longitude=42.55,
        geo_precision=2,
    ),
    Place(name="Banaadir", country="Somalia", iso="SO", admin1="Banaadir", feature="admin1", geo_precision=3),
    Place(name="Somalia", country="Somalia", iso="SO", feature="country", geo_precision=3),
]
_ACTORS = [
    Actor(name="al-Shabaab", label="Al Shabaab", inter=2),
    Actor(name="gunmen", label="Unidentified Armed Group (Somalia)", inter=2),
    Actor(name="police", label="Police Forces of Somalia", inter=1),
    Actor(name="civilians", label="Civilians (Somalia)", inter=7),
    Actor(name="protesters", label="Protesters (Somalia)", inter=6),
]
_TYPES = [
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Strategic developments", "Arrests"),
]


def varied_mention(
    rng: random.Random, article_id: str, index: int, *, source: str, published: str | None
) -> Mention:
    event_type, sub_event_type = rng.choice(_TYPES)
    span = Span(article_id=article_id, start=index, end=index + 9, text=f"sentence {index}")
    counts = {name: rng.choice((None, None, 3, 5, 12)) for name in COUNT_FIELDS}
    return Mention(
        id=f"{article_id}:{index}",
        article_id=article_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        disorder_type=rng.choice(("Demonstrations", "Political violence")),
        plover_type=rng.choice(("PROTEST", "ATTACK", "")),
        actor1=rng.choice([None, *_ACTORS]),
        actor2=rng.choice([None, None, *_ACTORS]),
        assoc_actors1=rng.sample(_ACTORS, rng.choice((0, 0, 1, 2))),
        assoc_actors2=rng.sample(_ACTORS, rng.choice((0, 0, 1))),
        place=rng.choice([None, *_TOWNS, _TOWNS[1]]),
        event_date=rng.choice(("2023-09-21", "2023-09-23", "2023-09-23", "2023-09-24", None)),
        time_precision=rng.choice((1, 1, 2, 3)),
        status=rng.choice(("current", "current", "current", "historical")),
        evidence=[span] if rng.random() < 0.8 else [],
        field_spans={"killed": span} if counts["killed"] is not None and rng.random() < 0.5 else {},
        published=published,
        source=source,
        **counts,
    )


def varied_batches(rng: random.Random, *, articles: int) -> list[list[tuple[Article, list[Mention]]]]:
    """Articles from several sources, 1 to 13 mentions each (so that "a:10" sorts before "a:2")."""
    coded = []
    for number in range(articles):
        article_id = f"art{number:03d}"
        source = rng.choice(("Wire A", "Wire B", "Horn Dispatch", "Daily", ""))
        published = rng.choice(("2023-09-23", "2023-09-24", "2023-09-22", None))
        mentions = [
            varied_mention(rng, article_id, index, source=source, published=published)
            for index in rng.sample(range(14), rng.randint(1, 13))
        ]
        coded.append(
            (Article(id=article_id, text=f"text {number}", source=source, published=published), mentions)
        )
    batches, start = [], 0
    while start < len(coded):
        size = rng.choice((1, 3, 8, 20, 40))
        batches.append(coded[start : start + size])
        start += size
    return batches


def stored_state(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Events in rowid order (it decides which event a mention joins first), and mentions' events."""
    connection = sqlite3.connect(path)
    events = []
    for row in connection.execute(
        "SELECT id, block_key, event_date, time_precision, country, record FROM events ORDER BY rowid"
    ):
        event = _EVENT.decode(row[-1])
        event.updated_at = None
        events.append((*row[:-1], msgspec.json.encode(event)))
    mentions = list(connection.execute("SELECT id, event_id FROM mentions ORDER BY id"))
    connection.close()
    return events, mentions


# -- same events as before ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregate_builds_the_same_event_as_the_reference_whatever_the_order(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One event of all 60 articles: more values than a record keeps (see the test after this one).
    monkeypatch.setattr(cluster, "RECORDED_VALUES", 10**6)
    rng = random.Random(seed)
    mentions = [m for batch in varied_batches(rng, articles=60) for _, ms in batch for m in ms]
    rng.shuffle(mentions)
    expected = msgspec.json.encode(reference_build_event("ev-x", mentions))
    assert msgspec.json.encode(cluster.build_event("ev-x", mentions)) == expected
    aggregate = EventAggregate("ev-x")
    for number, mention in enumerate(mentions):
        aggregate.add(mention)
        if number % 97 == 0:
            aggregate.event()  # laying it out midway changes nothing for later mentions
    assert msgspec.json.encode(aggregate.event()) == expected


def test_a_big_event_records_its_first_reports_and_every_distinct_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster, "RECORDED_VALUES", 10)  # 60 articles: far more than 10 per field
    rng = random.Random(5)
    mentions = [m for batch in varied_batches(rng, articles=60) for _, ms in batch for m in ms]
    event = cluster.build_event("ev-x", mentions)
    unbounded = reference_build_event("ev-x", mentions)
    assert max(len(values) for values in unbounded.values.values()) > 10
    for name, values in unbounded.values.items():
        kept = event.values[name]
        assert len(kept) <= 10 + len({v.value for v in values})
        assert {v.value for v in kept} == {v.value for v in values}  # every disagreement shown
        assert values[:10] == [v for v in kept if v in values[:10]]  # the first reports, in order
        assert [v for v in values if v in kept] == kept  # nothing reordered
    assert event.disagreements == unbounded.disagreements
    assert event.n_sources == unbounded.n_sources and event.mention_ids == unbounded.mention_ids


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_store_merges_into_exactly_the_events_of_the_reference(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = varied_batches(random.Random(seed), articles=120)
    with SqliteStore(tmp_path / "reference.db") as reference:
        for batch in batches:
            reference_add_batch(reference, batch)
    store = SqliteStore(tmp_path / "new.db")
    for number, batch in enumerate(batches):
        if number == len(batches) // 3:  # a new process: nothing known of the stored events
            store.close()
            store = SqliteStore(tmp_path / "new.db")
        if number == len(batches) // 2:  # another connection writes this batch
            with SqliteStore(tmp_path / "new.db") as other:
                other.add_batch(batch)
            continue
        if number % 4 == 1:  # this batch fails once midway and is given again
            _fail_once_in_write_event(store, monkeypatch)
        store.add_batch(batch)
    store.close()
    events, mentions = stored_state(tmp_path / "new.db")
    assert (events, mentions) == stored_state(tmp_path / "reference.db")
    assert len(events) > 20 and max(len(_EVENT.decode(e[-1]).mention_ids) for e in events) > 50


def _fail_once_in_write_event(store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    original = SqliteStore._write_event
    calls = 0

    def failing(self: SqliteStore, *args: Any, **options: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            monkeypatch.setattr(SqliteStore, "_write_event", original)
            raise RuntimeError("interrupted")
        original(self, *args, **options)

    monkeypatch.setattr(SqliteStore, "_write_event", failing)
    batch_adder = store.add_batch

    def retrying(coded: Any, **options: Any) -> Any:
        try:
            return batch_adder(coded, **options)
        except RuntimeError:
            return batch_adder(coded, **options)

    monkeypatch.setattr(store, "add_batch", retrying)


def test_merging_off_gives_one_event_per_mention_as_before(tmp_path: Path) -> None:
    [batch] = varied_batches(random.Random(5), articles=1)[:1]
    with SqliteStore(tmp_path / "off.db") as store:
        store.add_batch(batch, merge="off")
        current = [m for _, ms in batch for m in ms if is_event_mention(m)]
        stored = {event.id: event for event in store.events()}
        for mention in current:
            event_id = new_event_id(block_key(mention), mention.id)
            expected = reference_build_event(event_id, [mention])
            expected.updated_at = stored[event_id].updated_at
            assert stored[event_id] == expected


# -- linear work -------------------------------------------------------------------------------

# Laying an event out as a record lists every mention and every source's value: its work is the
# event's size by nature, done once per batch per touched event (counted apart below).
_LAYOUT = (
    "EventAggregate.event",
    "EventAggregate._sorted_keys",
    "EventAggregate._ordered_values",
    "EventAggregate._set_counts_and_disagreements",
    "_FieldValues.ordered",
    "describe_disagreements",
    "SqliteStore._write_event",
)
_MERGING_FILES = (cluster.__file__, merging_module.__file__, store_module.__file__)


@contextmanager
def counting_lines(counts: Counter[str]) -> Iterator[None]:
    """Count Python lines run in merging's own files: 'merge' (per mention) and 'layout'."""

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        code = frame.f_code
        if code.co_filename not in _MERGING_FILES:
            return None
        kind = "layout" if code.co_qualname.startswith(_LAYOUT) else "merge"

        def lines(frame: FrameType, event: str, arg: object) -> Any:
            if event == "line":
                counts[kind] += 1
            return lines

        return lines

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(None)


def one_story(articles: int, *, mentions_per_article: int) -> list[tuple[Article, list[Mention]]]:
    """Reports of one bombing from different sources, with tolls that disagree."""
    coded = []
    for number in range(articles):
        article_id = f"r{number:05d}"
        mentions = [
            Mention(
                id=f"{article_id}:{index}",
                article_id=article_id,
                event_type="Explosions/Remote violence",
                sub_event_type="Remote explosive/landmine/IED",
                actor1=_ACTORS[number % 2],
                actor2=_ACTORS[3],
                place=_TOWNS[1],
                event_date="2023-09-23",
                time_precision=1,
                killed=(10, 12, 15)[(number + index) % 3],
                injured=40 + index,
                evidence=[Span(article_id=article_id, start=0, end=8, text="A bomb.")],
                published="2023-09-23",
                source=f"Wire {number}",
            )
            for index in range(mentions_per_article)
        ]
        coded.append((Article(id=article_id, text=f"report {number}", published="2023-09-23"), mentions))
    return coded


def merge_work(
    tmp_path: Path, coded: list[tuple[Article, list[Mention]]], *, batch_size: int
) -> Counter[str]:
    counts: Counter[str] = Counter()
    original_add, original_decode = EventAggregate.add, store_module._MENTION_DECODER

    def counted_add(self: EventAggregate, mention: Mention) -> None:
        counts["aggregated"] += 1
        original_add(self, mention)

    class CountingDecoder:
        def decode(self, data: str | bytes) -> Mention:
            counts["read back"] += 1
            return original_decode.decode(data)

    with (
        pytest.MonkeyPatch.context() as patch,
        SqliteStore(tmp_path / f"{len(coded)}x{len(coded[0][1])}.db") as store,
    ):
        patch.setattr(EventAggregate, "add", counted_add)
        patch.setattr(store_module, "_MENTION_DECODER", CountingDecoder())
        with counting_lines(counts):
            for start in range(0, len(coded), batch_size):
                store.add_batch(coded[start : start + batch_size])
        assert store.counts()["events"] == 1
    return counts


def test_one_dense_article_merges_in_work_linear_in_its_mentions(tmp_path: Path) -> None:
    small = merge_work(tmp_path, one_story(1, mentions_per_article=150), batch_size=1)
    large = merge_work(tmp_path, one_story(1, mentions_per_article=300), batch_size=1)
    assert (small["aggregated"], large["aggregated"]) == (150, 300)  # each mention summed up once
    assert large["merge"] + large["layout"] <= 2.2 * (small["merge"] + small["layout"])


def test_many_reports_of_one_story_merge_in_work_linear_in_reports(tmp_path: Path) -> None:
    small = merge_work(tmp_path, one_story(200, mentions_per_article=2), batch_size=8)
    large = merge_work(tmp_path, one_story(400, mentions_per_article=2), batch_size=8)
    # Each mention is summed up once and never read back from the store (no rebuild per batch).
    assert (small["aggregated"], large["aggregated"]) == (400, 800)
    assert small["read back"] == large["read back"] == 0
    assert large["merge"] <= 2.2 * small["merge"]
