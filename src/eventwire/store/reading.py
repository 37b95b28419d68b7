"""The read side of an event store, written once for every engine.

SQLite and PostgreSQL answer the same queries in the same order; what differs is spelled by the
store class: its parameter mark, how a case-blind comparison and a list of values are written,
and how it sorts (SQLite sorts NULL dates first and text byte-wise; PostgreSQL must be told).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Self

import msgspec

from eventwire.records import Article, Event, Mention, article_id_for
from eventwire.store.base import EventQuery

_MENTION_DECODER = msgspec.json.Decoder(Mention)
_EVENT_DECODER = msgspec.json.Decoder(Event)
_ARTICLE_FIELDS = frozenset(Article.__struct_fields__)
_COUNTED_TABLES = ("articles", "mentions", "events", "ingest_errors")

# Mentions that merging left out of events (`cluster.is_event_mention`) and that PLOVER records.
WITHOUT_EVENT_SQL = "event_id IS NULL AND status = 'current' AND plover_type != '' AND event_type = ''"


class StoreReading:
    """Queries over articles, mentions and events, and closing; a store class supplies the
    dialect below and its `connection`."""

    MARK = "?"  # the driver's parameter mark
    connection: Any

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    ORDER = "event_date, country, id"  # what `events` sorts by

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _explaining_errors(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _execute(self, sql: str, params: Sequence[object]) -> Any:
        raise NotImplementedError

    def _equal_ignoring_case(self, column: str) -> str:
        return f"{column} = {self.MARK} COLLATE NOCASE"

    def _in_list(self, column: str, values: list[str]) -> tuple[str, list[object]]:
        return f"{column} IN ({','.join(self.MARK * len(values))})", list(values)

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        if not wanted:
            return set()
        condition, params = self._in_list("id", wanted)
        return {row[0] for row in self._rows(f"SELECT id FROM articles WHERE {condition}", params)}

    def articles_by_source_id(self, source_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Stored articles carrying each supplied id: source id -> {article id: content id}.

        The content id differs from the article id only for an article that an earlier eventwire
        stored under its supplied id: it is the key this article would get now.
        """
        wanted = list(set(source_ids) - {""})
        if not wanted:
            return {}
        condition, params = self._in_list("source_id", wanted)
        found: dict[str, dict[str, str]] = {}
        for source_id, article_id, title, text in self._rows(
            f"SELECT source_id, id, title, text FROM articles WHERE {condition}", params
        ):
            content_id = article_id_for(text, title=title) if article_id == source_id else article_id
            found.setdefault(source_id, {})[article_id] = content_id
        return found

    def events(self, query: EventQuery | None = None) -> list[Event]:
        query = query or EventQuery()
        event_type = self._equal_ignoring_case("event_type"), self._equal_ignoring_case("sub_event_type")
        clauses, params = self._filters(query, type_clause=f"({event_type[0]} OR {event_type[1]})")
        if query.event_type:
            params.append(query.event_type)  # the type clause names it twice
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT record FROM events {where} ORDER BY {self.ORDER}{_limit(query)}"
        return [_EVENT_DECODER.decode(row[0]) for row in self._rows(sql, params)]

    def mentions_without_event(self, query: EventQuery | None = None) -> list[Mention]:
        """Current mentions that no event holds: those with a PLOVER type and no ACLED one (verbal
        events such as THREATEN, which ACLED does not record). Filtered like `events`, except that
        `event_type` matches their PLOVER type; in the order of `events`."""
        query = query or EventQuery()
        clauses, params = self._filters(query, type_clause=self._equal_ignoring_case("plover_type"))
        where = " AND ".join([WITHOUT_EVENT_SQL, *clauses])
        sql = f"SELECT record FROM mentions WHERE {where} ORDER BY {self.ORDER}{_limit(query)}"
        return [_MENTION_DECODER.decode(row[0]) for row in self._rows(sql, params)]

    def _filters(self, query: EventQuery, *, type_clause: str) -> tuple[list[str], list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        for clause, value in (
            (self._equal_ignoring_case("country"), query.country),
            (f"event_date >= {self.MARK}", query.since),
            (f"event_date <= {self.MARK}", query.until),
            (type_clause, query.event_type),
        ):
            if value:
                clauses.append(clause)
                params.append(value)
        return clauses, params

    def event(self, event_id: str) -> Event | None:
        rows = self._rows(f"SELECT record FROM events WHERE id = {self.MARK}", [event_id])
        return _EVENT_DECODER.decode(rows[0][0]) if rows else None

    def mentions_of_event(self, event_id: str) -> list[Mention]:
        sql = f"SELECT record FROM mentions WHERE event_id = {self.MARK} ORDER BY id"
        return [_MENTION_DECODER.decode(row[0]) for row in self._rows(sql, [event_id])]

    def article(self, article_id: str) -> Article | None:
        # Every column, by name: a store opened read-only may predate `source_id` (migration 5).
        with self._explaining_errors():
            cursor = self._execute(f"SELECT * FROM articles WHERE id = {self.MARK}", [article_id])
            row = cursor.fetchone()
        if row is None or cursor.description is None:
            return None
        columns = [description[0] for description in cursor.description]
        record = {key: value for key, value in zip(columns, row, strict=True) if key in _ARTICLE_FIELDS}
        return msgspec.convert(record, Article)

    def counts(self) -> dict[str, int]:
        return {
            table: int(self._rows(f"SELECT count(*) FROM {table}", [])[0][0]) for table in _COUNTED_TABLES
        }


def _limit(query: EventQuery) -> str:
    return f" LIMIT {int(query.limit)}" if query.limit else ""
