"""The five gold formats: detect a file's format from its fields and read it line by line.

A file's format comes from what its lines hold (never from its name), so a renamed or a new file
of a known shape is read the same way. A line that cannot be read is reported with its line
number and skipped; the rest of the file is still scored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluate.split import Half, half_of

TASKS = ("events", "geo", "dates", "dedup", "plover")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int  # 1-based line number in the file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(slots=True)
class EvalFile:
    """The readable records of one gold file, with the lines that were skipped and why."""

    path: str
    task: str
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


def detect_task(record: dict[str, Any]) -> str | None:
    """Which format one record is, from the fields that only that format has."""
    if isinstance(record.get("toponyms"), list):
        return "geo"
    if isinstance(record.get("timexes"), list):
        return "dates"
    if isinstance(record.get("plover"), dict):
        return "plover"
    if "cluster" in record:
        return "dedup"
    if isinstance(record.get("events"), list) or "scope" in record:
        return "events"
    return None


def read_eval_file(path: str | Path, *, limit: int | None = None, half: Half | None = None) -> EvalFile:
    """Read a gold JSONL file: detect its format, keep valid records, report the others.

    `half`: keep only the records of that half (eventwire.evaluate.split); `limit` then counts
    the records kept.

    Raises InputError when the file cannot be opened or no line has a known format.
    """
    try:
        # Split on newlines only: str.splitlines would also split inside JSON strings that hold
        # U+2028, U+0085 or form feeds, which JSON allows unescaped.
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            f"cannot read the file ({error}); give a UTF-8 JSONL file", origin=str(path)
        ) from error
    parsed: list[tuple[int, dict[str, Any]]] = []
    problems: list[LineProblem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(LineProblem(number, f"not valid JSON ({error.msg} at column {error.colno})"))
            continue
        if not isinstance(value, dict):
            problems.append(LineProblem(number, f"expected a JSON object, got {type(value).__name__}"))
            continue
        parsed.append((number, value))
    task = _majority_task(record for _, record in parsed)
    if task is None:
        raise InputError(
            "no line has the fields of a known gold format (events, geo, dates, dedup, plover); "
            "see ../shared/eval/README.md for the fields each needs",
            origin=str(path),
        )
    result = EvalFile(path=str(path), task=task, problems=problems)
    for number, record in parsed:
        if limit is not None and len(result.records) >= limit:
            break
        message = validate_record(record, task)
        if message:
            result.problems.append(LineProblem(number, message))
        elif half is None or half_of(record["id"]) == half:
            result.records.append(record)
    result.problems.sort(key=lambda problem: problem.line)
    return result


def _majority_task(records: Any) -> str | None:
    votes = Counter(task for record in records if (task := detect_task(record)) is not None)
    if not votes:
        return None
    # Ties go to the order of TASKS, so the answer does not depend on dict ordering.
    best = max(votes.values())
    return next(task for task in TASKS if votes.get(task) == best)


def validate_record(record: dict[str, Any], task: str) -> str:
    """What is wrong with a record for the given format, or "" when it can be scored."""
    common = _check_common(record)
    if common:
        return common
    detected = detect_task(record)
    if detected != task:
        return f"has the fields of {detected or 'no known'} format, but the file is {task}"
    return _VALIDATORS[task](record)


def _check_common(record: dict[str, Any]) -> str:
    if not isinstance(record.get("id"), str | int) or record.get("id") == "":
        return "missing or empty 'id'"
    if not isinstance(record.get("text"), str):
        return "missing 'text' (a string)"
    published = record.get("published")
    if published is not None and not (isinstance(published, str) and _ISO_DATE.match(published)):
        return f"'published' must be YYYY-MM-DD or null, got {published!r}"
    if "title" in record and not isinstance(record["title"], str | None):
        return "'title' must be a string"
    return ""


def _check_events(record: dict[str, Any]) -> str:
    events = record.get("events", [])
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        return "'events' must be a list of objects"
    if record.get("scope", "primary") not in ("primary", "all"):
        return f"'scope' must be 'primary' or 'all', got {record.get('scope')!r}"
    totals = record.get("totals")
    if totals is not None and not (
        isinstance(totals, dict) and all(isinstance(value, int) for value in totals.values())
    ):
        return "'totals' must map names to integers"
    must_not = record.get("must_not", [])
    if not isinstance(must_not, list) or not all(isinstance(rule, dict) for rule in must_not):
        return "'must_not' must be a list of objects"
    for index, event in enumerate(events):
        message = _check_gold_event(event)
        if message:
            return f"events[{index}]: {message}"
    return ""


def _check_gold_event(event: dict[str, Any]) -> str:
    latitude, longitude = event.get("latitude"), event.get("longitude")
    if (latitude is None) != (longitude is None):
        return "give both 'latitude' and 'longitude' or neither"
    if latitude is not None and not (_is_number(latitude) and _is_number(longitude)):
        return "'latitude' and 'longitude' must be numbers"
    date = event.get("event_date")
    if date is not None and not all(isinstance(option, str) for option in _options(date)):
        return "'event_date' must be a date string or a list of them"
    for key in ("fatalities", "injured", "inter1", "inter2"):
        if key in event and not all(isinstance(option, int) for option in _options(event[key])):
            return f"'{key}' must be an integer or a list of integers"
    return ""


def _span_problem(record: dict[str, Any], field: str, index: int, item: Any) -> str:
    """Why one gold span item of `field` is malformed, or "" when it is an object with a span."""
    if not isinstance(item, dict):
        return f"{field}[{index}] must be an object"
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(record["text"])):
        return f"{field}[{index}]: offsets {start!r}..{end!r} are not a span of the text"
    return ""


def _check_geo(record: dict[str, Any]) -> str:
    for index, toponym in enumerate(record["toponyms"]):
        problem = _span_problem(record, "toponyms", index, toponym)
        if problem:
            return problem
        if not (_is_number(toponym.get("lat")) and _is_number(toponym.get("lon"))):
            return f"toponyms[{index}]: 'lat' and 'lon' must be numbers"
    return ""


def _check_dates(record: dict[str, Any]) -> str:
    for index, timex in enumerate(record["timexes"]):
        problem = _span_problem(record, "timexes", index, timex)
        if problem:
            return problem
        if not isinstance(timex.get("value"), str):
            return f"timexes[{index}]: 'value' must be a string"
    return ""


def _check_dedup(record: dict[str, Any]) -> str:
    if not isinstance(record.get("cluster"), str | int):
        return "'cluster' must be a string or an integer"
    return ""


def _check_plover(record: dict[str, Any]) -> str:
    gold = record["plover"]
    if not isinstance(gold.get("event"), str | list) or not gold.get("event"):
        return "'plover.event' must be a PLOVER type"
    for side in ("source", "target"):
        codes = gold.get(side, [])
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            return f"'plover.{side}' must be a list of actor codes"
    return ""


_VALIDATORS: dict[str, Callable[[dict[str, Any]], str]] = {
    "events": _check_events,
    "geo": _check_geo,
    "dates": _check_dates,
    "dedup": _check_dedup,
    "plover": _check_plover,
}


def _options(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
