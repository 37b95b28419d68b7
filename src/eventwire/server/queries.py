"""Read-only SQL over the event store for `eventwire serve`: filters, keyset pages, facets, timeline.

The store is opened with `SqliteStore(path, read_only=True)`, one connection per thread (SQLite
connections are not shared between threads). Every value a user gives is a bound parameter; the
SQL text is built only from the fixed fragments below. ACLED's derived columns (country names,
numeric iso, regions, admin1 names) are translated to what the store holds before the query runs,
so the filters use the generated columns and indexes of migration 6.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import msgspec
import pycountry

from eventwire.acled_names import admin1_name, country_name, iso_number
from eventwire.errors import StoreError
from eventwire.records import Event
from eventwire.regions import acled_region
from eventwire.server.params import Comparison, EventFilter, Listing, TextMatch
from eventwire.store import SqliteStore

SEARCH_SCHEMA = 6  # the migration that adds the columns, indexes and full-text table used here
_EVENT_DECODER = msgspec.json.Decoder(Event)

# Sort name -> (SQL expression, descending). The expressions match migration 6's indexes.
_SORTS = {
    "event_date": ("ifnull(e.event_date, '')", False),
    "-event_date": ("ifnull(e.event_date, '')", True),
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
# ACLED's interaction code from the two actors' codes (export.interaction_code, in SQL).
_INTERACTION_SQL = (
    "(CASE WHEN e.inter1 = 0 THEN 10 * e.inter2 WHEN e.inter2 = 0 THEN 10 * e.inter1"
    " ELSE 10 * min(e.inter1, e.inter2) + max(e.inter1, e.inter2) END)"
)
_WEEK_SQL = "date(e.event_date, '-' || ((CAST(strftime('%w', e.event_date) AS INTEGER) + 6) % 7) || ' days')"


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
    """Queries over one store file, safe to call from any thread."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._check_schema(self.store())

    def store(self) -> SqliteStore:
        store: SqliteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = SqliteStore(self.path, read_only=True)
            store.connection.create_function("acled_admin1", 2, _acled_admin1, deterministic=True)
            self._local.store = store
        return store

    def _check_schema(self, store: SqliteStore) -> None:
        version = store.schema_version()
        if version < SEARCH_SCHEMA:
            raise StoreError(
                f"{self.path}: made by an older eventwire (schema {version}); the server needs the "
                f"search index of schema {SEARCH_SCHEMA}: run `eventwire serve --db {self.path} "
                "--upgrade` once (it writes the index), or ingest into the store again"
            )

    def rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        try:
            return self.store().connection.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: the query failed ({error})") from error

    # -- events ----------------------------------------------------------------------------------

    def page(self, event_filter: EventFilter, listing: Listing) -> Page:
        """One page of events in the listing's order, after its cursor (or at its ACLED page)."""
        expression, descending = _SORTS[listing.sort]
        sql = where_sql(event_filter)
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
        query = (
            f"SELECT e.record, {expression} FROM events AS e {sql.where()}"
            f" ORDER BY {expression} {direction}, e.id {direction}"
        )
        params = list(sql.params)
        if listing.limit is not None:
            query += " LIMIT ? OFFSET ?"
            params += [listing.limit, (listing.page - 1) * listing.limit if listing.page else 0]
        found = self.rows(query, params)
        events = [_EVENT_DECODER.decode(record) for record, _ in found]
        last_key = (found[-1][1], events[-1].id) if found else None
        return Page(events, last_key)

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


def where_sql(event_filter: EventFilter) -> Sql:
    """The filter as SQL over `events AS e`, every value bound."""
    sql = Sql()
    for name, match in event_filter.texts.items():
        columns = ["e.actor1", "e.actor2"] if name == "actor" else [_TEXT_COLUMNS[name]]
        _add_text(sql, columns, match)
    _add_places(sql, event_filter)
    if event_filter.admin1:
        sql.add(f"acled_admin1(e.place_admin1, e.place_iso) COLLATE NOCASE IN ({_marks(event_filter.admin1)})",
                *event_filter.admin1)  # fmt: skip
    if event_filter.interaction:
        sql.add(f"{_INTERACTION_SQL} IN ({_marks(event_filter.interaction)})", *event_filter.interaction)
    if event_filter.year:
        years = [f"{year:04d}" for year in event_filter.year]
        sql.add(f"substr(e.event_date, 1, 4) IN ({_marks(years)})", *years)
    if event_filter.source:
        sql.add(
            f"e.id IN (SELECT event_id FROM event_sources WHERE source IN ({_marks(event_filter.source)}))",
            *event_filter.source,
        )
    _add_comparison(sql, "e.event_date", event_filter.event_date)
    _add_comparison(sql, "e.fatalities", event_filter.fatalities)
    _add_bbox(sql, event_filter.bbox)
    if event_filter.q:
        sql.add(
            "e.id IN (SELECT k.event_id FROM events_fts JOIN event_keys AS k ON k.key = events_fts.rowid"
            " WHERE events_fts MATCH ?)",
            event_filter.q,
        )
    if event_filter.since:
        sql.add("e.updated_at >= ?", event_filter.since)
    return sql


def _add_text(sql: Sql, columns: list[str], match: TextMatch) -> None:
    if match.like:
        patterns = ["%" + _escape_like(value) + "%" for value in match.values]
        tests = [f"{column} LIKE ? ESCAPE '\\'" for column in columns for _ in patterns]
        sql.add(f"({' OR '.join(tests)})", *(patterns * len(columns)))
    else:
        tests = [f"{column} COLLATE NOCASE IN ({_marks(match.values)})" for column in columns]
        sql.add(f"({' OR '.join(tests)})", *(list(match.values) * len(columns)))


def _add_places(sql: Sql, event_filter: EventFilter) -> None:
    """country, region and iso: ACLED's names and codes, translated to the ISO alpha-2 codes stored."""
    if event_filter.country:
        wanted = {name.casefold() for name in event_filter.country}
        codes = _codes_where(lambda entry: entry[0].casefold() in wanted)
        # A place with no ISO code is exported under its own country name: match that too.
        sql.add(
            f"(e.place_iso IN ({_marks(codes)}) OR (ifnull(e.place_iso, '') = ''"
            f" AND e.country COLLATE NOCASE IN ({_marks(event_filter.country)})))",
            *codes,
            *event_filter.country,
        )
    if event_filter.region:
        wanted = {name.casefold() for name in event_filter.region}
        codes = _codes_where(lambda entry: entry[2].casefold() in wanted)
        sql.add(f"e.place_iso IN ({_marks(codes)})", *codes)
    if event_filter.iso:
        numbers = set(event_filter.iso)
        codes = _codes_where(lambda entry: entry[1] in numbers)
        sql.add(f"e.place_iso IN ({_marks(codes)})", *codes)


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
    return ", ".join("?" * len(values)) or "NULL"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- summaries -------------------------------------------------------------------------------------

FACET_LIMIT = 50
_FACET_SQL = {
    "event_type": "SELECT e.event_type, count(*) FROM events AS e {where} GROUP BY 1",
    "sub_event_type": "SELECT e.sub_event_type, count(*) FROM events AS e {where} GROUP BY 1",
    "disorder_type": "SELECT e.disorder_type, count(*) FROM events AS e {where} GROUP BY 1",
    "country": "SELECT ifnull(e.place_iso, ''), e.country, count(*) FROM events AS e {where} GROUP BY 1, 2",
    "actor": "SELECT actor, count(*) FROM (SELECT e.actor1 AS actor FROM events AS e {where}"
    " UNION ALL SELECT e.actor2 FROM events AS e {where}) GROUP BY 1",
    "source": "SELECT s.source, count(*) FROM event_sources AS s JOIN events AS e ON e.id = s.event_id"
    " {where} GROUP BY 1",
}


def facets(reader: EventReader, event_filter: EventFilter) -> dict[str, list[dict[str, Any]]]:
    """Counts of the filtered events by type, sub-type, disorder type, country, actor and source,
    the biggest first (an event with two actors counts once for each)."""
    sql = where_sql(event_filter)
    result: dict[str, list[dict[str, Any]]] = {}
    for name, template in _FACET_SQL.items():
        repeats = 2 if name == "actor" else 1
        rows = reader.rows(template.format(where=sql.where()), sql.params * repeats)
        counts: dict[str, int] = {}
        for *key, count in rows:
            value = _country_label(key[0], key[1]) if name == "country" else key[0]
            if value:
                counts[value] = counts.get(value, 0) + int(count)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
        result[name] = [{"value": value, "count": count} for value, count in ranked]
    return result


def _country_label(iso: str, stored_name: str) -> str:
    """The country as the export names it (acled_names.acled_place)."""
    return (_countries().get(iso.upper(), ("",))[0] if iso else "") or stored_name


def timeline(reader: EventReader, event_filter: EventFilter, interval: str) -> list[dict[str, Any]]:
    """Events and fatalities per day or ISO week (Monday) and event type; undated events left out."""
    sql = where_sql(event_filter)
    sql.add("e.event_date IS NOT NULL")
    period = "e.event_date" if interval == "day" else _WEEK_SQL
    rows = reader.rows(
        f"SELECT {period} AS period, e.event_type, count(*), sum(e.fatalities) FROM events AS e"
        f" {sql.where()} GROUP BY 1, 2 ORDER BY 1, 2",
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
