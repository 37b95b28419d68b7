"""`eventwire watch`: poll RSS/Atom feeds and code their new items as they appear.

Each round polls the feeds that are due, one after another (a single thread: a pause between two
requests to one host keeps the watch polite). A poll sends the feed's ETag and Last-Modified
back, so an unchanged feed costs a 304. New items (not seen before by GUID, link or text hash)
go through the feed reader and the usual coding and store path (`api.ingest_articles`).

When a feed is polled next follows its own pace: sooner after a poll that found new items,
later after one that found none, never sooner than its <ttl> or Cache-Control max-age asks, and
always within the watch's bounds. Errors back off exponentially, and a 429 or 503 waits at least
its Retry-After. Each feed's state and health live in the store (`store.feed_state`).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import httpx

from eventwire import api
from eventwire.errors import EventwireError, InputError, StoreError
from eventwire.feeds import FeedEntry, read_feed_data
from eventwire.fetch import Fetcher, FetchError, FetchResult
from eventwire.pipeline import Pipeline
from eventwire.readers import Metadata, article_from_html
from eventwire.records import Article
from eventwire.store import MergePolicy
from eventwire.store.feed_state import (
    FeedState,
    ItemKeys,
    epoch_of,
    feed_states,
    is_seen,
    iso_time,
    register_feeds,
    save_poll,
)

if TYPE_CHECKING:
    from eventwire.store.feed_state import FeedStore

# A server may ask to be left alone for a while, not for ever: a longer Retry-After is cut to this.
MAX_RETRY_AFTER_S = 24 * 3600


@dataclass(frozen=True)
class WatchOptions:
    """Bounds of the polling pace, politeness, and what to do with new items."""

    min_interval_s: int = 5 * 60
    max_interval_s: int = 6 * 3600
    first_interval_s: int = 30 * 60  # the pace assumed for a feed before it shows its own
    host_delay_s: float = 2.0  # seconds between two requests to one host
    fetch_pages: bool = False
    short_text_chars: int = 600  # an item shorter than this has its linked page fetched
    merge: MergePolicy = "acled"


class Clock(Protocol):
    """Time as the scheduler sees it; tests give a fake one that sleeps by moving forward."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class PollReport:
    """What one poll did, for the one line `eventwire watch` prints per poll."""

    url: str
    status: str
    new_items: int = 0
    events: int = 0
    error: str = ""
    next_poll_at: str = ""

    def line(self) -> str:
        told = f"{self.url}  {self.status}  {self.new_items} new items, {self.events} events"
        told += f"; next poll {self.next_poll_at}"
        return f"{told}; {self.error}" if self.error else told


def read_feed_list(path: Path) -> tuple[list[str], list[str]]:
    """The feed URLs of a FEEDS.txt (one a line; `#` comments and blank lines skipped), and a
    message for each line that is not an http(s) URL, which is skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as error:
        raise InputError(
            f"cannot read the feed list ({error}); give a UTF-8 text file", origin=str(path)
        ) from None
    urls: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = re.sub(r"(^|\s)#.*", "", line).strip()
        if not text:
            continue
        if not _is_feed_url(text):
            problems.append(
                f"{path}:{number}: {text[:200]!r} is not an http:// or https:// URL; line skipped"
            )
        elif text not in urls:
            urls.append(text)
    return urls, problems


def _is_feed_url(text: str) -> bool:
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError):
        return False
    return url.scheme in ("http", "https") and bool(url.host) and not any(c.isspace() for c in text)


def paced_interval(previous_s: int, *, found_new: bool, floors: Sequence[int], options: WatchOptions) -> int:
    """The next interval: halved after new items, half as long again after none, never below
    what the publisher asks (`floors`: <ttl>, max-age), within the bounds."""
    pace = previous_s / 2 if found_new else previous_s * 1.5
    wanted = max([pace, *floors])
    return int(min(max(wanted, options.min_interval_s), options.max_interval_s))


def backoff_s(error_count: int, options: WatchOptions) -> int:
    """Seconds to wait after `error_count` errors in a row: doubling from the lower bound."""
    return int(min(options.min_interval_s * 2 ** min(error_count - 1, 30), options.max_interval_s))


def retry_after_s(value: str | None, *, now: float) -> float | None:
    """Retry-After in seconds from now: it gives seconds or an HTTP date; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value[:9]), MAX_RETRY_AFTER_S))
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(when - now, 0.0), MAX_RETRY_AFTER_S)


def max_age_s(headers: httpx.Headers) -> int | None:
    """Cache-Control max-age: how long the server says its answer stays fresh."""
    found = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d{1,9})", headers.get("cache-control", ""))
    return int(found.group(1)) if found else None


def content_hash(text: str) -> str:
    """The hash of a story's words, case and spacing aside: the same story in two feeds."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def item_keys(entry: FeedEntry) -> ItemKeys:
    if isinstance(entry.item, InputError):
        return ItemKeys(guid=entry.guid)
    return ItemKeys(guid=entry.guid, url=entry.item.url.strip(), content_hash=content_hash(entry.item.text))


class Watcher:
    """Polls feeds into one store. `run` loops (or runs one round); `poll` polls one feed."""

    def __init__(
        self,
        store: FeedStore,
        fetcher: Fetcher,
        *,
        pipeline: Pipeline | None = None,
        options: WatchOptions | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.options = options or WatchOptions()
        self.clock = clock or SystemClock()
        self._pipeline = pipeline
        self._last_request_by_host: dict[str, float] = {}

    @property
    def pipeline(self) -> Pipeline:
        """Built on first need, once: loading the models is the slow part of a poll."""
        if self._pipeline is None:
            self._pipeline = api.build_pipeline(on_error="record")
        return self._pipeline

    def run(
        self, urls: Sequence[str], *, once: bool = False, on_poll: Callable[[PollReport], None] | None = None
    ) -> None:
        """Poll the due feeds, round after round (until Ctrl-C), or one round with `once`."""
        register_feeds(self.store, urls)
        while True:
            self.run_round(urls, on_poll=on_poll)
            if once:
                return
            self.clock.sleep(self._until_next_due(urls))

    def run_round(
        self, urls: Sequence[str], *, on_poll: Callable[[PollReport], None] | None = None
    ) -> list[PollReport]:
        """Poll each of `urls` that is due now, in order; one feed's failure never stops the rest."""
        register_feeds(self.store, urls)
        reports = []
        for state in feed_states(self.store, urls):
            if state.next_poll_at and state.next_poll_at > iso_time(self.clock.now()):
                continue
            report = self.poll(state)
            reports.append(report)
            if on_poll:
                on_poll(report)
        return reports

    def _until_next_due(self, urls: Sequence[str]) -> float:
        times = [epoch_of(s.next_poll_at) for s in feed_states(self.store, urls) if s.next_poll_at]
        # At least a second, so that a clock step cannot spin the loop.
        return max(min(times, default=0.0) - self.clock.now(), 1.0)

    def poll(self, state: FeedState) -> PollReport:
        """Fetch one feed and code what is new; every error is recorded in its health row."""
        try:
            return self._poll(state)
        except StoreError:
            raise  # the store is every feed's: nothing more can be recorded
        except FetchError as error:
            return self._failed(state, "error", str(error))
        except Exception as error:  # one feed's surprise must not stop the others
            return self._failed(state, "error", f"unexpected {type(error).__name__}: {error}")

    def _poll(self, state: FeedState) -> PollReport:
        self._polite_wait(state.url)
        result = self.fetcher.get(
            state.url, etag=state.etag or None, last_modified=state.last_modified or None
        )
        if result.not_modified:
            return self._unchanged(state, result)
        if result.status in (429, 503):
            wait = retry_after_s(result.headers.get("retry-after"), now=self.clock.now())
            return self._failed(
                state, str(result.status), f"HTTP {result.status}: the server asks to wait", wait
            )
        if result.status != 200:
            return self._failed(state, str(result.status), f"HTTP {result.status} from {result.url}")
        return self._read(state, result)

    def _polite_wait(self, url: str) -> None:
        """Wait until the host has had `host_delay_s` since our last request to it."""
        host = httpx.URL(url).host
        last = self._last_request_by_host.get(host)
        if last is not None:
            wait = last + self.options.host_delay_s - self.clock.now()
            if wait > 0:
                self.clock.sleep(wait)
        self._last_request_by_host[host] = self.clock.now()

    def _unchanged(self, state: FeedState, result: FetchResult) -> PollReport:
        """A 304: nothing new; the feed is polled a little less often."""
        floors = [age] if (age := max_age_s(result.headers)) else []
        interval = paced_interval(self._previous(state), found_new=False, floors=floors, options=self.options)
        return self._save(
            replace(state, last_status="304", last_error="", error_count=0, interval_s=interval), []
        )

    def _failed(
        self, state: FeedState, status: str, message: str, retry_after: float | None = None
    ) -> PollReport:
        """Record the error and back off; a Retry-After is waited out in full."""
        errors = state.error_count + 1
        delay = max(backoff_s(errors, self.options), retry_after or 0.0)
        failed = replace(state, last_status=status, last_error=message, error_count=errors)
        return self._save(failed, [], delay_s=delay)

    def _read(self, state: FeedState, result: FetchResult) -> PollReport:
        """A 200: read the feed, code its new items, learn its pace."""
        data = read_feed_data(result.body, origin=state.url)
        if data.error and not data.entries:
            raise FetchError(str(data.error))
        fresh, keys = self._new_items(state.url, data.entries)
        if self.options.fetch_pages:
            fresh = [self._with_page(item) if isinstance(item, Article) else item for item in fresh]
        summary = api.ingest_articles(
            fresh, store=self.store, pipeline=self.pipeline, merge=self.options.merge
        )
        added = sum(1 for item in fresh if isinstance(item, Article))
        floors = [f for f in (max_age_s(result.headers), (data.ttl_minutes or 0) * 60) if f]
        interval = paced_interval(
            self._previous(state), found_new=added > 0, floors=floors, options=self.options
        )
        read = replace(
            state,
            etag=result.headers.get("etag", ""),
            last_modified=result.headers.get("last-modified", ""),
            interval_s=interval,
            last_status="200",
            last_error=str(data.error or ""),  # items before a break in the XML are kept
            error_count=0,
            items_seen=state.items_seen + len(data.entries),
            new_items=state.new_items + added,
            events_made=state.events_made + summary.events_touched,
        )
        return self._save(read, keys, new_items=added, events=summary.events_touched)

    def _new_items(
        self, feed_url: str, entries: Sequence[FeedEntry]
    ) -> tuple[list[Article | InputError], list[ItemKeys]]:
        """The entries not seen before, in this feed or another, nor earlier in this one."""
        fresh: list[Article | InputError] = []
        fresh_keys: list[ItemKeys] = []
        taken: set[tuple[str, str]] = set()
        for entry in entries:
            keys = item_keys(entry)
            tokens = {("guid", keys.guid), ("url", keys.url), ("hash", keys.content_hash)}
            tokens = {(kind, value) for kind, value in tokens if value}
            if tokens & taken or is_seen(self.store, feed_url, keys):
                continue
            taken |= tokens
            fresh.append(entry.item)
            fresh_keys.append(keys)
        return fresh, fresh_keys

    def _with_page(self, article: Article) -> Article:
        """The item's linked page read as the article when the item's own text is short; the
        item as it is when the page cannot be fetched or read."""
        if len(article.text) >= self.options.short_text_chars or not article.url:
            return article
        try:
            self._polite_wait(article.url)
            page = self.fetcher.get(article.url)
            if page.status != 200 or "html" not in page.headers.get("content-type", "html"):
                return article
            html = page.body.decode(_charset(page.headers), errors="replace")
            metadata = Metadata(
                title=article.title or None,
                url=article.url,
                source=article.source,
                language=article.language,
                published=article.published,
            )
            return article_from_html(html, origin=article.url, published=article.published, metadata=metadata)
        except (EventwireError, httpx.InvalidURL, ValueError):
            return article

    def _previous(self, state: FeedState) -> int:
        return state.interval_s or self.options.first_interval_s

    def _save(
        self,
        state: FeedState,
        keys: list[ItemKeys],
        *,
        delay_s: float | None = None,
        new_items: int = 0,
        events: int = 0,
    ) -> PollReport:
        """Store the poll's outcome, with the next poll `delay_s` (else the interval) from now."""
        now = self.clock.now()
        state.last_poll_at = iso_time(now)
        state.next_poll_at = iso_time(now + (delay_s if delay_s is not None else state.interval_s))
        save_poll(self.store, state, keys, now=state.last_poll_at)
        return PollReport(
            state.url, state.last_status, new_items, events, state.last_error, state.next_poll_at
        )


def _charset(headers: httpx.Headers) -> str:
    """The page's charset from its Content-Type, if Python knows it; else UTF-8."""
    found = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""))
    try:
        return codecs.lookup(found.group(1)).name if found else "utf-8"
    except LookupError:
        return "utf-8"


def feeds_table(store: FeedStore) -> str:
    """The health of every feed watched into the store, one row each, for `eventwire feeds`."""
    from eventwire.export import format_table

    states = feed_states(store)
    if not states:
        return "no feeds watched yet; start with `eventwire watch FEEDS.txt --db FILE`"
    header = ("feed", "last poll", "status", "new items", "events", "errors", "next poll", "last error")
    rows = [
        (
            s.url,
            s.last_poll_at or "never",
            s.last_status or "-",
            s.new_items,
            s.events_made,
            s.error_count,
            s.next_poll_at or "now",
            s.last_error or "",
        )
        for s in states
    ]
    return format_table(header, rows, max_width=60)


def parse_duration(text: str) -> int:
    """Seconds from "300", "300s", "5m" or "6h" (for --min-interval and --max-interval)."""
    found = re.fullmatch(r"\s*(\d{1,7})\s*([smh]?)\s*", text)
    if not found:
        raise ValueError(f"{text!r} is not a duration; write e.g. 300, 5m or 6h")
    return int(found.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[found.group(2)]
