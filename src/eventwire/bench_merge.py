"""Merging speed: new articles' mentions joining a store that already holds many events.

`eventwire bench --merge-events N` fills a fresh SQLite store with N synthetic events (written
directly, as a store that has grown over years), then times `SqliteStore.add_batch` on new
articles whose mentions must find their events among them: merging alone, no coding.
`python -m eventwire.bench_merge --events N --postgres URL` does the same on PostgreSQL (in a
schema of its own, dropped afterwards), and on SQLite without `--postgres`.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import queue
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from eventwire.cluster import block_key, build_event, new_event_id
from eventwire.records import Actor, Article, Mention, Place, Span
from eventwire.store import EventStore, SqliteStore

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline
    from eventwire.store.postgres import PostgresStore

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


def fill_any_store(store: EventStore, *, events: int, seed: int = 7) -> None:
    """As `fill_store` on any engine: the same events, written by `add_batch` without merging."""
    if isinstance(store, SqliteStore):
        fill_store(store, events=events, seed=seed)
        return
    from eventwire.store.postgres import PostgresStore

    if isinstance(store, PostgresStore):
        fill_postgres_store(store, events=events, seed=seed)
        return
    rng = random.Random(seed)
    for first in range(0, events, 5000):
        store.add_batch(
            [
                (
                    Article(id=f"old{number}", text="synthetic", published="2025-01-01"),
                    [synthetic_mention(rng, f"old{number}", 0, published="2025-01-01")],
                )
                for number in range(first, min(first + 5000, events))
            ],
            merge="off",
        )


def fill_postgres_store(store: PostgresStore, *, events: int, seed: int = 7) -> None:
    """As `fill_store`, on PostgreSQL: the same events, with the rows `add_batch` would write.

    `add_batch` would take an hour for a million events: here the rows go in by COPY, in one
    transaction, with the per-row triggers of migrations 6 and 8 off and the tables' indexes
    (but primary keys) and foreign keys dropped, made again once at the end. What those triggers
    would have written (the search columns, the event's week, `event_sources`) is computed here,
    from the same event, and copied with each row, so that every row is written once: no
    whole-table UPDATE after the COPY. The one
    derived value Python cannot compute as PostgreSQL does, the `search` tsvector, is asked of
    the database once per distinct search text (the synthetic events share a handful)."""
    now = "2025-01-01T00:00:00+00:00"
    searches: dict[tuple[str, tuple[str, ...]], str] = {}
    # The rows are made in a process of its own (one random sequence, chunk after chunk), while
    # this one copies the chunk before: making them costs as much as the COPY on this machine.
    # Forked where the system can (spawning would run a calling script's unguarded code again).
    forks = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if forks else multiprocessing.get_context("spawn")
    chunks: multiprocessing.Queue[list[tuple[Any, ...]]] = context.Queue(maxsize=2)
    maker = context.Process(target=_make_postgres_chunks, args=(chunks, events, seed, now), daemon=True)
    maker.start()
    try:
        with store.connection.transaction():
            cursor = store.connection.cursor()
            cursor.execute("ALTER TABLE events DISABLE TRIGGER events_index")
            cursor.execute("ALTER TABLE events DISABLE TRIGGER events_week")
            # Rows written by COPY would update each index row by row (the GIN one too), and check
            # each mention's article: the indexes other than primary keys, and the foreign keys,
            # are dropped for the fill and made again once after it, each in one pass.
            indexes = cursor.execute(_PG_FILL_INDEXES_SQL).fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')  # names from the store's own schema
            foreign_keys = cursor.execute(_PG_FILL_FOREIGN_KEYS_SQL).fetchall()
            for table, name, _ in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            # One COPY at a time runs on a connection: the four tables go in chunk by chunk.
            for _ in range(0, events, _PG_CHUNK):
                rows = _next_chunk(chunks, maker)
                _search_vectors(cursor, [row[4] for row in rows], searches)
                for table, columns, index in _PG_COPIES:
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            if index == 2:
                                copy.write_row((*row[2], searches[row[4]]))
                            elif index == 3:
                                for source in row[3]:
                                    copy.write_row((row[2][0], source))
                            else:
                                copy.write_row(row[index])
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # index builds sort in memory
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("ALTER TABLE events ENABLE TRIGGER events_week")
            cursor.execute("ALTER TABLE events ENABLE TRIGGER events_index")
    finally:
        maker.join(timeout=5)
        if maker.is_alive():
            maker.kill()
            maker.join()
    store.connection.execute("ANALYZE")


def _make_postgres_chunks(
    chunks: multiprocessing.Queue[list[tuple[Any, ...]]], events: int, seed: int, now: str
) -> None:
    """In the row-making process: every chunk's `_postgres_rows`, in order, from one seed."""
    rng = random.Random(seed)
    for first in range(0, events, _PG_CHUNK):
        chunks.put(
            [_postgres_rows(rng, number, now) for number in range(first, min(first + _PG_CHUNK, events))]
        )


def _next_chunk(
    chunks: multiprocessing.Queue[list[tuple[Any, ...]]], maker: multiprocessing.process.BaseProcess
) -> list[tuple[Any, ...]]:
    while True:
        try:
            return chunks.get(timeout=1)
        except queue.Empty:
            if not maker.is_alive():
                raise RuntimeError(
                    f"the row-making process ended early (exit code {maker.exitcode})"
                ) from None


# Events written by COPY per chunk: two chunks' rows wait in the queue, four tables' worth each.
_PG_CHUNK = 20_000
# (table, columns, position in a `_postgres_rows` row); the rows are those add_batch writes, with
# what migration 6's trigger (eventwire_index_event) and migration 8's (eventwire_event_week) add.
_PG_COPIES = (
    ("articles", "id, url, title, source, published, language, origin, text, ingested_at, source_id", 0),
    ("mentions", "id, article_id, event_id, status, event_type, sub_event_type, plover_type, event_date,"
     " country, record", 1),
    ("events", "id, event_type, sub_event_type, event_date, country, record, updated_at, block_key,"
     " time_precision, place_point, merge_place_key, place_is_area, place_iso, place_admin1, latitude,"
     " longitude, fatalities, disorder_type, actor1, actor2, inter1, inter2, event_week, search", 2),
    ("event_sources", "event_id, source", 3),
)  # fmt: skip
# The filled tables' indexes but their primary keys (which stay: COPY checks ids as add_batch
# would), and their foreign keys (a mention's article).
_PG_FILL_INDEXES_SQL = """
SELECT i.indexname, i.indexdef FROM pg_indexes AS i
WHERE i.schemaname = current_schema() AND i.tablename IN ('articles', 'mentions', 'events', 'event_sources')
    AND NOT EXISTS (SELECT FROM pg_constraint AS c
                    WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
"""
_PG_FILL_FOREIGN_KEYS_SQL = """
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint AS c
WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
    AND c.conrelid::regclass::text IN ('articles', 'mentions', 'events', 'event_sources')
"""
# Migration 6's search document, from (notes, evidence texts) pairs as JSON: the trigger's own
# expression (string_agg(DISTINCT ...) orders the texts by the database's collation).
_PG_SEARCH_SQL = """
SELECT to_tsvector('simple', coalesce(d ->> 0, '') || E'\n' || coalesce((
    SELECT string_agg(DISTINCT t, E'\n') FROM json_array_elements_text(d -> 1) AS t), ''))::text
FROM json_array_elements(%s::json) WITH ORDINALITY AS x(d, n) ORDER BY n
"""


def _search_vectors(
    cursor: Any, keys: list[tuple[str, tuple[str, ...]]], searches: dict[tuple[str, tuple[str, ...]], str]
) -> None:
    """Add to `searches` the tsvector (as text) of each (notes, evidence texts) key not in it yet."""
    missing = list(dict.fromkeys(key for key in keys if key not in searches))
    if missing:
        vectors = cursor.execute(_PG_SEARCH_SQL, (json.dumps(missing),)).fetchall()
        searches.update(zip(missing, (vector for (vector,) in vectors), strict=True))


def _postgres_rows(rng: random.Random, number: int, now: str) -> tuple[Any, ...]:
    """One synthetic event's article, mention and event rows, as PostgresStore.add_batch writes
    them (its own row makers), the same events as `fill_store` makes from the same seed; then the
    event's sources and search key, and in its row the columns its triggers would fill."""
    from eventwire.store import postgres

    mention = synthetic_mention(rng, f"old{number}", 0, published="2025-01-01")
    block = block_key(mention)
    event = build_event(new_event_id(block, mention.id), [mention])
    event.updated_at = now
    article = Article(id=mention.article_id, text="synthetic", published=mention.published)
    event_row = postgres._event_row(event, block, now)
    lon, lat = event_row[9], event_row[10]
    point = None if lon is None else f"SRID=4326;POINT({lon!r} {lat!r})"  # geography's text form
    values = [value for field in event.values.values() for value in field]
    # The search document's parts: notes and the distinct evidence texts (None: no text).
    texts = {value.evidence.text for value in values if value.evidence is not None}
    search_key = (event.notes, tuple(sorted(text for text in texts if text is not None)))
    sources = sorted({value.source for value in values if value.source})
    place, actor1, actor2 = event.place, event.actor1, event.actor2
    indexed = (
        place.iso if place else None,
        place.admin1 if place else None,
        place.latitude if place else None,
        place.longitude if place else None,
        event.fatalities,
        event.disorder_type,
        actor1.label if actor1 else "",
        actor2.label if actor2 else "",
        actor1.inter or 0 if actor1 else 0,
        actor2.inter or 0 if actor2 else 0,
        _event_week(event.event_date),
    )
    return (
        postgres._article_row(article, now),
        postgres._mention_row(mention, event.id),
        (*event_row[:9], point, *event_row[11:], *indexed),
        sources,
        search_key,
    )


def _event_week(event_date: str | None) -> str | None:
    """Migration 8's trigger: the Monday of the event date's ISO week."""
    if event_date is None:
        return None
    day = dt.date.fromisoformat(event_date)
    return (day - dt.timedelta(days=day.isoweekday() - 1)).isoformat()


@contextmanager
def bench_store(postgres_url: str | None) -> Iterator[EventStore]:
    """A new, empty store: a temporary SQLite file, or a schema of its own in the PostgreSQL
    database (dropped afterwards, so that the benchmark leaves the database as it found it)."""
    if postgres_url is None:
        with tempfile.TemporaryDirectory() as folder, SqliteStore(Path(folder) / "bench.db") as store:
            yield store
        return
    import psycopg

    from eventwire.store.postgres import PostgresStore

    schema = f"eventwire_bench_{random.randrange(16**8):08x}"
    separator = "&" if "?" in postgres_url else "?"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            with PostgresStore(
                f"{postgres_url}{separator}options=-csearch_path%3D{schema}%2Cpublic"
            ) as store:
                yield store
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def run_merge_benchmark(
    *, events: int, articles: int = 2000, mentions_per_article: int = 3, postgres_url: str | None = None
) -> str:
    """Merge `articles` new articles into a store of `events` events: SQLite, or PostgreSQL at the URL."""
    rng = random.Random(11)
    with bench_store(postgres_url) as store:
        started = time.perf_counter()
        fill_any_store(store, events=events)
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
    engine = "" if postgres_url is None else " (PostgreSQL)"
    return (
        f"merging: {articles:,} new articles ({mentions:,} mentions) into a store of {events:,} events"
        f"{engine}: {articles / seconds:,.0f} articles/s on one core; {mentions - created:,} mentions joined an "
        f"existing event, {created:,} started one (store filled in {fill_s:.0f} s)"
    )


# -- merging scale: many mentions of one event, through the whole pipeline -----------------------

# Sentences written for this benchmark about one made-up bombing; each one codes to a current
# mention of it (same place and day), with figures that differ so that sources disagree.
_STORY_SENTENCES = [
    "A car bomb exploded outside a restaurant in Mogadishu on Saturday, killing {killed} people, police said.",
    "Witnesses said the blast in Mogadishu on Saturday wounded {injured} others and wrecked {shops} shops.",
    "Al-Shabaab militants said they carried out the bombing in Mogadishu, which killed {killed} people.",
    "A nurse at {hospital} hospital in Mogadishu said {injured} people were wounded in the car bomb attack.",
    "The explosion in Mogadishu on Saturday killed {killed} people, including {children} children, officials said.",
    "Police in Mogadishu said the car bomb was detonated remotely at about {hour} p.m. on Saturday.",
]
_HOSPITALS = ["Medina", "Banadir", "Erdogan", "Kalkaal", "Daru Shifa"]
_STORY_DAY = "2023-09-23"


def story_sentence(rng: random.Random) -> str:
    template = rng.choice(_STORY_SENTENCES)
    return template.format(
        killed=rng.choice((10, 12, 12, 14, 15)),
        injured=rng.choice((30, 40, 41)),
        shops=rng.randrange(2, 9),
        hospital=rng.choice(_HOSPITALS),
        children=rng.randrange(1, 5),
        hour=rng.randrange(1, 6),
    )


def dense_article_text(size: int, *, seed: int = 3) -> str:
    """One long article of about `size` characters, every sentence about the same bombing."""
    rng = random.Random(seed)
    parts = ["Car bomb in Mogadishu: the day in full\n\nMOGADISHU, Sept. 23, 2023 -- "]
    length = len(parts[0])
    while length < size:
        paragraph = " ".join(story_sentence(rng) for _ in range(4)) + "\n\n"
        parts.append(paragraph)
        length += len(paragraph)
    return "".join(parts)


def story_reports(count: int, *, first: int = 0, seed: int = 5) -> list[dict[str, str]]:
    """`count` short reports of the same bombing, each from another source (JSONL records)."""
    rng = random.Random(seed + first)
    return [
        {
            "title": f"Car bomb kills people in Mogadishu ({number})",
            "text": " ".join(story_sentence(rng) for _ in range(2)),
            "source": f"Wire {number}",
            "published": _STORY_DAY,
        }
        for number in range(first, first + count)
    ]


def _ingest_seconds(paths: list[Path], store: SqliteStore, pipeline: Pipeline) -> float:
    from eventwire.api import ingest

    started = time.perf_counter()
    ingest(paths, store=store, pipeline=pipeline, published=_STORY_DAY)
    return time.perf_counter() - started


def measure_merge_scale(
    *, article_sizes: tuple[int, int] = (500_000, 1_000_000), reports: tuple[int, int] = (10_000, 20_000)
) -> dict[str, dict[str, float]]:
    """Seconds to ingest one dense article of each size, and the first and all reports of one story.

    Whole pipeline (`eventwire.api.ingest`) into a temporary store. The reports go in as two
    files into one store: the first `reports[0]`, then the rest, so the second figure is the time
    for all of them without coding the first ones twice. Each `ratio` is larger / smaller time:
    linear merging keeps it near the ratio of the sizes (issue #15 asks for at most 2.3 for 2x).
    """
    from eventwire.api import build_pipeline

    pipeline = build_pipeline(on_error="record")
    pipeline.setup()
    pipeline.run([Article(id="warm", text=dense_article_text(2_000), published=_STORY_DAY)])
    result: dict[str, dict[str, float]] = {"dense_article_s": {}, "one_story_reports_s": {}}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in article_sizes:
            path = folder / f"dense-{size}.txt"
            path.write_text(dense_article_text(size), encoding="utf-8")
            with SqliteStore(folder / f"dense-{size}.db") as store:
                result["dense_article_s"][str(size)] = _ingest_seconds([path], store, pipeline)
        first, total = reports
        files = []
        for start, count in ((0, first), (first, total - first)):
            files.append(folder / f"reports-{start}.jsonl")
            lines = (json.dumps(report) + "\n" for report in story_reports(count, first=start))
            files[-1].write_text("".join(lines), encoding="utf-8")
        with SqliteStore(folder / "reports.db") as store:
            seconds = _ingest_seconds(files[:1], store, pipeline)
            result["one_story_reports_s"][str(first)] = seconds
            result["one_story_reports_s"][str(total)] = seconds + _ingest_seconds(files[1:], store, pipeline)
    for timings in result.values():
        smaller, larger = timings.values()
        timings["ratio"] = larger / smaller
    return {
        name: {key: round(value, 2) for key, value in timings.items()} for name, timings in result.items()
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="merge throughput into a store of N synthetic events")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database (default: SQLite)")
    options = parser.parse_args()
    print(
        run_merge_benchmark(events=options.events, articles=options.articles, postgres_url=options.postgres)
    )
