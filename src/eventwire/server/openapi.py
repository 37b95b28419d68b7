"""The OpenAPI 3.1 document of `eventwire serve`, written by hand from the parameter tables."""

from __future__ import annotations

import functools
from typing import Any

from eventwire.export import CSV_COLUMNS
from eventwire.server.params import COMPARISONS, DEFAULT_LIMIT, FACET_NAMES, FORMATS, MAX_LIMIT, SORTS

_FILTERS = [
    ("event_date", "event date YYYY-MM-DD; with event_date_where=BETWEEN give A|B; | for OR with ="),
    ("event_date_where", f"comparison for event_date: {', '.join(COMPARISONS)} (default =)"),
    ("year", "year(s), | for OR"),
    ("event_id_cnty", "event id(s), | for OR"),
    ("country", "ACLED country name(s), | for OR, e.g. Kazakhstan|Kyrgyzstan"),
    ("iso", "ACLED numeric iso code(s) (ISO 3166-1 numeric; 0 Kosovo), | for OR"),
    ("region", "ACLED region(s), e.g. Western Africa, | for OR"),
    ("admin1", "ACLED admin1 name(s), | for OR"),
    ("event_type", "ACLED event type(s), | for OR; event_type_where=LIKE for substrings"),
    ("sub_event_type", "ACLED sub-event type(s), | for OR; _where=LIKE for substrings"),
    ("disorder_type", "ACLED disorder type(s), | for OR; _where=LIKE for substrings"),
    ("actor1", "actor 1 label(s), | for OR; actor1_where=LIKE for substrings"),
    ("actor2", "actor 2 label(s), | for OR; actor2_where=LIKE for substrings"),
    ("actor", "actor label(s) on either side, | for OR; actor_where=LIKE for substrings"),
    ("interaction", "ACLED interaction code(s), e.g. 16, | for OR"),
    ("fatalities", "fatalities; with fatalities_where (=, >, <, >=, <=, BETWEEN A|B)"),
    ("fatalities_where", f"comparison for fatalities: {', '.join(COMPARISONS)} (default =)"),
    ("source", "publisher(s) of any of the event's articles, exact, | for OR"),
    ("bbox", "minlon,minlat,maxlon,maxlat (a box across the antimeridian has minlon > maxlon)"),
    ("q", "full-text search over notes and evidence: every word must occur; word* for a prefix"),
    ("since", "events changed at or after this time (ISO date or time, or Unix seconds)"),
]
_LISTING = [
    ("fields", f"columns to return, | separated, from: {', '.join(CSV_COLUMNS)}"),
    (
        "limit",
        f"rows per page, 1..{MAX_LIMIT} (JSON default {DEFAULT_LIMIT}; CSV, NDJSON, GeoJSON: all rows)",
    ),
    ("page", "ACLED page number (offset paging; prefer the `next` URL's cursor)"),
    ("cursor", "keyset cursor from a `next` URL: a deep page costs what page 1 does"),
    ("sort", f"order: {', '.join(SORTS)} (default -event_date, newest first)"),
    ("format", f"{', '.join(FORMATS)} (or a .csv, .geojson, .ndjson suffix on the path)"),
    ("_shape", "array: the rows alone (pandas.read_json), else ACLED's envelope {status, count, data}"),
]


def _parameters(entries: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "query", "required": False, "description": text, "schema": {"type": "string"}}
        for name, text in entries
    ]


def _get(summary: str, parameters: list[tuple[str, str]], media: str = "application/json") -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": _parameters(parameters),
            "responses": {
                "200": {"description": "OK", "content": {media: {}}},
                "400": {"description": "a bad parameter: {error: {parameter, message}}"},
            },
        }
    }


def _in_path(path_item: dict[str, Any]) -> dict[str, Any]:
    for parameter in path_item["get"]["parameters"]:
        parameter.update({"in": "path", "required": True})
    return path_item


@functools.cache
def openapi_document() -> dict[str, Any]:
    event_path = [("event_id", "the event's id (event_id_cnty)")]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eventwire",
            "version": "1",
            "description": "Events coded from news articles, queried with ACLED's parameter names "
            "and semantics (a pipe is OR). Read-only; served from the analyst's own machine.",
        },
        "paths": {
            "/api/events": _get("events matching the filter, in ACLED's columns", _FILTERS + _LISTING),
            "/api/events.csv": _get(
                "the same as CSV (ACLED's columns, streamed)", _FILTERS + _LISTING, "text/csv"
            ),
            "/api/events.geojson": _get("the same as a GeoJSON FeatureCollection", _FILTERS + _LISTING),
            "/api/events.ndjson": _get("the same as JSON lines", _FILTERS + _LISTING),
            "/api/events/{event_id}": _in_path(
                _get(
                    "one event: every source's values, evidence in context, disagreements, the rule "
                    "or model that set each field",
                    event_path,
                )
            ),
            "/api/facets": _get(
                "counts by type, country, actor and source for the filter",
                [
                    *_FILTERS,
                    ("facets", "which facets, pipe-separated (default all): " + "|".join(FACET_NAMES)),
                ],
            ),
            "/api/timeline": _get(
                "events and fatalities per day or week and event type",
                [*_FILTERS, ("interval", "day or week (default week, weeks start on Monday)")],
            ),
            "/api/changes": _get(
                "ids of events new or changed since a time; `new` when all their articles are",
                [("since", "required: ISO date or time, or Unix seconds"), *_LISTING[1:4:2]],
            ),
            "/health": _get("the server is up; schema version and event count", []),
        },
    }
