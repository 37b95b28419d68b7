"""Hostile inputs: many kinds of bad files with good articles among them, and an ingest that
counts what came through.

`write_inputs(folder, count)` writes `count` bad inputs (bad bytes and encodings, deep nesting,
endless lines, absurd dates, cut and inflating archives, broken XML, entity bombs, binary junk,
empty files, odd file names, links out of a folder, a pipe) and one good article after every
four of them. Some bad inputs hold good articles too (the good line after a bad JSONL line, a
feed in Shift_JIS, an item with an absurd date): each good article carries a marker
("GOOD-000123") so that the store can be searched for it afterwards.

`ingest_inputs(inputs, store_path)` ingests each input on its own into one SQLite store, as
`eventwire ingest` would, and returns an `Outcome`: tracebacks (0 expected), errors recorded,
good articles stored against those expected, and the slowest input.

    python -m tests.hostile_inputs 3000        # the real pipeline; prints a summary
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import random
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from eventwire.pipeline import Pipeline

# An input taking longer than this counts as a hang (the bar).
HANG_SECONDS = 30
# The zero body of an inflating archive: past eventwire.warc's floor of 256 MiB, so that the
# inflation limit is what stops it. Tests lower both.
BODY_BOMB_BYTES = 300 << 20
MARKER = re.compile(r"GOOD-\d{6}")


@dataclass
class Input:
    path: Path
    kind: str
    markers: list[str] = field(default_factory=list)  # the good articles it holds


@dataclass
class Outcome:
    bad_inputs: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    errors_recorded: int = 0
    good_expected: int = 0
    good_stored: int = 0
    missing: list[str] = field(default_factory=list)  # markers of good articles not stored
    slowest_seconds: float = 0.0
    slowest_kind: str = ""


class _Writer:
    """Writes one input after another into a folder, numbering files and good articles."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng
        self.count = 0
        self.markers = 0

    def path(self, kind: str, suffix: str) -> Path:
        self.count += 1
        return self.folder / f"{self.count:05d}-{kind}{suffix}"

    def marker(self) -> str:
        self.markers += 1
        return f"GOOD-{self.markers:06d}"

    def story(self, marker: str) -> tuple[str, str]:
        """A small, unique, plausible news story (title, text) carrying the marker."""
        town = self.rng.choice(["Nakuru", "Kisumu", "Accra", "Tamale", "Lima", "Cusco", "Sfax"])
        group = self.rng.choice(["Teachers", "Nurses", "Traders", "Students", "Farmers"])
        title = f"{group} protest in {town} ({marker})"
        text = (
            f"{town.upper()}, March 3, 2023 -- Hundreds of {group.lower()} protested outside the "
            f"district offices in {town} on Monday over unpaid wages. Police watched the march. "
            f"Reference {marker}."
        )
        return title, text

    def good_text(self, kind: str = "good", suffix: str = ".txt") -> Input:
        marker = self.marker()
        title, text = self.story(marker)
        path = self.path(kind, suffix)
        path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        return Input(path, kind, [marker])

    def good_jsonl_line(self) -> tuple[bytes, str]:
        marker = self.marker()
        title, text = self.story(marker)
        line = f'{{"title": "{title}", "text": "{text}", "published": "2023-03-03"}}\n'
        return line.encode(), marker


def write_inputs(folder: Path, count: int, *, seed: int = 15) -> list[Input]:
    """`count` bad inputs under `folder`, a good article after every four."""
    writer = _Writer(folder, random.Random(seed))
    inputs: list[Input] = []
    for number in range(count):
        kind = _rare_kind(number) or _ROUND[number % len(_ROUND)]
        inputs.append(BAD_KINDS[kind](writer))
        if number % 4 == 3:
            inputs.append(writer.good_text())
    return inputs


def _rare_kind(number: int) -> str | None:
    """Inputs of 10 MB or more, written rarely to keep the run's disk and time small."""
    if number % 500 == 250:
        return "text_over_the_size_limit"
    if number % 500 == 499:
        return "jsonl_endless_line"
    return None


# -- bad inputs, one function each ---------------------------------------------------------------


def _latin1_text(w: _Writer) -> Input:
    path = w.path("latin1_text", ".txt")
    path.write_bytes("Manifestantes em Brasília na segunda-feira.".encode("latin-1"))
    return Input(path, "latin1_text")


def _text_with_nul(w: _Writer) -> Input:
    path = w.path("text_with_nul", ".txt")
    path.write_bytes(b"Police\x00fired\x00tear gas.")
    return Input(path, "text_with_nul")


def _utf16_text(w: _Writer) -> Input:
    path = w.path("utf16_text", ".txt")
    path.write_bytes("Farmers blocked the road to Kisumu.".encode("utf-16"))
    return Input(path, "utf16_text")


def _jsonl_around(w: _Writer, kind: str, bad_lines: list[bytes]) -> Input:
    """A JSONL file of bad lines with a good line after them: the good one must be stored."""
    good, marker = w.good_jsonl_line()
    path = w.path(kind, ".jsonl")
    path.write_bytes(b"".join(line.rstrip(b"\n") + b"\n" for line in bad_lines) + good)
    return Input(path, kind, [marker])


def _jsonl_bad_utf8(w: _Writer) -> Input:
    return _jsonl_around(w, "jsonl_bad_utf8", [b'{"text": "Protest in Bras\xedlia on Monday."}'])


def _jsonl_nested(w: _Writer) -> Input:
    depth = w.rng.choice([101, 5_000, 200_000])
    deep = b'{"text": "x", "meta": ' + b"[" * depth + b"]" * depth + b"}"
    return _jsonl_around(w, "jsonl_nested", [deep, b'{"text": ' + b'{"a": ' * depth + b"1" + b"}" * depth])


def _jsonl_garbage(w: _Writer) -> Input:
    lines = [b"null", b"[]", b'"text"', b'{"text": 5}', b'{"text": ""}', b"{", b'{"text": "\\ud800 x"}']
    lines += [b'{"text": "Police fired.", "published": "99999-01-01"}', b'{"html": "<<<>>>"}']
    return _jsonl_around(w, "jsonl_garbage", lines)


def _jsonl_endless_line(w: _Writer) -> Input:
    from eventwire.readers import MAX_ARTICLE_BYTES

    line = b'{"text": "' + b"a" * (MAX_ARTICLE_BYTES + 1000) + b'"}'
    return _jsonl_around(w, "jsonl_endless_line", [line])


def _text_over_the_size_limit(w: _Writer) -> Input:
    from eventwire.readers import MAX_ARTICLE_BYTES

    path = w.path("text_over_the_size_limit", ".txt")
    path.write_bytes(b"Riot police. " * (MAX_ARTICLE_BYTES // 13 + 100))
    return Input(path, "text_over_the_size_limit")


def _rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>', prolog: str = "") -> str:
    return f"{declaration}{prolog}<rss><channel><title>Wire</title>{items}</channel></rss>"


def _rss_item(title: str, text: str, date: str = "Fri, 03 Mar 2023 10:00:00 GMT") -> str:
    return f"<item><title>{title}</title><description>{text}</description><pubDate>{date}</pubDate></item>"


def _feed_absurd_date(w: _Writer) -> Input:
    marker = w.marker()
    title, text = w.story(marker)
    date = w.rng.choice(["Fri, 03 Mar 99999999 10:00:00 GMT", "Fri, 31 Feb 2023 10:00:00 GMT"])
    path = w.path("feed_absurd_date", ".rss")
    path.write_text(_rss(_rss_item(title, text, date)), encoding="utf-8")
    return Input(path, "feed_absurd_date", [marker])


_FEED_ENCODINGS = ("utf-16", "utf-32", "shift_jis", "euc-jp", "gb2312", "euc-kr", "big5", "iso-8859-7")
_LOCAL_WORDS = {
    "shift_jis": "東京で抗議",
    "euc-jp": "東京で抗議",
    "gb2312": "北京抗议",
    "euc-kr": "서울 시위",
    "big5": "台北抗議",
    "iso-8859-7": "διαμαρτυρία",
}


def _feed_in_another_encoding(w: _Writer) -> Input:
    encoding = w.rng.choice(_FEED_ENCODINGS)
    marker = w.marker()
    title, text = w.story(marker)
    local = _LOCAL_WORDS.get(encoding, "東京で抗議 διαμαρτυρία")
    feed = _rss(
        _rss_item(f"{local} {title}", text), declaration=f'<?xml version="1.0" encoding="{encoding}"?>'
    )
    path = w.path("feed_in_another_encoding", ".rss")
    path.write_bytes(feed.encode(encoding))
    return Input(path, "feed_in_another_encoding", [marker])


def _feed_unknown_encoding(w: _Writer) -> Input:
    path = w.path("feed_unknown_encoding", ".rss")
    encoding = w.rng.choice(["x-no-such-codec", "rot13", "unicode_escape", "base64"])
    path.write_text(
        _rss(
            _rss_item("Strike", "Dockers struck."), declaration=f'<?xml version="1.0" encoding="{encoding}"?>'
        )
    )
    return Input(path, "feed_unknown_encoding")


def _feed_wrong_encoding(w: _Writer) -> Input:
    path = w.path("feed_wrong_encoding", ".rss")
    path.write_bytes(_rss(_rss_item("Grève", "Les dockers ont débrayé à Marseille.")).encode("latin-1"))
    return Input(path, "feed_wrong_encoding")


def _feed_broken_xml(w: _Writer) -> Input:
    whole = _rss(_rss_item("Strike", "Dockers struck in Lisk.") * 3)
    broken = w.rng.choice(
        [
            whole[: w.rng.randrange(1, len(whole))],
            whole.replace("</title>", "</titel>", 1),
            "<rss><<<>>>",
            "<rss",
        ]
    )
    path = w.path("feed_broken_xml", w.rng.choice([".rss", ".atom", ".xml"]))
    path.write_text(broken)
    return Input(path, "feed_broken_xml")


def _feed_entity_bomb(w: _Writer) -> Input:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    external = '<!ENTITY x SYSTEM "file:///etc/passwd">'
    prolog = f"<!DOCTYPE rss [{w.rng.choice([entities, external])}]>"
    feed = _rss(_rss_item("&j;&x;", "Bomb."), declaration='<?xml version="1.0"?>', prolog=prolog)
    path = w.path("feed_entity_bomb", w.rng.choice([".rss", ".xml"]))
    path.write_bytes(feed.encode(w.rng.choice(["utf-8", "utf-16", "utf-16-be", "utf-32", "utf-8-sig"])))
    return Input(path, "feed_entity_bomb")


def _feed_deep_xml(w: _Writer) -> Input:
    depth = w.rng.choice([150, 50_000])
    path = w.path("feed_deep_xml", ".rss")
    path.write_text(_rss("<item>" + "<x>" * depth + "</x>" * depth + "</item>"))
    return Input(path, "feed_deep_xml")


def _html_bad(w: _Writer) -> Input:
    depth = w.rng.choice([2_000, 100_000])
    page = w.rng.choice(
        [
            b"<html><body><p>Manifesta\xe7\xe3o em Bras\xedlia.</p></body></html>",
            b"<html><body>" + b"<div>" * depth + b"Riot police." + b"</div>" * depth + b"</body></html>",
            b"<html><script>" + b"x" * 100_000,
            b"<!doctype html><html><body><p>&#xd800;&#x110000;&#0;</p></body></html>",
        ]
    )
    path = w.path("html_bad", ".html")
    path.write_bytes(page)
    return Input(path, "html_bad")


def _text_control_chars(w: _Writer) -> Input:
    """A good article full of terminal escapes and odd characters: stored like any other."""
    marker = w.marker()
    title, text = w.story(marker)
    path = w.path("text_control_chars", ".txt")
    path.write_text(f"{title}\x1b[2J\x07\n\n\x1b]0;pwned\x07{text}\r\u2028\u202e evil\u202c \x9b31m\n")
    return Input(path, "text_control_chars", [marker])


def _text_absurd_dateline(w: _Writer) -> Input:
    marker = w.marker()
    title, text = w.story(marker)
    year = w.rng.choice(["99999", "0000", "999999999999999999999"])
    path = w.path("text_absurd_dateline", ".txt")
    path.write_text(f"{title}\n\nQUITO, July 14, {year} (Wire) -- {text}\n")
    return Input(path, "text_absurd_dateline", [marker])


def _binary_junk(w: _Writer) -> Input:
    suffix = w.rng.choice(_SUFFIXES)
    path = w.path("binary_junk", suffix)
    path.write_bytes(w.rng.randbytes(w.rng.randrange(1, 1 << 16)))
    return Input(path, "binary_junk")


def _empty(w: _Writer) -> Input:
    path = w.path("empty", w.rng.choice(_SUFFIXES))
    path.write_bytes(b"")
    return Input(path, "empty")


_SUFFIXES = [".txt", ".html", ".jsonl", ".rss", ".atom", ".xml", ".warc", ".warc.gz"]
_ODD_NAMES = [
    b"caf\xe9-\xff\xfe",
    b"line\nbreak",
    b"escape-\x1b[31mred",
    b"-rf --help",
    b"quote\"'`$(id)",
    "cafe\u0301-nfd".encode(),
    b"long-" + b"n" * 200,
    b"tab\tcr\r",
]


def _odd_name(w: _Writer) -> Input:
    """A good article under a file name no one should give: it must be stored all the same."""
    marker = w.marker()
    title, text = w.story(marker)
    name = os.fsencode(w.path("odd_name", "").name) + b"-" + w.rng.choice(_ODD_NAMES) + b".txt"
    path = Path(os.fsdecode(os.path.join(os.fsencode(w.folder), name)))
    path.write_text(f"{title}\n\n{text}\n")
    return Input(path, "odd_name", [marker])


def _link_out_of_the_folder(w: _Writer) -> Input:
    """A folder holding a good article and a link to a file outside it, which is not read."""
    folder = w.path("link_out_of_the_folder", "")
    folder.mkdir()
    outside = w.folder / "outside-secret.txt"
    if not outside.exists():
        outside.write_text("Secret\n\nThis file is outside every ingested folder and must not be read.\n")
    (folder / "secret.txt").symlink_to(Path("/etc/passwd") if Path("/etc/passwd").exists() else outside)
    (folder / "outside.txt").symlink_to(outside)
    (folder / "loop").symlink_to(folder)
    good = w.good_text("good_beside_links")
    good.path.rename(folder / good.path.name)
    return Input(folder, "link_out_of_the_folder", good.markers)


def _pipe(w: _Writer) -> Input:
    path = w.path("pipe", ".txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)
    return Input(path, "pipe")


def _warc_record(body: bytes, *, content_type: str = "text/plain", length: int | None = None) -> bytes:
    head = (
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        "WARC-Date: 2023-03-03T00:00:00Z\r\nWARC-Target-URI: urn:wire:1\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body) if length is None else length}\r\n\r\n"
    )
    return head.encode() + body + b"\r\n\r\n"


def _warc_cut(w: _Writer) -> Input:
    marker = w.marker()
    title, text = w.story(marker)
    good = gzip.compress(
        _warc_record(f"{title}\n\n{text}".encode(), content_type="text/plain; charset=utf-8")
    )
    second = gzip.compress(_warc_record(b"Dockers struck in Lisk. " * 200))
    path = w.path("warc_cut", ".warc.gz")
    path.write_bytes(good + second[: w.rng.randrange(1, len(second) - 1)])
    return Input(path, "warc_cut", [marker])


def _warc_bad_charset(w: _Writer) -> Input:
    marker = w.marker()
    title, text = w.story(marker)
    body = f"{title}\n\n{text} \\ud800".encode()
    charset = w.rng.choice(["unicode_escape", "rot13", "x-nope", "utf-16", "base64"])
    path = w.path("warc_bad_charset", ".warc")
    path.write_bytes(_warc_record(body, content_type=f"text/plain; charset={charset}"))
    return Input(path, "warc_bad_charset")  # stored or refused, depending on the charset


@functools.cache
def _zeros_gzip(size: int) -> bytes:
    """`size` zero bytes gzip-compressed, in pieces so they are never all in memory."""
    buffer = BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6) as zipped:
        for _ in range(size // (1 << 20)):
            zipped.write(bytes(1 << 20))
    return buffer.getvalue()


def _warc_inflating(w: _Writer) -> Input:
    """Small .warc.gz files that inflate far: zeros, an endless header line, a huge zero body,
    or an archive gzipped twice."""
    choice = w.rng.randrange(4)
    if choice == 0:
        data = _zeros_gzip(8 << 20)
    elif choice == 1:
        data = gzip.compress(b"WARC/1.0\r\nX-Endless: " + b"a" * (8 << 20))
    elif choice == 2:
        head = _warc_record(b"", length=1 << 31)[:-4]
        data = gzip.compress(head) + _zeros_gzip(BODY_BOMB_BYTES)
    else:
        data = gzip.compress(gzip.compress(_warc_record(bytes(64 << 20))))
    path = w.path("warc_inflating", ".warc.gz")
    path.write_bytes(data)
    return Input(path, "warc_inflating")


def _warc_garbage(w: _Writer) -> Input:
    path = w.path("warc_garbage", ".warc")
    record = _warc_record(b"Police fired tear gas.")
    path.write_bytes(
        w.rng.choice(
            [
                record.replace(b"Content-Length: 22", b"Content-Length: -5"),
                record.replace(b"WARC/1.0", b"WARC/9.9\x00"),
                b"\r\n" * 200_000,
                record[:40] + w.rng.randbytes(500),
            ]
        )
    )
    return Input(path, "warc_garbage")


BAD_KINDS: dict[str, Callable[[_Writer], Input]] = {
    "latin1_text": _latin1_text,
    "text_with_nul": _text_with_nul,
    "utf16_text": _utf16_text,
    "jsonl_bad_utf8": _jsonl_bad_utf8,
    "jsonl_nested": _jsonl_nested,
    "jsonl_garbage": _jsonl_garbage,
    "jsonl_endless_line": _jsonl_endless_line,
    "text_over_the_size_limit": _text_over_the_size_limit,
    "feed_absurd_date": _feed_absurd_date,
    "feed_in_another_encoding": _feed_in_another_encoding,
    "feed_unknown_encoding": _feed_unknown_encoding,
    "feed_wrong_encoding": _feed_wrong_encoding,
    "feed_broken_xml": _feed_broken_xml,
    "feed_entity_bomb": _feed_entity_bomb,
    "feed_deep_xml": _feed_deep_xml,
    "html_bad": _html_bad,
    "text_control_chars": _text_control_chars,
    "text_absurd_dateline": _text_absurd_dateline,
    "binary_junk": _binary_junk,
    "empty": _empty,
    "odd_name": _odd_name,
    "link_out_of_the_folder": _link_out_of_the_folder,
    "pipe": _pipe,
    "warc_cut": _warc_cut,
    "warc_bad_charset": _warc_bad_charset,
    "warc_inflating": _warc_inflating,
    "warc_garbage": _warc_garbage,
}
# The 10 MB inputs are written only now and then (see _rare_kind), not in the round.
_ROUND = [kind for kind in BAD_KINDS if kind not in ("jsonl_endless_line", "text_over_the_size_limit")]


# -- ingesting them -----------------------------------------------------------------------------


def ingest_inputs(inputs: list[Input], store_path: Path, *, pipeline: Pipeline | None = None) -> Outcome:
    """Ingest each input on its own into one store; count tracebacks, hangs and good articles."""
    from eventwire.api import build_pipeline, ingest
    from eventwire.store import SqliteStore

    pipeline = pipeline or build_pipeline(on_error="record")
    pipeline.setup()  # models load once, before the clock runs: the slowest input is an input's time
    outcome = Outcome(bad_inputs=sum(1 for item in inputs if not item.kind.startswith("good")))
    store = SqliteStore(store_path)
    try:
        for item in inputs:
            started = time.monotonic()
            try:
                with _hang_alarm():
                    summary = ingest([item.path], store=store, pipeline=pipeline)
                outcome.errors_recorded += len(summary.errors)
            except _Hang:
                outcome.hangs.append(f"{item.kind}: {item.path}")
            except Exception:
                outcome.tracebacks.append(f"{item.kind}: {item.path}\n{traceback.format_exc()}")
            _note_time(outcome, item, time.monotonic() - started)
    finally:
        store.close()
    _count_good(outcome, inputs, store_path)
    return outcome


def _note_time(outcome: Outcome, item: Input, seconds: float) -> None:
    if seconds > outcome.slowest_seconds:
        outcome.slowest_seconds, outcome.slowest_kind = seconds, item.kind


def _count_good(outcome: Outcome, inputs: list[Input], store_path: Path) -> None:
    expected = [marker for item in inputs for marker in item.markers]
    with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT title || ' ' || text FROM articles").fetchall()
    stored = {marker for (text,) in rows for marker in MARKER.findall(text)}
    outcome.good_expected = len(expected)
    outcome.missing = [marker for marker in expected if marker not in stored]
    outcome.good_stored = outcome.good_expected - len(outcome.missing)


class _Hang(Exception):
    pass


@contextlib.contextmanager
def _hang_alarm() -> Iterator[None]:
    """Raise _Hang if an input takes past HANG_SECONDS (in the main thread, where signals work)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _summary_lines(outcome: Outcome, inputs: list[Input]) -> Iterator[str]:
    yield f"bad inputs:        {outcome.bad_inputs} ({len(inputs)} inputs in all)"
    yield f"tracebacks:        {len(outcome.tracebacks)}"
    yield f"hangs (> {HANG_SECONDS} s):     {len(outcome.hangs)}"
    yield f"errors recorded:   {outcome.errors_recorded}"
    yield f"good stored:       {outcome.good_stored} of {outcome.good_expected}"
    yield f"slowest input:     {outcome.slowest_seconds:.2f} s ({outcome.slowest_kind})"
    for problem in [*outcome.tracebacks[:5], *outcome.hangs[:5], *outcome.missing[:20]]:
        yield f"  {problem}"


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 3000
    with tempfile.TemporaryDirectory(prefix="eventwire-hostile-") as workspace:
        folder = Path(workspace) / "inputs"
        folder.mkdir()
        started = time.monotonic()
        inputs = write_inputs(folder, count)
        print(f"wrote {len(inputs)} inputs in {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        outcome = ingest_inputs(inputs, Path(workspace) / "hostile.db")
        print(f"ingested in {time.monotonic() - started:.1f} s")
        for line in _summary_lines(outcome, inputs):
            print(line)
    clean = not outcome.tracebacks and not outcome.hangs and not outcome.missing
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
