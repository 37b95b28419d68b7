"""A cheap first pass: which sentences may hold an ACLED event (and so need NER and places).

spaCy's NER runs only on these sentences, so the test must be tight as well as cheap: a
sentence is a candidate when the cue patterns give it an ACLED sub-event type that is not
background (historical, negated, planned), or when it holds a casualty, arrest or crowd count.
Verbal PLOVER events (requests, promises) need no places; the event stage finds them in every
sentence by itself. The typing calls are cached, so the event stage does not pay twice.
"""

from __future__ import annotations

from eventwire.coding.counts import find_counts
from eventwire.coding.status import status_of
from eventwire.coding.typing import type_hits


def is_candidate(sentence: str, *, published_year: int | None = None, latest_year: int | None = None) -> bool:
    """True when the sentence may report an ACLED event."""
    hits = type_hits(sentence)
    if hits:
        status = status_of(sentence, hits[0].start, published_year=published_year, latest_year=latest_year)
        if status == "current":
            return True
    return bool(find_counts(sentence))
