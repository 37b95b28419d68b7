"""The event store behind one small interface (`EventStore`); SQLite is the embedded default.

`open_store(db)` opens a store to ingest into (creating and migrating it); `open_store(db,
read_only=True)` opens one to query, changing nothing. `db` is a file path (SQLite) or a
`postgresql://` URL (PostgreSQL + PostGIS, with the `postgres` extra installed).
"""

from __future__ import annotations

from eventwire.errors import MissingCapability
from eventwire.store.base import BatchResult, EventQuery, EventStore, MergePolicy
from eventwire.store.sqlite import SqliteStore

__all__ = [
    "BatchResult",
    "EventQuery",
    "EventStore",
    "MergePolicy",
    "SqliteStore",
    "is_postgres_url",
    "open_store",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: str) -> bool:
    """Whether `--db` names a PostgreSQL database rather than a SQLite file."""
    return str(db).lower().startswith(_POSTGRES_SCHEMES)


def open_store(db: str, *, read_only: bool = False) -> EventStore:
    """The store that `db` names: a PostgresStore for a postgresql:// URL, else a SqliteStore file."""
    if not is_postgres_url(db):
        return SqliteStore(db, read_only=read_only)
    try:
        from eventwire.store.postgres import PostgresStore
    except ImportError as error:
        raise MissingCapability(
            "a postgresql:// --db needs psycopg: run `pip install 'eventwire[postgres]'` "
            "(or `make install`, which installs requirements.lock)"
        ) from error
    return PostgresStore(db, read_only=read_only)
