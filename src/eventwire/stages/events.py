"""The event stage: code the events of every story sentence (stages/zones.py says which)."""

from __future__ import annotations

from typing import ClassVar

from eventwire.coding import code_article, prepare
from eventwire.coding.countries import preload_codes
from eventwire.packs import pack_languages
from eventwire.pipeline import Doc
from eventwire.stages.zones import story_sentences


class EventStage:
    """Mentions: ACLED and PLOVER types, actors, counts, spans, rank.

    Every sentence of the story is read; captions, credits, bylines and related links
    (stages/zones.py) are not. Background ACLED events come out with their status (historical,
    negated, ...), never as current events.
    """

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentences", "zones", "toponyms")
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def setup(self) -> None:
        from eventwire.gazetteer import load_gazetteer

        # Actors take their country from resolved places too: know all their codes up front.
        preload_codes(load_gazetteer().country_names())
        for language in pack_languages():
            prepare(language)

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = code_article(
                doc.article,
                [(s.start, s.end) for s in doc.sentences],
                candidates=sorted(story_sentences(doc)),  # captions, credits, related links: no events
                toponyms=doc.toponyms,
                language=doc.language,
            )
        return docs
