"""`eventwire bench --runner-articles N`: `eventwire run` throughput with the real pipeline.

The same N sample-like articles (2,000 by default) are coded by `--engine local` with 1 and 2
workers and, when Ray is installed, by `--engine ray` with 2 workers; the ratio of 2 workers to
1 shows how coding scales with cores. Articles/s is over the coding phase's wall-clock time,
worker start-up and model loading included, as a user waits for it; the merge is timed apart.

The articles are written from templates with varied towns, dates, actors and figures, so that
no two sentences repeat: repeated sentences would hit the coder's per-sentence caches and
measure them instead of coding. They are split over several JSONL files, as a run's unit of
parallel work is one input file.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
import tempfile
import time
from pathlib import Path

PLACES = [
    ("ACCRA", "Ghana", "Accra"), ("LIMA", "Peru", "Lima"), ("NAIROBI", "Kenya", "Nairobi"),
    ("SFAX", "Tunisia", "Sfax"), ("HARARE", "Zimbabwe", "Harare"), ("BOGOTA", "Colombia", "Bogota"),
    ("DHAKA", "Bangladesh", "Dhaka"), ("LAGOS", "Nigeria", "Lagos"), ("QUITO", "Ecuador", "Quito"),
    ("MANILA", "Philippines", "Manila"), ("KAMPALA", "Uganda", "Kampala"), ("LA PAZ", "Bolivia", "La Paz"),
]  # fmt: skip
GROUPS = ["teachers", "nurses", "farmers", "students", "bus drivers", "traders", "miners", "dock workers"]
GRIEVANCES = ["unpaid wages", "fuel prices", "a new tax", "land evictions", "power cuts", "school fees"]
AGENCIES = ["Wirestone", "Meridian Press", "Harbour Post", "Ridge Times"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENT_SENTENCES = [
    "About {n:,} {group} marched through central {town} on {weekday} to protest against {grievance}.",
    "Police fired tear gas at {group} who set fire to tyres in {town} on {weekday}, and {k} people were injured.",
    "Gunmen attacked a police post near {town} on {weekday}, killing {k} officers, officials said.",
    "Security forces arrested {k} opposition activists in {town} on {weekday} ahead of a planned rally.",
    "Hundreds of {group} blocked the main road into {town} on {weekday} over {grievance}.",
    "A roadside bomb killed {k} soldiers on a patrol outside {town} on {weekday}, the army said.",
]
DETAIL_SENTENCES = [
    "Organisers said {n:,} people took part, a figure the police put at about {m:,}.",
    '"We will not stop until the government deals with {grievance}," said {name}, who speaks for the {group}.',
    "The interior ministry said it would look into {k} complaints about the events of {weekday} in {town}.",
    "Shops in the centre of {town} stayed closed for {h} hours on {weekday}, witnesses said.",
    "It was the {ordinal} such incident around {town} since {month} {day}.",
    "A hospital official said {k} of the wounded were still being treated in {town} on {weekday} evening.",
]
FIRST_NAMES = ["Agnes", "Samuel", "Rosa", "Tendai", "Karim", "Lucia", "Joseph", "Amina", "Pedro", "Grace"]
LAST_NAMES = [
    "Boateng",
    "Quispe",
    "Otieno",
    "Trabelsi",
    "Moyo",
    "Rojas",
    "Rahman",
    "Okafor",
    "Mendoza",
    "Reyes",
]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]


def sample_like_articles(count: int, *, seed: int = 7) -> list[dict[str, str]]:
    """`count` JSONL records: a dateline, an event sentence and a few details each, all varied."""
    rng = random.Random(seed)
    first_day = dt.date(2023, 1, 1)
    return [
        _article(rng, number, first_day + dt.timedelta(days=rng.randrange(365))) for number in range(count)
    ]


def _article(rng: random.Random, number: int, day: dt.date) -> dict[str, str]:
    city, country, town = rng.choice(PLACES)
    group = rng.choice(GROUPS)
    slots: dict[str, object] = {
        "n": rng.randrange(100, 20_000),
        "m": rng.randrange(50, 5_000),
        "k": rng.randrange(2, 40),
        "group": group,
        "grievance": rng.choice(GRIEVANCES),
        "town": town,
        "weekday": WEEKDAYS[(day.weekday() - rng.randrange(1, 3)) % 7],
        "ordinal": rng.choice(ORDINALS),
        "month": (day - dt.timedelta(days=rng.randrange(30, 200))).strftime("%B"),
        "day": rng.randrange(1, 29),
        "h": rng.randrange(2, 12),
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
    }
    agency = rng.choice(AGENCIES)
    lead = rng.choice(EVENT_SENTENCES).format(**slots)
    details = " ".join(sentence.format(**slots) for sentence in rng.sample(DETAIL_SENTENCES, 3))
    dateline = f"{city}, {country}, {day:%B} {day.day}, {day.year} ({agency}) -- "
    title = f"{group.capitalize()} and police in {town}: report {number}"
    return {"id": f"bench-{number}", "title": title, "text": dateline + lead + "\n\n" + details,
            "published": day.isoformat(), "source": agency}  # fmt: skip


def write_inputs(folder: Path, count: int, *, files: int = 8) -> list[Path]:
    records = sample_like_articles(count)
    paths = []
    for index in range(files):
        path = folder / f"articles-{index:02d}.jsonl"
        path.write_text(
            "".join(json.dumps(record) + "\n" for record in records[index::files]), encoding="utf-8"
        )
        paths.append(path)
    return paths


def measure_run(paths: list[Path], folder: Path, *, engine: str, workers: int) -> dict[str, float]:
    """One clean run (fresh parts and store) of the real pipeline."""
    from eventwire.runner import run

    name = f"{engine}-{workers}"
    children_cpu = _children_cpu_s()
    started = time.perf_counter()
    summary = run(paths, db=str(folder / f"{name}.db"), out=folder / name, engine=engine, workers=workers)  # type: ignore[arg-type]
    total_s = time.perf_counter() - started
    return {
        "articles": summary.articles_coded,
        "coding_s": round(summary.coding_seconds, 1),
        "articles_per_s": round(summary.articles_per_second, 1),
        "merge_s": round(total_s - summary.coding_seconds, 1),
        "events": summary.ingest.events_touched,
        # CPU time of the local pool's processes (Ray's workers are not our children): on a busy
        # machine, articles per CPU-second still says what coding costs.
        "worker_cpu_s": round(_children_cpu_s() - children_cpu, 1),
    }


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ray_installed() -> bool:
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def run_runner_benchmark(*, articles: int = 2_000) -> str:
    """The table `eventwire bench` prints for `eventwire run`."""
    setups = [("local", 1), ("local", 2)] + ([("ray", 2)] if ray_installed() else [])
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-run-") as scratch:
        folder = Path(scratch)
        paths = write_inputs(folder, articles)
        results = {setup: measure_run(paths, folder, engine=setup[0], workers=setup[1]) for setup in setups}
    one, two = results[("local", 1)]["articles_per_s"], results[("local", 2)]["articles_per_s"]
    scaling = f"local scaling, 2 workers / 1: {two / one:.2f}"
    return "\n".join([*_table(results), scaling + ("" if ray_installed() else " (ray not installed)")])


def _table(results: dict[tuple[str, int], dict[str, float]]) -> list[str]:
    lines = [
        f"{'eventwire run':<22} {'articles':>8} {'coding s':>9} {'articles/s':>10} {'worker CPU s':>12} "
        f"{'merge s':>8} {'events':>7}"
    ]
    for (engine, workers), result in results.items():
        cpu = f"{result['worker_cpu_s']:.1f}" if engine == "local" else "-"
        lines.append(
            f"{f'--engine {engine} x{workers}':<22} {result['articles']:>8.0f} {result['coding_s']:>9.1f} "
            f"{result['articles_per_s']:>10.1f} {cpu:>12} {result['merge_s']:>8.1f} {result['events']:>7.0f}"
        )
    return lines


if __name__ == "__main__":
    import sys

    print(run_runner_benchmark(articles=int(sys.argv[1]) if len(sys.argv) > 1 else 2_000))
