"""The temporal tagger: spans, TIMEX3 values, reference dates and event dates (invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.timex import event_date_from_value, find_dateline, find_reference_date, tag_timexes

THURSDAY = date(2022, 1, 6)  # a Thursday


def values(text: str, *, reference: date | None = THURSDAY, language: str = "en") -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag_timexes(text, reference=reference, language=language)]


# ---------------------------------------------------------------- English relative dates


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Riot police dispersed the crowd on Wednesday.", [("Wednesday", "2022-01-05")]),
        # The publication weekday itself is the day of publication, not a week earlier.
        ("Farmers blocked the highway on Thursday.", [("Thursday", "2022-01-06")]),
        ("Two soldiers were killed yesterday near the border.", [("yesterday", "2022-01-05")]),
        ("The union called the strike last month.", [("last month", "2021-12")]),
        ("A similar march took place in 2019.", [("2019", "2019")]),
        ("Clashes broke out last week in the capital.", [("last week", "2021-W52")]),
        ("Teachers walked out two weeks ago.", [("two weeks ago", "2021-W51")]),
        ("Prices have risen since the beginning of the year.", [("the beginning of the year", "2022")]),
        ("The ban stayed in force until 1993.", [("1993", "1993")]),
        ("Shops are now closed.", [("now", "PRESENT_REF")]),
        ("Thursday night saw the worst violence.", [("Thursday night", "2022-01-06")]),
    ],
)
def test_english_relative_dates_resolve_against_the_reference(sentence: str, expected: list) -> None:
    assert values(sentence) == expected


def test_a_weekday_in_a_future_sentence_points_forward() -> None:
    assert values("The opposition will march on Saturday.") == [("Saturday", "2022-01-08")]


def test_last_and_next_weekday_exclude_the_reference_day() -> None:
    assert values("They met last Thursday and meet again next Thursday.") == [
        ("last Thursday", "2021-12-30"),
        ("next Thursday", "2022-01-13"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The vote was held on March 3, 2021.", [("March 3, 2021", "2021-03-03")]),
        ("Police said on Jan. 4 that the curfew ends.", [("Jan. 4", "2022-01-04")]),
        ("Elections were set for 12 June 2023.", [("12 June 2023", "2023-06-12")]),
        ("Output fell in the third quarter.", [("the third quarter", "2021-Q3")]),
        ("Unrest spread in the 1990s.", [("the 1990s", "199")]),
        ("The talks lasted three days.", [("three days", "P3D")]),
        ("He has led the party for 2 1/2 years.", [("2 1/2 years", "P2Y6M")]),
        ("The market opens daily.", [("daily", "P1D")]),
        ("Shooting started at 10:30 p.m. on Tuesday.", [("10:30 p.m. on Tuesday", "2022-01-04T22:30")]),
    ],
)
def test_english_calendar_dates_durations_and_sets(sentence: str, expected: list) -> None:
    assert values(sentence) == expected


def test_head_counts_and_ages_are_not_time_expressions() -> None:
    assert values("About 2000 protesters and a 6-year-old boy were there; 52 years old, he said.") == []


def test_may_the_verb_is_not_a_month() -> None:
    assert values("The army may deploy troops.") == []
    assert values("The protests began in May.") == [("May", "2021-05")]


def test_a_year_ago_after_a_quarter_means_that_quarter_a_year_earlier() -> None:
    assert values("Profit rose in the third quarter from a year ago.") == [
        ("the third quarter", "2021-Q3"),
        ("a year ago", "2020-Q3"),
    ]


def test_without_a_reference_relative_values_stay_underspecified() -> None:
    assert values("Troops withdrew yesterday.", reference=None) == [("yesterday", "XXXX-XX-XX")]


def test_a_participle_after_be_is_not_past_tense() -> None:
    # "will be paid" looks ahead; "paid" alone would have pulled the day back a year.
    assert values("The bonus will be paid Dec. 14 to all staff.") == [("Dec. 14", "2022-12-14")]


def test_a_past_sentence_about_a_day_just_ahead_keeps_this_year() -> None:
    assert values("The minister gave no reason for the Jan. 16 cut-off.") == [("Jan. 16", "2022-01-16")]


def test_by_before_a_date_that_qualifies_a_noun_does_not_make_it_future() -> None:
    # "by" belongs to "the ... truce" here, and "signed" dates it.
    assert values("Fighting stopped, as set out by the Jan. 2 truce signed in the capital.") == [
        ("Jan. 2", "2022-01-02")
    ]
    assert values("Rebels must leave by Jan. 20.") == [("Jan. 20", "2022-01-20")]


def test_by_or_until_with_the_past_perfect_looks_back() -> None:
    assert values("Nine parties had signed the pact by Tuesday.") == [("Tuesday", "2022-01-04")]
    assert values("Until Monday, the police had not named a suspect.") == [("Monday", "2022-01-03")]
    assert values("The curfew lasts until Monday.") == [("Monday", "2022-01-10")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A hearing is planned the week of Jan. 17.", [("the week of Jan. 17", "2022-W03")]),
        ("Talks are set for Feb. 8 and 9 in Geneva.", [("Feb. 8", "2022-02-08"), ("9", "2022-02-09")]),
        ("The March congress will pick a new leader.", [("March", "2022-03")]),
        ("Candidates campaigned until Election Day.", [("Election Day", "2021-11-02")]),
        ("The rally will start at 6 in the evening.", [("6 in the evening", "2022-01-06T18:00")]),
        ("By mid-afternoon the square was empty.", [("mid-afternoon", "2022-01-06TAF")]),
        ("He spoke about post-1989 reforms.", [("1989", "1989")]),
        ("It was a duel at high noon in the film.", []),
        ("The ferry sails on Tuesday nights.", [("Tuesday nights", "XXXX-WXX-2TNI")]),
        ("Patrols pass twice a week.", [("twice a week", "P1W")]),
        ("The airline adds four flights a week.", []),
        ("Polls are held every four years.", [("every four years", "P4Y")]),
        ("Exports fell in Q3 and rose in Q1 2022.", [("Q3", "2021-Q3"), ("Q1 2022", "2022-Q1")]),
        ("Unrest grew in the second half of last year.", [("the second half of last year", "2021-H2")]),
        ("Losses grew in the last half of 2019.", [("the last half of 2019", "2019-H2")]),
        (
            "Talks ran through the first two quarters of 2020.",
            [("the first two quarters of 2020", "2020-H1")],
        ),
    ],
)
def test_more_english_expressions(sentence: str, expected: list) -> None:
    assert values(sentence) == expected


def test_a_part_of_the_day_belongs_to_the_day_just_named() -> None:
    assert values("Markets fell on Tuesday. Traders sold heavily in the morning.") == [
        ("Tuesday", "2022-01-04"),
        ("the morning", "2022-01-04TMO"),
    ]
    assert values("Traders sold heavily in the morning.") == [("the morning", "2022-01-06TMO")]


def test_a_quoted_programme_title_is_not_a_week() -> None:
    assert values('The minister told the "This Week" programme that talks go on.') == []


# ---------------------------------------------------------------- German


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Die Polizei nahm am Donnerstag drei Männer fest.", [("Donnerstag", "2022-01-06")]),
        ("Am Mittwoch demonstrierten Tausende in Leipzig.", [("Mittwoch", "2022-01-05")]),
        ("Vor zwei Wochen wurde das Rathaus besetzt.", [("Vor zwei Wochen", "2021-W51")]),
        ("Gestern kam es zu Zusammenstößen.", [("Gestern", "2022-01-05")]),
        ("Gestern Abend brannten Autos.", [("Gestern Abend", "2022-01-05TEV")]),
        ("Im Mai 2019 gab es ähnliche Proteste.", [("Mai 2019", "2019-05")]),
        ("Die Wahl findet am 4. März 2023 statt.", [("4. März 2023", "2023-03-04")]),
        ("Die Streiks dauern seit drei Wochen an.", [("drei Wochen", "P3W")]),
        ("Letzte Woche blieben die Schulen zu.", [("Letzte Woche", "2021-W52")]),
        ("Die Kundgebung wird am kommenden Samstag stattfinden.", [("kommenden Samstag", "2022-01-08")]),
        # A weekday before the date: a date in a sentence, not a dateline.
        ("Am Montag, den 3. Januar 2022 streikten Tausende.", [("Montag, den 3. Januar 2022", "2022-01-03")]),
        ("Im Herbst hatten sie Straßen blockiert.", [("Im Herbst", "2021-FA")]),
        ("Im kommenden Sommer wollen sie weitermachen.", [("Im kommenden Sommer", "2022-SU")]),
        ("Im Sommer 2019 gab es Proteste.", [("Sommer 2019", "2019-SU")]),
    ],
)
def test_german_expressions(sentence: str, expected: list) -> None:
    assert values(sentence, language="de") == expected


def test_german_head_count_is_not_a_year() -> None:
    assert values("2000 Menschen zogen durch die Stadt.", language="de") == []


# ---------------------------------------------------------------- reference dates from datelines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KABUL, Afghanistan (Jan. 25, 2013)\nDuring an operation yesterday ...", date(2013, 1, 25)),
        ("NAIROBI, Kenya, March 3, 2023 (Agency) -- Police fired tear gas.", date(2023, 3, 3)),
        ("Almaty, 12 June 2023 — Hundreds gathered.", date(2023, 6, 12)),
        ("MOPTI, Mali, Friday 8 March 2024 (Sahel Wire) – Troops arrived.", date(2024, 3, 8)),
        ("GAO, Mali, Friday, March 8, 2024 - Troops arrived.", date(2024, 3, 8)),
        ("On Friday, March 8: troops arrived in Gao. The mayor spoke on March 9, 2024.", date(2024, 3, 9)),
        ("Berlin, 4. März 2023 (dpa) - Tausende protestierten.", date(2023, 3, 4)),
        ("2010-09-CA-005\nKABUL, Afghanistan (Sept. 1) - A patrol was attacked.", date(2010, 9, 1)),
        ("Without a dateline, the text says the vote was on May 5, 2020.", date(2020, 5, 5)),
        ("Nothing here says when.", None),
    ],
)
def test_find_reference_date(text: str, expected: date | None) -> None:
    assert find_reference_date(text) == expected


def test_a_dateline_without_a_year_comes_after_a_month_the_text_names() -> None:
    # A report dated Feb. 3 that recalls an attack "in August 2019" was written in 2020.
    text = "HERAT, Afghanistan (Feb. 3) - Police held a man linked to an attack in August 2019."
    assert find_reference_date(text) == date(2020, 2, 3)
    text = "HERAT, Afghanistan (Sept. 3) - Police held a man linked to an attack in August 2019."
    assert find_reference_date(text) == date(2019, 9, 3)


def test_now_in_a_place_name_is_not_a_time() -> None:
    assert values("Troops searched a compound in Now Zad district.") == []
    assert values("Troops have left. Now Kabul is calm.") == [("Now", "PRESENT_REF")]


def test_the_dateline_date_is_metadata_not_a_timex() -> None:
    text = "KABUL, Afghanistan (Jan. 25, 2013)\nAn operation took place yesterday."
    dateline = find_dateline(text)
    assert dateline is not None and text[dateline.start : dateline.end] == "Jan. 25, 2013"
    assert values(text, reference=None) == [("yesterday", "2013-01-24")]


# ---------------------------------------------------------------- event dates from values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-05", (date(2022, 1, 5), 1)),
        ("2022-01-05TNI", (date(2022, 1, 5), 1)),
        ("2022-W01", (date(2022, 1, 6), 2)),
        ("2022-01", (date(2022, 1, 15), 3)),
        ("2022-Q1", (date(2022, 2, 15), 3)),
        ("2019", (date(2019, 7, 1), 3)),
        ("PRESENT_REF", None),
        ("P3D", None),
        ("XXXX-03", None),
    ],
)
def test_event_date_from_value(value: str, expected: tuple | None) -> None:
    assert event_date_from_value(value) == expected


def test_years_too_far_back_for_the_calendar_are_vague() -> None:
    assert values("The glassworks began 2000 years ago.") == [("2000 years ago", "PAST_REF")]
    assert values("Die Stadt wurde vor 2000 Jahren gegründet.", language="de") == [
        ("vor 2000 Jahren", "PAST_REF")
    ]


def test_an_unusable_reference_date_is_ignored_not_fatal() -> None:
    assert values("Troops withdrew yesterday.", reference=date(1, 1, 1)) == [("yesterday", "XXXX-XX-XX")]
    assert event_date_from_value("0000") is None


# ---------------------------------------------------------------- the prefilters change nothing

_MIXED_TEXT = (
    "WASHINGTON, March 3 (Agency) -- Talks resumed on Tuesday, two weeks after the Feb. 14 "
    "ceasefire. Negotiators now hope for a deal by the third quarter of 2022, recently said an "
    "envoy; in the 1990s the first talks lasted 18 months. The monthly report is due at 5 p.m. "
    "tomorrow, and a year ago a similar pact failed. Troops left post-1989 bases each spring. "
    "Am Montag, dem 4. März 2023, demonstrierten Tausende; seit drei Wochen wird gestreikt."
)


@pytest.mark.parametrize("language", ["en", "de"])
def test_literal_prefilter_and_trigger_scanners_do_not_change_results(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    from dataclasses import replace

    from eventwire.timex import engine, english, german

    fast = values(_MIXED_TEXT, language=language)
    assert fast  # the text has dates in both languages
    for module in (english, german):
        monkeypatch.setattr(module, "RULES", [replace(rule, literals=()) for rule in module.RULES])
    monkeypatch.setattr(engine, "_scanner", lambda trigger: None)
    assert values(_MIXED_TEXT, language=language) == fast


def test_every_rule_is_prefiltered() -> None:
    from eventwire.timex import english, german

    assert all(rule.literals for rule in english.RULES + german.RULES)
