"""The rule engine: run every rule's pattern, keep the longest non-overlapping matches, normalise.

A rule is a precompiled pattern and a function that turns one match into a TIMEX3 type and value,
or rejects it (a year that is really a head count, "may" the verb). Matches may overlap; the
longest wins, then the earlier rule. A few values depend on what the text said before them ("a
year earlier" after "the third quarter" means that quarter a year before), so normalisers may
return a deferred value starting with "@" that is resolved in reading order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from eventwire.records import Timex
from eventwire.timex import calendar as cal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Normalised = tuple[TimexType, str] | None


@dataclass(slots=True)
class Context:
    """What a normaliser may look at: the text, the reference date, the sentence's tense."""

    text: str
    reference: date | None
    language: str
    tense_cue: re.Pattern[str]  # named groups "future" and "past"
    lead_cue: re.Pattern[str]  # the same, for the words right before a date ("by", "until", "since")

    def sentence_bounds(self, start: int, end: int, *, reach: int) -> tuple[int, int]:
        """The sentence around a span, looked for at most `reach` characters away on either side
        (a scan of the whole text per time expression would make long articles quadratic)."""
        # Two characters more than `reach`, so a boundary that straddles the reach is still seen.
        text, low, high = self.text, max(0, start - reach - 2), end + reach + 2
        left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), text.rfind("? ", low, start))
        right_candidates = [i for i in (text.find(". ", end, high), text.find("\n", end, high)) if i >= 0]
        right = min(right_candidates) if right_candidates else len(text)
        return max(left + 1, low), right

    def tense(self, start: int, end: int, *, reach: int = 90) -> str:
        """ "future", "past" or "" for a span: the tense cue nearest to it in its sentence.

        The nearest cue rather than any cue, so that "said on Friday that he will resign" dates
        Friday in the past.
        """
        left, right = self.sentence_bounds(start, end, reach=reach)
        lead = self.lead_cue.search(self.text, max(0, start - 25), start)
        left, right = max(left, start - reach), min(right, end + min(reach, 40))
        if lead is not None and not self._attributive(lead, end):
            if lead.lastgroup == "future" and _PAST_PERFECT.search(self.text, left, right):
                return "past"  # "had filed reports by Wednesday", "until Thursday, they had not"
            return "future" if lead.lastgroup == "future" else "past"
        best, best_distance = "", 10**6
        for cue in self.tense_cue.finditer(self.text, left, right):
            if cue.start() >= start and cue.end() <= end:
                continue
            after = cue.start() >= end
            if after and cue.group().lower() in REPORTING_VERBS:
                continue  # "... on Thursday,'' Castro said": the saying, not the event
            # A verb usually comes before its date ("met on Friday"), so cues after count as farther.
            distance = cue.start() - end + 15 if after else start - cue.end()
            if distance < best_distance:
                best = "future" if cue.lastgroup == "future" else "past"
                best_distance = distance
        return best

    def _attributive(self, lead: re.Match[str], end: int) -> bool:
        """ "by the Feb. 23 accord", "by the Tuesday deadline": the date qualifies a noun, and the
        preposition belongs to that noun phrase, so it says nothing about the date's direction."""
        if not re.search(r"\bthe\s", lead.group(), re.IGNORECASE):
            return False
        following = _NEXT_WORD.match(self.text, end)
        return following is not None and following.group(1).lower() not in _FUNCTION_WORDS

    def is_future(self, start: int, end: int) -> bool:
        return self.tense(start, end) == "future"

    def before(self, start: int, width: int = 40) -> str:
        return self.text[max(0, start - width) : start]

    def after(self, end: int, width: int = 40) -> str:
        return self.text[end : end + width]


Normaliser = Callable[[re.Match[str], Context], Normalised]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalise: Normaliser
    span_group: str | None = None  # when set, this group is the timex; the rest is context
    # A cheap pattern for the word every match contains ("ago", a unit): the full pattern then
    # runs only around its hits, which keeps long alternations of modifiers off most of the text.
    trigger: re.Pattern[str] | None = None
    # Lowercase strings of which every match contains at least one ("jan", "day", a digit): checked
    # with `in` on the lowercased text before any pattern runs, so most rules cost next to nothing
    # on a sentence without dates. Empty: no such check.
    literals: tuple[str, ...] = ()


WINDOW_BEFORE = 80
WINDOW_AFTER = 40
DIGITS = tuple("0123456789")

TriggerHits = dict[re.Pattern[str], list[tuple[int, int]]]


_SCANNERS: dict[re.Pattern[str], re.Pattern[str] | None] = {}
_UPPERCASE_ESCAPE = re.compile(r"\\[A-Z]")


def _scanner(trigger: re.Pattern[str]) -> re.Pattern[str] | None:
    """A faster stand-in for a case-insensitive trigger, run on the lowercased text: the same
    pattern lowercased, case-sensitive, without its leading word boundary. Python's regex engine
    scans ahead for a literal start only without those two; it finds every place the trigger
    matches and a few more, which `_trigger_hits` checks against the trigger itself."""
    if trigger in _SCANNERS:
        return _SCANNERS[trigger]
    source = trigger.pattern
    usable = (
        trigger.flags & re.IGNORECASE
        and not _UPPERCASE_ESCAPE.search(source)
        and "(?" not in source.replace("(?:", "")
    )
    scanner = re.compile(source.lower().removeprefix("\\b")) if usable else None
    _SCANNERS[trigger] = scanner
    return scanner


def _scan_trigger(trigger: re.Pattern[str], text: str, lowered: str | None) -> list[tuple[int, int]]:
    """The spans `trigger.finditer(text)` would give."""
    scanner = _scanner(trigger)
    if scanner is None or lowered is None or len(lowered) != len(text):
        return [hit.span() for hit in trigger.finditer(text)]
    hits: list[tuple[int, int]] = []
    position = 0
    while (candidate := scanner.search(lowered, position)) is not None:
        confirmed = trigger.match(text, candidate.start())
        if confirmed is None:
            position = candidate.start() + 1
            continue
        hits.append(confirmed.span())
        position = max(confirmed.end(), confirmed.start() + 1)
    return hits


def _trigger_hits(
    trigger: re.Pattern[str], text: str, cache: TriggerHits | None, lowered: str | None
) -> list[tuple[int, int]]:
    """Where a trigger occurs; rules share triggers (every month rule uses the same one)."""
    if cache is None:
        return _scan_trigger(trigger, text, lowered)
    hits = cache.get(trigger)
    if hits is None:
        hits = cache[trigger] = _scan_trigger(trigger, text, lowered)
    return hits


def _matches(
    rule: Rule, text: str, cache: TriggerHits | None = None, lowered: str | None = None
) -> list[re.Match[str]]:
    if rule.trigger is None:
        return list(rule.pattern.finditer(text))
    windows: list[list[int]] = []
    for hit_start, hit_end in _trigger_hits(rule.trigger, text, cache, lowered):
        start, end = max(0, hit_start - WINDOW_BEFORE), min(len(text), hit_end + WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found: dict[tuple[int, int], re.Match[str]] = {}
    for start, end in windows:
        for match in rule.pattern.finditer(text, start, end):
            found.setdefault(match.span(), match)
    return list(found.values())


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    order: int
    type: TimexType
    value: str


# A lowercase word right after a date: a noun it qualifies, unless it is one of these.
_NEXT_WORD = re.compile(r"\s+([a-z][a-z'-]*)\b")
_FUNCTION_WORDS = frozenset(
    "and or but to at in on of for from with by as that which who when while if so the a an "
    "is are was were will would could should can may might has have had".split()
)
# "had" before a participle: the deadline in "by Wednesday, ten had filed" lies in the past.
_PAST_PERFECT = re.compile(
    r"\bhad\s+(?:not\s+|n't\s+|already\s+|yet\s+|been\s+)?(?-i:[a-z]{3,}(?:ed|en|t|n))\b", re.I
)
REPORTING_VERBS = frozenset({"said", "says", "told", "sagte", "sagt"})
_DATED_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:T.*)?$")
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
ANCHOR_DISTANCE = 600  # characters within which a quarter anchors "a year earlier"


_LITERAL_UNIONS: dict[int, tuple[Sequence[Rule], frozenset[str]]] = {}


def _literals_present(rules: Sequence[Rule], lowered: str) -> frozenset[str]:
    """Which of the rules' literals the text holds: each is looked for once, not once per rule."""
    cached = _LITERAL_UNIONS.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = (rules, frozenset(literal for rule in rules for literal in rule.literals))
        _LITERAL_UNIONS[id(rules)] = cached
    return frozenset(literal for literal in cached[1] if literal in lowered)


def run_rules(text: str, rules: Sequence[Rule], context: Context) -> list[Timex]:
    candidates: list[Candidate] = []
    lowered = text.lower()
    present = _literals_present(rules, lowered)
    cache: TriggerHits = {}
    for order, rule in enumerate(rules):
        if rule.literals and present.isdisjoint(rule.literals):
            continue
        for match in _matches(rule, text, cache, lowered):
            start, end = match.span(rule.span_group) if rule.span_group else match.span()
            if start < 0 or start == end:
                continue
            result = rule.normalise(match, context)
            if result is not None:
                candidates.append(Candidate(start, end, order, result[0], result[1]))
    kept = _longest_first(candidates)
    return _resolve_in_order(text, kept, context)


def _longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """The longest candidates that do not overlap a longer (or earlier-ordered) one, in text order."""
    candidates.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[Candidate] = []  # kept in text order, so an overlap is with a neighbour only
    for candidate in candidates:
        place = bisect.bisect_right(taken, candidate.start, key=lambda c: c.start)
        if place > 0 and taken[place - 1].end > candidate.start:
            continue
        if place < len(taken) and taken[place].start < candidate.end:
            continue
        taken.insert(place, candidate)
    return taken


def _resolve_in_order(text: str, kept: list[Candidate], context: Context) -> list[Timex]:
    timexes: list[Timex] = []
    last_quarter: tuple[int, int, int] | None = None  # (year, quarter, end offset)
    last_date: str | None = None  # the last value with a stated year: what "that year" refers to
    last_day: tuple[str, int] | None = None  # the last full day named, and where it ended
    for candidate in kept:
        value = candidate.value
        deferred = value.startswith("@")
        if value.startswith("@THAT:"):
            value = _resolve_anaphor(value, last_date)
            deferred = False
        elif value.startswith("@DAY_PART:"):
            value = _resolve_day_part(value, last_day, context.reference, start=candidate.start)
            deferred = False
        elif deferred:
            anchor = None
            if last_quarter is not None and candidate.start - last_quarter[2] <= ANCHOR_DISTANCE:
                anchor = last_quarter
            value = _resolve_deferred(value, anchor, context.reference)
        if not deferred and _DATED_VALUE.match(value):
            last_date = value
            if len(value) >= 10:
                last_day = (value[:10], candidate.end)
        quarter = None if deferred else _QUARTER_VALUE.match(value)
        if quarter:
            last_quarter = (int(quarter.group(1)), int(quarter.group(2)), candidate.end)
        timexes.append(
            Timex(
                start=candidate.start,
                end=candidate.end,
                text=text[candidate.start : candidate.end],
                type=candidate.type,
                value=value,
            )
        )
    return timexes


DAY_PART_DISTANCE = 200  # characters within which "in the morning" means the day just named


def _resolve_day_part(
    value: str, last_day: tuple[str, int] | None, reference: date | None, *, start: int
) -> str:
    """ "@DAY_PART:TMO" ("in the morning"): that part of the day just named, else of the reference day.

    "Shares fell on Friday. Dealers sold in the morning" is Friday morning.
    """
    part = value.split(":", 1)[1]
    if last_day is not None and start - last_day[1] <= DAY_PART_DISTANCE:
        return last_day[0] + part
    return (cal.day_value(reference) if reference else cal.UNKNOWN_DAY) + part


def _resolve_anaphor(value: str, last_date: str | None) -> str:
    """ "@THAT:year:1" ("the following year") from the last date the text gave."""
    _, unit, step_text = value.split(":")
    step = int(step_text)
    if last_date is None:
        return {"year": "XXXX", "month": "XXXX-XX"}.get(unit, cal.UNKNOWN_DAY)
    year = int(last_date[:4])
    if unit == "year":
        return cal.year_value(year + step)
    if len(last_date) < 7:
        return cal.year_value(year)
    month = int(last_date[5:7])
    if unit == "month":
        shifted_year, shifted_month = cal.shift_months(year, month, step)
        return cal.month_value(shifted_year, shifted_month)
    if len(last_date) < 10:
        return cal.month_value(year, month)
    day = cal.safe_date(year, month, int(last_date[8:10]))
    if day is None:
        return cal.UNKNOWN_DAY
    named = cal.day_value(day + timedelta(days=step))
    return named


def _resolve_deferred(value: str, anchor: tuple[int, int, int] | None, reference: date | None) -> str:
    """Values that depend on the quarter being talked about.

    "@YEAR_BEFORE": "a year earlier", "the year-ago quarter": the anchor quarter a year before,
    or the year before the reference. "@QUARTER": "the quarter", "the latest quarter": the
    anchor quarter, or the last complete quarter before the reference.
    """
    kind = value[1:]
    if kind == "YEAR_BEFORE":
        if anchor is not None:
            return f"{anchor[0] - 1:04d}-Q{anchor[1]}"
        return cal.year_value(reference.year - 1) if reference else "XXXX"
    if kind.startswith("QUARTER_IN:"):
        year_text = kind.split(":", 1)[1]
        return f"{year_text}-Q{anchor[1]}" if anchor is not None else year_text
    if kind in ("QUARTER", "QUARTER_YEAR_BEFORE"):
        if anchor is not None:
            year, quarter = anchor[0], anchor[1]
        elif reference is not None:
            year, quarter = cal.shift_quarters(reference.year, cal.quarter_of(reference), -1)
        else:
            return "XXXX-QX"
        if kind == "QUARTER_YEAR_BEFORE":
            year -= 1
        return f"{year:04d}-Q{quarter}"
    return "XXXX"
