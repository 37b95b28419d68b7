"""Readers against hostile input (issue 15): each failure once seen, kept as a test, a bounded
fuzz test over every reader, and a batch of generated bad inputs ingested into a real store.

Limits are lowered through the modules' constants, so every input here is small and quick.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.pipeline import Pipeline
from eventwire.readers import read_file, read_paths
from eventwire.records import Article
from tests import hostile_inputs
from tests.hostile_inputs import ingest_inputs, write_inputs

GOOD_LINE = b'{"text": "Nurses protested outside the hospital in Kisumu on Monday."}\n'


def read_all(*paths: Path, follow_links: bool = False) -> list[Article | InputError]:
    return list(read_paths(paths, follow_links=follow_links))


def kinds(items: list[Article | InputError]) -> list[str]:
    return [type(item).__name__ for item in items]


def rss(items: str, *, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f"{head}<rss><channel><title>Harbour Post</title>{items}</channel></rss>"


def rss_item(title: str, date: str = "Mon, 06 Mar 2023 08:00:00 GMT") -> str:
    return f"<item><title>{title}</title><description>Crews walked out.</description><pubDate>{date}</pubDate></item>"


# -- one bad item never ends the batch ----------------------------------------------------------


def test_jsonl_line_that_is_not_utf8_is_one_error_and_the_next_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "Marcha em Bras\xedlia."}\n' + GOOD_LINE)
    error, article = read_all(path)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:1: the line is not valid UTF-8")
    assert "iconv" in str(error)
    assert isinstance(article, Article) and article.origin == f"{path}:2"


@pytest.mark.parametrize("depth", [101, 300_000])
def test_deeply_nested_json_is_refused_before_the_decoder_recurses(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b'{"text": "x", "extra": ' + b"[" * depth + b"]" * depth + b"}\n" + GOOD_LINE)
    error, article = read_all(path)
    assert isinstance(error, InputError) and "nested more than 100 levels" in str(error)
    assert isinstance(article, Article)


def test_brackets_inside_json_strings_are_no_nesting(tmp_path: Path) -> None:
    path = tmp_path / "css.jsonl"
    path.write_text('{"text": "Crowds gathered in Lima. ' + "{[" * 500 + '"}\n')
    [article] = read_all(path)
    assert isinstance(article, Article)


def test_feed_date_with_an_absurd_year_keeps_the_item_undated(tmp_path: Path) -> None:
    path = tmp_path / "dates.rss"
    path.write_text(
        rss(
            rss_item("Ferry crews strike in Lisk", "Mon, 06 Mar 99999999 08:00:00 GMT")
            + rss_item("Port closed")
        )
    )
    undated, dated = read_all(path)
    assert isinstance(undated, Article) and undated.published is None
    assert isinstance(dated, Article) and dated.published == "2023-03-06"


def test_file_name_that_is_not_utf8_gives_an_origin_that_can_be_stored(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.txt")
    try:
        with open(name, "wb") as handle:
            handle.write(b"Teachers marched in Accra on Friday.")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    for items in (read_all(tmp_path), read_all(Path(os.fsdecode(name)))):
        [article] = items
        assert isinstance(article, Article)
        assert article.origin == f"{tmp_path}/caf\\xe9-\\xff.txt"
        article.origin.encode("utf-8")  # what the store does: no "surrogates not allowed"


def test_an_unexpected_exception_in_one_item_is_reported_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventwire.readers

    real = eventwire.readers.article_from_text

    def flaky(content: str, **options: object) -> Article:
        if "BOOM" in content:
            raise KeyError("a bug in some library")
        return real(content, **options)  # type: ignore[arg-type]

    monkeypatch.setattr("eventwire.readers.article_from_text", flaky)
    monkeypatch.setattr("eventwire.feeds.article_from_text", flaky)
    monkeypatch.setattr("eventwire.warc.article_from_text", flaky)
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_bytes(b'{"text": "BOOM"}\n' + GOOD_LINE)
    feed = tmp_path / "b.rss"
    feed.write_text(rss(rss_item("BOOM") + rss_item("Dockers strike")))
    text = tmp_path / "c.txt"
    text.write_text("BOOM")
    archive = write_warc(tmp_path / "d.warc", [b"BOOM", b"Miners sat in at the Kestrel pit."])
    items = read_all(jsonl, feed, text, archive)
    assert kinds(items) == ["InputError", "Article"] * 2 + ["InputError"] + ["InputError", "Article"]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert [error.split(": ")[0] for error in errors] == [
        f"{jsonl}:1",
        f"{feed}:item 1",
        str(text),
        f"{archive}:record 1",
    ]
    assert all("KeyError" in error and "it was skipped" in error for error in errors)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_text_file_in_utf16_or_utf32_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Grève à Marseille\n\nLes dockers ont débrayé lundi.".encode(encoding))
    [article] = read_all(path)
    assert isinstance(article, Article) and article.title == "Grève à Marseille"
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe" + b"A\x00\x00\x00" * 16)  # "A", NUL, "A", NUL...
    [error] = read_all(junk)
    assert isinstance(error, InputError) and "binary file" in str(error)


# -- feeds in any encoding, and no DTD in any of them -------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "title"),
    [
        ("utf-16", "東京で漁師が抗議"),
        ("utf-16-be", "東京で漁師が抗議"),
        ("utf-32", "東京で漁師が抗議"),
        ("shift_jis", "東京で漁師が抗議"),
        ("euc-jp", "東京で漁師が抗議"),
        ("gb2312", "北京工人抗议"),
        ("euc-kr", "서울에서 노동자 시위"),
        ("big5", "台北工人抗議"),
        ("windows-1251", "Протест в Киеве"),
    ],
)
def test_feed_in_any_encoding_python_knows_is_read(tmp_path: Path, encoding: str, title: str) -> None:
    path = tmp_path / "local.rss"
    path.write_bytes(
        rss(rss_item(title), head=f'<?xml version="1.0" encoding="{encoding}"?>').encode(encoding)
    )
    [article] = read_all(path)
    assert isinstance(article, Article), str(article)
    assert article.title == title and article.source == "Harbour Post"


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "base64", "unicode_escape"])
def test_feed_encoding_that_is_no_text_encoding_is_a_clear_error(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "odd.rss"
    path.write_text(rss(rss_item("Strike"), head=f'<?xml version="1.0" encoding="{encoding}"?>'))
    [error] = read_all(path)
    assert isinstance(error, InputError)
    assert f"declares the encoding {encoding!r}" in str(error) and "iconv" in str(error)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "shift_jis"])
def test_entity_declarations_are_refused_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    laughs = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcd", "bcde", strict=True)
    )
    head = f'<?xml version="1.0" encoding="{encoding.removesuffix("-sig")}"?><!DOCTYPE rss [{laughs}]>'
    path = tmp_path / "laughs.rss"
    path.write_bytes(rss(rss_item("&e;"), head=head).encode(encoding))
    [error] = read_all(path)
    assert isinstance(error, InputError) and "declares a DTD or entities" in str(error)


def test_feed_element_that_never_ends_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.feeds.MAX_ITEM_CHARS", 50_000)
    path = tmp_path / "endless.rss"
    path.write_text(rss(rss_item("Dockers strike") + "<item><title>" + "x" * 200_000))
    article, error = read_all(path)
    assert isinstance(article, Article)
    assert isinstance(error, InputError) and "runs on for more than" in str(error)


def test_deep_feed_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.rss"
    path.write_text(rss(rss_item("Dockers strike") + "<item>" + "<x>" * 5000 + "</x>" * 5000 + "</item>"))
    article, error = read_all(path)
    assert isinstance(article, Article)
    assert isinstance(error, InputError) and "nested more than 100 elements" in str(error)


# -- limits that hold for every reader ----------------------------------------------------------


def test_article_size_limit_holds_for_every_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("readers", "feeds", "warc"):
        monkeypatch.setattr(f"eventwire.{module}.MAX_ARTICLE_BYTES", 2_000)
    big = "Riot police dispersed traders in Sfax. " * 100
    (tmp_path / "a.txt").write_text(big)
    (tmp_path / "b.html").write_text(f"<html><body><p>{big}</p></body></html>")
    (tmp_path / "c.jsonl").write_bytes(b'{"text": "' + big.encode() * 10 + b'"}\n' + GOOD_LINE)
    (tmp_path / "d.rss").write_text(rss(f"<item><title>Sfax</title><description>{big}</description></item>"))
    write_warc(tmp_path / "e.warc", [big.encode()])
    items = read_all(tmp_path)
    assert kinds(items) == ["InputError", "InputError", "InputError", "Article", "InputError", "InputError"]
    assert all("one article may have" in str(item) for item in items if isinstance(item, InputError))


def test_jsonl_line_without_end_is_not_held_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.readers.MAX_ARTICLE_BYTES", 1_000)
    monkeypatch.setattr("eventwire.readers._SKIP_BYTES", 100)
    path = tmp_path / "endless.jsonl"
    path.write_bytes(b'{"text": "' + b"a" * 50_000 + b'"}\n' + GOOD_LINE)
    error, article = read_all(path)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:1: the line is more than")
    assert isinstance(article, Article) and article.origin == f"{path}:2"


def test_warc_of_zeros_stops_at_the_header_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "a-zeros.warc.gz"
    bomb.write_bytes(gzip.compress(bytes(4 << 20)))  # 4 MB of zeros: a few kB on disk
    good = write_warc(tmp_path / "b-good.warc.gz", [b"Miners sat in at the Kestrel pit."])
    error, article = read_all(bomb, good)
    assert isinstance(error, InputError) and str(error).startswith(
        f"{bomb}:record 1: the archive was not read"
    )
    assert "header runs on for more than 1 MB" in str(error)
    assert isinstance(article, Article)


def test_warc_header_line_without_end_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.warc.MAX_HEADER_BYTES", 64 << 10)
    path = write_warc(tmp_path / "line.warc", [b"Miners sat in at the Kestrel pit."])
    path.write_bytes(path.read_bytes() + b"WARC/1.0\r\nWARC-Type: resource\r\nX-Long: " + b"a" * (1 << 20))
    article, error = read_all(path)
    assert isinstance(article, Article)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:record 2: ")
    assert "header runs on" in str(error) and "1 records before it were read" in str(error)


def test_warc_that_inflates_too_far_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.warc.MIN_INFLATED_BYTES", 1 << 20)
    head = warc_record(b"", length=1 << 31)[:-4]  # declares 2 GiB of body
    path = tmp_path / "inflating.warc.gz"
    path.write_bytes(gzip.compress(head + bytes(4 << 20)))
    [error] = read_all(path)
    assert isinstance(error, InputError) and "inflates to more than 1 MB" in str(error)


def test_warc_zipped_twice_is_not_inflated_inside_warcio(tmp_path: Path) -> None:
    path = tmp_path / "twice.warc.gz"
    path.write_bytes(gzip.compress(gzip.compress(warc_record(bytes(8 << 20)))))
    [error] = read_all(path)
    assert isinstance(error, InputError) and "not a WARC record" in str(error)


def test_warc_charset_that_is_no_text_encoding_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "escape.warc"
    path.write_bytes(
        warc_record(b"Miners sat in. \\ud800", content_type="text/plain; charset=unicode_escape")
    )
    [article] = read_all(path)
    assert isinstance(article, Article) and "\\ud800" in article.text
    article.text.encode("utf-8")


# -- links out of a folder ----------------------------------------------------------------------


def test_folder_links_out_of_it_are_not_followed_unless_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes that no ingest may read.")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Teachers marched in Accra on Friday.")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # inside: read
    (folder / "c.txt").symlink_to(outside / "secret.txt")
    (folder / "d").symlink_to(outside)
    (folder / "e").symlink_to(folder)  # a loop
    items = read_all(folder)
    assert kinds(items) == ["Article", "Article", "InputError", "InputError"]
    assert all("--follow-links" in str(item) for item in items[2:])
    assert str(items[2]).startswith(f"{folder}/c.txt: this is a link to {outside}/secret.txt")
    followed = read_all(folder, follow_links=True)
    texts = [item.text for item in followed if isinstance(item, Article)]
    assert kinds(followed).count("InputError") == 0
    assert texts.count("Private notes that no ingest may read.") == 2  # c.txt and d/secret.txt


# -- the language stage writes nothing to disk --------------------------------------------------


def test_language_stage_loads_under_a_small_file_size_limit() -> None:
    pytest.importorskip("resource")  # POSIX only
    script = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({1 << 16}, {1 << 16}))\n"
        "from eventwire.stages.language import LanguageStage\n"
        "print(LanguageStage().identify('La police a dispersé les manifestants devant la mairie.'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "fr"


# -- fuzzing every reader -----------------------------------------------------------------------


def warc_record(body: bytes, *, content_type: str = "text/plain", length: int | None = None) -> bytes:
    head = (
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:7>\r\n"
        "WARC-Date: 2023-03-06T00:00:00Z\r\nWARC-Target-URI: urn:wire:7\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body) if length is None else length}\r\n\r\n"
    )
    return head.encode() + body + b"\r\n\r\n"


def write_warc(path: Path, bodies: list[bytes]) -> Path:
    records = [warc_record(body, content_type="text/plain; charset=utf-8") for body in bodies]
    zipped = path.name.endswith(".gz")
    path.write_bytes(b"".join(gzip.compress(record) if zipped else record for record in records))
    return path


STORY = "Dock strike in Lisk\n\nLISK, March 6, 2023 -- Ferry crews walked out over pay on Monday."
SEEDS = {
    ".txt": STORY.encode(),
    ".html": f"<html><head><title>Strike</title></head><body><article><p>{STORY}</p></article></body></html>".encode(),
    ".jsonl": b'{"text": "Ferry crews walked out.", "published": "2023-03-06", "id": "x1"}\n' + GOOD_LINE,
    ".rss": rss(rss_item("Ferry crews strike") + rss_item("Port closed")).encode(),
    ".atom": (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Post</title><entry><title>Strike</title>'
        b'<content type="html">&lt;p&gt;Crews walked out.&lt;/p&gt;</content>'
        b"<published>2023-03-06T08:00:00Z</published></entry></feed>"
    ),
    ".warc": warc_record(STORY.encode(), content_type="text/plain; charset=utf-8") * 2,
    ".warc.gz": gzip.compress(warc_record(STORY.encode(), content_type="text/html")) * 2,
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few bytes changed, cut, inserted or repeated: mostly almost valid."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 40))] * draw(st.integers(2, 50))
        elif action == "truncate":
            del data[at:]
    return bytes(data)


def assert_read_safely(suffix: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(content)
        for item in read_file(path):
            assert isinstance(item, Article | InputError)
            if isinstance(item, InputError):
                assert "it was skipped and the rest was read" not in str(item), str(item)  # no surprise
            else:
                (item.text + item.title + item.origin + item.url + item.source).encode("utf-8")


FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples each run: a failure here is a bug, never bad luck
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("suffix", list(SEEDS))
@FUZZ
@given(data=st.data())
def test_fuzzed_inputs_give_articles_or_input_errors(suffix: str, data: st.DataObject) -> None:
    content = data.draw(st.one_of(st.binary(max_size=3000), mutated(SEEDS[suffix])))
    assert_read_safely(suffix, content)


# -- many bad inputs through a real store -------------------------------------------------------


def test_generated_bad_inputs_never_stop_an_ingest(
    tmp_path: Path, fake_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hostile_inputs, "BODY_BOMB_BYTES", 8 << 20)
    monkeypatch.setattr("eventwire.warc.MIN_INFLATED_BYTES", 4 << 20)
    folder = tmp_path / "inputs"
    folder.mkdir()
    inputs = write_inputs(folder, 150)
    outcome = ingest_inputs(inputs, tmp_path / "store.db", pipeline=fake_pipeline)
    assert outcome.tracebacks == [] and outcome.hangs == []
    assert outcome.missing == [] and outcome.good_stored == outcome.good_expected > 50
    assert outcome.errors_recorded >= outcome.bad_inputs // 2
