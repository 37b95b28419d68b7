"""The pipeline: stages that take a batch of documents and fill in more of each.

A stage declares what it `requires` and what it `provides` (names of Doc fields); the
pipeline checks the order when it is built, the way spaCy checks its components. Stages load
their models in `setup()`, once per worker, so one stage list runs in-process, in a process
pool, or as a Ray Data `map_batches` class.

Error policy: `raise` stops at the first failing document (for `eventwire code`); `record`
keeps the error on the document and goes on with the rest of the batch (for `ingest`).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol

from eventwire.errors import PipelineError
from eventwire.records import Article, Mention, Timex, Toponym

ErrorPolicy = Literal["raise", "record"]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


ZoneKind = Literal[
    "headline", "dateline", "body", "quote", "caption", "credit", "byline", "related", "boilerplate"
]


@dataclass(frozen=True, slots=True)
class Zone:
    """A part of the page (stages/zones.py): offsets into the article text, its kind, and the
    language-pack entry that set it ("" for plain body text)."""

    kind: ZoneKind
    start: int
    end: int
    rule: str = ""


@dataclass(slots=True)
class Doc:
    """One article as it goes through the stages. Fields start empty; stages fill them."""

    article: Article
    language: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)  # story and page clutter, in text order
    timexes: list[Timex] = field(default_factory=list)
    reference_date: str | None = None  # what relative dates resolve against (ISO date)
    toponyms: list[Toponym] = field(default_factory=list)  # place names with resolved places
    mentions: list[Mention] = field(default_factory=list)
    error: str | None = None  # set under the "record" policy when a stage failed
    done: set[str] = field(default_factory=set)  # names of the stages that ran

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.article.text[sentence.start : sentence.end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds a character offset (sentences are in text order), found by
        bisection: stages ask once per mention, and a long article has thousands of both."""
        index = bisect.bisect_right(self.sentences, offset, key=lambda sentence: sentence.start) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None


class Stage(Protocol):
    """What every stage looks like."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    provides: ClassVar[tuple[str, ...]]

    def setup(self) -> None: ...

    def __call__(self, docs: list[Doc]) -> list[Doc]: ...


class Pipeline:
    """An ordered, checked list of stages."""

    def __init__(self, stages: Sequence[Stage], *, on_error: ErrorPolicy = "raise") -> None:
        check_stage_order(stages)
        self.stages = list(stages)
        self.on_error = on_error
        self._ready = False
        self.seconds_by_stage: dict[str, float] = {stage.name: 0.0 for stage in stages}

    def setup(self) -> None:
        """Load every stage's models; called on first use, so building a pipeline is cheap."""
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True

    def run(self, articles: Sequence[Article]) -> list[Doc]:
        """Run all stages over one batch of articles."""
        self.setup()
        docs = [Doc(article=article) for article in articles]
        for stage in self.stages:
            started = time.perf_counter()
            docs = self._run_stage(stage, docs)
            self.seconds_by_stage[stage.name] += time.perf_counter() - started
        return docs

    def run_batches(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[list[Doc]]:
        """Run over any number of articles, one batch at a time."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield self.run(batch)
                batch = []
        if batch:
            yield self.run(batch)

    def _run_stage(self, stage: Stage, docs: list[Doc]) -> list[Doc]:
        live = [doc for doc in docs if doc.error is None]
        try:
            stage(live)
        except Exception as error:
            if self.on_error == "raise":
                raise
            # One bad document must not sink the batch: retry one at a time to find it.
            for doc in live:
                try:
                    stage([doc])
                except Exception as single_error:
                    doc.error = f"stage {stage.name!r} failed: {type(single_error).__name__}: {single_error}"
            del error
        for doc in live:
            if doc.error is None:
                doc.done.add(stage.name)
        return docs


def check_stage_order(stages: Sequence[Stage]) -> None:
    """Fail at build time when a stage needs a field that no earlier stage provides."""
    provided = {"article"}
    names: list[str] = []
    for stage in stages:
        missing = [need for need in stage.requires if need not in provided]
        if missing:
            earlier = ", ".join(names) or "none"
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage provides "
                f"(earlier stages: {earlier}). Put a stage that provides it before {stage.name!r}."
            )
        provided.update(stage.provides)
        names.append(stage.name)
