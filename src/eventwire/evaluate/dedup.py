"""Score the dedup format: the system groups the documents; B-cubed and pairwise scores over them.

`cluster` and `topic` are for scoring only; the system sees text, title and date. Documents of
the same topic but another cluster are hard negatives: merging them costs precision.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from eventwire.evaluate import metrics as m
from eventwire.evaluate.events import articles_for, code_timed, pipeline_error_notes
from eventwire.evaluate.results import MetricSheet, TaskRun
from eventwire.evaluate.systems import System

DEDUP_KEYS = ("b3_p", "b3_r", "b3_f1", "pairwise_f1", "clusters_ratio")


def cluster_scores(gold: list[str], predicted: list[str]) -> dict[str, float | None]:
    """Every dedup metric from two label lists over the same documents in the same order."""
    b3_p, b3_r, b3_f1 = m.b_cubed(gold, predicted)
    pairwise_f1 = m.pairwise_scores(gold, predicted)[2]
    return {
        "b3_p": b3_p,
        "b3_r": b3_r,
        "b3_f1": b3_f1,
        "pairwise_f1": pairwise_f1,
        "clusters_ratio": m.ratio(len(set(predicted)), len(set(gold))),
    }


def collect_dedup(records: list[dict[str, Any]], system: System) -> TaskRun:
    """Code and group the whole file once: one cluster label per document."""
    scorer = functools.partial(score_dedup, system=system)
    if system.coder is None or system.document_grouper is None:
        return TaskRun("dedup", records, [None] * len(records), scorer)
    docs, seconds = code_timed(system.coder, articles_for(records), keep_docs=True)
    started = time.perf_counter()
    labels = [str(label) for label in system.document_grouper(docs)]
    seconds += time.perf_counter() - started
    if len(labels) != len(records):
        raise RuntimeError(f"group_documents returned {len(labels)} labels for {len(records)} documents")
    return TaskRun("dedup", records, labels, scorer, seconds=seconds, notes=pipeline_error_notes(docs))


def score_dedup(
    records: list[dict[str, Any]], labels: list[str], sheet: MetricSheet, *, system: System
) -> None:
    """Clusters restricted to the given documents: a half is scored as if the documents of the
    other half were not there (the grouping itself saw them all)."""
    if system.coder is None or system.document_grouper is None:
        part = "coder" if system.coder is None else "document_grouper"
        sheet.miss(list(DEDUP_KEYS), system.why_missing(part))
        return
    gold = [str(record["cluster"]) for record in records]
    for key, value in cluster_scores(gold, labels).items():
        sheet.set(key, value)
    sheet.notes.append(f"{len(set(labels))} system clusters for {len(set(gold))} gold clusters")
