"""The library calls behind the CLI: code articles, ingest them into a store, query events."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import InputError
from eventwire.pipeline import Doc, ErrorPolicy, Pipeline, Stage
from eventwire.readers import read_paths
from eventwire.records import Article, make_article
from eventwire.store import EventStore, MergePolicy


def default_stages() -> list[Stage]:
    """The stage list, in order. Each stage loads its model on first use."""
    from eventwire.stages.dates import EventDateStage, TimexStage
    from eventwire.stages.events import EventStage
    from eventwire.stages.language import LanguageStage
    from eventwire.stages.places import EventPlaceStage, ToponymStage
    from eventwire.stages.sentences import SentenceStage
    from eventwire.stages.units import EventUnitStage
    from eventwire.stages.zones import ZoneStage

    return [
        LanguageStage(),
        SentenceStage(),
        ZoneStage(),
        TimexStage(),
        ToponymStage(),
        EventStage(),
        EventDateStage(),
        EventPlaceStage(),
        EventUnitStage(),
    ]


def build_pipeline(*, on_error: ErrorPolicy = "raise") -> Pipeline:
    return Pipeline(default_stages(), on_error=on_error)


def code_articles(
    articles: Iterable[Article], *, pipeline: Pipeline | None = None, batch_size: int = 32
) -> Iterator[Doc]:
    """Code articles in batches; yields one Doc per article, in input order."""
    pipeline = pipeline or build_pipeline()
    for docs in pipeline.run_batches(articles, batch_size=batch_size):
        yield from docs


def code_text(
    text: str, *, published: str | None = None, title: str = "", pipeline: Pipeline | None = None
) -> Doc:
    """Code one text: the quickest way to see what eventwire finds."""
    return next(code_articles([make_article(text, title=title, published=published)], pipeline=pipeline))


@dataclass
class IngestSummary:
    articles_read: int = 0
    articles_added: int = 0
    articles_skipped: int = 0  # already in the store: not coded again
    mentions_added: int = 0
    events_touched: int = 0
    errors: list[str] = field(default_factory=list)
    # Stored, but worth a look: e.g. an input id that another, different article already carries.
    warnings: list[str] = field(default_factory=list)


def ingest(
    paths: Iterable[str | Path],
    *,
    store: EventStore,
    published: str | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 32,
    merge: MergePolicy = "acled",
    on_progress: Callable[[int], None] | None = None,
    follow_links: bool = False,
) -> IngestSummary:
    """Read, code and store every article under `paths`; bad inputs are recorded, not fatal.

    In folders, symbolic links that lead out of the folder are skipped unless `follow_links`."""
    return ingest_articles(
        read_paths(paths, published=published, follow_links=follow_links),
        store=store,
        pipeline=pipeline,
        batch_size=batch_size,
        merge=merge,
        on_progress=on_progress,
    )


def ingest_articles(
    items: Iterable[Article | InputError],
    *,
    store: EventStore,
    pipeline: Pipeline | None = None,
    batch_size: int = 32,
    merge: MergePolicy = "acled",
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Code and store articles already read (by `ingest`, or fetched by `eventwire watch`);
    the errors among `items` are recorded, and articles already stored are not coded again."""
    pipeline = pipeline or build_pipeline(on_error="record")
    summary = IngestSummary()
    touched: set[str] = set()
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            _record(summary, store, item.origin, str(item))
            if on_progress:
                on_progress(1)
            continue
        summary.articles_read += 1
        batch.append(item)
        if len(batch) >= batch_size:
            touched |= _store_batch(batch, store=store, pipeline=pipeline, merge=merge, summary=summary)
            if on_progress:
                on_progress(len(batch))
            batch = []
    if batch:
        touched |= _store_batch(batch, store=store, pipeline=pipeline, merge=merge, summary=summary)
        if on_progress:
            on_progress(len(batch))
    summary.events_touched = len(touched)
    return summary


def _store_batch(
    batch: list[Article], *, store: EventStore, pipeline: Pipeline, merge: MergePolicy, summary: IngestSummary
) -> set[str]:
    """Code the batch's new articles and store them in one transaction; the events it touched."""
    new = _drop_known(batch, store=store, summary=summary)
    good = []
    for doc in pipeline.run(new) if new else []:
        if doc.error:
            _record(summary, store, doc.article.origin or doc.article.id, doc.error)
        else:
            good.append((doc.article, doc.mentions))
    result = store.add_batch(good, merge=merge)
    summary.articles_added += result.articles_added
    summary.articles_skipped += result.articles_skipped
    summary.mentions_added += result.mentions_added
    return result.event_ids


def _drop_known(batch: list[Article], *, store: EventStore, summary: IngestSummary) -> list[Article]:
    """Articles already stored are not coded again: re-ingesting changes nothing.

    Articles are known by content. An input id (`source_id`) is no key: a different article with
    an id already used is stored too, and the clash is reported in `summary.warnings`.
    """
    known = store.known_article_ids(a.id for a in batch)
    claims = store.articles_by_source_id(a.source_id for a in batch if a.id not in known)
    unique: dict[str, Article] = {}
    for article in batch:
        stored_under_id = claims.get(article.source_id, {})
        # An earlier eventwire keyed an article by its input id: the same content is known.
        if article.id in known or article.id in unique or article.id in stored_under_id.values():
            summary.articles_skipped += 1
            continue
        if stored_under_id:
            summary.warnings.append(_id_clash(article, sorted(stored_under_id)))
        unique[article.id] = article
        if article.source_id:
            claims.setdefault(article.source_id, {})[article.id] = article.id
    return list(unique.values())


def _id_clash(article: Article, others: list[str]) -> str:
    origin = article.origin or article.id
    return (
        f"{origin}: its id {article.source_id!r} is also the id of different article(s) "
        f"{', '.join(others)}; both are kept, this one as article {article.id} (articles are keyed "
        "by content); give each article its own id if you need to tell them apart by it"
    )


def _record(summary: IngestSummary, store: EventStore, origin: str, message: str) -> None:
    text = message if message.startswith(origin) else f"{origin}: {message}"
    summary.errors.append(text)
    store.record_error(origin, message)
