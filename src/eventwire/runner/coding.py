"""The unit of work both engines run: code one input file into its part.

A worker (a process of the local pool, or a Ray actor) builds its pipeline once and then runs
`code_job` for each file it is given. Nothing here touches the store: workers only write parts,
and the merge into the store happens once, in the driver, in a fixed order.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import msgspec

from eventwire.errors import InputError
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import Article
from eventwire.runner.inputs import read_input
from eventwire.runner.parts import Fingerprint, PartCounts, PartWriter

PipelineFactory = Callable[[], Pipeline]
T = TypeVar("T")


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """One input file to code into one part."""

    input: str
    part: str
    fingerprint: Fingerprint
    published: str | None = None
    batch_size: int = 32


class JobResult(msgspec.Struct, kw_only=True):
    """What a worker reports for a job: the part's counts, or why no part was written."""

    input: str
    part: str
    counts: PartCounts | None = None
    failed: str = ""  # set when the job broke off (a full disk, a bug): no part, rerun to retry


def real_pipeline() -> Pipeline:
    """The default: eventwire's whole pipeline, keeping each article's error and going on."""
    from eventwire.api import build_pipeline

    return build_pipeline(on_error="record")


def code_job(job: Job, pipeline: Pipeline, *, on_articles: Callable[[int], None] | None = None) -> JobResult:
    """Code one input into its part; a job that breaks off reports why instead of raising, so
    that one file's failure does not stop the others (its part is not written: rerun retries)."""
    try:
        counts = code_file(job, pipeline, on_articles=on_articles)
        return JobResult(input=job.input, part=job.part, counts=counts)
    except Exception as error:
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        return JobResult(input=job.input, part=job.part, failed=f"{type(error).__name__}: {error}{where}")


def code_file(
    job: Job, pipeline: Pipeline, *, on_articles: Callable[[int], None] | None = None
) -> PartCounts:
    """Read, code and write one input, a batch of `job.batch_size` items at a time."""
    started = time.perf_counter()
    with PartWriter(Path(job.part), job.fingerprint) as writer:
        items = read_input(Path(job.input), published=job.published)
        for chunk in chunked(items, job.batch_size):
            for item in code_chunk(chunk, pipeline):
                writer.add(item)
            if on_articles:
                on_articles(len(chunk))
        return writer.commit(seconds=time.perf_counter() - started)


def code_chunk(chunk: list[Article | InputError], pipeline: Pipeline) -> Iterator[Doc | InputError]:
    """The chunk's items in order, each article replaced by its coded Doc."""
    articles = [item for item in chunk if isinstance(item, Article)]
    docs = iter(pipeline.run(articles) if articles else [])
    for item in chunk:
        yield item if isinstance(item, InputError) else next(docs)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
