"""A cheap first pass: which sentences may hold an ACLED event whose names need NER.

spaCy's NER runs only on these sentences, so the test must be tight as well as cheap. A
sentence is a candidate when the cue patterns give it an ACLED sub-event type that is current
(not background, denied or planned) with a cue of some strength, or when it holds a casualty
or arrest count, and when it has a capitalised word past its first one that is not a country
name (NER can only help to tell the names of places from the names of people there). Verbal
PLOVER events need no places; the event stage finds them in every sentence by itself. The
typing calls are cached, so the event stage does not pay for them twice.
"""

from __future__ import annotations

import re

from eventwire.coding.countries import COUNTRY_RE
from eventwire.coding.counts import find_counts
from eventwire.coding.status import status_of
from eventwire.coding.typing import type_hits

# A capitalised word that does not start the sentence.
_NAME = re.compile(r"(?<=[\s(\"“'‘-])[A-ZÀ-Þ][\w'’.-]+")


def is_candidate(
    sentence: str,
    *,
    published_year: int | None = None,
    latest_year: int | None = None,
    language: str = "en",
) -> bool:
    """True when the sentence may report an ACLED event that names a place."""
    return _may_hold_event(
        sentence, published_year=published_year, latest_year=latest_year, language=language
    ) and _names_something(sentence)


def _may_hold_event(
    sentence: str, *, published_year: int | None, latest_year: int | None, language: str
) -> bool:
    hits = type_hits(sentence, language)
    if hits and hits[0].score >= 2.0:
        status = status_of(
            sentence, hits[0].start, published_year=published_year, latest_year=latest_year, language=language
        )
        if status == "current":
            return True
    return any(count.field in ("killed", "injured", "arrested") for count in find_counts(sentence, language))


def _names_something(sentence: str) -> bool:
    return any(not COUNTRY_RE.match(sentence, match.start()) for match in _NAME.finditer(sentence))
