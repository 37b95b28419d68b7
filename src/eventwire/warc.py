"""WARC web archives in, Articles out: one per HTML or plain-text page a crawler stored.

Read through `eventwire.readers.read_file`, which picks this reader for .warc and .warc.gz.
A WARC can be gigabytes: records are streamed one at a time with warcio, and only one page's
body is held in memory, bounded by MAX_ARTICLE_BYTES like any other article.

warcio reads a cut-off archive without complaint (a record's body just stops short, a record
whose header was cut is dropped, a gzip member without its end is read as far as it goes), so
the reader checks each record's declared length and what is left after the last one, and
unzips .gz itself with the standard library, which notices a missing end. A damaged archive
gives one InputError naming the record it reached; the articles before it are kept.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.readers import MAX_ARTICLE_BYTES, Metadata, article_from_html, article_from_text
from eventwire.records import Article

# A page as served (response) or stored without its HTTP exchange (resource); request,
# metadata, revisit, conversion and warcinfo records hold no article.
_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
# Enough of the archive's end to see what follows its last whole record: blank lines, or the
# start of a record whose rest the file lost.
_TAIL_BYTES = 1 << 16
_CHUNK_BYTES = 1 << 20


class _Damaged(Exception):
    """The archive is cut short or corrupt where this was raised."""


def read_warc(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """One article per stored HTML or text page; other records are passed over without a word."""
    if path.stat().st_size == 0:
        raise InputError("the archive is empty; give a WARC file with pages in it", origin=str(path))
    number = 1  # the record being read, or the next one while warcio looks for it
    with _open(path) as stream:
        try:
            for record in _records(stream):
                yield from _page(record, origin=f"{path}:record {number}", published=published)
                number += 1
        except _Damaged as error:
            yield InputError(
                f"the archive is cut short or damaged here ({error}); {number - 1} records before it "
                "were read; fetch or copy the archive again to read the rest",
                origin=f"{path}:record {number}",
            )


@contextlib.contextmanager
def _open(path: Path) -> Iterator[_Stream]:
    """The archive's bytes, unzipped by the standard library when it is gzip (whatever its name)."""
    with path.open("rb") as raw:
        zipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        yield _Stream(gzip.GzipFile(fileobj=raw) if zipped else raw)


class _Stream:
    """The archive's bytes as warcio reads them, with the last few kept to check the end.

    GzipFile raises EOFError when the data stops before a member's end marker, and warcio takes
    EOFError for "no more records"; here it is _Damaged, which warcio lets through.
    """

    def __init__(self, file: io.BufferedIOBase) -> None:
        self.file = file
        self.tail = bytearray()

    def read(self, size: int = -1) -> bytes:
        try:
            # read1, not read: read fills `size` from several gzip reads and loses what they had
            # when one fails at a cut-off end; warcio takes short reads.
            data = self.file.read1(size)
        except EOFError:
            raise _Damaged("the gzip data stops before its end") from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise _Damaged(f"the gzip data is corrupt: {error}") from None
        self.tail += data
        del self.tail[:-_TAIL_BYTES]
        return data

    def tell(self) -> int:
        return self.file.tell()

    def read_after(self, offset: int) -> bytes | None:
        """What was read after `offset`, or None if that is more than was kept."""
        count = self.tell() - offset
        if count > len(self.tail):
            return None
        return bytes(self.tail[len(self.tail) - count :]) if count > 0 else b""


def _records(stream: _Stream) -> Iterator[Any]:
    """warcio's records, checked whole; _Damaged where the archive breaks."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    archive = ArchiveIterator(stream)
    records = iter(archive)
    seen = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        # warcio raises AttributeError, not ArchiveLoadFailed, when a record's header is cut off
        # before its WARC-Target-URI; only warcio's own step is guarded, not our code.
        except (ArchiveLoadFailed, AttributeError, ValueError) as error:
            raise _Damaged(f"not a WARC record: {' '.join(str(error).split())[:200]}") from None
        declared = record.rec_headers.get_header("Content-Length") or ""
        if not declared.strip().isdigit():
            raise _Damaged("the record's header stops before its Content-Length")
        seen += 1
        yield record
        _read_to_end(record)
    _check_nothing_left(archive, stream, seen=seen)


def _read_to_end(record: Any) -> None:
    """Skip what the reader left of the record, then check that it had all it declared."""
    while record.raw_stream.read(_CHUNK_BYTES):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise _Damaged(f"the record stops {missing} bytes before its declared length")


def _check_nothing_left(archive: Any, stream: _Stream, *, seen: int) -> None:
    """What follows the last whole record must be only blank lines (those that close it)."""
    end = archive.get_record_offset() + archive.get_record_length() if seen else 0
    rest = stream.read_after(end)
    if rest is None or rest.strip():
        raise _Damaged("the archive stops inside a record's header")


def _page(record: Any, *, origin: str, published: str | None) -> Iterator[Article | InputError]:
    """The record's article, if it is a stored page; an error if that page cannot be read."""
    kind, charset = _page_type(record)
    if kind is None:
        return
    body = _body(record, origin=origin)
    _read_to_end(record)  # a page cut off by the end of the archive is no article
    if isinstance(body, InputError):
        yield body
        return
    # WARC-Date is when the crawler fetched the page, not when it was published: it is not used.
    # The page's metadata dates it, else --published, else the dateline (read by the dates stage).
    metadata = Metadata(url=record.rec_headers.get_header("WARC-Target-URI") or "")
    try:
        text = _decode(body, charset)
        if kind == "html":
            yield article_from_html(text, origin=origin, published=published, metadata=metadata)
        else:
            yield article_from_text(text, origin=origin, published=published, metadata=metadata)
    except InputError as error:
        yield error


def _page_type(record: Any) -> tuple[str | None, str]:
    """A stored page's kind ("html" or "text") and declared charset; None for any other record."""
    if record.rec_type not in _PAGE_RECORDS:
        return None, ""
    if record.rec_type == "response":
        headers = record.http_headers
        # Redirects, errors and "not modified" are not the story, even when they hold HTML.
        if headers is None or not headers.get_statuscode().startswith("2"):
            return None, ""
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.content_type or ""
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    kind = "html" if media in _HTML_TYPES else "text" if media in _TEXT_TYPES else None
    return kind, _charset(parameters)


def _charset(parameters: str) -> str:
    """The charset of "text/html; charset=utf-8", or "" when the server did not say."""
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            return value.strip(" \"'")
    return ""


def _body(record: Any, *, origin: str) -> bytes | InputError:
    """The page as served, unchunked and decompressed, or an error if it is too big or garbled."""
    try:
        body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    except (zlib.error, ValueError, OSError) as error:
        return InputError(
            f"the page's body cannot be decoded ({error}); the archive's other records are read",
            origin=origin,
        )
    if len(body) > MAX_ARTICLE_BYTES:
        return InputError(
            f"the page is more than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB one article may have; "
            "the archive's other records are read",
            origin=origin,
        )
    return body


def _decode(body: bytes, charset: str) -> str:
    """The page as text: its declared charset, else detected as trafilatura does for HTML files."""
    if charset:
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return body.decode(charset)
    from trafilatura.utils import decode_file

    return str(decode_file(body))
