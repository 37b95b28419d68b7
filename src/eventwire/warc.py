"""WARC web archives in, Articles out: one per HTML or plain-text page a crawler stored.

Read through `eventwire.readers.read_file`, which picks this reader for .warc and .warc.gz.
A WARC can be gigabytes: records are streamed one at a time with warcio, and only one page's
body is held in memory, bounded by MAX_ARTICLE_BYTES like any other article.

warcio reads a cut-off archive without complaint (a record's body just stops short, a record
whose header was cut is dropped, a gzip member without its end is read as far as it goes), so
the reader checks each record's declared length and what is left after the last one, and
unzips .gz itself with the standard library, which notices a missing end. A damaged archive
gives one InputError naming the record it reached; the articles before it are kept.

An archive is untrusted too, so the bytes warcio is given are counted: a record's header may
take at most MAX_HEADER_BYTES (warcio reads a header line whole, joining its pieces in time that
grows with the square of its length, so one endless line or endless blank lines never end), and
a compressed archive may inflate to at most MAX_INFLATION_RATIO times its size (with a floor,
MIN_INFLATED_BYTES): 2 MB of gzip holds 2 GiB of zeros. Past either limit the archive is not read
further, as when it is damaged. warcio's own gzip detection is switched off, as the reader unzips
the archive itself: an archive zipped twice cannot inflate inside warcio, out of sight of the count.
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
from eventwire.readers import (
    MAX_ARTICLE_BYTES,
    Metadata,
    article_from_html,
    article_from_text,
    origin_of,
    text_codec,
    unexpected_error,
)
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
# A record's WARC and HTTP headers (and the blank lines before them) take a few kB; cookies and
# long URLs can make them tens. More is an endless line or a broken archive, never a page.
MAX_HEADER_BYTES = 1 << 20
# Web pages and WARC headers compress 5 to 20 times; zeros compress a thousand times. The floor
# lets a small archive of very repetitive pages through.
MAX_INFLATION_RATIO = 100
MIN_INFLATED_BYTES = 256 << 20


class _Damaged(Exception):
    """The archive is cut short or corrupt where this was raised."""


class _OverLimit(_Damaged):
    """The archive goes past one of the reader's limits where this was raised."""


def read_warc(path: Path, *, published: str | None = None) -> Iterator[Article | InputError]:
    """One article per stored HTML or text page; other records are passed over without a word."""
    file_origin = origin_of(path)
    if path.stat().st_size == 0:
        raise InputError("the archive is empty; give a WARC file with pages in it", origin=file_origin)
    number = 1  # the record being read, or the next one while warcio looks for it
    with _open(path) as stream:
        try:
            for record in _records(stream):
                yield from _guarded_page(record, origin=f"{file_origin}:record {number}", published=published)
                number += 1
        except _Damaged as error:
            yield _stopped_error(error, read=number - 1, origin=f"{file_origin}:record {number}")


def _stopped_error(error: _Damaged, *, read: int, origin: str) -> InputError:
    """The error for an archive whose reading stopped at a record, and how to read the rest."""
    if isinstance(error, _OverLimit):
        return InputError(
            f"the archive was not read past this record: {error}; {read} records before it were read; "
            "if the archive is genuine, extract its pages (e.g. with `warcio extract`) and read them as files",
            origin=origin,
        )
    return InputError(
        f"the archive is cut short or damaged here ({error}); {read} records before it "
        "were read; fetch or copy the archive again to read the rest",
        origin=origin,
    )


@contextlib.contextmanager
def _open(path: Path) -> Iterator[_Stream]:
    """The archive's bytes, unzipped by the standard library when it is gzip (whatever its name)."""
    with path.open("rb") as raw:
        zipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        if not zipped:
            yield _Stream(raw, inflation_cap=None)
            return
        cap = max(MIN_INFLATED_BYTES, MAX_INFLATION_RATIO * path.stat().st_size)
        yield _Stream(gzip.GzipFile(fileobj=raw), inflation_cap=cap)


class _Stream:
    """The archive's bytes as warcio reads them, counted against the limits, with the last few
    kept to check the end.

    GzipFile raises EOFError when the data stops before a member's end marker, and warcio takes
    EOFError for "no more records"; here it is _Damaged, which warcio lets through.
    """

    def __init__(self, file: io.BufferedIOBase, *, inflation_cap: int | None) -> None:
        self.file = file
        self.tail = bytearray()
        self.inflation_cap = inflation_cap  # None: not compressed, the file's size bounds it
        self.inflated = 0
        self.header_bytes: int | None = None  # counted while warcio reads a record's header

    def start_header(self) -> None:
        self.header_bytes = 0

    def end_header(self) -> None:
        self.header_bytes = None

    def read(self, size: int = -1) -> bytes:
        try:
            # read1, not read: read fills `size` from several gzip reads and loses what they had
            # when one fails at a cut-off end; warcio takes short reads.
            data = self.file.read1(size)
        except EOFError:
            raise _Damaged("the gzip data stops before its end") from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise _Damaged(f"the gzip data is corrupt: {error}") from None
        self._count(len(data))
        self.tail += data
        del self.tail[:-_TAIL_BYTES]
        return data

    def _count(self, size: int) -> None:
        self.inflated += size
        if self.inflation_cap is not None and self.inflated > self.inflation_cap:
            raise _OverLimit(
                f"the compressed archive inflates to more than {self.inflation_cap / 1e6:.0f} MB, "
                f"over {MAX_INFLATION_RATIO} times its size, as no genuine archive does"
            )
        if self.header_bytes is not None:
            self.header_bytes += size
            if self.header_bytes > MAX_HEADER_BYTES:
                raise _OverLimit(
                    f"the record's header runs on for more than {MAX_HEADER_BYTES / 1e6:.0f} MB "
                    "(an endless header line, or endless blank lines)"
                )

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

    archive = ArchiveIterator(stream)
    archive.reader.set_decomp(None)  # unzipped already: see the module's docstring
    records = iter(archive)
    seen = 0
    while True:
        stream.start_header()
        try:
            record = next(records)
        except StopIteration:
            break
        except _Damaged:
            raise
        # warcio raises AttributeError, not ArchiveLoadFailed, when a record's header is cut off
        # before its WARC-Target-URI, and other errors for other garbage; only warcio's own step is
        # guarded, not our code.
        except Exception as error:
            raise _Damaged(f"not a WARC record: {' '.join(str(error).split())[:200]}") from None
        stream.end_header()
        declared = record.rec_headers.get_header("Content-Length") or ""
        if not declared.strip().isdigit():
            raise _Damaged("the record's header stops before its Content-Length")
        seen += 1
        yield record
        _read_to_end(record)
    stream.end_header()
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


def _guarded_page(record: Any, *, origin: str, published: str | None) -> Iterator[Article | InputError]:
    """The record's article or an error for it, whatever went wrong, so the next record is read;
    only a damaged archive or one past a limit stops the reading."""
    try:
        yield from _page(record, origin=origin, published=published)
    except _Damaged:
        raise
    except InputError as error:
        yield error
    except Exception as error:  # one record's surprise must not lose the records after it
        yield unexpected_error(error, origin=origin)


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
    codec = text_codec(charset) if charset else None
    if codec:
        with contextlib.suppress(UnicodeDecodeError):
            return body.decode(codec)
    from trafilatura.utils import decode_file

    return str(decode_file(body))
