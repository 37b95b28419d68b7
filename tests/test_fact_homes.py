"""Each article fact has one home (issue 11, "one home per fact"): these pin what the homes say."""

from __future__ import annotations

import datetime as dt

from eventwire.dateline import is_filing_place, read_dateline
from eventwire.records import Toponym, make_article, parse_iso_day, published_date


def test_publication_date_is_read_once_and_alike() -> None:
    assert published_date(make_article("text", published="2022-01-06")) == dt.date(2022, 1, 6)
    assert published_date(make_article("text", published="2022-01-06T10:00:00Z")) == dt.date(2022, 1, 6)
    assert published_date(make_article("text")) is None
    assert published_date(make_article("text", published="not a date")) is None
    assert published_date(make_article("text", published="9999-12-31")) is None  # "no date" placeholder
    assert parse_iso_day(" 2023-03-04 ") == dt.date(2023, 3, 4)


def test_dateline_names_its_agency_and_day() -> None:
    text = "NAIROBI, Kenya, March 3, 2023 (Wirestone) -- Police fired tear gas at protesters."
    dateline = read_dateline(text)
    assert dateline.agency is not None and dateline.agency.name == "Wirestone"
    assert text[dateline.agency.start : dateline.agency.end] == "Wirestone"
    assert dateline.date is not None and dateline.date.day == dt.date(2023, 3, 3)


def test_a_story_without_dateline_has_none() -> None:
    dateline = read_dateline("Police fired tear gas at protesters on Tuesday.")
    assert dateline.agency is None and dateline.date is None


def test_the_filing_place_is_the_capitalised_name_before_the_comma() -> None:
    text = "KABUL, Afghanistan (Jan. 25, 2013)\nTroops searched Kandahar."
    assert is_filing_place(text, Toponym(start=0, end=5, text="KABUL"))
    assert not is_filing_place(text, Toponym(start=7, end=18, text="Afghanistan"))
    kandahar = text.index("Kandahar")
    assert not is_filing_place(text, Toponym(start=kandahar, end=kandahar + 8, text="Kandahar"))


def test_a_filing_place_may_stand_before_a_dash_or_the_agency() -> None:
    for text in (
        "LAGOS — Troops searched Kano.",
        "LAGOS (Reuters) - Troops searched Kano.",
        "LAGOS - Troops left.",
    ):
        assert is_filing_place(text, Toponym(start=0, end=5, text="LAGOS")), text
    assert not is_filing_place("LAGOS STATE police said.", Toponym(start=0, end=5, text="LAGOS"))
