"""Whether a sentence reports a new event: current, historical, negated, future or hypothetical.

Background ("protests in 2019 with hundreds of arrests"), denials, plans and conditionals name
events without reporting one. The cues are local: words just before the trigger, an old year
in the sentence, a quotation around the trigger, or a background clause ("responsible for").
The cue words live in each language's `status` pack, one role (`use`) per entry.
"""

from __future__ import annotations

import functools
import re

from eventwire.packs import DEFAULT_LANGUAGE, load_pack, phrase_pattern
from eventwire.records import Status
from eventwire.words import words_after, words_before

# How each `use` of the status pack is matched: most cues end within a few words of the trigger.
_FRAMES = {
    "negation": r"\b(?:{})\s+(?:\w+\s+){{0,2}}$",
    "denial": r"\b(?:{})\b",
    "future": r"\b(?:{})\s+(?:\w+\s+){{0,2}}$",
    "announcement": r"\b(?:{})",
    "called_in_support": r"\b(?:{})",
    "hypothetical": r"\b(?:{})\s+(?:\w+\s+){{0,4}}$",
    "historical": r"\b(?:{})\b",
    "recalled": r"\b(?:{})\b",
    "now": r"\b(?:{})\b",
    "background": r"\b(?:{})\s+(?:[\w'’-]+\s+){{0,8}}$",
    "habitual": r"(?:{})\s+(?:[\w'’-]+\s+){{0,8}}$",
    "has_been_since": r"(?:{})",
    "back_reference": r"\b(?:{})\b",
    "clause_break": r"\b(?:{})\b|[;(]",
}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@functools.cache
def _cue(language: str, use: str) -> re.Pattern[str]:
    """The pattern of one role (`use`) of a language's status pack: its entries, in one frame."""
    fragments = [
        entry.get("pattern") or phrase_pattern(entry["words"])
        for entry in load_pack("status", language)
        if entry["use"] == use
    ]
    # A role the pack leaves empty never matches ("(?!)"); the frame's own part still can.
    return re.compile(_FRAMES[use].format("|".join(fragments) or "(?!)"), re.IGNORECASE)


_QUOTES = re.compile(r"[\"“”„«»]")


def status_of(
    sentence: str,
    trigger_start: int,
    *,
    published_year: int | None = None,
    latest_year: int | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Status:
    """The status of the event a trigger names; offsets are inside the sentence."""
    cue = functools.partial(_cue, language)
    before = words_before(sentence, trigger_start, 10)
    if _in_quotation(sentence, trigger_start):
        return "hypothetical"  # reported speech: a claim about events, not a report of one
    if cue("negation").search(before) or cue("denial").search(sentence[:trigger_start]):
        return "negated"
    if cue("hypothetical").search(before):
        return "hypothetical"
    if cue("announcement").search(before):
        return "future"
    if cue("future").search(before) and not cue("called_in_support").search(
        before + words_after(sentence, trigger_start, 3)
    ):
        return "future"
    if cue("recalled").search(sentence[:trigger_start]):
        return "historical"  # "the anniversary of the massacre"; not "a bomb among crowds marking an anniversary"
    clause = _clause_of(sentence, trigger_start, language)
    if _is_historical(clause, language, published_year=published_year, latest_year=latest_year):
        return "historical"
    clause_before = words_before(sentence, trigger_start, 15)
    if any(cue(use).search(clause_before) for use in ("background", "has_been_since", "habitual")):
        return "historical"
    return "current"


def _clause_of(sentence: str, trigger_start: int, language: str) -> str:
    """The part of a sentence that can date a trigger: everything before it, and what follows
    up to the next relative or subordinate clause."""
    after = sentence[trigger_start:]
    cut = _cue(language, "clause_break").search(after, 1)
    return sentence[: trigger_start + (cut.start() if cut else len(after))]


def _is_historical(
    sentence: str, language: str, *, published_year: int | None, latest_year: int | None
) -> bool:
    if _cue(language, "historical").search(sentence):
        return True
    reference = published_year or latest_year
    if reference is None or _cue(language, "now").search(sentence):
        return False
    years = [int(y) for y in _YEAR.findall(sentence)]
    if not years:
        return False
    newest = max(years)
    # A year before the year of publication dates the sentence in the past, unless the year
    # just ended and the sentence names its last months (a January report on December events).
    if newest == reference - 1:
        return not re.search(r"\b(?:december|dec\.|november|nov\.)", sentence, re.IGNORECASE)
    return newest < reference - 1


def _in_quotation(sentence: str, position: int) -> bool:
    """True when position sits inside a quotation of five words or more."""
    marks = [m.start() for m in _QUOTES.finditer(sentence)]
    for open_at, close_at in zip(marks[::2], marks[1::2], strict=False):
        if open_at < position < close_at:
            return len(sentence[open_at:close_at].split()) >= 5
    return False


def latest_year(text: str) -> int | None:
    """The latest year a text mentions: the reference for "old" years when no date is known."""
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def refers_back(sentence: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether a sentence points back to an event told before it ("killed in those protests")."""
    return _cue(language, "back_reference").search(sentence) is not None
