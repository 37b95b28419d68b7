from pathlib import Path

import pytest

from eventwire.errors import InputError
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
    assert isinstance(first, Article) and first.id == "a1" and first.source == "Andes"
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
