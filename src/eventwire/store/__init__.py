"""The event store behind one small interface; SQLite is the embedded default."""

from eventwire.store.sqlite import BatchResult, EventQuery, MergePolicy, SqliteStore

__all__ = ["BatchResult", "EventQuery", "MergePolicy", "SqliteStore"]
