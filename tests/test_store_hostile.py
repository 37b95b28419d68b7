"""The store's edges: concurrent creators, kill -9, read-only readers, foreign, newer, damaged and
full databases, and article identity when inputs supply their own ids (issue #15)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from eventwire.api import ingest
from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.pipeline import Pipeline
from eventwire.records import make_article
from eventwire.store import SqliteStore
from eventwire.store import sqlite as store_module
from eventwire.store.sqlite import APPLICATION_ID, migrations

REPO = Path(__file__).resolve().parents[1]
NEWEST = migrations()[-1][0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_store(path: Path, pipeline: Pipeline) -> Path:
    feed = path.parent / "feed.jsonl"
    feed.write_text('{"text": "Teachers protest in Accra over pay.", "published": "2023-05-16"}\n')
    with SqliteStore(path) as store:
        ingest([feed], store=store, pipeline=pipeline)
    return path


def foreign_database(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
    connection.commit()
    connection.close()
    return path


# -- two creators ---------------------------------------------------------------------------------


def _ingest_one(path: str, text: str, start: multiprocessing.synchronize.Barrier) -> None:
    """A child process: wait for its twin, then create the store and ingest one article."""
    from eventwire.stages.sentences import SentenceStage
    from tests.conftest import KeywordEventStage

    folder = Path(path).parent / hashlib.sha256(text.encode()).hexdigest()[:8]
    folder.mkdir()
    (folder / "story.txt").write_text(text)
    pipeline = Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")
    start.wait()
    with SqliteStore(path) as store:
        summary = ingest([folder], store=store, pipeline=pipeline, published="2023-05-16")
    sys.exit(0 if summary.articles_added == 1 else 3)


def test_two_processes_creating_one_new_store_both_succeed(tmp_path: Path) -> None:
    # Before the exclusive lock, one of the two failed with "table articles already exists".
    context = multiprocessing.get_context("fork")
    path = str(tmp_path / "new.db")
    start = context.Barrier(2)
    texts = ["Nurses protest in Tamale.", "Drivers protest in Kumasi."]
    children = [context.Process(target=_ingest_one, args=(path, text, start)) for text in texts]
    for child in children:
        child.start()
    for child in children:
        child.join()
    assert [child.exitcode for child in children] == [0, 0]
    with SqliteStore(path, read_only=True) as store:
        assert store.counts()["articles"] == 2 and store.schema_version() == NEWEST


# -- kill -9 --------------------------------------------------------------------------------------

INGEST_CHILD = """
import sys, time
from tests.conftest import KeywordEventStage
from eventwire.api import ingest
from eventwire.pipeline import Pipeline
from eventwire.stages.sentences import SentenceStage
from eventwire.store import SqliteStore

pipeline = Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")
with SqliteStore(sys.argv[1]) as store:
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


def stored_state(path: Path) -> dict[str, object]:
    """What a store holds, without the times it was written at."""
    with SqliteStore(path, read_only=True) as store:
        connection = store.connection
        events = [json.loads(row[0]) for row in connection.execute("SELECT record FROM events ORDER BY id")]
        for event in events:
            event.pop("updated_at")
        return {
            "articles": connection.execute("SELECT id, text FROM articles ORDER BY id").fetchall(),
            "mentions": connection.execute("SELECT id, event_id FROM mentions ORDER BY id").fetchall(),
            "events": events,
        }


def test_kill_9_mid_ingest_loses_and_duplicates_nothing(tmp_path: Path, fake_pipeline: Pipeline) -> None:
    stories = write_stories(tmp_path / "stories")
    command = [sys.executable, "-c", INGEST_CHILD]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    child = subprocess.Popen([*command, str(killed_db), str(stories)], cwd=REPO, env=environment)
    try:
        while child.poll() is None and not _has_articles(killed_db, at_least=5):
            pass
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    connection = sqlite3.connect(killed_db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    for path in (killed_db, clean_db):  # the rerun, and a run never interrupted
        with SqliteStore(path) as store:
            ingest([stories], store=store, pipeline=fake_pipeline, batch_size=1)
    assert stored_state(killed_db) == stored_state(clean_db)
    assert len(stored_state(clean_db)["articles"]) == 36  # type: ignore[arg-type]


def _has_articles(path: Path, *, at_least: int) -> bool:
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


def test_reading_a_missing_store_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=r"typo\.db: no event store here"):
        SqliteStore(missing, read_only=True)
    assert main(["show", "ev-123", "--db", str(missing)]) == 1
    assert main(["events", "--db", str(missing)]) == 1
    assert "no event store here" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_reading_changes_nothing_and_cannot_write(tmp_path: Path, fake_pipeline: Pipeline) -> None:
    path = make_store(tmp_path / "events.db", fake_pipeline)
    before = digest(path)
    with SqliteStore(path, read_only=True) as store:
        assert len(store.events()) == 1
        with pytest.raises(StoreError, match=r"events\.db: the database is read-only here"):
            store.add_batch([(make_article("Nurses protest in Tamale."), [])])
    assert digest(path) == before


def test_a_reader_who_cannot_write_the_folder_still_queries(
    tmp_path: Path, fake_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root the suite cannot make a file unwritable: `_writable` answers as for another user.
    path = make_store(tmp_path / "events.db", fake_pipeline)
    files_before = sorted(tmp_path.iterdir())
    monkeypatch.setattr(store_module, "_writable", lambda _path: False)
    with SqliteStore(path, read_only=True) as store:
        assert len(store.events()) == 1
    assert sorted(tmp_path.iterdir()) == files_before  # no -wal or -shm files: it was immutable


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_store_on_a_read_only_folder_can_be_queried(tmp_path: Path, fake_pipeline: Pipeline) -> None:
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
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = foreign_database(tmp_path / "recipes.db")
    before = digest(path)
    assert main(["events", "--db", str(path)]) == 1
    assert main(["ingest", str(tmp_path), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("recipes.db: this SQLite file was not made by eventwire") == 2
    assert "Traceback" not in err
    assert digest(path) == before
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


def test_a_store_from_a_newer_eventwire_is_refused(
    tmp_path: Path, fake_pipeline: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_store(tmp_path / "events.db", fake_pipeline)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {NEWEST + 1}")
    connection.close()
    assert main(["ingest", str(tmp_path / "feed.jsonl"), "--db", str(path)]) == 1
    assert main(["events", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("made by a newer eventwire") == 2 and "upgrade eventwire, or use another --db" in err


def test_a_store_from_an_earlier_eventwire_is_accepted_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    for version, script in migrations()[:4]:  # as eventwire made stores before its files were marked
        connection.executescript(script)
        connection.execute(f"PRAGMA user_version = {version}")
    connection.execute(
        "INSERT INTO articles(id, title, text, ingested_at) VALUES ('a1', '', 'Nurses protest.', 'then')"
    )
    connection.close()
    with SqliteStore(path) as store:
        assert store.schema_version() == NEWEST
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
    path = make_store(tmp_path / "events.db", fake_pipeline)
    monkeypatch.setattr(store_module, "_writable", lambda _path: False)
    assert main(["ingest", str(tmp_path / "feed.jsonl"), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "events.db: the database (or its folder) is read-only for you" in err and "copy it" in err


def test_a_write_refused_by_sqlite_names_the_file(tmp_path: Path, fake_pipeline: Pipeline) -> None:
    path = make_store(tmp_path / "events.db", fake_pipeline)
    with SqliteStore(path) as store:
        store.connection.execute("PRAGMA query_only = ON")  # as SQLite does for a file it may not write
        with pytest.raises(StoreError, match=r"events\.db: the database is read-only here"):
            store.add_batch([(make_article("Nurses protest in Tamale."), [])])
        assert store.counts()["articles"] == 1


# -- full disk ------------------------------------------------------------------------------------


def test_a_full_disk_names_the_file_and_keeps_what_was_committed(
    tmp_path: Path, fake_pipeline: Pipeline
) -> None:
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


def test_a_supplied_id_is_kept_but_is_not_the_key(tmp_path: Path, fake_pipeline: Pipeline) -> None:
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
    with SqliteStore(tmp_path / "events.db") as store:
        ingest([first], store=store, pipeline=fake_pipeline)
        summary = ingest([second], store=store, pipeline=fake_pipeline)
        assert summary.articles_added == 2 and summary.errors == []
        assert len(summary.warnings) == 2
        assert all("its id 'a1' is also the id of different article(s)" in w for w in summary.warnings)
        assert summary.warnings[0].startswith(f"{second}:1: ")
        rows = store.connection.execute("SELECT id, source_id FROM articles").fetchall()
        assert len(rows) == 3 and {source_id for _, source_id in rows} == {"a1"}
        assert "a1" not in {article_id for article_id, _ in rows}
        again = ingest([first, second], store=store, pipeline=fake_pipeline)
        assert (again.articles_added, again.articles_skipped, again.warnings) == (0, 3, [])


def test_an_article_read_back_keeps_its_supplied_id(tmp_path: Path, fake_pipeline: Pipeline) -> None:
    feed = _jsonl(tmp_path, [{"id": "wire-42", "text": "Teachers protest in Accra."}])
    with SqliteStore(tmp_path / "events.db") as store:
        ingest([feed], store=store, pipeline=fake_pipeline)
        [article_id] = [row[0] for row in store.connection.execute("SELECT id FROM articles")]
        article = store.article(article_id)
    assert article is not None and article.source_id == "wire-42"
    assert msgspec.structs.asdict(article)["id"] == make_article("Teachers protest in Accra.").id
