"""ACLED's query parameters, parsed and checked before any SQL is built.

The names and semantics are ACLED's API's, so that an ACLED query URL works after changing the
host: a pipe means OR (`country=Kazakhstan|Kyrgyzstan`), `{name}_where` picks the comparison
(`event_date=2023-01-01|2023-01-31&event_date_where=BETWEEN`), `fields=a|b` picks columns,
`limit` and `page` page. eventwire adds `bbox`, `q` (full text), `source`, `actor` (either side),
`since` (changed since), `sort`, `format`, `_shape` and `cursor` (keyset paging).

Every problem is a ParamError naming the parameter and what it allows: the app answers 400.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from eventwire.export import CSV_COLUMNS

_Parser = Callable[[str, str], str | int]


class ParamError(ValueError):
    """A query parameter the API cannot use: `param` and what it allows."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


# Text filters matched against one column each; `{name}_where=LIKE` makes them substring matches.
TEXT_PARAMS = ("event_id_cnty", "event_type", "sub_event_type", "disorder_type", "actor1", "actor2", "actor")
# Filters whose values are translated to what the store holds (ACLED names, numeric iso, regions).
PLACE_PARAMS = ("country", "region", "admin1")
COMPARISONS = ("=", ">", "<", ">=", "<=", "BETWEEN")
SORTS = ("event_date", "-event_date", "fatalities", "-fatalities", "timestamp", "-timestamp")
FORMATS = ("json", "ndjson", "csv", "geojson")
FACET_NAMES = ("event_type", "sub_event_type", "disorder_type", "country", "actor", "source")
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000  # one page; streamed formats without `limit` stream every match in chunks
MAX_VALUES = 200  # values in one pipe-separated list
MAX_TEXT = 500  # characters in one value
# Parameters an ACLED URL carries for its own server (credentials, terms): accepted and ignored.
IGNORED_PARAMS = ("key", "email", "terms", "_format")

FILTER_PARAMS = frozenset(
    {*TEXT_PARAMS, *PLACE_PARAMS, "iso", "interaction", "year", "source", "event_date", "fatalities"}
    | {f"{name}_where" for name in (*TEXT_PARAMS, "event_date", "fatalities")}
    | {"bbox", "q", "since"}
)
LIST_PARAMS = frozenset({"fields", "limit", "page", "sort", "format", "_shape", "cursor"})


@dataclass(frozen=True)
class Comparison:
    """`{name}_where` applied to one or two values (BETWEEN takes two)."""

    op: str
    values: tuple[str | int, ...]


@dataclass(frozen=True)
class TextMatch:
    values: tuple[str, ...]
    like: bool = False  # substring match instead of equality (both ignore ASCII case)


@dataclass(frozen=True)
class EventFilter:
    """Which events: every field None or empty means no restriction."""

    texts: dict[str, TextMatch] = field(default_factory=dict)
    country: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    iso: tuple[int, ...] = ()
    interaction: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    source: tuple[str, ...] = ()
    event_date: Comparison | None = None
    fatalities: Comparison | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    q: str | None = None  # an FTS5 query made of quoted terms only
    since: str | None = None  # ISO timestamp in the store's form (UTC, seconds)


@dataclass(frozen=True)
class Listing:
    """How to list: page size, ACLED page or keyset cursor, order, columns, format."""

    limit: int | None  # None: every match (streamed formats only)
    page: int | None = None
    cursor: tuple[str | int, str] | None = None  # (sort value, event id) of the last row seen
    sort: str = "-event_date"
    fields: tuple[str, ...] = CSV_COLUMNS
    format: str = "json"
    array: bool = False  # `_shape=array`: the rows alone, for pandas.read_json


def parse_filter(
    params: Mapping[str, Sequence[str]], *, allowed: frozenset[str] = frozenset()
) -> EventFilter:
    """The event filter a query string asks for; ParamError for anything unusable."""
    _refuse_unknown(params, FILTER_PARAMS | allowed)
    texts = {
        name: TextMatch(values, like=_where(params, name, ("=", "LIKE"), "=") == "LIKE")
        for name in TEXT_PARAMS
        if (values := _texts(params, name))
    }
    return EventFilter(
        texts=texts,
        country=_texts(params, "country"),
        region=_texts(params, "region"),
        admin1=_texts(params, "admin1"),
        iso=_integers(params, "iso", low=0, high=999),
        interaction=_integers(params, "interaction", low=0, high=88),
        year=_integers(params, "year", low=1, high=9999),
        source=_texts(params, "source"),
        event_date=_comparison(params, "event_date", _date),
        fatalities=_comparison(params, "fatalities", _count),
        bbox=_bbox(params),
        q=_fts_query(params),
        since=_since(params),
    )


def parse_listing(params: Mapping[str, Sequence[str]], *, suffix_format: str | None) -> Listing:
    """Paging, order, columns and format; `suffix_format` comes from a `.csv`/`.geojson` path."""
    fmt = suffix_format or _choice(params, "format", FORMATS, "json")
    if suffix_format and _one(params, "format") not in (None, suffix_format):
        raise ParamError("format", f"the path asks for {suffix_format}; drop format= or make it agree")
    limit_text = _one(params, "limit")
    limit = _count(limit_text, "limit", low=1, high=MAX_LIMIT) if limit_text else None
    if limit is None and fmt == "json":
        limit = DEFAULT_LIMIT
    page_text, cursor_text = _one(params, "page"), _one(params, "cursor")
    if page_text and cursor_text:
        raise ParamError("page", "give page or cursor, not both (cursor is the faster)")
    if page_text and limit is None:
        raise ParamError("page", "needs limit= for this format (page = limit rows)")
    sort = _choice(params, "sort", SORTS, "-event_date")
    return Listing(
        limit=limit,
        page=_count(page_text, "page", low=1, high=10**9) if page_text else None,
        cursor=decode_cursor(cursor_text) if cursor_text else None,
        sort=sort,
        fields=_fields(params),
        format=fmt,
        array=_choice(params, "_shape", ("envelope", "array"), "envelope") == "array",
    )


def parse_facet_names(params: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """`facets=a|b`: which facets to count (default every one); a page that shows a few of them
    need not pay for the others, each a pass over the filtered events."""
    names = _texts(params, "facets")
    unknown = [name for name in names if name not in FACET_NAMES]
    if unknown:
        raise ParamError(
            "facets", f"unknown facet {unknown[0][:40]!r}; expected names from {', '.join(FACET_NAMES)}"
        )
    return tuple(dict.fromkeys(names)) or FACET_NAMES


def encode_cursor(value: str | int, event_id: str) -> str:
    """An opaque keyset cursor: the sort value and id of the last row of a page."""
    return base64.urlsafe_b64encode(json.dumps([value, event_id]).encode()).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[str | int, str]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value, event_id = json.loads(raw)
    except (ValueError, TypeError) as error:
        raise ParamError("cursor", "not a cursor this API gave; use the `next` URL as given") from error
    if not isinstance(value, str | int) or isinstance(value, bool) or not isinstance(event_id, str):
        raise ParamError("cursor", "not a cursor this API gave; use the `next` URL as given")
    return value, event_id


def parse_timestamp(text: str, param: str) -> str:
    """An ISO date or timestamp, or Unix seconds (ACLED's `timestamp`), in the store's form."""
    text = text.strip()
    try:
        moment = (
            dt.datetime.fromtimestamp(int(text), dt.UTC)
            if text.isdigit()
            else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    except (ValueError, OverflowError, OSError) as error:
        raise ParamError(
            param, "expected an ISO date or time (2024-05-01T12:00:00Z) or Unix seconds"
        ) from error
    if moment.tzinfo is None:  # the store keeps UTC: a time without a zone is read as UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


# -- single parameters -----------------------------------------------------------------------------


def _refuse_unknown(params: Mapping[str, Sequence[str]], allowed: frozenset[str]) -> None:
    for name in params:
        if name not in allowed and name not in IGNORED_PARAMS:
            known = ", ".join(sorted(allowed))
            raise ParamError(name, f"unknown parameter; this endpoint takes {known}")


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    """The parameter's value; repeating a single-valued parameter is refused, not guessed at."""
    values = params.get(name) or []
    if len(values) > 1:
        raise ParamError(name, "given more than once; give it once (use | for several values)")
    return values[0] if values else None


def _texts(params: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    text = _one(params, name)
    if text is None or not text.strip():
        return ()
    values = tuple(value.strip() for value in text.split("|") if value.strip())
    if len(values) > MAX_VALUES or any(len(value) > MAX_TEXT for value in values):
        raise ParamError(name, f"at most {MAX_VALUES} values of at most {MAX_TEXT} characters")
    if any("\x00" in value for value in values):
        raise ParamError(name, "holds a NUL character")
    return values


def _integers(params: Mapping[str, Sequence[str]], name: str, *, low: int, high: int) -> tuple[int, ...]:
    return tuple(_count(value, name, low=low, high=high) for value in _texts(params, name))


def _count(text: str, name: str, *, low: int = 0, high: int = 10**9) -> int:
    if not re.fullmatch(r"[0-9]{1,10}", text.strip()):
        raise ParamError(name, f"expected a whole number from {low} to {high}, got {text[:40]!r}")
    number = int(text)
    if not low <= number <= high:
        raise ParamError(name, f"expected a whole number from {low} to {high}, got {number}")
    return number


def _date(text: str, name: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError as error:
        raise ParamError(name, f"expected a date YYYY-MM-DD, got {text[:40]!r}") from error


def _choice(params: Mapping[str, Sequence[str]], name: str, allowed: Sequence[str], default: str) -> str:
    value = _one(params, name)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise ParamError(name, f"expected one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def _where(params: Mapping[str, Sequence[str]], name: str, allowed: Sequence[str], default: str) -> str:
    value = _one(params, f"{name}_where")
    value = value.strip().upper() if value else default
    if value not in allowed:
        raise ParamError(f"{name}_where", f"expected one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def _comparison(params: Mapping[str, Sequence[str]], name: str, parse: _Parser) -> Comparison | None:
    """`name` with `name_where` (ACLED: BETWEEN takes `A|B`, the others one value; default =)."""
    text = _one(params, name)
    op = _where(params, name, COMPARISONS, "=")
    if text is None or not text.strip():
        if _one(params, f"{name}_where"):
            raise ParamError(name, f"{name}_where is given but {name} is not")
        return None
    parts = text.split("|")
    wanted = 2 if op == "BETWEEN" else 1
    if len(parts) != wanted and not (op == "=" and len(parts) <= MAX_VALUES):
        shape = "two values A|B" if op == "BETWEEN" else "one value"
        raise ParamError(name, f"{name}_where={op} takes {shape}")
    return Comparison(op, tuple(parse(part, name) for part in parts))


def _bbox(params: Mapping[str, Sequence[str]]) -> tuple[float, float, float, float] | None:
    text = _one(params, "bbox")
    if not text:
        return None
    expected = "expected minlon,minlat,maxlon,maxlat in degrees (lon -180..180, lat -90..90)"
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in text.split(","))
    except ValueError as error:
        raise ParamError("bbox", expected) from error
    lons_ok = all(-180 <= lon <= 180 for lon in (min_lon, max_lon))
    if not lons_ok or not -90 <= min_lat <= max_lat <= 90:
        raise ParamError("bbox", expected)
    return min_lon, min_lat, max_lon, max_lat


# Words of a text search: letters and digits (FTS5's own syntax is never passed through, so no
# query can fail to parse or reach columns it should not).
_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_query(params: Mapping[str, Sequence[str]]) -> str | None:
    """`q` as an FTS5 query: every word must occur (AND), a trailing * makes a word a prefix."""
    text = _one(params, "q")
    if text is None or not text.strip():
        return None
    if len(text) > MAX_TEXT:
        raise ParamError("q", f"at most {MAX_TEXT} characters")
    terms = []
    for match in _WORD.finditer(text):
        prefix = text[match.end() : match.end() + 1] == "*"
        terms.append(f'"{match.group()}"' + ("*" if prefix else ""))
    if not terms:
        raise ParamError("q", "expected words to search for (letters or digits)")
    return " ".join(terms[:32])


def _since(params: Mapping[str, Sequence[str]]) -> str | None:
    text = _one(params, "since")
    return parse_timestamp(text, "since") if text else None


def _fields(params: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    text = _one(params, "fields")
    if not text:
        return CSV_COLUMNS
    names = tuple(name.strip() for name in text.split("|") if name.strip())
    unknown = [name for name in names if name not in CSV_COLUMNS]
    if unknown or not names:
        raise ParamError(
            "fields", f"unknown field {unknown[:1]}; expected names from {', '.join(CSV_COLUMNS)}"
        )
    return names
