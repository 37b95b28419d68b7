"""The event stages: pick candidate sentences cheaply, then code events from them."""

from __future__ import annotations

from typing import ClassVar

from eventwire.coding import code_article, is_candidate
from eventwire.pipeline import Doc


class CandidateStage:
    """Sentence indices that may hold an ACLED event: cached cue patterns, no parsing.

    Only these sentences go through spaCy's NER (for the places stage), which keeps the
    pipeline fast. Background sentences ("protests in 2019") are left out.
    """

    name: ClassVar[str] = "candidates"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    provides: ClassVar[tuple[str, ...]] = ("candidates",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.candidates = [
                index
                for index, sentence in enumerate(doc.sentences)
                if is_candidate(doc.text[sentence.start : sentence.end])
            ]
        return docs


class EventStage:
    """Mentions: ACLED and PLOVER types, actors, counts, spans, rank.

    Every sentence is read (the cue tests are cached from the candidate stage), so verbal PLOVER
    events outside the candidates are found too; background ACLED events come out with their
    status (historical, negated, ...), never as current events.
    """

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "candidates", "entities")
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.mentions = code_article(
                doc.article,
                [(s.start, s.end) for s in doc.sentences],
                candidates=None,
                toponyms=doc.toponyms,
            )
        return docs
