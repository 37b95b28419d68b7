from eventwire.cluster import actor_labels, actors_compatible, block_key, build_event
from eventwire.export import ACLED_COLUMNS, CSV_COLUMNS, acled_row, interaction_code, to_csv
from eventwire.records import Actor, Mention, Place, Span


def mention(
    mention_id: str, *, source: str, killed: int | None, injured: int | None, published: str
) -> Mention:
    article_id = mention_id.split(":")[0]
    return Mention(
        id=mention_id,
        article_id=article_id,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        actor1=Actor(name="al-Shabaab", label="Al Shabaab", inter=2),
        actor2=Actor(name="civilians", label="Civilians (Somalia)", inter=7),
        place=Place(
            name="Mogadishu", country="Somalia", iso="SO", latitude=2.04, longitude=45.34, geo_precision=1
        ),
        event_date="2023-09-23",
        time_precision=1,
        killed=killed,
        injured=injured,
        evidence=[Span(article_id=article_id, start=0, end=20, text="A car bomb exploded.")],
        field_spans={"killed": Span(article_id=article_id, start=30, end=40, text=f"{killed} killed")},
        published=published,
        source=source,
    )


def test_two_reports_of_one_bombing_share_a_key_and_keep_both_figures() -> None:
    first = mention("a:0", source="Wirestone", killed=12, injured=40, published="2023-09-23")
    second = mention("b:0", source="Horn Dispatch", killed=15, injured=60, published="2023-09-24")
    assert block_key(first) == block_key(second)
    event = build_event("ev-1", [second, first])
    assert event.fatalities == 12  # ACLED: the lowest reported figure
    assert event.injured == 40
    assert event.disagreements == ["killed", "injured"]
    assert [v.value for v in event.values["killed"]] == [12, 15]
    assert (
        event.values["killed"][0].evidence is not None
        and event.values["killed"][0].evidence.text == "12 killed"
    )
    assert (
        event.notes
        == "killed: 12 (Wirestone) / 15 (Horn Dispatch); injured: 40 (Wirestone) / 60 (Horn Dispatch)"
    )
    assert (event.n_articles, event.n_sources) == (2, 2)
    assert (event.first_reported, event.last_reported) == ("2023-09-23", "2023-09-24")


def test_another_day_is_another_event_unless_a_date_is_vague() -> None:
    from eventwire.cluster import joins_event

    event = build_event("ev-1", [mention("a:0", source="W", killed=1, injured=None, published="2023-09-23")])
    later = mention("b:0", source="W", killed=1, injured=None, published="2023-09-25")
    later.event_date = "2023-09-25"
    assert not joins_event(event, later)
    later.time_precision = 2  # "earlier this week": within three days either way
    assert joins_event(event, later)
    later.event_date = "2023-09-30"
    assert not joins_event(event, later)


def test_fatalities_are_zero_when_nobody_reports_deaths() -> None:
    event = build_event("ev-x", [mention("a:0", source="W", killed=None, injured=3, published="2023-09-23")])
    assert event.fatalities == 0 and event.disagreements == []


def test_acled_csv_has_acled_columns_first_in_order() -> None:
    assert CSV_COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31
    event = build_event("ev-x", [mention("a:0", source="W", killed=12, injured=40, published="2023-09-23")])
    row = acled_row(event)
    assert (
        row["interaction"] == 27 and row["iso"] == "706" and row["civilian_targeting"] == "Civilian targeting"
    )
    assert row["injuries"] == 40 and row["year"] == "2023"
    header = to_csv([event]).splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type,event_type")


def test_interaction_codes() -> None:
    assert interaction_code(1, 3) == 13 and interaction_code(3, 1) == 13
    assert interaction_code(6, 0) == 60 and interaction_code(5, 7) == 57


def test_reports_of_one_event_group_together_and_a_similar_event_stays_apart() -> None:
    from eventwire.cluster import group_texts

    texts = [
        "Gunmen kidnapped 14 pupils from a boarding school in Kebbi state on Thursday, police said.",
        "Police in Kebbi said gunmen seized 14 pupils from their boarding school late on Thursday.",
        "Fourteen pupils were kidnapped by gunmen from a Kebbi boarding school, a police spokesman said.",
        "Gunmen kidnapped 30 worshippers from a church in Kaduna state on Sunday, police said.",
        "Police in Kaduna said 30 worshippers were seized by gunmen at a church service on Sunday.",
        "The central bank raised interest rates by half a point to fight inflation.",
    ]
    labels = group_texts(texts)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert len({labels[0], labels[3], labels[5]}) == 3


def test_grouping_nothing_gives_nothing() -> None:
    from eventwire.cluster import group_texts

    assert group_texts([]) == []
    assert group_texts(["One lonely report."]) == ["g0"]


def test_actors_named_differently_by_two_reports_are_compatible_when_they_overlap() -> None:
    shabaab_only = actor_labels([Actor(name="", label="Al Shabaab", inter=2), None])
    shabaab_and_civilians = frozenset({"Al Shabaab", "Civilians (Somalia)"})
    assert actors_compatible(shabaab_and_civilians, shabaab_only)
    assert actors_compatible(shabaab_and_civilians, frozenset())
    assert not actors_compatible(frozenset({"Police Forces of Chile"}), frozenset({"Protesters (Peru)"}))


def test_a_district_its_city_and_the_country_are_compatible_places() -> None:
    from eventwire.cluster import places_compatible

    mogadishu = Place(
        name="Mogadishu", country="Somalia", iso="SO", admin1="Banaadir", latitude=2.04, longitude=45.34
    )
    hodan = Place(
        name="Hodan", country="Somalia", iso="SO", admin1="Banaadir", latitude=2.03, longitude=45.30
    )
    somalia = Place(name="Somalia", country="Somalia", iso="SO", feature="country", geo_precision=3)
    banaadir = Place(name="Banaadir", country="Somalia", iso="SO", feature="admin1", geo_precision=3)
    kismayo = Place(
        name="Kismayo", country="Somalia", iso="SO", admin1="Lower Juba", latitude=-0.36, longitude=42.55
    )
    assert places_compatible(mogadishu, hodan)
    assert places_compatible(mogadishu, somalia) and places_compatible(somalia, kismayo)
    assert places_compatible(banaadir, hodan)
    assert not places_compatible(mogadishu, kismayo)
    assert not places_compatible(banaadir, kismayo)


def test_sentences_of_one_story_join_its_event_whatever_actors_they_name() -> None:
    from eventwire.cluster import joins_event

    first = mention("a:0", source="W", killed=12, injured=None, published="2023-09-23")
    event = build_event("ev-1", [first])
    same_story = mention("a:3", source="W", killed=None, injured=None, published="2023-09-23")
    same_story.actor1 = Actor(name="police", label="Police Forces of Somalia", inter=1)
    same_story.actor2 = None
    other_story = mention("b:0", source="X", killed=None, injured=None, published="2023-09-23")
    other_story.actor1 = Actor(name="police", label="Police Forces of Somalia", inter=1)
    other_story.actor2 = None
    assert joins_event(event, same_story)
    assert not joins_event(event, other_story)


def test_a_protest_reported_as_peaceful_and_as_broken_up_is_one_protest_with_intervention() -> None:
    from eventwire.cluster import block_key

    calm = mention("a:0", source="W", killed=None, injured=None, published="2024-04-11")
    calm.event_type, calm.sub_event_type = "Protests", "Peaceful protest"
    dispersed = mention("b:0", source="X", killed=None, injured=None, published="2024-04-12")
    dispersed.event_type, dispersed.sub_event_type = "Protests", "Protest with intervention"
    assert block_key(calm) == block_key(dispersed)
    assert build_event("ev-1", [calm, dispersed]).sub_event_type == "Protest with intervention"
    arrest = mention("c:0", source="W", killed=None, injured=None, published="2024-04-11")
    arrest.event_type, arrest.sub_event_type = "Strategic developments", "Arrests"
    curfew = mention("c:1", source="W", killed=None, injured=None, published="2024-04-11")
    curfew.event_type, curfew.sub_event_type = "Strategic developments", "Change to group/activity"
    assert block_key(arrest) != block_key(curfew)


def test_the_event_takes_the_actor_most_reports_name_and_never_the_same_actor_twice() -> None:
    reports = [
        mention(f"{n}:0", source=f"S{n}", killed=None, injured=None, published="2023-09-23") for n in "abc"
    ]
    reports[0].actor1 = Actor(name="", label="Unidentified Armed Group (Somalia)", inter=2)
    reports[1].actor1 = Actor(name="", label="Al Shabaab", inter=2)
    reports[2].actor2 = Actor(name="", label="Al Shabaab", inter=2)
    event = build_event("ev-1", reports)
    assert event.actor1 is not None and event.actor1.label == "Al Shabaab"
    assert event.actor2 is not None and event.actor2.label == "Civilians (Somalia)"
