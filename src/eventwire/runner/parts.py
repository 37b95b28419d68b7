"""Mention parts: one Parquet file per input file, holding what coding it gave, in input order.

A part has one row per item the input held: an article with its mentions (each Mention's msgspec
JSON in a list column, the Article's in a string column, so reading back gives equal objects),
an article the pipeline could not code (its error), or an input error (a line or record that
could not be read). A few typed columns beside them (origin, article id, published, mention
count) make parts easy to look at with DuckDB or pandas.

Resume rests on two facts. A part is written under a temporary name and renamed when complete,
so a part under its final name is whole. And it carries the fingerprint of what it was coded
from (input path, size, modification time, `--published`, part format): a part whose input has
changed since is coded again, never reused.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import msgspec

from eventwire.errors import InputError
from eventwire.pipeline import Doc
from eventwire.readers import origin_of
from eventwire.records import Article, Mention

PART_FORMAT = 1
PART_SUFFIX = ".parquet"
TEMP_SUFFIX = ".tmp"
_META_KEY = b"eventwire.part"
_COUNTS_KEY = b"eventwire.counts"
# Items per Parquet row group: bounds what a worker holds while it codes a large archive.
_ROWS_PER_GROUP = 256

ItemKind = Literal["article", "coding_error", "input_error"]


class Fingerprint(msgspec.Struct, frozen=True, kw_only=True):
    """What a part was coded from; a part is reused only when its input still matches."""

    input: str
    size: int
    mtime_ns: int
    published: str | None
    format: int = PART_FORMAT


class PartCounts(msgspec.Struct, kw_only=True):
    """What one part holds, written into its footer when it is complete."""

    articles: int = 0  # articles read (coded or failed in coding)
    input_errors: int = 0
    coding_errors: int = 0
    mentions: int = 0
    seconds: float = 0.0  # time spent coding (reading, stages, writing) in the worker


def fingerprint_of(path: Path, *, published: str | None) -> Fingerprint:
    try:
        stat = path.stat()
        size, mtime_ns = stat.st_size, stat.st_mtime_ns
    except OSError:  # missing or unreadable: the part records that error; recode it next time
        size, mtime_ns = -1, -1
    return Fingerprint(
        input=origin_of(os.path.abspath(path)), size=size, mtime_ns=mtime_ns, published=published
    )


def part_path(out: Path, path: Path) -> Path:
    """The part for one input: a readable stem, and a hash of the input's absolute path that
    keeps two inputs called `day1.jsonl` in different folders apart."""
    digest = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.name)[:60]
    return out / f"{stem}-{digest}{PART_SUFFIX}"


def read_fingerprint(part: Path) -> Fingerprint | None:
    """The fingerprint in a part's footer; None when there is no complete, readable part."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(part).metadata or {}
        return msgspec.json.decode(meta[_META_KEY], type=Fingerprint)
    except Exception:  # missing, or not a part eventwire wrote: code the input again
        return None


def read_counts(part: Path) -> PartCounts:
    import pyarrow.parquet as pq

    meta = pq.read_metadata(part).metadata or {}
    return msgspec.json.decode(meta.get(_COUNTS_KEY, b"{}"), type=PartCounts)


def is_complete(part: Path, fingerprint: Fingerprint) -> bool:
    """Whether a part can be reused: it exists under its final name and matches its input."""
    return part.is_file() and read_fingerprint(part) == fingerprint


def remove_temporary_parts(out: Path) -> None:
    """Parts a killed run left half-written; only ever under a temporary name."""
    for leftover in out.glob(f".*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("position", pa.int64()),
            ("kind", pa.string()),
            ("origin", pa.string()),
            ("article_id", pa.string()),
            ("published", pa.string()),
            ("n_mentions", pa.int32()),
            ("article", pa.string()),  # the Article's msgspec JSON
            ("mentions", pa.list_(pa.string())),  # each Mention's msgspec JSON
            ("error", pa.string()),
        ]
    )


_ENCODER = msgspec.json.Encoder()


def _row(position: int, item: Doc | InputError) -> dict[str, Any]:
    if isinstance(item, InputError):
        return {"position": position, "kind": "input_error", "origin": item.origin, "error": str(item)}
    article = item.article
    return {
        "position": position,
        "kind": "coding_error" if item.error else "article",
        "origin": article.origin,
        "article_id": article.id,
        "published": article.published,
        "n_mentions": len(item.mentions),
        "article": _ENCODER.encode(article).decode("utf-8"),
        "mentions": [_ENCODER.encode(mention).decode("utf-8") for mention in item.mentions],
        "error": item.error,
    }


class PartWriter:
    """Writes one part, a row group at a time, under a temporary name; `commit` makes it whole
    under its final name, and leaving the `with` block without committing removes it."""

    def __init__(self, part: Path, fingerprint: Fingerprint) -> None:
        import pyarrow.parquet as pq

        self.part = part
        self.temp = part.with_name(f".{part.name}.{os.getpid()}{TEMP_SUFFIX}")
        self.counts = PartCounts()
        schema = _schema().with_metadata({_META_KEY: msgspec.json.encode(fingerprint)})
        self._writer = pq.ParquetWriter(self.temp, schema)
        self._rows: list[dict[str, Any]] = []
        self._position = 0
        self._committed = False

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._committed:
            self._writer.close()
            self.temp.unlink(missing_ok=True)

    def add(self, item: Doc | InputError) -> None:
        """The next item of the input, in input order."""
        row = _row(self._position, item)
        self._position += 1
        self._count(row)
        self._rows.append(row)
        if len(self._rows) >= _ROWS_PER_GROUP:
            self._flush()

    def commit(self, *, seconds: float) -> PartCounts:
        """Finish the part and give it its final name; durable before the rename, so that a part
        under its final name is complete even after a power cut."""
        self._flush()
        self.counts.seconds = seconds
        self._writer.add_key_value_metadata({_COUNTS_KEY: msgspec.json.encode(self.counts)})
        self._writer.close()
        descriptor = os.open(self.temp, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(self.temp, self.part)
        self._committed = True
        return self.counts

    def _count(self, row: dict[str, Any]) -> None:
        if row["kind"] == "input_error":
            self.counts.input_errors += 1
            return
        self.counts.articles += 1
        self.counts.mentions += row["n_mentions"]
        if row["kind"] == "coding_error":
            self.counts.coding_errors += 1

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._writer.schema))
            self._rows = []


_MENTION_DECODER = msgspec.json.Decoder(Mention)
_ARTICLE_DECODER = msgspec.json.Decoder(Article)


def read_part(part: Path) -> Iterator[Doc | InputError]:
    """A part's items in input order: a Doc (article, mentions, coding error) or an InputError."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(part)
    for batch in parquet.iter_batches(batch_size=_ROWS_PER_GROUP):
        for row in batch.to_pylist():
            yield _item(row)


def _item(row: dict[str, Any]) -> Doc | InputError:
    if row["kind"] == "input_error":
        error = InputError(row["error"])  # the message already names its origin
        error.origin = row["origin"]
        return error
    return Doc(
        article=_ARTICLE_DECODER.decode(row["article"]),
        mentions=[_MENTION_DECODER.decode(text) for text in row["mentions"] or []],
        error=row["error"],
    )
