"""The system under test, as a handful of plain callables the task runners are given.

The runners never import the pipeline themselves: tests pass fake callables, and `load_system`
finds the real ones. A part that cannot be found (its module or function does not exist yet,
or the pipeline has no stage that provides it) is None with the reason in `missing`, and every
metric that needs it is reported as missing rather than as a number.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventwire.errors import EventwireError
from eventwire.records import Article

Coder = Callable[[list[Article]], Iterable[Any]]  # articles -> Docs (mentions, toponyms), same order
SpanResolver = Callable[[str, list[tuple[int, int]]], list[Any]]  # text, spans -> Toponyms
TimexTagger = Callable[[str, datetime.date | None], list[Any]]  # text, reference -> Timexes
ReferenceFinder = Callable[[str], datetime.date | None]
DocumentGrouper = Callable[[list[Any]], list[str]]  # Docs -> one cluster label per doc
AliasFinder = Callable[[str], list[str]]  # a gold admin1 name -> other names of the same unit
CandidateFinder = Callable[[str], list[Any]]  # a name -> every Place it can name (latitude, longitude)

PARTS = ("coder", "toponym_finder", "span_resolver", "timex_tagger", "document_grouper")
# Which parts each task needs; only those are loaded (the gazetteer is not loaded to score dates).
PARTS_BY_TASK: dict[str, tuple[str, ...]] = {
    "events": ("coder", "admin1_aliases"),
    "plover": ("coder",),
    "geo": ("span_resolver", "toponym_finder", "candidate_finder"),
    "dates": ("timex_tagger",),
    "dedup": ("coder", "document_grouper"),
}
# Errors that mean "this capability is not there yet", not "the system is broken".
_ABSENT = (ImportError, AttributeError, NotImplementedError, EventwireError)


@dataclass(slots=True)
class System:
    """The parts of the system a run can use; None where a part does not exist."""

    coder: Coder | None = None
    provides: frozenset[str] = frozenset()  # Doc fields the coder's stages fill in
    toponym_finder: Coder | None = None
    span_resolver: SpanResolver | None = None
    timex_tagger: TimexTagger | None = None
    reference_finder: ReferenceFinder | None = None
    document_grouper: DocumentGrouper | None = None
    admin1_aliases: AliasFinder | None = None  # optional: without it names must match as written
    # Geo oracle only: the gazetteer's candidates for a name, a yardstick rather than the system.
    candidate_finder: CandidateFinder | None = None
    # Loads models before the clock starts, so docs_per_s measures coding, not loading.
    warm_up: Callable[[], None] | None = None
    missing: dict[str, str] = field(default_factory=dict)  # part -> why it is absent

    def why_missing(self, part: str) -> str:
        return self.missing.get(part, f"{part} is not available")


def load_system(tasks: Iterable[str]) -> System:
    """Find the real parts the given tasks need, recording why any of them is absent."""
    needed = {part for task in tasks for part in PARTS_BY_TASK.get(task, ())}
    system = System()
    pipeline: Any = None
    if needed & {"coder", "toponym_finder", "document_grouper"}:
        pipeline = _attach_coder(system)
    if "toponym_finder" in needed:
        _attach_toponym_finder(system, pipeline)
    if "span_resolver" in needed:
        _attach_span_resolver(system)
    if "timex_tagger" in needed:
        _attach_timex_tagger(system)
    if "document_grouper" in needed:
        _attach_document_grouper(system)
    if "admin1_aliases" in needed:
        _attach_admin1_aliases(system)
    if "candidate_finder" in needed:
        _attach_candidate_finder(system)
    return system


def _attach_coder(system: System) -> Any:
    try:
        api = importlib.import_module("eventwire.api")
        pipeline = api.build_pipeline(on_error="record")
        code_articles = api.code_articles
    except _ABSENT as error:
        system.missing["coder"] = f"eventwire.api.code_articles is not available ({_describe(error)})"
        return None
    system.coder = _batched_coder(code_articles, pipeline)
    system.warm_up = pipeline.setup
    system.provides = frozenset(name for stage in pipeline.stages for name in stage.provides)
    return pipeline


def _attach_toponym_finder(system: System, pipeline: Any) -> None:
    if pipeline is None:
        system.missing["toponym_finder"] = system.why_missing("coder")
        return
    # End-to-end geo needs the stages up to the one that finds toponyms; the event stages after it
    # cannot change toponyms, so they are not run (the same stage objects, already set up).
    cut = next((i for i, stage in enumerate(pipeline.stages) if "toponyms" in stage.provides), None)
    if cut is None:
        system.missing["toponym_finder"] = "no pipeline stage provides toponyms yet"
        return
    try:
        api = importlib.import_module("eventwire.api")
        pipeline_module = importlib.import_module("eventwire.pipeline")
        front = pipeline_module.Pipeline(pipeline.stages[: cut + 1], on_error="record")
    except _ABSENT as error:
        system.missing["toponym_finder"] = f"cannot build the toponym stages ({_describe(error)})"
        return
    system.toponym_finder = _batched_coder(api.code_articles, front)


def _attach_span_resolver(system: System) -> None:
    try:
        gazetteer = importlib.import_module("eventwire.gazetteer").load_gazetteer()
        resolve_spans = gazetteer.resolve_spans
    except _ABSENT as error:
        system.missing["span_resolver"] = (
            f"eventwire.gazetteer.load_gazetteer().resolve_spans is not available ({_describe(error)})"
        )
        return
    system.span_resolver = resolve_spans


def _attach_timex_tagger(system: System) -> None:
    try:
        timex = importlib.import_module("eventwire.timex")
        tag_timexes = timex.tag_timexes
    except _ABSENT as error:
        system.missing["timex_tagger"] = f"eventwire.timex.tag_timexes is not available ({_describe(error)})"
        return

    def tag(text: str, reference: datetime.date | None) -> list[Any]:
        return list(tag_timexes(text, reference=reference, language="en"))

    system.timex_tagger = tag
    system.reference_finder = getattr(timex, "find_reference_date", None)


def _attach_document_grouper(system: System) -> None:
    try:
        group_documents = importlib.import_module("eventwire.cluster").group_documents
    except _ABSENT as error:
        system.missing["document_grouper"] = (
            f"eventwire.cluster.group_documents is not available ({_describe(error)})"
        )
        return
    system.document_grouper = group_documents


def _attach_admin1_aliases(system: System) -> None:
    """The README lets a gold admin1 name match a gazetteer alias ("Paktia" is "Paktiya")."""
    try:
        gazetteer = importlib.import_module("eventwire.gazetteer").load_gazetteer()
        lookup = gazetteer.lookup
    except _ABSENT:
        return  # names are then compared as written, which is still a fair test

    def aliases(name: str) -> list[str]:
        return [place.name for place in lookup(name) if place.feature == "admin1"]

    system.admin1_aliases = aliases


def _attach_candidate_finder(system: System) -> None:
    """Every place the gazetteer offers for a name (`Gazetteer.lookup`), for the geo oracle."""
    try:
        lookup = importlib.import_module("eventwire.gazetteer").load_gazetteer().lookup
    except _ABSENT as error:
        system.missing["candidate_finder"] = (
            f"eventwire.gazetteer.load_gazetteer().lookup is not available ({_describe(error)})"
        )
        return
    system.candidate_finder = lookup


def _batched_coder(code_articles: Callable[..., Iterable[Any]], pipeline: Any) -> Coder:
    def code(articles: Sequence[Article]) -> Iterable[Any]:
        # An iterator: the caller keeps what it needs of each Doc as the batches come.
        return code_articles(list(articles), pipeline=pipeline, batch_size=32)

    return code


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
