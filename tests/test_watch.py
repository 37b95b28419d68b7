"""`eventwire watch` and `eventwire feeds` against feeds served on 127.0.0.1, with a fake clock."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from eventwire.cli import main
from eventwire.fetch import Fetcher
from eventwire.pipeline import Pipeline
from eventwire.store import SqliteStore
from eventwire.store.feed_state import FeedState, epoch_of, feed_states
from eventwire.watch import (
    Watcher,
    WatchOptions,
    feeds_table,
    paced_interval,
    parse_duration,
    read_feed_list,
    retry_after_s,
)
from tests.feed_server import FeedServer, Route, atom, rss, serve

if TYPE_CHECKING:
    from eventwire.store.feed_state import FeedStore

START = 1_709_630_000.0  # early March 2024
OPTIONS = WatchOptions(host_delay_s=1.0)

HARBOUR = {
    "guid": "gazette-101",
    "title": "Dockworkers protest at the harbour",
    "link": "https://gazette.example/harbour",
    "description": "Dockworkers held a protest at the harbour in Accra on Monday over unpaid wages.",
}
MARKET = {
    "guid": "gazette-102",
    "title": "Market reopens",
    "link": "https://gazette.example/market",
    "description": "The central market reopened after repairs to its roof were finished.",
}


class FakeClock:
    """Sleeping moves the time on at once: the scheduler is tested without waiting."""

    def __init__(self) -> None:
        self.time = START
        self.slept: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds


@pytest.fixture
def server() -> Iterator[FeedServer]:
    yield from serve()


@pytest.fixture
def store(store_factory: Callable[..., Any]) -> Iterator[FeedStore]:
    """This test's store, on SQLite and on PostgreSQL (skipped without EVENTWIRE_TEST_PG)."""
    with store_factory() as opened:
        yield opened


@pytest.fixture(params=["sqlite", "postgres"])
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """`new_db()`: a --db value for a new, empty store, a file or a PostgreSQL schema."""
    if request.param == "sqlite":
        numbers = itertools.count()
        yield lambda: str(tmp_path / f"store-{next(numbers)}.db")
        return
    from tests.conftest import fresh_postgres_schemas

    with fresh_postgres_schemas() as new_url:
        yield new_url


def db_of(store: FeedStore) -> str:
    """The --db value that names the store."""
    return str(store.path) if isinstance(store, SqliteStore) else store.url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def watcher(store: FeedStore, fake_pipeline: Pipeline, clock: FakeClock) -> Iterator[Watcher]:
    with Fetcher(allow_private=True) as fetcher:
        yield Watcher(store, fetcher, pipeline=fake_pipeline, options=OPTIONS, clock=clock)


def state_of(store: FeedStore, url: str) -> FeedState:
    return feed_states(store, [url])[0]


def test_new_items_are_coded_once_and_a_304_adds_nothing(
    server: FeedServer, watcher: Watcher, store: FeedStore, clock: FakeClock
) -> None:
    headers = {"ETag": '"gazette-1"', "Last-Modified": "Tue, 05 Mar 2024 09:00:00 GMT"}
    server.routes["/gazette.rss"] = Route(rss([HARBOUR, MARKET]), headers=headers)
    url = server.url("/gazette.rss")
    [report] = watcher.run_round([url])
    assert (report.status, report.new_items, report.events) == ("200", 2, 1)
    assert store.counts()["articles"] == 2
    assert watcher.run_round([url]) == []  # not due yet
    clock.time = epoch_of(state_of(store, url).next_poll_at)
    [again] = watcher.run_round([url])
    sent = server.requests_to("/gazette.rss")[-1]
    assert sent["if-none-match"] == '"gazette-1"'
    assert sent["if-modified-since"] == "Tue, 05 Mar 2024 09:00:00 GMT"
    assert (again.status, again.new_items) == ("304", 0)
    assert store.counts()["articles"] == 2
    state = state_of(store, url)
    assert (state.items_seen, state.new_items, state.events_made) == (2, 2, 1)


def test_a_changed_feed_codes_only_its_new_items(
    server: FeedServer, watcher: Watcher, store: FeedStore, clock: FakeClock
) -> None:
    url = server.url("/gazette.rss")
    server.routes["/gazette.rss"] = Route(rss([HARBOUR]))
    watcher.run_round([url])
    server.routes["/gazette.rss"] = Route(rss([MARKET, HARBOUR]))
    clock.time += 7 * 3600
    [report] = watcher.run_round([url])
    assert report.new_items == 1 and store.counts()["articles"] == 2


def test_items_are_deduplicated_by_guid_url_and_text_across_feeds(
    server: FeedServer, watcher: Watcher, store: FeedStore
) -> None:
    story = "Farmers staged a protest on the ring road outside Kumasi against fuel prices."
    first = [
        {"id": "urn:story:road", "title": "Road protest", "link": "https://a.example/1", "summary": story},
        {
            "id": "urn:story:rain",
            "title": "Rain",
            "link": "https://a.example/2",
            "summary": "Rain fell on the coast.",
        },
        {
            "id": "urn:story:wind",
            "title": "Wind",
            "link": "https://a.example/3",
            "summary": "Strong winds in the north.",
        },
    ]
    second = [
        # the same GUID (a URI: the story's own name), told differently
        {
            "guid": "urn:story:road",
            "title": "Farmers block ring road",
            "link": "https://b.example/9",
            "description": "Farmers blocked the ring road near Kumasi in a protest on Tuesday.",
        },
        # the same link, another GUID and text
        {
            "guid": "b-2",
            "title": "Rain again",
            "link": "https://a.example/2",
            "description": "Showers, more showers.",
        },
        # the same text, another GUID and link
        {
            "guid": "b-3",
            "title": "Wind",
            "link": "https://b.example/wind",
            "description": "Strong winds in the north.",
        },
        {
            "guid": "b-4",
            "title": "Teachers protest",
            "link": "https://b.example/4",
            "description": "Teachers held a protest in Tamale over late salaries.",
        },
    ]
    server.routes["/a.atom"] = Route(atom(first))
    server.routes["/b.rss"] = Route(rss(second))
    reports = watcher.run_round([server.url("/a.atom"), server.url("/b.rss")])
    assert [r.new_items for r in reports] == [3, 1]
    assert store.counts()["articles"] == 4


def test_feed_local_guids_do_not_clash_across_feeds(server: FeedServer, watcher: Watcher) -> None:
    server.routes["/one.rss"] = Route(rss([{**HARBOUR, "guid": "7"}]))
    server.routes["/two.rss"] = Route(rss([{**MARKET, "guid": "7"}]))
    reports = watcher.run_round([server.url("/one.rss"), server.url("/two.rss")])
    assert [r.new_items for r in reports] == [1, 1]


def test_retry_after_on_429_schedules_the_next_poll_after_it(
    server: FeedServer, watcher: Watcher, store: FeedStore, clock: FakeClock
) -> None:
    server.routes["/busy.rss"] = Route(b"slow down", status=429, headers={"Retry-After": "7200"})
    url = server.url("/busy.rss")
    [report] = watcher.run_round([url])
    assert report.status == "429"
    assert epoch_of(state_of(store, url).next_poll_at) >= clock.now() + 7200
    assert retry_after_s("Tue, 05 Mar 2024 10:00:00 GMT", now=epoch_of("2024-03-05T09:00:00+00:00")) == 3600


def test_errors_back_off_and_show_in_feeds(
    server: FeedServer,
    watcher: Watcher,
    store: FeedStore,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.routes["/broken.rss"] = Route(b"<rss><channel><item>", status=200)
    server.routes["/gone.rss"] = Route(b"gone", status=500)
    server.routes["/good.rss"] = Route(rss([HARBOUR]))
    urls = [server.url("/broken.rss"), server.url("/gone.rss"), server.url("/good.rss")]
    waits = []
    for _ in range(3):
        watcher.run_round(urls)
        state = state_of(store, urls[1])
        waits.append(epoch_of(state.next_poll_at) - epoch_of(state.last_poll_at))
        clock.time = epoch_of(state.next_poll_at)
    assert waits == [300, 600, 1200]  # doubling from the lower bound
    broken, gone, good = feed_states(store, urls)
    assert broken.error_count == 3 and "not well-formed" in broken.last_error
    assert gone.error_count == 3 and gone.last_status == "500"
    assert good.error_count == 0 and good.new_items == 1  # the others' errors never stopped it
    assert main(["feeds", "--db", db_of(store)]) == 0
    table = capsys.readouterr().out
    assert "/gone.rss" in table and "HTTP 500" in table and "/good.rss" in table


def test_ttl_and_max_age_set_the_interval_within_bounds(
    server: FeedServer, watcher: Watcher, store: FeedStore
) -> None:
    server.routes["/ttl.rss"] = Route(rss([HARBOUR], ttl=120))
    server.routes["/long-ttl.rss"] = Route(rss([MARKET], ttl=100_000))
    server.routes["/cached.rss"] = Route(rss([]), headers={"Cache-Control": "public, max-age=10800"})
    server.routes["/short.rss"] = Route(rss([]), headers={"Cache-Control": "max-age=5"})
    paths = ["/ttl.rss", "/long-ttl.rss", "/cached.rss", "/short.rss"]
    watcher.run_round([server.url(path) for path in paths])
    intervals = [state_of(store, server.url(path)).interval_s for path in paths]
    assert intervals == [7200, 6 * 3600, 10800, 2700]  # 2700: a quiet feed's pace, above its max-age


def test_pace_follows_new_items() -> None:
    assert paced_interval(1800, found_new=True, floors=[], options=OPTIONS) == 900
    assert paced_interval(1800, found_new=False, floors=[], options=OPTIONS) == 2700
    assert paced_interval(400, found_new=True, floors=[], options=OPTIONS) == 300  # lower bound


def test_polls_to_one_host_are_spaced(server: FeedServer, watcher: Watcher, clock: FakeClock) -> None:
    for name in ("a", "b", "c"):
        server.routes[f"/{name}.rss"] = Route(rss([]))
    watcher.run_round([server.url(f"/{name}.rss") for name in ("a", "b", "c")])
    assert len(clock.slept) == 2 and all(0 < s <= OPTIONS.host_delay_s for s in clock.slept)


def test_short_items_read_their_linked_page(
    server: FeedServer, store: FeedStore, fake_pipeline: Pipeline, clock: FakeClock
) -> None:
    page = (
        "<html><head><title>Harbour</title></head><body><article><h1>Harbour strike</h1>"
        + "<p>Dockworkers held a protest at the harbour gates for a second day on Tuesday, "
        "saying wages owed since January had still not been paid by the port authority.</p>"
        * 3
        + "</article></body></html>"
    )
    server.routes["/harbour.html"] = Route(
        page.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    teaser = {
        "guid": "t-1",
        "title": "Harbour strike",
        "link": server.url("/harbour.html"),
        "description": "More.",
    }
    server.routes["/teasers.rss"] = Route(rss([teaser]))
    options = WatchOptions(host_delay_s=0, fetch_pages=True)
    with Fetcher(allow_private=True) as fetcher:
        Watcher(store, fetcher, pipeline=fake_pipeline, options=options, clock=clock).run_round(
            [server.url("/teasers.rss")]
        )
    row = store.connection.execute("SELECT text FROM articles").fetchone()
    assert row is not None and "port authority" in row[0]


def test_feed_list_reports_bad_lines(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# my feeds\n\nhttps://a.example/feed.xml  # the A wire\nnot a url\nftp://x.example/f\n"
    )
    urls, problems = read_feed_list(listing)
    assert urls == ["https://a.example/feed.xml"]
    assert len(problems) == 2 and ":4:" in problems[0] and ":5:" in problems[1]


def test_durations() -> None:
    assert [parse_duration(t) for t in ("300", "5m", "6h", "45s")] == [300, 300, 21600, 45]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_watch_once_through_the_cli(
    server: FeedServer,
    tmp_path: Path,
    new_db: Callable[[], str],
    fake_pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("eventwire.api.build_pipeline", lambda **_: fake_pipeline)
    server.routes["/gazette.rss"] = Route(rss([HARBOUR, MARKET]))
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# test feeds\n{server.url('/gazette.rss')}\nnonsense\n")
    db = new_db()
    assert main(["watch", str(listing), "--db", db, "--once", "--allow-private", "--host-delay", "0"]) == 0
    captured = capsys.readouterr()
    assert "2 new items, 1 events" in captured.out and "nonsense" in captured.err
    # Without --allow-private the loopback server is refused, and the refusal is recorded.
    refused = ["watch", str(listing), "--db", new_db(), "--once"]
    assert main(refused) == 0
    assert "loopback" in capsys.readouterr().out
    assert main(["feeds", "--db", db]) == 0
    assert server.url("/gazette.rss") in capsys.readouterr().out


def test_feeds_on_a_store_never_watched(store: FeedStore) -> None:
    assert "no feeds watched yet" in feeds_table(store)
