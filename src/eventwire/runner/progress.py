"""The progress bar of a run: articles done, articles/s and an ETA, on stderr."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    """Counts items (articles and unreadable items) against an estimated total.

    The total is an estimate made before coding (eventwire.runner.inputs.estimated_articles);
    when a file is done its estimate is replaced by what it held, so the ETA sharpens as files
    finish. Items of parts reused from an earlier run count as done from the start but not
    into the rate, which is this run's alone.
    """

    def __init__(self, *, total: int, done: int, label: str, enabled: bool = True) -> None:
        self.bar = tqdm(
            total=total,
            initial=done,
            desc=label,
            unit=" articles",
            file=sys.stderr,
            # On when stderr is a terminal; off in logs and tests, as for `eventwire ingest`.
            disable=None if enabled else True,
            smoothing=0.1,
            dynamic_ncols=True,
        )

    def add(self, count: int) -> None:
        self.bar.update(count)

    def correct(self, estimate: int, actual: int) -> None:
        """A file is done: put what it held in place of its estimate."""
        if self.bar.total is not None:
            self.bar.total = max(self.bar.n, self.bar.total + actual - estimate)
            self.bar.refresh()

    def close(self) -> None:
        self.bar.close()
