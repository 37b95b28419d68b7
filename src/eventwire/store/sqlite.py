"""The SQLite store: embedded, no server, safe to interrupt.

WAL journal, one transaction per batch: a batch is in the store whole or not at all, so an
interrupted ingest loses nothing that was committed. Articles are keyed by content hash and
inserted only once, so re-ingesting the same article changes nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import msgspec

from eventwire.cluster import (
    DATE_SLACK_DAYS,
    block_key,
    build_event,
    date_slack,
    is_event_mention,
    joins_event,
    new_event_id,
)
from eventwire.errors import StoreError
from eventwire.records import Article, Event, Mention

_MENTION_DECODER = msgspec.json.Decoder(Mention)
_EVENT_DECODER = msgspec.json.Decoder(Event)
_ARTICLE_DECODER = msgspec.json.Decoder(Article)
_ENCODER = msgspec.json.Encoder()


@dataclass
class BatchResult:
    """What one committed batch changed."""

    articles_added: int = 0
    articles_skipped: int = 0  # already in the store
    mentions_added: int = 0
    event_ids: set[str] = field(default_factory=set)  # events created or updated


MergePolicy = Literal["acled", "off"]


@dataclass
class _BatchMerge:
    """Events a batch touches: stored ones to rebuild, and new ones with their mentions."""

    policy: MergePolicy
    stored_blocks: dict[str, str] = field(default_factory=dict)  # event id -> block
    new_events: dict[str, list[tuple[str, list[Mention]]]] = field(default_factory=dict)  # block -> events


@dataclass(frozen=True)
class EventQuery:
    country: str | None = None
    since: str | None = None
    until: str | None = None
    event_type: str | None = None  # matches the event type or the sub-event type
    limit: int | None = None


def migrations() -> list[tuple[int, str]]:
    """Numbered schema migrations shipped with the package, in order."""
    folder = resources.files("eventwire.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class SqliteStore:
    """Articles, mentions and events in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"{self.path}: cannot open it as an eventwire database ({error}); "
                "give another --db path, or move this file away"
            ) from None

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every migration newer than the file's schema version, each in its own transaction."""
        current = self.schema_version()
        for version, script in migrations():
            if version <= current:
                continue
            self.connection.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")

    # -- writing -------------------------------------------------------------------------------

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        rows = self.connection.execute(f"SELECT id FROM articles WHERE id IN ({marks})", wanted)
        return {row[0] for row in rows}

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
        cursor.execute("BEGIN IMMEDIATE")
        try:
            batch = _BatchMerge(policy=merge)
            known = self.known_article_ids(article.id for article, _ in coded)
            for article, mentions in coded:
                if article.id in known:
                    result.articles_skipped += 1
                    continue
                known.add(article.id)
                self._insert_article(cursor, article, now)
                result.articles_added += 1
                for mention in mentions:
                    event_id = self._event_for(cursor, mention, batch) if is_event_mention(mention) else None
                    self._insert_mention(cursor, mention, event_id)
                    result.mentions_added += 1
            for event_id, block in batch.stored_blocks.items():
                self._rebuild_event(cursor, event_id, block=block, now=now)
            for block, events in batch.new_events.items():
                for event_id, event_mentions in events:
                    self._write_event(cursor, build_event(event_id, event_mentions), block=block, now=now)
            result.event_ids = set(batch.stored_blocks) | {
                i for es in batch.new_events.values() for i, _ in es
            }
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        return result

    def record_error(self, origin: str, message: str) -> None:
        self.connection.execute(
            "INSERT INTO ingest_errors(origin, message, at) VALUES (?, ?, ?)", (origin, message, _now())
        )

    def _insert_article(self, cursor: sqlite3.Cursor, article: Article, now: str) -> None:
        cursor.execute(
            "INSERT INTO articles(id, url, title, source, published, language, origin, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    def _event_for(self, cursor: sqlite3.Cursor, mention: Mention, merge: _BatchMerge) -> str:
        """The id of the event this mention reports: a stored one, one new in this batch, or a new one."""
        block = block_key(mention)
        if merge.policy == "off":
            event_id = new_event_id(block, mention.id)
            merge.new_events.setdefault(block, []).append((event_id, [mention]))
            return event_id
        rows = cursor.execute(
            _CANDIDATE_EVENTS_SQL,
            (block, *_date_window(mention), mention.event_date, date_slack(mention.time_precision)),
        )
        for event_id, record in rows.fetchall():
            if joins_event(_EVENT_DECODER.decode(record), mention):
                merge.stored_blocks[event_id] = block
                return str(event_id)
        # Events started earlier in this batch are written at its end, once, with all their mentions.
        pending = merge.new_events.setdefault(block, [])
        for event_id, event_mentions in pending:
            if joins_event(build_event(event_id, event_mentions), mention):
                event_mentions.append(mention)
                return event_id
        event_id = new_event_id(block, mention.id)
        pending.append((event_id, [mention]))
        return event_id

    def _rebuild_event(self, cursor: sqlite3.Cursor, event_id: str, *, block: str, now: str) -> None:
        rows = cursor.execute("SELECT record FROM mentions WHERE event_id = ?", (event_id,)).fetchall()
        mentions = [_MENTION_DECODER.decode(row[0]) for row in rows]
        self._write_event(cursor, build_event(event_id, mentions), block=block, now=now)

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

    def events(self, query: EventQuery | None = None) -> list[Event]:
        query = query or EventQuery()
        clauses, params = [], []
        if query.country:
            clauses.append("country = ? COLLATE NOCASE")
            params.append(query.country)
        if query.since:
            clauses.append("event_date >= ?")
            params.append(query.since)
        if query.until:
            clauses.append("event_date <= ?")
            params.append(query.until)
        if query.event_type:
            clauses.append("(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)")
            params.extend([query.event_type, query.event_type])
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        limit = f"LIMIT {int(query.limit)}" if query.limit else ""
        sql = f"SELECT record FROM events {where} ORDER BY event_date, country, id {limit}"
        return [_EVENT_DECODER.decode(row[0]) for row in self.connection.execute(sql, params)]

    def event(self, event_id: str) -> Event | None:
        row = self.connection.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
        return _EVENT_DECODER.decode(row[0]) if row else None

    def mentions_of_event(self, event_id: str) -> list[Mention]:
        rows = self.connection.execute(
            "SELECT record FROM mentions WHERE event_id = ? ORDER BY id", (event_id,)
        )
        return [_MENTION_DECODER.decode(row[0]) for row in rows]

    def article(self, article_id: str) -> Article | None:
        row = self.connection.execute(
            "SELECT id, text, title, url, source, published, language, origin FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("id", "text", "title", "url", "source", "published", "language", "origin")
        return msgspec.convert(dict(zip(keys, row, strict=True)), Article)

    def counts(self) -> dict[str, int]:
        tables = ("articles", "mentions", "events", "ingest_errors")
        return {t: int(self.connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


# Events of the block near the mention's date whose gap fits the vaguer date's slack
# (`cluster.dates_compatible`, done in SQL so that far-off events are never decoded).
_SLACK_SQL = " ".join(f"WHEN {precision} THEN {days}" for precision, days in DATE_SLACK_DAYS.items())
_CANDIDATE_EVENTS_SQL = (
    "SELECT id, record FROM events WHERE block_key = ? AND event_date BETWEEN ? AND ?"
    " AND abs(julianday(event_date) - julianday(?))"
    f" <= max(?, CASE time_precision {_SLACK_SQL} ELSE {max(DATE_SLACK_DAYS.values())} END)"
    " ORDER BY rowid"
)


def _date_window(mention: Mention) -> tuple[str, str]:
    """Event dates worth comparing with the mention's: within the widest slack of any precision."""
    if mention.event_date is None:
        return ("", "")
    day = dt.date.fromisoformat(mention.event_date)
    slack = dt.timedelta(days=max(DATE_SLACK_DAYS.values()))
    return ((day - slack).isoformat(), (day + slack).isoformat())


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
