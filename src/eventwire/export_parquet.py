"""Parquet export: one row per event with Arrow types, for pandas, Polars, DuckDB and Spark.

Columns, in order (see `event_schema`):

- ACLED's 31 columns under ACLED's names, then eventwire's own, as in the CSV (`export.CSV_COLUMNS`),
  but typed: `event_date` date32; `year`, `time_precision`, `inter1`, `inter2`, `interaction`,
  `iso`, `geo_precision`, `n_articles`, `n_sources` int32; `fatalities` int64; `injuries`,
  `arrests`, `crowd_size` nullable int64 (null: no report gave a figure; fatalities are 0 then,
  as in ACLED); `latitude`, `longitude` float64 at full precision (the CSV rounds to 4 decimals);
  `timestamp` int64 Unix seconds (ACLED's meaning); `disagreements` list<string>; every other
  column a string. A value the CSV leaves empty is null here (`inter1` with no actor 1, `iso`
  with no place), except string columns, which keep the CSV's empty string.
- `first_reported`, `last_reported`: date32, the earliest and latest publication date.
- `sources`: list<struct> with one entry per report (mention) of the event, in the event's order:
  `mention_id`, `article_id`, `source` (publisher), `published` date32, `event_date` date32,
  `killed`, `injured`, `arrested`, `crowd_size` (nullable int64, what that report said), and
  `evidence` (the sentence it came from). A list of structs explodes into one row per report
  (`df.explode("sources")` in pandas, `UNNEST(sources)` in DuckDB, `explode` in Spark).
  Without the mentions (`mentions_of` not given) only the ids are filled.

pyarrow is an optional extra (`pip install 'eventwire[bigdata]'`); it is imported on use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from eventwire.errors import MissingCapability
from eventwire.export import CSV_COLUMNS, acled_row
from eventwire.records import Event, Mention, parse_iso_day

if TYPE_CHECKING:
    import pyarrow as pa

MentionsOf = Callable[[str], Sequence[Mention]]

INSTALL_HINT = "pip install 'eventwire[bigdata]' (or `pip install pyarrow`)"

INT32_COLUMNS = (
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "geo_precision",
    "n_articles",
    "n_sources",
)
INT64_COLUMNS = ("fatalities", "injuries", "arrests", "crowd_size", "timestamp")
FLOAT_COLUMNS = ("latitude", "longitude")
COUNT_FIELDS = ("killed", "injured", "arrested", "crowd_size")


def import_pyarrow() -> Any:
    """pyarrow, or a MissingCapability error that names the install command."""
    try:
        import pyarrow
        import pyarrow.parquet  # loads the submodule onto the package, for write_table
    except ImportError as error:
        raise MissingCapability(
            f"Parquet export needs pyarrow, which is not installed; run {INSTALL_HINT}"
        ) from error
    return pyarrow


def source_type(pa: Any) -> pa.DataType:
    """The struct of one entry of `sources`."""
    return pa.struct(
        [
            ("mention_id", pa.string()),
            ("article_id", pa.string()),
            ("source", pa.string()),
            ("published", pa.date32()),
            ("event_date", pa.date32()),
            *[(name, pa.int64()) for name in COUNT_FIELDS],
            ("evidence", pa.string()),
        ]
    )


def event_schema(pa: Any) -> pa.Schema:
    """The export's schema: the CSV's columns typed, then the report dates and `sources`."""
    fields = [pa.field(column, _column_type(pa, column)) for column in CSV_COLUMNS]
    fields += [pa.field("first_reported", pa.date32()), pa.field("last_reported", pa.date32())]
    fields.append(pa.field("sources", pa.list_(source_type(pa))))
    return pa.schema(fields)


def _column_type(pa: Any, column: str) -> pa.DataType:
    if column == "event_date":
        return pa.date32()
    if column == "disagreements":
        return pa.list_(pa.string())
    if column in INT32_COLUMNS:
        return pa.int32()
    if column in INT64_COLUMNS:
        return pa.int64()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    return pa.string()


def write_parquet(
    events: Iterable[Event], path_or_stream: str | IO[bytes], *, mentions_of: MentionsOf | None = None
) -> int:
    """Write the events as one Parquet file (zstd) to a path or a binary stream; returns the row count."""
    pa = import_pyarrow()
    rows = [event_row(event, mentions_of) for event in events]
    table = pa.Table.from_pylist(rows, schema=event_schema(pa))
    pa.parquet.write_table(table, path_or_stream, compression="zstd")
    return len(rows)


def event_row(event: Event, mentions_of: MentionsOf | None) -> dict[str, object]:
    """One event as a row: the CSV's values with the CSV's empty cells made nulls, then typed."""
    row: dict[str, object] = {column: _typed(column, value) for column, value in acled_row(event).items()}
    # Full precision, not the CSV's rounded text.
    row["latitude"] = event.place.latitude if event.place else None
    row["longitude"] = event.place.longitude if event.place else None
    row["disagreements"] = list(event.disagreements)
    row["first_reported"] = _day(event.first_reported)
    row["last_reported"] = _day(event.last_reported)
    row["sources"] = source_entries(event, mentions_of)
    return row


def _typed(column: str, value: str | int | float) -> object:
    if column == "event_date":
        return _day(str(value))
    if column in INT32_COLUMNS or column in INT64_COLUMNS:
        return None if value == "" else int(value)
    return value


def source_entries(event: Event, mentions_of: MentionsOf | None) -> list[dict[str, object]]:
    """One entry per report, in the event's mention order; the ids alone without `mentions_of`."""
    mentions = {mention.id: mention for mention in (mentions_of(event.id) if mentions_of else ())}
    return [_source_entry(mention_id, mentions.get(mention_id)) for mention_id in event.mention_ids]


def _source_entry(mention_id: str, mention: Mention | None) -> dict[str, object]:
    # A mention id is "<article id>:<index>", so the article is known even without the mention.
    entry: dict[str, object] = {"mention_id": mention_id, "article_id": mention_id.split(":", 1)[0]}
    if mention is None:
        return entry
    entry.update(
        source=mention.source,
        published=_day(mention.published),
        event_date=_day(mention.event_date),
        evidence=mention.evidence[0].text if mention.evidence else None,
    )
    entry.update({name: getattr(mention, name) for name in COUNT_FIELDS})
    return entry


def _day(value: str | None) -> dt.date | None:
    return parse_iso_day(value) if value else None
