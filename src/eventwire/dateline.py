"""The dateline: the one place that knows what a story's opening "KABUL, Afghanistan (AP) —" says.

A dateline tells where a report was filed, which agency filed it and often on which day. Each of
these is a fact other parts need: the readers take the agency as the source and the day as the
publication date, the dates stage keeps the dateline's day out of the story's dates, the places
stage keeps the filing place and the agency's name from being taken for where the event was.
They all read it here.

- `dateline_pattern(months)`: the shape of a dateline line; the zones stage applies it, with the
  month names of the language pack, to find the dateline zone.
- `read_dateline(text)`: what the dateline at the head of a text says (agency, date).
- `is_filing_place(text, toponym)`: whether a place name is the dateline's place.

The day itself is read by the date grammar of `eventwire.timex.reference` (`find_dateline`),
which knows month names, years and release numbers; this module only asks it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.records import Toponym

# Readers import this module before any stage runs: the date grammar and the language packs are
# loaded only when first asked for, so reading files stays quick.
if TYPE_CHECKING:
    from eventwire.timex.reference import DatelineDate

# Datelines open the story; looking further would take a bracketed name or a date in the story
# for the dateline's.
DATELINE_CHARS = 300
# A place filed from is named in capitals before the first comma, within the first lines.
_FILING_PLACE_CHARS = 200

# "NAIROBI, Kenya, March 3, 2023 (Wirestone) --": the agency in brackets before the dash.
_AGENCY_BEFORE_DASH = re.compile(r"\((?P<agency>[A-Z][A-Za-z&.' -]{1,40})\)\s*(?:--|—|–|-)\s")

# Pieces of a dateline line, for `dateline_pattern`.
_DASH = r"\s*(?:—|–|--|-|_)(?:\s+|$)"  # a dateline may stand alone on its line ("WASHINGTON (AP) _")
_AGENCY = r"\([A-Za-z][^()\n]{0,39}\)"
_CAPS_PLACE = r"[A-Z][A-Z.'’]+(?:[ /-][A-Z][A-Z.'’]*){0,3}"  # up to four words: DAR ES SALAAM
_TITLE_PLACE = r"[A-ZÄÖÜ][\w.'’]*(?:[ /-][A-ZÄÖÜ][\w.'’]*){0,3}"
_SEGMENT = r",\s*[^,()\n—–]{1,40}?"


@dataclass(frozen=True, slots=True)
class Agency:
    start: int  # where the agency's name stands in the text
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Dateline:
    """What the dateline at the head of a text says; a part it does not say is None."""

    agency: Agency | None
    date: DatelineDate | None  # the day, with where its date is written


def dateline_pattern(months: list[str]) -> re.Pattern[str]:
    """ "KHARTOUM, Sudan (AP) —", "Peschawar (dpa) -", "Lima, 9 June 2023 —": a place in
    capitals, or a place with the agency in brackets or a date, then a dash."""
    from eventwire.packs import phrase_pattern

    month = f"(?:{phrase_pattern(months)})"
    date = rf"(?:\d{{1,2}}\.?\s*{month}|{month}\s+\d{{1,2}})(?:,?\s*\d{{4}})?"
    # "NORTH COTABATO, Mindanao:" ends in a colon too, but only with a region: "BREAKING NEWS:" is none.
    caps = rf"{_CAPS_PLACE}(?:(?:{_SEGMENT}){{0,3}}\s*(?:{_AGENCY})?{_DASH}|(?:{_SEGMENT}){{1,3}}:\s+)"
    with_agency = rf"{_TITLE_PLACE}(?:{_SEGMENT}){{0,3}}\s*{_AGENCY}{_DASH}"
    with_date = rf"{_TITLE_PLACE}(?:,\s*[^,()\n—–\d]{{1,40}}?)?,\s*{date}\s*(?:{_AGENCY})?{_DASH}"
    # No "^": it is matched at a line's start with match(text, pos), where "^" never holds.
    return re.compile(rf"(?:{caps}|{with_agency}|{with_date})")


# Readers, the toponym stage and the dates stage ask about the same text one after another.
@functools.lru_cache(maxsize=256)
def read_dateline(text: str) -> Dateline:
    """The agency and the day the dateline at the head of `text` names."""
    from eventwire.timex.reference import find_dateline

    return Dateline(agency=_agency(text), date=find_dateline(text))


def _agency(text: str) -> Agency | None:
    match = _AGENCY_BEFORE_DASH.search(text[:DATELINE_CHARS])
    if match is None:
        return None
    return Agency(match.start("agency"), match.end("agency"), match.group("agency").strip())


# What follows a dateline's place: "KABUL, ...", "KYIV (Reuters) -", "KYIV — ...".
_AFTER_FILING_PLACE = re.compile(rf",|\s*\(|{_DASH}")


def is_filing_place(text: str, toponym: Toponym) -> bool:
    """ "KABUL, Afghanistan (Jan. 25)", "KYIV — ...": whether a place name is where the report
    was filed (in capitals, before a comma, a bracket or a dash, at the head of the text), not
    where the event was."""
    return (
        toponym.start < _FILING_PLACE_CHARS
        and toponym.text.isupper()
        and _AFTER_FILING_PLACE.match(text, toponym.end) is not None
    )
