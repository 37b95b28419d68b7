"""Temporal tagging for English and German news: find time expressions, normalise them to TIMEX3.

Public calls:
- `tag_timexes(text, reference=..., language=...)`: every time expression with its TIMEX3 type and
  value ("2022-01-05", "2022-W01", "2022-01", "P3D", "PRESENT_REF"), resolved against the reference
  date (the publication date, else the dateline, else a date the text states).
- `find_reference_date(text)`: the date of a dateline ("KABUL, Afghanistan (Jan. 25, 2013)",
  "Berlin, 4. März 2023") or, failing that, the first full date in the text.
- `event_date_from_value(value)`: a TIMEX3 value as a calendar day plus ACLED's time precision.

Pure-Python rules with precompiled patterns; no model, no network.
"""

from __future__ import annotations

import re
from datetime import date

import msgspec

from eventwire.records import Timex
from eventwire.timex import english, german
from eventwire.timex.engine import Context, run_rules
from eventwire.timex.eventdate import event_date_from_value, precision_of_value
from eventwire.timex.reference import DatelineDate, find_dateline, find_reference_date, find_release_month

__all__ = [
    "DatelineDate",
    "event_date_from_value",
    "find_dateline",
    "find_reference_date",
    "find_release_month",
    "precision_of_value",
    "tag_timexes",
]


def tag_timexes(text: str, *, reference: date | None, language: str = "en") -> list[Timex]:
    """Time expressions in `text`, in order, normalised against `reference`.

    Without a reference, a dateline or stated date in the text is used; failing that, relative
    expressions get underspecified values ("XXXX-XX-XX").
    """
    dateline = find_dateline(text)
    if reference is not None and not 1 < reference.year < 9999:
        reference = None  # calendar arithmetic needs a year either side of the reference
    if reference is None:
        reference = dateline.day if dateline is not None else find_reference_date(text)
    if language.startswith("de"):
        rules, tense_cue, lead_cue = german.RULES, german.TENSE_CUE, german.LEAD_CUE
    else:
        rules, tense_cue, lead_cue = english.RULES, english.TENSE_CUE, english.LEAD_CUE
    context = Context(
        text=text, reference=reference, language=language, tense_cue=tense_cue, lead_cue=lead_cue
    )
    timexes = run_rules(text, rules, context)
    release = find_release_month(text) if reference is None else None
    if release is not None:
        timexes = [_in_release_year(timex, *release) for timex in timexes]
    if dateline is not None:
        # The dateline dates the report, not anything in it: it is metadata, as in TimeBank.
        timexes = [t for t in timexes if t.end <= dateline.start or t.start >= dateline.end]
    return timexes


_YEARLESS = re.compile(r"XXXX-(\d{2})(?=-\d{2}$|$)")


def _in_release_year(timex: Timex, year: int, month: int) -> Timex:
    """ "July 16" in release 2010-07-CA-129 is 16 July 2010 (a January date in a December release
    is of the next year, and the other way round)."""
    match = _YEARLESS.match(timex.value)
    if match is None:
        return timex
    named = int(match.group(1))
    shift = 1 if month - named > 6 else -1 if named - month > 6 else 0
    return msgspec.structs.replace(timex, value=f"{year + shift}{timex.value[4:]}")
