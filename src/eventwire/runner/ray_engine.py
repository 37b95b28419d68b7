"""`--engine ray`: Ray Data codes the input files on a Ray cluster (or a local Ray).

The dataset has one row per input file; `map_batches` runs `_CodeFiles`, a callable class, on an
actor pool of `workers` actors, so each actor builds and sets up the pipeline once. Each actor
writes its parts into the output folder itself, which must therefore be on a file system every
node sees (NFS, a mounted bucket); only the small job results travel back to the driver.

Ray is an optional extra (`pip install 'eventwire[ray]'`). With RAY_ADDRESS set, or after the
caller's own `ray.init()`, the run joins that cluster; otherwise it starts a local Ray for the
run and stops it afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from eventwire.errors import EventwireError, MissingCapability
from eventwire.runner.coding import Job, JobResult, PipelineFactory, code_job

INSTALL_HINT = "pip install 'eventwire[ray]' (or `make install-ray` in a checkout)"


def require_ray() -> Any:
    """The ray module, or a MissingCapability that says how to install it."""
    try:
        import ray
        import ray.data  # Ray without its data extra has no Dataset
    except ImportError as error:
        raise MissingCapability(
            f"--engine ray needs Ray Data, which is not installed ({error}); install it with "
            f"{INSTALL_HINT}, or use --engine local"
        ) from None
    return ray


class _CodeFiles:
    """A Ray Data actor: builds the pipeline once, then codes the files of each batch it gets."""

    def __init__(self, pipeline_factory: PipelineFactory) -> None:
        self.pipeline = pipeline_factory()
        self.pipeline.setup()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        results = []
        for encoded in batch["job"]:
            job = msgspec.json.decode(encoded, type=Job)
            results.append(msgspec.json.encode(code_job(job, self.pipeline)))
        return {"result": results}


def run_ray(
    jobs: Sequence[Job],
    *,
    workers: int,
    pipeline_factory: PipelineFactory,
    on_articles: Callable[[int], None],
    on_result: Callable[[JobResult], None],
) -> None:
    """Code every job on `workers` Ray actors; `on_result` gets each result as its file ends."""
    ray = require_ray()
    if not jobs:
        return
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        for row in _dataset(ray, jobs, workers, pipeline_factory).iter_rows():
            result = msgspec.json.decode(row["result"], type=JobResult)
            if result.counts:
                on_articles(result.counts.articles + result.counts.input_errors)
            on_result(result)
    except ray.exceptions.RayError as error:  # an actor that cannot start, a node lost
        raise EventwireError(
            f"the Ray run stopped ({type(error).__name__}: {' '.join(str(error).split())[:300]}); the "
            "finished parts are kept in the output folder: run the same command again to resume"
        ) from error
    finally:
        if started_here:
            ray.shutdown()


def _dataset(ray: Any, jobs: Sequence[Job], workers: int, pipeline_factory: PipelineFactory) -> Any:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # eventwire's own bar counts articles, Ray's would count files
    context.print_on_execution_start = False
    # Ray Data logs each execution's plan and a line on the bars switched off: noise on stderr
    # beside eventwire's bar. Its warnings and errors still show.
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    items = [{"job": msgspec.json.encode(job)} for job in jobs]
    # One file a block and a batch: a file is the unit a part and a resume are counted in.
    dataset = ray.data.from_items(items, override_num_blocks=len(items))
    return dataset.map_batches(
        _CodeFiles,
        fn_constructor_kwargs={"pipeline_factory": pipeline_factory},
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_size=1,
        num_cpus=1,
        batch_format="numpy",
    )
