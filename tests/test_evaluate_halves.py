"""The tune/check split: the split function, halves in results and reports, `--half`, and
`--errors` writing tune cases only. Gold records are invented here; systems are fakes."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.evaluate import command
from eventwire.evaluate.formats import EvalFile
from eventwire.evaluate.report import markdown_report, text_table
from eventwire.evaluate.results import METRIC_KEYS
from eventwire.evaluate.runner import evaluate_file
from eventwire.evaluate.split import half_of
from eventwire.evaluate.systems import System
from eventwire.pipeline import Doc
from eventwire.records import Article, Mention


def ids_in(half: str, count: int, prefix: str) -> list[str]:
    """The first `count` ids PREFIX0, PREFIX1, ... that fall in the given half."""
    found = []
    number = 0
    while len(found) < count:
        if half_of(f"{prefix}{number}") == half:
            found.append(f"{prefix}{number}")
        number += 1
    return found


# --- the split function ----------------------------------------------------------------------------


def test_half_follows_the_first_sha256_byte_of_the_id():
    for doc_id in ["v0", "v9", "a-b", "ünïcode", "12345", ""]:
        first = hashlib.sha256(doc_id.encode("utf-8")).digest()[0]
        assert half_of(doc_id) == ("check" if first % 3 == 0 else "tune")
    assert half_of("v9") == "check"
    assert half_of("v0") == "tune"


def test_half_is_stable_and_the_same_for_an_id_as_number_or_string():
    assert [half_of(f"doc-{i}") for i in range(50)] == [half_of(f"doc-{i}") for i in range(50)]
    assert half_of(3) == half_of("3") == "check"
    assert half_of(0) == half_of("0") == "tune"


def test_about_a_third_of_many_ids_are_check():
    halves = [half_of(f"article-{i}") for i in range(6000)]
    share = halves.count("check") / len(halves)
    assert set(halves) == {"tune", "check"}
    assert 0.31 < share < 0.36  # 86 of 256 byte values: 0.336


# --- halves in results -----------------------------------------------------------------------------


def plover_record(doc_id: str, event: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "text": f"Sentence of {doc_id}.",
        "published": None,
        "plover": {"event": event, "source": ["AAA"], "target": [], "context": ""},
    }


class CountingProtestCoder:
    """Says PROTEST (actor code AAA) for every sentence; remembers what it was given."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, articles: list[Article]) -> list[Doc]:
        self.calls.append([article.text for article in articles])
        docs = []
        for article in articles:
            doc = Doc(article=article)
            doc.mentions = [Mention(id="m", article_id=article.id, plover_type="PROTEST")]
            docs.append(doc)
        return docs


def plover_records() -> list[dict[str, Any]]:
    """Tune: 3 right, 1 wrong; check: 1 right, 1 wrong."""
    tune, check = ids_in("tune", 4, "t"), ids_in("check", 2, "c")
    events = ["PROTEST", "PROTEST", "PROTEST", "AID"]
    return [plover_record(i, e) for i, e in zip(tune, events, strict=True)] + [
        plover_record(check[0], "PROTEST"),
        plover_record(check[1], "AID"),
    ]


def test_each_half_is_scored_from_one_run_of_the_system():
    coder = CountingProtestCoder()
    system = System(coder=coder, provides=frozenset({"mentions"}))
    result = evaluate_file(EvalFile(path="/x/p.jsonl", task="plover", records=plover_records()), system)
    assert len(coder.calls) == 1 and len(coder.calls[0]) == 6
    assert result.metrics["event_acc"] == pytest.approx(4 / 6, abs=1e-4)
    assert result.halves["tune"]["event_acc"] == 0.75
    assert result.halves["check"]["event_acc"] == 0.5
    assert (result.halves["tune"]["n"], result.halves["check"]["n"]) == (4, 2)
    for metrics in result.halves.values():
        assert set(metrics) == {"n", *METRIC_KEYS["plover"]}
    assert result.to_json()["halves"]["check"]["event_acc"] == 0.5


def test_dedup_halves_score_the_clusters_restricted_to_their_documents():
    tune, check = ids_in("tune", 2, "n"), ids_in("check", 2, "n")
    clusters = {tune[0]: "a", check[0]: "a", tune[1]: "b", check[1]: "b"}
    records = [
        {"id": i, "text": f"Story {i}.", "published": None, "cluster": c, "topic": "t"}
        for i, c in clusters.items()
    ]
    # The system keeps the tune documents apart and puts both check documents together.
    labels = ["x", "y", "z", "y"]
    system = System(
        coder=CountingProtestCoder(), provides=frozenset({"mentions"}), document_grouper=lambda docs: labels
    )
    result = evaluate_file(EvalFile(path="/x/d.jsonl", task="dedup", records=records), system)
    assert result.halves["tune"]["b3_f1"] == 1.0  # two singletons in the gold, two in the system
    assert result.halves["check"]["b3_p"] == 0.5  # two gold clusters merged into one
    assert result.halves["check"]["clusters_ratio"] == 0.5


def test_a_half_without_documents_has_every_key_and_no_figures():
    records = [plover_record(i, "PROTEST") for i in ids_in("tune", 2, "t")]
    system = System(coder=CountingProtestCoder(), provides=frozenset({"mentions"}))
    result = evaluate_file(EvalFile(path="/x/p.jsonl", task="plover", records=records), system)
    assert result.halves["check"]["n"] == 0
    assert all(result.halves["check"][key] is None for key in METRIC_KEYS["plover"])


def events_records() -> list[dict[str, Any]]:
    tune, check = ids_in("tune", 2, "e"), ids_in("check", 1, "e")
    gold = [{"event_type": "Protests", "sub_event_type": "Peaceful protest"}]
    return [
        {
            "id": doc_id,
            "text": f"People marched, says {doc_id}.",
            "published": None,
            "scope": "primary",
            "events": gold,
        }
        for doc_id in [*tune, *check]
    ]


def test_table_and_report_show_tune_and_check_side_by_side_with_the_events_gap():
    tune_texts = {record["text"] for record in events_records() if half_of(record["id"]) == "tune"}

    def code(articles: list[Article]) -> list[Doc]:
        docs = []
        for article in articles:
            doc = Doc(article=article)
            if article.text in tune_texts:  # right on the tune half only
                doc.mentions = [
                    Mention(
                        id="m",
                        article_id=article.id,
                        event_type="Protests",
                        sub_event_type="Peaceful protest",
                    )
                ]
            docs.append(doc)
        return docs

    system = System(coder=code, provides=frozenset({"mentions", "event_dates", "event_places"}))
    result = evaluate_file(EvalFile(path="/x/e.jsonl", task="events", records=events_records()), system)
    table = text_table(result)
    assert "all        tune       check  check-tune" in table
    row = next(line for line in table.splitlines() if line.strip().startswith("event_type_acc"))
    assert row.split()[1:] == ["0.6667", "1.0000", "0.0000", "-1.0000"]
    report = markdown_report([result])
    assert "| metric | all | tune | check | check-tune | reference |" in report
    assert "| `event_type_acc` | 0.6667 | 1.0000 | 0.0000 | -1.0000 |" in report


# --- the sub-command -------------------------------------------------------------------------------


def run_cli(argv: list[str], system: System) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    command.register(parser.add_subparsers())
    args = parser.parse_args(["eval", *argv])
    return args.func(args, system=system)


def write_plover_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in plover_records()))
    return path


def protest_system() -> System:
    return System(coder=CountingProtestCoder(), provides=frozenset({"mentions"}))


def test_errors_are_tune_cases_only_unless_asked(tmp_path):
    path, errors = write_plover_file(tmp_path), tmp_path / "errors.jsonl"
    assert run_cli([str(path), "--errors", str(errors)], protest_system()) == 0
    cases = [json.loads(line) for line in errors.read_text().splitlines()]
    wrong_events = [case for case in cases if case["metric"] == "event_acc"]
    assert len(wrong_events) == 1
    assert {case["half"] for case in cases} == {"tune"}
    assert all(half_of(case["id"]) == "tune" for case in cases)
    assert run_cli([str(path), "--errors", str(errors), "--errors-half", "all"], protest_system()) == 0
    cases = [json.loads(line) for line in errors.read_text().splitlines()]
    assert {case["half"] for case in cases if case["metric"] == "event_acc"} == {"tune", "check"}


def test_help_says_errors_are_tune_cases_only(capsys):
    parser = argparse.ArgumentParser(prog="eventwire")
    command.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["eval", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "tune-half cases only" in help_text
    assert "--errors-half" in help_text


def test_half_option_runs_and_scores_one_half_only(tmp_path, capsys):
    system = protest_system()
    coder = system.coder
    assert isinstance(coder, CountingProtestCoder)
    assert run_cli([str(write_plover_file(tmp_path)), "--half", "check", "--json"], system) == 0
    assert [len(texts) for texts in coder.calls] == [2]
    result = json.loads(capsys.readouterr().out)[0]
    assert result["n"] == 2
    assert result["metrics"]["event_acc"] == 0.5
    assert result["halves"]["check"]["event_acc"] == 0.5
    assert result["halves"]["tune"]["n"] == 0


def test_half_cannot_be_checked_against_floors_nor_hide_the_errors_it_asks_for(tmp_path, capsys):
    path = write_plover_file(tmp_path)
    floors = tmp_path / "floors.json"
    assert run_cli([str(path), "--half", "tune", "--floors", str(floors)], protest_system()) == 2
    assert "whole-file" in capsys.readouterr().err
    errors = str(tmp_path / "errors.jsonl")
    assert run_cli([str(path), "--half", "check", "--errors", errors], protest_system()) == 2
    assert "--errors-half check" in capsys.readouterr().err
    assert (
        run_cli(
            [str(path), "--half", "check", "--errors", errors, "--errors-half", "check"], protest_system()
        )
        == 0
    )
    assert Path(errors).read_text().count('"half": "check"') >= 1
