"""`eventwire serve`: the API's ACLED semantics, formats, paging, detail, summaries, bad input and
security headers, on a small store built with a keyword coder (no models needed).

The tests that take `client` run on both engines: a SQLite file and a PostgreSQL schema made from
the same articles (skipped, with the reason, when EVENTWIRE_TEST_PG names no server)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from eventwire.api import ingest
from eventwire.cli import build_parser
from eventwire.export import ACLED_COLUMNS, CSV_COLUMNS
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span
from eventwire.server.app import STATIC_DIR, create_app
from eventwire.store import open_store
from tests.conftest import FakeCoder, fresh_postgres_schemas

# City -> (country, ISO alpha-2, admin1, latitude, longitude): the places the articles name.
CITIES = {
    "Almaty": ("Kazakhstan", "KZ", "Almaty", 43.25, 76.95),
    "Bishkek": ("Kyrgyzstan", "KG", "Bishkek", 42.87, 74.59),
    "Accra": ("Ghana", "GH", "Greater Accra", 5.56, -0.2),
    "Lima": ("Peru", "PE", "Lima", -12.05, -77.04),
}
HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class KeywordCoder(FakeCoder):
    """A stand-in coder: one mention per sentence naming a city; 'clash' makes it a battle whose
    'N killed' gives the fatalities, else a protest."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = []
            for index in range(len(doc.sentences)):
                mention = self._mention(doc, index)
                if mention is not None:
                    doc.mentions.append(mention)
        return docs

    def _mention(self, doc: Doc, index: int) -> Mention | None:
        text = doc.sentence_text(index)
        city = next((name for name in CITIES if name in text), None)
        if city is None:
            return None
        country, iso, admin1, lat, lon = CITIES[city]
        sentence = doc.sentences[index]
        span = Span(article_id=doc.article.id, start=sentence.start, end=sentence.end, text=text)
        killed = re.search(r"(\d+) killed", text)
        battle = "clash" in text
        return Mention(
            id=f"{doc.article.id}:{len(doc.mentions)}",
            article_id=doc.article.id,
            event_type="Battles" if battle else "Protests",
            sub_event_type="Armed clash" if battle else "Peaceful protest",
            disorder_type="Political violence" if battle else "Demonstrations",
            actor1=Actor(name="x", label=f"Military Forces of {country}" if battle else f"Protesters ({country})",
                         inter=1 if battle else 6, country=country),
            actor2=Actor(name="y", label=f"Rebels ({country})", inter=2, country=country) if battle else None,
            place=Place(name=city, country=country, iso=iso, admin1=admin1, latitude=lat, longitude=lon,
                        geo_precision=1),
            event_date=doc.article.published,
            time_precision=1,
            killed=int(killed.group(1)) if killed else None,
            evidence=[span],
            field_rules={"event_type": "test.keyword"},
            published=doc.article.published,
            source=doc.article.source,
        )  # fmt: skip


def _articles() -> list[dict[str, str]]:
    """Short articles written for these tests: 24 protests and battles over four countries."""
    articles = []
    for day in range(1, 25):
        city = list(CITIES)[day % 4]
        if day % 3 == 0:
            text = f"Soldiers and rebels clash near {city}; {day % 5} killed in the fighting."
        else:
            text = f"Hundreds of students protest in {city} against tuition fees."
        articles.append({
            "text": text + f" Report number {day}.",
            "source": "Wire A" if day % 2 else "Wire B",
            "published": f"2023-05-{day:02d}",
            "title": f"Report {day}",
        })  # fmt: skip
    articles.append({
        "text": "Crowds protest in Accra. <script>alert(1)</script> javascript:alert(2) onerror=alert(3)",
        "source": "<b>Evil</b>",
        "published": "2023-06-02",
        "title": HOSTILE_TITLE,
        "url": "javascript:alert(4)",
    })  # fmt: skip
    return articles


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server") / "feed.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in _articles()), encoding="utf-8")
    return path


def _ingest(feed: Path, db: str) -> None:
    from eventwire.stages.sentences import SentenceStage

    pipeline = Pipeline([SentenceStage(), KeywordCoder()], on_error="raise")
    with open_store(db) as store:
        ingest([feed], store=store, pipeline=pipeline, merge="off")


@pytest.fixture(scope="module")
def store_path(feed: Path) -> Path:
    path = feed.parent / "events.db"
    _ingest(feed, str(path))
    return path


@pytest.fixture(scope="module")
def postgres_db(feed: Path) -> Iterator[str]:
    """The same articles in a fresh PostgreSQL schema (skips when there is no test server)."""
    with fresh_postgres_schemas() as new_url:
        url = new_url()
        _ingest(feed, url)
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def client(request: pytest.FixtureRequest, store_path: Path) -> TestClient:
    """The API over the test store, once per engine."""
    db = str(store_path) if request.param == "sqlite" else request.getfixturevalue("postgres_db")
    return TestClient(create_app(db), raise_server_exceptions=False)


def _all(client: TestClient, query: str = "") -> list[dict[str, object]]:
    response = client.get(f"/api/events?limit=5000&{query}")
    assert response.status_code == 200, response.text
    data: list[dict[str, object]] = response.json()["data"]
    return data


# -- ACLED semantics ---------------------------------------------------------------------------------


def test_pipe_is_or_and_country_names_are_acled_names(client: TestClient) -> None:
    both = _all(client, "country=Kazakhstan|Kyrgyzstan")
    assert {row["country"] for row in both} == {"Kazakhstan", "Kyrgyzstan"}
    assert len(both) == len(_all(client, "country=Kazakhstan")) + len(_all(client, "country=Kyrgyzstan"))
    assert {row["country"] for row in _all(client, "iso=398")} == {"Kazakhstan"}  # ACLED's numeric iso
    assert {row["country"] for row in _all(client, "region=Western Africa")} == {"Ghana"}
    assert _all(client, "country=Atlantis") == []


def test_event_date_where_between_and_comparisons(client: TestClient) -> None:
    rows = _all(client, "event_date=2023-05-05|2023-05-09&event_date_where=BETWEEN")
    assert sorted(row["event_date"] for row in rows) == [f"2023-05-{d:02d}" for d in range(5, 10)]
    after = _all(client, "event_date=2023-05-20&event_date_where=>=")
    assert after and all(str(row["event_date"]) >= "2023-05-20" for row in after)
    assert {row["event_date"] for row in _all(client, "event_date=2023-05-03")} == {"2023-05-03"}


def test_fatalities_where_and_type_filters(client: TestClient) -> None:
    rows = _all(client, "fatalities=2&fatalities_where=>")
    assert rows and all(int(row["fatalities"]) > 2 for row in rows)  # type: ignore[call-overload]
    battles = _all(client, "event_type=Battles")
    assert battles and {row["sub_event_type"] for row in battles} == {"Armed clash"}
    assert _all(client, "event_type=battles") == battles  # ACLED's matching ignores case
    assert _all(client, "interaction=12") == battles
    assert len(_all(client, "actor1=Rebels&actor1_where=LIKE")) == 0
    assert _all(client, "actor2=Rebels&actor2_where=LIKE") == battles


def test_fields_bbox_source_and_full_text(client: TestClient) -> None:
    rows = _all(client, "fields=event_id_cnty|country")
    assert rows and all(set(row) == {"event_id_cnty", "country"} for row in rows)
    assert {row["country"] for row in _all(client, "bbox=70,40,80,45")} == {"Kazakhstan", "Kyrgyzstan"}
    assert all("Wire B" in str(row["source"]) for row in _all(client, "source=Wire B"))
    tuition = _all(client, "q=tuition")
    assert tuition and all(row["event_type"] == "Protests" for row in tuition)
    assert len(_all(client, "q=tuit*")) == len(tuition)
    assert _all(client, "q=fighting") == _all(client, "q=FIGHTING")


def test_since_filters_by_change_time(client: TestClient) -> None:
    assert len(_all(client, "since=2000-01-01")) == len(_all(client))
    assert _all(client, "since=2999-01-01") == []


# -- formats -------------------------------------------------------------------------------------


def test_formats(client: TestClient) -> None:
    envelope = client.get("/api/events?limit=3").json()
    assert envelope["status"] == 200 and envelope["count"] == 3 and len(envelope["data"]) == 3
    array = client.get("/api/events?limit=3&_shape=array").json()
    assert array == envelope["data"]
    lines = client.get("/api/events?format=ndjson&limit=3").text.splitlines()
    assert [json.loads(line) for line in lines] == envelope["data"]
    total = len(_all(client))
    csv_response = client.get("/api/events.csv")
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS and tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert len(rows) == total + 1
    assert client.get("/api/events?format=csv").text == csv_response.text


def test_geojson_is_a_feature_collection(client: TestClient) -> None:
    for url in ("/api/events.geojson", "/api/events?format=geojson"):
        collection = client.get(url).json()
        assert collection["type"] == "FeatureCollection"
        assert len(collection["features"]) == len(_all(client))
        for feature in collection["features"]:
            assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert feature["properties"]["event_id_cnty"] == feature["id"]


def test_csv_neutralises_formulas_and_keeps_html_as_text(client: TestClient) -> None:
    text = client.get("/api/events.csv?q=crowds").text
    assert "<b>Evil</b>" in text  # CSV is data: the text is kept as written


# -- paging --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["-event_date", "event_date", "fatalities", "-fatalities", "timestamp"])
def test_keyset_paging_returns_every_event_once(client: TestClient, sort: str) -> None:
    url: str | None = f"/api/events?limit=4&sort={sort}&fields=event_id_cnty"
    seen: list[object] = []
    while url:
        body = client.get(url).json()
        seen += [row["event_id_cnty"] for row in body["data"]]
        url = body["next"]
    everything = [row["event_id_cnty"] for row in _all(client, f"sort={sort}")]
    assert seen == everything and len(set(seen)) == len(seen) == 25


def test_acled_page_parameter(client: TestClient) -> None:
    everything = _all(client)
    page2 = client.get("/api/events?limit=10&page=2").json()["data"]
    assert page2 == everything[10:20]


def test_streamed_formats_honour_limit_and_cursor(client: TestClient) -> None:
    first = client.get("/api/events?limit=5").json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    rest = client.get(f"/api/events.ndjson?cursor={cursor}").text.splitlines()
    ids = [row["event_id_cnty"] for row in first["data"]] + [
        json.loads(line)["event_id_cnty"] for line in rest
    ]
    assert ids == [row["event_id_cnty"] for row in _all(client)]


# -- detail, facets, timeline, changes ----------------------------------------------------------------


def test_event_detail_has_sources_evidence_in_context_and_rules(client: TestClient) -> None:
    event_id = _all(client, "event_type=Battles&fatalities=3")[0]["event_id_cnty"]
    detail = client.get(f"/api/events/{event_id}").json()
    assert detail["id"] == event_id and detail["row"]["fatalities"] == 3
    mention = detail["mentions"][0]
    assert mention["field_rules"] == {"event_type": "test.keyword"}
    evidence = mention["evidence"][0]
    assert "clash near" in evidence["text"] and evidence["after"].startswith(" Report number")
    assert detail["sources"][0]["source"] in ("Wire A", "Wire B")
    assert detail["sources"][0]["title"].startswith("Report ")
    assert client.get("/api/events/ev-nonexistent").status_code == 404


def test_facets_and_timeline_sum_to_the_events(client: TestClient) -> None:
    query = "country=Kazakhstan|Ghana|Peru"
    rows = _all(client, query)
    facets = client.get(f"/api/facets?{query}").json()["facets"]
    assert sum(f["count"] for f in facets["event_type"]) == len(rows)
    assert {f["value"]: f["count"] for f in facets["country"]} == {
        country: sum(1 for row in rows if row["country"] == country)
        for country in {r["country"] for r in rows}
    }
    assert {f["value"] for f in facets["source"]} >= {"Wire A", "Wire B"}
    for interval in ("day", "week"):
        timeline = client.get(f"/api/timeline?{query}&interval={interval}").json()["data"]
        assert sum(bucket["events"] for bucket in timeline) == len(rows)
        assert sum(bucket["fatalities"] for bucket in timeline) == sum(int(r["fatalities"]) for r in rows)  # type: ignore[call-overload]
    weeks = {b["period"] for b in client.get("/api/timeline").json()["data"]}
    assert "2023-05-01" in weeks and "2023-05-02" not in weeks  # weeks start on Monday


def test_changes_since(client: TestClient) -> None:
    body = client.get("/api/changes?since=2000-01-01&limit=10").json()
    assert body["count"] == 10 and all(change["new"] for change in body["changed"]) and body["next"]
    ids = [c["id"] for c in body["changed"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        ids += [c["id"] for c in body["changed"]]
    assert sorted(ids) == sorted(row["event_id_cnty"] for row in _all(client))
    assert client.get("/api/changes?since=2999-01-01").json()["changed"] == []


# -- bad input -----------------------------------------------------------------------------------

BAD_QUERIES = [
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=5001", "limit"),
    ("/api/events?limit=ten", "limit"),
    ("/api/events?limit=-1", "limit"),
    ("/api/events?page=0", "page"),
    ("/api/events?page=2&cursor=abc", "page"),
    ("/api/events?cursor=not-a-cursor", "cursor"),
    ("/api/events?cursor=WzEsMl0", "cursor"),
    ("/api/events?event_date=yesterday", "event_date"),
    ("/api/events?event_date=2023-05-01&event_date_where=LIKE", "event_date_where"),
    ("/api/events?event_date=2023-05-01&event_date_where=BETWEEN", "event_date"),
    ("/api/events?event_date_where=BETWEEN", "event_date"),
    ("/api/events?fatalities=many", "fatalities"),
    ("/api/events?fatalities=1|2&fatalities_where=>", "fatalities"),
    ("/api/events?fields=event_id_cnty|password", "fields"),
    ("/api/events?format=xml", "format"),
    ("/api/events.csv?format=geojson", "format"),
    ("/api/events?sort=record", "sort"),
    ("/api/events?sort=event_date;DROP TABLE events", "sort"),
    ("/api/events?bbox=1,2,3", "bbox"),
    ("/api/events?bbox=0,50,10,40", "bbox"),
    ("/api/events?bbox=a,b,c,d", "bbox"),
    ("/api/events?bbox=0,0,200,10", "bbox"),
    ("/api/events?q=%22%29%28*", "q"),
    ("/api/events?q=" + "x" * 600, "q"),
    ("/api/events?since=soon", "since"),
    ("/api/events?since=99999999999999999999", "since"),
    ("/api/events?iso=KZ", "iso"),
    ("/api/events?interaction=1e3", "interaction"),
    ("/api/events?year=20233", "year"),
    ("/api/events?countri=Peru", "countri"),
    ("/api/events?country=a&country=b", "country"),
    ("/api/events?_shape=table", "_shape"),
    ("/api/events?actor1_where=REGEXP&actor1=x", "actor1_where"),
    ("/api/events?country=" + "|".join(["x"] * 300), "country"),
    ("/api/events?country=%00", "country"),
    ("/api/timeline?interval=month", "interval"),
    ("/api/facets?limit=3", "limit"),
    ("/api/facets?facets=password", "facets"),
    ("/api/changes", "since"),
    ("/api/changes?since=x", "since"),
    ("/api/changes?since=2020-01-01&cursor=zz", "cursor"),
    ("/api/changes?since=2020-01-01&sort=x", "sort"),
    ("/api/events/ev-1?x=1", "x"),
]


@pytest.mark.parametrize(("url", "param"), BAD_QUERIES)
def test_bad_parameters_are_400s_naming_the_parameter(client: TestClient, url: str, param: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["parameter"] == param and error["message"]


def test_odd_but_valid_input_is_not_an_error(client: TestClient) -> None:
    for url in (
        "/api/events?q=%27tuition%27%3B--%20OR",  # quotes and SQL-ish text are only words to search
        "/api/events?country=%27%20OR%201%3D1--",
        "/api/events?actor=%25&actor_where=LIKE",
        "/api/events?bbox=170,-90,-170,90",  # across the antimeridian
        "/api/events?key=abc&email=a@b.c",  # an ACLED URL's credentials are ignored
        "/api/events/%3Cscript%3E",
    ):
        assert client.get(url).status_code in (200, 404), url
    assert _all(client, "actor=%25&actor_where=LIKE") == []  # % is a literal, not a wildcard


# -- security ------------------------------------------------------------------------------------


def test_every_response_has_the_csp_and_no_cors(client: TestClient) -> None:
    for url in ("/", "/api/events", "/api/events.csv", "/static/app.js", "/api/events?limit=0", "/nope"):
        response = client.get(url, headers={"Origin": "http://evil.example"})
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in response.headers


def test_static_files_request_nothing_from_other_hosts() -> None:
    # URLs that are only names, never fetched: SVG's XML namespace, and links in licence comments.
    allowed = re.compile(
        r"https?://(www\.w3\.org/|github\.com/|bugs\.chromium\.org/|bugzilla\.mozilla\.org/|leafletjs\.com)"
    )
    own_files = {"index.html", "app.js", "app.css"}
    for path in STATIC_DIR.rglob("*"):
        if path.suffix not in (".html", ".js", ".css"):
            continue
        urls = re.findall(r"https?://[^\s\"'<>)]+", path.read_text(encoding="utf-8"))
        if path.name in own_files:
            assert urls == [], path
        else:
            assert all(allowed.match(url) for url in urls), (path, urls)


def test_dashboard_inserts_data_as_text_only() -> None:
    script = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and not re.search(r"\son\w+\s*=", page)  # no inline script or handler


def test_hostile_article_is_served_as_data(client: TestClient) -> None:
    row = _all(client, "q=crowds")[0]
    detail = client.get(f"/api/events/{row['event_id_cnty']}").json()
    assert detail["sources"][0]["title"] == HOSTILE_TITLE  # JSON carries it; the page sets textContent
    page = client.get("/").text
    assert "alert" not in page


def test_server_binds_loopback_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_store_is_opened_read_only(client: TestClient, store_path: Path) -> None:
    from eventwire.server.queries import EventReader

    reader = EventReader(str(store_path))
    assert reader.store().read_only
    with pytest.raises(Exception, match="readonly"):
        reader.store().connection.execute("DELETE FROM events")


def test_older_store_is_refused_with_advice(tmp_path: Path, store_path: Path) -> None:
    import shutil
    import sqlite3

    from eventwire.errors import StoreError

    old = tmp_path / "old.db"
    shutil.copy(store_path, old)
    with sqlite3.connect(old) as connection:
        connection.execute("PRAGMA user_version = 5")
    with pytest.raises(StoreError, match="--upgrade"):
        create_app(old)


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.") and "/api/events" in document["paths"]
    names = {p["name"] for p in document["paths"]["/api/events"]["get"]["parameters"]}
    assert {"event_date_where", "fatalities_where", "fields", "bbox", "q", "cursor"} <= names
    docs = client.get("/api")
    assert docs.status_code == 200 and "event_date_where" in docs.text


# -- the query plans behind issue #13's latency goals (migration 8) --------------------------------

TYPICAL_PLANS = [
    # (query, the index its page walks)
    ("country=Nigeria&event_date=2023-01-01|2023-12-31&event_date_where=BETWEEN", "events_place_date"),
    ("event_type=Battles&fatalities=5&fatalities_where=>=", "events_type_date"),
    ("bbox=30,-5,45,15&event_date=2022-01-01|2022-03-31&event_date_where=BETWEEN", "events_date_place"),
]


def _plan(store_path: Path, sql: str, params: list[object]) -> str:
    from eventwire.server.queries import EventReader

    connection = EventReader(str(store_path)).store().connection
    return " / ".join(row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.parametrize(("query", "index"), TYPICAL_PLANS)
def test_typical_queries_walk_an_index_not_the_table(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, index: str
) -> None:
    from urllib.parse import parse_qs

    from eventwire.server import queries
    from eventwire.server.params import parse_filter, parse_listing

    seen: list[tuple[str, list[object]]] = []

    def record(self: object, sql: str, params: list[object]) -> list[tuple[object, ...]]:
        seen.append((sql, params))
        return []

    monkeypatch.setattr(queries.EventReader, "rows", record)
    params = parse_qs(query)
    queries.EventReader(str(store_path)).page(parse_filter(params), parse_listing(params, suffix_format=None))
    plan = _plan(store_path, *seen[-1])
    assert f"USING INDEX {index}" in plan and "SCAN e " not in plan + " ", plan


def test_weekly_timeline_of_a_country_reads_its_index(store_path: Path) -> None:
    from eventwire.server.params import EventFilter
    from eventwire.server.queries import where_sql

    sql = where_sql(EventFilter(country=("Kenya",)))
    plan = _plan(
        store_path,
        f"SELECT e.event_week, e.event_type, count(*), sum(e.fatalities) FROM events AS e {sql.where()}"
        " AND e.event_week IS NOT NULL GROUP BY 1, 2",
        sql.params,
    )
    assert "USING INDEX events_place_week" in plan, plan


def test_full_text_walked_or_read_from_the_matches_gives_the_same_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.server import queries

    for query in ("q=fighting", "q=tuition&sort=fatalities", "q=fighting&country=Kazakhstan"):
        read = _all(client, query)
        monkeypatch.setattr(queries, "FTS_WALK_FROM", 1)  # every search walks the sort index
        assert _all(client, query) == read and read, query
        monkeypatch.undo()


def test_year_and_open_date_ranges(client: TestClient) -> None:
    year = _all(client, "year=2023")
    assert year == _all(client, "event_date=2023-01-01|2023-12-31&event_date_where=BETWEEN")
    before = _all(client, "event_date=2023-05-09&event_date_where=<=")
    assert before and all("" < str(row["event_date"]) <= "2023-05-09" for row in before)


def test_facets_parameter_counts_only_the_facets_asked_for(client: TestClient) -> None:
    body = client.get("/api/facets?facets=country|source").json()
    assert set(body["facets"]) == {"country", "source"}
    every = client.get("/api/facets").json()["facets"]
    assert body["facets"]["country"] == every["country"] and len(every) == 6


def test_a_place_without_iso_code_is_found_and_counted_by_its_country_name(
    tmp_path: Path, store_path: Path
) -> None:
    import shutil
    import sqlite3

    copy = tmp_path / "no_iso.db"
    shutil.copy(store_path, copy)
    with sqlite3.connect(copy) as connection:  # the triggers and generated columns follow the record
        (event_id,) = connection.execute(
            "UPDATE events SET record = json_set(record, '$.place.iso', '') WHERE rowid ="
            " (SELECT min(rowid) FROM events WHERE place_iso = 'KZ') RETURNING id"
        ).fetchone()
    client = TestClient(create_app(copy))
    assert event_id in {row["event_id_cnty"] for row in _all(client, "country=KAZAKHSTAN")}
    assert event_id not in {row["event_id_cnty"] for row in _all(client, "iso=398")}
    counts = {
        f["value"]: f["count"] for f in client.get("/api/facets?facets=country").json()["facets"]["country"]
    }
    assert counts["Kazakhstan"] == len(_all(client, "country=Kazakhstan"))
    battles = client.get("/api/facets?facets=country&event_type=Battles").json()["facets"]["country"]
    assert sum(f["count"] for f in battles) == len(_all(client, "event_type=Battles"))


# -- both engines give the same answers (issue #14) -------------------------------------------------

SAME_ON_BOTH = [
    "/api/events?limit=5000",
    "/api/events?country=Kazakhstan|Ghana&event_date=2023-05-03|2023-05-20&event_date_where=BETWEEN",
    "/api/events?event_type=BATTLES&fatalities=1&fatalities_where=>=&sort=-fatalities",
    "/api/events?actor=protesters&actor_where=LIKE&sort=event_date&limit=4",
    "/api/events?q=tuit*%20fees&bbox=-80,-20,80,50&interaction=60",
    "/api/events?admin1=greater accra|ALMATY",
    "/api/events?year=2023&source=Wire A&limit=3&page=2",
    "/api/facets",
    "/api/facets?event_type=Protests&q=students",
    "/api/timeline?interval=week",
    "/api/timeline?interval=day&region=Western Africa",
]


def _without_times(value: object) -> object:
    """The answer less the store's write times (`timestamp`, `updated_at`): each engine set its own
    when the articles were ingested."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("timestamp", "updated_at")}
    if isinstance(value, list):
        return [_without_times(item) for item in value]
    return value


@pytest.fixture(scope="module")
def both_clients(store_path: Path, postgres_db: str) -> tuple[TestClient, TestClient]:
    return TestClient(create_app(store_path)), TestClient(create_app(postgres_db))


@pytest.mark.parametrize("url", SAME_ON_BOTH)
def test_sqlite_and_postgres_give_the_same_json(
    both_clients: tuple[TestClient, TestClient], url: str
) -> None:
    sqlite_client, postgres_client = both_clients
    expected = sqlite_client.get(url)
    assert expected.status_code == 200, expected.text
    answer = _without_times(expected.json())
    assert isinstance(answer, dict) and (answer.get("data") or answer.get("facets")), answer
    assert _without_times(postgres_client.get(url).json()) == answer


def test_event_detail_is_the_same_on_both_engines(both_clients: tuple[TestClient, TestClient]) -> None:
    sqlite_client, postgres_client = both_clients
    for row in _all(sqlite_client)[:25:6]:
        url = f"/api/events/{row['event_id_cnty']}"
        assert _without_times(postgres_client.get(url).json()) == _without_times(
            sqlite_client.get(url).json()
        )
