"""What `eventwire run` reads: globs and folders expanded to files, and Parquet files read as
JSONL is read.

A run's unit of work is one input file: each is coded into one part (eventwire.runner.parts), so
the expansion below fixes both what is read and the order the parts are merged in. It keeps the
order `eventwire ingest` reads in: the inputs as given, each glob's matches sorted, each folder's
files in path order (walked by the same rules as ingest, links out of it skipped), so that a run
and an ingest of the same inputs merge the same articles in the same order.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec

from eventwire.errors import InputError
from eventwire.readers import (
    JsonlRecord,
    article_from_record,
    file_suffix,
    guard_file,
    origin_of,
    read_file,
    unexpected_error,
)
from eventwire.records import Article

# Read only by `eventwire run`: a Parquet file is a table of articles with the JSONL fields as
# columns (text or html, id, url, title, published, source, language); other columns are ignored.
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
_GLOB_CHARS = frozenset("*?[")
# Rows read at a time from a Parquet file: a row group may hold millions of articles.
_PARQUET_ROWS_PER_READ = 256


def expand_inputs(patterns: Iterable[str | Path], *, follow_links: bool = False) -> list[Path | InputError]:
    """The input files in reading order, each once, with an error for each folder entry skipped.

    A pattern that names an existing path is that path (a folder: its readable files); one with
    glob characters (`*`, `?`, `[`, and `**` for any depth) is its matches, sorted; a pattern that
    matches nothing is kept as a path, so that reading it reports it missing.
    """
    found: list[Path | InputError] = []
    seen: set[str] = set()
    for item in _expand_patterns(patterns, follow_links=follow_links):
        if isinstance(item, InputError):
            found.append(item)
            continue
        key = os.path.realpath(item)
        if key not in seen:  # overlapping globs: a file read twice would only be skipped as known
            seen.add(key)
            found.append(item)
    return found


def _expand_patterns(patterns: Iterable[str | Path], *, follow_links: bool) -> Iterator[Path | InputError]:
    # The folder walk is the readers' own, so that links out of a folder are refused as in ingest.
    from eventwire.readers import expand_paths as expand_folders

    for pattern in patterns:
        text = str(pattern)
        matches = sorted(glob.glob(text, recursive=True)) if _GLOB_CHARS & set(text) else []
        if Path(text).exists() or not matches:
            matches = [text]
        yield from expand_folders(matches, follow_links=follow_links)


def read_input(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one input file, or an error for each item that cannot be read."""
    if file_suffix(path) in PARQUET_SUFFIXES:
        return read_parquet(path, published=published)
    return read_file(path, published=published)


def read_parquet(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """One article per row, read like one JSONL line each; a bad row or file is an InputError."""
    origin = origin_of(path)
    rows = _read_parquet_rows(path, origin=origin, published=published)
    yield from guard_file(rows, origin=origin, on_unexpected=_not_parquet)


def _not_parquet(error: Exception, *, origin: str) -> InputError:
    # pyarrow's error for a file that is no Parquet, or a surprise
    return InputError(
        f"not a readable Parquet file ({type(error).__name__}: {' '.join(str(error).split())[:200]}); "
        "give a Parquet table with a 'text' or 'html' column, one article a row",
        origin=origin,
    )


def _read_parquet_rows(path: Path, *, origin: str, published: str | None) -> Iterator[Article | InputError]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    columns = [name for name in parquet.schema_arrow.names if name in JsonlRecord.__struct_fields__]
    if not {"text", "html"} & set(columns):
        raise InputError(
            "the table has neither a 'text' nor an 'html' column; give each article's text in one",
            origin=origin,
        )
    number = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_ROWS_PER_READ, columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield _article_from_row(row, origin=f"{origin}:{number}", published=published)


def _article_from_row(row: dict[str, object], *, origin: str, published: str | None) -> Article | InputError:
    """An article from one row, or the InputError that says why the row cannot be one."""
    try:
        record = msgspec.convert({key: value for key, value in row.items() if value is not None}, JsonlRecord)
        return article_from_record(record, origin=origin, published=published)
    except InputError as error:
        return error
    except msgspec.ValidationError as error:
        return InputError(
            f"a column has the wrong type ({error}); the article columns hold text", origin=origin
        )
    except Exception as error:  # one row's surprise must not lose the rows after it
        return unexpected_error(error, origin=origin)


def estimated_articles(path: Path) -> int:
    """About how many articles a file holds, for the progress bar's ETA; corrected when it is done.

    JSONL lines are counted and Parquet rows read from the footer (both cheap and close); a feed
    or archive is guessed from its size; any other file is one article.
    """
    suffix = file_suffix(path)
    try:
        if suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet as pq

            return int(pq.read_metadata(path).num_rows)
        if suffix in (".jsonl", ".ndjson"):
            return _count_lines(path)
        if suffix in (".warc", ".warc.gz", ".rss", ".atom", ".xml"):
            per_article = 15_000 if suffix == ".warc.gz" else 50_000
            return max(1, path.stat().st_size // per_article)
    except Exception:  # an estimate only: the file's own errors are reported when it is read
        return 1
    return 1


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(1, lines)
