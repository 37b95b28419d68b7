"""The date a text was written on, read from its dateline or, failing that, from a date it states.

Datelines come in many shapes: "KABUL, Afghanistan (Jan. 25, 2013)", "NAIROBI, Kenya, March 3,
2023 (Agency) --", "Almaty, 12 June 2023 —", "WASHINGTON, August 11 (Xinhua) --", German
"Berlin, 4. März 2023". When the dateline gives no year, the year comes from a release number
("2010-09-CA-005") or the first year the head of the text mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eventwire.timex import calendar as cal
from eventwire.timex.lexicon import MONTHS_DE, MONTHS_EN, alternation

HEAD_CHARS = 800  # a dateline sits in the first lines

_MONTH_EN = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
)
_MONTH_DE = rf"(?i:{alternation(name for name in MONTHS_DE if len(name) > 3)}|(?:jan|feb|mär|apr|jun|jul|aug|sept|sep|okt|nov|dez)\b\.?)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
_PLACE = r"[A-ZÄÖÜ][\w'’.-]*(?:[ -][A-ZÄÖÜ][\w'’.-]*)*"
_LINE_START = r"(?:^|\n|\s{2,}|PDF\s+)\s*"

FLAGS = re.IGNORECASE | re.MULTILINE

_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag)"
)
# "On Thursday, Jan. 6: ..." starts a sentence; "YANGON, Myanmar, Tuesday 21 November 2023" is a
# dateline that names the weekday after its place.
_WEEKDAY_BEFORE = re.compile(rf"(?:^\s*|\b(?i:on|am)\s+){_WEEKDAY}\W*(?:den\s+)?$")
_WEEKDAY_IN_DATELINE = rf"(?:{_WEEKDAY},?\s+)?"


@dataclass(frozen=True, slots=True)
class DatelineDate:
    """The day a dateline names (eventwire.dateline asks for it here)."""

    day: date
    start: int  # where the date itself starts and ends in the text
    end: int


# Ordered from the most to the least certain.
_DATELINES: list[re.Pattern[str]] = [
    # KABUL, Afghanistan (Jan. 25, 2013)   /   KABUL, Afghanistan (Sept. 1)
    re.compile(
        rf"{_LINE_START}{_PLACE}(?:,\s*{_PLACE})*,?\s*\(\s*(?P<date>(?P<mon>{_MONTH_EN})\s+{_DAY}(?:\s*[,.]?\s*{_YEAR})?)\s*\)",
        re.MULTILINE,
    ),
    # NAIROBI, Kenya, March 3, 2023 (Agency) --   /   WASHINGTON, August 11 (Xinhua) --
    re.compile(
        rf"{_LINE_START}{_PLACE}(?:,\s*{_PLACE})*,\s*{_WEEKDAY_IN_DATELINE}(?P<date>(?P<mon>{_MONTH_EN})\s+{_DAY}(?:,?\s*{_YEAR})?)\s*(?:\([^)\n]{{1,40}}\)\s*)?(?:--|—|–|-|:|_)",
        re.MULTILINE,
    ),
    # Almaty, 12 June 2023 —
    re.compile(
        rf"{_LINE_START}{_PLACE}(?:,\s*{_PLACE})*,\s*{_WEEKDAY_IN_DATELINE}(?P<date>{_DAY}\s+(?P<mon>{_MONTH_EN})(?:,?\s*{_YEAR})?)\s*(?:\([^)\n]{{1,40}}\)\s*)?(?:--|—|–|-|:|\(|_)",
        re.MULTILINE,
    ),
    # Berlin, 4. März 2023   /   Berlin, den 04.03.2023
    re.compile(
        rf"{_LINE_START}{_PLACE}(?:,\s*{_PLACE})*,\s*(?:den\s+)?(?P<date>{_DAY}\.\s*(?P<demon>{_MONTH_DE})(?:\s+{_YEAR})?)",
        re.MULTILINE,
    ),
    re.compile(
        rf"{_LINE_START}{_PLACE}(?:,\s*{_PLACE})*,\s*(?:den\s+)?(?P<date>{_DAY}\.\s*(?P<nummon>0?[1-9]|1[0-2])\.\s*{_YEAR})",
        re.MULTILINE,
    ),
    # "May 12: Afghan-ISAF Operations in ..." — a title that starts with the date
    re.compile(rf"(?:\A|\n)\s*(?P<date>(?P<mon>{_MONTH_EN})\s+{_DAY}(?:,?\s*{_YEAR})?):\s", re.MULTILINE),
]

# Dates stated anywhere: the fallback when there is no dateline.
_STATED_DATES: list[re.Pattern[str]] = [
    re.compile(rf"\b(?P<date>(?P<mon>{_MONTH_EN})\s+{_DAY},?\s+{_YEAR})"),
    re.compile(rf"\b(?P<date>{_DAY}\s+(?P<mon>{_MONTH_EN}),?\s+{_YEAR})"),
    re.compile(rf"\b(?P<date>{_DAY}\.\s*(?P<demon>{_MONTH_DE})\s+{_YEAR})"),
    re.compile(
        r"\b(?P<date>(?P<year>(?:19|20)\d\d)-(?P<nummon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]))\b"
    ),
]

_DIGIT = re.compile(r"\d")
_RELEASE_NUMBER = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-[A-Z]{1,3}-\d")
_MONTH_BEFORE_YEAR = re.compile(rf"\b(?P<mon>{_MONTH_EN}),?\s+$", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<![\d.,$-])(?P<year>(?:19|20)\d\d)(?![\d,])")


def find_reference_date(text: str) -> date | None:
    """The date of the dateline, else the first full date the text states, else None."""
    dateline = find_dateline(text)
    if dateline is not None:
        return dateline.day
    for pattern in _STATED_DATES:
        match = pattern.search(text)
        if match:
            stated = _date_from_match(match, year=None)
            if stated is not None:
                return stated
    return None


def find_release_month(text: str) -> tuple[int, int] | None:
    """The year and month of a numbered release ("2011-07-S-039") at the head of a text: what is
    left of the date when neither metadata nor a dateline gives the day."""
    release = _RELEASE_NUMBER.search(text[:HEAD_CHARS])
    return (int(release.group("year")), int(release.group("month"))) if release else None


def find_dateline(text: str) -> DatelineDate | None:
    """The dateline at the head of a text, with where its date is written."""
    head = text[:HEAD_CHARS]
    if _DIGIT.search(head) is None:
        return None  # every dateline names a day by its number; most sentences hold no digit
    for pattern in _DATELINES:
        for match in pattern.finditer(head):
            if _WEEKDAY_BEFORE.search(text[match.start() : match.start("date")]):
                continue  # "on Thursday, Jan. 6:" is a date in a sentence, not a dateline
            fallback_year = None if match.group("year") else _year_nearby(text, _month_of(match))
            day = _date_from_match(match, year=fallback_year)
            if day is not None:
                return DatelineDate(day=day, start=match.start("date"), end=match.end("date"))
    return None


def _month_of(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("mon"):
        return MONTHS_EN[groups["mon"].lower().rstrip(".")]
    if groups.get("demon"):
        return MONTHS_DE[groups["demon"].lower().rstrip(".")]
    return int(groups["nummon"])


def _date_from_match(match: re.Match[str], *, year: int | None) -> date | None:
    stated_year = match.groupdict().get("year")
    chosen = int(stated_year) if stated_year else year
    if chosen is None:
        return None
    return cal.safe_date(chosen, _month_of(match), int(match.group("day")))


def _year_nearby(text: str, month: int) -> int | None:
    """The year of a dateline that gives none: a release number's, else the first one stated."""
    head = text[:HEAD_CHARS]
    release = _RELEASE_NUMBER.search(head)
    if release:
        year, release_month = int(release.group("year")), int(release.group("month"))
        # A release numbered in December may carry a January dateline.
        return year + 1 if release_month - month > 6 else year
    stated = _ANY_YEAR.search(head) or _ANY_YEAR.search(text)
    if stated is None:
        return None
    year = int(stated.group("year"))
    # "an attack ... in June 2011" in a release dated Jan. 14: reports look back, so a month named
    # later in its year than the dateline's month was most likely the year before the release.
    named = _MONTH_BEFORE_YEAR.search(text, max(0, stated.start() - 12), stated.start())
    if named is not None and MONTHS_EN[named.group("mon").lower().rstrip(".")] > month:
        return year + 1
    return year
