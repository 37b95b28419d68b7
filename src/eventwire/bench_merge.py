"""Merging speed: new articles' mentions joining a store that already holds many events.

`eventwire bench --merge-events N` fills a fresh SQLite store with N synthetic events (written
directly, as a store that has grown over years), then times `SqliteStore.add_batch` on new
articles whose mentions must find their events among them: merging alone, no coding.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import msgspec

from eventwire.cluster import block_key, build_event, new_event_id
from eventwire.records import Actor, Article, Mention, Place, Span
from eventwire.store import SqliteStore

_COUNTRIES = [(f"Country {i}", f"C{i}") for i in range(60)]
_TYPES = [
    ("Protests", "Peaceful protest", 6),
    ("Riots", "Violent demonstration", 5),
    ("Battles", "Armed clash", 2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1),
    ("Violence against civilians", "Attack", 3),
    ("Strategic developments", "Arrests", 1),
]
_FIRST_DAY = dt.date(2020, 1, 1)
_DAYS = 5 * 365


def synthetic_mention(rng: random.Random, article_id: str, index: int, *, published: str) -> Mention:
    country, iso = rng.choice(_COUNTRIES)
    event_type, sub_event_type, inter = rng.choice(_TYPES)
    town = rng.randrange(40)
    day = _FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))
    return Mention(
        id=f"{article_id}:{index}",
        article_id=article_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=Actor(name="", label=f"Actor {rng.randrange(5)} ({country})", inter=inter),
        place=Place(
            name=f"Town {town}",
            country=country,
            iso=iso,
            latitude=float(town),
            longitude=float(_COUNTRIES.index((country, iso))),
            geo_precision=1,
            gazetteer_id=f"synthetic:{iso}:{town}",
        ),
        event_date=day.isoformat(),
        time_precision=rng.choice((1, 1, 1, 2, 3)),
        killed=rng.choice((None, 0, 1, 3)),
        evidence=[Span(article_id=article_id, start=0, end=10, text="synthetic")],
        published=published,
        source=f"source {rng.randrange(20)}",
    )


def fill_store(store: SqliteStore, *, events: int, seed: int = 7) -> None:
    """Write `events` single-mention events straight into the tables (no merging)."""
    rng = random.Random(seed)
    encode = msgspec.json.Encoder().encode
    connection = store.connection
    connection.execute("BEGIN")
    now = "2025-01-01T00:00:00+00:00"
    for number in range(events):
        mention = synthetic_mention(rng, f"old{number}", 0, published="2025-01-01")
        block = block_key(mention)
        event = build_event(new_event_id(block, mention.id), [mention])
        connection.execute(
            "INSERT INTO articles(id, text, published, ingested_at) VALUES (?, 'synthetic', ?, ?)",
            (mention.article_id, mention.published, now),
        )
        connection.execute(
            "INSERT INTO mentions(id, article_id, event_id, status, event_type, sub_event_type, plover_type,"
            " event_date, country, record) VALUES (?, ?, ?, 'current', ?, ?, '', ?, ?, ?)",
            (
                mention.id,
                mention.article_id,
                event.id,
                mention.event_type,
                mention.sub_event_type,
                mention.event_date,
                mention.place.country if mention.place else "",
                encode(mention).decode(),
            ),
        )
        connection.execute(
            "INSERT INTO events(id, event_type, sub_event_type, event_date, country, record, updated_at,"
            " block_key, time_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.id,
                event.event_type,
                event.sub_event_type,
                event.event_date,
                mention.place.country if mention.place else "",
                encode(event).decode(),
                now,
                block,
                event.time_precision,
            ),
        )
    connection.execute("COMMIT")


def run_merge_benchmark(*, events: int, articles: int = 2000, mentions_per_article: int = 3) -> str:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder, SqliteStore(Path(folder) / "bench.db") as store:
        started = time.perf_counter()
        fill_store(store, events=events)
        fill_s = time.perf_counter() - started
        batches = []
        for first in range(0, articles, 32):
            batch = []
            for number in range(first, min(first + 32, articles)):
                article = Article(id=f"new{number}", text="synthetic", published="2025-01-02")
                batch.append(
                    (
                        article,
                        [
                            synthetic_mention(rng, article.id, i, published="2025-01-02")
                            for i in range(mentions_per_article)
                        ],
                    )
                )
            batches.append(batch)
        started = time.perf_counter()
        for batch in batches:
            store.add_batch(batch)
        seconds = time.perf_counter() - started
        created = store.counts()["events"] - events
    mentions = articles * mentions_per_article
    return (
        f"merging: {articles:,} new articles ({mentions:,} mentions) into a store of {events:,} events: "
        f"{articles / seconds:,.0f} articles/s on one core; {mentions - created:,} mentions joined an "
        f"existing event, {created:,} started one (store filled in {fill_s:.0f} s)"
    )
