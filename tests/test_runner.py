"""`eventwire run`: many workers (local processes or Ray) code into Parquet parts, one merge
into the store; the events equal `eventwire ingest`'s, and a killed run resumes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from eventwire.api import ingest
from eventwire.cli import main
from eventwire.errors import EventwireError, InputError, MissingCapability
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span, make_article
from eventwire.runner import run
from eventwire.runner.parts import PartWriter, fingerprint_of, read_part
from eventwire.store import SqliteStore
from tests.conftest import KeywordEventStage

DAYS = ["2023-03-01", "2023-03-02", "2023-03-05"]
SOURCES = ["Harbour Post", "Ridge Times", "Delta Wire"]


def keyword_pipeline() -> Pipeline:
    """What each worker builds: the model-free fake coder (module level, so workers can import it)."""
    from eventwire.stages.sentences import SentenceStage

    return Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")


class DyingStage(KeywordEventStage):
    """Kills its worker process on a marked article while the marker file exists: a run killed
    in the middle, as by the OOM killer or a node lost."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        marker = os.environ.get("EVENTWIRE_TEST_KILL_MARKER", "")
        if marker and Path(marker).exists() and any("KILL-WORKER" in doc.text for doc in docs):
            os._exit(9)
        return super().__call__(docs)


def dying_pipeline() -> Pipeline:
    from eventwire.stages.sentences import SentenceStage

    return Pipeline([SentenceStage(), DyingStage()], on_error="record")


def article_record(number: int, *, day: int | None = None, source: int | None = None) -> dict[str, str]:
    """One short article; reports of the same day and town merge into one event."""
    day_index = number % len(DAYS) if day is None else day
    text = (
        f"Report {number} from the port district.\n\n"
        f"Hundreds of dock workers held a protest over unpaid wages on day {day_index}. "
        f"The union said talks would resume. Nothing else happened in case {number}."
    )
    return {
        "id": f"r{number}",
        "text": text,
        "published": DAYS[day_index],
        "source": SOURCES[(number if source is None else source) % len(SOURCES)],
    }


def write_jsonl(path: Path, records: list[dict[str, str]], *, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(record) for record in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    """Three JSONL files and a text file: a bad line, a repeat across files, articles with no event."""
    folder = tmp_path / "in"
    folder.mkdir()
    first = write_jsonl(
        folder / "a.jsonl", [article_record(n) for n in range(12)], extra_lines=("{not json",)
    )
    repeated = [article_record(3), article_record(4, day=0, source=2)]
    second = write_jsonl(folder / "b.jsonl", [article_record(n) for n in range(12, 30)] + repeated)
    third = write_jsonl(
        folder / "c.jsonl",
        [{"text": "A quiet day at the harbour; the ferry ran late.", "published": DAYS[1]}],
    )
    text = folder / "d.txt"
    text.write_text("Harbour strike\n\nStudents joined the dockers' protest on Monday.\n", encoding="utf-8")
    return [first, second, third, text]


def stored(db: Path) -> dict[str, object]:
    """Everything a run must reproduce: events (without the time they were written), mentions
    per event, article ids and the errors recorded."""
    with SqliteStore(db, read_only=True) as store:
        events = sorted(store.events(), key=lambda event: event.id)
        mentions = {event.id: [m.id for m in store.mentions_of_event(event.id)] for event in events}
        articles = sorted(row[0] for row in store.connection.execute("SELECT id FROM articles"))
        errors = sorted(row[0] for row in store.connection.execute("SELECT origin FROM ingest_errors"))
    plain = [msgspec.structs.replace(event, updated_at=None) for event in events]
    return {"events": plain, "mentions": mentions, "articles": articles, "errors": errors}


def ingested(paths: list[Path], db: Path) -> dict[str, object]:
    with SqliteStore(db) as store:
        ingest(paths, store=store, pipeline=keyword_pipeline())
    return stored(db)


@pytest.mark.parametrize("workers", [1, 2])
def test_local_run_gives_the_events_of_ingest(tmp_path: Path, inputs: list[Path], workers: int) -> None:
    expected = ingested(inputs, tmp_path / "ingest.db")
    summary = run(
        inputs,
        db=str(tmp_path / "run.db"),
        out=tmp_path / "parts",
        workers=workers,
        pipeline_factory=keyword_pipeline,
    )
    assert stored(tmp_path / "run.db") == expected
    assert len(expected["events"]) >= 3  # type: ignore[arg-type]  # merging had work to do
    assert (summary.inputs, summary.parts_coded, summary.parts_reused) == (4, 4, 0)
    assert summary.articles_coded == 12 + 20 + 1 + 1 and summary.failed == []
    assert len(list((tmp_path / "parts").glob("*.parquet"))) == 4
    assert summary.ingest.errors and "a.jsonl:13" in summary.ingest.errors[0]


def test_globs_and_folders_are_read_in_sorted_order(tmp_path: Path, inputs: list[Path]) -> None:
    expected = ingested(inputs, tmp_path / "ingest.db")
    folder = inputs[0].parent
    patterns = [str(folder / "*.jsonl"), str(folder / "**" / "*.txt")]
    summary = run(
        patterns, db=str(tmp_path / "glob.db"), out=tmp_path / "p1", pipeline_factory=keyword_pipeline
    )
    assert summary.inputs == 4 and stored(tmp_path / "glob.db") == expected
    run([folder], db=str(tmp_path / "folder.db"), out=tmp_path / "p2", pipeline_factory=keyword_pipeline)
    assert stored(tmp_path / "folder.db") == expected


def test_parquet_input_codes_like_the_same_jsonl(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [article_record(n) for n in range(10)]
    jsonl = write_jsonl(tmp_path / "same.jsonl", records)
    table = pa.Table.from_pylist([*records, {"id": "empty", "text": "", "published": DAYS[0]}])
    pq.write_table(table.append_column("ignored", pa.array(range(11))), tmp_path / "same.parquet")
    run([jsonl], db=str(tmp_path / "jsonl.db"), out=tmp_path / "p1", pipeline_factory=keyword_pipeline)
    summary = run(
        [tmp_path / "same.parquet"],
        db=str(tmp_path / "pq.db"),
        out=tmp_path / "p2",
        pipeline_factory=keyword_pipeline,
    )
    from_parquet, from_jsonl = stored(tmp_path / "pq.db"), stored(tmp_path / "jsonl.db")
    assert (
        from_parquet["events"] == from_jsonl["events"] and from_parquet["articles"] == from_jsonl["articles"]
    )
    assert [error.split(": ")[0] for error in summary.ingest.errors] == [f"{tmp_path / 'same.parquet'}:11"]


def test_bad_input_files_are_recorded_not_fatal(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [article_record(1)])
    not_parquet = tmp_path / "broken.parquet"
    not_parquet.write_bytes(b"PAR1 this is not a table")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    paths = [good, not_parquet, binary, tmp_path / "missing.jsonl", tmp_path / "nothing-*.jsonl"]
    summary = run(
        paths, db=str(tmp_path / "run.db"), out=tmp_path / "parts", pipeline_factory=keyword_pipeline
    )
    assert summary.failed == [] and summary.ingest.articles_added == 1
    origins = [message.split(": ")[0] for message in summary.ingest.errors]
    assert origins == [
        str(not_parquet),
        f"{binary}:1",
        str(tmp_path / "missing.jsonl"),
        str(tmp_path / "nothing-*.jsonl"),
    ]
    assert "not a readable Parquet file" in summary.ingest.errors[0]
    assert len(stored(tmp_path / "run.db")["errors"]) == 4  # type: ignore[arg-type]


def test_a_rerun_skips_finished_parts_and_ends_with_the_clean_events(
    tmp_path: Path, inputs: list[Path]
) -> None:
    clean = ingested(inputs, tmp_path / "clean.db")
    out, db = tmp_path / "parts", str(tmp_path / "run.db")
    run(inputs, db=db, out=out, pipeline_factory=keyword_pipeline)
    parts = sorted(out.glob("*.parquet"))
    kept = {part: part.stat().st_mtime_ns for part in parts[1:]}
    parts[0].unlink()  # as if killed before that file's part was renamed into place
    (out / f".{parts[0].name}.123.tmp").write_bytes(b"half a part")
    os.remove(db)  # and before the merge
    summary = run(inputs, db=db, out=out, pipeline_factory=keyword_pipeline)
    assert (summary.parts_coded, summary.parts_reused) == (1, 3)
    assert {part: part.stat().st_mtime_ns for part in parts[1:]} == kept
    assert not list(out.glob(".*.tmp")) and stored(tmp_path / "run.db") == clean


def test_a_changed_input_is_coded_again(tmp_path: Path, inputs: list[Path]) -> None:
    out, db = tmp_path / "parts", str(tmp_path / "run.db")
    run(inputs, db=db, out=out, pipeline_factory=keyword_pipeline)
    write_jsonl(inputs[2], [article_record(40)])
    summary = run(inputs, db=db, out=out, pipeline_factory=keyword_pipeline)
    assert (summary.parts_coded, summary.parts_reused) == (1, 3)
    assert summary.ingest.articles_added == 1


def test_a_run_killed_midway_resumes_to_the_clean_events(
    tmp_path: Path, inputs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "kill-now"
    marker.touch()
    monkeypatch.setenv("EVENTWIRE_TEST_KILL_MARKER", str(marker))
    inputs[2].write_text(json.dumps({"text": "A protest. KILL-WORKER", "published": DAYS[1]}) + "\n")
    clean = ingested(inputs, tmp_path / "clean.db")
    out, db = tmp_path / "parts", str(tmp_path / "run.db")
    with pytest.raises(EventwireError, match=r"could not be coded.*run the same command again"):
        run(inputs, db=db, out=out, pipeline_factory=dying_pipeline)
    assert not Path(db).exists()  # nothing merged while a part is missing
    finished = len(list(out.glob("*.parquet")))
    assert 1 <= finished < 4
    marker.unlink()
    summary = run(inputs, db=db, out=out, pipeline_factory=dying_pipeline)
    assert (summary.parts_coded, summary.parts_reused) == (4 - finished, finished)
    assert stored(tmp_path / "run.db") == clean


def test_a_merge_cut_short_is_completed_by_the_rerun(tmp_path: Path, inputs: list[Path]) -> None:
    from eventwire.runner.merge import merge_parts

    clean = ingested(inputs, tmp_path / "clean.db")
    out, db = tmp_path / "parts", str(tmp_path / "run.db")
    run(inputs, db=str(tmp_path / "scratch.db"), out=out, pipeline_factory=keyword_pipeline)
    from eventwire.runner import plan_run

    plan = plan_run(inputs, out=out, published=None, batch_size=32, follow_links=False)
    with SqliteStore(db) as store:  # the first part's batches were stored, then the run died
        merge_parts(plan.order[:1], store=store)
    summary = run(inputs, db=db, out=out, pipeline_factory=keyword_pipeline)
    assert summary.parts_coded == 0 and summary.ingest.articles_skipped >= 12
    assert stored(tmp_path / "run.db")["events"] == clean["events"]


def test_parts_give_back_equal_mentions_and_articles(tmp_path: Path) -> None:
    article = make_article("Troops clashed with rebels near Goma. Two died.", title="Goma", published=DAYS[0])
    doc = Doc(article=article)
    span = Span(article_id=article.id, start=0, end=6, text="Troops")
    mention = Mention(
        id=f"{article.id}:0",
        article_id=article.id,
        event_type="Battles",
        actor1=Actor(name="troops", label="Military Forces of DR Congo", inter=1, span=span),
        assoc_actors2=[Actor(name="M23", label="M23", inter=2)],
        place=Place(name="Goma", iso="CD", latitude=-1.67, longitude=29.22, population=670_000),
        killed=2,
        confidence=0.8125,
        field_spans={"killed": span},
        field_rules={"event_type": "en.type.armed-clash"},
    )
    doc.mentions = [mention]
    failed = Doc(article=make_article("Another text."), error="stage 'events' failed: boom")
    part = tmp_path / "one.parquet"
    with PartWriter(part, fingerprint_of(part, published=None)) as writer:
        writer.add(doc)
        writer.add(InputError("not valid JSON", origin="x.jsonl:2"))
        writer.add(failed)
        writer.commit(seconds=0.1)
    back = list(read_part(part))
    assert back[0].article == article and back[0].mentions == doc.mentions  # type: ignore[union-attr]
    assert isinstance(back[1], InputError) and str(back[1]) == "x.jsonl:2: not valid JSON"
    assert back[1].origin == "x.jsonl:2" and back[2].error == failed.error  # type: ignore[union-attr]


def test_cli_run_prints_a_summary(
    tmp_path: Path, inputs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("spacy")  # the CLI builds the real pipeline
    db, out = str(tmp_path / "cli.db"), str(tmp_path / "parts")
    assert main(["run", str(inputs[3]), "--db", db, "--out", out, "--workers", "1"]) == 0
    output = capsys.readouterr().out
    assert "1 input files: 1 coded" in output and "articles/s" in output and "merged 1 articles" in output


def test_ray_engine_without_ray_names_the_install_command(
    tmp_path: Path, inputs: list[Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if it were not installed
    with pytest.raises(MissingCapability, match=r"pip install 'eventwire\[ray\]'"):
        run(inputs, db=str(tmp_path / "r.db"), out=tmp_path / "parts", engine="ray")
    assert main(["run", str(inputs[0]), "--engine", "ray", "--out", str(tmp_path / "parts")]) == 1
    assert "eventwire[ray]" in capsys.readouterr().err and not (tmp_path / "parts").exists()


@pytest.fixture
def local_ray() -> Iterator[object]:
    """A local Ray with 2 CPUs, started and stopped around its test: the tests after it fork
    worker processes, best done without Ray's threads in the parent."""
    ray = pytest.importorskip(
        "ray", reason="Ray is an optional extra (pip install 'eventwire[ray]', make install-ray)"
    )
    pytest.importorskip("ray.data", reason="Ray without Ray Data: pip install 'ray[data]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


# Ray Data's own configuration warns of its deprecated settings when it is first used.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
def test_ray_engine_gives_the_events_of_ingest(local_ray: object, tmp_path: Path, inputs: list[Path]) -> None:
    expected = ingested(inputs, tmp_path / "ingest.db")
    summary = run(
        inputs,
        db=str(tmp_path / "ray.db"),
        out=tmp_path / "parts",
        engine="ray",
        workers=2,
        pipeline_factory=keyword_pipeline,
    )
    assert (summary.parts_coded, summary.failed) == (4, [])
    assert stored(tmp_path / "ray.db") == expected


def test_bench_articles_are_varied_and_spread_over_files(tmp_path: Path) -> None:
    from eventwire.bench_runner import sample_like_articles, write_inputs

    records = sample_like_articles(200)
    sentences = [sentence for record in records for sentence in record["text"].split(". ")]
    assert len({record["text"] for record in records}) == 200
    assert len(set(sentences)) > 0.9 * len(sentences)  # new sentences, not the coder's cache
    paths = write_inputs(tmp_path, 200, files=8)
    assert len(paths) == 8 and sum(len(p.read_text().splitlines()) for p in paths) == 200


def broken_pipeline() -> Pipeline:
    raise RuntimeError("the model is not installed")


def test_a_pipeline_that_cannot_load_is_named_and_nothing_is_merged(
    tmp_path: Path, inputs: list[Path]
) -> None:
    db = tmp_path / "run.db"
    with pytest.raises(
        EventwireError, match=r"the pipeline could not be loaded .*the model is not installed"
    ):
        run(inputs, db=str(db), out=tmp_path / "parts", workers=2, pipeline_factory=broken_pipeline)
    assert not db.exists() and not list((tmp_path / "parts").glob("*.parquet"))


def test_the_real_pipeline_in_two_workers_gives_the_events_of_ingest(tmp_path: Path) -> None:
    # Coding in per-file batches in other processes must not change a single event: the real
    # stages see other batches than ingest's, so any state kept across articles would show here.
    pytest.importorskip("spacy")
    from eventwire.api import build_pipeline
    from eventwire.bench_runner import write_inputs

    paths = write_inputs(tmp_path, 200, files=4)
    with SqliteStore(tmp_path / "ingest.db") as store:
        ingest(paths, store=store, pipeline=build_pipeline(on_error="record"))
    summary = run(paths, db=str(tmp_path / "run.db"), out=tmp_path / "parts", workers=2)
    expected = stored(tmp_path / "ingest.db")
    assert summary.articles_coded == 200 and len(expected["events"]) > 100  # type: ignore[arg-type]
    assert stored(tmp_path / "run.db") == expected


def test_an_unreachable_postgres_store_is_said_before_coding(tmp_path: Path, inputs: list[Path]) -> None:
    pytest.importorskip("psycopg")
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        run(
            inputs,
            db="postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=5",
            out=tmp_path / "parts",
            pipeline_factory=keyword_pipeline,
        )
    assert not list((tmp_path / "parts").glob("*.parquet"))  # no hours of coding for nothing
