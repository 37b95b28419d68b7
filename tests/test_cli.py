"""The CLI: exact messages and exit codes, on a store built with the fake pipeline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eventwire.api import ingest
from eventwire.cli import build_parser, main
from eventwire.pipeline import Pipeline
from eventwire.store import SqliteStore

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def store_path(tmp_path: Path, fake_pipeline: Pipeline) -> Path:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "Teachers protest in Accra over pay.", "source": "Wire A", "published": "2023-05-16"}\n'
        '{"text": "Nurses protest in Accra.", "source": "Wire B", "published": "2023-05-18"}\n'
    )
    path = tmp_path / "events.db"
    with SqliteStore(path) as store:
        ingest([feed], store=store, pipeline=fake_pipeline)
    return path


def test_events_table_and_filters(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(store_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "event",
        "date",
        "type",
        "sub-event",
        "actor",
        "1",
        "actor",
        "2",
        "location",
        "country",
        "killed",
    ]
    assert len(lines) == 4 and "Peaceful protest" in lines[2] and "Accra" in lines[2]
    assert main(["events", "--db", str(store_path), "--since", "2023-05-17"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["events", "--db", str(store_path), "--country", "Peru"]) == 0
    assert capsys.readouterr().out == "no events match\n"


def test_events_csv_uses_acled_columns(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(store_path), "--format", "csv"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.startswith(
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type"
    )
    assert len(rows) == 2 and ",Western Africa,Ghana," in rows[0]


def test_show_prints_sources_and_evidence(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["events", "--db", str(store_path), "--format", "jsonl"])
    event_id = re.search(r'"id":"(ev-[0-9a-f]+)"', capsys.readouterr().out).group(1)  # type: ignore[union-attr]
    assert main(["show", event_id, "--db", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"event {event_id}: 1 articles, 1 sources")
    assert "Teachers protest in Accra over pay." in out or "Nurses protest in Accra." in out


def test_helpful_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    assert main(["events", "--db", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"error: {missing}: no event store here; run `eventwire ingest PATH --db FILE` first\n"
    )
    assert main(["code", str(tmp_path / "nope.txt")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope.txt'}: no such file; check the path\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["code", str(empty)]) == 1
    assert "the file is empty" in capsys.readouterr().err


def test_bad_since_date_is_explained(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", str(store_path), "--since", "last week"]) == 1
    assert capsys.readouterr().err == (
        "error: --since: publication date 'last week' is not a date; write it as YYYY-MM-DD, e.g. 2022-01-06\n"
    )


def test_every_command_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    undocumented = [name for name in commands if f"eventwire {name}" not in readme]
    assert undocumented == []


def test_events_geojson_puts_each_event_on_the_map(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--db", str(store_path), "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    feature = collection["features"][0]
    longitude, latitude = feature["geometry"]["coordinates"]
    # Accra: GeoJSON puts the longitude first.
    assert -1.0 < longitude < 0.5 and 5.0 < latitude < 6.5
    assert feature["properties"]["country"] == "Ghana"
    assert feature["id"] == feature["properties"]["event_id_cnty"]


def test_geojson_keeps_an_event_without_coordinates_with_a_null_geometry() -> None:
    from eventwire.export import to_geojson
    from eventwire.records import Event

    unplaced = Event(id="ev-1", event_type="Protests", sub_event_type="Peaceful protest")
    (feature,) = json.loads(to_geojson([unplaced]))["features"]
    assert feature["geometry"] is None and feature["properties"]["sub_event_type"] == "Peaceful protest"


def test_dates_command_detects_german_and_prints_spans_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Am Mittwoch demonstrierten Tausende in Leipzig gegen die Regierung."
    assert main(["dates", text, "--published", "2022-01-06"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "reference date: 2022-01-06; language: de"
    assert out[3].split() == ["3", "11", "Mittwoch", "DATE", "2022-01-05"]
    assert main(["dates", "Police fired on Wednesday.", "--published", "2022-01-06", "--language", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[3].split() == ["16", "25", "Wednesday", "DATE", "2022-01-05"]


def test_acled_regions_follow_acled_not_m49_where_they_differ() -> None:
    from eventwire.regions import acled_region

    assert acled_region("KE") == "Eastern Africa"  # M49 intermediate region
    assert acled_region("kz") == "Caucasus and Central Asia"
    assert (acled_region("IR"), acled_region("GE"), acled_region("CY")) == (
        "Middle East",
        "Caucasus and Central Asia",
        "Europe",
    )
    assert acled_region("US") == "North America" and acled_region("ZZ") == ""
    assert acled_region("ZW") == "Southern Africa"  # M49 says Eastern Africa
