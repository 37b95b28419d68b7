"""`eventwire serve`: the Starlette app behind the JSON API and the offline dashboard.

`create_app(db_path)` opens the store read-only and answers:

- `/api/events` (and `.csv`, `.geojson`, `.ndjson`), `/api/events/{id}`, `/api/facets`,
  `/api/timeline`, `/api/changes`, `/health`, `/api/openapi.json` and the docs page `/api`;
- `/` and `/static/...`: the dashboard, every file served from the package (no CDN, no tiles).

Bad parameters are 400s naming the parameter; every response carries a Content-Security-Policy
that allows only this server, so article text that slipped into a page could still run nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import StoreError
from eventwire.export import _csv_records, acled_row
from eventwire.records import Event
from eventwire.safe_text import csv_cell, json_line, json_text
from eventwire.server import detail, queries
from eventwire.server.openapi import openapi_document
from eventwire.server.params import (
    LIST_PARAMS,
    MAX_LIMIT,
    EventFilter,
    Listing,
    ParamError,
    decode_cursor,
    encode_cursor,
    parse_facet_names,
    parse_filter,
    parse_listing,
    parse_timestamp,
)

STATIC_DIR = Path(str(resources.files("eventwire.server") / "static"))
_ENCODER = msgspec.json.Encoder()
# Only this server: no CDN, no tile server, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "ndjson": "application/x-ndjson",
}


def create_app(db_path: str | Path, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The app over one store (a SQLite file or a postgresql:// URL), opened read-only
    (StoreError if it cannot be).

    `allowed_hosts`: Host header values to answer (guards a local server against DNS rebinding);
    None answers any."""
    reader = queries.EventReader(str(db_path))
    routes = [
        Route("/", _dashboard),
        Route("/health", _endpoint(reader, _health)),
        Route("/api", _docs_page),
        Route("/api/openapi.json", _openapi),
        *[Route(f"/api/events.{fmt}", _endpoint(reader, _events, fmt)) for fmt in MEDIA_TYPES],
        Route("/api/events", _endpoint(reader, _events)),
        Route("/api/events/{event_id}", _endpoint(reader, _event)),
        Route("/api/facets", _endpoint(reader, _facets)),
        Route("/api/timeline", _endpoint(reader, _timeline)),
        Route("/api/changes", _endpoint(reader, _changes)),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )


class SecurityHeaders:
    """Adds the CSP and its companions to every response, streamed ones included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _endpoint(reader: queries.EventReader, handler: Any, *extra: Any) -> Any:
    """A route function that turns ParamErrors into 400s and store failures into 503s.

    Sync on purpose: Starlette runs it in a worker thread, so SQLite never blocks the event loop."""

    def endpoint(request: Request) -> Response:
        try:
            response: Response = handler(reader, request, *extra)
            return response
        except ParamError as error:
            return json_response(
                {
                    "status": 400,
                    "success": False,
                    "error": {"parameter": error.param, "message": error.message},
                },
                status=400,
            )
        except StoreError as error:
            return json_response(
                {"status": 503, "success": False, "error": {"message": str(error)}}, status=503
            )

    return endpoint


def json_response(value: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json_text(_ENCODER.encode(value).decode("utf-8"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail_text = exc.detail if isinstance(exc, HTTPException) else "error"
    return json_response(
        {"status": status, "success": False, "error": {"message": detail_text}}, status=status
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    # Never echo the exception: it may quote SQL or paths. The server log has the traceback.
    return json_response(
        {"status": 500, "success": False, "error": {"message": "internal error"}}, status=500
    )


# -- pages ---------------------------------------------------------------------------------------


def _dashboard(request: Request) -> Response:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")


def _openapi(request: Request) -> Response:
    return json_response(openapi_document())


def _docs_page(request: Request) -> Response:
    """The API described from its OpenAPI document; every text escaped."""
    document = openapi_document()
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>eventwire API</title>",
             "<link rel='stylesheet' href='/static/app.css'></head><body class='docs'>",
             "<h1>eventwire API</h1><p>", html.escape(document["info"]["description"]),
             "</p><p><a href='/api/openapi.json'>OpenAPI document</a> · <a href='/'>dashboard</a></p>"]  # fmt: skip
    for path, operations in document["paths"].items():
        operation = operations["get"]
        parts.append(
            f"<h2><code>GET {html.escape(path)}</code></h2><p>{html.escape(operation['summary'])}</p>"
        )
        rows = "".join(
            f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{html.escape(p['description'])}</td></tr>"
            for p in operation.get("parameters", [])
        )
        if rows:
            parts.append(f"<table><tr><th>parameter</th><th>meaning</th></tr>{rows}</table>")
    parts.append("</body></html>")
    return HTMLResponse("".join(parts))


# -- API -----------------------------------------------------------------------------------------


def _health(reader: queries.EventReader, request: Request) -> Response:
    store = reader.store()
    return json_response(
        {"status": "ok", "schema": store.schema_version(), "events": store.counts()["events"]}
    )


def _params(request: Request) -> dict[str, list[str]]:
    return {name: request.query_params.getlist(name) for name in request.query_params}


def _events(reader: queries.EventReader, request: Request, suffix_format: str | None = None) -> Response:
    params = _params(request)
    event_filter = parse_filter(params, allowed=LIST_PARAMS)
    listing = parse_listing(params, suffix_format=suffix_format)
    if listing.format == "json":
        return _events_json(reader, request, event_filter, listing)
    rows = reader.stream(event_filter, listing)
    chunks = {"csv": _csv_chunks, "ndjson": _ndjson_chunks, "geojson": _geojson_chunks}[listing.format]
    headers = {}
    if listing.format in ("csv", "geojson"):
        headers["content-disposition"] = f'attachment; filename="events.{listing.format}"'
    return StreamingResponse(
        chunks(rows, listing.fields), media_type=MEDIA_TYPES[listing.format], headers=headers
    )


def _events_json(
    reader: queries.EventReader, request: Request, event_filter: EventFilter, listing: Listing
) -> Response:
    """ACLED's envelope (or the rows alone with `_shape=array`); `next` continues by keyset."""
    page = reader.page(event_filter, listing)
    data = [_row(event, listing.fields) for event in page.events]
    next_url = None
    if page.last_key is not None and listing.limit is not None and len(data) == listing.limit:
        cursor = encode_cursor(*page.last_key)
        url = request.url.remove_query_params("page").include_query_params(cursor=cursor)
        next_url = f"{url.path}?{url.query}"
    if listing.array:
        headers = {"link": f'<{next_url}>; rel="next"'} if next_url else None
        return json_response(data, headers=headers)
    return json_response({"status": 200, "success": True, "count": len(data), "next": next_url, "data": data})


def _row(event: Event, fields: tuple[str, ...]) -> dict[str, Any]:
    row = acled_row(event)
    return {name: row[name] for name in fields}


def _batched(events: Iterable[Event], size: int = 500) -> Iterator[list[Event]]:
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _csv_chunks(events: Iterable[Event], fields: tuple[str, ...]) -> Iterator[str]:
    """ACLED's columns through export's CSV writer: formula cells neutralised, CR/LF quoted."""
    yield from _csv_records([fields])
    for batch in _batched(events):
        rows = ([csv_cell(row[name]) for name in fields] for row in map(acled_row, batch))
        yield "".join(_csv_records(rows))


def _ndjson_chunks(events: Iterable[Event], fields: tuple[str, ...]) -> Iterator[str]:
    for batch in _batched(events):
        yield "".join(json_line(_row(event, fields)) for event in batch)


def _geojson_chunks(events: Iterable[Event], fields: tuple[str, ...]) -> Iterator[str]:
    """One FeatureCollection (RFC 7946), written feature by feature, as export.to_geojson lays it out."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for batch in _batched(events):
        features = [json_line(_feature(event, fields)).rstrip("\n") for event in batch]
        yield ("" if first else ",") + ",".join(features)
        first = False
    yield "]}\n"


def _feature(event: Event, fields: tuple[str, ...]) -> dict[str, Any]:
    place = event.place
    geometry = None
    if place is not None and place.latitude is not None and place.longitude is not None:
        geometry = {"type": "Point", "coordinates": [place.longitude, place.latitude]}  # lon first
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": _row(event, fields)}


def _event(reader: queries.EventReader, request: Request) -> Response:
    event_id = request.path_params["event_id"]
    if request.query_params:
        raise ParamError(next(iter(request.query_params)), "this endpoint takes no parameters")
    event = reader.event(event_id) if len(event_id) <= 200 else None
    if event is None:
        return json_response(
            {"status": 404, "success": False, "error": {"message": "no such event"}}, status=404
        )
    return json_response(detail.event_detail(reader.store(), event))


def _facets(reader: queries.EventReader, request: Request) -> Response:
    params = _params(request)
    event_filter = parse_filter(params, allowed=frozenset({"facets"}))
    counts = queries.facets(reader, event_filter, parse_facet_names(params))
    return json_response({"status": 200, "success": True, "facets": counts})


def _timeline(reader: queries.EventReader, request: Request) -> Response:
    params = _params(request)
    event_filter = parse_filter(params, allowed=frozenset({"interval"}))
    interval = (params.get("interval") or ["week"])[-1]
    if interval not in ("day", "week") or len(params.get("interval", [])) > 1:
        raise ParamError("interval", "expected day or week, once")
    data = queries.timeline(reader, event_filter, interval)
    return json_response({"status": 200, "success": True, "interval": interval, "data": data})


def _changes(reader: queries.EventReader, request: Request) -> Response:
    params = _params(request)
    unknown = set(params) - {"since", "limit", "cursor"}
    if unknown:
        raise ParamError(sorted(unknown)[0], "unknown parameter; this endpoint takes since, limit, cursor")
    since_values = params.get("since") or []
    if len(since_values) != 1 or not since_values[0]:
        raise ParamError("since", "required, once: an ISO date or time, or Unix seconds")
    since = parse_timestamp(since_values[0], "since")
    listing = parse_listing({k: v for k, v in params.items() if k != "since"}, suffix_format=None)
    limit = listing.limit or MAX_LIMIT
    cursor = decode_cursor(params["cursor"][0]) if "cursor" in params else None
    changed = queries.changes(reader, since, limit, cursor)
    next_url = None
    if len(changed) == limit:
        url = request.url.include_query_params(
            cursor=encode_cursor(changed[-1]["updated_at"], changed[-1]["id"])
        )
        next_url = f"{url.path}?{url.query}"
    return json_response({
        "status": 200, "success": True, "since": since, "count": len(changed), "next": next_url,
        "changed": changed,
        # The store replaces events in place and never merges one away, so there are no tombstones.
        "merged_away": [], "tombstones": False,
    })  # fmt: skip
