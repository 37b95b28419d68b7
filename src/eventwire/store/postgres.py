"""The PostgreSQL + PostGIS store: the same tables, meaning and merging as SQLite, on a server.

`PostgresStore("postgresql://user@host/dbname")` opens (and migrates) a store held in the
connection's current schema; `read_only=True` changes nothing and refuses a schema that holds no
store. Migrations (`migrations_pg/`, numbered as SQLite's) run under a transaction-scoped advisory
lock, so two processes opening one new store at once migrate it once. A batch is one transaction:
in the store whole or not at all; articles already stored are skipped, so ingesting again changes
nothing. Concurrent writers queue on one row (`eventwire_store.writes`), as SQLite's writers queue
on its file lock: merging must see every event committed before it.

Merging is eventwire.store.merging, shared with SQLite; this module only answers its questions.
Candidate events are found by block and date window (B-tree) and narrowed by distance (PostGIS
`ST_DWithin` over a `geography(Point)` with a GiST index), never by more than
`cluster.places_compatible` would: the exact test runs in Python on both engines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

import msgspec
import psycopg

from eventwire.cluster import (
    DATE_SLACK_DAYS,
    SAME_PLACE_KM,
    block_key,
    date_slack,
    is_event_mention,
    place_key,
)
from eventwire.errors import StoreError
from eventwire.records import Article, Event, Mention, Place
from eventwire.store.base import BatchResult, MergePolicy
from eventwire.store.merging import BatchMerge, KnownEvents, date_window, now_iso
from eventwire.store.reading import StoreReading

_MENTION_DECODER = msgspec.json.Decoder(Mention)
_EVENT_DECODER = msgspec.json.Decoder(Event)
_ENCODER = msgspec.json.Encoder()

# The two keys of the advisory lock that migrations hold: "EVNT", then what is locked.
APPLICATION_ID = 0x45564E54
_MIGRATION_LOCK = 1
# The radius that narrows candidate events, with room for PostGIS's sphere and eventwire's
# haversine to disagree a little: the exact 30 km test is done in Python afterwards.
_REACH_M = SAME_PLACE_KM * 1000 * 1.01 + 1000


def migrations() -> list[tuple[int, str]]:
    """Numbered PostgreSQL migrations shipped with the package, in order (the SQLite numbers)."""
    folder = resources.files("eventwire.store") / "migrations_pg"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class PostgresStore(StoreReading):
    """Articles, mentions and events in a PostgreSQL schema (the connection's current one)."""

    _known_events: KnownEvents | None = None

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.where = _display_url(url)
        self.read_only = read_only
        self.connection = self._connect()
        try:
            with self._explaining_errors():
                if read_only:
                    self.connection.execute("SET default_transaction_read_only = on")
                    self._check_readable_schema()
                else:
                    self.migrate()
        except BaseException:
            self.connection.close()
            raise

    def schema_version(self) -> int:
        with self._explaining_errors():
            if not _has_table(self.connection.cursor(), "eventwire_store"):
                return 0
            return int(self._one("SELECT schema_version FROM eventwire_store"))

    def migrate(self) -> None:
        """Bring the schema to the newest version, all pending migrations in one transaction.

        The advisory lock is taken before the version is read: of two processes creating one new
        store at once, one migrates while the other waits, then finds nothing left to do.
        """
        with self.connection.transaction():
            cursor = self.connection.cursor()
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", (APPLICATION_ID, _MIGRATION_LOCK))
            self._ensure_postgis(cursor)
            current = self._recognise(cursor)
            for version, script in migrations():
                if version > current:
                    cursor.execute(script.encode("utf-8"))  # no parameters: run as one script
                    cursor.execute("UPDATE eventwire_store SET schema_version = %s", (version,))

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(self.url, autocommit=True)
        except psycopg.Error as error:
            raise StoreError(
                f"{self.where}: cannot connect to PostgreSQL ({_first_line(error)}); check that the "
                "server is running and that the URL's user, host and database are right"
            ) from error

    def _ensure_postgis(self, cursor: psycopg.Cursor[Any]) -> None:
        """PostGIS in this database: created when this user may, else a message for the admin."""
        if cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
            return
        try:
            cursor.execute("CREATE EXTENSION postgis")
        except psycopg.Error as error:
            raise StoreError(
                f"{self.where}: this database lacks the PostGIS extension and this user cannot add it "
                f"({_first_line(error)}); ask its administrator to run `CREATE EXTENSION postgis` in it "
                "(Debian: apt-get install postgresql-15-postgis-3)"
            ) from error

    def _recognise(self, cursor: psycopg.Cursor[Any]) -> int:
        """The schema's store version (0: none yet), once it is known to be eventwire's or empty."""
        if not _has_table(cursor, "eventwire_store"):
            if _own_tables(cursor):
                raise StoreError(
                    f"{self.where}: this schema holds tables that eventwire did not make, which it leaves "
                    "unchanged; give another database, or another schema (options=-csearch_path=NAME)"
                )
            return 0
        row = cursor.execute("SELECT schema_version FROM eventwire_store").fetchone()
        version = int(row[0]) if row else 0
        newest = migrations()[-1][0]
        if version > newest:
            raise StoreError(
                f"{self.where}: made by a newer eventwire (schema {version}; this one knows up to "
                f"{newest}); upgrade eventwire, or use another --db"
            )
        return version

    def _check_readable_schema(self) -> None:
        """A reader refuses what a writer would, and a schema that holds no store yet."""
        if self._recognise(self.connection.cursor()) == 0:
            raise StoreError(
                f"{self.where}: holds no event store yet; run `eventwire ingest PATH --db URL` first"
            )

    @contextmanager
    def _explaining_errors(self) -> Iterator[None]:
        """PostgreSQL's errors as StoreErrors that name the database and say what to do."""
        try:
            yield
        except psycopg.Error as error:
            raise _store_error(self.where, error) from error

    # -- writing -------------------------------------------------------------------------------

    def add_batch(
        self, coded: Sequence[tuple[Article, Sequence[Mention]]], *, merge: MergePolicy = "acled"
    ) -> BatchResult:
        """Store articles with their mentions and merge the mentions into events, atomically
        (see SqliteStore.add_batch: the same merging, the same events)."""
        result = BatchResult()
        with self._explaining_errors(), self.connection.transaction():
            cursor = self.connection.cursor()
            writes = self._queue_for_writing(cursor)
            events = _PostgresEvents(cursor, now_iso())
            batch = BatchMerge(policy=merge, known=self._known(writes), store=events)
            known = self.known_article_ids(article.id for article, _ in coded)
            if merge == "acled":
                events.look_up_candidates(
                    [m for a, ms in coded if a.id not in known for m in ms if is_event_mention(m)]
                )
            for article, mentions in coded:
                if article.id in known:
                    result.articles_skipped += 1
                    continue
                known.add(article.id)
                events.add_article(article)
                result.articles_added += 1
                for mention in mentions:
                    events.add_mention(
                        mention, batch.event_for(mention) if is_event_mention(mention) else None
                    )
                    result.mentions_added += 1
            events.flush_articles_and_mentions()  # a cold stored event is rebuilt from them
            batch.write_events()
            events.flush_events()
            result.event_ids = batch.event_ids()
        assert self._known_events is not None
        self._known_events.data_version = writes  # committed: this batch is known, not foreign
        return result

    def record_error(self, origin: str, message: str) -> None:
        with self._explaining_errors():
            self.connection.execute(
                "INSERT INTO ingest_errors(origin, message, at) VALUES (%s, %s, %s)",
                (_text(origin), _text(message), now_iso()),
            )

    def _queue_for_writing(self, cursor: psycopg.Cursor[Any]) -> int:
        """Wait for other writers (the counter row stays locked until commit); the count of batches."""
        row = cursor.execute("UPDATE eventwire_store SET writes = writes + 1 RETURNING writes").fetchone()
        assert row is not None
        return int(row[0])

    def _known(self, writes: int) -> KnownEvents:
        """Stored events known from earlier batches, forgotten if another writer came in between."""
        if self._known_events is None:
            self._known_events = KnownEvents()
        self._known_events.begin(writes - 1)  # what the counter was when this batch began
        return self._known_events

    # -- reading -------------------------------------------------------------------------------

    def _one(self, sql: str) -> Any:
        row = self.connection.execute(sql).fetchone()
        assert row is not None
        return row[0]

    # The reading dialect (store/reading.py): SQLite's NOCASE and byte-wise, NULL-first order.
    MARK = "%s"
    ORDER = 'event_date NULLS FIRST, country COLLATE "C", id'

    def _equal_ignoring_case(self, column: str) -> str:
        return f"lower({column}) = lower(%s)"  # ASCII-only in effect, as SQLite's NOCASE

    def _in_list(self, column: str, values: list[str]) -> tuple[str, list[object]]:
        return f"{column} = ANY(%s)", [values]

    def _execute(self, sql: str, params: Sequence[object]) -> psycopg.Cursor[Any]:
        return self.connection.execute(sql, params)

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        with self._explaining_errors():
            return self.connection.execute(sql, params).fetchall()


class _PostgresEvents:
    """The store's events as merging sees them within one batch's transaction.

    Rows are sent in bulk (psycopg pipelines `executemany`): articles and mentions before the
    batch's events are written (a cold stored event is rebuilt from its mentions), events at the
    end. Merging reads nothing that the buffered rows would change: a stored event's mention count
    is read before any mention of this batch joins it.
    """

    def __init__(self, cursor: psycopg.Cursor[Any], now: str) -> None:
        self.cursor, self.now = cursor, now
        self.articles: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.candidates: dict[tuple[str, str], list[str]] = {}  # (mention id, block) -> event ids

    def candidate_ids(self, block: str, mention: Mention) -> list[str]:
        if mention.event_date is None:  # no date matches none (as SQLite's empty window)
            return []
        if (mention.id, block) not in self.candidates:
            self.look_up_candidates([mention])
        return self.candidates[(mention.id, block)]

    def look_up_candidates(self, mentions: Sequence[Mention]) -> None:
        """Every mention's candidate events in one query, not one round trip each: stored events
        do not change until the batch's end, so a lookup made at its start stays true."""
        dated = [mention for mention in mentions if mention.event_date is not None]
        if not dated:
            return
        rows = (_lookup_row(number, mention) for number, mention in enumerate(dated))
        columns = [list(column) for column in zip(*rows, strict=True)]  # lists: PostgreSQL arrays
        keys = [(mention.id, block_key(mention)) for mention in dated]
        for key in keys:
            self.candidates[key] = []
        for number, event_id in self.cursor.execute(_CANDIDATE_EVENTS_SQL, [*columns, _REACH_M]):
            self.candidates[keys[number]].append(event_id)

    def mention_count(self, event_id: str) -> int:
        row = self.cursor.execute("SELECT count(*) FROM mentions WHERE event_id = %s", (event_id,)).fetchone()
        return int(row[0]) if row else 0

    def stored_event(self, event_id: str) -> Event:
        row = self.cursor.execute("SELECT record FROM events WHERE id = %s", (event_id,)).fetchone()
        assert row is not None, f"candidate event {event_id} vanished within its transaction"
        return _EVENT_DECODER.decode(row[0])

    def stored_mentions(self, event_id: str) -> list[Mention]:
        rows = self.cursor.execute("SELECT record FROM mentions WHERE event_id = %s", (event_id,)).fetchall()
        return [_MENTION_DECODER.decode(record) for (record,) in rows]

    def add_article(self, article: Article) -> None:
        self.articles.append(_article_row(article, self.now))

    def add_mention(self, mention: Mention, event_id: str | None) -> None:
        self.mentions.append(_mention_row(mention, event_id))

    def write_event(self, event: Event, *, block: str) -> None:
        event.updated_at = self.now
        self.events.append(_event_row(event, block, self.now))

    def flush_articles_and_mentions(self) -> None:
        if self.articles:
            self.cursor.executemany(_INSERT_ARTICLE_SQL, self.articles)
        if self.mentions:
            self.cursor.executemany(_UPSERT_MENTION_SQL, self.mentions)
        self.articles, self.mentions = [], []

    def flush_events(self) -> None:
        if self.events:
            self.cursor.executemany(_UPSERT_EVENT_SQL, self.events)
        self.events = []


# Events of the block near the mention's date whose gap fits the vaguer date's slack (as on
# SQLite), and whose place may be compatible with the mention's: within reach, or an area, or
# without a point, or with the same place key. Oldest write first, as SQLite's rowid order.
_SLACK_SQL = " ".join(f"WHEN {precision} THEN {days}" for precision, days in DATE_SLACK_DAYS.items())
_CANDIDATE_EVENTS_SQL = (
    "SELECT q.number, e.id FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[],"
    " %s::int[], %s::bool[], %s::text[], %s::float8[], %s::float8[])"
    " AS q(number, block, low, high, day, slack, anywhere, place_key, lon, lat)"
    " CROSS JOIN LATERAL (SELECT id, write_order FROM events"
    " WHERE block_key = q.block AND event_date BETWEEN q.low AND q.high"
    " AND abs(event_date::date - q.day::date)"
    f" <= greatest(q.slack, CASE time_precision {_SLACK_SQL} ELSE {max(DATE_SLACK_DAYS.values())} END)"
    " AND (q.anywhere OR place_point IS NULL OR place_is_area OR merge_place_key = q.place_key"
    " OR ST_DWithin(place_point, ST_SetSRID(ST_MakePoint(q.lon, q.lat), 4326)::geography, %s, false))"
    ") AS e ORDER BY q.number, e.write_order"
)
# Mentions that merging left out of events (`cluster.is_event_mention`) and that PLOVER records.
_INSERT_ARTICLE_SQL = (
    "INSERT INTO articles(id, url, title, source, published, language, origin, text, ingested_at,"
    " source_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_UPSERT_MENTION_SQL = (
    "INSERT INTO mentions(id, article_id, event_id, status, event_type, sub_event_type, plover_type,"
    " event_date, country, record) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (id) DO UPDATE SET article_id = EXCLUDED.article_id, event_id = EXCLUDED.event_id,"
    " status = EXCLUDED.status, event_type = EXCLUDED.event_type,"
    " sub_event_type = EXCLUDED.sub_event_type, plover_type = EXCLUDED.plover_type,"
    " event_date = EXCLUDED.event_date, country = EXCLUDED.country, record = EXCLUDED.record"
)
# A rewritten event moves to the end of the write order, as SQLite's INSERT OR REPLACE does.
_UPSERT_EVENT_SQL = (
    "INSERT INTO events(id, event_type, sub_event_type, event_date, country, record, updated_at,"
    " block_key, time_precision, place_point, merge_place_key, place_is_area)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
    " ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s, %s)"
    " ON CONFLICT (id) DO UPDATE SET event_type = EXCLUDED.event_type,"
    " sub_event_type = EXCLUDED.sub_event_type, event_date = EXCLUDED.event_date,"
    " country = EXCLUDED.country, record = EXCLUDED.record, updated_at = EXCLUDED.updated_at,"
    " block_key = EXCLUDED.block_key, time_precision = EXCLUDED.time_precision,"
    " place_point = EXCLUDED.place_point, merge_place_key = EXCLUDED.merge_place_key,"
    " place_is_area = EXCLUDED.place_is_area, write_order = EXCLUDED.write_order"
)


def _lookup_row(number: int, mention: Mention) -> tuple[Any, ...]:
    """One mention's row of the candidate lookup (see _CANDIDATE_EVENTS_SQL)."""
    low, high = date_window(mention)
    point = _point(mention.place)
    return (
        number,
        block_key(mention),
        low,
        high,
        mention.event_date,
        date_slack(mention.time_precision),
        point is None or _is_area(mention.place),
        place_key(mention.place),
        point[0] if point else None,
        point[1] if point else None,
    )


def _article_row(article: Article, now: str) -> tuple[Any, ...]:
    return (
        article.id,
        _text(article.url),
        _text(article.title),
        _text(article.source),
        article.published,
        article.language,
        _text(article.origin),
        _text(article.text),
        now,
        _text(article.source_id),
    )


def _mention_row(mention: Mention, event_id: str | None) -> tuple[Any, ...]:
    return (
        mention.id,
        mention.article_id,
        event_id,
        mention.status,
        mention.event_type,
        mention.sub_event_type,
        mention.plover_type,
        mention.event_date,
        mention.place.country if mention.place else "",
        _ENCODER.encode(mention).decode("utf-8"),  # JSON escapes a NUL: the record keeps it
    )


def _event_row(event: Event, block: str, now: str) -> tuple[Any, ...]:
    point = _point(event.place)
    return (
        event.id,
        event.event_type,
        event.sub_event_type,
        event.event_date,
        event.place.country if event.place else "",
        _ENCODER.encode(event).decode("utf-8"),
        now,
        block,
        event.time_precision,
        point[0] if point else None,
        point[1] if point else None,
        place_key(event.place),
        event.place is not None and _is_area(event.place),
    )


def _point(place: Place | None) -> tuple[float, float] | None:
    """(longitude, latitude) when the place has a point PostGIS accepts; else None (no narrowing)."""
    if place is None or place.latitude is None or place.longitude is None:
        return None
    lat, lon = float(place.latitude), float(place.longitude)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (lon, lat)


def _is_area(place: Place | None) -> bool:
    """A region or a country: places_compatible joins it by name, at any distance (as cluster's)."""
    return place is not None and (place.geo_precision >= 3 or place.feature in ("country", "admin1"))


def _text(value: str) -> str:
    """PostgreSQL text cannot hold NUL characters, which SQLite keeps: they become U+FFFD."""
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def _has_table(cursor: psycopg.Cursor[Any], name: str) -> bool:
    sql = "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s"
    return cursor.execute(sql, (name,)).fetchone() is not None


def _own_tables(cursor: psycopg.Cursor[Any]) -> list[str]:
    """Tables and views in the current schema that no extension owns (PostGIS keeps some there)."""
    sql = (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')"
        " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
    )
    return [row[0] for row in cursor.execute(sql).fetchall()]


def _display_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"^(\w+://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _store_error(where: str, error: psycopg.Error) -> StoreError:
    """A StoreError naming the database, saying what went wrong in words and what to do."""
    if isinstance(error, psycopg.errors.DiskFull | psycopg.errors.OutOfMemory):
        problem = "the server is out of disk space or memory"
        advice = "free some and run the command again: everything committed before is kept"
    elif isinstance(error, psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction):
        problem = "this user may not write here"
        advice = "ask for write access (`eventwire events` and `show` can still read it)"
    elif isinstance(error, psycopg.OperationalError):
        problem = "the connection to the server failed"
        advice = "check that the server is up, then run the command again"
    else:
        problem = "the database failed"
        advice = "run the command again; if it fails again, give another --db"
    return StoreError(f"{where}: {problem} ({_first_line(error)}); {advice}")
