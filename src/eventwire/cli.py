"""The `eventwire` command: thin wrappers over the library in eventwire.api."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError, InputError

# Every line printed here may hold article text, titles or file names: it goes out through
# `echo` (messages, tables, reports) or `write_data` (exports), which keep terminal escapes inert.
from eventwire.safe_text import echo, one_line, write_data

if TYPE_CHECKING:
    from eventwire.records import Event
    from eventwire.store import EventQuery, EventStore

DEFAULT_DB = "eventwire.db"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except EventwireError as error:
        echo(f"error: {error}", err=True)
        return 1
    except KeyboardInterrupt:
        echo("interrupted: everything committed before this point is kept", err=True)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire", description="Turn news articles into a political event database (ACLED and PLOVER)."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in (
        _register_code,
        _register_ingest,
        _register_run,
        _register_events,
        _register_show_and_demo,
        _register_bench,
        _register_serve,
        _register_watch,
        _register_optional,
    ):
        register(commands)
    return parser


def _register_code(commands: argparse._SubParsersAction) -> None:
    """`eventwire code`: one article, nothing stored."""
    code = commands.add_parser("code", help="code one article and print its events; stores nothing")
    code.add_argument(
        "file", help="a .txt, .html, .jsonl, RSS/Atom or WARC file (of many articles: the first)"
    )
    code.add_argument("--published", help="publication date, YYYY-MM-DD, when the file does not say")
    code.add_argument("--format", choices=["table", "json"], default="table")
    code.set_defaults(handler=run_code)


def _register_ingest(commands: argparse._SubParsersAction) -> None:
    """`eventwire ingest`: files, folders, feeds and archives into the store."""
    ingest = commands.add_parser(
        "ingest", help="code files, folders, JSONL, feeds or WARC archives into the event store"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})"
    )
    ingest.add_argument("--published", help="publication date, YYYY-MM-DD, for inputs that do not say")
    ingest.add_argument("--batch-size", type=int, default=32)
    ingest.add_argument(
        "--merge",
        choices=["acled", "off"],
        default="acled",
        help="acled: merge reports of one event by ACLED's unit (default); off: one event per mention",
    )
    ingest.add_argument(
        "--follow-links",
        action="store_true",
        help="in folders, also read symbolic links that point outside the folder (off: skipped)",
    )
    ingest.set_defaults(handler=run_ingest)


def _register_events(commands: argparse._SubParsersAction) -> None:
    """`eventwire events`: query and export."""
    events = commands.add_parser("events", help="query and export events from the store")
    events.add_argument("--db", default=DEFAULT_DB)
    events.add_argument("--country", help="country name, e.g. Kazakhstan")
    events.add_argument("--since", help="first event date, YYYY-MM-DD")
    events.add_argument("--until", help="last event date, YYYY-MM-DD")
    events.add_argument("--type", dest="event_type", help="ACLED event or sub-event type, e.g. Riots")
    events.add_argument(
        "--format",
        choices=["table", "csv", "geojson", "jsonl", "parquet", "plover"],
        default="table",
        help="parquet: typed columns for pandas/DuckDB/Spark (binary); plover: PLOVER JSON lines",
    )
    events.add_argument(
        "--output", metavar="FILE", help="write the export (all formats but table) to FILE, not stdout"
    )
    events.add_argument("--limit", type=int)
    events.set_defaults(handler=run_events)


def _register_show_and_demo(commands: argparse._SubParsersAction) -> None:
    """`eventwire show` and `eventwire demo`."""
    show = commands.add_parser("show", help="one event with all its sources, values and evidence")
    show.add_argument("event_id")
    show.add_argument("--db", default=DEFAULT_DB)
    show.set_defaults(handler=run_show)

    demo = commands.add_parser("demo", help="ingest the bundled sample articles and print their events")
    demo.add_argument("--db", default=DEFAULT_DB)
    demo.add_argument("--csv", default="events.csv", help="where to write the ACLED-style CSV")
    demo.set_defaults(handler=run_demo)


def _register_bench(commands: argparse._SubParsersAction) -> None:
    """`eventwire bench`: speed and memory."""
    bench = commands.add_parser("bench", help="articles/s and peak memory against spaCy's full pipeline")
    bench.add_argument("--repeat", type=int, default=20, help="how many times to code the samples")
    bench.add_argument(
        "--merge-events",
        type=int,
        default=1_000_000,
        help="size of the synthetic store for the merging benchmark (0 skips it)",
    )
    bench.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("EVENTWIRE_BENCH_PG") or None,
        help="also merge into PostgreSQL at this URL, in a schema of its own (default $EVENTWIRE_BENCH_PG)",
    )
    bench.add_argument(
        "--runner-articles",
        type=int,
        default=2_000,
        help="articles for `eventwire run` with 1 and 2 workers, and Ray if installed (0 skips it)",
    )
    bench.set_defaults(handler=run_bench)


def _register_serve(commands: argparse._SubParsersAction) -> None:
    """`eventwire serve`: the query API and the map."""
    serve = commands.add_parser(
        "serve", help="a read-only query API (ACLED's parameters) and offline dashboard"
    )
    serve.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--upgrade", action="store_true", help="first add the search index to an older store (writes it)"
    )
    serve.set_defaults(handler=run_serve)


def _duration(text: str) -> int:
    from eventwire.watch import parse_duration

    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _register_watch(commands: argparse._SubParsersAction) -> None:
    """`watch` polls feeds into the store; `feeds` shows how each feed is doing."""
    watch = commands.add_parser("watch", help="poll RSS/Atom feeds and code new items as they appear")
    watch.add_argument("feeds", metavar="FEEDS.txt", help="feed URLs, one a line (# comments)")
    watch.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})"
    )
    watch.add_argument("--once", action="store_true", help="poll the feeds that are due once, then exit")
    watch.add_argument("--min-interval", type=_duration, default="5m", help="shortest poll interval (5m)")
    watch.add_argument("--max-interval", type=_duration, default="6h", help="longest poll interval (6h)")
    watch.add_argument("--host-delay", type=float, default=2.0, help="seconds between requests to one host")
    watch.add_argument(
        "--fetch-pages", action="store_true", help="read the linked page when an item's own text is short"
    )
    watch.add_argument(
        "--allow-private",
        action="store_true",
        help="also fetch from private, loopback and link-local addresses (off: refused)",
    )
    watch.set_defaults(handler=run_watch)

    feeds = commands.add_parser("feeds", help="the health of each watched feed: polls, errors, new items")
    feeds.add_argument("--db", default=DEFAULT_DB)
    feeds.set_defaults(handler=run_feeds)


def _register_run(commands: argparse._SubParsersAction) -> None:
    """`run`: large batches on many cores or a Ray cluster, through Parquet parts, resumable."""
    run = commands.add_parser(
        "run", help="code large batches on many processes or Ray, then merge; rerun to resume"
    )
    run.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, folders or globs: JSONL, WARC, Parquet ..."
    )
    run.add_argument("--engine", choices=["local", "ray"], default="local", help="local: processes here")
    run.add_argument("--workers", type=int, default=1, help="worker processes or Ray actors (default 1)")
    run.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default {DEFAULT_DB})"
    )
    run.add_argument("--out", required=True, metavar="FOLDER", help="where the Parquet mention parts go")
    run.add_argument("--published", help="publication date, YYYY-MM-DD, for inputs that do not say")
    run.add_argument("--batch-size", type=int, default=32)
    run.add_argument("--merge", choices=["acled", "off"], default="acled", help="as for ingest")
    run.add_argument("--follow-links", action="store_true", help="as for ingest")
    run.set_defaults(handler=run_run)


def _register_optional(commands: argparse._SubParsersAction) -> None:
    """Commands whose modules live in their own packages."""
    from eventwire.evaluate import command as eval_command

    eval_command.register(commands)

    places = commands.add_parser("places", help="find and resolve the place names in a text")
    places.add_argument("text")
    places.add_argument("--published", help="publication date, YYYY-MM-DD")
    places.add_argument("--language", help="en or de (default: detected from the text)")
    places.set_defaults(handler=run_places)

    dates = commands.add_parser("dates", help="find and normalise the time expressions in a text")
    dates.add_argument("text")
    dates.add_argument("--published", help="publication date (the reference for 'yesterday'), YYYY-MM-DD")
    dates.add_argument("--language", help="en or de (default: detected from the text)")
    dates.set_defaults(handler=run_dates)


def run_code(args: argparse.Namespace) -> int:
    from eventwire.api import code_articles
    from eventwire.export import mentions_table, to_jsonl
    from eventwire.readers import read_file

    path = Path(args.file)
    if not path.exists():
        raise InputError("no such file; check the path", origin=args.file)
    first = next(read_file(path, published=args.published), None)
    if first is None:
        raise InputError("no article found in the file", origin=args.file)
    if isinstance(first, InputError):
        raise first
    doc = next(code_articles([first]))
    if args.format == "json":
        write_data(to_jsonl(doc.mentions))
        return 0
    article = doc.article
    title = one_line(article.title or path.name)
    echo(f"{title}  (published {article.published or doc.reference_date or 'unknown'})")
    echo(mentions_table(doc.mentions) if doc.mentions else "no events found")
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from eventwire.api import ingest
    from eventwire.store import open_store

    with open_store(args.db) as store, tqdm(unit=" files", disable=None, file=sys.stderr) as bar:
        summary = ingest(
            args.paths,
            store=store,
            published=args.published,
            batch_size=args.batch_size,
            merge=args.merge,
            on_progress=bar.update,
            follow_links=args.follow_links,
        )
    for message in summary.errors:
        echo(f"skipped {one_line(message)}", err=True)  # one line per skipped input
    for message in summary.warnings:
        echo(f"warning: {one_line(message)}", err=True)  # stored, but worth a look (an id clash)
    echo(
        f"{summary.articles_read} articles read: {summary.articles_added} added, "
        f"{summary.articles_skipped} already stored; {summary.mentions_added} mentions, "
        f"{summary.events_touched} events created or updated; {len(summary.errors)} inputs skipped "
        f"(listed above) -> {args.db}"
    )
    return 0


def run_run(args: argparse.Namespace) -> int:
    from eventwire.runner import run

    summary = run(
        args.inputs,
        db=args.db,
        out=args.out,
        engine=args.engine,
        workers=args.workers,
        published=args.published,
        batch_size=args.batch_size,
        merge=args.merge,
        follow_links=args.follow_links,
        progress=True,
    )
    merged = summary.ingest
    for message in merged.errors:
        echo(f"skipped {one_line(message)}", err=True)
    for message in merged.warnings:
        echo(f"warning: {one_line(message)}", err=True)
    echo(
        f"{summary.inputs} input files: {summary.parts_coded} coded ({summary.articles_coded} articles, "
        f"{summary.articles_per_second:.1f} articles/s, {args.engine} x{args.workers}), "
        f"{summary.parts_reused} done before -> {args.out}"
    )
    echo(
        f"merged {merged.articles_read} articles: {merged.articles_added} added, {merged.articles_skipped} "
        f"already stored; {merged.mentions_added} mentions, {merged.events_touched} events created or "
        f"updated; {len(merged.errors)} inputs skipped (listed above) -> {args.db}"
    )
    return 0


def run_events(args: argparse.Namespace) -> int:
    from eventwire.export import events_table, to_csv, to_geojson, to_jsonl
    from eventwire.readers import parse_iso_date
    from eventwire.store import EventQuery, open_store

    query = EventQuery(
        country=args.country,
        since=parse_iso_date(args.since, origin="--since") if args.since else None,
        until=parse_iso_date(args.until, origin="--until") if args.until else None,
        event_type=args.event_type,
        limit=args.limit,
    )
    with open_store(args.db, read_only=True) as store:
        found = store.events(query)
        if args.format in ("parquet", "plover"):  # these also read the events' mentions
            return _write_bigdata_export(args, store, query, found)
    if args.format == "csv":
        _write_text_export(to_csv(found), args.output)
    elif args.format == "geojson":
        _write_text_export(to_geojson(found), args.output)
    elif args.format == "jsonl":
        _write_text_export(to_jsonl(found), args.output)
    else:
        echo(events_table(found) if found else "no events match")
    return 0


def _write_text_export(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        write_data(text)


def _write_bigdata_export(
    args: argparse.Namespace, store: EventStore, query: EventQuery, found: list[Event]
) -> int:
    """Parquet (binary: to --output, or to stdout when it is a file or a pipe) or PLOVER lines."""
    from eventwire.export import to_parquet, to_plover
    from eventwire.export_plover import verbal_mentions

    if args.format == "plover":
        verbal = verbal_mentions(store, query)
        _write_text_export(to_plover(found, mentions_of=store.mentions_of_event, verbal=verbal), args.output)
        return 0
    if args.output:
        to_parquet(found, args.output, mentions_of=store.mentions_of_event)
        return 0
    if sys.stdout.isatty():
        raise InputError(
            "Parquet is binary and would garble the terminal; give --output FILE or redirect stdout",
            origin="--format parquet",
        )
    sys.stdout.flush()
    to_parquet(found, sys.stdout.buffer, mentions_of=store.mentions_of_event)
    sys.stdout.buffer.flush()
    return 0


def run_show(args: argparse.Namespace) -> int:
    from eventwire.show import describe_event
    from eventwire.store import open_store

    with open_store(args.db, read_only=True) as store:
        event = store.event(args.event_id)
        if event is None:
            raise InputError(
                "no such event in the store; list ids with `eventwire events`",
                origin=f"{args.db}:{args.event_id}",
            )
        echo(describe_event(event, store.mentions_of_event(event.id)))
    return 0


def sample_folder() -> Path:
    return Path(str(resources.files("eventwire") / "samples"))


def run_demo(args: argparse.Namespace) -> int:
    from eventwire.api import ingest
    from eventwire.export import events_table, to_csv
    from eventwire.store import open_store

    folder = sample_folder()
    echo(f"Coding the bundled sample articles in {folder} ...", err=True)
    with open_store(args.db) as store:
        summary = ingest([folder], store=store)
        found = store.events()
    echo(events_table(found))
    Path(args.csv).write_text(to_csv(found), encoding="utf-8")
    echo(
        f"\n{len(found)} events from {summary.articles_read} articles "
        f"({summary.articles_skipped} already stored). Wrote {args.db} and {args.csv}.\n"
        f"Next: `eventwire events --db {args.db} --format csv`, `eventwire show EVENT_ID --db {args.db}`."
    )
    echo(f"See them on a map: `eventwire serve --db {args.db}`, then open http://127.0.0.1:8000/")
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from eventwire.bench import run_benchmark
    from eventwire.bench_api import run_api_benchmark
    from eventwire.bench_gazetteer import run_gazetteer_benchmark
    from eventwire.bench_merge import run_merge_benchmark

    echo(run_benchmark(repeat=args.repeat))
    echo(run_gazetteer_benchmark())
    if args.merge_events:
        echo(run_merge_benchmark(events=args.merge_events))
        if args.postgres:  # the same merge into PostgreSQL, only when a server is named
            echo(run_merge_benchmark(events=args.merge_events, postgres_url=args.postgres))
    echo(run_api_benchmark())
    if args.runner_articles:
        from eventwire.bench_runner import run_runner_benchmark

        echo(run_runner_benchmark(articles=args.runner_articles))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from eventwire.server.app import create_app
    from eventwire.store import open_store

    if args.upgrade:
        open_store(args.db).close()  # opening for writing migrates the file or schema
    # A server on this machine only answers to its own names, against DNS rebinding.
    local = args.host in ("127.0.0.1", "localhost", "::1")
    hosts = ["127.0.0.1", "localhost", "[::1]"] if local else None
    app = create_app(args.db, allowed_hosts=hosts)
    echo(
        f"eventwire: serving {args.db} read-only; open http://{args.host}:{args.port}/ (Ctrl-C stops)",
        err=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def run_watch(args: argparse.Namespace) -> int:
    from eventwire.fetch import Fetcher
    from eventwire.store.feed_state import open_feed_store
    from eventwire.watch import Watcher, WatchOptions, read_feed_list

    urls, problems = read_feed_list(Path(args.feeds))
    for message in problems:
        echo(f"skipped {one_line(message)}", err=True)
    if not urls:
        raise InputError("no feed URLs in the file; write one http(s) URL a line", origin=args.feeds)
    options = WatchOptions(
        min_interval_s=args.min_interval,
        max_interval_s=max(args.max_interval, args.min_interval),
        first_interval_s=min(max(30 * 60, args.min_interval), max(args.max_interval, args.min_interval)),
        host_delay_s=args.host_delay,
        fetch_pages=args.fetch_pages,
    )
    with open_feed_store(args.db) as store, Fetcher(allow_private=args.allow_private) as fetcher:
        watcher = Watcher(store, fetcher, options=options)
        watcher.run(urls, once=args.once, on_poll=lambda report: echo(one_line(report.line())))
    return 0


def run_feeds(args: argparse.Namespace) -> int:
    from eventwire.store.feed_state import open_feed_store
    from eventwire.watch import feeds_table

    with open_feed_store(args.db, read_only=True) as store:
        echo(feeds_table(store))
    return 0


def run_places(args: argparse.Namespace) -> int:
    from eventwire.gazetteer_cli import places_command

    echo(places_command(args.text, published=args.published, language=args.language))
    return 0


def run_dates(args: argparse.Namespace) -> int:
    from eventwire.export import format_table
    from eventwire.readers import parse_iso_date
    from eventwire.records import parse_iso_day
    from eventwire.stages.language import LanguageStage
    from eventwire.timex import find_reference_date, tag_timexes

    reference = (
        parse_iso_day(parse_iso_date(args.published, origin="--published"))
        if args.published
        else find_reference_date(args.text)
    )
    language = args.language or LanguageStage().identify(args.text) or "en"
    found = tag_timexes(args.text, reference=reference, language=language)
    echo(f"reference date: {reference or 'unknown'}; language: {language}")
    echo(
        format_table(
            ("start", "end", "text", "type", "value"),
            [(t.start, t.end, t.text, t.type, t.value) for t in found],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
