"""Score the dedup format: the system groups the documents; B-cubed and pairwise scores over them.

`cluster` and `topic` are for scoring only; the system sees text, title and date. Documents of
the same topic but another cluster are hard negatives: merging them costs precision.
"""

from __future__ import annotations

import time

from eventwire.evaluate import metrics as m
from eventwire.evaluate.events import articles_for, code_timed, note_pipeline_errors
from eventwire.evaluate.formats import EvalFile
from eventwire.evaluate.results import MetricSheet, TaskResult
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


def run_dedup(gold_file: EvalFile, system: System) -> TaskResult:
    records = gold_file.records
    sheet = MetricSheet("dedup", n=len(records))
    if system.coder is None or system.document_grouper is None:
        part = "coder" if system.coder is None else "document_grouper"
        sheet.miss(list(DEDUP_KEYS), system.why_missing(part))
        return sheet.result(file=gold_file.path, problems=gold_file.problems)
    docs, seconds = code_timed(system.coder, articles_for(records), keep_docs=True)
    started = time.perf_counter()
    labels = [str(label) for label in system.document_grouper(docs)]
    seconds += time.perf_counter() - started
    if len(labels) != len(records):
        raise RuntimeError(f"group_documents returned {len(labels)} labels for {len(records)} documents")
    sheet.throughput(documents=len(records), seconds=seconds)
    note_pipeline_errors(sheet, docs)
    gold = [str(record["cluster"]) for record in records]
    for key, value in cluster_scores(gold, labels).items():
        sheet.set(key, value)
    sheet.notes.append(f"{len(set(labels))} system clusters for {len(set(gold))} gold clusters")
    return sheet.result(file=gold_file.path, problems=gold_file.problems)
