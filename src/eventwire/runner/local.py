"""`--engine local`: a pool of processes on this machine, each with its own pipeline.

Each worker process builds and sets up the pipeline once, in the pool's initializer, then codes
whole input files into parts. Workers report the articles they finish through a queue, so the
progress bar moves while a large file is being coded, not only when it ends.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from eventwire.pipeline import Pipeline
from eventwire.runner.coding import Job, JobResult, PipelineFactory, code_job

# Set in each worker process by _start_worker.
_pipeline: Pipeline | None = None
_load_error = ""
_progress: Any = None


def _start_worker(pipeline_factory: PipelineFactory, progress: Any) -> None:
    """Load the models once per worker, before its first file, so that the load is not timed
    as coding. A pipeline that cannot load is reported by each job the worker gets: raising here
    would break the whole pool with no word of why."""
    global _pipeline, _load_error, _progress
    _progress = progress
    try:
        pipeline = pipeline_factory()
        pipeline.setup()
        _pipeline = pipeline
    except Exception as error:
        _load_error = f"the pipeline could not be loaded ({type(error).__name__}: {error})"


def _run_job(job: Job) -> JobResult:
    if _pipeline is None:
        return JobResult(input=job.input, part=job.part, failed=_load_error)
    return code_job(job, _pipeline, on_articles=_progress.put)


def run_local(
    jobs: Sequence[Job],
    *,
    workers: int,
    pipeline_factory: PipelineFactory,
    on_articles: Callable[[int], None],
    on_result: Callable[[JobResult], None],
) -> None:
    """Code every job in a pool of `workers` processes; `on_result` gets each job's result as it
    ends (in the order they end). A worker that dies (killed, out of memory) fails the jobs it
    had and those not started; their parts are not written, so a rerun codes them."""
    if not jobs:
        return
    # fork where the platform has it (Python 3.11's default on Linux): workers start in
    # milliseconds and inherit the caller's modules, a test's pipeline factory too. Each worker
    # still builds its own pipeline, so no model state is shared between processes.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    progress = context.Queue()
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(pipeline_factory, progress),
    )
    try:
        pending = {pool.submit(_run_job, job): job for job in jobs}
        while pending:
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            _drain(progress, on_articles)
            for future in done:
                on_result(_result_of(future, pending.pop(future)))
    except BaseException:
        # Ctrl-C or an error here: start no more files (waiting for all would ignore the Ctrl-C).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    _drain(progress, on_articles)


def _result_of(future: Future[JobResult], job: Job) -> JobResult:
    try:
        return future.result()
    except BrokenProcessPool as error:
        reason = f"a worker process died ({error}); rerun to code this file"
    except Exception as error:  # a job's result that could not be sent back
        reason = f"{type(error).__name__}: {error}"
    return JobResult(input=job.input, part=job.part, failed=reason)


def _drain(progress: Any, on_articles: Callable[[int], None]) -> None:
    while True:
        try:
            on_articles(progress.get_nowait())
        except queue.Empty:
            return
