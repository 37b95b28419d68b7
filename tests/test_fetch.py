"""The safe HTTP client: address checks at connect time and on every redirect, caps, schemes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.fetch import (
    BlockedAddressError,
    Fetcher,
    FetchError,
    FetchLimits,
    refusal_reason,
    system_resolve,
)
from tests.feed_server import FeedServer, Route, serve

PUBLIC = "93.184.216.34"  # a globally routable address; the tests route it to the local server


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


def public_host_fetcher(server: FeedServer, **kwargs: object) -> Fetcher:
    """A fetcher that believes news.example is at a public address, and reaches that address
    through the local server: as if the server were on the internet."""

    def resolve(host: str, port: int) -> list[str]:
        return [PUBLIC] if host == "news.example" else system_resolve(host, port)

    def dial(address: str, port: int) -> tuple[str, int]:
        return ("127.0.0.1", server.port) if address == PUBLIC else (address, port)

    return Fetcher(resolve=resolve, dial=dial, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "240.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refusal_reason(address) is not None


def test_public_addresses_pass() -> None:
    assert refusal_reason(PUBLIC) is None and refusal_reason("2606:4700::1111") is None


def test_loopback_server_refused_unless_private_allowed(server: FeedServer) -> None:
    server.routes["/feed"] = Route(b"hello")
    with Fetcher() as fetcher, pytest.raises(BlockedAddressError, match="loopback"):
        fetcher.get(server.url("/feed"))
    assert server.requests == []  # refused before a connection was opened
    with Fetcher(allow_private=True) as fetcher:
        assert fetcher.get(server.url("/feed")).body == b"hello"


@pytest.mark.parametrize(
    ("url", "resolved"),
    [
        ("http://intranet.example/feed", ["10.0.0.5"]),
        ("http://metadata.example/latest", ["169.254.169.254"]),
        ("http://[::1]:8080/feed", ["::1"]),
        # One bad address among good ones refuses the host: which one is used is the resolver's choice.
        ("http://mixed.example/feed", [PUBLIC, "127.0.0.1"]),
    ],
)
def test_names_resolving_to_private_addresses_are_refused(url: str, resolved: list[str]) -> None:
    with Fetcher(resolve=lambda host, port: resolved) as fetcher, pytest.raises(BlockedAddressError):
        fetcher.get(url)


def test_redirect_to_loopback_from_a_public_host_is_refused(server: FeedServer) -> None:
    server.routes["/moved"] = Route(status=302, headers={"Location": server.url("/feed")})
    server.routes["/here"] = Route(status=301, headers={"Location": "/feed"})
    server.routes["/feed"] = Route(b"the feed")
    with public_host_fetcher(server) as fetcher:
        assert fetcher.get("http://news.example/here").body == b"the feed"  # same public host: followed
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
            fetcher.get("http://news.example/moved")


def test_redirect_loops_and_other_schemes_stop(server: FeedServer) -> None:
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    server.routes["/file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with Fetcher(allow_private=True) as fetcher:
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.get(server.url("/loop"))
        with pytest.raises(FetchError, match="only http"):
            fetcher.get(server.url("/file"))
        with pytest.raises(FetchError, match="only http"):
            fetcher.get("ftp://example.org/feed.xml")


@pytest.mark.parametrize("declare_length", [True, False])
def test_responses_past_the_byte_cap_are_stopped(server: FeedServer, declare_length: bool) -> None:
    server.routes["/big"] = Route(b"x" * 50_000, declare_length=declare_length)
    limits = FetchLimits(max_bytes=10_000)
    with Fetcher(allow_private=True, limits=limits) as fetcher, pytest.raises(FetchError, match="cap"):
        fetcher.get(server.url("/big"))


def test_conditional_headers_are_sent(server: FeedServer) -> None:
    server.routes["/feed"] = Route(b"x", headers={"ETag": '"v1"'})
    with Fetcher(allow_private=True) as fetcher:
        result = fetcher.get(server.url("/feed"), etag='"v1"', last_modified="Tue, 05 Mar 2024 09:00:00 GMT")
    assert result.not_modified and result.body == b""
    sent = server.requests_to("/feed")[0]
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Tue, 05 Mar 2024 09:00:00 GMT"


def test_unreachable_host_is_a_fetch_error() -> None:
    limits = FetchLimits(connect_timeout_s=2)
    with Fetcher(allow_private=True, limits=limits) as fetcher, pytest.raises(FetchError):
        fetcher.get("http://127.0.0.1:1/feed")  # nothing listens on port 1
