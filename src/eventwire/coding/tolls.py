"""Running and nationwide tolls: figures that sum many events, which ACLED never codes as one.

"At least 1,300 people have been killed since the fighting began", "Nationwide, 93 protesters
have died", "57 were killed in March alone": each is a sum over days and places. ACLED codes
every event on its own day and place and never adds such a sum to one of them. A count is an
aggregate when a cue of the language's `tolls` pack lies next to it in its sentence (the count
nearest to the cue takes it, so "killed 12 on Sunday, bringing the toll this year to 300" keeps
its 12). A mention whose only figures are aggregates gets the status "aggregate": it is kept
and shown, never merged into a local event, and its place is the country (see stages/places.py).
"""

from __future__ import annotations

import functools
import re

from eventwire.coding.counts import Count
from eventwire.coding.packs import load_pack

_CASUALTY_FIELDS = ("killed", "injured", "arrested")
_MAX_GAP = 60  # characters between a cue and the count it qualifies


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
        nearest = min(casualties, key=lambda c: _gap(c, cue.start(), cue.end()))
        if _gap(nearest, cue.start(), cue.end()) <= _MAX_GAP and nearest not in found:
            found.append(nearest)
    return found


def _gap(count: Count, start: int, end: int) -> int:
    """Characters between a count and a cue; 0 when they overlap."""
    return max(0, start - count.end, count.start - end)
