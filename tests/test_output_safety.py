"""Output injection: hostile article text must stay inert in CSV, on the terminal and in JSON.

The store is built by the real `eventwire ingest` (with the model-free fake coder of conftest),
from articles whose titles, sources and sentences carry spreadsheet formulas, terminal escapes,
bidi overrides and line separators; every export and every printed report is then checked.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from eventwire import api
from eventwire.cli import main
from eventwire.export import CSV_COLUMNS, to_csv, to_geojson, to_jsonl
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Event, Place
from eventwire.safe_text import csv_cell, json_line, one_line, terminal_text, write_data
from tests.conftest import FakeCoder, fake_mention

ESC_RED = "\x1b[31m"
BEL = "\x07"
RIGHT_TO_LEFT_OVERRIDE = "\u202e"
LINE_SEPARATOR = "\u2028"
# Text a spreadsheet would run, each as a whole cell.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\ncmd")
# What must never reach a terminal raw: C0 controls but TAB and LF, DEL, C1 controls, the line
# and paragraph separators, and the bidi embeddings, overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# --- csv_cell -------------------------------------------------------------------------------


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(formula: str) -> None:
    assert csv_cell(formula) == "'" + formula


@pytest.mark.parametrize("value", [-73.5, 12, 0, "-73.5000", "12", "", None, "Accra", "a=b", "'quoted"])
def test_numbers_and_ordinary_text_are_left_as_they_are(value: object) -> None:
    assert csv_cell(value) == value  # type: ignore[arg-type]


# --- terminal_text ----------------------------------------------------------------------------


def test_terminal_text_shows_escapes_instead_of_sending_them() -> None:
    hostile = f"{ESC_RED}red{BEL} \rover \x9b2J {RIGHT_TO_LEFT_OVERRIDE}txt.exe{LINE_SEPARATOR}\x7f"
    shown = terminal_text(hostile)
    assert RAW_CONTROL.search(shown) is None
    assert shown == r"\x1b[31mred\x07 \x0dover \x9b2J \u202etxt.exe\u2028\x7f"


def test_terminal_text_keeps_layout_and_real_scripts() -> None:
    text = "col\tcol\nline two\r\nline three: متظاهرون, Demonstranten, 👩‍⚕️"
    assert terminal_text(text) == text.replace("\r\n", "\n")
    assert terminal_text(terminal_text(ESC_RED + "x")) == terminal_text(ESC_RED + "x")


def test_a_file_name_that_was_not_utf8_can_be_printed() -> None:
    undecodable = b"report-\xff.txt".decode("utf-8", "surrogateescape")
    assert terminal_text(undecodable) == r"report-\udcff.txt"
    terminal_text(undecodable).encode("utf-8")  # would raise with the surrogate left in


def test_one_line_cannot_forge_another_line() -> None:
    assert one_line(f"Accra\n  fatalities      100\r{LINE_SEPARATOR}{BEL}") == r"Accra fatalities 100 \x07"


def test_write_data_is_exact_to_a_pipe_and_inert_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    pipe, terminal = io.StringIO(), Terminal()
    write_data(f"a,{ESC_RED}b\n", pipe)
    write_data(f"a,{ESC_RED}b\n", terminal)
    assert pipe.getvalue() == f"a,{ESC_RED}b\n"
    assert terminal.getvalue() == "a,\\x1b[31mb\n"


# --- the export functions ---------------------------------------------------------------------


def hostile_event(number: int, hostile: str) -> Event:
    return Event(
        id=f"ev-{number}",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1=Actor(name=hostile, label=hostile, inter=6),
        actor2=Actor(name="police", label=f"Police\r\nof {hostile}", inter=1),
        place=Place(name=f"Accra{LINE_SEPARATOR}{hostile}", country="Ghana", latitude=40.7, longitude=-73.5),
        event_date="2023-05-16",
        notes=f"killed: 3 ({hostile}) / 5 ({ESC_RED}{BEL}{RIGHT_TO_LEFT_OVERRIDE}line\rbreak\nx)",
    )


HOSTILE_EVENTS = [hostile_event(number, text) for number, text in enumerate(FORMULAS)]


def test_csv_neutralises_formulas_and_reads_back_one_row_per_event() -> None:
    text = to_csv(HOSTILE_EVENTS)
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert tuple(header) == CSV_COLUMNS and len(rows) == len(HOSTILE_EVENTS)
    column = {name: index for index, name in enumerate(header)}
    for row, formula, event in zip(rows, FORMULAS, HOSTILE_EVENTS, strict=True):
        assert row[column["actor1"]] == "'" + formula
        assert row[column["actor2"]] == f"Police\r\nof {formula}"  # CR LF kept, inside quotes
        assert row[column["notes"]] == event.notes
        assert row[column["location"]] == event.place.name  # type: ignore[union-attr]
        assert row[column["longitude"]] == "-73.5000"  # a number stays a number
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r", "\n")) for row in rows for cell in row)


def test_csv_quotes_a_lone_cr_so_no_reader_splits_the_record() -> None:
    text = to_csv([hostile_event(1, "\rcmd")])
    # Outside quoted fields the only line break left is each record's "\n".
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", text)
    assert "\r" not in unquoted and unquoted.count("\n") == 2


def test_jsonl_keeps_each_record_on_one_line_for_any_line_splitter() -> None:
    text = to_jsonl(HOSTILE_EVENTS)
    lines = text.splitlines()  # splits on U+2028, U+2029, CR, NEL ... too
    assert len(lines) == len(HOSTILE_EVENTS) and LINE_SEPARATOR not in text
    decoded = [json.loads(line) for line in lines]
    assert [record["notes"] for record in decoded] == [event.notes for event in HOSTILE_EVENTS]
    assert decoded[0]["place"]["name"].startswith("Accra" + LINE_SEPARATOR)
    assert RAW_CONTROL.search(text) is None


def test_geojson_is_one_line_of_valid_json_with_the_same_values() -> None:
    text = to_geojson(HOSTILE_EVENTS)
    assert len(text.splitlines()) == 1 and RAW_CONTROL.search(text) is None
    features = json.loads(text)["features"]
    assert [f["properties"]["actor1"] for f in features] == list(FORMULAS)  # JSON is not a spreadsheet


def test_json_line_escapes_the_separators_and_c1_controls() -> None:
    assert json_line({"t": f"a{LINE_SEPARATOR}b\u2029c\x85{RIGHT_TO_LEFT_OVERRIDE}"}) == (
        '{"t":"a\\u2028b\\u2029c\\u0085\\u202e"}\n'
    )


# --- the real CLI -----------------------------------------------------------------------------


class HostileActorStage(FakeCoder):
    """The fake coder of conftest, naming its actor after the article's title: hostile titles
    then reach actor columns, tables and reports like names found in the text would."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = []
            for index in range(len(doc.sentences)):
                mention = fake_mention(doc, index)
                title = doc.article.title or ""
                mention.actor1 = Actor(name=title, label=title, inter=6, country="Ghana")
                mention.killed = len(doc.article.source or "")  # sources disagree: notes list them
                doc.mentions.append(mention)
        return docs


HOSTILE_ARTICLES = [
    {
        "title": '=HYPERLINK("http://x","y")',
        "source": "@SUM(A1)",
        "text": f"Crowds protest in Accra {ESC_RED}today{BEL}. Police watch {RIGHT_TO_LEFT_OVERRIDE}quietly.",
        "published": "2023-05-16",
    },
    {
        "title": f"+1 {ESC_RED}red title\r\nsecond line",
        "source": f"-2+3{LINE_SEPARATOR}wire\x9b",
        "text": f"Teachers protest in Accra.{LINE_SEPARATOR}\tcmd and more.",
        "published": "2023-05-16",
    },
    {  # the first story from another (hostile) source, with another count: the event's notes
        # then name both sources
        "title": '=HYPERLINK("http://x","y")',
        "source": "\tcmd\r\nwire",
        "text": "Students protest in Accra.",
        "published": "2023-05-16",
    },
]
# A file name is article-derived too: an empty one is skipped, and the skip names it.
HOSTILE_FILE_NAME = f"empty{ESC_RED}{BEL}\u202egnp.txt"


@pytest.fixture
def hostile_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    """A store built by `eventwire ingest`; returns it with what ingest printed (out and err)."""
    from eventwire.stages.sentences import SentenceStage

    pipeline = Pipeline([SentenceStage(), HostileActorStage()], on_error="record")
    monkeypatch.setattr(api, "build_pipeline", lambda **_: pipeline)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(article) + "\n" for article in HOSTILE_ARTICLES), encoding="utf-8")
    (tmp_path / HOSTILE_FILE_NAME).write_text("")
    db = tmp_path / "events.db"
    assert main(["ingest", str(feed), str(tmp_path / HOSTILE_FILE_NAME), "--db", str(db)]) == 0
    printed = capsys.readouterr()
    return db, printed.out + printed.err


def test_ingest_names_a_hostile_file_without_sending_its_escapes(hostile_store: tuple[Path, str]) -> None:
    _, printed = hostile_store
    assert RAW_CONTROL.search(printed) is None
    skipped = [line for line in printed.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 1 and r"empty\x1b[31m\x07\u202egnp.txt" in skipped[0]


def test_events_table_and_show_print_no_raw_escapes(
    hostile_store: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = hostile_store
    assert main(["events", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert RAW_CONTROL.search(table) is None and '=HYPERLINK("http://x","y")' in table
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    event_ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    reports = []
    for event_id in event_ids:
        assert main(["show", event_id, "--db", str(db)]) == 0
        reports.append(capsys.readouterr().out)
    shown = "".join(reports)
    assert len(reports) == 2 and RAW_CONTROL.search(shown) is None
    assert r"Crowds protest in Accra \x1b[31mtoday\x07." in shown and r"\u202equietly" in shown
    # No value starts a line of its own: every line is one the report itself laid out.
    assert all(
        line == "" or line.startswith((" ", "event ", "first ", "per ", "evidence"))
        for line in shown.splitlines()
    )


def test_events_csv_from_the_cli_is_neutralised_and_round_trips(
    hostile_store: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = hostile_store
    assert main(["events", "--db", str(db), "--format", "csv"]) == 0
    header, *rows = csv.reader(io.StringIO(capsys.readouterr().out, newline=""))
    assert len(rows) == 2  # one per event, whatever CR and LF the cells hold
    by_column = [dict(zip(header, row, strict=True)) for row in rows]
    actors = {row["actor1"] for row in by_column}
    assert "'" + '=HYPERLINK("http://x","y")' in actors
    assert {row["source"] for row in by_column} == {
        "'\tcmd\r\nwire; @SUM(A1)",  # TAB-led: neutralised; the CR LF stays inside the cell
        f"'-2+3{LINE_SEPARATOR}wire\x9b",
    }
    assert all(row["longitude"] == "-0.2000" for row in by_column)
    notes = {row["notes"] for row in by_column} - {""}
    assert notes == {"killed: 10 (\tcmd\r\nwire) / 8 (@SUM(A1))"}  # CR LF inside, one record


def test_jsonl_and_geojson_from_the_cli_keep_records_on_one_line(
    hostile_store: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = hostile_store
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    jsonl = capsys.readouterr().out
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert records and LINE_SEPARATOR not in jsonl and RAW_CONTROL.search(jsonl) is None
    assert f"-2+3{LINE_SEPARATOR}wire\x9b" in {
        value["source"] for r in records for value in r["values"]["killed"]
    }
    assert main(["events", "--db", str(db), "--format", "geojson"]) == 0
    geojson = capsys.readouterr().out
    assert len(geojson.splitlines()) == 1
    assert len(json.loads(geojson)["features"]) == len(records)


def test_code_prints_a_hostile_title_and_sentence_inertly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventwire.stages.sentences import SentenceStage

    pipeline = Pipeline([SentenceStage(), HostileActorStage()], on_error="record")
    monkeypatch.setattr(api, "build_pipeline", lambda **_: pipeline)
    article = tmp_path / "article.jsonl"
    article.write_text(json.dumps(HOSTILE_ARTICLES[1]) + "\n", encoding="utf-8")
    assert main(["code", str(article), "--published", "2023-05-16"]) == 0
    out = capsys.readouterr().out
    assert RAW_CONTROL.search(out) is None
    assert out.splitlines()[0].startswith(r"+1 \x1b[31mred title second line  (published")
    assert main(["code", str(article), "--format", "json"]) == 0
    out = capsys.readouterr().out
    mentions = [json.loads(line) for line in out.splitlines()]
    assert len(mentions) == 1 and RAW_CONTROL.search(out) is None
    assert mentions[0]["evidence"][0]["text"] == f"Teachers protest in Accra.{LINE_SEPARATOR}\tcmd and more."


def test_an_error_message_naming_a_hostile_path_is_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / f"no{ESC_RED}such{BEL}.txt"
    assert main(["code", str(missing)]) == 1
    err = capsys.readouterr().err
    assert RAW_CONTROL.search(err) is None and r"no\x1b[31msuch\x07.txt" in err
