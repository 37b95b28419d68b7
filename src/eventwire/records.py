"""The data model: what eventwire reads, finds and stores.

msgspec Structs: cheap to build, and validated only where data enters (decoding input, config,
database rows). Inside the pipeline values are trusted.

- Article: one input document, immutable, identified by a hash of its normalised content.
- Span: character offsets into an article's text; every fact points back to spans.
- Actor, Place: who and where, typed the way ACLED does.
- Mention: one claim in one article (one event as one article tells it).
- Event: mentions merged across articles; every field keeps each source's value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

import msgspec

# Why a mention is or is not a new event. Only "current" mentions become events.
Status = Literal["current", "historical", "negated", "future", "hypothetical", "aggregate"]

# ACLED interaction codes (codebook names); 0 means "no actor".
INTER_CODES: dict[int, str] = {
    0: "",
    1: "State Forces",
    2: "Rebel Groups",
    3: "Political Militias",
    4: "Identity Militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other Forces",
}


class Article(msgspec.Struct, frozen=True, kw_only=True):
    """One news article as read from a file, feed or archive."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    published: str | None = None  # ISO date (YYYY-MM-DD) of publication, when known
    language: str = ""  # ISO 639-1, filled by reader metadata or language id
    origin: str = ""  # where it was read from: "path" or "path:line"
    # The id the input gave (a JSONL "id"), kept as said; never the key, which is `id`, the content
    # hash, so that an input cannot claim the key of another article.
    source_id: str = ""


def parse_iso_day(value: str) -> dt.date | None:
    """The day of a YYYY-MM-DD date or of an ISO timestamp; None when the text is no date."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def published_date(article: Article) -> dt.date | None:
    """The day an article was published, as its metadata says; None when unknown.

    Every stage that needs the publication date (the reference for "yesterday", the year a
    "last year" counts back from) reads it here, so a malformed value is treated alike everywhere.
    """
    day = parse_iso_day(article.published) if article.published else None
    # Years 1 and 9999 are what some systems write for "no date", not a day anything happened.
    return day if day is not None and 1 < day.year < 9999 else None


class Span(msgspec.Struct, frozen=True, kw_only=True):
    """Character offsets [start, end) into one article's text, with the text they cover."""

    article_id: str
    start: int
    end: int
    text: str = ""


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """Who acted or was acted on, with ACLED's standardised label and interaction code."""

    name: str  # as written in the text, e.g. "President Kassym-Jomart Tokayev"
    label: str  # ACLED-style, e.g. "Government of Kazakhstan", "Protesters (Kazakhstan)"
    inter: int = 0  # ACLED interaction code 1-8
    country: str = ""
    code: str = ""  # PLOVER actor code: ISO 3166 alpha-3 country, or IGO, NGO, ...
    sector: str = ""  # PLOVER sector: GOV, MIL, COP, REB, PTY, CVL, ...
    span: Span | None = None


class Place(msgspec.Struct, frozen=True, kw_only=True):
    """A resolved location with ACLED's geo precision (1 town, 2 near/part of region, 3 region)."""

    name: str
    country: str = ""
    iso: str = ""  # ISO 3166-1 alpha-2 country code
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    gazetteer_id: str = ""  # e.g. "geonames:1526384"
    feature: str = ""  # "country", "admin1", "city", ...
    population: int = 0  # as the gazetteer knows it; 0 when unknown
    span: Span | None = None
    iso_numeric: int | None = None  # ACLED's `iso` (ISO 3166-1 numeric, 0 for Kosovo), set on export


class Timex(msgspec.Struct, frozen=True, kw_only=True):
    """A time expression normalised to TIMEX3 (value like 2022-01-05, 2022-W01, P3D, PRESENT_REF)."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str


class Toponym(msgspec.Struct, frozen=True, kw_only=True):
    """A place name found in the text, with the place chosen for it and the runner-up."""

    start: int
    end: int
    text: str
    place: Place | None = None  # None when the name is not in the gazetteer
    runner_up: Place | None = None
    score: float = 0.0


class Mention(msgspec.Struct, kw_only=True):
    """One event as one article reports it."""

    id: str  # f"{article_id}:{index}"
    article_id: str
    event_type: str = ""  # ACLED event type, "" when only a PLOVER event
    sub_event_type: str = ""
    disorder_type: str = ""
    plover_type: str = ""
    plover_mode: str = ""
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors1: list[Actor] = msgspec.field(default_factory=list)
    assoc_actors2: list[Actor] = msgspec.field(default_factory=list)
    place: Place | None = None
    event_date: str | None = None  # ISO date
    time_precision: int = 3  # ACLED: 1 day, 2 about a week, 3 month
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    crowd_size: int | None = None
    status: Status = "current"
    trigger: Span | None = None  # the words that name the event
    evidence: list[Span] = msgspec.field(default_factory=list)  # sentences it came from
    field_spans: dict[str, Span] = msgspec.field(default_factory=dict)  # field name -> source span
    # field name -> what set it: a language-pack entry id ("en.type.armed-clash...") or the model
    field_rules: dict[str, str] = msgspec.field(default_factory=dict)
    confidence: float = 0.0
    rank: int = 0  # 0 = the article's main event
    published: str | None = None  # publication date of the article (copied for merging)
    source: str = ""  # publisher of the article


class SourcedValue(msgspec.Struct, frozen=True, kw_only=True):
    """One source's value for one field of an event, with where it came from."""

    value: str | int | float | None
    mention_id: str
    article_id: str
    source: str = ""
    evidence: Span | None = None


class Event(msgspec.Struct, kw_only=True):
    """A real-world event: mentions merged across articles, each source's value kept (in `values`,
    up to cluster.RECORDED_VALUES per field and every distinct value; each report's own values are in
    its mention)."""

    id: str
    event_type: str
    sub_event_type: str
    disorder_type: str = ""
    plover_type: str = ""
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actors1: list[Actor] = msgspec.field(default_factory=list)
    assoc_actors2: list[Actor] = msgspec.field(default_factory=list)
    place: Place | None = None
    event_date: str | None = None
    time_precision: int = 3
    fatalities: int = 0  # ACLED: the lowest credible reported figure, 0 when none
    injured: int | None = None
    arrested: int | None = None
    crowd_size: int | None = None
    values: dict[str, list[SourcedValue]] = msgspec.field(default_factory=dict)  # field -> per source
    disagreements: list[str] = msgspec.field(default_factory=list)  # fields whose sources differ
    mention_ids: list[str] = msgspec.field(default_factory=list)
    n_articles: int = 0
    n_sources: int = 0
    first_reported: str | None = None
    last_reported: str | None = None
    notes: str = ""
    updated_at: str | None = None  # when the store last changed this event (ACLED's timestamp)


_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed: the form an article id is computed from."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id_for(text: str, *, title: str = "") -> str:
    """Stable id for an article's content: the same story read twice gets the same id."""
    digest = hashlib.sha256(normalise_text(f"{title}\n{text}").encode("utf-8")).hexdigest()
    return digest[:16]


def make_article(
    text: str,
    *,
    title: str = "",
    url: str = "",
    source: str = "",
    published: str | None = None,
    language: str = "",
    origin: str = "",
    source_id: str | None = None,
) -> Article:
    """Build an Article keyed by its content hash; an id the input gave is kept as `source_id`."""
    return Article(
        id=article_id_for(text, title=title),
        text=text,
        title=title,
        url=url,
        source=source,
        published=published,
        language=language,
        origin=origin,
        source_id=source_id or "",
    )


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...


SpannedT = TypeVar("SpannedT", bound=_Spanned)


def starting_within(items: Sequence[SpannedT], start: int, end: int) -> list[SpannedT]:
    """The items (in text order: sentences, toponyms, timexes) that start in [start, end), found by
    bisection: stages ask once per mention, and a long article holds thousands of each."""
    first = bisect.bisect_left(items, start, key=lambda item: item.start)
    last = bisect.bisect_left(items, end, lo=first, key=lambda item: item.start)
    return list(items[first:last])
