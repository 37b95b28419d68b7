"""`eventwire run`: code large batches on many cores (`--engine local`) or a Ray cluster
(`--engine ray`), then merge into the store in one pass.

A run has two phases:

1. Coding. Inputs (files, folders, globs; JSONL, WARC, feeds, Parquet ...) are expanded to
   files, and each file is one job: a worker, which built the pipeline once, reads and codes it
   and writes its articles and mentions to one Parquet part in the output folder
   (eventwire.runner.parts), under a temporary name renamed when complete. Workers never touch
   the store.
2. Merging. The parts are ingested into the store by the driver alone, in input order (the
   inputs as given, globs and folders sorted) and each part in its items' order, through the
   same function as `eventwire ingest` (eventwire.runner.merge). The events are therefore the
   events `eventwire ingest` makes of the same inputs.

Resume: a run that was killed is resumed by running the same command again. Inputs whose part
is complete and still matches the input (same path, size, modification time and --published)
are not coded again; the others are. The merge then replays every part from the start: the
batches stored before the kill are skipped as already stored (ingest is idempotent by article
content), the rest are added in the same order, and the store ends with the events a clean
run makes. A job that breaks off (a full disk, a worker killed) leaves no part; the run codes
the other files, then stops before merging and says to run it again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from eventwire.api import IngestSummary
from eventwire.errors import EventwireError, InputError
from eventwire.runner.coding import Job, JobResult, PipelineFactory, real_pipeline
from eventwire.runner.inputs import estimated_articles, expand_inputs
from eventwire.runner.parts import (
    PartCounts,
    fingerprint_of,
    is_complete,
    part_path,
    read_counts,
    remove_temporary_parts,
)
from eventwire.runner.progress import Progress
from eventwire.store import MergePolicy, is_postgres_url, open_store

Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")
LOCK_NAME = ".eventwire-run.lock"
# run_local and run_ray: (jobs, *, workers, pipeline_factory, on_articles, on_result) -> None
EngineRunner = Callable[..., None]


@dataclass
class RunPlan:
    """What a run does: the merge order, the files to code, and the parts kept from before."""

    order: list[Path | InputError] = field(default_factory=list)  # parts, or errors, to merge
    jobs: list[Job] = field(default_factory=list)
    reused: list[Path] = field(default_factory=list)


@dataclass
class RunSummary:
    """What a run did: files coded and reused, coding speed, and the merge's ingest summary."""

    inputs: int = 0  # input files
    parts_coded: int = 0
    parts_reused: int = 0
    articles_coded: int = 0  # in this run, not counting reused parts
    coding_seconds: float = 0.0  # wall-clock time of the coding phase, pool start-up included
    failed: list[str] = field(default_factory=list)  # "input: why" for jobs that left no part
    ingest: IngestSummary = field(default_factory=IngestSummary)  # what the merge did

    @property
    def articles_per_second(self) -> float:
        return self.articles_coded / self.coding_seconds if self.coding_seconds else 0.0


def run(
    inputs: Sequence[str | Path],
    *,
    db: str,
    out: str | Path,
    engine: Engine = "local",
    workers: int = 1,
    published: str | None = None,
    batch_size: int = 32,
    merge: MergePolicy = "acled",
    follow_links: bool = False,
    pipeline_factory: PipelineFactory = real_pipeline,
    progress: bool = False,
) -> RunSummary:
    """Code `inputs` into parts under `out` with `workers` workers of `engine`, then merge the
    parts into the store `db`. Rerunning after a kill resumes (see the module's docstring)."""
    _check_options(engine=engine, workers=workers, batch_size=batch_size)
    _check_server_store(db)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with _only_run_in(folder):
        remove_temporary_parts(folder)
        plan = plan_run(
            inputs, out=folder, published=published, batch_size=batch_size, follow_links=follow_links
        )
        summary = RunSummary(inputs=len(plan.jobs) + len(plan.reused), parts_reused=len(plan.reused))
        _code(
            plan,
            summary,
            engine=engine,
            workers=workers,
            pipeline_factory=pipeline_factory,
            progress=progress,
        )
        if summary.failed:
            raise EventwireError(_failure_message(summary, folder))
        summary.ingest = _merge(plan, db=db, batch_size=batch_size, merge=merge, progress=progress)
    return summary


def plan_run(
    inputs: Sequence[str | Path], *, out: Path, published: str | None, batch_size: int, follow_links: bool
) -> RunPlan:
    """Expand the inputs and sort them into files to code and parts to reuse."""
    plan = RunPlan()
    for item in expand_inputs(inputs, follow_links=follow_links):
        if isinstance(item, InputError):
            plan.order.append(item)
            continue
        part = part_path(out, item)
        fingerprint = fingerprint_of(item, published=published)
        plan.order.append(part)
        if is_complete(part, fingerprint):
            plan.reused.append(part)
        else:
            plan.jobs.append(
                Job(
                    input=str(item),
                    part=str(part),
                    fingerprint=fingerprint,
                    published=published,
                    batch_size=batch_size,
                )
            )
    return plan


def _check_options(*, engine: str, workers: int, batch_size: int) -> None:
    if engine not in ENGINES:
        raise InputError(f"no engine {engine!r}; choose one of {', '.join(ENGINES)}", origin="--engine")
    if workers < 1 or batch_size < 1:
        raise InputError(
            "give a whole number of 1 or more", origin="--workers" if workers < 1 else "--batch-size"
        )
    if engine == "ray":
        from eventwire.runner.ray_engine import require_ray

        require_ray()  # before anything is read, so that a missing extra is said at once


def _check_server_store(db: str) -> None:
    """Open a PostgreSQL store once before coding: a wrong URL, a server that is down or a user
    without rights is said at once, not after hours of coding. (Opening migrates it, as the merge
    would.) A SQLite file is left alone: a run that merges nothing must not create it."""
    if is_postgres_url(db):
        open_store(db).close()


def _code(
    plan: RunPlan,
    summary: RunSummary,
    *,
    engine: Engine,
    workers: int,
    pipeline_factory: PipelineFactory,
    progress: bool,
) -> None:
    """Run the plan's jobs on the engine, counting what they did into `summary`."""
    estimates = {job.input: estimated_articles(Path(job.input)) for job in plan.jobs}
    done = sum(_items(read_counts(part)) for part in plan.reused)
    bar = Progress(total=done + sum(estimates.values()), done=done, label="coding", enabled=progress)

    def on_result(result: JobResult) -> None:
        if result.counts is None:
            summary.failed.append(f"{result.input}: {result.failed}")
            return
        summary.parts_coded += 1
        summary.articles_coded += result.counts.articles
        bar.correct(estimates[result.input], _items(result.counts))

    started = time.perf_counter()
    try:
        engine_runner = _engine(engine)
        engine_runner(
            plan.jobs,
            workers=workers,
            pipeline_factory=pipeline_factory,
            on_articles=bar.add,
            on_result=on_result,
        )
    finally:
        bar.close()
    summary.coding_seconds = time.perf_counter() - started


def _engine(engine: Engine) -> EngineRunner:
    if engine == "ray":
        from eventwire.runner.ray_engine import run_ray

        return run_ray
    from eventwire.runner.local import run_local

    return run_local


def _items(counts: PartCounts) -> int:
    """Items a part holds: what the progress bars count."""
    return counts.articles + counts.input_errors


def _merge(plan: RunPlan, *, db: str, batch_size: int, merge: MergePolicy, progress: bool) -> IngestSummary:
    from eventwire.runner.merge import merge_parts

    total = sum(_items(read_counts(part)) if isinstance(part, Path) else 1 for part in plan.order)
    bar = Progress(total=total, done=0, label="merging", enabled=progress)
    try:
        with open_store(db) as store:
            return merge_parts(
                plan.order, store=store, batch_size=batch_size, merge=merge, on_progress=bar.add
            )
    finally:
        bar.close()


def _failure_message(summary: RunSummary, folder: Path) -> str:
    listed = "; ".join(summary.failed[:10]) + (" ..." if len(summary.failed) > 10 else "")
    return (
        f"{len(summary.failed)} of {summary.inputs} input files could not be coded ({listed}); nothing "
        f"was merged. The {summary.parts_coded + summary.parts_reused} finished parts are kept in "
        f"{folder}: run the same command again to code the rest and merge"
    )


@contextlib.contextmanager
def _only_run_in(folder: Path) -> Iterator[None]:
    """One run at a time per output folder: a second would remove the first's half-written
    parts and code the same files twice."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, one run at a time is the user's to keep
        yield
        return
    with (folder / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise EventwireError(
                f"another eventwire run is using the output folder {folder}; wait for it to end, "
                "or give another --out"
            ) from None
        yield
