"""The store through its interface, on every engine (`store_factory`: SQLite and PostgreSQL), and
the few things that only a SQLite file has."""

from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.api import ingest
from eventwire.errors import StoreError
from eventwire.pipeline import Pipeline
from eventwire.store import EventQuery, EventStore, SqliteStore
from eventwire.store.sqlite import migrations

StoreFactory = Callable[..., EventStore]


def write_articles(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("Teachers march\n\nACCRA -- Teachers held a protest over pay.")
    (folder / "b.txt").write_text("Market day\n\nKUMASI -- Traders sold yams.")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")


def test_ingest_stores_articles_mentions_and_events(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    write_articles(tmp_path / "in")
    with store_factory() as store:
        summary = ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        assert summary.articles_read == 2 and summary.articles_added == 2
        assert summary.mentions_added == 1 and summary.events_touched == 1
        assert len(summary.errors) == 1 and "bad.txt" in summary.errors[0]
        assert store.counts() == {"articles": 2, "mentions": 1, "events": 1, "ingest_errors": 1}
        [event] = store.events()
        assert event.event_type == "Protests" and event.event_date == "2023-05-16"


def test_reingesting_changes_nothing(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    write_articles(tmp_path / "in")
    with store_factory() as store:
        ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        before = [e.id for e in store.events()]
        again = ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        assert again.articles_added == 0 and again.articles_skipped == 2 and again.mentions_added == 0
        assert [e.id for e in store.events()] == before
        assert store.counts()["articles"] == 2


def test_a_batch_that_fails_midway_leaves_earlier_batches_intact(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.txt").write_text(f"Story {number}\n\nNurses protest, day {number}.")
    with store_factory() as store:
        original = store.add_batch
        calls = 0

        def failing_second_batch(coded, **options):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == 2:
                raise KeyboardInterrupt  # the user pressed Ctrl-C while batch 2 was being written
            return original(coded, **options)

        store.add_batch = failing_second_batch  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            ingest([folder], store=store, pipeline=fake_pipeline, batch_size=2, published="2023-01-01")
        assert store.counts()["articles"] == 2
    with store_factory() as store:
        summary = ingest([folder], store=store, pipeline=fake_pipeline, batch_size=2, published="2023-01-01")
        assert summary.articles_skipped == 2 and summary.articles_added == 3
        assert store.counts()["articles"] == 5


def test_migrations_are_numbered_and_recorded(store_factory: StoreFactory) -> None:
    numbers = [number for number, _ in migrations()]  # PostgreSQL's are numbered alike
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    with store_factory() as store:
        assert store.schema_version() == numbers[-1]
    with store_factory() as store:  # opening again migrates nothing twice
        assert store.schema_version() == numbers[-1]
    with store_factory(read_only=True) as store:
        assert store.schema_version() == numbers[-1]


def test_a_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    # SQLite only: the journal mode is a property of the file; PostgreSQL has its own WAL.
    with SqliteStore(tmp_path / "db.sqlite"):
        pass
    with SqliteStore(tmp_path / "db.sqlite") as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    # SQLite only: a PostgreSQL --db names a server, never a file that could hold something else.
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match=r"notes\.db: the file is damaged or is not a database"):
        SqliteStore(path)
    assert path.read_text().startswith("these are my notes")


def test_query_filters(tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory) -> None:
    write_articles(tmp_path / "in")
    with store_factory() as store:
        ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline, published="2023-05-16")
        assert len(store.events(EventQuery(country="ghana"))) == 1
        assert store.events(EventQuery(country="Peru")) == []
        assert (
            len(store.events(EventQuery(since="2023-05-16", until="2023-05-16", event_type="protests"))) == 1
        )
        assert store.events(EventQuery(since="2023-05-17")) == []


def test_two_reports_of_one_protest_merge_into_one_event_with_both_sources(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "Teachers protest in Accra over pay.", "source": "Wire A", "published": "2023-05-16"}\n'
        '{"text": "A protest by teachers filled Accra streets.", "source": "Wire B", "published": "2023-05-16"}\n'
        '{"text": "Nurses protest in Accra too.", "source": "Wire C", "published": "2023-05-18"}\n'
    )
    with store_factory() as store:
        ingest([feed], store=store, pipeline=fake_pipeline)
        events = store.events()
        assert [(e.event_date, e.n_articles, e.n_sources) for e in events] == [
            ("2023-05-16", 2, 2),
            ("2023-05-18", 1, 1),
        ]
        first_id = events[0].id
        assert sorted(m.source for m in store.mentions_of_event(first_id)) == ["Wire A", "Wire B"]
    # A later report of the same protest joins it; the event keeps its id.
    later = tmp_path / "later.jsonl"
    later.write_text(
        '{"text": "Protest by Accra teachers.", "source": "Wire D", "published": "2023-05-16"}\n'
    )
    with store_factory() as store:
        ingest([later], store=store, pipeline=fake_pipeline)
        event = store.event(first_id)
        assert event is not None and event.n_sources == 3


def test_merge_benchmark_runs_on_a_small_synthetic_store() -> None:
    # Not a store test: the benchmark's own report (its PostgreSQL run is test_bench_merge_pg.py).
    from eventwire.bench_merge import run_merge_benchmark

    report = run_merge_benchmark(events=300, articles=40, mentions_per_article=2)
    assert report.startswith("merging: 40 new articles (80 mentions) into a store of 300 events:")
    assert "articles/s on one core" in report


def test_with_merging_off_every_report_is_its_own_event(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "Teachers protest in Accra over pay.", "source": "Wire A", "published": "2023-05-16"}\n'
        '{"text": "A protest by teachers filled Accra streets.", "source": "Wire B", "published": "2023-05-16"}\n'
    )
    with store_factory() as store:
        ingest([feed], store=store, pipeline=fake_pipeline, merge="off")
        assert [(e.n_articles, e.n_sources) for e in store.events()] == [(1, 1), (1, 1)]
