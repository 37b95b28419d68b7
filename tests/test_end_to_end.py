"""The real pipeline (spaCy model, gazetteer, lexicons) on the bundled sample articles."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from eventwire.api import build_pipeline, code_articles
from eventwire.cli import main, sample_folder
from eventwire.pipeline import Pipeline
from eventwire.readers import read_file
from eventwire.records import Article


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


def sample(name: str) -> Article:
    [article] = list(read_file(sample_folder() / name))
    assert isinstance(article, Article)
    return article


def test_car_bomb_report_is_coded_with_date_place_and_counts(pipeline: Pipeline) -> None:
    [doc] = code_articles([sample("09_car_bomb_mogadishu_wirestone.txt")], pipeline=pipeline)
    main_event = doc.mentions[0]
    assert main_event.rank == 0 and main_event.status == "current"
    assert main_event.event_type == "Explosions/Remote violence"
    assert main_event.sub_event_type == "Remote explosive/landmine/IED"
    assert main_event.event_date == "2023-09-23"
    assert main_event.place is not None and main_event.place.country == "Somalia"
    assert main_event.killed == 12
    evidence = main_event.evidence[0]
    assert doc.text[evidence.start : evidence.end] == evidence.text


def test_football_report_has_no_political_event(pipeline: Pipeline) -> None:
    [doc] = code_articles([sample("15_football_no_event.txt")], pipeline=pipeline)
    assert [m for m in doc.mentions if m.status == "current" and m.event_type] == []


def test_html_page_is_coded_from_its_story(pipeline: Pipeline) -> None:
    article = sample("13_shelling_kherson_page.html")
    assert article.published == "2024-01-17"
    [doc] = code_articles([article], pipeline=pipeline)
    main_event = doc.mentions[0]
    assert main_event.sub_event_type == "Shelling/artillery/missile attack"
    assert main_event.place is not None and main_event.place.country == "Ukraine"


def test_demo_writes_a_database_and_an_acled_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, csv_path = tmp_path / "demo.db", tmp_path / "events.csv"
    assert main(["demo", "--db", str(db), "--csv", str(csv_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("event ") and f"Wrote {db} and {csv_path}." in out
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert rows and {"Protests", "Riots", "Battles", "Explosions/Remote violence"} <= {
        r["event_type"] for r in rows
    }
    assert not any(r["country"] == "Ghana" and r["location"] == "Kumasi" for r in rows)  # the football match
    # A second demo run changes nothing.
    assert main(["demo", "--db", str(db), "--csv", str(csv_path)]) == 0
    assert len(list(csv.DictReader(io.StringIO(csv_path.read_text())))) == len(rows)
