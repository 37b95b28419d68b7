"""The `eventwire` command: thin wrappers over the library in eventwire.api."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from eventwire.errors import EventwireError, InputError

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
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: everything committed before this point is kept", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire", description="Turn news articles into a political event database (ACLED and PLOVER)."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    code = commands.add_parser("code", help="code one article and print its events; stores nothing")
    code.add_argument(
        "file", help="a .txt, .html, .jsonl, RSS/Atom or WARC file (of many articles: the first)"
    )
    code.add_argument("--published", help="publication date, YYYY-MM-DD, when the file does not say")
    code.add_argument("--format", choices=["table", "json"], default="table")
    code.set_defaults(handler=run_code)

    ingest = commands.add_parser(
        "ingest", help="code files, folders, JSONL, feeds or WARC archives into the event store"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default {DEFAULT_DB})")
    ingest.add_argument("--published", help="publication date, YYYY-MM-DD, for inputs that do not say")
    ingest.add_argument("--batch-size", type=int, default=32)
    ingest.add_argument(
        "--merge",
        choices=["acled", "off"],
        default="acled",
        help="acled: merge reports of one event by ACLED's unit (default); off: one event per mention",
    )
    ingest.set_defaults(handler=run_ingest)

    events = commands.add_parser("events", help="query and export events from the store")
    events.add_argument("--db", default=DEFAULT_DB)
    events.add_argument("--country", help="country name, e.g. Kazakhstan")
    events.add_argument("--since", help="first event date, YYYY-MM-DD")
    events.add_argument("--until", help="last event date, YYYY-MM-DD")
    events.add_argument("--type", dest="event_type", help="ACLED event or sub-event type, e.g. Riots")
    events.add_argument("--format", choices=["table", "csv", "geojson", "jsonl"], default="table")
    events.add_argument("--limit", type=int)
    events.set_defaults(handler=run_events)

    show = commands.add_parser("show", help="one event with all its sources, values and evidence")
    show.add_argument("event_id")
    show.add_argument("--db", default=DEFAULT_DB)
    show.set_defaults(handler=run_show)

    demo = commands.add_parser("demo", help="ingest the bundled sample articles and print their events")
    demo.add_argument("--db", default=DEFAULT_DB)
    demo.add_argument("--csv", default="events.csv", help="where to write the ACLED-style CSV")
    demo.set_defaults(handler=run_demo)

    bench = commands.add_parser("bench", help="articles/s and peak memory against spaCy's full pipeline")
    bench.add_argument("--repeat", type=int, default=20, help="how many times to code the samples")
    bench.add_argument(
        "--merge-events",
        type=int,
        default=1_000_000,
        help="size of the synthetic store for the merging benchmark (0 skips it)",
    )
    bench.set_defaults(handler=run_bench)

    _register_optional(commands)
    return parser


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
        sys.stdout.write(to_jsonl(doc.mentions))
        return 0
    article = doc.article
    print(f"{article.title or path.name}  (published {article.published or doc.reference_date or 'unknown'})")
    print(mentions_table(doc.mentions) if doc.mentions else "no events found")
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from eventwire.api import ingest
    from eventwire.store import SqliteStore

    with SqliteStore(args.db) as store, tqdm(unit=" files", disable=None, file=sys.stderr) as bar:
        summary = ingest(
            args.paths,
            store=store,
            published=args.published,
            batch_size=args.batch_size,
            merge=args.merge,
            on_progress=bar.update,
        )
    for message in summary.errors:
        print(f"skipped {message}", file=sys.stderr)
    print(
        f"{summary.articles_read} articles read: {summary.articles_added} added, "
        f"{summary.articles_skipped} already stored; {summary.mentions_added} mentions, "
        f"{summary.events_touched} events created or updated; {len(summary.errors)} inputs skipped "
        f"(listed above) -> {args.db}"
    )
    return 0


def run_events(args: argparse.Namespace) -> int:
    from eventwire.export import events_table, to_csv, to_geojson, to_jsonl
    from eventwire.readers import parse_iso_date
    from eventwire.store import EventQuery, SqliteStore

    if not Path(args.db).exists():
        raise InputError("no event store here; run `eventwire ingest PATH --db FILE` first", origin=args.db)
    query = EventQuery(
        country=args.country,
        since=parse_iso_date(args.since, origin="--since") if args.since else None,
        until=parse_iso_date(args.until, origin="--until") if args.until else None,
        event_type=args.event_type,
        limit=args.limit,
    )
    with SqliteStore(args.db) as store:
        found = store.events(query)
    if args.format == "csv":
        sys.stdout.write(to_csv(found))
    elif args.format == "geojson":
        sys.stdout.write(to_geojson(found))
    elif args.format == "jsonl":
        sys.stdout.write(to_jsonl(found))
    else:
        print(events_table(found) if found else "no events match")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from eventwire.show import describe_event
    from eventwire.store import SqliteStore

    with SqliteStore(args.db) as store:
        event = store.event(args.event_id)
        if event is None:
            raise InputError(
                "no such event in the store; list ids with `eventwire events`",
                origin=f"{args.db}:{args.event_id}",
            )
        print(describe_event(event, store.mentions_of_event(event.id)))
    return 0


def sample_folder() -> Path:
    return Path(str(resources.files("eventwire") / "samples"))


def run_demo(args: argparse.Namespace) -> int:
    from eventwire.api import ingest
    from eventwire.export import events_table, to_csv
    from eventwire.store import SqliteStore

    folder = sample_folder()
    print(f"Coding the bundled sample articles in {folder} ...", file=sys.stderr)
    with SqliteStore(args.db) as store:
        summary = ingest([folder], store=store)
        found = store.events()
    print(events_table(found))
    Path(args.csv).write_text(to_csv(found), encoding="utf-8")
    print(
        f"\n{len(found)} events from {summary.articles_read} articles "
        f"({summary.articles_skipped} already stored). Wrote {args.db} and {args.csv}.\n"
        f"Next: `eventwire events --db {args.db} --format csv`, `eventwire show EVENT_ID --db {args.db}`."
    )
    return 0


def run_bench(args: argparse.Namespace) -> int:
    from eventwire.bench import run_benchmark
    from eventwire.bench_merge import run_merge_benchmark

    print(run_benchmark(repeat=args.repeat))
    if args.merge_events:
        print(run_merge_benchmark(events=args.merge_events))
    return 0


def run_places(args: argparse.Namespace) -> int:
    from eventwire.gazetteer_cli import places_command

    print(places_command(args.text, published=args.published, language=args.language))
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
    print(f"reference date: {reference or 'unknown'}; language: {language}")
    print(
        format_table(
            ("start", "end", "text", "type", "value"),
            [(t.start, t.end, t.text, t.type, t.value) for t in found],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
