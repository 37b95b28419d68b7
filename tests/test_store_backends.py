"""The store's behaviour on every engine: each test runs on SQLite and on PostgreSQL + PostGIS.

`store_factory` (tests/conftest.py) opens this test's own store on each engine; the PostgreSQL
runs are skipped, saying why, when no test server is reachable (`EVENTWIRE_TEST_PG`, set by
`eval "$(bash .ci/postgres.sh start)"`).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec
import pytest

from eventwire.api import ingest
from eventwire.errors import MissingCapability, StoreError
from eventwire.pipeline import Pipeline
from eventwire.records import Article, Mention
from eventwire.store import EventQuery, EventStore, SqliteStore, is_postgres_url, open_store
from eventwire.store.merging import BatchMerge
from tests.test_merge_scaling import varied_batches

StoreFactory = Callable[..., EventStore]


def write_articles(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("Teachers march\n\nACCRA -- Teachers held a protest over pay.")
    (folder / "b.txt").write_text("Market day\n\nKUMASI -- Traders sold yams.")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")


def write_feed(path: Path) -> None:
    path.write_text(
        '{"text": "Teachers protest in Accra over pay.", "source": "Wire A", "published": "2023-05-16"}\n'
        '{"text": "A protest by teachers filled Accra streets.", "source": "Wire B", "published": "2023-05-16"}\n'
        '{"text": "Nurses protest in Accra too.", "source": "Wire C", "published": "2023-05-18"}\n'
    )


def event_state(store: EventStore) -> list[tuple[bytes, list[str]]]:
    """Every event (less the time it was written) with its mentions' ids: what must match."""
    state = []
    for event in store.events():
        event.updated_at = None
        state.append((msgspec.json.encode(event), [m.id for m in store.mentions_of_event(event.id)]))
    return state


def test_ingest_stores_articles_mentions_events_and_errors(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    write_articles(tmp_path / "in")
    with store_factory() as store:
        summary = ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        assert summary.articles_added == 2 and summary.mentions_added == 1 and summary.events_touched == 1
        assert len(summary.errors) == 1 and "bad.txt" in summary.errors[0]
        assert store.counts() == {"articles": 2, "mentions": 1, "events": 1, "ingest_errors": 1}
        store.record_error("c.txt", "could not read it\x00")  # PostgreSQL text holds no NUL
        assert store.counts()["ingest_errors"] == 2


def test_reingesting_changes_nothing(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    write_articles(tmp_path / "in")
    with store_factory() as store:
        ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        before = event_state(store)
    with store_factory() as store:  # and a new connection: nothing is migrated or added twice
        again = ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        assert again.articles_added == 0 and again.articles_skipped == 2 and again.mentions_added == 0
        direct = store.add_batch([(Article(id="x", text="t"), [])] * 2)  # one article twice in a batch
        assert (direct.articles_added, direct.articles_skipped) == (1, 1)
        assert store.add_batch([(Article(id="x", text="t"), [])]).articles_skipped == 1
        assert event_state(store) == before
        assert store.counts()["articles"] == 3


def test_a_failing_batch_leaves_nothing(
    tmp_path: Path, store_factory: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, *_ = varied_batches(random.Random(3), articles=24)
    with store_factory() as store:
        store.add_batch(first)
        before = (store.counts(), event_state(store))
        original = BatchMerge.write_events

        def write_then_fail(self: BatchMerge) -> None:
            original(self)  # everything of the batch is written, then the batch fails
            raise KeyboardInterrupt

        monkeypatch.setattr(BatchMerge, "write_events", write_then_fail)
        with pytest.raises(KeyboardInterrupt):
            store.add_batch(second)
        assert (store.counts(), event_state(store)) == before
        monkeypatch.setattr(BatchMerge, "write_events", original)
        assert store.add_batch(second).articles_added == len(second)  # given again, it goes in whole


def merge_into(store: EventStore, batches: Sequence[Sequence[tuple[Article, Sequence[Mention]]]]) -> None:
    for batch in batches:
        store.add_batch(batch)


@pytest.mark.parametrize("seed", [21, 22])
def test_merging_gives_the_same_events_on_every_engine(
    tmp_path: Path, store_factory: StoreFactory, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = varied_batches(random.Random(seed), articles=120)
    with SqliteStore(tmp_path / "reference.db") as reference:
        merge_into(reference, batches)
        expected = event_state(reference)
    third = len(batches) // 3
    with store_factory() as store:
        merge_into(store, batches[:third])
    with store_factory() as store, store_factory() as other:  # a new process, then a second writer
        merge_into(store, batches[third : 2 * third])
        merge_into(other, batches[2 * third : 2 * third + 1])
        merge_into(store, batches[2 * third + 1 :])
        assert event_state(store) == expected
        assert len(expected) > 20 and max(len(m) for _, m in expected) > 50


def test_merging_off_gives_the_same_events_on_every_engine(
    tmp_path: Path, store_factory: StoreFactory
) -> None:
    [batch] = varied_batches(random.Random(5), articles=8)[:1]
    with SqliteStore(tmp_path / "reference.db") as reference, store_factory() as store:
        reference.add_batch(batch, merge="off")
        store.add_batch(batch, merge="off")
        assert event_state(store) == event_state(reference)


def test_reading_events_mentions_and_articles(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    feed = tmp_path / "feed.jsonl"
    write_feed(feed)
    with store_factory() as store:
        ingest([feed], store=store, pipeline=fake_pipeline)
    with store_factory(read_only=True) as store:
        events = store.events()
        assert [(e.event_date, e.n_articles, e.n_sources) for e in events] == [
            ("2023-05-16", 2, 2),
            ("2023-05-18", 1, 1),
        ]
        assert len(store.events(EventQuery(country="GHANA"))) == 2
        assert store.events(EventQuery(country="Peru")) == []
        assert [e.event_date for e in store.events(EventQuery(since="2023-05-17"))] == ["2023-05-18"]
        assert [e.event_date for e in store.events(EventQuery(until="2023-05-17"))] == ["2023-05-16"]
        assert len(store.events(EventQuery(event_type="peaceful PROTEST"))) == 2
        assert store.events(EventQuery(event_type="Riots")) == []
        assert store.events(EventQuery(limit=1)) == events[:1]
        assert store.event(events[0].id) == events[0] and store.event("ev-none") is None
        mentions = store.mentions_of_event(events[0].id)
        assert [m.id for m in mentions] == sorted(m.id for m in mentions)
        assert sorted(m.source for m in mentions) == ["Wire A", "Wire B"]
        article = store.article(mentions[0].article_id)
        assert article is not None and article.source in ("Wire A", "Wire B") and "protest" in article.text
        assert store.article("missing") is None
        assert store.known_article_ids([article.id, "missing"]) == {article.id}
        assert store.counts() == {"articles": 3, "mentions": 3, "events": 2, "ingest_errors": 0}


def test_a_read_only_store_refuses_to_write(tmp_path: Path, store_factory: StoreFactory) -> None:
    with store_factory() as store:
        store.add_batch([(Article(id="a", text="t"), [])])
    with store_factory(read_only=True) as store, pytest.raises(StoreError):
        store.record_error("x", "y")
    with store_factory() as store:
        assert store.counts()["ingest_errors"] == 0


def test_reading_a_store_that_holds_nothing_yet_says_so(store_factory: StoreFactory) -> None:
    with pytest.raises(StoreError, match="ingest"):
        store_factory(read_only=True)


def test_migrations_are_numbered_alike_on_both_engines() -> None:
    from eventwire.store import postgres, sqlite

    assert [n for n, _ in postgres.migrations()] == [n for n, _ in sqlite.migrations()]


def test_open_store_picks_the_engine_from_the_db_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(str(tmp_path / "x.db")) as store:
        assert isinstance(store, SqliteStore)
    assert is_postgres_url("postgresql://me@db.example/events") and is_postgres_url("postgres://h/d")
    assert not is_postgres_url("postgresql.db")
    monkeypatch.setitem(sys.modules, "eventwire.store.postgres", None)  # as without psycopg
    with pytest.raises(MissingCapability, match=r"eventwire\[postgres\]"):
        open_store("postgresql://me@db.example/events")


# -- PostgreSQL only -----------------------------------------------------------------------------


def postgres_only(store_factory: StoreFactory) -> EventStore:
    store = store_factory()
    if isinstance(store, SqliteStore):
        store.close()
        pytest.skip("PostgreSQL only")
    return store


def test_candidates_are_narrowed_by_distance_but_never_lose_one_that_may_join(
    store_factory: StoreFactory,
) -> None:
    from eventwire.cluster import block_key, dates_compatible, places_compatible
    from eventwire.store.postgres import _PostgresEvents

    store = postgres_only(store_factory)
    batches = varied_batches(random.Random(4), articles=60)
    with store:
        merge_into(store, batches)
        connection: Any = store.connection  # type: ignore[attr-defined]
        blocks = dict(connection.execute("SELECT id, block_key FROM events").fetchall())
        dated = [m for b in batches for _, ms in b for m in ms if m.event_date and m.place]
        narrowed = 0
        for mention in dated[:40]:
            with connection.transaction():
                found = _PostgresEvents(connection.cursor(), "now").candidate_ids(block_key(mention), mention)
            near_in_time = [
                event
                for event in store.events()
                if blocks[event.id] == block_key(mention)
                and dates_compatible(
                    event.event_date, event.time_precision, mention.event_date, mention.time_precision
                )
            ]
            may_join = {e.id for e in near_in_time if places_compatible(e.place, mention.place)}
            assert may_join <= set(found) <= {e.id for e in near_in_time}
            narrowed += len(near_in_time) - len(found)
        assert narrowed > 0  # far places (Kismayo from Mogadishu) were left out in SQL


def test_events_carry_a_point_with_a_gist_index(store_factory: StoreFactory) -> None:
    store = postgres_only(store_factory)
    with store:
        merge_into(store, varied_batches(random.Random(6), articles=10))
        connection: Any = store.connection  # type: ignore[attr-defined]
        kinds = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = 'events'"
        ).fetchall()
        assert any("gist (place_point)" in definition for _, definition in kinds)
        assert any("(block_key, event_date)" in definition for _, definition in kinds)
        located = connection.execute(
            "SELECT count(*) FROM events WHERE ST_Y(place_point::geometry) = latitude"
        ).fetchone()[0]
        assert located > 0
        weeks = connection.execute(
            "SELECT DISTINCT extract(isodow FROM event_week::date) FROM events WHERE event_date IS NOT NULL"
        ).fetchall()
        assert weeks == [(1,)]  # migration 8: every dated event's week starts on a Monday


def test_a_foreign_schema_is_refused_and_left_alone(store_factory: StoreFactory) -> None:
    store = postgres_only(store_factory)
    connection: Any = store.connection  # type: ignore[attr-defined]
    url = store.url  # type: ignore[attr-defined]
    connection.execute("DROP TABLE eventwire_store")  # as if another program made these tables
    store.close()
    with pytest.raises(StoreError, match="did not make"):
        open_store(url)
