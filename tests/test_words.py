"""Context windows are counted in words: the same rule sees the same words in short and long text."""

import re
from pathlib import Path

from eventwire.words import end_of_words_after, start_of_words_before, words_after, words_before

SENTENCE = "Gunmen opened fire on the market, killing three traders and a guard."


def test_words_before_counts_whole_words_and_stops_at_the_offset():
    at = SENTENCE.index("killing")
    assert words_before(SENTENCE, at, 2) == "the market, "
    assert words_before(SENTENCE, at, 1) == "market, "
    assert words_before(SENTENCE, at, 50) == SENTENCE[:at]


def test_words_after_counts_whole_words_from_the_offset():
    end = SENTENCE.index("killing") + len("killing")
    assert words_after(SENTENCE, end, 2) == " three traders"
    assert words_after(SENTENCE, len(SENTENCE), 3) == ""


def test_a_long_compound_is_one_word_not_a_cut_window():
    text = "Die Selbstmordattentäterin zündete die Sprengladung"
    at = text.index("zündete")
    assert words_before(text, at, 1) == "Selbstmordattentäterin "


def test_offsets_at_the_edges():
    assert start_of_words_before(SENTENCE, 0, 3) == 0
    assert end_of_words_after(SENTENCE, 0, 1) == len("Gunmen")


# A character window ("text[max(0, i - 30) : i]") means something different for every word length;
# the rules in these folders count words (eventwire.words) instead. Looking at the one or two
# characters right next to a match ("-", ", ") is adjacency, not a window, and stays allowed.
_CHARACTER_WINDOW = re.compile(r"max\(0,\s*[\w.()]+\s*-\s*(?:[5-9]|\d\d+)\)")


def test_no_rule_looks_at_a_character_window():
    source = Path(__file__).resolve().parents[1] / "src" / "eventwire"
    offenders = [
        f"{path.relative_to(source)}:{number}"
        for folder in ("coding", "stages", "gazetteer")
        for path in sorted((source / folder).glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _CHARACTER_WINDOW.search(line)
    ]
    assert offenders == []


# In a pack pattern, a bounded run of any characters ("[^.;]{0,60}") is a character window too;
# a gap between two parts is written {WORDS:n} or {PHRASE:n} (coding/lexicon.py).
_PATTERN_WINDOW = re.compile(r"(?:\]|\.)[*+]?\{0,(?:[5-9]|\d\d+)\}")


def test_no_pack_pattern_holds_a_character_window():
    packs = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "packs"
    offenders = [
        f"{path.relative_to(packs)}:{number}"
        for path in sorted(packs.glob("*/*.json"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _PATTERN_WINDOW.search(line)
    ]
    assert offenders == []
