"""Each task runner against fake systems: a perfect one, an empty one and a half-right one.

The gold records are invented here; the fakes answer from a table keyed by article text.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from eventwire.evaluate.formats import EvalFile
from eventwire.evaluate.results import METRIC_KEYS
from eventwire.evaluate.runner import evaluate_file
from eventwire.evaluate.systems import System
from eventwire.pipeline import Doc
from eventwire.records import Actor, Article, Mention, Place, Timex, Toponym

ALL_STAGES = frozenset({"mentions", "event_dates", "event_places", "toponyms"})


def gold_file(task: str, records: list[dict[str, Any]]) -> EvalFile:
    return EvalFile(path=f"/tmp/{task}_fixture.jsonl", task=task, records=records)


def mention(
    event_type: str = "",
    sub_event_type: str = "",
    *,
    rank: int = 0,
    status: str = "current",
    date: str | None = None,
    place: Place | None = None,
    killed: int | None = None,
    arrested: int | None = None,
    inter1: int = 0,
    plover: str = "",
    source: str = "",
    target: str = "",
) -> Mention:
    return Mention(
        id=f"m{rank}",
        article_id="a",
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover_type=plover,
        rank=rank,
        status=status,  # type: ignore[arg-type]
        event_date=date,
        place=place,
        killed=killed,
        arrested=arrested,
        actor1=Actor(name="x", label="x", inter=inter1, code=source) if inter1 or source else None,
        actor2=Actor(name="y", label="y", code=target) if target else None,
    )


def coder_from(answers: dict[str, list[Mention]], *, toponyms: dict[str, list[Toponym]] | None = None):
    def code(articles: list[Article]) -> list[Doc]:
        docs = []
        for article in articles:
            doc = Doc(article=article)
            doc.mentions = list(answers.get(article.text, []))
            doc.toponyms = list((toponyms or {}).get(article.text, []))
            docs.append(doc)
        return docs

    return code


def system_with(answers: dict[str, list[Mention]], **parts: Any) -> System:
    return System(coder=coder_from(answers), provides=ALL_STAGES, **parts)


def assert_every_key(result: Any) -> None:
    for key in (*METRIC_KEYS[result.task], "n", "docs_per_s"):
        assert key in result.metrics


# --- events, scope primary -------------------------------------------------------------------------

ARAUCO = Place(name="Temuco", country="Chile", iso="CL", admin1="Araucanía", latitude=-38.74, longitude=-72.6)
SANTIAGO = Place(
    name="Santiago",
    country="Chile",
    iso="CL",
    admin1="Santiago Metropolitan",
    latitude=-33.45,
    longitude=-70.66,
)
FAR_AWAY = Place(name="Oslo", country="Norway", iso="NO", admin1="Oslo", latitude=59.91, longitude=10.75)

PRIMARY = [
    {
        "id": "p1",
        "text": "Troops and gunmen exchanged fire outside a farming town; two died.",
        "published": "2021-05-03",
        "scope": "primary",
        "events": [
            {
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "event_date": "2021-05-02",
                "country": "Chile",
                "admin1": ["araucania"],
                "latitude": -38.74,
                "longitude": -72.6,
                "fatalities": 2,
                "inter1": 1,
            }
        ],
    },
    {
        "id": "p2",
        "text": "Hundreds of nurses marched calmly through the capital.",
        "published": None,
        "scope": "primary",
        "events": [
            {
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "event_date": ["2021-05-01", "2021-05-03"],
                "country": "Chile",
                "admin1": "Santiago Metropolitan Region",
                "latitude": -33.45,
                "longitude": -70.66,
                "fatalities": 0,
                "inter1": 6,
            }
        ],
    },
    {
        "id": "o1",
        "text": "A river burst its banks after a week of rain.",
        "published": None,
        "scope": "primary",
        "events": [],
        "out_of_scope": "NATURAL_DISASTER",
    },
    {
        "id": "o2",
        "text": "Two ministers signed a trade memorandum.",
        "published": None,
        "scope": "primary",
        "events": [],
        "out_of_scope": "DIPLO",
    },
]

PRIMARY_RIGHT = {
    PRIMARY[0]["text"]: [
        mention("Battles", "Armed clash", date="2021-05-02", place=ARAUCO, killed=2, inter1=1),
    ],
    PRIMARY[1]["text"]: [
        # A historical mention ranked first must be passed over for the current one.
        mention("Riots", "Mob violence", rank=0, status="historical", date="2019-01-01"),
        mention("Protests", "Peaceful protest", rank=1, date="2021-05-02", place=SANTIAGO, inter1=6),
    ],
    PRIMARY[2]["text"]: [mention(plover="CONSULT")],  # PLOVER only: no ACLED event, rightly
}


def test_events_perfect_system_scores_one_everywhere():
    result = evaluate_file(gold_file("events", PRIMARY), system_with(PRIMARY_RIGHT))
    metrics = result.metrics
    assert_every_key(result)
    assert result.file == "events_fixture.jsonl"
    for key in (
        "event_type_acc",
        "sub_event_type_acc",
        "sub_event_type_weighted_f1",
        "out_of_scope_rejection",
        "event_date_acc",
        "country_acc",
        "admin1_acc",
        "loc_acc_25km",
        "loc_acc_161km",
        "fatalities_acc",
        "fatalities_acc_nonzero",
        "inter1_acc",
    ):
        assert metrics[key] == 1.0, key
    assert metrics["loc_median_km"] == 0.0
    assert metrics["n"] == 4
    assert metrics["docs_per_s"] is not None
    # No gold for these in the file: not scored, and not called missing either.
    for key in ("killed_total_acc", "arrested_total_acc", "recall", "precision", "must_not_violations"):
        assert metrics[key] is None and key not in result.missing


def test_events_empty_system_scores_zero_but_rejects_everything_out_of_scope():
    result = evaluate_file(gold_file("events", PRIMARY), system_with({}))
    metrics = result.metrics
    for key in ("event_type_acc", "sub_event_type_acc", "sub_event_type_weighted_f1", "event_date_acc"):
        assert metrics[key] == 0.0, key
    assert metrics["out_of_scope_rejection"] == 1.0
    assert metrics["loc_acc_161km"] == 0.0
    assert metrics["loc_median_km"] == pytest.approx(20015.1, abs=0.1)
    # Gold 0 deaths and no answer agree (ACLED codes unknown deaths as 0); gold 2 does not.
    assert metrics["fatalities_acc"] == 0.5
    assert metrics["fatalities_acc_nonzero"] == 0.0


def test_events_half_right_system():
    half = {
        PRIMARY[0]["text"]: PRIMARY_RIGHT[PRIMARY[0]["text"]],
        PRIMARY[1]["text"]: [
            mention("Riots", "Violent demonstration", date="2021-06-01", place=FAR_AWAY, killed=1)
        ],
        PRIMARY[3]["text"]: [mention("Strategic developments", "Agreement")],
    }
    metrics = evaluate_file(gold_file("events", PRIMARY), system_with(half)).metrics
    for key in (
        "event_type_acc",
        "sub_event_type_acc",
        "out_of_scope_rejection",
        "event_date_acc",
        "country_acc",
        "admin1_acc",
        "loc_acc_161km",
        "fatalities_acc",
        "inter1_acc",
    ):
        assert metrics[key] == 0.5, key
    # Armed clash: P 1 R 1; Peaceful protest: R 0 -> weighted (1 + 0) / 2.
    assert metrics["sub_event_type_weighted_f1"] == 0.5


def test_admin1_accepts_a_gazetteer_alias_of_the_gold_name():
    records = [dict(PRIMARY[0], events=[{"admin1": "Araukania"}])]
    right = {PRIMARY[0]["text"]: PRIMARY_RIGHT[PRIMARY[0]["text"]]}
    assert evaluate_file(gold_file("events", records), system_with(right)).metrics["admin1_acc"] == 0.0
    aliases = {"Araukania": ["Araucanía"]}
    system = system_with(right, admin1_aliases=lambda name: aliases.get(name, []))
    assert evaluate_file(gold_file("events", records), system).metrics["admin1_acc"] == 1.0


def test_events_without_place_and_date_stages_reports_those_metrics_missing():
    system = System(coder=coder_from(PRIMARY_RIGHT), provides=frozenset({"mentions"}))
    result = evaluate_file(gold_file("events", PRIMARY), system)
    for key in ("event_date_acc", "country_acc", "admin1_acc", "loc_acc_25km", "loc_median_km"):
        assert result.metrics[key] is None
        assert "provides" in result.missing[key]
    assert result.metrics["event_type_acc"] == 1.0


def test_events_without_any_system_reports_every_metric_missing():
    system = System(missing={"coder": "eventwire.api is not there yet"})
    result = evaluate_file(gold_file("events", PRIMARY), system)
    assert all(result.metrics[key] is None for key in METRIC_KEYS["events"])
    assert result.missing["event_type_acc"] == "eventwire.api is not there yet"
    assert result.metrics["n"] == 4
    assert result.metrics["docs_per_s"] is None


# --- events, totals and scope all -------------------------------------------------------------------

TOTALS = [
    {
        "id": "t1",
        "text": "Raid one.",
        "published": None,
        "scope": "primary",
        "events": [{"country": "Chile"}],
        "totals": {"killed": 3, "arrested": 2},
    },
    {
        "id": "t2",
        "text": "Raid two.",
        "published": None,
        "scope": "primary",
        "events": [{"country": "Chile"}],
        "totals": {"killed": 0, "arrested": 1},
    },
]


def test_totals_sum_distinct_current_events():
    right = {
        "Raid one.": [
            mention("Battles", "Armed clash", rank=0, killed=2, place=ARAUCO),
            # The same event told twice is counted once.
            mention("Battles", "Armed clash", rank=1, killed=2, place=ARAUCO),
            mention("Strategic developments", "Arrests", rank=2, arrested=2),
            mention("Battles", "Armed clash", rank=3, killed=1, place=SANTIAGO),
            mention("Battles", "Armed clash", rank=4, killed=50, status="negated"),
        ],
        "Raid two.": [mention("Strategic developments", "Arrests", arrested=1)],
    }
    metrics = evaluate_file(gold_file("events", TOTALS), system_with(right)).metrics
    assert metrics["killed_total_acc"] == 1.0
    assert metrics["arrested_total_acc"] == 1.0
    half = {"Raid two.": right["Raid two."]}
    metrics = evaluate_file(gold_file("events", TOTALS), system_with(half)).metrics
    assert metrics["killed_total_acc"] == 0.5
    assert metrics["arrested_total_acc"] == 0.5


ALL_SCOPE = [
    {
        "id": "s1",
        "text": "A long report about a week of unrest.",
        "published": "2022-03-10",
        "scope": "all",
        "totals": {"killed_min": 4},
        "events": [
            {
                "event_type": ["Riots", "Protests"],
                "event_date": ["2022-03-08", "2022-03-09"],
                "country": "Chile",
                "latitude": -33.45,
                "longitude": -70.66,
            },
            {"event_type": "Strategic developments", "event_date": "2022-03-09", "country": "Chile"},
        ],
        "must_not": [
            {"date_before": "2022-01-01", "evidence": "years ago", "rule": "old unrest is not current"},
            {
                "place": "Santiago",
                "latitude": -33.45,
                "longitude": -70.66,
                "max_km": 30,
                "rule": "right Santiago",
            },
            {"country_not": ["Norway"], "rule": "nothing abroad"},
            {"shape": "triangle", "rule": "a kind the harness does not know"},
        ],
    }
]


def test_scope_all_perfect_system():
    right = {
        ALL_SCOPE[0]["text"]: [
            mention("Riots", "Violent demonstration", rank=0, date="2022-03-08", place=SANTIAGO, killed=4),
            mention(
                "Strategic developments",
                "Change to group/activity",
                rank=1,
                date="2022-03-09",
                place=SANTIAGO,
            ),
            mention(
                "Protests", "Peaceful protest", rank=2, status="historical", date="2019-10-18", place=FAR_AWAY
            ),
        ]
    }
    result = evaluate_file(gold_file("events", ALL_SCOPE), system_with(right))
    assert result.metrics["recall"] == 1.0
    assert result.metrics["precision"] == 1.0
    assert result.metrics["must_not_violations"] == 0
    assert result.metrics["killed_total_acc"] == 1.0
    assert result.metrics["event_type_acc"] is None  # primary-only metric
    assert any("unknown kind" in note for note in result.notes)


def test_scope_all_empty_system_has_no_precision():
    result = evaluate_file(gold_file("events", ALL_SCOPE), system_with({}))
    assert result.metrics["recall"] == 0.0
    assert result.metrics["precision"] is None
    assert result.metrics["must_not_violations"] == 0
    assert result.metrics["killed_total_acc"] == 0.0


def test_scope_all_half_right_system_breaks_every_known_rule():
    wrong_santiago = Place(name="Santiago", country="Norway", latitude=59.9, longitude=10.7)
    half = {
        ALL_SCOPE[0]["text"]: [
            mention("Riots", "Violent demonstration", rank=0, date="2022-03-08", place=SANTIAGO),
            mention("Protests", "Peaceful protest", rank=1, date="2019-10-18", place=wrong_santiago),
        ]
    }
    result = evaluate_file(gold_file("events", ALL_SCOPE), system_with(half))
    assert result.metrics["recall"] == 0.5
    assert result.metrics["precision"] == 0.5
    assert result.metrics["must_not_violations"] == 3


def test_rules_apply_to_acled_events_not_to_verbal_or_past_mentions():
    text = ALL_SCOPE[0]["text"]
    allowed = {
        text: [
            mention(plover="REQUEST", date="2022-03-09", place=FAR_AWAY),  # a statement made abroad
            mention("Protests", "Peaceful protest", status="historical", date="2019-10-18", place=FAR_AWAY),
        ]
    }
    assert (
        evaluate_file(gold_file("events", ALL_SCOPE), system_with(allowed)).metrics["must_not_violations"]
        == 0
    )


def test_misplaced_toponym_breaks_a_place_rule():
    right_events = [mention("Strategic developments", "Other", date="2022-03-09", place=SANTIAGO)]
    far = Toponym(
        start=0, end=8, text="Santiago", place=Place(name="Santiago", latitude=42.88, longitude=-8.54)
    )
    doc_text = ALL_SCOPE[0]["text"]
    system = System(
        coder=coder_from({doc_text: right_events}, toponyms={doc_text: [far]}), provides=ALL_STAGES
    )
    assert evaluate_file(gold_file("events", ALL_SCOPE), system).metrics["must_not_violations"] == 1


# --- geo -----------------------------------------------------------------------------------------

GEO_TEXT = "Flooding hit Lyon and then Grenoble."
GEO = [
    {
        "id": "g1",
        "text": GEO_TEXT,
        "published": None,
        "toponyms": [
            {"start": 13, "end": 17, "text": "Lyon", "lat": 45.76, "lon": 4.84},
            {"start": 27, "end": 35, "text": "Grenoble", "lat": 45.19, "lon": 5.72},
        ],
    }
]
LYON = Place(name="Lyon", latitude=45.76, longitude=4.84)
GRENOBLE = Place(name="Grenoble", latitude=45.19, longitude=5.72)


def resolver_from(places: dict[tuple[int, int], Place | None]):
    def resolve(text: str, spans: list[tuple[int, int]]) -> list[Toponym]:
        return [Toponym(start=s, end=e, text=text[s:e], place=places.get((s, e))) for s, e in spans]

    return resolve


def geo_system(resolved: dict[tuple[int, int], Place | None], found: list[Toponym]) -> System:
    return System(
        span_resolver=resolver_from(resolved),
        toponym_finder=coder_from({}, toponyms={GEO_TEXT: found}),
    )


def test_geo_perfect_system():
    found = [
        Toponym(start=13, end=17, text="Lyon", place=LYON),
        Toponym(start=27, end=35, text="Grenoble", place=GRENOBLE),
    ]
    result = evaluate_file(gold_file("geo", GEO), geo_system({(13, 17): LYON, (27, 35): GRENOBLE}, found))
    assert_every_key(result)
    metrics = result.metrics
    assert (metrics["resolve_acc_161km"], metrics["resolve_acc_25km"], metrics["resolve_median_km"]) == (
        1.0,
        1.0,
        0.0,
    )
    assert (
        metrics["e2e_span_p"],
        metrics["e2e_span_r"],
        metrics["e2e_span_f1"],
        metrics["e2e_acc_161km"],
    ) == (1.0, 1.0, 1.0, 1.0)


def test_geo_empty_system():
    metrics = evaluate_file(gold_file("geo", GEO), geo_system({}, [])).metrics
    assert metrics["resolve_acc_161km"] == 0.0
    assert metrics["resolve_median_km"] == pytest.approx(20015.1, abs=0.1)
    assert metrics["e2e_span_p"] is None
    assert metrics["e2e_span_r"] == 0.0
    assert metrics["e2e_span_f1"] == 0.0
    assert metrics["e2e_acc_161km"] is None


def test_geo_half_right_system():
    # Lyon right; Grenoble put in Lyon (about 90 km off: within 161 km, not within 25 km).
    found = [
        Toponym(start=13, end=17, text="Lyon", place=LYON),
        Toponym(start=0, end=8, text="Flooding", place=GRENOBLE),  # not a place: a false positive
        Toponym(start=30, end=35, text="noble", place=FAR_AWAY),  # overlaps Grenoble, far off
    ]
    metrics = evaluate_file(
        gold_file("geo", GEO), geo_system({(13, 17): LYON, (27, 35): LYON}, found)
    ).metrics
    assert metrics["resolve_acc_161km"] == 1.0
    assert metrics["resolve_acc_25km"] == 0.5
    assert metrics["e2e_span_p"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["e2e_span_r"] == 1.0
    assert metrics["e2e_acc_161km"] == 0.5


def test_geo_resolve_reads_answers_in_span_order_even_with_trimmed_offsets():
    def trimming(text: str, spans: list[tuple[int, int]]) -> list[Toponym]:
        return [
            Toponym(start=s + 1, end=e, text=text[s + 1 : e], place=p)
            for (s, e), p in zip(spans, [LYON, GRENOBLE], strict=True)
        ]

    metrics = evaluate_file(gold_file("geo", GEO), System(span_resolver=trimming)).metrics
    assert metrics["resolve_acc_25km"] == 1.0


def test_geo_without_gazetteer_reports_resolve_missing_only():
    system = System(
        toponym_finder=coder_from({}, toponyms={GEO_TEXT: []}), missing={"span_resolver": "no gazetteer"}
    )
    result = evaluate_file(gold_file("geo", GEO), system)
    assert result.metrics["resolve_acc_161km"] is None
    assert result.missing["resolve_median_km"] == "no gazetteer"
    assert result.metrics["e2e_span_r"] == 0.0


# --- dates ---------------------------------------------------------------------------------------

DATES_TEXT = "On Monday the council met, and for two weeks nothing changed."
DATES = [
    {
        "id": "d1",
        "text": DATES_TEXT,
        "published": "2020-02-05",
        "timexes": [
            {"start": 3, "end": 9, "text": "Monday", "type": "DATE", "value": "2020-02-03"},
            {"start": 34, "end": 44, "text": "two weeks", "type": "DURATION", "value": "P2W"},
        ],
    }
]


def tagger_from(timexes: list[Timex], seen: list[datetime.date | None] | None = None):
    def tag(text: str, reference: datetime.date | None) -> list[Timex]:
        if seen is not None:
            seen.append(reference)
        return timexes

    return tag


def test_dates_perfect_system_and_reference_date():
    seen: list[datetime.date | None] = []
    right = [
        Timex(start=3, end=9, text="Monday", type="DATE", value="2020-02-03"),
        Timex(start=34, end=44, text="two weeks", type="DURATION", value="P2W"),
    ]
    result = evaluate_file(gold_file("dates", DATES), System(timex_tagger=tagger_from(right, seen)))
    assert_every_key(result)
    assert [result.metrics[k] for k in ("strict_f1", "relaxed_f1", "value_acc", "value_f1")] == [1.0] * 4
    assert seen == [datetime.date(2020, 2, 5)]


def test_dates_empty_system():
    metrics = evaluate_file(gold_file("dates", DATES), System(timex_tagger=tagger_from([]))).metrics
    assert (metrics["strict_f1"], metrics["relaxed_f1"], metrics["value_f1"]) == (0.0, 0.0, 0.0)
    assert metrics["value_acc"] is None


def test_dates_half_right_system():
    # Monday exact with the right value; "for two weeks" overlaps (relaxed only) with a wrong value.
    half = [
        Timex(start=3, end=9, text="Monday", type="DATE", value="2020-02-03"),
        Timex(start=30, end=44, text="for two weeks", type="DURATION", value="P14D"),
    ]
    metrics = evaluate_file(gold_file("dates", DATES), System(timex_tagger=tagger_from(half))).metrics
    assert metrics["strict_f1"] == 0.5
    assert metrics["relaxed_f1"] == 1.0
    assert metrics["value_acc"] == 0.5
    assert metrics["value_f1"] == 0.5


def test_dates_without_published_ask_the_system_for_a_reference():
    seen: list[datetime.date | None] = []
    records = [dict(DATES[0], published=None)]
    system = System(
        timex_tagger=tagger_from([], seen), reference_finder=lambda text: datetime.date(2001, 1, 1)
    )
    evaluate_file(gold_file("dates", records), system)
    assert seen == [datetime.date(2001, 1, 1)]


# --- dedup ---------------------------------------------------------------------------------------

DEDUP = [
    {"id": f"n{i}", "text": f"Story {i}.", "published": None, "cluster": cluster, "topic": "t"}
    for i, cluster in enumerate(["a", "a", "b", "b"])
]


def dedup_system(labels: list[str]) -> System:
    return System(coder=coder_from({}), provides=ALL_STAGES, document_grouper=lambda docs: labels)


def test_dedup_perfect_empty_and_half_right():
    perfect = evaluate_file(gold_file("dedup", DEDUP), dedup_system(["x", "x", "y", "y"]))
    assert_every_key(perfect)
    assert [perfect.metrics[k] for k in ("b3_p", "b3_r", "b3_f1", "pairwise_f1", "clusters_ratio")] == [
        1.0
    ] * 5
    singletons = evaluate_file(gold_file("dedup", DEDUP), dedup_system(["1", "2", "3", "4"])).metrics
    assert (singletons["b3_p"], singletons["b3_r"], singletons["pairwise_f1"]) == (1.0, 0.5, 0.0)
    assert singletons["clusters_ratio"] == 2.0
    merged = evaluate_file(gold_file("dedup", DEDUP), dedup_system(["x"] * 4)).metrics
    assert (merged["b3_p"], merged["b3_r"], merged["pairwise_f1"], merged["clusters_ratio"]) == (
        0.5,
        1.0,
        0.5,
        0.5,
    )


def test_dedup_without_grouping_is_missing():
    system = System(
        coder=coder_from({}), provides=ALL_STAGES, missing={"document_grouper": "no cluster module"}
    )
    result = evaluate_file(gold_file("dedup", DEDUP), system)
    assert result.metrics["b3_f1"] is None
    assert result.missing["b3_f1"] == "no cluster module"


# --- plover --------------------------------------------------------------------------------------

PLOVER = [
    {
        "id": "v1",
        "text": "Country A demanded that country B pay.",
        "published": None,
        "plover": {"event": "DEMAND", "source": ["AAA"], "target": ["BBB"], "context": ""},
    },
    {
        "id": "v2",
        "text": "Rebels fought the army.",
        "published": None,
        "plover": {"event": "FIGHT", "source": ["REB", "CCC"], "target": [], "context": ""},
    },
    {
        "id": "v3",
        "text": "Smugglers were caught.",
        "published": None,
        "plover": {"event": "CRIME", "source": ["JAP"], "target": [], "context": ""},
    },
]


def test_plover_perfect_system_with_old_names_mapped():
    right = {
        PLOVER[0]["text"]: [mention(plover="REQUEST", source="AAA", target="BBB")],
        PLOVER[1]["text"]: [mention(plover="ASSAULT", source="CCC")],
        PLOVER[2]["text"]: [mention(plover="ASSAULT", source="JPN")],
    }
    result = evaluate_file(gold_file("plover", PLOVER), system_with(right))
    assert_every_key(result)
    assert (result.metrics["event_acc"], result.metrics["source_acc"], result.metrics["target_acc"]) == (
        1.0,
        1.0,
        1.0,
    )
    assert any("CRIME" in note for note in result.notes)


def test_plover_empty_system_is_right_only_about_absent_targets():
    metrics = evaluate_file(gold_file("plover", PLOVER), system_with({})).metrics
    assert metrics["event_acc"] == 0.0
    assert metrics["source_acc"] == 0.0
    assert metrics["target_acc"] == pytest.approx(2 / 3, abs=1e-4)


def test_plover_two_sided_event_may_name_the_second_party_as_actor2():
    records = [PLOVER[1]]  # source {REB, CCC}, no target
    both = {PLOVER[1]["text"]: [mention(plover="ASSAULT", source="REB", target="CCC")]}
    assert evaluate_file(gold_file("plover", records), system_with(both)).metrics["target_acc"] == 1.0
    stranger = {PLOVER[1]["text"]: [mention(plover="ASSAULT", source="REB", target="DDD")]}
    assert evaluate_file(gold_file("plover", records), system_with(stranger)).metrics["target_acc"] == 0.0


def test_plover_half_right_system():
    half = {
        PLOVER[0]["text"]: [mention(plover="REQUEST", source="AAA", target="ZZZ")],
        PLOVER[1]["text"]: [mention(plover="PROTEST", source="ZZZ", target="ARMY")],
    }
    metrics = evaluate_file(gold_file("plover", PLOVER), system_with(half)).metrics
    assert metrics["event_acc"] == 0.5  # CRIME left out: 1 of 2
    assert metrics["source_acc"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["target_acc"] == pytest.approx(1 / 3, abs=1e-4)


def test_a_document_the_system_fails_on_scores_as_empty_and_is_noted():
    def flaky(text: str, reference: datetime.date | None) -> list[Timex]:
        raise ValueError("tagger bug")

    result = evaluate_file(gold_file("dates", DATES), System(timex_tagger=flaky))
    assert result.metrics["relaxed_f1"] == 0.0
    assert any("1 documents failed" in note and "tagger bug" in note for note in result.notes)


def test_a_document_that_failed_in_the_pipeline_has_no_events():
    inner = coder_from(PRIMARY_RIGHT)

    def failing(articles: list[Article]) -> list[Doc]:
        docs = inner(articles)
        docs[0].error = "stage 'event_places' failed: KeyError"
        return docs

    result = evaluate_file(gold_file("events", PRIMARY), System(coder=failing, provides=ALL_STAGES))
    assert result.metrics["event_type_acc"] == 0.5
    assert any("1 documents failed" in note for note in result.notes)
