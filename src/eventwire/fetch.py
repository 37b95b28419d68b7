"""A small HTTP client for fetching feeds and pages written by strangers, safely.

`eventwire watch` fetches URLs that come from a feed list and from the feeds themselves, so a
URL may point anywhere: at the machine's own services (127.0.0.1, a cloud's metadata address
169.254.169.254) or the private network behind it. The client therefore:

- refuses private, loopback, link-local, multicast, reserved and unspecified addresses (and any
  other address that is not globally routable) unless `allow_private=True`. The check is made
  where the socket is opened: the host is resolved there, every address is checked, and the
  connection goes to a checked address. A name that resolves to a public address when checked
  and to 127.0.0.1 when connecting (DNS rebinding) thus never reaches 127.0.0.1;
- follows redirects itself, at most `max_redirects`, so each hop's URL and address is checked;
- speaks only http and https;
- caps the body (`max_bytes`, counted after decompression, so a gzip bomb is stopped) and the
  time (connect and read timeouts, and a total deadline over all hops and the whole body);
- sends conditional headers (If-None-Match, If-Modified-Since) when given.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from eventwire import __version__
from eventwire.errors import EventwireError

# host, port -> the addresses the host resolves to.
Resolver = Callable[[str, int], list[str]]
# A checked address and port -> where to open the socket. Only tests change it (to route a
# public test address to a local server); the address has been checked before it is called.
Dialer = Callable[[str, int], tuple[str, int]]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"eventwire/{__version__} (feed reader)"


class FetchError(EventwireError):
    """A URL that could not be fetched: network, timeout, size, scheme or redirect trouble."""


class BlockedAddressError(FetchError):
    """The URL leads to an address that is not public, and private addresses are not allowed."""


@dataclass(frozen=True)
class FetchLimits:
    """How much one fetch may take: bytes of body, seconds, and redirect hops."""

    max_bytes: int = 10_000_000
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    total_timeout_s: float = 60.0
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchResult:
    """The final response after redirects. The body is read only for a 200."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to, by the system's resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{host}: the host name does not resolve ({error})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal_reason(address: str) -> str | None:
    """Why an address may not be fetched from (e.g. "loopback"), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for reason in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    # Shared (100.64/10), documentation and benchmarking ranges: not private, not public either.
    return None if ip.is_global else "not globally routable"


@dataclass(frozen=True)
class _AddressPolicy:
    allow_private: bool
    resolve: Resolver
    dial: Dialer | None

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, all of them checked: one bad address refuses the host, since
        which one a connection would use is up to the resolver's order."""
        addresses = self.resolve(host, port)
        if not addresses:
            raise FetchError(f"{host}: the host name resolves to no address")
        if self.allow_private:
            return addresses
        for address in addresses:
            reason = refusal_reason(address)
            if reason:
                raise BlockedAddressError(
                    f"{host} resolves to {address}, a {reason} address; eventwire fetches only "
                    "public addresses (give --allow-private to fetch from this machine or its network)"
                )
        return addresses


class _CheckedBackend(httpcore.SyncBackend):
    """Opens sockets only to addresses the policy checked, whatever the URL's host said."""

    def __init__(self, policy: _AddressPolicy) -> None:
        self._policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in self._policy.checked_addresses(host, port):
            target, target_port = self._policy.dial(address, port) if self._policy.dial else (address, port)
            try:
                return super().connect_tcp(target, target_port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error  # try the host's next address, as a browser would
        assert last_error is not None  # checked_addresses returns at least one address
        raise last_error


class _CheckedTransport(httpx.HTTPTransport):
    """httpx's transport with a connection pool that connects through `_CheckedBackend`.

    httpx exposes no setting for the pool's network backend, so the pool it built is replaced
    by one built the same way with the checking backend (tests/test_fetch.py proves it is used:
    a loopback server is refused without allow_private).
    """

    def __init__(self, policy: _AddressPolicy) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            max_keepalive_connections=5,
            network_backend=_CheckedBackend(policy),
        )


class Fetcher:
    """GET with the guards in the module docstring; use as a context manager or `close()`."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        limits: FetchLimits | None = None,
        resolve: Resolver = system_resolve,
        dial: Dialer | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        policy = _AddressPolicy(allow_private=allow_private, resolve=resolve, dial=dial)
        # No proxies from the environment: a proxy would connect for us, past the address check.
        self._client = httpx.Client(
            transport=_CheckedTransport(policy),
            trust_env=False,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """The response to GET `url`, redirects followed; the body read for a 200 only.

        Any other status is returned for the caller to judge (304: not modified; 429/503 with
        Retry-After). FetchError for what cannot be fetched at all."""
        headers = _conditional_headers(etag, last_modified)
        deadline = time.monotonic() + self.limits.total_timeout_s
        current = _checked_url(url)
        for _hop in range(self.limits.max_redirects + 1):
            result = self._one_hop(current, headers, deadline)
            location = result.headers.get("location")
            if result.status not in REDIRECT_STATUSES or not location:
                return result
            current = _checked_url(str(current.join(location)))
        raise FetchError(
            f"{url}: more than {self.limits.max_redirects} redirects; fetch the final URL instead"
        )

    def _one_hop(self, url: httpx.URL, headers: dict[str, str], deadline: float) -> FetchResult:
        timeout = self._timeout(deadline, url)
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                body = self._read_body(response, deadline) if response.status_code == 200 else b""
                return FetchResult(str(url), response.status_code, response.headers, body)
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out; the server is too slow or unreachable") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: {type(error).__name__}: {error}") from None

    def _timeout(self, deadline: float, url: httpx.URL) -> httpx.Timeout:
        """This hop's timeouts, never past the deadline of the whole fetch."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"{url}: took more than {self.limits.total_timeout_s:g} s in all")
        connect = min(self.limits.connect_timeout_s, left)
        return httpx.Timeout(
            connect=connect, read=min(self.limits.read_timeout_s, left), write=connect, pool=connect
        )

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        """The body, streamed: stopped as soon as it passes the byte cap or the deadline."""
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"{response.url}: the response is {int(declared)} bytes, more than the cap of {cap}"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decompressed: the cap counts what is kept in memory
            size += len(chunk)
            if size > cap:
                raise FetchError(
                    f"{response.url}: the response runs past the cap of {cap} bytes; not read further"
                )
            if time.monotonic() > deadline:
                raise FetchError(f"{response.url}: took more than {self.limits.total_timeout_s:g} s in all")
            chunks.append(chunk)
        return b"".join(chunks)


def _checked_url(url: str) -> httpx.URL:
    """The URL parsed, if it is http or https with a host; FetchError otherwise."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(f"{url!r}: not a valid URL ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{url!r}: only http:// and https:// URLs with a host are fetched")
    return parsed


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Headers that let the server answer 304 when nothing changed since the last fetch."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers
