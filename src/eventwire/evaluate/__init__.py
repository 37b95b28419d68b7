"""The evaluation harness for the gold formats of ../shared/eval (events, geo, dates, dedup, plover).

    from eventwire.evaluate import evaluate_paths
    results = evaluate_paths(["events_case2021.jsonl"])   # scores the real pipeline

Tests pass a `System` of fake callables instead of the real pipeline.
"""

from eventwire.evaluate.formats import EvalFile, read_eval_file
from eventwire.evaluate.results import METRIC_KEYS, TaskResult
from eventwire.evaluate.runner import evaluate_file, evaluate_paths
from eventwire.evaluate.systems import System, load_system

__all__ = [
    "METRIC_KEYS",
    "EvalFile",
    "System",
    "TaskResult",
    "evaluate_file",
    "evaluate_paths",
    "load_system",
    "read_eval_file",
]
