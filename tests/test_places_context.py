"""Resolution from context: the text's own hierarchy, the article's and the source's country,
names inside other names, and the reasons a place was chosen. Over a small invented index whose
namesakes are the traps each rule is for; every sentence was written for these tests."""

from __future__ import annotations

import pytest

from eventwire.gazetteer import Gazetteer
from eventwire.gazetteer.build import index_from_records
from eventwire.gazetteer_cli import places_command
from eventwire.records import make_article
from eventwire.stages.places import source_country


def country(name: str, iso: str, lat: float, lon: float, population: int, **extra) -> dict:
    return {"name": name, "feature": "country", "country": iso, "latitude": lat, "longitude": lon,
            "population": population, **extra}  # fmt: skip


def region(name: str, iso: str, lat: float, lon: float, population: int, **extra) -> dict:
    return {"name": name, "feature": "admin1", "country": iso, "latitude": lat, "longitude": lon,
            "population": population, **extra}  # fmt: skip


def town(name: str, iso: str, admin1: str, lat: float, lon: float, population: int, **extra) -> dict:
    return {"name": name, "feature": "city", "country": iso, "admin1": admin1, "latitude": lat,
            "longitude": lon, "population": population, **extra}  # fmt: skip


PLACES = [
    country("Myanmar", "MM", 21.0, 96.0, 54_000_000),
    country("Japan", "JP", 36.0, 138.0, 126_000_000),
    country("Nigeria", "NG", 10.0, 8.0, 200_000_000, demonyms=["Nigerian"]),
    country("Burkina Faso", "BF", 12.5, -1.5, 20_000_000),
    country("United States", "US", 39.8, -98.5, 327_000_000, alternates=["US"]),
    country("Greece", "GR", 39.0, 22.0, 10_700_000),
    country("Egypt", "EG", 27.0, 30.0, 98_000_000),
    country("Iraq", "IQ", 33.0, 44.0, 38_000_000),
    country("Iran", "IR", 32.0, 53.0, 82_000_000),
    country("Syria", "SY", 35.0, 38.0, 17_000_000),
    country("Ireland", "IE", 53.0, -8.0, 4_900_000),
    country("Saint Vincent", "VC", 13.25, -61.2, 110_000),
    country("Somalia", "SO", 6.0, 46.0, 15_000_000),
    country("India", "IN", 22.0, 79.0, 1_300_000_000),
    region("Sagaing", "MM", 24.0, 95.5, 5_300_000),
    region("Mandalay", "MM", 21.5, 96.0, 6_100_000),
    region("Magway", "MM", 20.5, 94.9, 3_900_000),
    region("Gifu", "JP", 35.8, 137.0, 2_000_000),
    region("Katsina", "NG", 12.2, 7.8, 5_800_000),
    region("Borno", "NG", 11.9, 13.0, 4_100_000),
    region("Boucle du Mouhoun", "BF", 12.5, -3.5, 1_700_000),
    region("Ohio", "US", 40.3, -82.7, 11_600_000),
    region("Pennsylvania", "US", 40.9, -77.8, 12_800_000),
    region("California", "US", 37.2, -119.4, 39_000_000),
    region("Attica", "GR", 38.0, 23.7, 3_800_000),
    region("Charlotte", "VC", 13.27, -61.15, 7_700),
    region("North Carolina", "US", 35.5, -79.4, 10_000_000),
    region("Hiiraan", "SO", 4.3, 45.3, 520_000),
    region("Haryana", "IN", 29.0, 76.0, 25_000_000),
    town("Kani", "JP", "Gifu", 35.4, 137.06, 102_000),
    town("Kyaukse", "MM", "Mandalay", 21.6, 96.13, 50_000),
    town("Magway", "MM", "Magway", 20.15, 94.93, 97_000, alternates=["Magwe"]),
    town("Pale", "BF", "Boucle du Mouhoun", 12.1, -3.2, 30_000),
    town("Katsina", "NG", "Katsina", 12.99, 7.6, 670_000),
    town("Kankara", "NG", "Katsina", 11.93, 7.41, 9_600),
    town("Bama", "NG", "Borno", 11.52, 13.69, 118_000),
    town("Bama", "BF", "Boucle du Mouhoun", 11.38, -4.4, 310_000),
    town("Athens", "GR", "Attica", 37.98, 23.73, 664_000),
    town("Athens", "US", "Ohio", 39.33, -82.1, 23_000),
    town("Columbus", "US", "Ohio", 39.96, -83.0, 900_000),
    town("Dublin", "IE", "", 53.35, -6.26, 1_024_000),
    town("Dublin", "US", "Ohio", 40.1, -83.11, 45_000),
    town("Pittsburgh", "US", "Pennsylvania", 40.44, -80.0, 304_000),
    town("Harrisburg", "US", "Pennsylvania", 40.27, -76.88, 49_000),
    town("Egypt", "US", "Pennsylvania", 40.68, -75.53, 2_400),
    town("Pittsburg", "US", "California", 38.03, -121.88, 69_000, alternates=["Pittsburgh"]),
    town("Fresno", "US", "California", 36.74, -119.79, 530_000),
    town("Arak", "IR", "", 34.09, 49.69, 503_000, alternates=["Iraq"]),
    town("Charlotte", "US", "North Carolina", 35.23, -80.84, 911_000),
    town("Damascus", "SY", "", 33.51, 36.29, 1_700_000),
    town("Aleppo", "SY", "", 36.2, 37.16, 1_800_000),
    town("Denver", "US", "", 39.74, -104.98, 729_000),
    town("Boulder", "US", "", 40.01, -105.27, 108_000),
    town("Ain", "SY", "", 36.0, 38.0, 12_000),
    town("Alma", "US", "", 43.38, -84.66, 9_000),
    country("Haiti", "HT", 19.0, -72.4, 11_000_000),
    country("Reunion", "RE", -21.1, 55.5, 860_000),
    country("South Sudan", "SS", 7.5, 30.0, 11_000_000),
    region("Ouest", "HT", 18.6, -72.4, 3_600_000),
    region("Unity", "SS", 8.8, 30.0, 400_000),
    town("Port-au-Prince", "HT", "Ouest", 18.54, -72.34, 1_200_000),
    town("Le Port", "RE", "", -20.94, 55.29, 33_000, alternates=["Port"]),
    town("Bentiu", "SS", "Unity", 9.26, 29.8, 7_600),
    country("Kuwait", "KW", 29.3, 47.6, 4_300_000),
    region("Capital", "KW", 29.37, 47.98, 2_400_000),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(index_from_records(PLACES))


def resolved(gazetteer: Gazetteer, text: str, **options) -> list[tuple[str, str, str, str]]:
    """(text, place, feature, ISO) of each toponym found."""
    return [
        (t.text, t.place.name, t.place.feature, t.place.iso)
        for t in gazetteer.find_toponyms(text, **options)
        if t.place is not None
    ]


# --- the text's own hierarchy --------------------------------------------------------------------


def test_a_name_in_brackets_after_a_town_holds_it(gazetteer):
    found = resolved(gazetteer, "Troops burned twelve houses in Bama (Borno) before dawn.")
    assert found == [("Bama", "Bama", "city", "NG"), ("Borno", "Borno", "admin1", "NG")]


def test_the_bracketed_name_is_the_unit_not_its_big_namesake_city(gazetteer):
    found = resolved(gazetteer, "Kidnappers seized two traders in Kankara (Katsina) on Friday.")
    assert found[1] == ("Katsina", "Katsina", "admin1", "NG")


def test_a_town_that_no_named_region_holds_is_a_place_the_gazetteer_lacks(gazetteer):
    text = "Fighters ambushed a convoy near Kani town of Kani township (Yinmarbin district, Sagaing region)."
    assert resolved(gazetteer, text) == [("Sagaing", "Sagaing", "admin1", "MM")]


def test_units_the_gazetteer_lacks_still_pass_the_hierarchy_on(gazetteer):
    for text in (
        "Militias looted Bama (Konduga, Borno) overnight.",
        "Herders clashed with farmers in Bama village of Konduga district (Borno).",
        "Soldiers shot two men in Bama town in Borno state.",
    ):
        assert resolved(gazetteer, text)[0] == ("Bama", "Bama", "city", "NG"), text


def test_without_a_unit_word_in_holds_only_for_a_country_or_a_state(gazetteer):
    # "Bama in Borno" names a state; without it the bigger Bama stands.
    assert resolved(gazetteer, "Clashes broke out in Bama in Borno.")[0][3] == "NG"
    assert resolved(gazetteer, "Clashes broke out in Bama.")[0][3] == "BF"


def test_a_unit_of_a_hierarchy_that_the_gazetteer_lacks_is_no_namesake_abroad(gazetteer):
    # "Capital" is the town's department, which the gazetteer does not know; Kuwait's Capital
    # governorate does not lie in Borno, and neither the town nor the unit goes abroad.
    found = resolved(gazetteer, "Gunmen raided Bama (Capital, Borno) at dawn.")
    assert ("Capital", "Capital", "admin1", "KW") not in found
    assert ("Bama", "Bama", "city", "NG") in found


def test_a_list_of_countries_is_no_hierarchy(gazetteer):
    found = resolved(gazetteer, "Travellers to Iraq, Iran, and Syria were told to take care.")
    assert [place[3] for place in found] == ["IQ", "IR", "SY"]


def test_a_name_once_qualified_keeps_its_sense_in_the_same_text(gazetteer):
    text = "The festival opened in Athens, Ohio, on Friday. Two days later, hotels in Athens were full."
    assert [place[3] for place in resolved(gazetteer, text)] == ["US", "US", "US"]


def test_the_city_of_a_name_but_not_a_village_of_a_region(gazetteer):
    assert resolved(gazetteer, "Shelling hit the city of Katsina.")[0][2] == "city"
    # A demonym before the town word qualifies the town; it is not a village's name.
    found = resolved(gazetteer, "Gunmen raided the northern Nigerian city of Katsina overnight.")
    assert found[-1][:3] == ("Katsina", "Katsina", "city")
    # "Pale village of Magwe region": Magwe is what holds the village, and the region's spelling
    # in the text differs from the gazetteer's (Magway); no Pale lies there.
    assert resolved(gazetteer, "Soldiers raided Pale village of Magwe region.") == [
        ("Magwe", "Magway", "admin1", "MM")
    ]


def test_a_region_named_in_brackets_is_found_under_another_spelling(gazetteer):
    text = "Militants attacked an army post in Mahas town (Hiraan) at night."
    assert resolved(gazetteer, text) == [("Hiraan", "Hiiraan", "admin1", "SO")]


def test_a_region_word_after_a_city_means_its_surroundings_when_no_such_region_is_there(gazetteer):
    text = "Realtors in North Carolina say prices rose across the Charlotte region."
    assert resolved(gazetteer, text)[1] == ("Charlotte", "Charlotte", "city", "US")


# --- the article's and the source's country -------------------------------------------------------


def test_a_place_that_has_the_name_only_as_another_spelling_gives_way_to_its_owner(gazetteer):
    text = "A surgeon from Pittsburgh spoke to nurses in Fresno, California."
    assert resolved(gazetteer, text)[0] == ("Pittsburgh", "Pittsburgh", "city", "US")


def test_a_country_named_is_the_country_not_a_town_of_the_story_s_state(gazetteer):
    text = "Engineers back from Egypt met officials in Pittsburgh, Pennsylvania."
    assert resolved(gazetteer, text)[0] == ("Egypt", "Egypt", "country", "EG")


def test_the_source_s_country_leans_towards_its_namesake(gazetteer):
    text = "The council of Dublin voted on the budget."
    assert resolved(gazetteer, text)[0][3] == "IE"
    assert resolved(gazetteer, text, country_hint="US")[0][3] == "US"


def test_the_other_places_of_the_story_choose_among_namesakes(gazetteer):
    text = "Traffic from Columbus slowed near Dublin after the storm."
    assert resolved(gazetteer, text)[1] == ("Dublin", "Dublin", "city", "US")


def test_the_source_s_country_comes_from_its_domain_or_its_name(gazetteer):
    def source(url: str = "", name: str = "") -> str:
        return source_country(make_article("text", url=url, source=name), gazetteer)

    assert source(url="https://www.example.com.ng/news/1") == "NG"
    assert source(url="https://news.example.ie/a") == "IE"
    assert source(url="https://example.tv/a") == ""  # a domain sold for its letters
    assert source(name="Katsina Daily") == "NG"
    assert source(name="Morning Post") == ""


# --- names inside names -----------------------------------------------------------------------------


def test_a_street_named_after_a_city_is_not_that_city(gazetteer):
    text = "Crowds gathered on Aleppo Street in Damascus, and on Pittsburgh Road."
    assert [place[0] for place in resolved(gazetteer, text)] == ["Damascus"]


def test_a_photo_credit_names_no_place(gazetteer):
    text = "Fans waved flags. (Photo: Jordan Denver/AFP) Flights to Denver/Boulder resumed."
    assert [place[0] for place in resolved(gazetteer, text)] == ["Denver", "Boulder"]
    found = resolved(gazetteer, "Credit: Athens Miller / Getty Images. Rain fell in Katsina.")
    assert [place[0] for place in found] == ["Katsina"]


def test_the_first_word_of_a_longer_arabic_name_is_no_place(gazetteer):
    text = "Shells fell on Ain al-Arab and Ain Al Kurum overnight, near Aleppo."
    assert [place[0] for place in resolved(gazetteer, text)] == ["Aleppo"]


def test_a_name_joined_by_a_lowercase_connector_is_one_name(gazetteer):
    text = "Gangs burned shops in Port-au-Prince (Port-au-Prince, Ouest)."
    assert [place[1] for place in resolved(gazetteer, text)] == ["Port-au-Prince", "Port-au-Prince", "Ouest"]


def test_a_place_in_a_bracketed_hierarchy_is_kept(gazetteer):
    text = "Soldiers attacked women outside Bentiu (Rubkona, Unity) at dawn."
    found = resolved(gazetteer, text)
    assert [(place[1], place[3]) for place in found] == [("Bentiu", "SS"), ("Unity", "SS")]


def test_an_arabic_name_written_with_a_spaced_article_is_whole(gazetteer):
    text = "Tank fire hit journalists near Alma ash Shaab, close to Aleppo."
    assert [place[0] for place in resolved(gazetteer, text)] == ["Aleppo"]


# --- reasons ------------------------------------------------------------------------------------------


def test_each_choice_says_why_and_why_not_the_runner_up(gazetteer):
    (_, bama), (_, borno) = gazetteer.explain_toponyms("Troops burned houses in Bama (Borno).")
    assert any("inside 'borno' (parenthesis)" in reason for reason in bama.why)
    assert any("population" in reason for reason in bama.why_runner_up)
    assert any("holds 'bama'" in reason for reason in borno.why)


def test_the_places_command_prints_the_reasons(gazetteer, monkeypatch):
    monkeypatch.setattr("eventwire.gazetteer_cli.load_gazetteer", lambda: gazetteer)
    table = places_command("Troops burned houses in Bama (Borno).", language="en")
    assert "why:" in table
    assert "Bama -> Bama (city, Borno, Nigeria)" in table
    assert "runner-up Bama (city, Boucle du Mouhoun, Burkina Faso)" in table
    assert "inside 'borno' (parenthesis)" in table


def test_the_toponym_stage_leans_towards_the_source_s_country(gazetteer):
    from eventwire.pipeline import Doc
    from eventwire.stages.places import ToponymStage

    def first_place(url: str, source: str) -> str:
        text = "The council of Dublin voted on the budget."
        doc = Doc(article=make_article(text, url=url, source=source), language="en")
        ToponymStage(gazetteer=gazetteer)([doc])
        return doc.toponyms[0].place.iso

    assert first_place("https://www.example.ie/news", "") == "IE"
    assert first_place("https://example.com/local", "The Columbus Courier") == "US"


@pytest.mark.parametrize(
    "text",
    [
        "Fighters attacked army positions in the northern town of Djibo on Sunday.",
        "Soldiers entered the village of Djibo at dawn, residents said.",
    ],
)
def test_a_name_after_town_of_is_a_place(text: str):
    from eventwire.gazetteer import load_gazetteer

    assert "Djibo" in [t.text for t in load_gazetteer().find_toponyms(text)]


def test_an_event_in_a_region_named_like_its_capital_is_in_the_city():
    from eventwire.api import code_text

    doc = code_text(
        "Russian missiles struck Kharkiv on Tuesday, killing three people.", published="2024-05-01"
    )
    event = next(m for m in doc.mentions if m.status == "current" and m.event_type)
    assert event.place is not None and event.place.feature == "city" and event.place.geo_precision == 1


def test_a_running_toll_is_placed_in_the_country():
    from eventwire.api import code_text

    text = (
        "Gunmen killed four farmers near Maiduguri on Monday. Since January, at least 900 people "
        "have been killed across the country, officials said."
    )
    doc = code_text(text, published="2024-05-01")
    toll = next(m for m in doc.mentions if m.status == "aggregate")
    assert toll.place is not None and toll.place.geo_precision == 3 and toll.place.feature == "country"


def test_the_head_word_of_a_longer_name_is_no_place():
    from eventwire.gazetteer import load_gazetteer

    text = "Representatives of the Union of Revolutionaries for Peace signed the deal in Bunia."
    found = [t.text for t in load_gazetteer().find_toponyms(text)]
    assert "Union" not in found and "Bunia" in found


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Bei Kämpfen im Norden Myanmars wurden Dutzende Menschen getötet.", "MM"),
        ("In Syrien griffen Regierungstruppen mehrere Dörfer an.", "SY"),
        ("Die Polizei setzte in der Hauptstadt Nairobi Tränengas ein.", "KE"),
    ],
)
def test_german_country_names_genitives_and_capitals(text: str, country: str):
    from eventwire.gazetteer import load_gazetteer

    found = load_gazetteer().find_toponyms(text, language="de")
    assert [t.place.iso for t in found if t.place] == [country], [t.text for t in found]


def test_a_people_of_a_place_is_still_their_country():
    from eventwire.gazetteer import load_gazetteer

    text = "Palestinians of the occupied West Bank held a general strike on Monday."
    found = [t.place.iso for t in load_gazetteer().find_toponyms(text) if t.place]
    assert "PS" in found


def test_a_building_named_after_a_person_or_a_saint_is_not_the_town():
    from eventwire.gazetteer import load_gazetteer

    text = (
        "Shells fell near Aden Adde airport in Mogadishu. Gunmen seized a priest at St Mary's "
        "Catholic church. Flights resumed at Kabul International Airport."
    )
    found = [t.text for t in load_gazetteer().find_toponyms(text) if t.place is not None]
    assert "Aden" not in found and "St Mary" not in found
    assert "Mogadishu" in found and "Kabul" in found
