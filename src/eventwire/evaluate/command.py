"""The `eventwire eval` sub-command: a thin layer over `evaluate_paths`, reports and floors.

Exit status: 0 all good; 1 a floor is broken (or --update-floors refused to lower one);
2 a file cannot be read or has no known format.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate import floors as floor_rules
from eventwire.evaluate.report import (
    markdown_report,
    results_json,
    text_table,
    write_cases,
    write_results,
    write_text,
)
from eventwire.evaluate.runner import evaluate_paths
from eventwire.evaluate.split import HALVES
from eventwire.evaluate.systems import System
from eventwire.safe_text import echo, json_text, write_data

HELP = "score the system on gold files (events, geo, dates, dedup, plover JSONL)"


def register(subparsers: Any) -> None:
    """Add `eval` to an argparse subparsers object; the handler is in `func` (and `handler`)."""
    parser = subparsers.add_parser(
        "eval",
        help=HELP,
        description=(
            "Score the system on gold JSONL files. Each file's format is detected from its fields; "
            "one table per file is printed with every metric of its task."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="gold JSONL files")
    parser.add_argument("--json", action="store_true", help="print only a JSON list of results on stdout")
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="score only the first N documents of each file"
    )
    parser.add_argument("--report", metavar="PATH", help="write a Markdown report here")
    parser.add_argument("--results", metavar="PATH", help="write the JSON results here")
    parser.add_argument(
        "--half",
        choices=("tune", "check", "all"),
        default="all",
        help="run and score only the documents of one half (a fixed hash of each id); default all",
    )
    parser.add_argument(
        "--errors",
        metavar="PATH",
        help="write every case scored wrong here, one JSON line each with its half, to study; "
        "tune-half cases only, so the check half stays unseen (see --errors-half)",
    )
    parser.add_argument(
        "--errors-half",
        choices=("tune", "check", "all"),
        help="with --errors: the half whose cases are written (default tune; 'all' for both)",
    )
    parser.add_argument("--floors", metavar="PATH", help="floors file (JSON) to check the results against")
    parser.add_argument(
        "--update-floors", action="store_true", help="raise the floors in --floors to these results"
    )
    parser.add_argument(
        "--allow-lower", action="store_true", help="with --update-floors: also lower floors that dropped"
    )
    parser.set_defaults(func=run_eval_command, handler=run_eval_command)


def run_eval_command(args: argparse.Namespace, *, system: System | None = None) -> int:
    if args.update_floors and not args.floors:
        return _fail("--update-floors needs --floors PATH (the file to update)", status=2)
    if args.update_floors and args.limit:
        return _fail("--update-floors cannot be used with --limit: floors come from whole files", status=2)
    if args.allow_lower and not args.update_floors:
        return _fail("--allow-lower only makes sense with --update-floors", status=2)
    problem = _half_problem(args)
    if problem:
        return _fail(problem, status=2)
    half = None if args.half == "all" else args.half
    try:
        floors = floor_rules.load_floors(args.floors) if args.floors else {}
        results = evaluate_paths(args.files, system=system, limit=args.limit, half=half, progress=_say)
    except InputError as error:
        return _fail(str(error), status=2)
    breaches = floor_rules.check_floors(results, floors)
    status = 0
    if args.update_floors:
        updated, lowered = floor_rules.update_floors(results, floors, allow_lower=args.allow_lower)
        if lowered and not args.allow_lower:
            for message in lowered:
                _say(f"refused to lower: {message}")
            _say("floors not updated; add --allow-lower to lower them on purpose")
            status = 1
        else:
            floor_rules.save_floors(args.floors, updated)
            _say(f"floors written to {args.floors}")
            breaches = floor_rules.check_floors(results, updated)
    if args.report:
        write_text(args.report, markdown_report(results, breaches=breaches))
    if args.results:
        write_results(args.results, results)
    if args.errors:
        errors_half = args.errors_half or "tune"
        write_cases(args.errors, results, halves=HALVES if errors_half == "all" else (errors_half,))
    if args.json:
        write_data(json_text(json.dumps(results_json(results), indent=2, ensure_ascii=False)) + "\n")
    else:
        echo("\n\n".join(text_table(result) for result in results))
    for breach in breaches:
        _say(f"floor broken: {breach}")
    return 1 if breaches else status


def _half_problem(args: argparse.Namespace) -> str:
    """Why --half / --errors-half cannot be used as given, or "" when they can."""
    if args.errors_half and not args.errors:
        return "--errors-half only makes sense with --errors PATH"
    if args.half != "all" and args.floors:
        return "floors hold whole-file figures: --floors cannot be used with --half tune or check"
    if args.half == "check" and args.errors and not args.errors_half:
        return (
            "--errors writes tune cases only and --half check scores no tune document; "
            "add --errors-half check to study check cases on purpose"
        )
    return ""


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of documents, got {text}")
    return value


def _say(message: str) -> None:
    echo(f"eval: {message}", err=True)


def _fail(message: str, *, status: int) -> int:
    _say(message)
    return status
