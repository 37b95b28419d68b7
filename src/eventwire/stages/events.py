"""The event stages: pick candidate sentences cheaply, then code events from them."""

from __future__ import annotations

from typing import ClassVar

from eventwire.coding import code_article, is_candidate
from eventwire.pipeline import Doc


class CandidateStage:
    """Sentence indices that may hold an event: one precompiled regex, no parsing.

    Only these sentences go through spaCy's NER, which keeps the pipeline fast.
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
    """Mentions from the candidate sentences: ACLED and PLOVER types, actors, counts, spans, rank."""

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
                candidates=doc.candidates,
                toponyms=doc.toponyms,
            )
        return docs
