"""What `eventwire watch` keeps in the store: each feed's state and health, and the items seen.

The tables come from migration 0007 (`feeds`, `feed_items`) on SQLite and PostgreSQL alike. These
functions use the store's connection directly, each write in its own short transaction, so a watch
and an ingest may share one store. The SQL is written once, in SQLite's dialect with `?`
placeholders; `_sql` turns it into psycopg's `%s` on PostgreSQL (the upserts use `ON CONFLICT`,
which both engines read the same).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from eventwire.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from eventwire.store.postgres import PostgresStore

    # The stores whose connection these functions use (psycopg is optional: imported for types only).
    FeedStore: TypeAlias = SqliteStore | PostgresStore

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


def _sql(store: FeedStore, sql: str) -> str:
    """The statement in the store's placeholder style: SQLite's `?` or psycopg's `%s`."""
    return sql if isinstance(store, SqliteStore) else sql.replace("?", "%s")


@contextmanager
def _transaction(store: FeedStore) -> Iterator[Any]:
    """A cursor in a short write transaction on the store's connection (both stores run their
    connection in autocommit mode), with the engine's errors explained as StoreErrors."""
    with store._explaining_errors():
        if isinstance(store, SqliteStore):
            with _sqlite_transaction(store) as cursor:
                yield cursor
        else:
            with store.connection.transaction():
                yield store.connection.cursor()


@contextmanager
def _sqlite_transaction(store: SqliteStore) -> Iterator[Any]:
    # IMMEDIATE takes the write lock at once: a concurrent ingest waits rather than deadlocks.
    connection = store.connection
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection.cursor()
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _rows(store: FeedStore, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """A read outside any transaction (autocommit: it sees everything committed)."""
    with store._explaining_errors():
        return list(store.connection.execute(_sql(store, sql), params).fetchall())


def register_feeds(store: FeedStore, urls: Iterable[str]) -> None:
    """Add feeds not yet known, due at once; known feeds keep their state."""
    sql = _sql(store, "INSERT INTO feeds (url) VALUES (?) ON CONFLICT (url) DO NOTHING")
    with _transaction(store) as cursor:
        cursor.executemany(sql, [(url,) for url in urls])


def feed_states(store: FeedStore, urls: Sequence[str] | None = None) -> list[FeedState]:
    """The state of the given feeds in their order (all feeds, by URL, when None).

    An older store that was never watched has no `feeds` table: it has no feeds either."""
    if not _has_feed_tables(store):
        return []
    rows = _rows(store, f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url")
    states = {row[0]: FeedState(*row) for row in rows}
    if urls is None:
        return list(states.values())
    return [states[url] for url in urls if url in states]


def _has_feed_tables(store: FeedStore) -> bool:
    # A read-only store may be older than migration 0007 (a writer migrates before it gets here).
    if isinstance(store, SqliteStore):
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feeds'"
    else:
        sql = "SELECT 1 WHERE to_regclass('feeds') IS NOT NULL"  # on the store's search path
    return bool(_rows(store, sql))


def is_seen(store: FeedStore, feed_url: str, keys: ItemKeys) -> bool:
    """Whether an item with any of these keys was seen before, in this feed or (but for a
    feed-local GUID) in any other."""
    rows = _rows(
        store,
        "SELECT 1 FROM feed_items WHERE (guid = ? AND guid != '' AND (feed_url = ? OR ?))"
        " OR (url = ? AND url != '') OR (content_hash = ? AND content_hash != '') LIMIT 1",
        (keys.guid, feed_url, keys.guid_is_global, keys.url, keys.content_hash),
    )
    return bool(rows)


def save_poll(store: FeedStore, state: FeedState, seen: Sequence[ItemKeys], *, now: str) -> None:
    """The feed's new state and the items it brought, in one transaction: a poll counts whole."""
    values = dataclasses.astuple(state)
    with _transaction(store) as cursor:
        cursor.execute(_sql(store, _SAVE_FEED_SQL), values)
        cursor.executemany(
            _sql(
                store,
                "INSERT INTO feed_items (feed_url, guid, url, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)",
            ),
            [(state.url, keys.guid, keys.url, keys.content_hash, now) for keys in seen],
        )


# The whole row replaced (as SQLite's INSERT OR REPLACE did), written so that both engines read it.
_SAVE_FEED_SQL = (
    f"INSERT INTO feeds ({_FEED_COLUMNS}) VALUES ({', '.join('?' * len(_FEED_COLUMNS.split(',')))})"
    " ON CONFLICT (url) DO UPDATE SET "
    + ", ".join(f"{name.strip()} = excluded.{name.strip()}" for name in _FEED_COLUMNS.split(",")[1:])
)


def open_feed_store(db: str, *, read_only: bool = False) -> FeedStore:
    """`open_store(db)`, typed as a store these functions can use: both engines' stores are."""
    from eventwire.store import open_store

    return cast("FeedStore", open_store(db, read_only=read_only))
