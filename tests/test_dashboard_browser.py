"""The dashboard in a real headless Chromium (Debian's `chromium`, see .ci/chromium.sh), driven
over the DevTools protocol (eventwire.headless): it renders offline, the URL holds the filters,
the detail shows every source and its evidence, and a hostile article's markup never runs.

The browser resolves no name but 127.0.0.1, so a page that needed the network would break here.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from eventwire.api import ingest
from eventwire.bench_api import serving
from eventwire.headless import Chromium, find_chromium
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span
from eventwire.server.app import create_app
from eventwire.store import SqliteStore
from tests.conftest import FakeCoder

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH (install it with .ci/chromium.sh, or set $CHROMIUM)"
)

# City -> (country, ISO alpha-2, latitude, longitude).
CITIES = {
    "Nairobi": ("Kenya", "KE", -1.29, 36.82),
    "Kampala": ("Uganda", "UG", 0.35, 32.58),
    "Dakar": ("Senegal", "SN", 14.69, -17.44),
}
# Each payload would leave a mark if it ran: the page title, an element with id "pwned", or a
# data attribute on <body>.
HOSTILE_TITLE = '<script>document.title="pwned"</script><img src=x onerror="document.body.dataset.pwned=1">'
HOSTILE_ACTOR = "<img id=pwned src=x onerror=\"document.title='pwned'\">Militia"
HOSTILE_SOURCE = "<script>document.body.dataset.pwned=2</script>"
HOSTILE_URL = "javascript:document.title='pwned'"
MARKS_OF_A_RUN = (
    "document.title !== 'eventwire' || !!document.getElementById('pwned') || 'pwned' in document.body.dataset"
)


class CityCoder(FakeCoder):
    """One mention per sentence naming a city: 'clash' makes it a battle ('N killed' its
    fatalities), else a protest; a 'militia' is named by the hostile actor label."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = [m for i in range(len(doc.sentences)) if (m := self._mention(doc, i))]
        return docs

    def _mention(self, doc: Doc, index: int) -> Mention | None:
        text = doc.sentence_text(index)
        city = next((name for name in CITIES if name in text), None)
        if city is None:
            return None
        country, iso, lat, lon = CITIES[city]
        sentence = doc.sentences[index]
        battle = "clash" in text
        killed = re.search(r"(\d+) killed", text)
        label = HOSTILE_ACTOR if "militia" in text else f"Protesters ({country})"
        return Mention(
            id=f"{doc.article.id}:{index}",
            article_id=doc.article.id,
            event_type="Battles" if battle else "Protests",
            sub_event_type="Armed clash" if battle else "Peaceful protest",
            actor1=Actor(name="a", label=label, inter=3 if battle else 6, country=country),
            place=Place(name=city, country=country, iso=iso, latitude=lat, longitude=lon, geo_precision=1),
            event_date=doc.article.published,
            time_precision=1,
            killed=int(killed.group(1)) if killed else None,
            evidence=[Span(article_id=doc.article.id, start=sentence.start, end=sentence.end, text=text)],
            published=doc.article.published,
            source=doc.article.source,
        )


def _articles() -> list[dict[str, str]]:
    """Ten protests over three cities, and one clash near Kampala reported by two sources that
    disagree on the dead: one honest, one with markup in its title, source, actor and link."""
    articles = [
        {
            "text": f"Teachers protest in {city} over unpaid wages. Day {day} of the strike.",
            "source": "Savanna Wire",
            "published": f"2024-03-{day:02d}",
            "title": f"Teachers strike, day {day}",
            "url": f"https://example.org/strike/{day}",
        }
        for day, city in zip(range(1, 11), list(CITIES) * 4, strict=False)
    ]
    clash = "A militia clash near Kampala left {killed} killed on Tuesday."
    articles.append({"text": clash.format(killed=3), "source": "Lake Herald", "published": "2024-03-12",
                     "title": "Clash near Kampala", "url": "https://example.org/clash"})  # fmt: skip
    articles.append({"text": clash.format(killed=5), "source": HOSTILE_SOURCE, "published": "2024-03-12",
                     "title": HOSTILE_TITLE, "url": HOSTILE_URL})  # fmt: skip
    return articles


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventwire.stages.sentences import SentenceStage

    folder = tmp_path_factory.mktemp("dashboard")
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in _articles()), encoding="utf-8")
    path = folder / "events.db"
    with SqliteStore(path) as store:
        ingest([feed], store=store, pipeline=Pipeline([SentenceStage(), CityCoder()], on_error="raise"))
    return path


@pytest.fixture(scope="module")
def api(store_path: Path) -> TestClient:
    return TestClient(create_app(store_path))


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    """`eventwire serve`'s app on a free port of 127.0.0.1, as the benchmark serves it."""
    with serving(store_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None
    with Chromium(CHROMIUM) as chromium:
        yield chromium


def _open(browser: Chromium, url: str) -> None:
    loaded = browser.open(url, until="document.body.dataset.loaded")
    assert loaded != "error", browser.evaluate("document.getElementById('status').textContent")


def _api_rows(api: TestClient, query: str = "") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = api.get(f"/api/events?limit=5000&{query}").json()["data"]
    return rows


def _table_column(browser: Chromium, index: int) -> list[str]:
    cells = browser.evaluate(
        f"[...document.querySelectorAll('#events tbody tr')].map(r => r.cells[{index}].textContent)"
    )
    return list(cells)


# The base map is drawn on a canvas (preferCanvas): count the pixels it painted.
PAINTED_PIXELS = """(() => {
  const canvas = document.querySelector('#map .leaflet-overlay-pane canvas');
  if (!canvas) return 0;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4 * 97) if (pixels[i] > 0) painted++;
  return painted;
})()"""


def test_dashboard_renders_with_nothing_from_another_host(
    browser: Chromium, base_url: str, api: TestClient
) -> None:
    browser.events.clear()
    _open(browser, base_url + "/")
    assert browser.evaluate("document.querySelectorAll('#map .leaflet-pane').length") >= 5
    assert browser.evaluate(PAINTED_PIXELS) > 100  # countries from the vendored TopoJSON
    clustered = browser.evaluate("[...document.querySelectorAll('.marker-cluster')].map(c => +c.textContent)")
    assert clustered and 0 < sum(clustered) <= len(_api_rows(api))
    assert len(_table_column(browser, 0)) == len(_api_rows(api))
    assert browser.evaluate("document.querySelectorAll('#timeline canvas').length") >= 1
    assert browser.evaluate("document.querySelectorAll('#legend .legend-item').length") == 2
    assert int(browser.evaluate("document.body.dataset.firstMapRenderMs")) > 0
    assert browser.problems() == []
    outside = [u for u in browser.requested_urls() if not u.startswith((base_url + "/", "data:"))]
    assert outside == []


def test_filters_in_the_url_round_trip(browser: Chromium, base_url: str, api: TestClient) -> None:
    _open(browser, base_url + "/?country=Kenya&event_type=Protests&from=2024-03-01&to=2024-03-08")
    expected = _api_rows(
        api, "country=Kenya&event_type=Protests&event_date=2024-03-01|2024-03-08&event_date_where=BETWEEN"
    )
    assert expected and len(expected) < len(_api_rows(api))
    assert set(_table_column(browser, 6)) == {"Kenya"}
    assert len(_table_column(browser, 0)) == len(expected)
    assert browser.evaluate("document.forms.filters.elements.country.value") == "Kenya"
    # A filter typed into the form goes into the URL, and the table follows it.
    browser.evaluate("delete document.body.dataset.loaded; document.getElementById('reset-filters').click()")
    browser.wait_for("document.body.dataset.loaded")
    assert browser.evaluate("location.search") == ""  # Reset clears the URL too
    browser.evaluate(
        "{ const form = document.forms.filters; form.elements.event_type.value = 'Battles';"
        " delete document.body.dataset.loaded; form.requestSubmit(); }"
    )
    browser.wait_for("document.body.dataset.loaded")
    assert browser.evaluate("location.search") == "?event_type=Battles"
    assert set(_table_column(browser, 1)) == {"Battles"}


def _open_detail(browser: Chromium, base_url: str) -> None:
    _open(browser, base_url + "/?event_type=Battles")
    browser.evaluate("document.querySelector('#events tbody tr').click()")
    browser.wait_for("document.querySelectorAll('#detail mark').length")


def test_detail_shows_every_source_and_highlights_the_evidence(
    browser: Chromium, base_url: str, api: TestClient
) -> None:
    _open_detail(browser, base_url)
    (battle,) = _api_rows(api, "event_type=Battles")
    detail = api.get(f"/api/events/{battle['event_id_cnty']}").json()
    assert len(detail["sources"]) == 2 and "killed" in detail["disagreements"]
    items = browser.evaluate("[...document.querySelectorAll('#detail li')].map(li => li.textContent)")
    assert len(items) == 2 and any("Lake Herald" in item for item in items)
    marks = browser.evaluate("[...document.querySelectorAll('#detail mark')].map(m => m.textContent)")
    assert sorted(marks) == sorted(span["text"] for m in detail["mentions"] for span in m["evidence"])
    assert browser.evaluate("document.querySelectorAll('#detail .flag').length") >= 1  # sources disagree


def test_hostile_article_is_shown_as_text_and_never_runs(browser: Chromium, base_url: str) -> None:
    _open_detail(browser, base_url)
    time.sleep(0.3)  # an onerror handler would fire once the broken image failed to load
    assert browser.evaluate(MARKS_OF_A_RUN) is False
    shown = browser.evaluate("document.querySelector('main').textContent")
    for payload in (HOSTILE_TITLE, HOSTILE_ACTOR, HOSTILE_SOURCE):
        assert payload in shown  # as text, word for word
    page = browser.evaluate("document.documentElement.outerHTML")
    assert "&lt;script&gt;document.title" in page and "&lt;img id=pwned" in page
    inserted = "#events script, #events img, #detail script, #detail img, #detail a[href^='javascript']"
    assert browser.evaluate(f"document.querySelectorAll({json.dumps(inserted)}).length") == 0
    links = browser.evaluate("[...document.querySelectorAll('#detail a')].map(a => a.href)")
    assert links == ["https://example.org/clash"]
