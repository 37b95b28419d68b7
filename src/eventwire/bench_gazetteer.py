"""`make bench`, the places part: how long the place index takes to build and to load, how many
toponyms per second it finds and resolves, and how much memory that takes.

Each figure comes from a process of its own, so that its peak memory (max RSS) belongs to that
step only: building the index from the packaged GeoNames data into a temporary folder, loading
the index back (what every command pays at start), and finding and resolving the toponyms of the
bundled sample articles, repeated with cold per-text caches.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from eventwire.bench import in_subprocess

# The goals of the places issue: what a laptop user waits for and holds in memory.
GOALS = {"build_s": 60.0, "load_s": 1.0, "toponyms_per_s": 5000.0, "peak_mb": 400.0}


def _build(index: Path) -> dict[str, float]:
    from eventwire.gazetteer import load_gazetteer

    started = time.perf_counter()
    load_gazetteer(path=index, rebuild=True)
    return {"build_s": time.perf_counter() - started}


def _load(index: Path) -> dict[str, float]:
    from eventwire.gazetteer import load_gazetteer

    started = time.perf_counter()
    load_gazetteer(path=index)
    return {"load_s": time.perf_counter() - started}


def _resolve(index: Path, repeat: int = 20) -> dict[str, float]:
    from eventwire.bench import clear_text_caches, sample_articles
    from eventwire.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(path=index)
    texts = [article.text for article in sample_articles()]
    gazetteer.find_toponyms(texts[0])  # warm the lazy tables once
    found = 0
    started = time.perf_counter()
    for _ in range(repeat):
        clear_text_caches()
        found += sum(len(gazetteer.find_toponyms(text)) for text in texts)
    return {"toponyms": found, "toponyms_per_s": found / (time.perf_counter() - started)}


_STEPS = {"build": _build, "load": _load, "resolve": _resolve}


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_gazetteer_benchmark() -> str:
    """Build, load and resolve in three processes; one line per figure with its goal."""
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "gazetteer.pickle"
        build = in_subprocess("eventwire.bench_gazetteer", "build", index)
        load = in_subprocess("eventwire.bench_gazetteer", "load", index)
        resolve = in_subprocess("eventwire.bench_gazetteer", "resolve", index)
    figures = [
        ("build the place index", f"{build['build_s']:.1f} s", f"<= {GOALS['build_s']:.0f} s"),
        ("load the place index", f"{load['load_s']:.2f} s", f"<= {GOALS['load_s']:.0f} s"),
        (
            "find and resolve toponyms",
            f"{resolve['toponyms_per_s']:.0f}/s",
            f">= {GOALS['toponyms_per_s']:.0f}/s",
        ),
        (
            "peak memory, loaded and resolving",
            f"{resolve['peak_mb']:.0f} MB",
            f"<= {GOALS['peak_mb']:.0f} MB",
        ),
        ("peak memory, building", f"{build['peak_mb']:.0f} MB", ""),
    ]
    return "\n".join(
        f"{name:<36} {value:>10}" + (f"   goal {goal}" if goal else "") for name, value, goal in figures
    )


if __name__ == "__main__":
    step, index_text = sys.argv[1], sys.argv[2]
    result = _STEPS[step](Path(index_text))
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))
