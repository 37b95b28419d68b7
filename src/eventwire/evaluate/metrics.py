"""Metric functions: pure functions over plain values (strings, numbers, offsets, labels).

Nothing here knows about the pipeline or the file formats, so every function can be tested on
tiny hand-made cases with known answers.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from eventwire.geo import EARTH_RADIUS_KM, distance_km

# Half the earth's circumference: the distance charged for a place the system did not locate,
# so a system cannot improve a median by leaving the hard cases out.
MAX_DISTANCE_KM = math.pi * EARTH_RADIUS_KM


def distance_or_max(gold: tuple[float, float], predicted: tuple[float | None, float | None] | None) -> float:
    """Distance to the gold point; MAX_DISTANCE_KM when the system gave no coordinates."""
    if predicted is None or predicted[0] is None or predicted[1] is None:
        return MAX_DISTANCE_KM
    return distance_km(gold[0], gold[1], predicted[0], predicted[1])


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by (metric not defined)."""
    return numerator / denominator if denominator else None


def accuracy(outcomes: Iterable[bool]) -> float | None:
    """Share of True outcomes; None for an empty list."""
    values = list(outcomes)
    return ratio(sum(values), len(values))


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; None when either side is undefined, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def share_within(distances: Sequence[float], km: float) -> float | None:
    return accuracy(distance <= km for distance in distances)


# --- labels and values --------------------------------------------------------------------------


def as_options(gold: Any) -> list[Any]:
    """A gold value as the list of answers that count as right (a list means "any of these")."""
    return list(gold) if isinstance(gold, list) else [gold]


def label_matches(gold: Any, predicted: str | None) -> bool:
    """Exact label match, where a gold list accepts any of its members."""
    return predicted is not None and predicted != "" and predicted in as_options(gold)


def date_matches(gold: Any, predicted: str | None) -> bool:
    """An ISO date equals the gold date, or lies inside a two-element [first, last] window.

    Longer lists are sets of acceptable dates. ISO dates compare correctly as strings.
    """
    if not predicted:
        return False
    day = predicted[:10]
    if isinstance(gold, list) and len(gold) == 2:
        return str(gold[0]) <= day <= str(gold[1])
    return day in [str(option) for option in as_options(gold)]


# Words that name the kind of unit, not the unit: "Helmand Province" is "Helmand".
_ADMIN_WORDS = frozenset(
    """province provinces region regions oblast oblys krai kray state governorate department
    departement departamento district county prefecture municipality territory division city
    wilaya vilayet velayat""".split()
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_place_name(name: str) -> str:
    """Case- and accent-insensitive form of a place name, without words like "province"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = [word for word in _NON_ALNUM.split(plain) if word and word not in _ADMIN_WORDS]
    return " ".join(words)


def place_name_matches(gold: Any, predicted: str | None, *, aliases: Iterable[str] = ()) -> bool:
    """A predicted place name (or any alias of it) equals one of the gold names, normalised."""
    if not predicted:
        return False
    wanted = {normalise_place_name(str(option)) for option in as_options(gold)}
    candidates = {normalise_place_name(predicted)} | {normalise_place_name(alias) for alias in aliases}
    return bool(wanted & (candidates - {""}))


# --- classification -------------------------------------------------------------------------------


def weighted_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable | None]) -> float | None:
    """Per-class F1 over the gold classes, averaged with weights = gold support.

    The same definition as scikit-learn's `f1_score(average="weighted")` restricted to the gold
    labels, as CASE 2021 task 2 reports it. A prediction of None (no answer) is wrong for the gold
    class and counts against no class.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels, predicted has {len(predicted)}")
    if not gold:
        return None
    support = Counter(gold)
    predicted_counts = Counter(label for label in predicted if label is not None)
    true_positives = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    total = 0.0
    for label, count in support.items():
        precision = ratio(true_positives[label], predicted_counts[label]) or 0.0
        recall = true_positives[label] / count
        total += count * (f1(precision, recall) or 0.0)
    return total / len(gold)


# --- spans ----------------------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *, strict: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs.

    strict: identical offsets. relaxed: any overlap; pairs are taken greedily by largest overlap,
    so one long predicted span cannot claim two gold spans.
    """
    if strict:
        where = {span: index for index, span in reversed(list(enumerate(predicted)))}
        pairs = []
        used: set[int] = set()
        for gold_index, span in enumerate(gold):
            predicted_index = where.get(span)
            if predicted_index is not None and predicted_index not in used:
                used.add(predicted_index)
                pairs.append((gold_index, predicted_index))
        return pairs
    candidates = sorted(
        (
            (-overlap(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if overlap(g, p) > 0
        ),
    )
    taken_gold: set[int] = set()
    taken_predicted: set[int] = set()
    pairs = []
    for _, gold_index, predicted_index in candidates:
        if gold_index in taken_gold or predicted_index in taken_predicted:
            continue
        taken_gold.add(gold_index)
        taken_predicted.add(predicted_index)
        pairs.append((gold_index, predicted_index))
    return sorted(pairs)


def precision_recall_f1(
    matched: int, n_predicted: int, n_gold: int
) -> tuple[float | None, float | None, float | None]:
    """Micro P/R/F1 from counts. With nothing predicted precision is undefined, so F1 is 0 when
    there was gold to find (the system found none of it) and undefined otherwise."""
    precision = ratio(matched, n_predicted)
    recall = ratio(matched, n_gold)
    if precision is None and recall is not None:
        return None, recall, 0.0
    return precision, recall, f1(precision, recall)


# --- clustering -----------------------------------------------------------------------------------


def b_cubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over items (Bagga & Baldwin 1998), items in the same order."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items, predicted has {len(predicted)}")
    if not gold:
        return 0.0, 0.0, 0.0
    gold_members = _members(gold)
    predicted_members = _members(predicted)
    precision = recall = 0.0
    for index in range(len(gold)):
        same_gold = gold_members[gold[index]]
        same_predicted = predicted_members[predicted[index]]
        common = len(same_gold & same_predicted)
        precision += common / len(same_predicted)
        recall += common / len(same_gold)
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, f1(precision, recall) or 0.0


def pairwise_scores(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> tuple[float | None, float | None, float]:
    """Precision, recall, F1 over the pairs of items put in the same cluster."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items, predicted has {len(predicted)}")
    gold_pairs = _pairs(gold)
    predicted_pairs = _pairs(predicted)
    if not gold_pairs and not predicted_pairs:
        return 1.0, 1.0, 1.0  # all singletons on both sides: every (absent) pair is right
    common = len(gold_pairs & predicted_pairs)
    precision = ratio(common, len(predicted_pairs))
    recall = ratio(common, len(gold_pairs))
    return precision, recall, f1(precision or 0.0, recall or 0.0) or 0.0


def _members(labels: Sequence[Hashable]) -> dict[Hashable, set[int]]:
    members: dict[Hashable, set[int]] = defaultdict(set)
    for index, label in enumerate(labels):
        members[label].add(index)
    return members


def _pairs(labels: Sequence[Hashable]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for indices in _members(labels).values():
        ordered = sorted(indices)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    return pairs
