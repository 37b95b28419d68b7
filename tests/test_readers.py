from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import InputError
from eventwire.feeds import feed_date
from eventwire.readers import MAX_ARTICLE_BYTES, parse_iso_date, read_paths
from eventwire.records import Article, article_id_for


def read_all(*paths: Path, published: str | None = None) -> list[Article | InputError]:
    return list(read_paths(paths, published=published))


def test_plain_text_headline_is_split_off(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Farmers rally in Accra\n\nACCRA -- Hundreds of farmers protested on Monday.\n")
    [article] = read_all(path, published="2023-05-16")
    assert isinstance(article, Article)
    assert article.title == "Farmers rally in Accra"
    assert article.text.startswith("ACCRA -- Hundreds")
    assert article.published == "2023-05-16"
    assert article.origin == str(path)


def test_same_content_gets_the_same_id_whatever_the_whitespace() -> None:
    assert article_id_for("Police  fired\n tear gas.") == article_id_for("Police fired tear gas.")
    assert article_id_for("Police fired tear gas.") != article_id_for("Police fired rubber bullets.")


def test_html_page_loses_its_boilerplate(tmp_path: Path) -> None:
    story = " ".join(["Riot police dispersed a crowd of shopkeepers outside the town hall in Sfax."] * 6)
    page = f"""<html><head><title>Unrest in Sfax</title>
    <meta property="article:published_time" content="2023-08-02T10:00:00+01:00"></head>
    <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
    <div class="ad">Buy cheap flights now!</div>
    <article><h1>Unrest in Sfax</h1><p>{story}</p><p>{story}</p></article>
    <footer>Copyright Example News</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page)
    [article] = read_all(path)
    assert isinstance(article, Article)
    assert "shopkeepers" in article.text
    assert "cheap flights" not in article.text
    assert article.published == "2023-08-02"


def test_jsonl_reads_every_line_and_names_the_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a1", "text": "Students protested in Lima.", "published": "2023-06-09", "source": "Andes"}\n'
        "{not json at all\n"
        '{"title": "no body"}\n'
        '{"text": "Police detained 12 people in Harare.", "published": "yesterday"}\n'
        '{"text": "Teachers marched in Accra."}\n'
    )
    items = read_all(path)
    assert [type(item).__name__ for item in items] == [
        "Article",
        "InputError",
        "InputError",
        "InputError",
        "Article",
    ]
    first = items[0]
    assert isinstance(first, Article) and first.source_id == "a1" and first.source == "Andes"
    assert str(items[1]).startswith(f"{path}:2: not a valid JSON article")
    assert 'neither "text" nor "html"' in str(items[2])
    assert "YYYY-MM-DD" in str(items[3]) and f"{path}:4" in str(items[3])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Protesters gathered in Bras\xedlia on Monday.", "not valid UTF-8 (bad byte at offset 27)"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [error] = read_all(path)
    assert isinstance(error, InputError)
    assert str(error).startswith(str(path))
    assert message in str(error)


def test_oversized_html_page_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(MAX_ARTICLE_BYTES * 2)
    [error] = read_all(path)
    assert isinstance(error, InputError)
    assert "20.0 MB" in str(error) and "JSONL" in str(error)


def test_a_folder_goes_on_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Doctors protested in Nairobi on Tuesday.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Workers protested in Kisumu on Monday.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    kinds = [type(item).__name__ for item in read_all(tmp_path)]
    assert kinds == ["Article", "InputError", "Article"]


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    [error] = read_all(tmp_path / "nope.txt")
    assert isinstance(error, InputError) and "cannot read the file" in str(error)


def test_published_date_must_be_a_date() -> None:
    assert parse_iso_date("2022-01-06T09:30:00Z") == "2022-01-06"
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_iso_date("06/01/2022", origin="--published")


def test_publication_date_falls_back_to_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Curfew in Duran\n\nQUITO, Ecuador, July 14, 2023 (Wire) -- The government declared a curfew."
    )
    [article] = read_all(path)
    assert isinstance(article, Article) and article.published == "2023-07-14"
    [given] = read_all(path, published="2023-07-20")
    assert isinstance(given, Article) and given.published == "2023-07-20"


def test_source_falls_back_to_the_agency_in_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Curfew\n\nQUITO, Ecuador, July 14, 2023 (Andes Wire) -- The government declared a curfew."
    )
    [article] = read_all(path)
    assert isinstance(article, Article) and article.source == "Andes Wire"
    dated = tmp_path / "dated.txt"
    dated.write_text("KABUL, Afghanistan (Jan. 25, 2013) -- Forces detained two suspects.")
    [other] = read_all(dated)
    assert isinstance(other, Article) and other.source == ""


FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def articles_of(items: list[Article | InputError]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), [str(item) for item in items]
    return [item for item in items if isinstance(item, Article)]


def test_rss_items_become_articles_with_the_channels_fields() -> None:
    path = FEEDS / "valley_herald.rss"
    strike, traders, blockade = articles_of(read_all(path))
    assert strike.title == "Dockworkers strike in Port Selen"
    assert strike.url == "https://valleyherald.example/2022/01/05/dockworkers-strike"
    assert strike.published == "2022-01-05"
    assert strike.source == "Valley Herald"  # the channel's title, not its logo's
    assert strike.language == "en"
    assert strike.origin == f"{path}:item 1"
    assert strike.text.startswith("Dockworkers strike in Port Selen\n\nAbout 300 dockworkers")
    assert strike.id == article_id_for(strike.text, title=strike.title)
    # 23:30 at UTC-5 is the next day in UTC: the date is the publisher's.
    assert traders.published == "2022-01-12"
    # content:encoded holds the story; the description is only a teaser.
    assert "tractors" in blockade.text and "Read more" not in blockade.text


def test_feed_html_description_becomes_plain_text() -> None:
    traders = articles_of(read_all(FEEDS / "valley_herald.rss"))[1]
    assert traders.text == (
        "Police disperse market traders in Orvane\n\n"
        "Riot police used tear gas to disperse & scatter market traders in Orvane on Wednesday.\n\n"
        "Four traders were arrested."
    )


def test_atom_entries_take_the_page_link_and_the_publication_date() -> None:
    path = FEEDS / "tamsen_daily.atom"
    occupation, resignation = articles_of(read_all(path))
    assert occupation.url == "https://tamsendaily.example/news/veloria-occupation"  # not rel="edit"
    assert occupation.published == "2022-03-01"  # <published>, not <updated>
    assert occupation.source == "Tamsen Daily" and occupation.language == "en"
    assert "tuition increase" in occupation.text and "<p>" not in occupation.text
    assert resignation.title == "Mayor of Kestrel Bay resigns"  # type="xhtml"
    assert resignation.url == "https://tamsendaily.example/news/kestrel-bay-mayor"
    assert resignation.published == "2022-03-02"  # only <updated>
    assert "protests < outside" in resignation.text  # type="text" is not HTML


def test_rss_1_feed_in_an_xml_file_is_read() -> None:
    [article] = articles_of(read_all(FEEDS / "hill_courier.xml"))
    assert article.source == "Hill Courier" and article.language == "en"
    assert article.published == "2022-04-07"  # dc:date
    assert article.url == "https://hillcourier.example/miners-sit-in"


def test_empty_feed_item_is_an_error_and_the_others_are_read() -> None:
    path = FEEDS / "gaps.rss"
    nurses, empty, curfew = read_all(path)
    assert isinstance(nurses, Article) and nurses.published == "2022-02-07"
    assert isinstance(empty, InputError)
    assert str(empty).startswith(f"{path}:item 2: the item has no title, description or content")
    # A headline alone is an article; an item's <source> names the original publisher.
    assert isinstance(curfew, Article)
    assert curfew.text == curfew.title == "Curfew declared in Hesk after clashes"
    assert curfew.source == "East Post" and curfew.published is None


def test_feed_with_a_dtd_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = FEEDS / "entities.rss"
    [error] = read_all(path)
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}:2: the feed declares a DTD or entities")
    # Read a few bytes at a time, a declaration split between two reads is still seen.
    monkeypatch.setattr("eventwire.feeds._CHUNK_BYTES", 5)
    [split] = read_all(path)
    assert isinstance(split, InputError) and "DTD" in str(split)
    # After the root element the same bytes are text: a page quoted in CDATA is no DTD.
    quoted = tmp_path / "quoted.rss"
    quoted.write_text(
        "<rss><channel><title>Quay News</title><item><title>Ferry crews strike in Lisk</title>"
        "<description><![CDATA[<!DOCTYPE html><p>Ferry crews stopped work in Lisk.</p>]]></description>"
        "</item></channel></rss>"
    )
    [article] = articles_of(read_all(quoted))
    assert article.text == "Ferry crews strike in Lisk\n\nFerry crews stopped work in Lisk."


def test_feed_dates_are_rfc_822_or_iso() -> None:
    assert feed_date("Tue, 05 Jan 2022 10:00:00 GMT") == "2022-01-05"
    assert feed_date("5 Jan 2022 10:00 +0300") == "2022-01-05"
    assert feed_date("2022-01-05T10:00:00+03:00") == "2022-01-05"
    with pytest.raises(InputError, match="neither RFC 822"):
        feed_date("January the fifth", origin="feed.rss:item 1")


def test_broken_feed_keeps_the_items_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "cut.rss"
    path.write_text(
        "<rss><channel><title>Quay News</title>\n"
        "<item><title>Ferry crews strike in Lisk</title></item>\n"
        "<item><title>Port of Lisk clos"
    )
    first, error = read_all(path)
    assert isinstance(first, Article) and first.title == "Ferry crews strike in Lisk"
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}:3: the feed is not well-formed XML")


def test_xml_that_is_no_feed_is_an_error_alone_and_passed_over_in_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>')
    [error] = read_all(path)
    assert isinstance(error, InputError) and "root element is <urlset>" in str(error)
    assert read_all(tmp_path) == []


LOCKOUT = " ".join(
    ["Workers at the Marrow Creek cannery locked the gates and blocked lorries for a second day."] * 5
)
HEARING = " ".join(["Villagers from Oskel crowded the court in Darnfield as the land hearing opened."] * 5)


def news_page(title: str, story: str, *, published: str = "") -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (
        f"<html><head><title>{title}</title>{meta}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{story}</p><p>{story}</p></article></body></html>"
    ).encode()


def write_warc(path: Path) -> Path:
    """A crawl: two news pages among the records a crawler also stores."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))

        def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2024-02-02T00:00:00Z"},  # the crawl, not the story
                )
            )

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test crawler"}))
        request = StatusAndHeaders("GET /lockout HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/lockout", "request", payload=BytesIO(b""), http_headers=request
            )
        )
        page = news_page("Cannery lockout", LOCKOUT, published="2023-09-18T08:00:00Z")
        response("https://news.example/lockout", page, "text/html; charset=utf-8")
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        response("https://news.example/site.css", b"body { color: black }", "text/css")
        response("https://news.example/old", news_page("Moved", LOCKOUT), "text/html", status="301 Moved")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/lockout",
                "metadata",
                payload=BytesIO(b"outlinks: https://news.example/hearing"),
                warc_content_type="application/warc-fields",
            )
        )
        response("https://news.example/hearing", news_page("Land hearing", HEARING), "text/html")
    return path


def test_warc_html_responses_become_articles_and_other_records_are_passed_over(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc")
    lockout, hearing = articles_of(read_all(path))
    assert lockout.url == "https://news.example/lockout"
    assert lockout.title == "Cannery lockout" and "Marrow Creek" in lockout.text
    assert "Home" not in lockout.text  # boilerplate removed as for .html files
    assert lockout.published == "2023-09-18"  # the page's metadata
    assert lockout.origin == f"{path}:record 3"
    assert lockout.id == article_id_for(lockout.text, title=lockout.title)
    assert hearing.url == "https://news.example/hearing"
    assert hearing.published is None  # the crawl's WARC-Date is no publication date
    [given] = [a for a in articles_of(read_all(path, published="2023-10-02")) if "Oskel" in a.text]
    assert given.published == "2023-10-02"


def test_warc_text_resource_is_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                "urn:wire:1",
                "resource",
                payload=BytesIO(b"Quarry strike\n\nQuarry workers in Fennick stopped work on Monday."),
                warc_content_type="text/plain; charset=utf-8",
            )
        )
    [article] = articles_of(read_all(path))
    assert article.title == "Quarry strike" and article.url == "urn:wire:1"


def test_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: len(whole) - 200])  # inside the last page's gzip member
    lockout, error = read_all(path)
    assert isinstance(lockout, Article) and lockout.url == "https://news.example/lockout"
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{path}:record 8: the archive is cut short or damaged here")
    assert "7 records before it were read" in str(error)


@pytest.mark.parametrize(
    ("cut", "record"),
    [
        (b"Cannery lockout</h1>", 3),  # inside a page's body
        (b"WARC-Target-URI: https://news.example/hea", 8),  # inside a record's header
    ],
)
def test_truncated_warc_names_the_record_it_reached(tmp_path: Path, cut: bytes, record: int) -> None:
    whole = write_warc(tmp_path / "whole.warc").read_bytes()
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: whole.rindex(cut) + len(cut)])
    *articles, error = read_all(path)
    assert len(articles) == (0 if record == 3 else 1)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:record {record}: ")


def test_corrupt_or_foreign_archive_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "page.warc"
    path.write_text("<html><body>Not an archive</body></html>")
    [error] = read_all(path)
    assert isinstance(error, InputError) and str(error).startswith(f"{path}:record 1: ")
    assert "not a WARC record" in str(error)


def test_warc_page_over_the_size_limit_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.warc.MAX_ARTICLE_BYTES", 500)
    path = write_warc(tmp_path / "crawl.warc")
    errors = read_all(path)
    assert [str(error).split(": ")[0] for error in errors] == [f"{path}:record 3", f"{path}:record 8"]
    assert all("one article may have" in str(error) for error in errors)


def test_a_folder_mixes_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Doctors protested in Nairobi on Tuesday.")
    (tmp_path / "b.html").write_bytes(news_page("Cannery lockout", LOCKOUT))
    (tmp_path / "c.jsonl").write_text('{"text": "Teachers marched in Accra."}\n')
    for name in ("valley_herald.rss", "tamsen_daily.atom", "hill_courier.xml"):
        (tmp_path / name).write_bytes((FEEDS / name).read_bytes())
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>https://a.example/</loc></url></urlset>")
    (tmp_path / "crawls").mkdir()
    write_warc(tmp_path / "crawls" / "one.warc")
    write_warc(tmp_path / "crawls" / "two.warc.gz")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = read_all(tmp_path)
    origins = [Path(item.origin).name for item in articles_of(items)]
    assert origins == [
        "a.txt",
        "b.html",
        "c.jsonl:1",
        "one.warc:record 3",
        "one.warc:record 8",
        "two.warc.gz:record 3",
        "two.warc.gz:record 8",
        "hill_courier.xml:item 1",
        "tamsen_daily.atom:item 1",
        "tamsen_daily.atom:item 2",
        "valley_herald.rss:item 1",
        "valley_herald.rss:item 2",
        "valley_herald.rss:item 3",
    ]
