"""The geo oracle: what the gazetteer's candidates allow, and the split of resolve mode's misses.

A tiny invented geo file and a fake gazetteer: candidates come from a table keyed by name.
"""

from __future__ import annotations

import json
from typing import Any

from eventwire.evaluate.formats import EvalFile
from eventwire.evaluate.report import write_cases
from eventwire.evaluate.runner import evaluate_file
from eventwire.evaluate.systems import System
from eventwire.records import Place, Toponym

TEXT = "Storms hit Lyon, Paris, Springfield and Nowhereville."
LYON = Place(name="Lyon", latitude=45.76, longitude=4.84)
PARIS_FRANCE = Place(name="Paris", latitude=48.86, longitude=2.35)
PARIS_TEXAS = Place(name="Paris", latitude=33.66, longitude=-95.56)
SPRINGFIELD_MASS = Place(name="Springfield", latitude=42.10, longitude=-72.59)
IOWA = Place(name="Iowa", latitude=42.0, longitude=-93.5)


def toponym(name: str, lat: float, lon: float, text: str = TEXT) -> dict[str, Any]:
    start = text.index(name)
    return {"start": start, "end": start + len(name), "text": name, "lat": lat, "lon": lon}


GOLD = [
    {
        "id": "o1",
        "text": TEXT,
        "published": None,
        "toponyms": [
            toponym("Lyon", 45.76, 4.84),  # picked right
            toponym("Paris", 48.86, 2.35),  # Paris, Texas picked; Paris, France was a candidate
            toponym("Springfield", 39.80, -89.64),  # Illinois: the gazetteer offers only Massachusetts
            toponym("Nowhereville", 10.0, 10.0),  # no candidate at all, left unresolved
        ],
    }
]
CANDIDATES = {
    "Lyon": [LYON],
    "Paris": [PARIS_TEXAS, PARIS_FRANCE],
    "Springfield": [SPRINGFIELD_MASS],
}
PICKS = {"Lyon": LYON, "Paris": PARIS_TEXAS, "Springfield": SPRINGFIELD_MASS}


def resolver(picks: dict[str, Place]):
    def resolve(text: str, spans: list[tuple[int, int]]) -> list[Toponym]:
        return [Toponym(start=s, end=e, text=text[s:e], place=picks.get(text[s:e])) for s, e in spans]

    return resolve


def candidates(name: str) -> list[Place]:
    return list(CANDIDATES.get(name, []))


def score(records: list[dict[str, Any]], system: System):
    return evaluate_file(EvalFile(path="/x/geo_fixture.jsonl", task="geo", records=records), system)


def test_oracle_and_the_two_kinds_of_miss():
    result = score(GOLD, System(span_resolver=resolver(PICKS), candidate_finder=candidates))
    metrics = result.metrics
    assert metrics["resolve_acc_161km"] == 0.25
    assert metrics["oracle_acc_161km"] == 0.5
    assert metrics["miss_no_candidate"] == 0.5
    assert metrics["miss_wrong_pick"] == 0.25
    assert metrics["resolve_acc_161km"] + metrics["miss_no_candidate"] + metrics["miss_wrong_pick"] == 1.0


def test_a_right_pick_counts_for_the_oracle_even_if_lookup_does_not_offer_it():
    text = "Iowans voted."
    record = {"id": "o2", "text": text, "published": None, "toponyms": [toponym("Iowans", 42.0, -93.5, text)]}
    system = System(span_resolver=resolver({"Iowans": IOWA}), candidate_finder=candidates)
    metrics = score([record], system).metrics
    assert (metrics["oracle_acc_161km"], metrics["miss_no_candidate"], metrics["miss_wrong_pick"]) == (
        1.0,
        0.0,
        0.0,
    )


def test_without_a_resolver_the_oracle_still_counts_candidates_but_misses_are_missing():
    result = score(GOLD, System(candidate_finder=candidates, missing={"span_resolver": "no resolver"}))
    assert result.metrics["oracle_acc_161km"] == 0.5
    assert result.metrics["miss_wrong_pick"] is None
    assert "span_resolver" in result.missing["miss_no_candidate"]


def test_without_candidates_the_oracle_is_missing_and_resolve_keys_are_unchanged():
    result = score(GOLD, System(span_resolver=resolver(PICKS), missing={"candidate_finder": "no gazetteer"}))
    assert result.metrics["oracle_acc_161km"] is None
    assert result.missing["oracle_acc_161km"] == "no gazetteer"
    assert result.metrics["resolve_acc_161km"] == 0.25
    assert result.metrics["resolve_acc_25km"] == 0.25


def test_each_resolve_miss_in_the_errors_file_says_which_kind(tmp_path):
    result = score(GOLD, System(span_resolver=resolver(PICKS), candidate_finder=candidates))
    path = tmp_path / "errors.jsonl"
    write_cases(path, [result], halves=("tune", "check"))
    cases = [json.loads(line) for line in path.read_text().splitlines()]
    kinds = {case["gold"]["text"]: case["miss"] for case in cases if case["metric"] == "resolve_acc_161km"}
    assert kinds == {"Paris": "wrong_pick", "Springfield": "no_candidate", "Nowhereville": "no_candidate"}


def test_geo_halves_carry_the_oracle_too():
    result = score(GOLD, System(span_resolver=resolver(PICKS), candidate_finder=candidates))
    in_half = [half for half, metrics in result.halves.items() if metrics["n"] == 1]
    assert len(in_half) == 1
    assert result.halves[in_half[0]]["oracle_acc_161km"] == 0.5
