"""Shared fixtures: small hand-written articles and a fake pipeline that needs no models."""

from __future__ import annotations

from typing import ClassVar

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
