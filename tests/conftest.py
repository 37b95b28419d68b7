"""Shared fixtures: small hand-written articles and a fake pipeline that needs no models."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pytest

from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Actor, Mention, Place, Span


class FakeCoder:
    """What every stand-in for the real coder shares: it takes the place of the events stage and
    loads no model. Subclasses write `__call__`."""

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def setup(self) -> None:
        pass


class KeywordEventStage(FakeCoder):
    """A stand-in for the real coder: a 'protest' mention per sentence with the word 'protest'."""

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            if "EXPLODE" in doc.text:
                raise RuntimeError("this fake stage fails on purpose")
            doc.mentions = [
                fake_mention(doc, index)
                for index in range(len(doc.sentences))
                if "protest" in doc.sentence_text(index).lower()
            ]
        return docs


def fake_mention(doc: Doc, index: int) -> Mention:
    sentence = doc.sentences[index]
    span = Span(
        article_id=doc.article.id, start=sentence.start, end=sentence.end, text=doc.sentence_text(index)
    )
    return Mention(
        id=f"{doc.article.id}:{len(doc.mentions)}:{index}",
        article_id=doc.article.id,
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1=Actor(name="protesters", label="Protesters (Ghana)", inter=6, country="Ghana"),
        place=Place(name="Accra", country="Ghana", iso="GH", latitude=5.56, longitude=-0.2, geo_precision=1),
        event_date=doc.article.published,
        time_precision=1,
        evidence=[span],
        published=doc.article.published,
        source=doc.article.source,
    )


@pytest.fixture
def fake_pipeline() -> Pipeline:
    from eventwire.stages.sentences import SentenceStage

    return Pipeline([SentenceStage(), KeywordEventStage()], on_error="record")


# -- one store test, both engines ----------------------------------------------------------------

# Where the PostgreSQL tests find a server: `eval "$(bash .ci/postgres.sh start)"` sets it.
POSTGRES_URL_VARIABLE = "EVENTWIRE_TEST_PG"


def _postgres_server() -> str:
    """The test server's URL, or a skip saying how to get one."""
    import os

    url = os.environ.get(POSTGRES_URL_VARIABLE, "")
    if not url:
        pytest.skip(
            f'no PostgreSQL server: set {POSTGRES_URL_VARIABLE} (eval "$(bash .ci/postgres.sh start)")'
        )
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=5).close()
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'eventwire[postgres]'")
    except Exception as error:  # any failure to connect means: no server to test against
        pytest.skip(f"PostgreSQL at {POSTGRES_URL_VARIABLE} is not reachable: {error}")
    return url


def _with_search_path(url: str, schema: str) -> str:
    """The URL with the schema first on its search path (PostGIS stays reachable in public)."""
    from urllib.parse import quote

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema},public', safe='')}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_factory(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Callable[..., str]]:
    """`db_factory(name="store.db")` gives the `--db` value of a new, empty store of this test's engine:
    the file `name` in tmp_path on SQLite, a fresh schema's URL on PostgreSQL (dropped afterwards).
    For tests that need the value itself: commands, child processes, more than one store."""
    if request.param == "sqlite":
        yield lambda name="store.db": str(tmp_path / name)
        return
    with fresh_postgres_schemas() as new_url:
        yield lambda name="store.db": new_url()


@pytest.fixture
def store_factory(db_factory: Callable[..., str]) -> Callable[..., Any]:
    """`store_factory(read_only=False)` opens this test's own store, the same one each call, on
    SQLite (a file in tmp_path) and on PostgreSQL (a fresh schema, dropped afterwards)."""
    from eventwire.store import open_store

    db = db_factory("store.db")
    return lambda read_only=False: open_store(db, read_only=read_only)


@contextlib.contextmanager
def fresh_postgres_schemas() -> Iterator[Callable[[], str]]:
    """`new_url()` gives the URL of a new, empty schema on the test server (a store of its own);
    every schema made is dropped at the end. Skips the test when there is no server."""
    import uuid

    import psycopg

    server = _postgres_server()
    made: list[str] = []

    def new_url() -> str:
        schema = f"test_{uuid.uuid4().hex[:12]}"
        admin.execute(f"CREATE SCHEMA {schema}")
        made.append(schema)
        return _with_search_path(server, schema)

    with psycopg.connect(server, autocommit=True) as admin:
        try:
            yield new_url
        finally:
            for schema in made:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
