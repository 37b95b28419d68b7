"""The PostgreSQL merge benchmark's fast fill (COPY, search trigger off) stores what add_batch would."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import pytest

from eventwire.bench_merge import fill_postgres_store, run_merge_benchmark, synthetic_mention
from eventwire.records import Article
from tests.conftest import _postgres_server, fresh_postgres_schemas

pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'eventwire[postgres]'")

if TYPE_CHECKING:
    from eventwire.store.postgres import PostgresStore

# What both fills must agree on: every column but the write time (and the records holding it).
_EVENT_COLUMNS = (
    "id, event_type, sub_event_type, event_date, country, block_key, time_precision,"
    " ST_AsText(place_point), merge_place_key, place_is_area, place_iso, place_admin1, latitude,"
    " longitude, fatalities, disorder_type, actor1, actor2, inter1, inter2, search::text, event_week,"
    " place_key"
)


def _contents(store: PostgresStore) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "events": f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY id",
        "sources": "SELECT event_id, source FROM event_sources ORDER BY 1, 2",
        "mentions": "SELECT id, article_id, event_id, status, event_type, event_date, record FROM mentions ORDER BY id",
        "articles": "SELECT id, text, published, source_id FROM articles ORDER BY id",
    }
    return {name: store.connection.execute(sql).fetchall() for name, sql in queries.items()}


def _open(url: str) -> PostgresStore:
    from eventwire.store.postgres import PostgresStore

    return PostgresStore(url)


def _fill_by_add_batch(store: PostgresStore, events: int, seed: int) -> None:
    rng = random.Random(seed)
    coded = [
        (
            Article(id=f"old{n}", text="synthetic", published="2025-01-01"),
            [synthetic_mention(rng, f"old{n}", 0, published="2025-01-01")],
        )
        for n in range(events)
    ]
    store.add_batch(coded, merge="off")


def test_the_fast_fill_stores_what_add_batch_would() -> None:
    with (
        fresh_postgres_schemas() as new_url,
        _open(new_url()) as slow,
        _open(new_url()) as fast,
    ):
        _fill_by_add_batch(slow, 250, seed=7)
        fill_postgres_store(fast, events=250, seed=7)
        expected, found = _contents(slow), _contents(fast)
    assert len(found["events"]) == 250 and found["sources"]
    for name in expected:
        assert found[name] == expected[name], name


def test_the_merge_benchmark_runs_on_postgresql() -> None:
    report = run_merge_benchmark(
        events=300, articles=40, mentions_per_article=2, postgres_url=_postgres_server()
    )
    assert "into a store of 300 events (PostgreSQL):" in report
