"""Running and nationwide tolls: figures that sum many events, which ACLED never codes as one.

"At least 1,300 people have been killed since the fighting began", "Nationwide, 93 protesters
have died", "57 were killed in March alone": each is a sum over days and places. ACLED codes
every event on its own day and place and never adds such a sum to one of them. A count is an
aggregate when a cue of the language's `tolls` pack lies a few words from it in its sentence (the
count nearest to the cue takes it, so "killed 12 on Sunday, bringing the toll this year to 300"
keeps its 12). A fronted cue, opening the sentence or set off by a comma ("Since June, ...",
"Nationwide, ..."), frames the whole clause after it: every figure after it is a toll however
far it stands. A mention whose only figures are aggregates gets the status "aggregate": it is kept
and shown, never merged into a local event, and its place is the country (see stages/places.py).
"""

from __future__ import annotations

import functools
import re

from eventwire.coding.counts import Count
from eventwire.packs import load_pack
from eventwire.words import words_between

_CASUALTY_FIELDS = ("killed", "injured", "arrested")
_MAX_GAP = 10  # words between a cue and the count it qualifies


# "have been killed", "has risen", "sind ... getötet worden": a figure that has been growing.
_PERFECT = re.compile(
    r"\b(?:have|has|had)\s+(?:now\s+|so far\s+|already\s+)?(?:been\s+)?\w+(?:ed|en|died|fled)\b|"
    r"\b(?:sind|ist|wurden)\b.*\bworden\b|\bsind\b.*\b(?:gestorben|ums leben gekommen)\b",
    re.IGNORECASE,
)


@functools.cache
def _cues(language: str, perfect: bool) -> re.Pattern[str] | None:
    patterns = [
        entry["pattern"]
        for entry in load_pack("tolls", language)
        if perfect or entry.get("requires") != "perfect"
    ]
    if not patterns:
        return None
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")", re.IGNORECASE)


def aggregate_counts(sentence: str, counts: list[Count], language: str) -> list[Count]:
    """The casualty counts of a sentence that are running or nationwide tolls."""
    casualties = [c for c in counts if c.field in _CASUALTY_FIELDS]
    if not casualties:
        return []
    cues = _cues(language, perfect=_PERFECT.search(sentence) is not None)
    found: list[Count] = []
    for cue in cues.finditer(sentence) if cues else ():
        if _fronted(sentence, cue):
            framed = [c for c in casualties if c.start >= cue.end() and c not in found]
            found.extend(framed)
            if framed:
                continue
        nearest = min(casualties, key=lambda c: _gap(sentence, c, cue.start(), cue.end()))
        if _gap(sentence, nearest, cue.start(), cue.end()) <= _MAX_GAP and nearest not in found:
            found.append(nearest)
    return found


def _fronted(sentence: str, cue: re.Match[str]) -> bool:
    """The cue opens the sentence ("Seit Januar sind ...") or is an adverbial set off by a comma
    ("Since June, ..."): it frames the clause that follows, not one figure."""
    return not sentence[: cue.start()].strip() or sentence[cue.end() :].lstrip(" ").startswith(",")


def _gap(sentence: str, count: Count, start: int, end: int) -> int:
    """Words between a count and a cue; 0 when they touch or overlap."""
    if count.end <= start:
        return words_between(sentence, count.end, start)
    return words_between(sentence, end, count.start) if count.start >= end else 0
