"""Exports: ACLED-style CSV, GeoJSON, JSON lines, and the terminal table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import msgspec

from eventwire.acled_names import acled_place
from eventwire.records import Actor, Event, Mention
from eventwire.regions import acled_region
from eventwire.safe_text import csv_cell, json_line, one_line

# ACLED's export columns, in ACLED's order (March 2023 layout)...
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# ...then what eventwire adds: the counts ACLED leaves to its notes, PLOVER, and provenance.
# `source_scale` (ACLED's judgement of its sources) stays empty.
EXTRA_COLUMNS = (
    "injuries",
    "arrests",
    "crowd_size",
    "plover_type",
    "n_articles",
    "n_sources",
    "disagreements",
)
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction: 10 x the smaller code + the larger, or 10 x inter1 alone."""
    if not inter1:
        return 10 * inter2
    if not inter2:
        return 10 * inter1
    return 10 * min(inter1, inter2) + max(inter1, inter2)


def with_acled_names(record: Event | Mention) -> Event | Mention:
    """A copy of an event or mention whose place carries ACLED's country and admin1 names and
    numeric iso, so that every export joins with ACLED's data (also from an older store)."""
    if record.place is None:
        return record
    return msgspec.structs.replace(record, place=acled_place(record.place))


def acled_row(event: Event) -> dict[str, str | int | float]:
    place = acled_place(event.place) if event.place else None
    inter1 = event.actor1.inter if event.actor1 else 0
    inter2 = event.actor2.inter if event.actor2 else 0
    civilians_targeted = inter2 == 7 and event.event_type in (
        "Violence against civilians",
        "Explosions/Remote violence",
    )
    return {
        "event_id_cnty": event.id,
        "event_date": event.event_date or "",
        "year": (event.event_date or "")[:4],
        "time_precision": event.time_precision,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": _label(event.actor1),
        "assoc_actor_1": "; ".join(a.label for a in event.assoc_actors1),
        "inter1": inter1 or "",
        "actor2": _label(event.actor2),
        "assoc_actor_2": "; ".join(a.label for a in event.assoc_actors2),
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians_targeted else "",
        "iso": _text(place.iso_numeric) if place else "",
        "region": acled_region(place.iso) if place and place.iso else "",
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": place.admin3 if place else "",
        "location": place.name if place else "",
        "latitude": _coordinate(place.latitude if place else None),
        "longitude": _coordinate(place.longitude if place else None),
        "geo_precision": place.geo_precision if place else "",
        "source": "; ".join(sorted({v.source for vs in event.values.values() for v in vs if v.source})),
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": f"crowd size={event.crowd_size}" if event.crowd_size else "",
        "timestamp": _unix_seconds(event.updated_at),
        "injuries": _count(event.injured),
        "arrests": _count(event.arrested),
        "crowd_size": _count(event.crowd_size),
        "plover_type": event.plover_type,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "disagreements": "; ".join(event.disagreements),
    }


def to_csv(events: Iterable[Event]) -> str:
    """The ACLED-style CSV: a header, then one record per event, each ending in LF.

    Safe to open in a spreadsheet and to read back with any CSV reader: every cell goes through
    `safe_text.csv_cell` (no formula runs), and every field holding a CR or an LF is quoted, so a
    record is never split in two.
    """
    rows = ([csv_cell(row[column]) for column in CSV_COLUMNS] for row in map(acled_row, events))
    return "".join(_csv_records(itertools.chain([CSV_COLUMNS], rows)))


def _csv_records(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Each row as one CSV record ending in LF.

    Python's csv module quotes a field only for the characters of its own line terminator, so a
    writer ending lines in LF leaves a lone CR unquoted, and readers then split the record there.
    The writer therefore ends records in CRLF, which makes it quote every field with a CR or an LF;
    each record's CRLF is then cut back to the LF the export has always used.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()[: -len("\r\n")] + "\n"


def to_geojson(events: Iterable[Event]) -> str:
    """A GeoJSON FeatureCollection (RFC 7946) with the CSV's columns as properties, for map tools.

    An event with no coordinates keeps its feature with a null geometry: a map skips it, but
    the export still holds every event the CSV holds. One line, escaped like `to_jsonl`.
    """
    features = []
    for event in events:
        properties = acled_row(event)
        place = event.place
        geometry = None
        if place is not None and place.latitude is not None and place.longitude is not None:
            # GeoJSON orders a position longitude first.
            geometry = {"type": "Point", "coordinates": [place.longitude, place.latitude]}
        features.append({"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    return json_line(collection)


def to_jsonl(records: Iterable[Event | Mention]) -> str:
    """One JSON object per line (JSON Lines); U+2028 and U+2029 are escaped (see
    `safe_text.json_text`), so a record never spans two lines for tools that split on them."""
    return "".join(json_line(with_acled_names(record)) for record in records)


def to_parquet(
    events: Iterable[Event],
    path_or_stream: str | Path | IO[bytes],
    *,
    mentions_of: Callable[[str], Sequence[Mention]] | None = None,
) -> int:
    """Write the events as Parquet, one row per event with Arrow types and a `sources` list
    column (layout: `eventwire.export_parquet`); returns the number of rows. Needs pyarrow
    (`pip install 'eventwire[bigdata]'`), else raises MissingCapability."""
    from eventwire.export_parquet import write_parquet

    target = str(path_or_stream) if isinstance(path_or_stream, Path) else path_or_stream
    return write_parquet(events, target, mentions_of=mentions_of)


def to_plover(
    events: Iterable[Event],
    *,
    mentions_of: Callable[[str], Sequence[Mention]] | None = None,
    verbal: Iterable[Mention] = (),
) -> str:
    """PLOVER event records as JSON lines: the events, then the verbal (PLOVER-only) mentions
    (layout and mapping: `eventwire.export_plover`)."""
    from eventwire.export_plover import to_plover as plover_lines

    return plover_lines(events, mentions_of=mentions_of, verbal=verbal)


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 48) -> str:
    """A plain fixed-width table; long cells are cut with an ellipsis. Each cell is made one line
    with its control characters shown as escapes (`safe_text.one_line`) before the columns are
    measured, so hostile text can neither break a row nor shift the columns."""
    cells = [[_cut(str(value), max_width) for value in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    return "\n".join(lines)


EVENT_TABLE_HEADER = (
    "event",
    "date",
    "type",
    "sub-event",
    "actor 1",
    "actor 2",
    "location",
    "country",
    "killed",
)


def events_table(events: Sequence[Event]) -> str:
    rows = [
        (
            event.id,
            event.event_date or "?",
            event.event_type,
            event.sub_event_type,
            _label(event.actor1),
            _label(event.actor2),
            event.place.name if event.place else "",
            acled_place(event.place).country if event.place else "",
            event.fatalities,
        )
        for event in events
    ]
    return format_table(EVENT_TABLE_HEADER, rows, max_width=34)


MENTION_TABLE_HEADER = (
    "#",
    "status",
    "date",
    "type / sub-event",
    "plover",
    "actor 1",
    "place",
    "counts",
    "evidence",
)


def mentions_table(mentions: Sequence[Mention]) -> str:
    rows = []
    for mention in mentions:
        types = " / ".join(t for t in (mention.event_type, mention.sub_event_type) if t) or "-"
        counts = ", ".join(
            f"{name} {value}"
            for name, value in (
                ("killed", mention.killed),
                ("injured", mention.injured),
                ("arrested", mention.arrested),
                ("crowd", mention.crowd_size),
            )
            if value is not None
        )
        evidence = mention.evidence[0] if mention.evidence else None
        rows.append(
            (
                mention.rank,
                mention.status,
                mention.event_date or "?",
                types,
                mention.plover_type,
                _label(mention.actor1),
                mention.place.name if mention.place else "",
                counts,
                f"[{evidence.start}:{evidence.end}] {evidence.text}" if evidence else "",
            )
        )
    return format_table(MENTION_TABLE_HEADER, rows, max_width=60)


def _unix_seconds(iso_timestamp: str | None) -> int | str:
    return int(dt.datetime.fromisoformat(iso_timestamp).timestamp()) if iso_timestamp else ""


def _label(actor: Actor | None) -> str:
    return actor.label if actor else ""


def _coordinate(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else ""


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _count(value: int | None) -> str | int:
    return "" if value is None else value


def _cut(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"
