"""Merging a batch's mentions into events: one implementation for every store engine.

A store gives merging a `StoredEvents` view of itself inside the batch's transaction: the
candidate events of a mention (its block, within the date window, in the order they were last
written), an event's stored record and mentions, and a way to write an event. Everything that
decides which event a mention joins and what the event then says lives here, so that SQLite
and PostgreSQL make the same events, with the same ids, from the same articles.

Merging keeps a running aggregate per event (eventwire.cluster.EventAggregate): a mention joins
it in O(1), and each touched event is laid out and written once per batch.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from eventwire.cluster import (
    DATE_SLACK_DAYS,
    EventAggregate,
    EventSketch,
    block_key,
    new_event_id,
    sketch_joins,
    sketch_of_event,
)
from eventwire.records import Event, Mention
from eventwire.store.base import MergePolicy


class StoredEvents(Protocol):
    """What merging reads from and writes to a store, within the batch's transaction."""

    def candidate_ids(self, block: str, mention: Mention) -> list[str]:
        """Stored events of the block whose date the mention's may match (`dates_compatible`),
        oldest write first. A store may leave out events whose place cannot match the mention's
        (`places_compatible`), never one that can."""
        ...

    def mention_count(self, event_id: str) -> int: ...
    def stored_event(self, event_id: str) -> Event: ...
    def stored_mentions(self, event_id: str) -> list[Mention]: ...
    def write_event(self, event: Event, *, block: str) -> None: ...


@dataclass
class KnownEvent:
    """A stored event as merging needs it: its sketch as stored and, when built here, its aggregate."""

    n_mentions: int  # how many mentions the stored event had when this was taken
    sketch: EventSketch  # what the next batch's mentions are compared with
    aggregate: EventAggregate | None  # None: rebuild it from its stored mentions


class KnownEvents:
    """Stored events merged into lately, kept between batches: a big event is not read back whole.

    Twenty thousand reports of one story would otherwise read its thousands of mentions back for
    every batch. An entry is trusted only while the stored event still has the number of mentions
    it had (a batch that failed to commit leaves fewer) and no other connection has written the
    store since (the store's `version`, given to `begin`); else the event is read from the store
    again. Bounded: the least recently used entries go first.
    """

    MAX_EVENTS = 4096
    MAX_MENTIONS = 250_000  # in aggregates, about 100-200 MB at most

    def __init__(self) -> None:
        self.entries: OrderedDict[str, KnownEvent] = OrderedDict()
        self.mentions = 0
        self.data_version: object = None

    def begin(self, version: object) -> None:
        """Forget everything when another connection has committed since the last batch."""
        if version != self.data_version:
            self.entries.clear()
            self.mentions = 0
            self.data_version = version

    def get(self, event_id: str) -> KnownEvent | None:
        known = self.entries.get(event_id)
        if known is not None:
            self.entries.move_to_end(event_id)
        return known

    def take(self, event_id: str) -> KnownEvent | None:
        """Remove and return: a batch that fails before writing it back leaves no half-updated entry."""
        known = self.entries.pop(event_id, None)
        if known is not None:
            self.mentions -= _weight(known)
        return known

    def put(self, event_id: str, known: KnownEvent) -> None:
        self.take(event_id)
        self.entries[event_id] = known
        self.mentions += _weight(known)
        while len(self.entries) > self.MAX_EVENTS or self.mentions > self.MAX_MENTIONS:
            _, oldest = self.entries.popitem(last=False)
            self.mentions -= _weight(oldest)


def _weight(known: KnownEvent) -> int:
    return known.n_mentions if known.aggregate is not None else 0


@dataclass
class BatchMerge:
    """Events a batch touches: stored ones it joins, and new ones, each with a running aggregate."""

    policy: MergePolicy
    known: KnownEvents
    store: StoredEvents
    # Stored events as they were before this batch: what its mentions are compared with.
    sketches: dict[str, EventSketch] = field(default_factory=dict)
    stored_blocks: dict[str, str] = field(default_factory=dict)  # event id -> block, first joined first
    stored_aggregates: dict[str, EventAggregate | None] = field(default_factory=dict)  # None: cold
    new_events: dict[str, list[EventAggregate]] = field(default_factory=dict)  # block -> events

    def event_for(self, mention: Mention) -> str:
        """The id of the event this mention reports: a stored one, one new in this batch, or a new one."""
        block = block_key(mention)
        if self.policy == "off":
            return self.start_event(block, mention)
        for event_id in self.store.candidate_ids(block, mention):
            if sketch_joins(self.stored_sketch(event_id), mention):
                self.join_stored(event_id, block, mention)
                return event_id
        # Events started earlier in this batch are written at its end, once, from their aggregates.
        for aggregate in self.new_events.get(block, []):
            if sketch_joins(aggregate.sketch(), mention):
                aggregate.add(mention)
                return aggregate.event_id
        return self.start_event(block, mention)

    def start_event(self, block: str, mention: Mention) -> str:
        aggregate = EventAggregate(new_event_id(block, mention.id))
        aggregate.add(mention)
        self.new_events.setdefault(block, []).append(aggregate)
        return aggregate.event_id

    def stored_sketch(self, event_id: str) -> EventSketch:
        """A stored event as it was stored before this batch (joins during the batch do not change it)."""
        sketch = self.sketches.get(event_id)
        if sketch is None:
            count = self.store.mention_count(event_id)
            known = self.known.get(event_id)
            if known is None or known.n_mentions != count:
                known = KnownEvent(count, sketch_of_event(self.store.stored_event(event_id)), None)
                self.known.put(event_id, known)
            sketch = self.sketches[event_id] = known.sketch
        return sketch

    def join_stored(self, event_id: str, block: str, mention: Mention) -> None:
        """Add the mention to a stored event; one that this store has no aggregate of is rebuilt
        from its stored mentions (this batch's among them) when the batch is written."""
        if event_id not in self.stored_aggregates:
            known = self.known.take(event_id)
            self.stored_aggregates[event_id] = known.aggregate if known else None
        self.stored_blocks[event_id] = block
        aggregate = self.stored_aggregates[event_id]
        if aggregate is not None:
            aggregate.add(mention)

    def write_events(self) -> None:
        """Each event the batch touched, written once: stored ones first, then new ones, in order.

        Call it after the batch's mentions are stored: a cold stored event is rebuilt from them.
        """
        for event_id, block in self.stored_blocks.items():
            aggregate = self.stored_aggregates.get(event_id)
            if aggregate is None:  # not merged into by this store lately: read its mentions back once
                aggregate = EventAggregate(event_id)
                for mention in self.store.stored_mentions(event_id):
                    aggregate.add(mention)
            self._write_aggregate(aggregate, block)
        for block, aggregates in self.new_events.items():
            for aggregate in aggregates:
                self._write_aggregate(aggregate, block)

    def _write_aggregate(self, aggregate: EventAggregate, block: str) -> None:
        self.store.write_event(aggregate.event(), block=block)
        self.known.put(aggregate.event_id, KnownEvent(aggregate.n_mentions, aggregate.snapshot(), aggregate))

    def event_ids(self) -> set[str]:
        return set(self.stored_blocks) | {a.event_id for events in self.new_events.values() for a in events}


def date_window(mention: Mention) -> tuple[str, str]:
    """Event dates worth comparing with the mention's: within the widest slack of any precision."""
    if mention.event_date is None:
        return ("", "")
    day = dt.date.fromisoformat(mention.event_date)
    slack = dt.timedelta(days=max(DATE_SLACK_DAYS.values()))
    return ((day - slack).isoformat(), (day + slack).isoformat())


def now_iso() -> str:
    """The time a batch stamps on what it writes, in UTC to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
