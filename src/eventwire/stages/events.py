"""The event stages: pick candidate sentences cheaply, then code events from them."""

from __future__ import annotations

from typing import ClassVar

from eventwire.coding import code_article, is_candidate
from eventwire.coding.classifier import classifier_for
from eventwire.coding.countries import preload_codes
from eventwire.coding.packs import pack_languages
from eventwire.coding.plover import main_plover
from eventwire.coding.status import latest_year
from eventwire.pipeline import Doc
from eventwire.records import published_date
from eventwire.stages.zones import story_sentences


class CandidateStage:
    """Sentence indices that may hold an ACLED event that names a place: cached cues, no parsing.

    Only these sentences go through spaCy's NER (which helps the places stage), which keeps the
    pipeline fast. Background sentences ("protests in 2019") are left out. `max_per_article`
    keeps only the first N candidates of an article (None: no limit): the main event is almost
    always among the first, and the places stage resolves names well without NER (measured on
    the dev sets: every metric the same to within 0.001 with 2 as with 3 or with no limit; the
    pipeline 3.2x spaCy's full pipeline with 2, 2.9x with 3, 2.6x with no limit).
    """

    name: ClassVar[str] = "candidates"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentences", "zones")
    provides: ClassVar[tuple[str, ...]] = ("candidates",)

    def __init__(self, *, max_per_article: int | None = 2) -> None:
        self.max_per_article = max_per_article

    def setup(self) -> None:
        for language in pack_languages():
            is_candidate("", language=language)  # compiles the language's packs once

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            published = published_date(doc.article)
            year = published.year if published else None
            newest = latest_year(doc.text) if year is None else None
            story = story_sentences(doc)
            chosen = [
                index
                for index, sentence in enumerate(doc.sentences)
                if index in story
                and is_candidate(
                    doc.text[sentence.start : sentence.end],
                    published_year=year,
                    latest_year=newest,
                    language=doc.language,
                )
            ]
            doc.candidates = chosen if self.max_per_article is None else chosen[: self.max_per_article]
        return docs


class EventStage:
    """Mentions: ACLED and PLOVER types, actors, counts, spans, rank.

    Every sentence of the story is read (the cue tests are cached from the candidate stage); captions,
    credits, bylines and related links (stages/zones.py) are not. Verbal PLOVER
    events outside the candidates are found too; background ACLED events come out with their
    status (historical, negated, ...), never as current events.
    """

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentences", "zones", "toponyms")
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def setup(self) -> None:
        from eventwire.gazetteer import load_gazetteer

        # Actors take their country from resolved places too: know all their codes up front.
        preload_codes(load_gazetteer().country_names())
        # Every language's packs are compiled and its model trained once per worker, here
        # rather than on the first article in that language.
        for language in pack_languages():
            classifier_for(language)
            is_candidate("", language=language)
            main_plover("", language)

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
