"""Metric functions on tiny hand-made cases whose answers are known."""

from __future__ import annotations

import math

import pytest

from eventwire.evaluate import metrics as m
from eventwire.geo import distance_km, within_km


def test_distance_known_distances():
    assert distance_km(0, 0, 0, 0) == 0
    # One degree of latitude is about 111.2 km anywhere.
    assert distance_km(10, 20, 11, 20) == pytest.approx(111.19, abs=0.05)
    # Antipodes are half the circumference apart.
    assert distance_km(0, 0, 0, 180) == pytest.approx(m.MAX_DISTANCE_KM)


def test_within_agrees_with_the_distance():
    # The cheap latitude test must never answer otherwise than the distance itself.
    assert within_km(10, 20, 11, 20, 112.0)
    assert not within_km(10, 20, 11, 20, 111.0)
    assert not within_km(60, 0, 60, 3, 150.0)  # 3 degrees of longitude at 60N: about 167 km


def test_missing_coordinates_cost_the_maximum_distance():
    assert m.distance_or_max((1.0, 2.0), None) == m.MAX_DISTANCE_KM
    assert m.distance_or_max((1.0, 2.0), (None, 5.0)) == m.MAX_DISTANCE_KM
    assert m.distance_or_max((1.0, 2.0), (1.0, 2.0)) == 0


def test_accuracy_and_undefined_ratios():
    assert m.accuracy([True, True]) == 1.0
    assert m.accuracy([False, False]) == 0.0
    assert m.accuracy([True, False, True, False]) == 0.5
    assert m.accuracy([]) is None
    assert m.ratio(1, 0) is None


def test_f1_edges():
    assert m.f1(1.0, 1.0) == 1.0
    assert m.f1(0.0, 0.0) == 0.0
    assert m.f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert m.f1(None, 1.0) is None


def test_labels_accept_any_member_of_a_gold_list():
    assert m.label_matches("Riots", "Riots")
    assert m.label_matches(["Riots", "Protests"], "Protests")
    assert not m.label_matches(["Riots", "Protests"], "Battles")
    assert not m.label_matches("Riots", "")
    assert not m.label_matches("Riots", None)


def test_dates_exact_or_inside_an_inclusive_window():
    assert m.date_matches("2021-03-04", "2021-03-04")
    assert not m.date_matches("2021-03-04", "2021-03-05")
    window = ["2021-03-01", "2021-03-05"]
    assert m.date_matches(window, "2021-03-01")
    assert m.date_matches(window, "2021-03-05")
    assert not m.date_matches(window, "2021-03-06")
    assert not m.date_matches(window, None)
    # Three or more dates are a set of acceptable days, not a window.
    assert not m.date_matches(["2021-03-01", "2021-03-03", "2021-03-09"], "2021-03-02")


def test_place_names_ignore_case_accents_and_unit_words():
    assert m.normalise_place_name("Kandahār Province") == "kandahar"
    assert m.place_name_matches(["kandahar"], "KANDAHAR province")
    assert m.place_name_matches("Córdoba", "cordoba")
    assert m.place_name_matches("Sverdlovsk Oblast", "Sverdlovsk")
    assert m.place_name_matches("Nairobi", "Nairobi City")  # GeoNames names the county so
    assert not m.place_name_matches("Sverdlovsk", "Omsk")
    assert not m.place_name_matches("Province", "Region")  # nothing left of either name
    assert m.place_name_matches("Ivory Coast", "Côte d'Ivoire", aliases=["Ivory Coast"])


def test_weighted_f1_perfect_empty_and_half_right():
    gold = ["A", "A", "B", "B"]
    assert m.weighted_f1(gold, gold) == 1.0
    assert m.weighted_f1(gold, [None, None, None, None]) == 0.0
    # A: P 1/1 R 1/2 F 2/3; B: P 2/3 R 1 F 4/5; weights 2 and 2.
    assert m.weighted_f1(gold, ["A", "B", "B", "B"]) == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert m.weighted_f1([], []) is None


def test_strict_and_relaxed_span_matching():
    gold = [(0, 5), (10, 20)]
    assert m.match_spans(gold, [(0, 5), (10, 20)], strict=True) == [(0, 0), (1, 1)]
    assert m.match_spans(gold, [(0, 4), (12, 25)], strict=True) == []
    assert m.match_spans(gold, [(0, 4), (12, 25)], strict=False) == [(0, 0), (1, 1)]
    # One long system span may claim only one gold span.
    assert m.match_spans(gold, [(0, 20)], strict=False) == [(1, 0)]
    # Touching is not overlapping.
    assert m.match_spans([(0, 5)], [(5, 9)], strict=False) == []


def test_precision_recall_f1_counts():
    assert m.precision_recall_f1(4, 4, 4) == (1.0, 1.0, 1.0)
    assert m.precision_recall_f1(0, 0, 4) == (None, 0.0, 0.0)
    assert m.precision_recall_f1(2, 4, 4) == (0.5, 0.5, 0.5)
    assert m.precision_recall_f1(0, 0, 0) == (None, None, None)


def test_b_cubed_perfect_all_in_one_and_singletons():
    gold = ["x", "x", "y", "y"]
    assert m.b_cubed(gold, ["1", "1", "2", "2"]) == (1.0, 1.0, 1.0)
    p, r, f = m.b_cubed(gold, ["1", "1", "1", "1"])
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)
    p, r, _ = m.b_cubed(gold, ["1", "2", "3", "4"])
    assert (p, r) == (1.0, 0.5)


def test_pairwise_scores():
    gold = ["x", "x", "y", "y"]
    assert m.pairwise_scores(gold, ["a", "a", "b", "b"]) == (1.0, 1.0, 1.0)
    p, r, f = m.pairwise_scores(gold, ["a", "a", "a", "a"])  # 6 pairs, 2 right
    assert (p, r) == (pytest.approx(1 / 3), 1.0)
    assert f == pytest.approx(0.5)
    assert m.pairwise_scores(gold, ["a", "b", "c", "d"]) == (None, 0.0, 0.0)
    assert m.pairwise_scores(["x", "y"], ["a", "b"]) == (1.0, 1.0, 1.0)


def test_clusterings_must_cover_the_same_items():
    with pytest.raises(ValueError, match="gold has 2"):
        m.b_cubed(["x", "y"], ["a"])


def test_median_and_share_within():
    assert m.median([1.0, 3.0, 100.0]) == 3.0
    assert m.median([]) is None
    assert m.share_within([10.0, 200.0], 161) == 0.5
    assert math.isclose(m.share_within([0.0], 25) or 0, 1.0)


def test_every_metric_key_is_documented_for_users():
    from pathlib import Path

    from eventwire.evaluate.results import COMMON_KEYS, METRIC_KEYS

    section = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    undocumented = [
        key for keys in (*METRIC_KEYS.values(), COMMON_KEYS) for key in keys if f"`{key}`" not in section
    ]
    assert undocumented == []
