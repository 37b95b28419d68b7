"""The event store behind one small interface; SQLite is the embedded default.

`SqliteStore(path)` opens a store to ingest into (creating it); `SqliteStore(path, read_only=True)`
opens one to query, changing nothing.
"""

from eventwire.store.sqlite import BatchResult, EventQuery, MergePolicy, SqliteStore

__all__ = ["BatchResult", "EventQuery", "MergePolicy", "SqliteStore"]
