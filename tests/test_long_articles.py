"""Lookups that stages make once per mention are bisections, not scans of the whole article;
each is checked here against the plain scan it replaces, on random inputs."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.gazetteer.finder import _lower_form_used
from eventwire.pipeline import Doc, Sentence
from eventwire.records import Article, starting_within
from eventwire.timex.engine import Candidate, _longest_first

_OFFSETS = st.lists(st.integers(min_value=0, max_value=300), max_size=40)


def _sentences(cuts: list[int]) -> list[Sentence]:
    bounds = sorted(set(cuts))
    return [Sentence(a, b) for a, b in itertools.pairwise(bounds) if a < b]


@settings(max_examples=200, derandomize=True)
@given(_OFFSETS, st.integers(0, 320), st.integers(0, 320))
def test_starting_within_is_the_plain_filter(cuts: list[int], start: int, end: int):
    sentences = _sentences(cuts)
    assert starting_within(sentences, start, end) == [s for s in sentences if start <= s.start < end]


@settings(max_examples=200, derandomize=True)
@given(_OFFSETS, st.integers(0, 320))
def test_sentence_at_is_the_plain_scan(cuts: list[int], offset: int):
    doc = Doc(article=Article(id="a", text="x" * 320), sentences=_sentences(cuts))
    expected = next((s for s in doc.sentences if s.start <= offset < s.end), None)
    assert doc.sentence_at(offset) == expected


def _naive_longest_first(candidates: list[Candidate]) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[Candidate] = []
    for candidate in ordered:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 12), st.integers(0, 3)), max_size=30))
def test_longest_first_keeps_what_the_pairwise_check_keeps(spans: list[tuple[int, int, int]]):
    candidates = [Candidate(start, start + length, order, "DATE", "") for start, length, order in spans]
    assert _longest_first(list(candidates)) == _naive_longest_first(candidates)


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet="abAB -.\n'", max_size=40), st.sampled_from(["ab", "Ab", "a-b", "b", "ab'a"]))
def test_lower_form_lookup_is_the_regex_scan(text: str, surface: str):
    word = surface.lower()
    expected = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None
    assert _lower_form_used(text, surface) == expected
