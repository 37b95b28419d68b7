"""The merge: every part's articles and mentions into the store, in one pass, in a fixed order.

The parts are replayed through `eventwire.api.ingest_articles`, the very function behind
`eventwire ingest`, with a pipeline that returns the Docs the workers already coded instead of
coding again. The store therefore sees the same batches of the same articles in the same order
as an ingest of the same inputs, and makes the same events: the same skipping of articles it
already holds, the same errors recorded, the same id-clash warnings.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from eventwire.api import IngestSummary, ingest_articles
from eventwire.errors import InputError
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Article
from eventwire.runner.parts import read_part
from eventwire.store import EventStore, MergePolicy

# The replay holds the coded Docs of articles handed to ingest but not yet asked for; ingest asks
# for a batch's articles before it reads the next batch, so this bound is never reached by it.
_MAX_WAITING = 100_000


class ReplayPipeline(Pipeline):
    """A pipeline that codes nothing: `run` returns the Docs the workers wrote into the parts.

    Docs are looked up by the identity of their Article object, which `items` hands to ingest
    and ingest hands back, so two equal articles at different places keep their own Docs.
    """

    def __init__(self) -> None:
        super().__init__([], on_error="record")
        self._waiting: OrderedDict[int, Doc] = OrderedDict()

    def items(self, docs: Iterable[Doc | InputError]) -> Iterator[Article | InputError]:
        """The articles (and input errors) to ingest, remembering each article's Doc."""
        for doc in docs:
            if isinstance(doc, InputError):
                yield doc
                continue
            self._waiting[id(doc.article)] = doc
            if len(self._waiting) > _MAX_WAITING:
                self._waiting.popitem(last=False)  # an article ingest skipped as already stored
            yield doc.article

    def run(self, articles: Sequence[Article]) -> list[Doc]:
        return [self._waiting.pop(id(article)) for article in articles]


def merge_parts(
    parts: Sequence[Path | InputError],
    *,
    store: EventStore,
    batch_size: int = 32,
    merge: MergePolicy = "acled",
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Ingest the parts in the order given (an InputError stands for an input that has no part,
    such as a link out of a folder that was not followed) and return what ingest did."""
    replay = ReplayPipeline()
    return ingest_articles(
        replay.items(_all_items(parts)),
        store=store,
        pipeline=replay,
        batch_size=batch_size,
        merge=merge,
        on_progress=on_progress,
    )


def _all_items(parts: Sequence[Path | InputError]) -> Iterator[Doc | InputError]:
    for part in parts:
        if isinstance(part, InputError):
            yield part
        else:
            yield from read_part(part)
