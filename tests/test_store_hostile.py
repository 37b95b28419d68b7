"""The store's edges: concurrent creators, kill -9, read-only readers, foreign, newer, damaged and
full databases, and article identity when inputs supply their own ids (issue #15).

Every test whose subject is the store runs on SQLite and on PostgreSQL (`db_factory` and
`store_factory`, tests/conftest.py); those about a SQLite file's own properties run on SQLite only.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from eventwire.api import ingest
from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.pipeline import Pipeline
from eventwire.records import make_article
from eventwire.store import EventStore, SqliteStore, is_postgres_url, open_store
from eventwire.store import sqlite as store_module
from eventwire.store.sqlite import APPLICATION_ID, migrations

REPO = Path(__file__).resolve().parents[1]
NEWEST = migrations()[-1][0]  # PostgreSQL's migrations are numbered alike

DbFactory = Callable[..., str]
StoreFactory = Callable[..., EventStore]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_store(db: Any, pipeline: Pipeline, folder: Path | None = None) -> Any:
    """A store at `db` (a path or a URL) holding one article; its feed is `folder`/feed.jsonl."""
    feed = (folder or Path(db).parent) / "feed.jsonl"
    feed.write_text('{"text": "Teachers protest in Accra over pay.", "published": "2023-05-16"}\n')
    with open_store(str(db)) as store:
        ingest([feed], store=store, pipeline=pipeline)
    return db


def on_postgres(db: str, sql: str) -> list[tuple[Any, ...]]:
    """Run `sql` in the schema that the URL `db` names, as another program would; its rows."""
    import psycopg

    with psycopg.connect(db, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def postgres_tables(db: str) -> list[str]:
    return [
        row[0]
        for row in on_postgres(
            db, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]


def foreign_database(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
    connection.commit()
    connection.close()
    return path


# -- two creators ---------------------------------------------------------------------------------


def _ingest_one(db: str, root: str, text: str, start: multiprocessing.synchronize.Barrier) -> None:
    """A child process: wait for its twin, then create the store and ingest one article."""
    from eventwire.stages.sentences import SentenceStage
    from tests.conftest import KeywordEventStage

    folder = Path(root) / hashlib.sha256(text.encode()).hexdigest()[:8]
    folder.mkdir()
    (folder / "story.txt").write_text(text)
    pipeline = Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")
    start.wait()
    with open_store(db) as store:
        summary = ingest([folder], store=store, pipeline=pipeline, published="2023-05-16")
    sys.exit(0 if summary.articles_added == 1 else 3)


def test_two_processes_creating_one_new_store_both_succeed(tmp_path: Path, db_factory: DbFactory) -> None:
    # Before the exclusive lock, one of the two failed with "table articles already exists".
    context = multiprocessing.get_context("fork")
    db = db_factory("new.db")
    start = context.Barrier(2)
    texts = ["Nurses protest in Tamale.", "Drivers protest in Kumasi."]
    children = [context.Process(target=_ingest_one, args=(db, str(tmp_path), text, start)) for text in texts]
    for child in children:
        child.start()
    for child in children:
        child.join()
    assert [child.exitcode for child in children] == [0, 0]
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2 and store.schema_version() == NEWEST


# -- kill -9 --------------------------------------------------------------------------------------

INGEST_CHILD = """
import sys, time
from tests.conftest import KeywordEventStage
from eventwire.api import ingest
from eventwire.pipeline import Pipeline
from eventwire.stages.sentences import SentenceStage
from eventwire.store import open_store

pipeline = Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")
with open_store(sys.argv[1]) as store:
    # One article per batch, slowed a little, so that the kill lands between and inside commits.
    ingest([sys.argv[2]], store=store, pipeline=pipeline, batch_size=1, on_progress=lambda n: time.sleep(0.01))
"""


def write_stories(folder: Path, count: int = 36) -> Path:
    """Small articles over six days, two in three about a protest: some merge, some do not."""
    folder.mkdir()
    records = [
        {
            "text": f"Workers {'protest' if number % 3 else 'trade'} in Accra, report {number}.",
            "published": f"2023-05-0{1 + number % 6}",
        }
        for number in range(count)
    ]
    return _jsonl(folder, records, "stories.jsonl")


def stored_state(db: Any) -> dict[str, object]:
    """What a store (a path or a URL) holds, without the times it was written at."""
    with open_store(str(db), read_only=True) as store:
        connection: Any = store.connection  # type: ignore[attr-defined]
        events = [json.loads(row[0]) for row in connection.execute("SELECT record FROM events ORDER BY id")]
        for event in events:
            event.pop("updated_at")
        return {
            "articles": [tuple(r) for r in connection.execute("SELECT id, text FROM articles ORDER BY id")],
            "mentions": [
                tuple(r) for r in connection.execute("SELECT id, event_id FROM mentions ORDER BY id")
            ],
            "events": events,
        }


def test_kill_9_mid_ingest_loses_and_duplicates_nothing(
    tmp_path: Path, fake_pipeline: Pipeline, db_factory: DbFactory
) -> None:
    stories = write_stories(tmp_path / "stories")
    command = [sys.executable, "-c", INGEST_CHILD]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_db, clean_db = db_factory("killed.db"), db_factory("clean.db")
    child = subprocess.Popen([*command, killed_db, str(stories)], cwd=REPO, env=environment)
    try:
        while child.poll() is None and not _has_articles(killed_db, at_least=5):
            pass
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    if not is_postgres_url(killed_db):  # a server's transactions need no file check
        connection = sqlite3.connect(killed_db)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
    for db in (killed_db, clean_db):  # the rerun, and a run never interrupted
        with open_store(db) as store:
            ingest([stories], store=store, pipeline=fake_pipeline, batch_size=1)
    assert stored_state(killed_db) == stored_state(clean_db)
    assert len(stored_state(clean_db)["articles"]) == 36  # type: ignore[arg-type]


def _has_articles(db: str, *, at_least: int) -> bool:
    if is_postgres_url(db):
        import psycopg

        try:
            return int(on_postgres(db, "SELECT count(*) FROM articles")[0][0]) >= at_least
        except psycopg.Error:  # not migrated yet
            return False
    path = Path(db)
    if not path.exists():
        return False
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]) >= at_least
        finally:
            connection.close()
    except sqlite3.Error:  # not created or not migrated yet
        return False


# -- reading without writing ----------------------------------------------------------------------


def test_reading_a_missing_store_creates_nothing(
    tmp_path: Path, db_factory: DbFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = db_factory("typo.db")  # on PostgreSQL: an empty schema
    said = "holds no event store yet" if is_postgres_url(missing) else "no event store here"
    with pytest.raises(StoreError, match=said) as raised:
        open_store(missing, read_only=True)
    assert str(raised.value).startswith(f"{missing}: ")
    assert main(["show", "ev-123", "--db", missing]) == 1
    assert main(["events", "--db", missing]) == 1
    assert said in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    if is_postgres_url(missing):
        assert postgres_tables(missing) == []


def test_reading_changes_nothing_and_cannot_write(
    tmp_path: Path, fake_pipeline: Pipeline, db_factory: DbFactory
) -> None:
    db = make_store(db_factory("events.db"), fake_pipeline, tmp_path)
    before = stored_state(db), None if is_postgres_url(db) else digest(Path(db))
    # PostgreSQL refuses in its own words: the session is read-only, as for a user without rights.
    refused = "this user may not write here" if is_postgres_url(db) else "the database is read-only here"
    with open_store(db, read_only=True) as store:
        assert len(store.events()) == 1
        with pytest.raises(StoreError, match=refused) as raised:
            store.add_batch([(make_article("Nurses protest in Tamale."), [])])
        assert str(raised.value).startswith(f"{db}: ")
        with pytest.raises(StoreError, match=refused):
            store.record_error("c.txt", "could not read it")
    assert (stored_state(db), None if is_postgres_url(db) else digest(Path(db))) == before


def test_a_reader_who_cannot_write_the_folder_still_queries(
    tmp_path: Path, fake_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite only: file permissions and immutable opening. As root the suite cannot make a file
    # unwritable: `_writable` answers as for another user.
    path = make_store(tmp_path / "events.db", fake_pipeline)
    files_before = sorted(tmp_path.iterdir())
    monkeypatch.setattr(store_module, "_writable", lambda _path: False)
    with SqliteStore(path, read_only=True) as store:
        assert len(store.events()) == 1
    assert sorted(tmp_path.iterdir()) == files_before  # no -wal or -shm files: it was immutable


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_store_on_a_read_only_folder_can_be_queried(tmp_path: Path, fake_pipeline: Pipeline) -> None:
    # SQLite only: read-only media and file permissions.
    folder = tmp_path / "mount"
    folder.mkdir()
    path = make_store(folder / "events.db", fake_pipeline)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with SqliteStore(path, read_only=True) as store:
            assert len(store.events()) == 1
        with pytest.raises(StoreError, match="read-only for you"):
            SqliteStore(path)
    finally:
        folder.chmod(0o755)


# -- foreign, newer, earlier, damaged -------------------------------------------------------------


def test_a_foreign_database_is_refused_and_left_alone(
    tmp_path: Path, db_factory: DbFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_factory("recipes.db")
    if is_postgres_url(db):  # another program's tables in the schema
        on_postgres(db, "CREATE TABLE recipes (name TEXT, steps TEXT)")
        on_postgres(db, "INSERT INTO recipes VALUES ('bread', 'knead')")
        said = f"{db}: this schema holds tables that eventwire did not make"
    else:
        foreign_database(Path(db))
        said = "recipes.db: this SQLite file was not made by eventwire"
    before = foreign_state(db)
    assert main(["events", "--db", db]) == 1
    assert main(["ingest", str(tmp_path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count(said) == 2
    assert "Traceback" not in err
    assert foreign_state(db) == before


def foreign_state(db: str) -> object:
    """All of a foreign store: on SQLite its bytes (left identical) and journal mode, never WAL."""
    if is_postgres_url(db):
        return postgres_tables(db), on_postgres(db, "SELECT * FROM recipes")
    connection = sqlite3.connect(db)
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    assert mode == "delete"
    return digest(Path(db))


def test_a_store_from_a_newer_eventwire_is_refused(
    tmp_path: Path, fake_pipeline: Pipeline, db_factory: DbFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_store(db_factory("events.db"), fake_pipeline, tmp_path)
    if is_postgres_url(db):
        on_postgres(db, f"UPDATE eventwire_store SET schema_version = {NEWEST + 1}")
    else:
        connection = sqlite3.connect(db)
        connection.execute(f"PRAGMA user_version = {NEWEST + 1}")
        connection.close()
    assert main(["ingest", str(tmp_path / "feed.jsonl"), "--db", db]) == 1
    assert main(["events", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.count("made by a newer eventwire") == 2 and "upgrade eventwire, or use another --db" in err


def test_a_store_from_an_earlier_eventwire_is_accepted_and_marked(
    tmp_path: Path, db_factory: DbFactory
) -> None:
    db = db_factory("old.db")
    legacy_article = (
        "INSERT INTO articles(id, title, text, ingested_at) VALUES ('a1', '', 'Nurses protest.', 'then')"
    )
    if is_postgres_url(db):
        from eventwire.store import postgres

        for version, script in postgres.migrations()[:4]:  # a store made before articles' source ids
            on_postgres(db, script)
            on_postgres(db, f"UPDATE eventwire_store SET schema_version = {version}")
        on_postgres(db, legacy_article)
    else:
        connection = sqlite3.connect(db, isolation_level=None)
        for version, script in migrations()[:4]:  # as eventwire made stores before its files were marked
            connection.executescript(script)
            connection.execute(f"PRAGMA user_version = {version}")
        connection.execute(legacy_article)
        connection.close()
    with open_store(db) as store:
        assert store.schema_version() == NEWEST
        if isinstance(store, SqliteStore):  # SQLite only: the file's application id marks it
            assert store.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        legacy = store.article("a1")
        assert legacy is not None and legacy.source_id == "a1"
        # The same article given again with its id is known: it was stored under that id.
        summary = ingest(
            [_jsonl(tmp_path, [{"id": "a1", "text": "Nurses protest."}])], store=store, pipeline=Pipeline([])
        )
        assert (summary.articles_added, summary.articles_skipped, summary.warnings) == (0, 1, [])


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_ingesting_into_a_damaged_file_says_so(
    tmp_path: Path, fake_pipeline: Pipeline, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    # SQLite only: a damaged or truncated database file; PostgreSQL's files are the server's.
    path = tmp_path / "events.db"
    if damage == "random":
        path.write_bytes(bytes(range(256)) * 64)
    else:
        with SqliteStore(path) as store:
            store.add_batch([(make_article(f"Story {n} " + "words " * 800), []) for n in range(60)])
        with path.open("r+b") as file:
            file.truncate(path.stat().st_size // 2)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Teachers protest in Accra.")
    try:
        with SqliteStore(path) as store:
            ingest([tmp_path / "in"], store=store, pipeline=fake_pipeline)
            store.counts()
    except StoreError as error:
        assert "events.db: the file is damaged or is not a database" in str(error)
        assert "restore it from a backup" in str(error)
    else:
        pytest.fail("a damaged store was used without complaint")
    if damage == "random":  # the same through the command, which must not print a traceback
        assert main(["ingest", str(tmp_path / "in"), "--db", str(path)]) == 1
        assert "damaged or is not a database" in capsys.readouterr().err


def test_ingesting_into_a_read_only_file_says_so(
    tmp_path: Path,
    fake_pipeline: Pipeline,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # SQLite only: file permissions (a PostgreSQL user's rights are the reader test's subject).
    path = make_store(tmp_path / "events.db", fake_pipeline)
    monkeypatch.setattr(store_module, "_writable", lambda _path: False)
    assert main(["ingest", str(tmp_path / "feed.jsonl"), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "events.db: the database (or its folder) is read-only for you" in err and "copy it" in err


def test_a_write_refused_by_the_engine_names_the_store(
    tmp_path: Path, fake_pipeline: Pipeline, db_factory: DbFactory
) -> None:
    db = make_store(db_factory("events.db"), fake_pipeline, tmp_path)
    with open_store(db) as store:
        connection: Any = store.connection  # type: ignore[attr-defined]
        if is_postgres_url(db):  # as the server does for a user who may not write
            connection.execute("SET default_transaction_read_only = on")
            refused = "this user may not write here"
        else:  # as SQLite does for a file it may not write
            connection.execute("PRAGMA query_only = ON")
            refused = "the database is read-only here"
        with pytest.raises(StoreError, match=refused) as raised:
            store.add_batch([(make_article("Nurses protest in Tamale."), [])])
        assert str(raised.value).startswith(f"{db}: ")
        assert store.counts()["articles"] == 1


# -- full disk ------------------------------------------------------------------------------------


def test_a_full_disk_names_the_file_and_keeps_what_was_committed(
    tmp_path: Path, fake_pipeline: Pipeline
) -> None:
    # SQLite only: max_page_count stands in for a full disk; a server's disk cannot be filled here.
    path = make_store(tmp_path / "events.db", fake_pipeline)
    with SqliteStore(path) as store:
        pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
        store.connection.execute(f"PRAGMA max_page_count = {pages}")  # a disk with no room left
        big = [(make_article(f"Story {n}: " + "Nurses protest. " * 4000), []) for n in range(3)]
        with pytest.raises(StoreError) as raised:
            store.add_batch(big)  # type: ignore[arg-type]
        message = str(raised.value)
        assert (
            message.startswith(f"{path}: the disk is full")
            and "everything committed before is kept" in message
        )
        assert "no transaction is active" not in message
        assert not store.connection.in_transaction
        assert store.counts()["articles"] == 1
    assert stored_state(path)["articles"] != []


# -- article identity -----------------------------------------------------------------------------


def _jsonl(folder: Path, records: list[dict[str, str]], name: str = "in.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def test_a_supplied_id_is_kept_but_is_not_the_key(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    first = _jsonl(tmp_path, [{"id": "a1", "text": "Teachers protest in Accra."}], "first.jsonl")
    # Someone else's article under the same id, given later, in the same batch as a third.
    second = _jsonl(
        tmp_path,
        [
            {"id": "a1", "text": "Nurses protest in Tamale."},
            {"id": "a1", "text": "Drivers protest in Kumasi."},
        ],
        "second.jsonl",
    )
    with store_factory() as store:
        ingest([first], store=store, pipeline=fake_pipeline)
        summary = ingest([second], store=store, pipeline=fake_pipeline)
        assert summary.articles_added == 2 and summary.errors == []
        assert len(summary.warnings) == 2
        assert all("its id 'a1' is also the id of different article(s)" in w for w in summary.warnings)
        assert summary.warnings[0].startswith(f"{second}:1: ")
        connection: Any = store.connection  # type: ignore[attr-defined]
        rows = connection.execute("SELECT id, source_id FROM articles").fetchall()
        assert len(rows) == 3 and {source_id for _, source_id in rows} == {"a1"}
        assert "a1" not in {article_id for article_id, _ in rows}
        again = ingest([first, second], store=store, pipeline=fake_pipeline)
        assert (again.articles_added, again.articles_skipped, again.warnings) == (0, 3, [])


def test_an_article_read_back_keeps_its_supplied_id(
    tmp_path: Path, fake_pipeline: Pipeline, store_factory: StoreFactory
) -> None:
    feed = _jsonl(tmp_path, [{"id": "wire-42", "text": "Teachers protest in Accra."}])
    with store_factory() as store:
        ingest([feed], store=store, pipeline=fake_pipeline)
        connection: Any = store.connection  # type: ignore[attr-defined]
        [article_id] = [row[0] for row in connection.execute("SELECT id FROM articles")]
        article = store.article(article_id)
    assert article is not None and article.source_id == "wire-42"
    assert msgspec.structs.asdict(article)["id"] == make_article("Teachers protest in Accra.").id
