"""A local HTTP server for the watch and fetch tests: routes set per test, requests recorded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    """What the server answers on one path. With an ETag, a matching If-None-Match gets a 304."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    declare_length: bool = True  # False: no Content-Length, the body runs until the connection closes


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for requested, headers in self.requests if requested == path]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request a connection: a body may run until close

        def do_GET(self) -> None:
            server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path, Route(b"not here", status=404))
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.declare_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet tests

    return Handler


def rss(items: list[dict[str, str]], *, title: str = "Test Gazette", ttl: int | None = None) -> bytes:
    """An RSS 2.0 feed of items given as {guid, title, link, description, date} (each optional)."""
    parts = [f"<rss version='2.0'><channel><title>{escape(title)}</title>"]
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for item in items:
        parts.append("<item>")
        for name, tag in (
            ("guid", "guid"),
            ("title", "title"),
            ("link", "link"),
            ("description", "description"),
        ):
            if name in item:
                parts.append(f"<{tag}>{escape(item[name])}</{tag}>")
        parts.append(f"<pubDate>{item.get('date', 'Tue, 05 Mar 2024 09:00:00 GMT')}</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(entries: list[dict[str, str]], *, title: str = "Test Atom Wire") -> bytes:
    """An Atom feed of entries given as {id, title, link, summary}."""
    parts = [f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{escape(title)}</title>"]
    for entry in entries:
        parts.append(
            f"<entry><id>{escape(entry['id'])}</id><title>{escape(entry['title'])}</title>"
            f"<link href='{escape(entry['link'])}'/><summary>{escape(entry['summary'])}</summary>"
            "<updated>2024-03-06T08:00:00Z</updated></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def serve() -> Iterator[FeedServer]:
    server = FeedServer()
    try:
        yield server
    finally:
        server.close()
