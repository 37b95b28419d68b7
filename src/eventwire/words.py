"""Context around a match, counted in words rather than characters.

Rules look at a few words on either side of a trigger, a number or a name ("no one was
killed", "in retaliation for the attack"). A window of N characters cuts words in half and
means something different for short and long words, and for German compounds; a window of N
words does not. Words here are runs of non-space characters, punctuation attached, which is the
same in every language this project reads. Offsets and returned text are the sentence's own, so
a rule's evidence span stays exact.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from functools import lru_cache

_WORD = re.compile(r"\S+")


@lru_cache(maxsize=32)
def _word_bounds(text: str) -> tuple[array[int], array[int]]:
    """Start and end offsets of every word, found once per text: rules ask about one sentence
    or article many times in a row. Kept as compact arrays and for a few texts only, so that a
    cache of long articles stays small."""
    starts, ends = array("l"), array("l")
    for match in _WORD.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def start_of_words_before(text: str, at: int, words: int) -> int:
    """Offset where the `words` words before `at` begin (a word that `at` cuts counts as one)."""
    starts, _ = _word_bounds(text)
    count = bisect_left(starts, at)  # the words that start before `at`
    return starts[max(0, count - words)] if count else at


def end_of_words_after(text: str, at: int, words: int) -> int:
    """Offset where the `words` words from `at` on end (a word that `at` cuts counts as one)."""
    _, ends = _word_bounds(text)
    first = bisect_right(ends, at)  # the first word that ends after `at`
    return ends[min(len(ends), first + words) - 1] if first < len(ends) else at


def words_before(text: str, at: int, words: int) -> str:
    """The text of the `words` words before offset `at`, up to `at` itself."""
    return text[start_of_words_before(text, at, words) : at]


def words_after(text: str, at: int, words: int) -> str:
    """The text from offset `at` to the end of the `words`-th word after it."""
    return text[at : end_of_words_after(text, at, words)]


def words_between(text: str, start: int, end: int) -> int:
    """How many words begin between offsets `start` and `end`."""
    starts, _ = _word_bounds(text)
    return max(0, bisect_left(starts, end) - bisect_left(starts, start))
