import re

import pytest

from eventwire.coding.fastre import compile_words, first_chars
from eventwire.coding.lexicon import CaselessWords


def test_first_chars_of_word_alternations():
    assert first_chars(r"\b(?:riot|rally|(?:march|sit)-in)") == frozenset("rms")
    assert first_chars(r"(?:un )?blast") == frozenset("ub")
    assert first_chars(r"x?y*z") == frozenset("xyz")


def test_first_chars_unknown_or_unbounded():
    assert first_chars(r"\w+ed") is None  # a class of every letter
    assert first_chars(r"(?:army)?") is None  # may match the empty string
    assert first_chars(r"[^.]+") is None


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\b(?:shell(?:ed|ing)|air ?strikes?|(?-i:IS) fighters)\b", re.IGNORECASE),
        (r"\bkamikazes?\b|blew (?:himself|herself) up", 0),
        (r"(?<![\w-])(?:al-shabaab|shabaab|police)(?![\w-])", re.IGNORECASE),
    ],
)
def test_compile_words_finds_the_same_matches(source, flags):
    text = (
        "Air strikes hit the town; AIRSTRIKE reports. Police said al-Shabaab and IS fighters "
        "shelled it; a man blew himself up. Kamikaze drones, Shelling, is fighters, re-police."
    )
    plain = [m.span() for m in re.finditer(source, text, flags)]
    assert plain  # the text exercises the pattern
    assert [m.span() for m in compile_words(source, flags).finditer(text)] == plain


def test_caseless_words_agree_with_ignorecase():
    words = CaselessWords(r"\b(?:militants?|sit-in)\b")
    for text in ("Militants struck", "a SIT-IN", "mılitants", "İstanbul militants", "nothing here"):
        expected = re.search(words.exact.pattern, text, re.IGNORECASE)
        found = words.search(text, text.lower())
        assert (found is None) == (expected is None)
        if found and expected:
            assert found.span() == expected.span()


def test_caseless_words_refuse_upper_case_patterns():
    with pytest.raises(ValueError):
        CaselessWords(r"\bIS\b")
