"""Readers: files, folders, JSONL, RSS/Atom feeds and WARC archives in, Articles out.

Reading never stops at a bad input: `read_paths` yields an `InputError` for each file, JSONL
line, feed item or WARC record that cannot be read (naming the file and line or record and
saying how to fix it) and goes on with the next one. Callers decide whether an error is fatal
(`eventwire code`) or recorded (`eventwire ingest`). Feeds and archives, which hold many articles
each, live in eventwire.feeds and eventwire.warc; `read_file` dispatches.

Input is untrusted, so every reader holds limits whatever the bytes say: one article's size
(MAX_ARTICLE_BYTES), JSON and XML nesting (MAX_NESTING_DEPTH), and in eventwire.warc the size of
a record's header and how far a compressed archive may inflate. Anything else that goes wrong
while reading one item (a bug, a library's surprise) is caught at that item's boundary and
reported like any other bad input: a traceback never ends a batch. Folders are walked without
following links out of them unless asked (`follow_links`), and the origin of every article and
error is valid UTF-8 text, whatever bytes a file name holds.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import msgspec

from eventwire.dateline import DATELINE_CHARS, read_dateline
from eventwire.errors import InputError
from eventwire.records import Article, make_article, parse_iso_day

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom"})
WARC_SUFFIXES = frozenset({".warc", ".warc.gz"})
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES
# .xml is read as a feed when its root element is <rss>, <feed> or <rdf:RDF>. In a folder other
# XML (sitemaps, configs) is passed over like any unreadable suffix; named on its own it is an error.
XML_SUFFIX = ".xml"

# One article larger than this is almost surely not one article (a dump, a binary, a whole site).
# JSONL files, feeds and archives hold many articles, so only each line, item or record is bounded.
MAX_ARTICLE_BYTES = 10_000_000
MAX_TITLE_CHARS = 200
# No article needs more than a few levels of JSON or XML; thousands of them are an attack on the
# parser's stack (RecursionError, or a crash in C) or a broken generator, never a story.
MAX_NESTING_DEPTH = 100


class JsonlRecord(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """One line of an input JSONL file."""

    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str = ""
    title: str = ""
    published: str | None = None
    source: str = ""
    language: str = ""


def read_paths(
    paths: Iterable[str | Path], *, published: str | None = None, follow_links: bool = False
) -> Iterator[Article | InputError]:
    """Every article under the given files and folders, or an error for each unreadable one.

    Links inside a folder that point out of it are skipped with an error unless `follow_links`:
    ingesting a folder of downloads must not read the system's files. Paths given by name are
    read wherever they point.
    """
    for path in expand_paths(paths, follow_links=follow_links):
        if isinstance(path, InputError):
            yield path
        else:
            yield from read_file(path, published=published)


def read_file(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one file (one, or one per JSONL line, feed item or WARC record), or errors.

    This is the last guard of the file: whatever a reader raises becomes an InputError for the
    file, after the items already read; the readers guard each of their items the same way.
    """
    origin = origin_of(path)
    yield from guard_file(_read_by_kind(path, origin=origin, published=published), origin=origin)


def guard_file(
    items: Iterator[Article | InputError],
    *,
    origin: str,
    on_unexpected: Callable[..., InputError] | None = None,
) -> Iterator[Article | InputError]:
    """A file's items, then an InputError for whatever stopped the file early: what it raised
    itself, a read error, or (through `on_unexpected`) a bug or a library's surprise, which must
    not end the batch."""
    try:
        yield from items
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(
            f"cannot read the file ({error.strerror or error}); check the path and permissions",
            origin=origin,
        )
    except Exception as error:
        yield (on_unexpected or unexpected_error)(error, origin=origin)


def _read_by_kind(path: Path, *, origin: str, published: str | None) -> Iterator[Article | InputError]:
    suffix = file_suffix(path)
    if path.exists() and not path.is_file():
        raise InputError(
            "not a regular file (a folder, device or pipe); give the article files themselves",
            origin=origin,
        )
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, published=published)
    elif suffix in FEED_SUFFIXES or suffix == XML_SUFFIX:
        from eventwire.feeds import read_feed

        yield from read_feed(path, published=published)
    elif suffix in WARC_SUFFIXES:
        from eventwire.warc import read_warc

        yield from read_warc(path, published=published)
    else:
        text = _decode(_read_bytes(path, origin=origin), origin=origin)
        if suffix in HTML_SUFFIXES or _looks_like_html(text):
            yield article_from_html(text, origin=origin, published=published)
        else:
            yield article_from_text(text, origin=origin, published=published)


def origin_of(path: str | Path) -> str:
    """The path as valid UTF-8 text, to name it in articles and errors.

    A file name is bytes; those that are not UTF-8 come from the file system as lone surrogates,
    which the store cannot write ("surrogates not allowed") and a terminal cannot print. They are
    written as backslash escapes instead (b"caf\\xe9.txt" becomes "caf\\xe9.txt").
    """
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a str with surrogates that no file system name could hold
        return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def unexpected_error(error: Exception, *, origin: str) -> InputError:
    """An InputError for an exception no reader expected, so that one input cannot end a batch."""
    detail = " ".join(str(error).split())[:200]
    return InputError(
        f"this input could not be read ({type(error).__name__}: {detail}); it was skipped and the "
        "rest was read; check the input, and if it looks valid report this message with it",
        origin=origin,
    )


class Metadata(msgspec.Struct, kw_only=True):
    """What an input says about an article besides its text; empty fields are unknown."""

    title: str | None = None  # None: take the headline from the text (plain text) or the page (HTML)
    url: str = ""
    source: str = ""
    language: str = ""
    published: str | None = None
    source_id: str | None = None  # an id the input gave; the article's key is its content hash


def article_from_text(
    content: str, *, origin: str = "", published: str | None = None, metadata: Metadata | None = None
) -> Article:
    """An article from plain text. A short first line followed by a blank line is its headline."""
    meta = metadata or Metadata()
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    title = meta.title
    if title is None:
        title, text = _split_headline(text)
    if not text.strip():
        raise InputError("the article has no text; give a file with the story in it", origin=origin)
    return make_article(
        text,
        title=title,
        url=meta.url,
        source=meta.source or source_from_dateline(text),
        language=meta.language,
        published=published_from(meta.published, fallback=published, text=text, origin=origin),
        origin=origin,
        source_id=meta.source_id,
    )


def article_from_html(
    html: str, *, origin: str = "", published: str | None = None, metadata: Metadata | None = None
) -> Article:
    """An article from an HTML page, navigation, ads and boilerplate removed by trafilatura."""
    import trafilatura

    meta = metadata or Metadata()
    page = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(page, "text", None) or ""
    if not text.strip():
        raise InputError(
            "no article text found in the HTML page (trafilatura found only boilerplate); "
            "check that the page holds the story, or give its text as a .txt file",
            origin=origin,
        )
    return make_article(
        text,
        title=meta.title or getattr(page, "title", None) or "",
        url=meta.url or getattr(page, "url", None) or "",
        source=meta.source or getattr(page, "sitename", None) or source_from_dateline(text),
        language=meta.language,
        published=published_from(
            meta.published or getattr(page, "date", None), fallback=published, origin=origin
        ),
        origin=origin,
        source_id=meta.source_id,
    )


def published_from(
    value: str | None, *, fallback: str | None = None, text: str = "", origin: str = ""
) -> str | None:
    """The publication date as YYYY-MM-DD: from metadata, else `--published`, else the dateline's
    date or a full date stated in the first lines (what the timex reference date reads)."""
    for candidate in (value, fallback):
        if candidate:
            return parse_iso_date(candidate, origin=origin)
    from eventwire.timex import find_reference_date

    dateline = find_reference_date(text[:DATELINE_CHARS])
    return dateline.isoformat() if dateline else None


def source_from_dateline(text: str) -> str:
    """The news agency named in the dateline, when the input's metadata does not name a source."""
    agency = read_dateline(text).agency
    return agency.name if agency else ""


def parse_iso_date(value: str, *, origin: str = "") -> str:
    """Accept YYYY-MM-DD or an ISO timestamp; say what is wrong otherwise."""
    day = parse_iso_day(value)
    if day is None:
        raise InputError(
            f"publication date {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-01-06",
            origin=origin,
        )
    return day.isoformat()


def file_suffix(path: Path) -> str:
    """The suffix that says how to read a file: ".warc.gz" counts as one, unlike Path.suffix."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


# Codecs that turn escapes into any character (lone surrogates too): no page or feed is written
# in them, and their text could not be stored.
_ESCAPE_CODECS = frozenset({"unicode-escape", "raw-unicode-escape"})


def text_codec(charset: str) -> str | None:
    """Python's name for a charset a page or feed declares; None when Python does not know it or
    it is no text encoding (rot13, base64, unicode_escape: names an attacker may give)."""
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _ESCAPE_CODECS:
        return None
    return info.name


def expand_paths(paths: Iterable[str | Path], *, follow_links: bool) -> Iterator[Path | InputError]:
    """The files named, and the readable files of the folders named (links out of a folder are
    an InputError each unless `follow_links`)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _folder_files(path, follow_links=follow_links)
        else:
            yield path


def _folder_files(folder: Path, *, follow_links: bool) -> Iterator[Path | InputError]:
    """The readable files under a folder in path order, with an error for each link out of it
    that is not followed and each subfolder that cannot be listed."""
    root = Path(os.path.realpath(folder))
    found: list[tuple[Path, InputError | None]] = []
    visited = {root}  # real folders walked, so that a link to a parent cannot loop for ever
    pending = [folder]
    while pending:
        directory = pending.pop()
        for path, error in _folder_entries(directory, root=root, follow_links=follow_links):
            real = Path(os.path.realpath(path))
            if error is None and path.is_dir():
                if real not in visited and (follow_links or not path.is_symlink()):
                    visited.add(real)
                    pending.append(path)
            elif error is not None or (path.is_file() and _readable(path)):
                found.append((path, error))
    for path, error in sorted(found, key=lambda pair: pair[0]):
        yield error if error is not None else path


def _folder_entries(
    directory: Path, *, root: Path, follow_links: bool
) -> Iterator[tuple[Path, InputError | None]]:
    """The entries of one folder; an error instead of a link out of the folder not to follow."""
    try:
        with os.scandir(directory) as scan:
            entries = [Path(entry.path) for entry in scan]
    except OSError as error:
        yield (
            directory,
            InputError(
                f"cannot list the folder ({error.strerror or error}); check its permissions",
                origin=origin_of(directory),
            ),
        )
        return
    for path in entries:
        if follow_links or not path.is_symlink() or _inside(path, root):
            yield path, None
        elif path.is_dir() or (path.exists() and file_suffix(path) in READABLE_SUFFIXES | {XML_SUFFIX}):
            target = origin_of(os.path.realpath(path))
            yield (
                path,
                InputError(
                    f"this is a link to {target}, outside the folder being read, so it was skipped: "
                    "a folder's links must not read other files on the system; to read it anyway pass "
                    "--follow-links (follow_links=True), or copy the file into the folder",
                    origin=origin_of(path),
                ),
            )


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root)


def _readable(path: Path) -> bool:
    suffix = file_suffix(path)
    if suffix == XML_SUFFIX:
        from eventwire.feeds import looks_like_feed

        return looks_like_feed(path)
    return suffix in READABLE_SUFFIXES


def _read_bytes(path: Path, *, origin: str) -> bytes:
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise _too_big_file(size, origin=origin)
    with path.open("rb") as handle:
        raw = handle.read(MAX_ARTICLE_BYTES + 1)  # bounded: the file may grow after stat
    if not raw:
        raise InputError("the file is empty; give a file with an article in it", origin=origin)
    if len(raw) > MAX_ARTICLE_BYTES:
        raise _too_big_file(len(raw), origin=origin)
    return raw


def _too_big_file(size: int, *, origin: str) -> InputError:
    return InputError(
        f"the file is {size / 1e6:.1f} MB, more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB one article may have; "
        "if it holds many articles, give them as JSONL, one per line",
        origin=origin,
    )


# UTF-16 and UTF-32 text starts with one of these marks when written by Windows tools; UTF-32's
# little-endian mark begins with UTF-16's, so it is looked for first.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(raw: bytes, *, origin: str) -> str:
    """A text or HTML file's text: UTF-8, or UTF-16/32 when a byte order mark says so."""
    wide = next((codec for mark, codec in _WIDE_BOMS if raw.startswith(mark)), None)
    if wide is None and b"\x00" in raw[:8192]:
        raise InputError(
            "this is a binary file, not text, HTML or JSONL; give the article's text", origin=origin
        )
    try:
        text = raw.decode(wide or "utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"the file is not valid {(wide or 'utf-8').upper()} (bad byte at offset {error.start}); "
            "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`",
            origin=origin,
        ) from None
    if wide and "\x00" in text[:4096]:  # a binary file that happens to start like a mark
        raise InputError(
            "this is a binary file, not text, HTML or JSONL; give the article's text", origin=origin
        )
    return text


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1024]))


def _split_headline(text: str) -> tuple[str, str]:
    stripped = text.lstrip("\n")
    first, separator, rest = stripped.partition("\n")
    if separator and rest.startswith("\n") and 0 < len(first.strip()) <= MAX_TITLE_CHARS and rest.strip():
        return first.strip(), rest.lstrip("\n")
    return "", text


_JSONL_DECODER = msgspec.json.Decoder(JsonlRecord)


def _read_jsonl(path: Path, *, published: str | None) -> Iterator[Article | InputError]:
    file_origin = origin_of(path)
    with path.open("rb") as handle:
        for number, line in _bounded_lines(handle):
            origin = f"{file_origin}:{number}"
            try:
                yield _article_from_jsonl_line(line, origin=origin, published=published)
            except InputError as error:
                yield error
            except Exception as error:  # one line's surprise must not lose the lines after it
                yield unexpected_error(error, origin=origin)


def _bounded_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """The file's non-blank lines, numbered. A line longer than one article may be is cut at
    MAX_ARTICLE_BYTES + 1 (which the line's reader refuses) and the rest of it skipped, so an
    endless line is never all in memory."""
    number = 0
    while line := handle.readline(MAX_ARTICLE_BYTES + 1):
        number += 1
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                pass
        if line.strip():
            yield number, line


_SKIP_BYTES = 1 << 20


def _article_from_jsonl_line(line: bytes, *, origin: str, published: str | None) -> Article:
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the line is more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB one article may have; "
            "split the article or leave it out",
            origin=origin,
        )
    _check_json_depth(line, origin=origin)
    try:
        record = _JSONL_DECODER.decode(line)
    except UnicodeDecodeError as error:
        raise InputError(
            f"the line is not valid UTF-8 (bad byte at offset {error.start}); JSONL is UTF-8: convert "
            "the file, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`",
            origin=origin,
        ) from None
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as error:
        raise InputError(
            f"not a valid JSON article ({_one_line(error)}); each line must be a UTF-8 JSON object like "
            '{"text": "...", "title": "...", "published": "2022-01-06"}',
            origin=origin,
        ) from None
    return article_from_record(record, origin=origin, published=published)


def article_from_record(record: JsonlRecord, *, origin: str, published: str | None) -> Article:
    """An article from a decoded JSONL line or table row: its text if there is any, else its HTML
    page, each within the size one article may have."""
    metadata = Metadata(
        title=record.title,
        url=record.url,
        source=record.source,
        language=record.language,
        published=record.published,
        source_id=record.id,
    )
    body, kind = (record.text, "text") if record.text and record.text.strip() else (record.html, "html")
    if not body or not body.strip():
        raise InputError('the article has neither "text" nor "html"; give it in one of them', origin=origin)
    if len(body.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the {kind} is more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB one article may have; "
            "split the article or leave it out",
            origin=origin,
        )
    if kind == "text":
        return article_from_text(body, origin=origin, published=published, metadata=metadata)
    return article_from_html(body, origin=origin, published=published, metadata=metadata)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


# A JSON string (whose brackets are text) or one bracket: what nesting depth is counted from.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _check_json_depth(line: bytes, *, origin: str) -> None:
    """Refuse JSON nested deeper than MAX_NESTING_DEPTH before the decoder recurses into it."""
    if line.count(b"[") + line.count(b"{") <= MAX_NESTING_DEPTH:
        return  # too few brackets to be that deep: skip the scan, as for almost every line
    depth = 0
    for token in _JSON_TOKEN.finditer(line):
        bracket = token.group()
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                raise InputError(
                    f"the JSON is nested more than {MAX_NESTING_DEPTH} levels deep, which no article "
                    "needs; give each article as one flat object",
                    origin=origin,
                )
        elif bracket in (b"]", b"}"):
            depth -= 1
