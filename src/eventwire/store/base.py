"""What every event store offers, whatever engine holds it: the types its methods take and give.

`EventStore` is the interface that `eventwire.api` and the commands use; SQLite
(`eventwire.store.sqlite`) and PostgreSQL (`eventwire.store.postgres`) implement it, and
`eventwire.store.open_store` picks one from the `--db` value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from eventwire.records import Article, Event, Mention

MergePolicy = Literal["acled", "off"]


@dataclass
class BatchResult:
    """What one committed batch changed."""

    articles_added: int = 0
    articles_skipped: int = 0  # already in the store
    mentions_added: int = 0
    event_ids: set[str] = field(default_factory=set)  # events created or updated


@dataclass(frozen=True)
class EventQuery:
    country: str | None = None
    since: str | None = None
    until: str | None = None
    event_type: str | None = None  # matches the event type or the sub-event type
    limit: int | None = None


class EventStore(Protocol):
    """Articles, mentions and events: ingest in atomic batches, then query."""

    read_only: bool

    def close(self) -> None: ...
    def __enter__(self) -> EventStore: ...
    def __exit__(self, *exc: object) -> None: ...
    def schema_version(self) -> int: ...
    def known_article_ids(self, ids: Iterable[str]) -> set[str]: ...
    def articles_by_source_id(self, source_ids: Iterable[str]) -> dict[str, dict[str, str]]: ...
    def add_batch(
        self, coded: Sequence[tuple[Article, Sequence[Mention]]], *, merge: MergePolicy = "acled"
    ) -> BatchResult: ...
    def record_error(self, origin: str, message: str) -> None: ...
    def events(self, query: EventQuery | None = None) -> list[Event]: ...
    def event(self, event_id: str) -> Event | None: ...
    def mentions_of_event(self, event_id: str) -> list[Mention]: ...
    def mentions_without_event(self, query: EventQuery | None = None) -> list[Mention]: ...
    def article(self, article_id: str) -> Article | None: ...
    def counts(self) -> dict[str, int]: ...
