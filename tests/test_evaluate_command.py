"""Format detection, line-numbered errors, floors, and the `eval` sub-command end to end."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate import command
from eventwire.evaluate.floors import check_floors, load_floors, save_floors, update_floors
from eventwire.evaluate.formats import detect_task, read_eval_file
from eventwire.evaluate.results import METRIC_KEYS, TaskResult
from eventwire.evaluate.systems import System
from eventwire.pipeline import Doc
from eventwire.records import Article, Mention


def write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def plover_line(i: int, event: str = "PROTEST") -> dict[str, object]:
    return {
        "id": f"v{i}",
        "text": f"Sentence number {i}.",
        "published": None,
        "plover": {"event": event, "source": ["AAA"], "target": [], "context": ""},
    }


def test_detects_each_format_from_fields():
    base = {"id": "x", "text": "t", "published": None}
    assert detect_task({**base, "toponyms": []}) == "geo"
    assert detect_task({**base, "timexes": []}) == "dates"
    assert detect_task({**base, "cluster": "c1", "topic": "1"}) == "dedup"
    assert detect_task({**base, "plover": {"event": "AID"}}) == "plover"
    assert detect_task({**base, "events": [], "scope": "primary"}) == "events"
    assert detect_task(base) is None


def test_format_comes_from_fields_not_from_the_file_name(tmp_path):
    path = write_jsonl(tmp_path / "events_looking_name.jsonl", [plover_line(1), plover_line(2)])
    assert read_eval_file(path).task == "plover"


def test_malformed_lines_are_reported_with_their_numbers_and_skipped(tmp_path):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            plover_line(1),
            "{not json",
            "",
            "[1, 2]",
            {"id": "v5", "text": "No gold here.", "published": None},
            {**plover_line(6), "published": "last week"},
            plover_line(7),
        ],
    )
    gold = read_eval_file(path)
    assert [record["id"] for record in gold.records] == ["v1", "v7"]
    assert [problem.line for problem in gold.problems] == [2, 4, 5, 6]
    assert "not valid JSON" in str(gold.problems[0])
    assert "published" in gold.problems[3].message


def test_unicode_line_separators_inside_strings_do_not_split_lines(tmp_path):
    record = {**plover_line(1), "text": "First part\u2028second part\x85third\x0cfourth."}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(plover_line(2)) + "\n")
    gold = read_eval_file(path)
    assert gold.problems == []
    assert [r["id"] for r in gold.records] == ["v1", "v2"]


def test_geo_offsets_outside_the_text_are_malformed(tmp_path):
    good = {
        "id": "g",
        "text": "In Lyon.",
        "published": None,
        "toponyms": [{"start": 3, "end": 7, "text": "Lyon", "lat": 45.7, "lon": 4.8}],
    }
    bad = {**good, "id": "h", "toponyms": [{"start": 3, "end": 70, "text": "Lyon", "lat": 45.7, "lon": 4.8}]}
    gold = read_eval_file(write_jsonl(tmp_path / "g.jsonl", [good, bad]))
    assert len(gold.records) == 1
    assert gold.problems[0].line == 2


def test_a_file_of_no_known_format_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no line has the fields"):
        read_eval_file(write_jsonl(tmp_path / "x.jsonl", [{"id": "1", "text": "t"}]))


def test_limit_keeps_the_first_valid_records(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(i) for i in range(5)])
    assert len(read_eval_file(path, limit=2).records) == 2


# --- floors --------------------------------------------------------------------------------------


def result_with(**metrics: float | None) -> TaskResult:
    values = dict.fromkeys(METRIC_KEYS["geo"])
    values.update(n=3, docs_per_s=10.0, **metrics)
    missing = {key: "no gazetteer" for key, value in metrics.items() if value is None}
    return TaskResult(file="geo.jsonl", task="geo", n=3, metrics=values, missing=missing)


def test_floors_name_each_broken_metric_and_treat_distances_as_ceilings():
    floors = {"geo.jsonl": {"resolve_acc_161km": 0.8, "resolve_median_km": 50.0, "e2e_span_f1": 0.5}}
    ok = result_with(resolve_acc_161km=0.85, resolve_median_km=20.0, e2e_span_f1=0.5)
    assert check_floors([ok], floors) == []
    bad = result_with(resolve_acc_161km=0.7, resolve_median_km=80.0, e2e_span_f1=None)
    breaches = check_floors([bad], floors)
    assert len(breaches) == 3
    assert any("resolve_acc_161km = 0.7, below floor 0.8" in breach for breach in breaches)
    assert any("resolve_median_km = 80, above ceiling 50" in breach for breach in breaches)
    assert any("e2e_span_f1 is missing (no gazetteer)" in breach for breach in breaches)


def test_update_raises_floors_and_refuses_to_lower_them():
    floors = {"geo.jsonl": {"resolve_acc_161km": 0.8}}
    raised, lowered = update_floors(
        [result_with(resolve_acc_161km=0.876, resolve_median_km=12.0)], floors, allow_lower=False
    )
    assert lowered == []
    assert raised["geo.jsonl"]["resolve_acc_161km"] == 0.87
    assert raised["geo.jsonl"]["resolve_median_km"] >= 12.0
    assert "docs_per_s" not in raised["geo.jsonl"]
    kept, lowered = update_floors([result_with(resolve_acc_161km=0.5)], floors, allow_lower=False)
    assert kept == floors
    assert "resolve_acc_161km floor 0.8 would become 0.49" in lowered[0]
    forced, _ = update_floors([result_with(resolve_acc_161km=0.5)], floors, allow_lower=True)
    assert forced["geo.jsonl"]["resolve_acc_161km"] == 0.49


def test_rounding_alone_never_lowers_a_floor():
    floors = {"geo.jsonl": {"resolve_acc_161km": 0.815}}
    kept, lowered = update_floors([result_with(resolve_acc_161km=0.8155)], floors, allow_lower=False)
    assert lowered == []
    assert kept["geo.jsonl"]["resolve_acc_161km"] == 0.815


def test_floors_file_round_trip(tmp_path):
    path = tmp_path / "floors.json"
    save_floors(path, {"b.jsonl": {"x": 0.5}, "a.jsonl": {"y": 1.0}})
    assert load_floors(path) == {"a.jsonl": {"y": 1.0}, "b.jsonl": {"x": 0.5}}
    assert load_floors(tmp_path / "absent.json") == {}
    path.write_text("[1]")
    with pytest.raises(InputError, match="not a floors file"):
        load_floors(path)


# --- the sub-command -----------------------------------------------------------------------------


def fake_system() -> System:
    """Says PROTEST for every sentence with actor code AAA."""

    def code(articles: list[Article]) -> list[Doc]:
        docs = []
        for article in articles:
            doc = Doc(article=article)
            doc.mentions = [Mention(id="m", article_id=article.id, plover_type="PROTEST")]
            docs.append(doc)
        return docs

    return System(coder=code, provides=frozenset({"mentions"}))


def run_cli(argv: list[str], system: System | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    command.register(parser.add_subparsers())
    args = parser.parse_args(["eval", *argv])
    return args.func(args, system=system or fake_system())


def test_json_output_is_the_only_thing_on_stdout(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1), plover_line(2, event="AID"), "oops"])
    assert run_cli([str(path), "--json"]) == 0
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    assert [(r["file"], r["task"], r["n"]) for r in results] == [("p.jsonl", "plover", 2)]
    assert results[0]["metrics"]["event_acc"] == 0.5
    assert set(METRIC_KEYS["plover"]) <= set(results[0]["metrics"])
    assert "line 3" in captured.err


def test_table_report_results_and_broken_floor(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1), plover_line(2, event="AID")])
    floors = tmp_path / "floors.json"
    save_floors(floors, {"p.jsonl": {"event_acc": 0.9}})
    report, results = tmp_path / "out" / "report.md", tmp_path / "out" / "results.json"
    status = run_cli([str(path), "--report", str(report), "--results", str(results), "--floors", str(floors)])
    captured = capsys.readouterr()
    assert status == 1
    assert "p.jsonl  (plover, n=2)" in captured.out
    assert "event_acc" in captured.out
    assert "floor broken: p.jsonl: event_acc = 0.5, below floor 0.9" in captured.err
    assert "Floors broken" in report.read_text()
    assert json.loads(results.read_text())[0]["metrics"]["source_acc"] == 0.0


def test_update_floors_writes_and_then_refuses_to_lower(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1), plover_line(2)])
    floors = tmp_path / "floors.json"
    assert run_cli([str(path), "--floors", str(floors), "--update-floors"]) == 0
    assert load_floors(floors)["p.jsonl"]["event_acc"] == 0.99
    write_jsonl(path, [plover_line(1), plover_line(2, event="AID")])
    assert run_cli([str(path), "--floors", str(floors), "--update-floors"]) == 1
    assert "refused to lower" in capsys.readouterr().err
    assert load_floors(floors)["p.jsonl"]["event_acc"] == 0.99
    assert run_cli([str(path), "--floors", str(floors), "--update-floors", "--allow-lower"]) == 0
    assert load_floors(floors)["p.jsonl"]["event_acc"] == 0.49


def test_missing_capability_is_printed_as_missing(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1)])
    assert run_cli([str(path)], system=System(missing={"coder": "no api yet"})) == 0
    out = capsys.readouterr().out
    assert "missing" in out
    assert "no api yet" in out


def test_unreadable_file_and_bad_flags_exit_2(tmp_path, capsys):
    assert run_cli([str(tmp_path / "absent.jsonl")]) == 2
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1)])
    assert run_cli([str(path), "--update-floors"]) == 2
    assert "--update-floors needs --floors" in capsys.readouterr().err


def test_models_are_loaded_before_any_document_is_timed(tmp_path):
    from eventwire.evaluate.runner import evaluate_paths

    calls: list[str] = []
    system = fake_system()
    inner = system.coder
    assert inner is not None

    def code(articles: list[Article]) -> list[Doc]:
        calls.append("code")
        return inner(articles)

    system.coder = code
    system.warm_up = lambda: calls.append("warm_up")
    evaluate_paths([write_jsonl(tmp_path / "p.jsonl", [plover_line(1)])], system=system)
    assert calls == ["warm_up", "code"]


def test_report_starts_with_a_summary_row_per_file(tmp_path):
    from eventwire.evaluate.report import markdown_report

    result = result_with(resolve_acc_161km=0.8, e2e_span_f1=None)
    report = markdown_report([result])
    assert "| geo.jsonl | geo | 3 | 10.0 | resolve_acc_161km 0.8000; missing: e2e_span_f1 |" in report
    assert "| `resolve_median_km` | - |" in report
    assert "| `e2e_span_f1` | missing |" in report


def test_errors_file_lists_each_case_scored_wrong(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", [plover_line(1), plover_line(2, event="AID")])
    errors = tmp_path / "errors.jsonl"
    assert run_cli([str(path), "--errors", str(errors)]) == 0
    cases = [json.loads(line) for line in errors.read_text().splitlines()]
    wrong_events = [case for case in cases if case["metric"] == "event_acc"]
    assert [(case["file"], case["gold"], case["got"]) for case in wrong_events] == [
        ("p.jsonl", "AID", "PROTEST")
    ]
    assert {case["metric"] for case in cases} <= {"event_acc", "source_acc", "target_acc"}
