"""`make bench` for `eventwire serve` (issue #13): API latency over a big store, and the
dashboard's first map render in a real headless Chromium.

The store is filled with synthetic events written straight into the `events` table: a few
thousand events built by the real merging code serve as templates, and each stored event is one
of them with its own id, day, place and figures. Migration 6's search triggers (full text,
sources) are dropped while filling and their tables rebuilt in one pass at the end, which is
what makes a million events take about a minute rather than ten.
"""

from __future__ import annotations

import datetime as dt
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec

from eventwire.cluster import block_key, build_event, new_event_id
from eventwire.records import Actor, Event, Mention, Place, Span
from eventwire.store import SqliteStore

# (ACLED country name, ISO alpha-2, latitude, longitude) of places where the events fall.
_COUNTRIES = [
    ("Nigeria", "NG", 9.1, 8.7), ("Kenya", "KE", 0.0, 37.9), ("Ethiopia", "ET", 9.1, 40.5),
    ("Somalia", "SO", 5.2, 46.2), ("Sudan", "SD", 12.9, 30.2), ("Mali", "ML", 17.6, -4.0),
    ("Burkina Faso", "BF", 12.2, -1.6), ("Democratic Republic of Congo", "CD", -4.0, 21.8),
    ("Cameroon", "CM", 7.4, 12.4), ("Mozambique", "MZ", -18.7, 35.5), ("Yemen", "YE", 15.6, 48.5),
    ("Syria", "SY", 34.8, 39.0), ("Iraq", "IQ", 33.2, 43.7), ("Afghanistan", "AF", 33.9, 67.7),
    ("Pakistan", "PK", 30.4, 69.3), ("India", "IN", 20.6, 79.0), ("Myanmar", "MM", 21.9, 95.9),
    ("Philippines", "PH", 12.9, 121.8), ("Ukraine", "UA", 48.4, 31.2), ("Colombia", "CO", 4.6, -74.3),
    ("Mexico", "MX", 23.6, -102.5), ("Brazil", "BR", -14.2, -51.9), ("Peru", "PE", -9.2, -75.0),
    ("Kazakhstan", "KZ", 48.0, 66.9), ("Bangladesh", "BD", 23.7, 90.4),
]  # fmt: skip
_TYPES = [
    ("Protests", "Peaceful protest", 6, "Protesters ({c})", "held a rally against fuel prices"),
    ("Riots", "Violent demonstration", 5, "Rioters ({c})", "burned tyres and threw stones at police"),
    ("Battles", "Armed clash", 1, "Military Forces of {c}", "clashed with rebels near the border"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1, "Military Forces of {c}",
     "shelled positions outside the town"),
    ("Violence against civilians", "Attack", 3, "Unidentified Armed Group ({c})", "attacked villagers at a market"),
    ("Strategic developments", "Arrests", 1, "Police Forces of {c}", "arrested opposition organisers"),
]  # fmt: skip
_SOURCES = [f"Wire {n}" for n in range(30)]
_FIRST_DAY = dt.date(2018, 1, 1)
_DAYS = 7 * 365
_TEMPLATES = 3000

# Five queries an analyst or the dashboard makes: a country over a year (ACLED's own example),
# a type with a fatality floor, a word in the evidence, a box on the map over a quarter, and the
# dashboard's weekly timeline for a country.
QUERIES = {
    "country+year": "/api/events?country=Nigeria&event_date=2023-01-01|2023-12-31&event_date_where=BETWEEN",
    "type+fatalities": "/api/events?event_type=Battles&fatalities=5&fatalities_where=>=",
    "full text": "/api/events?q=tyres",
    "bbox+quarter": "/api/events?bbox=30,-5,45,15&event_date=2022-01-01|2022-03-31&event_date_where=BETWEEN",
    "timeline": "/api/timeline?country=Kenya&interval=week",
}


def _template(rng: random.Random, number: int) -> Event:
    country, iso, lat, lon = rng.choice(_COUNTRIES)
    event_type, sub_type, inter, actor, deed = rng.choice(_TYPES)
    article_id = f"t{number}"
    sentence = f"In {country}, {actor.format(c=country).lower()} {deed}."
    mention = Mention(
        id=f"{article_id}:0", article_id=article_id, event_type=event_type, sub_event_type=sub_type,
        actor1=Actor(name="", label=actor.format(c=country), inter=inter, country=country),
        place=Place(name=f"Town {number % 50}", country=country, iso=iso, latitude=lat, longitude=lon,
                    geo_precision=1),
        event_date="2020-01-01", time_precision=1, killed=rng.choice((None, 0, 1, 2, 5, 12)),
        evidence=[Span(article_id=article_id, start=0, end=len(sentence), text=sentence)],
        published="2020-01-01", source=rng.choice(_SOURCES),
    )  # fmt: skip
    return build_event(new_event_id(block_key(mention), mention.id), [mention])


def _event_rows(count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Rows for `events`: a template with its own id, day and place (jittered round the country)."""
    rng = random.Random(seed)
    templates = [_template(rng, n) for n in range(_TEMPLATES)]
    encode = msgspec.json.Encoder().encode
    now = "2025-01-01T00:00:00+00:00"
    for number in range(count):
        event = rng.choice(templates)
        place = event.place
        assert place is not None and place.latitude is not None and place.longitude is not None
        day = (_FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))).isoformat()
        spot = msgspec.structs.replace(
            place, latitude=round(place.latitude + rng.uniform(-3, 3), 3),
            longitude=round(place.longitude + rng.uniform(-3, 3), 3),
        )  # fmt: skip
        event_id = f"ev-{number:012x}"
        stored = msgspec.structs.replace(event, id=event_id, event_date=day, place=spot, updated_at=now)
        yield (event_id, event.event_type, event.sub_event_type, day, place.country,
               encode(stored).decode(), now, f"{place.iso}|{day}", 1)  # fmt: skip


def fill_api_store(store: SqliteStore, *, events: int, seed: int = 13) -> None:
    """Write `events` synthetic events, then index them for search as migration 6 would."""
    connection = store.connection
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'events_search_%'"
    ).fetchall()
    # Random days land all over the date indexes: with SQLite's default 2 MB cache, every insert
    # would spill index pages to the WAL. A big cache for the fill keeps them in memory.
    connection.execute("PRAGMA cache_size = -1000000")
    connection.execute("BEGIN")
    for name, _ in triggers:
        connection.execute(f"DROP TRIGGER {name}")  # names from the store's own schema
    rows = _event_rows(events, seed)
    connection.executemany(
        "INSERT INTO events(id, event_type, sub_event_type, event_date, country, record, updated_at,"
        " block_key, time_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    _rebuild_search_tables(connection)
    for _, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.execute("PRAGMA cache_size = -2000")
    connection.execute("ANALYZE")


def _rebuild_search_tables(connection: Any) -> None:
    """Migration 6's own back-fill: stable keys, full text of notes and evidence, sources."""
    connection.execute("INSERT INTO event_keys(event_id) SELECT id FROM events ORDER BY rowid")
    connection.execute(
        "INSERT INTO events_fts(rowid, notes, evidence) SELECT k.key, ifnull(json_extract(e.record, '$.notes'), ''),"
        " (SELECT ifnull(group_concat(text, char(10)), '') FROM (SELECT DISTINCT json_extract(v.value,"
        " '$.evidence.text') AS text FROM json_each(e.record, '$.values') AS f, json_each(f.value) AS v"
        " WHERE text IS NOT NULL)) FROM events AS e JOIN event_keys AS k ON k.event_id = e.id"
    )
    connection.execute(
        "INSERT OR IGNORE INTO event_sources(event_id, source) SELECT e.id, json_extract(v.value, '$.source')"
        " FROM events AS e, json_each(e.record, '$.values') AS f, json_each(f.value) AS v"
        " WHERE ifnull(json_extract(v.value, '$.source'), '') != ''"
    )


def query_latencies(db_path: Path, *, repeat: int = 20) -> dict[str, dict[str, float]]:
    """p50 and p95 milliseconds of each query in QUERIES, through the ASGI app in-process
    (the default page of 500 rows, as JSON), after one warm-up call each."""
    from starlette.testclient import TestClient

    from eventwire.server.app import create_app

    client = TestClient(create_app(db_path))
    result = {}
    for name, url in QUERIES.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        cuts = statistics.quantiles(times, n=20)
        result[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(cuts[18], 1)}
    return result


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """`eventwire serve`'s app under uvicorn on a free port of 127.0.0.1, in a thread."""
    import uvicorn

    from eventwire.server.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(db_path, allowed_hosts=["127.0.0.1"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def first_render_ms(db_path: Path, *, tries: int = 3) -> list[int] | None:
    """The dashboard's navigation-to-markers time (app.js's `first-map-render` measure) in
    headless Chromium, once per try with a fresh page; None when there is no chromium."""
    from eventwire.headless import Chromium, find_chromium

    binary = find_chromium()
    if binary is None:
        return None
    times = []
    with serving(db_path) as url, Chromium(binary) as browser:
        for _ in range(tries):
            browser.call("Page.navigate", url="about:blank")
            browser.open(url + "/", until="document.body.dataset.firstMapRenderMs", timeout=60)
            times.append(int(browser.evaluate("document.body.dataset.firstMapRenderMs")))
    return times


def run_api_benchmark(*, events: int = 1_000_000, render_events: int = 100_000) -> str:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "api.db"
        started = time.perf_counter()
        with SqliteStore(big) as store:
            fill_api_store(store, events=events)
        fill_s = time.perf_counter() - started
        lines.append(f"query API over {events:,} events (store filled in {fill_s:.0f} s), p50 / p95 ms:")
        for name, figures in query_latencies(big).items():
            lines.append(f"  {name:16} {figures['p50_ms']:7.1f} / {figures['p95_ms']:7.1f}   {QUERIES[name]}")
        small = Path(folder) / "render.db"
        with SqliteStore(small) as store:
            fill_api_store(store, events=render_events)
        render = first_render_ms(small)
    if render is None:
        lines.append("dashboard first map render: skipped (no chromium; .ci/chromium.sh installs it)")
    else:
        shown = ", ".join(str(ms) for ms in render)
        lines.append(f"dashboard first map render at {render_events:,} events in Chromium: {shown} ms")
    return "\n".join(lines)
