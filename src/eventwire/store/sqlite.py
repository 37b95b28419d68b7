"""The SQLite store: embedded, no server, safe to interrupt.

WAL journal, one transaction per batch: a batch is in the store whole or not at all, so an
interrupted ingest loses nothing that was committed. Articles are keyed by content hash and
inserted only once, so re-ingesting the same article changes nothing; an id the input gave is
kept as `source_id`. Files are marked as eventwire's (`application_id`) and migrated under an
exclusive lock; read commands open them read-only. SQLite's errors (full disk, read-only or
damaged file) become StoreErrors that name the file and say what to do.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec

from eventwire.cluster import DATE_SLACK_DAYS, date_slack, is_event_mention
from eventwire.errors import StoreError
from eventwire.records import Article, Event, Mention
from eventwire.store.base import BatchResult, EventQuery, MergePolicy
from eventwire.store.merging import BatchMerge, KnownEvents
from eventwire.store.merging import date_window as _date_window
from eventwire.store.merging import now_iso as _now
from eventwire.store.reading import StoreReading

__all__ = ["APPLICATION_ID", "BatchResult", "EventQuery", "MergePolicy", "SqliteStore", "migrations"]

_MENTION_DECODER = msgspec.json.Decoder(Mention)
_EVENT_DECODER = msgspec.json.Decoder(Event)
_ARTICLE_DECODER = msgspec.json.Decoder(Article)
_ENCODER = msgspec.json.Encoder()

# Marks a file as eventwire's (`PRAGMA application_id`, the bytes "EVNT"), so that a foreign SQLite
# file given by mistake is refused rather than filled with eventwire's tables.
APPLICATION_ID = 0x45564E54
# How long to wait for another process's lock (one creating the store, or writing a batch) before
# giving up with a message.
BUSY_TIMEOUT_S = 60.0


def migrations() -> list[tuple[int, str]]:
    """Numbered schema migrations shipped with the package, in order."""
    folder = resources.files("eventwire.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class SqliteStore(StoreReading):
    """Articles, mentions and events in one SQLite file.

    `SqliteStore(path)` opens the file for ingesting: it creates and migrates it when needed.
    `SqliteStore(path, read_only=True)` opens it for querying only: it never creates, migrates or
    writes the file, so a reader without write access, or a read-only medium, can query it.
    Either way a file that eventwire did not make, or that a newer eventwire made, is refused.
    """

    # Set by the first batch that merges (see eventwire.store.merging.KnownEvents).
    _known_events: KnownEvents | None = None

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.connection = self._connect()
        try:
            with self._explaining_errors():
                if read_only:
                    self._check_readable_schema()
                else:
                    self.migrate()
                    # Only now that the file is known to be eventwire's may its journal mode change.
                    self.connection.execute("PRAGMA journal_mode=WAL")
                    self.connection.execute("PRAGMA synchronous=NORMAL")
                self.connection.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            self.connection.close()
            raise

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Bring the file to the newest schema, all pending migrations in one exclusive transaction.

        The lock is taken before the schema version is read: of two processes creating one new
        store at once, one migrates while the other waits, then finds nothing left to do.
        """
        cursor = self.connection.cursor()
        cursor.execute("BEGIN EXCLUSIVE")
        try:
            application_id = self._recognise()
            current = self.schema_version()
            for version, script in migrations():
                if version > current:
                    for statement in _statements(script):
                        cursor.execute(statement)
                    cursor.execute(f"PRAGMA user_version = {version}")
            if application_id != APPLICATION_ID:  # new, or made before eventwire marked its files
                cursor.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            cursor.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file: read-only (never creating it) for readers, else read-write."""
        if os.path.isdir(self.path):
            raise StoreError(f"{self.path}: is a folder, not a database file; give a file path with --db")
        if self.read_only and not os.path.exists(self.path):
            raise StoreError(f"{self.path}: no event store here; run `eventwire ingest PATH --db FILE` first")
        if not self.read_only and os.path.exists(self.path) and not _writable(self.path):
            raise StoreError(
                f"{self.path}: the database (or its folder) is read-only for you, so nothing can be "
                "ingested into it; ask for write access, or copy it and give the copy with --db "
                "(`eventwire events` and `show` can still read it)"
            )
        target, uri = (_read_only_uri(self.path), True) if self.read_only else (self.path, False)
        with self._explaining_errors():
            return sqlite3.connect(target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_S)

    def _recognise(self) -> int:
        """The file's application id, once it is known to be eventwire's or new; else StoreError."""
        application_id = int(self.connection.execute("PRAGMA application_id").fetchone()[0])
        version = self.schema_version()
        tables = {row[0] for row in self.connection.execute("SELECT name FROM sqlite_master")}
        earlier_eventwire = application_id == 0 and version > 0 and "articles" in tables
        if application_id != APPLICATION_ID and not earlier_eventwire and (tables or version):
            raise StoreError(
                f"{self.path}: this SQLite file was not made by eventwire, which leaves it unchanged; "
                "give another --db path (a new file is created for you)"
            )
        newest = migrations()[-1][0]
        if version > newest:
            raise StoreError(
                f"{self.path}: made by a newer eventwire (schema {version}; this one knows up to "
                f"{newest}); upgrade eventwire, or use another --db"
            )
        return application_id

    def _check_readable_schema(self) -> None:
        """A reader refuses what a writer would, and a file that holds no store yet."""
        self._recognise()
        if self.schema_version() == 0:
            raise StoreError(
                f"{self.path}: holds no event store yet; run `eventwire ingest PATH --db FILE` first"
            )

    def _roll_back(self) -> None:
        # SQLite has already rolled back after some errors (a full disk): a second ROLLBACK would
        # raise "no transaction is active" over the error that matters.
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    @contextmanager
    def _explaining_errors(self) -> Iterator[None]:
        """SQLite's errors as StoreErrors that name the file and say what to do."""
        try:
            yield
        except sqlite3.Error as error:
            raise _store_error(self.path, error) from error

    # -- writing -------------------------------------------------------------------------------

    def add_batch(
        self, coded: Sequence[tuple[Article, Sequence[Mention]]], *, merge: MergePolicy = "acled"
    ) -> BatchResult:
        """Store articles with their mentions and merge the mentions into events, atomically.

        `merge="acled"` joins mentions into events by ACLED's unit (see eventwire.cluster);
        `merge="off"` makes every current mention an event of its own, for users who merge
        themselves or want GDELT-style one-row-per-report data.
        """
        result = BatchResult()
        now = _now()
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
            batch = self._begin_merge(cursor, merge, now)
            known = self.known_article_ids(article.id for article, _ in coded)
            for article, mentions in coded:
                if article.id in known:
                    result.articles_skipped += 1
                    continue
                known.add(article.id)
                self._insert_article(cursor, article, now)
                result.articles_added += 1
                for mention in mentions:
                    event_id = batch.event_for(mention) if is_event_mention(mention) else None
                    self._insert_mention(cursor, mention, event_id)
                    result.mentions_added += 1
            batch.write_events()
            result.event_ids = batch.event_ids()
            cursor.execute("COMMIT")
        except BaseException as error:
            self._roll_back()
            if isinstance(error, sqlite3.Error):  # a full disk, a read-only or damaged file
                raise _store_error(self.path, error) from error
            raise
        return result

    def record_error(self, origin: str, message: str) -> None:
        with self._explaining_errors():
            self.connection.execute(
                "INSERT INTO ingest_errors(origin, message, at) VALUES (?, ?, ?)", (origin, message, _now())
            )

    def _insert_article(self, cursor: sqlite3.Cursor, article: Article, now: str) -> None:
        cursor.execute(
            "INSERT INTO articles(id, url, title, source, published, language, origin, text, ingested_at,"
            " source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.url,
                article.title,
                article.source,
                article.published,
                article.language,
                article.origin,
                article.text,
                now,
                article.source_id,
            ),
        )

    def _insert_mention(self, cursor: sqlite3.Cursor, mention: Mention, event_id: str | None) -> None:
        cursor.execute(
            "INSERT OR REPLACE INTO mentions(id, article_id, event_id, status, event_type, sub_event_type,"
            " plover_type, event_date, country, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mention.id,
                mention.article_id,
                event_id,
                mention.status,
                mention.event_type,
                mention.sub_event_type,
                mention.plover_type,
                mention.event_date,
                mention.place.country if mention.place else "",
                _ENCODER.encode(mention).decode("utf-8"),
            ),
        )

    def _begin_merge(self, cursor: sqlite3.Cursor, policy: MergePolicy, now: str) -> BatchMerge:
        """Merging for one batch (eventwire.store.merging), over this store's view of its events."""
        if self._known_events is None:
            self._known_events = KnownEvents()
        # Another connection's commits change `data_version`; this connection's own do not.
        self._known_events.begin(int(cursor.execute("PRAGMA data_version").fetchone()[0]))
        return BatchMerge(policy=policy, known=self._known_events, store=_SqliteEvents(self, cursor, now))

    def _write_event(self, cursor: sqlite3.Cursor, event: Event, *, block: str, now: str) -> None:
        event.updated_at = now
        cursor.execute(
            "INSERT OR REPLACE INTO events(id, event_type, sub_event_type, event_date, country, record,"
            " updated_at, block_key, time_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.id,
                event.event_type,
                event.sub_event_type,
                event.event_date,
                event.place.country if event.place else "",
                _ENCODER.encode(event).decode("utf-8"),
                now,
                block,
                event.time_precision,
            ),
        )

    # -- reading -------------------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[object]) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._explaining_errors():
            return self.connection.execute(sql, params).fetchall()


class _SqliteEvents:
    """The store's events as merging sees them within one batch's transaction."""

    def __init__(self, store: SqliteStore, cursor: sqlite3.Cursor, now: str) -> None:
        self.store, self.cursor, self.now = store, cursor, now

    def candidate_ids(self, block: str, mention: Mention) -> list[str]:
        params = (block, *_date_window(mention), mention.event_date, date_slack(mention.time_precision))
        return [str(row[0]) for row in self.cursor.execute(_CANDIDATE_EVENTS_SQL, params).fetchall()]

    def mention_count(self, event_id: str) -> int:
        return int(self.cursor.execute(_COUNT_MENTIONS_SQL, (event_id,)).fetchone()[0])

    def stored_event(self, event_id: str) -> Event:
        record = self.cursor.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()[0]
        return _EVENT_DECODER.decode(record)

    def stored_mentions(self, event_id: str) -> list[Mention]:
        rows = self.cursor.execute(_MENTIONS_OF_EVENT_SQL, (event_id,)).fetchall()
        return [_MENTION_DECODER.decode(record) for (record,) in rows]

    def write_event(self, event: Event, *, block: str) -> None:
        self.store._write_event(self.cursor, event, block=block, now=self.now)


# Events of the block near the mention's date whose gap fits the vaguer date's slack
# (`cluster.dates_compatible`, done in SQL so that far-off events are never decoded).
_SLACK_SQL = " ".join(f"WHEN {precision} THEN {days}" for precision, days in DATE_SLACK_DAYS.items())
_CANDIDATE_EVENTS_SQL = (
    "SELECT id FROM events WHERE block_key = ? AND event_date BETWEEN ? AND ?"
    " AND abs(julianday(event_date) - julianday(?))"
    f" <= max(?, CASE time_precision {_SLACK_SQL} ELSE {max(DATE_SLACK_DAYS.values())} END)"
    " ORDER BY rowid"
)

# Mentions that merging left out of events (`cluster.is_event_mention`) and that PLOVER records.
_COUNT_MENTIONS_SQL = "SELECT count(*) FROM mentions WHERE event_id = ?"
_MENTIONS_OF_EVENT_SQL = "SELECT record FROM mentions WHERE event_id = ?"


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one by one (executescript would commit first)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def _writable(path: str) -> bool:
    """Whether this process may write the file and its folder (where SQLite puts its WAL files)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _read_only_uri(path: str) -> str:
    """A URI opening the file read-only. When the file or its folder cannot be written (a read-only
    medium, another user's store) it is also opened `immutable`: SQLite then needs no WAL side
    files, which it could not create there (or would create owned by the reader, locking out the
    owner). The price: while its owner writes a batch, a query may miss it, or fail and need rerunning."""
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    return uri if _writable(path) else uri + "&immutable=1"


def _store_error(path: str, error: sqlite3.Error) -> StoreError:
    """A StoreError naming the file, saying what went wrong in words and what to do."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_FULL"):
        problem = "the disk is full (or the database reached its size limit)"
        advice = (
            "free some space and run the command again: everything committed before is kept, "
            "and the articles already stored are skipped"
        )
    elif name.startswith("SQLITE_READONLY"):
        problem = "the database is read-only here"
        advice = "ask for write access, or copy the file and give the copy with --db"
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        problem = "the file is damaged or is not a database"
        advice = (
            "restore it from a backup (`sqlite3 FILE .recover` rescues what is left), "
            "or give another --db path"
        )
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        problem = "another process has held the database locked too long"
        advice = "wait for the other eventwire command to finish, then run this one again"
    elif name.startswith("SQLITE_CANTOPEN"):
        problem = "cannot open the file"
        advice = "check that the folder exists and that you may read (and, to ingest, write) it"
    else:
        problem = "the database failed"
        advice = "run the command again; if it fails again, give another --db path"
    return StoreError(f"{path}: {problem} ({error}); {advice}")
