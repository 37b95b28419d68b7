"""ACLED's names for countries and first-level regions, and ACLED's numeric `iso`.

A user joins eventwire's CSV with ACLED's on these columns, so they must be spelt ACLED's way.
Countries: `data/acled_names.json` lists every ISO 3166 country with ACLED's name ("Democratic
Republic of Congo", "eSwatini", "Palestine") and numeric code (0 for Kosovo), ISO's own name beside
each of ACLED's exceptions. Admin1: ACLED writes a region as it is commonly written in English,
without the unit word ("Kharkiv", not "Kharkivska oblast"); `admin1_name` does that by a general
rule, and the same file lists the regions the rule gets wrong.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any

import msgspec

from eventwire.records import Place

# Letters that NFKD does not split into a base letter and an accent.
_ASCII_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h",
    "Ħ": "H", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "þ": "th", "Þ": "Th", "ə": "a", "Ə": "A",
})  # fmt: skip
# An apostrophe stays after a one-letter word or before a capital ("Valle d'Aosta", "O'Higgins",
# "Grand'Anse"); elsewhere it marks a soft sign or a letter that English leaves out ("Tver’",
# "Dar'a", "Ma’rib", "K'akheti").
_APOSTROPHES = re.compile(r"[’'‘`ʻʼ]")
_STRAY_APOSTROPHES = re.compile(r"(?<!\b\w)[’'‘`ʻʼ](?![A-Z])")
# Russian, Ukrainian and Polish adjectives ("Zhambylskaya", "Kharkivs'ka", "Lubelskie"): the
# region's name in its own language, not the English one.
_SLAVIC_ADJECTIVE = re.compile(r"(?:s|c|z|ts)k(?:aya|iy|ij|a|ie|oye)$", re.IGNORECASE)
_RUSSIAN_UNIT = re.compile(r"(\w+(?:-\w+)?) област", re.IGNORECASE)
_RUSSIAN_ADJECTIVE = re.compile(r"(?:ск|цк|зк)(?:ая|ий|ой|ое|а|и)$", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("data/acled_names.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def country_name(alpha2: str) -> str:
    """ACLED's name of the country with this ISO alpha-2 code; "" when unknown."""
    entry = _data()["countries"].get(alpha2.upper())
    return str(entry["name"]) if entry else ""


def iso_number(alpha2: str) -> int | None:
    """ACLED's `iso`: the ISO 3166-1 numeric code (0 for Kosovo); None when unknown."""
    entry = _data()["countries"].get(alpha2.upper())
    return int(entry["iso"]) if entry else None


def admin1_name(name: str, *, country: str = "", aliases: Iterable[str] = ()) -> str:
    """ACLED's name of a first-level region of `country` (ISO alpha-2), given its gazetteer name and
    aliases: a listed exception; else its English name, from an alias that names the unit in
    English ("Aleppo Governorate" for "Ḩalab", "Kharkiv Oblast" for "Kharkivska oblast") or in
    Russian ("Ростов област" for "Rostovskaya oblast'"); else the name itself. Always without the
    unit word and in ASCII, as ACLED writes it.

    Without aliases (an export from an older store) only the unit word and accents go, so applying
    it to a name it already gave changes nothing."""
    admin1 = _data()["admin1"]
    exception = admin1["exceptions"].get(country.upper(), {}).get(name)
    if exception:
        return str(exception)
    own = _plain(name)
    if country.upper() not in admin1["romanised_countries"]:
        return own  # a Latin-script country's own names are ACLED's ("Nord-Kivu", "Kongo Central")
    english = _plain(_english_name(aliases))
    # The own name is kept when the English one only adds to it ("Wardak", not "Maidan Wardak").
    if english and f" {own.casefold()} " not in f" {english.casefold()} ":
        return english
    return own


def acled_place(place: Place) -> Place:
    """The place with ACLED's country and admin1 names and numeric iso, for export."""
    country = country_name(place.iso) if place.iso else ""
    return msgspec.structs.replace(
        place,
        country=country or place.country,
        admin1=admin1_name(place.admin1, country=place.iso) if place.admin1 else "",
        iso_numeric=iso_number(place.iso) if place.iso else None,
    )


def _english_name(aliases: Iterable[str]) -> str:
    """The first English name that the aliases give; "" when none does."""
    aliases = list(aliases)
    stems = [_english_stem(alias) for alias in aliases] + [_russian_stem(alias) for alias in aliases]
    return next((stem for stem in stems if stem), "")


def _english_stem(alias: str) -> str:
    """ "Kharkiv" from the alias "Kharkiv Oblast"; "" for any other kind of alias."""
    match = _english_unit_pattern().fullmatch(alias.strip())
    if match is None:
        return ""
    stem = _PARENTHESES.sub("", match.group(1)).strip()
    latin = all(unicodedata.name(char, "").startswith("LATIN") for char in stem if char.isalpha())
    if not latin or _SLAVIC_ADJECTIVE.search(_APOSTROPHES.sub("", stem)):
        return ""
    return stem


def _russian_stem(alias: str) -> str:
    """ "Rostov" from the Russian-script alias "Ростов област"; "" for any other kind of alias.

    Russian regions are adjectives in their own names ("Rostovskaya oblast'") and some lack an
    English alias; the Cyrillic aliases of the neighbouring languages keep the city's name."""
    match = _RUSSIAN_UNIT.fullmatch(alias.strip())
    if match is None or _RUSSIAN_ADJECTIVE.search(match.group(1)):
        return ""
    letters = _data()["admin1"]["russian_letters"]
    stem = match.group(1)
    if any(char.lower() not in letters for char in stem if char.isalpha()):
        return ""  # Kazakh, Kyrgyz or other letters: not a Russian spelling
    latin = "".join(letters.get(char.lower(), char) for char in stem)
    return "-".join(part[:1].upper() + part[1:] for part in latin.split("-"))


def _plain(name: str) -> str:
    """The name without its unit word, accents or stray apostrophes."""
    if name in _kept_whole():
        return name
    text = unicodedata.normalize("NFKD", _PARENTHESES.sub("", _strip_units(name)).translate(_ASCII_LETTERS))
    text = _APOSTROPHES.sub("'", _STRAY_APOSTROPHES.sub("", text))
    # What is left outside ASCII once the accents are split off is a mark, not a letter ("Centar †").
    text = text.encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split()) or name


def _strip_units(name: str) -> str:
    if name in _kept_whole():
        return name
    bare = _unit_pattern().sub("", name).strip(" ,")
    return bare if len(bare) > 2 else name


@functools.cache
def _kept_whole() -> frozenset[str]:
    """Names whose last word is part of the name ("Free State"), and the listed ACLED names: an
    export applies the rule again to them ("Almaty Oblast" is ACLED's, beside the city "Almaty")."""
    admin1 = _data()["admin1"]
    listed = {name for names in admin1["exceptions"].values() for name in names.values()}
    return frozenset(admin1["kept_whole"]) | listed


@functools.cache
def _unit_pattern() -> re.Pattern[str]:
    admin1 = _data()["admin1"]
    prefixes = "|".join(re.escape(word) for word in admin1["unit_prefixes"])
    suffixes = "|".join(re.escape(word) for word in admin1["unit_suffixes"])
    return re.compile(rf"^(?:{prefixes})\s+|,?\s+(?:{suffixes})$", re.IGNORECASE)


@functools.cache
def _english_unit_pattern() -> re.Pattern[str]:
    units = "|".join(re.escape(word) for word in _data()["admin1"]["english_units"])
    return re.compile(rf"(.+?)['’]?\s+(?:{units})['’]?", re.IGNORECASE)
