"""Exports for the big-data side: Parquet (Arrow types, `sources` list) and PLOVER JSON lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.api import ingest
from eventwire.cli import main
from eventwire.errors import MissingCapability
from eventwire.export import to_csv, to_parquet, to_plover
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span
from eventwire.store import EventQuery, EventStore, SqliteStore
from tests.conftest import FakeCoder

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

POLICE = Actor(
    name="the police",
    label="Police Forces of Ghana (2017-)",
    inter=1,
    country="Ghana",
    code="GHA",
    sector="COP",
)
GANG = Actor(
    name="gunmen",
    label="Unidentified Armed Group (Ghana)",
    inter=3,
    country="Ghana",
    code="GHA",
    sector="REB",
)
UNION = Actor(
    name="the dockworkers' union",
    label="Labor Group (Ghana)",
    inter=6,
    country="Ghana",
    code="GHA",
    sector="LAB",
)
TEMA = Place(
    name="Tema", country="Ghana", iso="GH", admin1="Greater Accra", latitude=5.6698, longitude=-0.0166,
    geo_precision=1, gazetteer_id="geonames:2294700", feature="city",
)  # fmt: skip

# Cue word in a sentence -> (ACLED type, sub-event, disorder, PLOVER type, mode, actor1, actor2, killed).
CODES = {
    "exchanged fire": (
        "Battles",
        "Armed clash",
        "Political violence",
        "ASSAULT",
        "firearms",
        POLICE,
        GANG,
        2,
    ),
    "marched": ("Protests", "Peaceful protest", "Demonstrations", "PROTEST", "demo", UNION, None, None),
    "warned": ("", "", "", "THREATEN", "violence", GANG, POLICE, None),
    "demanded": ("", "", "", "DEMAND", "change", UNION, POLICE, None),
}


class CueWordStage(FakeCoder):
    """Stands in for the coder: one mention per sentence holding a cue word of CODES."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = [
                cue_mention(doc, index, cue)
                for index in range(len(doc.sentences))
                for cue in CODES
                if cue in doc.sentence_text(index)
            ]
        return docs


def cue_mention(doc: Doc, index: int, cue: str) -> Mention:
    event_type, sub_event, disorder, plover, mode, actor1, actor2, killed = CODES[cue]
    sentence = doc.sentences[index]
    span = Span(
        article_id=doc.article.id, start=sentence.start, end=sentence.end, text=doc.sentence_text(index)
    )
    return Mention(
        id=f"{doc.article.id}:{index}",
        article_id=doc.article.id,
        event_type=event_type,
        sub_event_type=sub_event,
        disorder_type=disorder,
        plover_type=plover,
        plover_mode=mode,
        actor1=actor1,
        actor2=actor2,
        place=TEMA,
        event_date=doc.article.published,
        time_precision=1,
        killed=killed,
        evidence=[span],
        published=doc.article.published,
        source=doc.article.source,
    )


ARTICLES = [
    {"text": "Officers and a gang exchanged fire near the port of Tema.", "source": "Harbour Daily", "published": "2024-03-04"},
    {"text": "In Tema, the police and gunmen exchanged fire on Monday.", "source": "Coast Radio", "published": "2024-03-04"},
    {"text": "Hundreds of dockworkers marched through Tema.", "source": "Harbour Daily", "published": "2024-03-06"},
    {"text": "The gang warned it would strike the depot again.", "source": "Coast Radio", "published": "2024-03-07"},
    {"text": "The union demanded that the police leave the docks.", "source": "Harbour Daily", "published": "2024-03-08"},
]  # fmt: skip


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    from eventwire.stages.sentences import SentenceStage

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES), encoding="utf-8")
    path = tmp_path / "events.db"
    with SqliteStore(path) as store:
        ingest([feed], store=store, pipeline=Pipeline([SentenceStage(), CueWordStage()], on_error="record"))
    return path


def test_parquet_has_one_row_per_event_with_the_promised_types(store_path: Path, tmp_path: Path) -> None:
    with SqliteStore(store_path, read_only=True) as store:
        events = store.events()
        rows = to_parquet(events, tmp_path / "events.parquet", mentions_of=store.mentions_of_event)
    table = pq.read_table(tmp_path / "events.parquet")
    assert rows == table.num_rows == len(events) == 2  # the clash (two reports) and the march
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("latitude").type == schema.field("longitude").type == pa.float64()
    assert schema.field("fatalities").type == pa.int64()
    assert schema.field("inter1").type == schema.field("n_sources").type == pa.int32()
    assert schema.field("injuries").type == pa.int64() and schema.field("injuries").nullable
    assert schema.field("actor1").type == pa.string()
    assert schema.field("disagreements").type == pa.list_(pa.string())
    source = schema.field("sources").type.value_type
    assert source.field("published").type == pa.date32() and source.field("killed").type == pa.int64()
    assert source.field("article_id").type == pa.string()


def test_parquet_values_match_the_csv(store_path: Path, tmp_path: Path) -> None:
    with SqliteStore(store_path, read_only=True) as store:
        events = store.events()
        to_parquet(events, tmp_path / "events.parquet", mentions_of=store.mentions_of_event)
    parquet_rows = pq.read_table(tmp_path / "events.parquet").to_pylist()
    csv_rows = list(csv.DictReader(io.StringIO(to_csv(events))))
    for from_parquet, from_csv in zip(parquet_rows, csv_rows, strict=True):
        for column in (
            "event_id_cnty",
            "event_type",
            "sub_event_type",
            "actor1",
            "country",
            "location",
            "source",
        ):
            assert from_parquet[column] == from_csv[column]
        assert from_parquet["event_date"] == dt.date.fromisoformat(from_csv["event_date"])
        assert str(from_parquet["fatalities"]) == from_csv["fatalities"]
        assert f"{from_parquet['latitude']:.4f}" == from_csv["latitude"]
        assert from_parquet["injuries"] is None and from_csv["injuries"] == ""
    clash = next(row for row in parquet_rows if row["sub_event_type"] == "Armed clash")
    assert sorted(entry["source"] for entry in clash["sources"]) == ["Coast Radio", "Harbour Daily"]
    assert all(entry["killed"] == 2 and "exchanged fire" in entry["evidence"] for entry in clash["sources"])
    assert clash["sources"][0]["published"] == dt.date(2024, 3, 4)


def test_parquet_from_the_command_line_to_a_file_and_a_pipe(
    store_path: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "cli.parquet"
    assert main(["events", "--db", str(store_path), "--format", "parquet", "--output", str(out)]) == 0
    assert pq.read_table(out).num_rows == 2
    assert main(["events", "--db", str(store_path), "--format", "parquet"]) == 0  # stdout is captured
    assert pq.read_table(pa.BufferReader(capsysbinary.readouterr().out)).num_rows == 2


def test_parquet_refuses_to_write_binary_to_a_terminal(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["events", "--db", str(store_path), "--format", "parquet"]) == 1
    assert "--output FILE" in capsys.readouterr().err


def test_parquet_without_pyarrow_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    with pytest.raises(MissingCapability, match=r"eventwire\[bigdata\]"):
        to_parquet([], io.BytesIO())


def plover_records(store_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    assert main(["events", "--db", str(store_path), "--format", "plover", *extra]) == 0
    lines = capsys.readouterr().out.splitlines()
    return [json.loads(line) for line in lines]  # each line is one valid JSON record


def test_plover_exports_material_and_verbal_events(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = plover_records(store_path, capsys)
    by_type = {record["event"][0]: record for record in records}
    assert sorted(by_type) == ["ASSAULT", "PROTEST", "REQUEST", "THREATEN"]  # DEMAND -> REQUEST
    for record in records:
        assert {"id", "date", "event", "quad_code", "mode", "context", "actor", "recipient"} <= record.keys()
        assert {"event_loc", "event_text", "text_info", "size", "acled"} <= record.keys()
    threat = by_type["THREATEN"]
    assert threat["quad_code"] == 3 and threat["mode"] == ["violence"] and threat["date"] == "2024-03-07"
    assert threat["actor"][0]["sector"] == "REB" and threat["recipient"][0]["code"] == "GHA"
    assert threat["event_text"] == "The gang warned it would strike the depot again."
    assert threat["acled"]["event_type"] == ""
    assert by_type["REQUEST"]["mode"] == ["change"]


def test_plover_material_event_keeps_its_acled_types(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = next(record for record in plover_records(store_path, capsys) if record["event"] == ["ASSAULT"])
    assert clash["id"].startswith("ev-") and clash["quad_code"] == 4 and clash["mode"] == ["firearms"]
    # A clash is two-sided: PLOVER puts every party in `actor`.
    assert [entity["sector"] for entity in clash["actor"]] == ["COP", "REB"] and clash["recipient"] == []
    assert clash["acled"]["sub_event_type"] == "Armed clash" and clash["acled"]["n_sources"] == 2
    assert clash["size"]["dead"] == 2
    location = clash["event_loc"]
    assert location["geonameid"] == "2294700" and location["lat"] == pytest.approx(5.6698)
    assert location["resolution"] == 4 and location["country_code"] == "GH"
    assert "exchanged fire" in clash["event_text"]


def test_plover_filters_apply_to_verbal_events(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    threats = plover_records(store_path, capsys, "--type", "threaten")
    assert [record["event"] for record in threats] == [["THREATEN"]]
    assert plover_records(store_path, capsys, "--since", "2024-03-08") == [
        record for record in plover_records(store_path, capsys) if record["date"] >= "2024-03-08"
    ]


def test_plover_without_mentions_falls_back_to_acled_mapping(store_path: Path) -> None:
    with SqliteStore(store_path, read_only=True) as store:
        lines = to_plover(store.events()).splitlines()
    modes = {json.loads(line)["event"][0]: json.loads(line)["mode"] for line in lines}
    assert modes == {"ASSAULT": ["firearms"], "PROTEST": ["demo"]}


def _store_location(store: object) -> str:
    """What `--db` names this open store by: a PostgreSQL URL or a SQLite file path."""
    return str(getattr(store, "url", "") or store.path)  # type: ignore[attr-defined]


def test_plover_reads_verbal_events_from_either_store(
    store_factory: Callable[..., EventStore], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire.stages.sentences import SentenceStage

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES), encoding="utf-8")
    with store_factory() as store:
        ingest([feed], store=store, pipeline=Pipeline([SentenceStage(), CueWordStage()], on_error="record"))
        db = _store_location(store)
    records = [json.loads(line) for line in _plover_output(db, capsys)]
    assert [record["event"][0] for record in records] == ["ASSAULT", "PROTEST", "THREATEN", "REQUEST"]
    assert [record["event"][0] for record in records if not record["acled"]["event_type"]] == [
        "THREATEN",
        "REQUEST",
    ]
    assert len(_plover_output(db, capsys, "--type", "threaten")) == 1


def test_mentions_without_event_are_filtered_like_events(
    store_factory: Callable[..., EventStore], tmp_path: Path
) -> None:
    from eventwire.stages.sentences import SentenceStage

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES), encoding="utf-8")
    with store_factory() as store:
        ingest([feed], store=store, pipeline=Pipeline([SentenceStage(), CueWordStage()], on_error="record"))
    with store_factory(read_only=True) as store:

        def plover_types(**query: object) -> list[str]:
            return [m.plover_type for m in store.mentions_without_event(EventQuery(**query))]  # type: ignore[arg-type]

        assert plover_types() == ["THREATEN", "DEMAND"]  # in date order; material mentions are in events
        assert all(m.status == "current" for m in store.mentions_without_event())
        assert plover_types(event_type="threaten") == ["THREATEN"]  # the PLOVER type, any case
        assert plover_types(country="GHANA", since="2024-03-08") == ["DEMAND"]
        assert plover_types(until="2024-03-07", limit=5) == ["THREATEN"]
        assert plover_types(limit=1) == ["THREATEN"]
        assert plover_types(country="Togo") == []


def _plover_output(db: str, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    assert main(["events", "--db", db, "--format", "plover", *extra]) == 0
    return capsys.readouterr().out.splitlines()
