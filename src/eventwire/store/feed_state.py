"""What `eventwire watch` keeps in the store: each feed's state and health, and the items seen.

The tables come from migration 0007 (`feeds`, `feed_items`). These functions use the store's
connection directly, each write in its own short transaction, so a watch and an ingest may share
one store file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from eventwire.store.sqlite import SqliteStore

_FEED_COLUMNS = (
    "url, etag, last_modified, interval_s, next_poll_at, last_poll_at, last_status, last_error, "
    "error_count, items_seen, new_items, events_made"
)


@dataclass
class FeedState:
    """One row of `feeds`. Times are ISO 8601 in UTC; '' is never (next_poll_at '': due now)."""

    url: str
    etag: str = ""
    last_modified: str = ""
    interval_s: int = 0
    next_poll_at: str = ""
    last_poll_at: str = ""
    last_status: str = ""
    last_error: str = ""
    error_count: int = 0
    items_seen: int = 0
    new_items: int = 0
    events_made: int = 0


@dataclass(frozen=True)
class ItemKeys:
    """What tells an item seen before: its GUID, its link and the hash of its text."""

    guid: str = ""
    url: str = ""
    content_hash: str = ""

    @property
    def guid_is_global(self) -> bool:
        """A GUID that is a URI (a permalink, "urn:uuid:...", "tag:...") names the story
        anywhere; "1234" is only unique within its own feed."""
        return ":" in self.guid


def iso_time(epoch_s: float) -> str:
    """Seconds since the epoch as the ISO text the tables hold."""
    return dt.datetime.fromtimestamp(epoch_s, dt.UTC).isoformat(timespec="seconds")


def epoch_of(iso: str) -> float:
    """The ISO text the tables hold as seconds since the epoch."""
    return dt.datetime.fromisoformat(iso).timestamp()


@contextmanager
def _transaction(store: SqliteStore) -> Iterator[sqlite3.Connection]:
    """A short write transaction on the store's connection (which runs in autocommit mode)."""
    connection = store.connection
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def register_feeds(store: SqliteStore, urls: Iterable[str]) -> None:
    """Add feeds not yet known, due at once; known feeds keep their state."""
    with _transaction(store) as connection:
        connection.executemany("INSERT OR IGNORE INTO feeds (url) VALUES (?)", [(url,) for url in urls])


def feed_states(store: SqliteStore, urls: Sequence[str] | None = None) -> list[FeedState]:
    """The state of the given feeds in their order (all feeds, by URL, when None).

    An older store that was never watched has no `feeds` table: it has no feeds either."""
    if not _has_feed_tables(store):
        return []
    rows = store.connection.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url").fetchall()
    states = {row[0]: FeedState(*row) for row in rows}
    if urls is None:
        return list(states.values())
    return [states[url] for url in urls if url in states]


def _has_feed_tables(store: SqliteStore) -> bool:
    found = store.connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feeds'")
    return found.fetchone() is not None


def is_seen(store: SqliteStore, feed_url: str, keys: ItemKeys) -> bool:
    """Whether an item with any of these keys was seen before, in this feed or (but for a
    feed-local GUID) in any other."""
    row = store.connection.execute(
        "SELECT 1 FROM feed_items WHERE (guid = :guid AND guid != '' AND (feed_url = :feed OR :global))"
        " OR (url = :url AND url != '') OR (content_hash = :hash AND content_hash != '') LIMIT 1",
        {
            "guid": keys.guid,
            "feed": feed_url,
            "global": keys.guid_is_global,
            "url": keys.url,
            "hash": keys.content_hash,
        },
    ).fetchone()
    return row is not None


def save_poll(store: SqliteStore, state: FeedState, seen: Sequence[ItemKeys], *, now: str) -> None:
    """The feed's new state and the items it brought, in one transaction: a poll counts whole."""
    values = dataclasses.astuple(state)
    with _transaction(store) as connection:
        connection.execute(
            f"INSERT OR REPLACE INTO feeds ({_FEED_COLUMNS}) VALUES ({', '.join('?' * len(values))})", values
        )
        connection.executemany(
            "INSERT INTO feed_items (feed_url, guid, url, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)",
            [(state.url, keys.guid, keys.url, keys.content_hash, now) for keys in seen],
        )
