"""Readers: files, folders, JSONL, RSS/Atom feeds and WARC archives in, Articles out.

Reading never stops at a bad file: `read_paths` yields an `InputError` for it (naming the file
and line and saying how to fix it) and goes on with the next one. Callers decide whether an
error is fatal (`eventwire code`) or recorded (`eventwire ingest`). Feeds and archives, which
hold many articles each, live in eventwire.feeds and eventwire.warc; `read_file` dispatches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

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
    paths: Iterable[str | Path], *, published: str | None = None
) -> Iterator[Article | InputError]:
    """Every article under the given files and folders, or an error for each unreadable one."""
    for path in _expand(paths):
        yield from read_file(path, published=published)


def read_file(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one file (one, or one per JSONL line, feed item or WARC record), or errors."""
    origin = str(path)
    suffix = file_suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, published=published)
            return
        if suffix in FEED_SUFFIXES or suffix == XML_SUFFIX:
            from eventwire.feeds import read_feed

            yield from read_feed(path, published=published)
            return
        if suffix in WARC_SUFFIXES:
            from eventwire.warc import read_warc

            yield from read_warc(path, published=published)
            return
        raw = _read_bytes(path)
        if suffix in HTML_SUFFIXES or _looks_like_html(raw):
            yield article_from_html(_decode(raw, origin=origin), origin=origin, published=published)
        else:
            yield article_from_text(_decode(raw, origin=origin), origin=origin, published=published)
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(
            f"cannot read the file ({error.strerror}); check the path and permissions", origin=origin
        )


class Metadata(msgspec.Struct, kw_only=True):
    """What an input says about an article besides its text; empty fields are unknown."""

    title: str | None = None  # None: take the headline from the text (plain text) or the page (HTML)
    url: str = ""
    source: str = ""
    language: str = ""
    published: str | None = None
    article_id: str | None = None


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
        article_id=meta.article_id,
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
        article_id=meta.article_id,
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


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _readable(p))
        else:
            yield path


def _readable(path: Path) -> bool:
    suffix = file_suffix(path)
    if suffix == XML_SUFFIX:
        from eventwire.feeds import looks_like_feed

        return looks_like_feed(path)
    return suffix in READABLE_SUFFIXES


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty; give a file with an article in it", origin=str(path))
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the file is {size / 1e6:.1f} MB, more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB one article may have; "
            "if it holds many articles, give them as JSONL, one per line",
            origin=str(path),
        )
    return path.read_bytes()


def _decode(raw: bytes, *, origin: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(
            "this is a binary file, not text, HTML or JSONL; give the article's text", origin=origin
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"the file is not valid UTF-8 (bad byte at offset {error.start}); convert it first, "
            "e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`",
            origin=origin,
        ) from None


_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def _looks_like_html(raw: bytes) -> bool:
    return bool(_HTML_START.match(raw[:1024]))


def _split_headline(text: str) -> tuple[str, str]:
    stripped = text.lstrip("\n")
    first, separator, rest = stripped.partition("\n")
    if separator and rest.startswith("\n") and 0 < len(first.strip()) <= MAX_TITLE_CHARS and rest.strip():
        return first.strip(), rest.lstrip("\n")
    return "", text


_JSONL_DECODER = msgspec.json.Decoder(JsonlRecord)


def _read_jsonl(path: Path, *, published: str | None) -> Iterator[Article | InputError]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                yield _article_from_jsonl_line(line, origin=origin, published=published)
            except InputError as error:
                yield error


def _article_from_jsonl_line(line: bytes, *, origin: str, published: str | None) -> Article:
    if len(line) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"the line is {len(line) / 1e6:.1f} MB, more than one article may have", origin=origin
        )
    try:
        record = _JSONL_DECODER.decode(line)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise InputError(
            f"not a valid JSON article ({error}); each line must be an object like "
            '{"text": "...", "title": "...", "published": "2022-01-06"}',
            origin=origin,
        ) from None
    metadata = Metadata(
        title=record.title,
        url=record.url,
        source=record.source,
        language=record.language,
        published=record.published,
        article_id=record.id,
    )
    if record.text is not None and record.text.strip():
        return article_from_text(record.text, origin=origin, published=published, metadata=metadata)
    if record.html is not None and record.html.strip():
        return article_from_html(record.html, origin=origin, published=published, metadata=metadata)
    raise InputError('the line has neither "text" nor "html"; give the article in one of them', origin=origin)
