"""What differs between SQLite and PostgreSQL in the API's queries, and nothing else.

queries.py writes each query once, with `?` placeholders and the fragments below; a Dialect turns
it into its engine's SQL. The two stores hold the same serve columns (SQLite's migrations 6 and 8
as generated columns, PostgreSQL's migrations_pg 6 and 8 filled by triggers), so only these differ:
placeholders, the date key the indexes hold, case-insensitive comparison, full-text matching, two-
argument min/max, ACLED's admin1 names and SQLite's index hints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# A term of params._fts_query's output: a double-quoted word of letters and digits, `*` for a prefix.
_FTS_TERM = re.compile(r'"(\w+)"(\*?)')


class SqliteDialect:
    """SQLite: FTS5, COLLATE NOCASE, expression indexes on ifnull(...), INDEXED BY hints."""

    name = "sqlite"
    date_key = "ifnull(e.event_date, '')"  # the expression migration 8's indexes hold
    row_id = "rowid"  # the cheapest key to join a chosen page back to its records
    hints = True  # INDEXED BY: the planner does not see VIRTUAL-column indexes as covering

    def sql(self, text: str) -> str:
        return text

    def nocase_in(self, column: str, count: int) -> str:
        return f"{column} COLLATE NOCASE IN ({marks(count)})"

    def like(self, column: str) -> str:
        return f"{column} LIKE ? ESCAPE '\\'"  # SQLite's LIKE already ignores ASCII case

    def least_greatest(self, a: str, b: str) -> tuple[str, str]:
        return f"min({a}, {b})", f"max({a}, {b})"

    def text_match(self, fts_query: str, *, walk: bool) -> tuple[str, list[Any]]:
        if walk:
            # Each walked row's key looked up in the list of matching keys, built once (integers).
            return (
                "(SELECT k.key FROM event_keys AS k WHERE k.event_id = e.id)"
                " IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)",
                [fts_query],
            )
        return (
            "e.id IN (SELECT k.event_id FROM events_fts JOIN event_keys AS k ON k.key = events_fts.rowid"
            " WHERE events_fts MATCH ?)",
            [fts_query],
        )

    def count_text_matches_sql(self) -> str | None:
        return "SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ?) AS m"

    def admin1_in(self, names: Sequence[str]) -> tuple[str, list[Any]]:
        # acled_admin1 is a Python function the reader registers on each connection.
        return f"acled_admin1(e.place_admin1, e.place_iso) COLLATE NOCASE IN ({marks(len(names))})", list(
            names
        )


class PostgresDialect(SqliteDialect):
    """PostgreSQL: a tsvector column, lower() for case, coalesce, %s placeholders.

    `admin1_places(names)` gives the stored (admin1, iso) pairs whose ACLED admin1 name is one of
    `names`: PostgreSQL cannot call the Python function SQLite registers, so the reader translates
    the names beforehand, as the country filter is translated."""

    name = "postgres"
    date_key = "coalesce(e.event_date, '')"  # the expression migrations_pg 8's indexes hold
    row_id = "id"
    hints = False

    def __init__(self, admin1_places: Callable[[Sequence[str]], list[tuple[str, str]]]) -> None:
        self.admin1_places = admin1_places

    def sql(self, text: str) -> str:
        # psycopg's placeholders are %s, so a literal % must be doubled; no user text is in `text`.
        return text.replace("%", "%%").replace("?", "%s")

    def nocase_in(self, column: str, count: int) -> str:
        # lower() on both sides: the events_type_date index holds lower(event_type).
        return f"lower({column}) IN ({', '.join(['lower(?)'] * count) or 'NULL'})"

    def like(self, column: str) -> str:
        return f"{column} ILIKE ? ESCAPE '\\'"

    def least_greatest(self, a: str, b: str) -> tuple[str, str]:
        return f"least({a}, {b})", f"greatest({a}, {b})"

    def text_match(self, fts_query: str, *, walk: bool) -> tuple[str, list[Any]]:
        # The GIN index answers both plans; there is nothing to choose between.
        return "e.search @@ to_tsquery('simple', ?)", [tsquery(fts_query)]

    def count_text_matches_sql(self) -> str | None:
        return None  # no walk/read choice to make (see text_match)

    def admin1_in(self, names: Sequence[str]) -> tuple[str, list[Any]]:
        places = self.admin1_places(names)
        tests = " OR ".join(["(e.place_admin1 = ? AND coalesce(e.place_iso, '') = ?)"] * len(places))
        return f"({tests or 'FALSE'})", [value for place in places for value in place]


Dialect = SqliteDialect  # the interface both implement


def tsquery(fts_query: str) -> str:
    """params._fts_query's FTS5 query (`"word" "pre"*`) as a to_tsquery text (`'word' & 'pre':*`):
    every word must occur, as in FTS5. Words are letters and digits only, so quoting them is safe.
    Lower-cased because the 'simple' configuration lower-cases what it indexes."""
    terms = [f"'{word.lower()}'" + (":*" if star else "") for word, star in _FTS_TERM.findall(fts_query)]
    return " & ".join(terms)


def marks(count: int) -> str:
    """Placeholders for a list; an empty list gives NULL, which matches nothing in IN (...)."""
    return ", ".join("?" * count) or "NULL"
