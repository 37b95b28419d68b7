"""The same 500 sample-like articles give the same events whatever runs them and wherever they go:
`eventwire ingest` into SQLite is the reference; `eventwire run --engine local` into SQLite and
PostgreSQL, `--engine ray` into SQLite, and ingest into PostgreSQL must store the same events
(ids, fields, sources), the same mention-to-event links and the same mentions outside events.

The articles are written here from a few dozen hand-made sentences: several countries, towns
within and beyond merging distance of each other, vague and exact dates, many reports of one
event from different outlets and batches, verbal (PLOVER-only) events, a repeated article and a
bad input line. A model-free coder (`SentenceCoder`) reads them back into mentions.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from eventwire.api import ingest
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span
from eventwire.runner import Engine, run
from eventwire.store import EventStore, open_store
from tests.conftest import FakeCoder, fresh_postgres_schemas

ARTICLES = 500
FILES = 5
FIRST_DAY = dt.date(2023, 5, 1)
OUTLETS = ["Harbour Post", "Ridge Times", "Delta Wire", "Morning Ledger", "Coast Radio", "Valley Courier"]


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    iso: str
    admin1: str
    latitude: float
    longitude: float


# Accra and Tema are 22 km apart (one place for merging), Soacha 15 km from Bogota; the others far.
TOWNS = [
    Town("Accra", "Ghana", "GH", "Greater Accra", 5.556, -0.197),
    Town("Tema", "Ghana", "GH", "Greater Accra", 5.670, -0.017),
    Town("Kumasi", "Ghana", "GH", "Ashanti", 6.688, -1.624),
    Town("Nairobi", "Kenya", "KE", "Nairobi", -1.286, 36.817),
    Town("Kisumu", "Kenya", "KE", "Kisumu", -0.092, 34.768),
    Town("Bogota", "Colombia", "CO", "Bogota D.C.", 4.711, -74.072),
    Town("Soacha", "Colombia", "CO", "Cundinamarca", 4.579, -74.217),
    Town("Sfax", "Tunisia", "TN", "Sfax", 34.740, 10.760),
]
TOWN_NAMES = {town.name: town for town in TOWNS}

# Each kind of event as the fake coder codes it: ACLED type and sub-type ("" for a verbal event,
# which PLOVER records and ACLED does not), PLOVER type, actor 1 and its interaction code.
KINDS = {
    "protest": ("Protests", "Peaceful protest", "PROTEST", "Protesters", 6),
    "riot": ("Riots", "Violent demonstration", "PROTEST", "Rioters", 5),
    "clash": ("Battles", "Armed clash", "ASSAULT", "Military Forces", 1),
    "attack": ("Violence against civilians", "Attack", "ASSAULT", "Unidentified Armed Group", 3),
    "arrest": ("Strategic developments", "Arrests", "COERCE", "Police Forces", 1),
    "threat": ("", "", "THREATEN", "Government", 1),
}
# The sentences that report them: (kind, the cue words the coder knows it by, the sentence).
TEMPLATES = [
    ("protest", "marched through", "About {n} traders marched through {town} {when} against the new market levy."),
    ("protest", "rallied outside", "Nurses in {town} rallied outside the regional hospital {when}, {n} by one count."),
    ("riot", "smashed", "Youths set tyres alight and smashed {n} shop windows in {town} {when}."),
    ("riot", "stoned", "Angry residents of {town} stoned a police post {when}, injuring {n} officers."),
    ("clash", "exchanged fire", "Soldiers and gunmen exchanged fire on the road out of {town} {when}; {n} died."),
    ("clash", "fought armed men", "An army patrol fought armed men near {town} {when}, and {n} were killed."),
    ("attack", "shot", "Gunmen on motorbikes shot {n} farmers in fields outside {town} {when}."),
    ("attack", "raided", "Attackers raided a village close to {town} {when} and killed {n} residents."),
    ("arrest", "detained", "Police in {town} detained {n} opposition activists {when}."),
    ("arrest", "arrested", "Officers arrested {n} students at a campus in {town} {when}."),
    ("threat", "warned", "The governor warned {when} that {n} strikers in {town} would lose their posts."),
    ("threat", "threatened", "A militia leader threatened {when} to close the roads to {town} unless {n} fighters were freed."),
]  # fmt: skip
# When it happened: how far before publication, and ACLED's time precision of such a date.
WHEN = {"on Monday": (2, 1), "yesterday": (1, 1), "this morning": (0, 1), "last week": (7, 2)}
FILLER = [
    "Traffic in the centre returned to normal by evening.",
    "Officials did not answer calls asking for comment.",
    "Shops on the main road stayed shut for the rest of the day.",
    "Local radio carried appeals for calm from church leaders.",
    "The weather service forecast heavy rain for the weekend.",
    "A spokesperson promised an inquiry within the month.",
]


# -- the articles --------------------------------------------------------------------------------


def event_sentence(rng: random.Random) -> str:
    """One sentence reporting an event; a few stories recur so that reports merge."""
    _, _, template = rng.choice(TEMPLATES)
    when = rng.choice(list(WHEN))
    return template.format(n=rng.choice((2, 3, 5, 12, 40)), town=rng.choice(TOWNS).name, when=when)


def article_record(rng: random.Random, number: int) -> dict[str, str]:
    """A short article: a dateline headline, one to three event sentences, filler between them."""
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(12))
    sentences = [event_sentence(rng) for _ in range(rng.randint(1, 3))]
    sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FILLER))
    record = {
        "title": f"Dispatch {number}",
        "text": f"Dispatch {number}\n\n" + " ".join(sentences),
        "published": published.isoformat(),
        "source": OUTLETS[rng.randrange(len(OUTLETS))],
    }
    if number % 7 == 0:
        record["id"] = f"wire-{number}"  # some inputs bring their own ids
    return record


def write_articles(folder: Path) -> list[Path]:
    """ARTICLES articles over FILES JSONL files, one article repeated in a later file and one bad
    line: what both ingest and run must skip and record alike."""
    rng = random.Random(14)
    records = [article_record(rng, number) for number in range(ARTICLES)]
    per_file = ARTICLES // FILES
    paths = []
    for index in range(FILES):
        lines = [json.dumps(record) for record in records[index * per_file : (index + 1) * per_file]]
        if index == FILES - 1:
            lines += [json.dumps(records[3]), "{this line is not JSON"]
        path = folder / f"articles-{index}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# -- the coder -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"\b(\d+)\b")
_CUES = {cue: kind for kind, cue, _ in TEMPLATES}


class SentenceCoder(FakeCoder):
    """Stands in for the coder: a mention for each sentence written by `event_sentence`."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = []
            for index in range(len(doc.sentences)):
                mention = coded_sentence(doc, index, number=len(doc.mentions))
                if mention is not None:
                    doc.mentions.append(mention)
        return docs


def sentence_coder_pipeline() -> Pipeline:
    """What ingest uses and each run worker builds (module level, so that workers can import it)."""
    from eventwire.stages.sentences import SentenceStage

    return Pipeline([SentenceStage(), SentenceCoder()], on_error="record")


def kind_of(text: str) -> str | None:
    """Which kind of event the sentence reports, from its cue words; None for filler."""
    return next((kind for cue, kind in _CUES.items() if cue in text), None)


def coded_sentence(doc: Doc, index: int, *, number: int) -> Mention | None:
    """The sentence's mention: type from its wording, town, date relative to publication, count."""
    text = doc.sentence_text(index)
    kind = kind_of(text)
    town = next((TOWN_NAMES[word] for word in re.findall(r"[A-Z]\w+", text) if word in TOWN_NAMES), None)
    when = next((phrase for phrase in WHEN if phrase in text), None)
    if kind is None or town is None or when is None or doc.article.published is None:
        return None
    event_type, sub_event_type, plover_type, actor, inter = KINDS[kind]
    days_before, precision = WHEN[when]
    day = dt.date.fromisoformat(doc.article.published) - dt.timedelta(days=days_before)
    count = int(_NUMBER.findall(text)[0])
    sentence = doc.sentences[index]
    span = Span(article_id=doc.article.id, start=sentence.start, end=sentence.end, text=text)
    return Mention(
        id=f"{doc.article.id}:{number}",
        article_id=doc.article.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover_type=plover_type,
        actor1=Actor(
            name=actor.lower(), label=f"{actor} ({town.country})", inter=inter, country=town.country
        ),
        place=_place(town, span),
        event_date=day.isoformat(),
        time_precision=precision,
        killed=count if kind in ("clash", "attack") else None,
        arrested=count if kind == "arrest" else None,
        crowd_size=count if kind == "protest" else None,
        evidence=[span],
        confidence=0.5 + 0.1 * precision,
        published=doc.article.published,
        source=doc.article.source,
    )


def _place(town: Town, span: Span) -> Place:
    return Place(
        name=town.name,
        country=town.country,
        iso=town.iso,
        admin1=town.admin1,
        latitude=town.latitude,
        longitude=town.longitude,
        geo_precision=1,
        gazetteer_id=f"test:{town.iso}:{town.name}",
        feature="city",
        span=span,
    )


# -- what must be the same -----------------------------------------------------------------------


def snapshot(store: EventStore) -> dict[str, object]:
    """Everything the paths must agree on: each event's encoded record (without the time it was
    written), the mentions each event holds, the mentions outside events, and the counts."""
    encode = msgspec.json.Encoder().encode
    events = sorted(store.events(), key=lambda event: event.id)
    return {
        "events": {event.id: encode(msgspec.structs.replace(event, updated_at=None)) for event in events},
        "links": {
            event.id: [mention.id for mention in store.mentions_of_event(event.id)] for event in events
        },
        "outside": [mention.id for mention in store.mentions_without_event()],
        "counts": store.counts(),
    }


def ingested(paths: list[Path], db: str) -> dict[str, object]:
    """`eventwire ingest` into `db`; what it stored."""
    with open_store(db) as store:
        ingest(paths, store=store, pipeline=sentence_coder_pipeline())
        return snapshot(store)


def ran(paths: list[Path], db: str, out: Path, *, engine: Engine = "local") -> dict[str, object]:
    """`eventwire run` with 2 workers into `db`; what it stored."""
    summary = run(
        paths,
        db=db,
        out=out,
        engine=engine,
        workers=2,
        pipeline_factory=sentence_coder_pipeline,
    )
    assert summary.failed == [] and summary.parts_coded == FILES
    with open_store(db, read_only=True) as store:
        return snapshot(store)


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("parity-in")
    return write_articles(folder)


@pytest.fixture(scope="module")
def reference(articles: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """`eventwire ingest` into SQLite: what every other path must give."""
    return ingested(articles, str(tmp_path_factory.mktemp("reference") / "ingest.db"))


@pytest.fixture
def postgres_url() -> Iterator[Callable[[], str]]:
    with fresh_postgres_schemas() as new_url:
        yield new_url


# -- the checks ----------------------------------------------------------------------------------


def test_the_articles_give_merging_work_to_do(reference: dict[str, object]) -> None:
    events, links, outside = reference["events"], reference["links"], reference["outside"]
    counts = reference["counts"]
    assert isinstance(events, dict) and isinstance(links, dict) and isinstance(counts, dict)
    assert counts["articles"] == ARTICLES and counts["ingest_errors"] == 1  # the bad line
    merged = [ids for ids in links.values() if len(ids) > 1]
    assert len(events) > 150 and len(merged) > 50  # many events, many reported more than once
    assert max(len(ids) for ids in merged) >= 5
    assert any(len({mention_id.split(":")[0] for mention_id in ids}) < len(ids) for ids in merged)
    assert isinstance(outside, list) and len(outside) > 50  # the verbal events
    assert len({json.loads(record)["place"]["name"] for record in events.values()}) == len(TOWNS)


def test_local_run_into_sqlite_gives_the_reference(
    articles: list[Path], reference: dict[str, object], tmp_path: Path
) -> None:
    assert ran(articles, str(tmp_path / "run.db"), tmp_path / "parts") == reference


def test_local_run_into_postgres_gives_the_reference(
    articles: list[Path], reference: dict[str, object], postgres_url: Callable[[], str], tmp_path: Path
) -> None:
    assert ran(articles, postgres_url(), tmp_path / "parts") == reference


def test_ingest_into_postgres_gives_the_reference(
    articles: list[Path], reference: dict[str, object], postgres_url: Callable[[], str]
) -> None:
    assert ingested(articles, postgres_url()) == reference


# Ray Data's own configuration warns of its deprecated settings when it is first used. Last in the
# file: the tests after a Ray run would fork worker processes beside Ray's threads.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
def test_ray_run_into_sqlite_gives_the_reference(
    articles: list[Path], reference: dict[str, object], tmp_path: Path
) -> None:
    ray = pytest.importorskip("ray", reason="Ray is an optional extra (pip install 'eventwire[ray]')")
    pytest.importorskip("ray.data", reason="Ray without Ray Data: pip install 'ray[data]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        assert ran(articles, str(tmp_path / "ray.db"), tmp_path / "parts", engine="ray") == reference
    finally:
        ray.shutdown()
