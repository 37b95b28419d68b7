"""Read-only SQL over the event store for `eventwire serve`: filters, keyset pages, facets, timeline.

The store is opened with `open_store(db, read_only=True)`, one connection per thread (SQLite
connections are not shared between threads): a SQLite file or a postgresql:// URL. Each query is
written once, for both engines; the few fragments that differ come from server.dialect. Every value a user gives is a bound parameter; the
SQL text is built only from the fixed fragments below. ACLED's derived columns (country names,
numeric iso, regions, admin1 names) are translated to what the store holds before the query runs,
so the filters use the generated columns and indexes of migrations 6 and 8.

Each typical query walks one index of migration 8 that bounds what it reads, and the index holds
every value the walk tests (SQLite reads a VIRTUAL column's value from an index instead of parsing
the JSON record): a page is chosen on index entries alone, and only its own rows' records are read.
Dates are compared as `ifnull(event_date, '')` (PostgreSQL: coalesce), the expression those indexes
hold. On PostgreSQL the same queries run on migrations_pg 6 and 8's columns and indexes.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import pycountry

from eventwire.acled_names import admin1_name, country_name, iso_number
from eventwire.errors import StoreError
from eventwire.records import Event
from eventwire.regions import acled_region
from eventwire.server.dialect import Dialect, PostgresDialect, SqliteDialect, marks
from eventwire.server.params import FACET_NAMES, Comparison, EventFilter, Listing, TextMatch
from eventwire.store import EventStore, SqliteStore, is_postgres_url, open_store

SEARCH_SCHEMA = 8  # the migration that adds the last of the columns and indexes used here
_EVENT_DECODER = msgspec.json.Decoder(Event)
SQLITE = SqliteDialect()
DATE_KEY = "{date_key}"  # replaced by the dialect's date key, the expression the date indexes hold

# Sort name -> (SQL expression, descending). The expressions match migration 8's indexes.
_SORTS = {
    "event_date": (DATE_KEY, False),
    "-event_date": (DATE_KEY, True),
    "fatalities": ("e.fatalities", False),
    "-fatalities": ("e.fatalities", True),
    "timestamp": ("e.updated_at", False),
    "-timestamp": ("e.updated_at", True),
}
_TEXT_COLUMNS = {
    "event_id_cnty": "e.id",
    "event_type": "e.event_type",
    "sub_event_type": "e.sub_event_type",
    "disorder_type": "e.disorder_type",
    "actor1": "e.actor1",
    "actor2": "e.actor2",
}
# A full-text search matched by at least this many events is answered by walking the page's sort
# index and testing each row against the matches; fewer, by reading the matches and sorting them.
# (Walking reads about limit x events / matches rows; reading reads every match: at a million
# events and a page of 500 the two cost the same near 10,000 matches.)
FTS_WALK_FROM = 10_000


class Sql:
    """A WHERE clause and its bound parameters, built up fragment by fragment."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def where(self) -> str:
        return f"WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


@dataclass
class Page:
    events: list[Event]
    last_key: tuple[str | int, str] | None  # (sort value, id) of the last row, for the next cursor


class EventReader:
    """Queries over one store (a SQLite file or a postgresql:// URL), safe to call from any thread."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.postgres = is_postgres_url(path)
        self.dialect: Dialect = PostgresDialect(self.admin1_places) if self.postgres else SQLITE
        self._local = threading.local()
        self._check_schema(self.store())

    def store(self) -> Any:  # a SqliteStore or PostgresStore; both have .connection.execute
        store: EventStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.path, read_only=True)
            if isinstance(store, SqliteStore):
                store.connection.create_function("acled_admin1", 2, _acled_admin1, deterministic=True)
            self._local.store = store
        return store

    def _check_schema(self, store: EventStore) -> None:
        version = store.schema_version()
        if version < SEARCH_SCHEMA:
            raise StoreError(
                f"{self.path}: made by an older eventwire (schema {version}); the server needs the "
                f"search index of schema {SEARCH_SCHEMA}: run `eventwire serve --db {self.path} "
                "--upgrade` once (it writes the index), or ingest into the store again"
            )

    def rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        sql = self.dialect.sql(sql)
        try:
            return list(self.store().connection.execute(sql, params).fetchall())
        except _query_errors(self.postgres) as error:
            raise StoreError(f"{self.path}: the query failed ({error})") from error

    def admin1_places(self, names: Sequence[str]) -> list[tuple[str, str]]:
        """The stored (admin1, iso) pairs that ACLED names one of `names` (ignoring ASCII case),
        for an engine that cannot call _acled_admin1 inside SQL."""
        wanted = {_ascii_lower(name) for name in names}
        stored = self.rows(
            "SELECT DISTINCT e.place_admin1, coalesce(e.place_iso, '') FROM events AS e"
            " WHERE e.place_admin1 IS NOT NULL",
            [],
        )
        return [(name, iso) for name, iso in stored if _ascii_lower(_acled_admin1(name, iso)) in wanted]

    # -- events ----------------------------------------------------------------------------------

    def page(self, event_filter: EventFilter, listing: Listing) -> Page:
        """One page of events in the listing's order, after its cursor (or at its ACLED page)."""
        expression, descending = _SORTS[listing.sort]
        expression = expression.replace(DATE_KEY, self.dialect.date_key)
        walk = event_filter.q is not None and self.many_text_matches(event_filter.q)
        sql = where_sql(event_filter, self.dialect, walk_text=walk)
        if listing.cursor is not None:
            # Written out rather than as a row value `(k, id) < (?, ?)`, which SQLite does not
            # seek an expression index with: this form starts at the cursor instead of scanning to it.
            before = "<" if descending else ">"
            value, last_id = listing.cursor
            sql.add(
                f"{expression} {before}= ? AND ({expression} {before} ? OR e.id {before} ?)",
                value,
                value,
                last_id,
            )
        direction = "DESC" if descending else "ASC"
        # The page's rows are chosen first, on what the indexes hold; the records (kilobytes of
        # JSON each) are read for those rows only, not for every row the sort has to look at.
        chosen = (
            f"SELECT e.{self.dialect.row_id} AS row_id, {expression} AS sort_key, e.id AS event_id FROM events AS e"
            f" {sql.where()} ORDER BY {expression} {direction}, e.id {direction}"
        )
        params = list(sql.params)
        if listing.limit is not None:
            chosen += " LIMIT ? OFFSET ?"
            params += [listing.limit, (listing.page - 1) * listing.limit if listing.page else 0]
        query = (
            f"SELECT e.record, k.sort_key FROM ({chosen}) AS k JOIN events AS e ON e.{self.dialect.row_id} = k.row_id"
            f" ORDER BY k.sort_key {direction}, k.event_id {direction}"
        )
        found = self.rows(query, params)
        events = [_EVENT_DECODER.decode(record) for record, _ in found]
        last_key = (found[-1][1], events[-1].id) if found else None
        return Page(events, last_key)

    def many_text_matches(self, fts_query: str) -> bool:
        """Whether at least FTS_WALK_FROM events match a full-text query (counting stops there)."""
        sql = self.dialect.count_text_matches_sql()
        if sql is None:
            return False
        return int(self.rows(sql, [fts_query, FTS_WALK_FROM])[0][0]) >= FTS_WALK_FROM

    def stream(self, event_filter: EventFilter, listing: Listing, chunk: int = 1000) -> Iterator[Event]:
        """Every matching event (up to the listing's limit), read in keyset chunks: memory stays
        bounded, and each chunk is its own query, so the iterator may move between threads."""
        remaining = listing.limit
        cursor = listing.cursor
        while remaining is None or remaining > 0:
            size = chunk if remaining is None else min(chunk, remaining)
            step = Listing(limit=size, cursor=cursor, sort=listing.sort, page=None)
            page = self.page(event_filter, step)
            yield from page.events
            if len(page.events) < size or page.last_key is None:
                return
            cursor = page.last_key
            remaining = None if remaining is None else remaining - len(page.events)

    def event(self, event_id: str) -> Event | None:
        return self.store().event(event_id)


def _query_errors(postgres: bool) -> tuple[type[Exception], ...]:
    """The engine's own query errors, turned into StoreErrors (psycopg is imported only if used)."""
    if not postgres:
        return (sqlite3.Error,)
    import psycopg

    return (psycopg.Error,)


@functools.cache
def _acled_admin1(name: str | None, iso: str | None) -> str:
    """ACLED's admin1 name of a stored place, as the export writes it (registered as an SQL function)."""
    return admin1_name(name, country=iso or "") if name else ""


@functools.cache
def _countries() -> dict[str, tuple[str, int | None, str]]:
    """ISO alpha-2 -> (ACLED's name, ACLED's numeric iso, ACLED's region), for every country."""
    codes = [country.alpha_2 for country in pycountry.countries] + ["XK"]
    return {code: (country_name(code), iso_number(code), acled_region(code)) for code in codes}


def _codes_where(matches: Any) -> list[str]:
    return [code for code, entry in _countries().items() if matches(entry)]


# -- the WHERE clause ------------------------------------------------------------------------------


def where_sql(event_filter: EventFilter, dialect: Dialect = SQLITE, *, walk_text: bool = False) -> Sql:
    """The filter as SQL over `events AS e`, every value bound. `walk_text`: test each row the
    plan walks against the full-text matches, rather than start from the matches."""
    sql = Sql()
    for name, match in event_filter.texts.items():
        columns = ["e.actor1", "e.actor2"] if name == "actor" else [_TEXT_COLUMNS[name]]
        _add_text(sql, dialect, columns, match)
    _add_places(sql, event_filter)
    if event_filter.admin1:
        sql.add(*_flat(dialect.admin1_in(event_filter.admin1)))
    if event_filter.interaction:
        interaction = _interaction_sql(dialect)
        sql.add(f"{interaction} IN ({_marks(event_filter.interaction)})", *event_filter.interaction)
    if event_filter.year:
        _add_years(sql, dialect, event_filter.year)
    if event_filter.source:
        sql.add(
            f"e.id IN (SELECT event_id FROM event_sources WHERE source IN ({_marks(event_filter.source)}))",
            *event_filter.source,
        )
    _add_dates(sql, dialect, event_filter.event_date)
    _add_comparison(sql, "e.fatalities", event_filter.fatalities)
    _add_bbox(sql, event_filter.bbox)
    if event_filter.q:
        sql.add(*_flat(dialect.text_match(event_filter.q, walk=walk_text)))
    if event_filter.since:
        sql.add("e.updated_at >= ?", event_filter.since)
    return sql


def _flat(clause: tuple[str, list[Any]]) -> list[Any]:
    """A dialect's (clause, params) as Sql.add's arguments."""
    return [clause[0], *clause[1]]


def _interaction_sql(dialect: Dialect) -> str:
    """ACLED's interaction code from the two actors' codes (export.interaction_code, in SQL)."""
    low, high = dialect.least_greatest("e.inter1", "e.inter2")
    return (
        "(CASE WHEN e.inter1 = 0 THEN 10 * e.inter2 WHEN e.inter2 = 0 THEN 10 * e.inter1"
        f" ELSE 10 * {low} + {high} END)"
    )


def _add_text(sql: Sql, dialect: Dialect, columns: list[str], match: TextMatch) -> None:
    if match.like:
        patterns = ["%" + _escape_like(value) + "%" for value in match.values]
        tests = [dialect.like(column) for column in columns for _ in patterns]
        sql.add(f"({' OR '.join(tests)})", *(patterns * len(columns)))
    else:
        tests = [dialect.nocase_in(column, len(match.values)) for column in columns]
        sql.add(f"({' OR '.join(tests)})", *(list(match.values) * len(columns)))


def _add_places(sql: Sql, event_filter: EventFilter) -> None:
    """country, region and iso: ACLED's names and codes, translated to the place keys stored
    (migration 8's `place_key`: the ISO code, or '=' and the lower-cased name of a place without one)."""
    if event_filter.country:
        wanted = {name.casefold() for name in event_filter.country}
        codes = _codes_where(lambda entry: entry[0].casefold() in wanted)
        # A place with no ISO code is exported under its own country name: match that too.
        names = ["=" + _ascii_lower(name) for name in event_filter.country]
        sql.add(f"e.place_key IN ({_marks(codes + names)})", *codes, *names)
    if event_filter.region:
        wanted = {name.casefold() for name in event_filter.region}
        codes = _codes_where(lambda entry: entry[2].casefold() in wanted)
        sql.add(f"e.place_key IN ({_marks(codes)})", *codes)
    if event_filter.iso:
        numbers = set(event_filter.iso)
        codes = _codes_where(lambda entry: entry[1] in numbers)
        sql.add(f"e.place_key IN ({_marks(codes)})", *codes)


def _ascii_lower(text: str) -> str:
    """Lower case as SQLite's lower() and COLLATE NOCASE fold: ASCII letters only."""
    return "".join(char.lower() if char.isascii() else char for char in text)


def _add_dates(sql: Sql, dialect: Dialect, comparison: Comparison | None) -> None:
    """event_date compared as the date indexes hold it. An undated event is '' there, which no
    date is below: `<` and `<=` alone would match it, so they leave it out explicitly."""
    _add_comparison(sql, dialect.date_key, comparison)
    if comparison is not None and comparison.op in ("<", "<="):
        sql.add("e.event_date IS NOT NULL")


def _add_years(sql: Sql, dialect: Dialect, years: tuple[int, ...]) -> None:
    """ACLED's `year` as ranges of dates, which the date indexes can seek: year Y is every date
    from 'Y' up to (not including) 'Y' with its last digit raised by one ('2024' for 2023)."""
    ranges = []
    for year in years:
        first = f"{year:04d}"
        ranges.append((first, first[:-1] + chr(ord(first[-1]) + 1)))
    tests = [f"({dialect.date_key} >= ? AND {dialect.date_key} < ?)" for _ in ranges]
    sql.add(f"({' OR '.join(tests)})", *(bound for pair in ranges for bound in pair))


def _add_comparison(sql: Sql, column: str, comparison: Comparison | None) -> None:
    if comparison is None:
        return
    if comparison.op == "BETWEEN":
        sql.add(f"{column} BETWEEN ? AND ?", *comparison.values)
    elif comparison.op == "=":
        sql.add(f"{column} IN ({_marks(comparison.values)})", *comparison.values)
    else:  # one of the fixed operators params.COMPARISONS allows, never user text
        sql.add(f"{column} {comparison.op} ?", comparison.values[0])


def _add_bbox(sql: Sql, bbox: tuple[float, float, float, float] | None) -> None:
    if bbox is None:
        return
    min_lon, min_lat, max_lon, max_lat = bbox
    sql.add("e.latitude BETWEEN ? AND ?", min_lat, max_lat)
    if min_lon <= max_lon:
        sql.add("e.longitude BETWEEN ? AND ?", min_lon, max_lon)
    else:  # a box across the antimeridian
        sql.add("(e.longitude >= ? OR e.longitude <= ?)", min_lon, max_lon)


def _marks(values: Any) -> str:
    """Placeholders for a list; an empty list gives NULL, which matches nothing in IN (...)."""
    return marks(len(values))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- summaries -------------------------------------------------------------------------------------

FACET_LIMIT = 50
_FACET_SQL = {
    "event_type": "SELECT e.event_type, count(*) FROM events AS e {where} GROUP BY 1",
    "sub_event_type": "SELECT e.sub_event_type, count(*) FROM events AS e {where} GROUP BY 1",
    "disorder_type": "SELECT e.disorder_type, count(*) FROM events AS e {where} GROUP BY 1",
    "country": "SELECT e.place_key, count(*) FROM events AS e {where} GROUP BY 1",
    "actor": "SELECT actor, count(*) FROM (SELECT e.actor1 AS actor FROM events AS e {where}"
    " UNION ALL SELECT e.actor2 FROM events AS e {where}) AS a GROUP BY 1",
    "source": "SELECT s.source, count(*) FROM event_sources AS s JOIN events AS e ON e.id = s.event_id"
    " {where} GROUP BY 1",
}
# Unfiltered, these facets are a scan of an index that holds their values, not of the table. The
# planner does not count an index holding VIRTUAL columns as covering, so it has to be told; the
# sources need no join to events at all. (SQLite only: PostgreSQL has no INDEXED BY.)
_WHOLE_STORE_SQL = {
    "country": "SELECT e.place_key, count(*) FROM events AS e INDEXED BY events_place_date GROUP BY 1",
    "source": "SELECT s.source, count(*) FROM event_sources AS s GROUP BY 1",
}


def facets(
    reader: EventReader, event_filter: EventFilter, names: tuple[str, ...] = FACET_NAMES
) -> dict[str, list[dict[str, Any]]]:
    """Counts of the filtered events by each facet in `names` (type, sub-type, disorder type,
    country, actor, source), the biggest first (an event with two actors counts once for each)."""
    sql = where_sql(event_filter, reader.dialect)
    result: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        if not sql.clauses and name in _WHOLE_STORE_SQL and reader.dialect.hints:
            rows = reader.rows(_WHOLE_STORE_SQL[name], [])
        else:
            repeats = 2 if name == "actor" else 1
            rows = reader.rows(_FACET_SQL[name].format(where=sql.where()), sql.params * repeats)
        if name == "country":
            rows = _country_rows(reader, rows, sql)
        counts: dict[str, int] = {}
        for value, count in rows:
            if value:
                counts[value] = counts.get(value, 0) + int(count)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        result[name] = [{"value": value, "count": count} for value, count in ranked]
    return result


def _country_rows(
    reader: EventReader, key_counts: list[tuple[str, int]], event_filter_sql: Sql
) -> list[tuple[str, int]]:
    """(label, count) from (place_key, count): a known ISO code is labelled with ACLED's name of
    it, any other place with the country names stored for its filtered events (as
    export.acled_place does); those names are read only for such places, usually none."""
    labelled = []
    for key, count in key_counts:
        name = _countries().get(key.upper(), ("",))[0] if key and not key.startswith("=") else ""
        if name:
            labelled.append((name, count))
            continue
        sql = Sql()
        sql.clauses, sql.params = (
            [*event_filter_sql.clauses, "e.place_key = ?"],
            [*event_filter_sql.params, key],
        )
        labelled += reader.rows(
            f"SELECT e.country, count(*) FROM events AS e {sql.where()} GROUP BY 1", sql.params
        )
    return labelled


def timeline(reader: EventReader, event_filter: EventFilter, interval: str) -> list[dict[str, Any]]:
    """Events and fatalities per day or ISO week (Monday) and event type; undated events left out."""
    sql = where_sql(event_filter, reader.dialect)
    # The week is migration 8's generated column (on PostgreSQL, set by a trigger), which its
    # timeline index holds with the type and fatalities: unfiltered, a scan of that index (see
    # _WHOLE_STORE_SQL) answers it.
    period = "e.event_date" if interval == "day" else "e.event_week"
    hint = reader.dialect.hints and not sql.clauses and interval == "week"
    whole_store = "INDEXED BY events_place_week" if hint else ""
    sql.add(f"{period} IS NOT NULL")
    rows = reader.rows(
        f"SELECT {period} AS period, e.event_type, count(*), sum(e.fatalities) FROM events AS e"
        f" {whole_store} {sql.where()} GROUP BY 1, 2 ORDER BY 1, 2",
        sql.params,
    )
    return [
        {"period": period, "event_type": event_type, "events": count, "fatalities": fatalities}
        for period, event_type, count, fatalities in rows
    ]


def changes(
    reader: EventReader, since: str, limit: int, cursor: tuple[str | int, str] | None
) -> list[dict[str, Any]]:
    """Events written at or after `since`, oldest change first. `new` is true when every article
    of the event was ingested at or after `since` (the store keeps no creation time of its own)."""
    sql = Sql()
    sql.add("e.updated_at >= ?", since)
    if cursor is not None:
        sql.add("(e.updated_at, e.id) > (?, ?)", *cursor)
    rows = reader.rows(
        f"SELECT e.id, e.updated_at FROM events AS e {sql.where()} ORDER BY e.updated_at, e.id LIMIT ?",
        [*sql.params, limit],
    )
    first_seen = _first_ingested(reader, [row[0] for row in rows])
    return [
        {"id": event_id, "updated_at": updated, "new": first_seen.get(event_id, "") >= since}
        for event_id, updated in rows
    ]


def _first_ingested(reader: EventReader, event_ids: list[str]) -> dict[str, str]:
    if not event_ids:
        return {}
    rows = reader.rows(
        "SELECT m.event_id, min(a.ingested_at) FROM mentions AS m JOIN articles AS a ON a.id = m.article_id"
        f" WHERE m.event_id IN ({_marks(event_ids)}) GROUP BY m.event_id",
        event_ids,
    )
    return {event_id: first for event_id, first in rows}
