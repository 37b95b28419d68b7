"""The Gazetteer: finds place names in text and resolves them to places, offline and in memory."""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from eventwire.gazetteer.finder import NameMatch, find_names
from eventwire.gazetteer.index import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    DEMONYM,
    FEATURE_NAMES,
    KINDS,
    NAME,
    PlaceIndex,
)
from eventwire.gazetteer.normalise import name_key
from eventwire.gazetteer.resolver import prior, resolve_names
from eventwire.pipeline import Entity
from eventwire.records import Place, Toponym

# Bump when the build or its sources change: a cached index of another version is rebuilt.
GAZETTEER_VERSION = "6"
_PRECISION = {COUNTRY: 3, ADMIN1: 3, ADMIN2: 2, CITY: 1}


class Gazetteer:
    """Place lookup over one PlaceIndex."""

    def __init__(self, index: PlaceIndex) -> None:
        self.index = index
        self._skeletons: dict[str, tuple[int, ...]] | None = None

    # --- places -------------------------------------------------------------------------------

    def place(self, row: int) -> Place:
        """The Place record of one row of the index."""
        index = self.index
        feature = index.features[row]
        iso = index.countries[row]
        country_row = index.country_rows.get(iso, -1)
        admin1_row = index.admin1_rows[row]
        admin2_row = index.admin2_rows[row]
        if feature == ADMIN2:
            admin2_row = row
        geonameid = index.geonameids[row]
        return Place(
            name=index.names[row],
            country=index.names[country_row] if country_row >= 0 else "",
            iso=iso,
            admin1=index.names[admin1_row] if admin1_row >= 0 else "",
            admin2=index.names[admin2_row] if admin2_row >= 0 else "",
            latitude=round(index.latitudes[row], 5),
            longitude=round(index.longitudes[row], 5),
            geo_precision=_PRECISION.get(feature, 3),
            gazetteer_id=f"geonames:{geonameid}" if geonameid else "",
            feature=FEATURE_NAMES[feature],
            population=index.populations[row],
        )

    def lookup(self, name: str, *, transliterations: bool = True) -> list[Place]:
        """Every place a name can mean, the likeliest first (by prior alone, no context).

        With `transliterations`, a name that names no admin1 region also finds the regions whose
        names differ from it only in vowels ("Paktya", "Paktia", "Paktiyā"; "Oruzgan", "Uruzgan")."""
        codes = self.index.keys.get(name_key(name), ())
        best: dict[int, float] = {}
        for code in codes:
            row = code // KINDS
            best[row] = max(best.get(row, -1e9), prior(self.index, code))
        ranked = [row for row, _ in sorted(best.items(), key=lambda item: -item[1])]
        if transliterations and not any(self.index.features[row] == ADMIN1 for row in best):
            ranked += [row for row in self._admin1_skeletons().get(_skeleton(name), ()) if row not in best]
        return [self.place(row) for row in ranked]

    def _admin1_skeletons(self) -> dict[str, tuple[int, ...]]:
        if self._skeletons is None:
            skeletons: dict[str, list[int]] = {}
            for row, feature in enumerate(self.index.features):
                if feature == ADMIN1:
                    skeleton = _skeleton(self.index.names[row])
                    if len(skeleton) >= 3:
                        skeletons.setdefault(skeleton, []).append(row)
            self._skeletons = {skeleton: tuple(rows) for skeleton, rows in skeletons.items()}
        return self._skeletons

    def country_of(self, name_or_demonym: str) -> Place | None:
        """The country a name, demonym or place names: "Kazakh" and "Almaty" -> Kazakhstan."""
        codes = self.index.keys.get(name_key(name_or_demonym), ())
        ranked = sorted(codes, key=lambda code: -prior(self.index, code))
        for code in ranked:
            row = code // KINDS
            if self.index.features[row] == COUNTRY:
                return self.place(row)
        for code in ranked:
            iso = self.index.countries[code // KINDS]
            if iso in self.index.country_rows:
                return self.place(self.index.country_rows[iso])
        return None

    def country_by_code(self, iso: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        row = self.index.country_rows.get(iso.upper(), -1)
        return self.place(row) if row >= 0 else None

    def country_names(self) -> list[str]:
        """The name of every country in the gazetteer, as places carry it."""
        return sorted({self.index.names[row] for row in self.index.country_rows.values()})

    def is_demonym(self, name: str) -> bool:
        codes = self.index.keys.get(name_key(name), ())
        return bool(codes) and all(code % KINDS == DEMONYM for code in codes)

    # --- text ---------------------------------------------------------------------------------

    def find_toponyms(
        self, text: str, *, entities: Sequence[Entity] | None = None, language: str = "en"
    ) -> list[Toponym]:
        """Find and resolve the place names in text (`language`: "en", "de", ...)."""
        matches = find_names(text, self.index, entities=entities, language=language)
        return self._resolve_matches(text, matches, drop_strays=True)

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Toponym]:
        """Resolve given spans of text as place names (one Toponym per span, in the same order)."""
        matches = [self._match_span(text, start, end) for start, end in spans]
        return self._resolve_matches(text, matches)

    def _regions_if_named_so(self, text: str, match: NameMatch) -> tuple[int, ...]:
        """ "Zhambyl region", "Shu district": only regions, when the text says it is one; "the city
        of Kherson": only towns."""
        if _TOWN_WORD_BEFORE.search(text, max(0, match.start - 20), match.start):
            towns = tuple(code for code in match.codes if self.index.features[code // KINDS] == CITY)
            return towns or match.codes
        word = _REGION_WORD.match(text, match.end)
        if not word:
            return match.codes
        features = self.index.features
        # A province is an admin1 region, a district an admin2 one; either will do if it is all there is.
        wanted = ADMIN2 if word.group(1).lower() in _ADMIN2_WORDS else ADMIN1
        for levels in ((wanted,), (ADMIN1, ADMIN2)):
            regions = tuple(code for code in match.codes if features[code // KINDS] in levels)
            if regions:
                return regions
        return match.codes

    def _match_span(self, text: str, start: int, end: int) -> NameMatch:
        surface = text[start:end]
        for candidate in _span_variants(surface):
            key = name_key(candidate)
            codes = self.index.keys.get(key)
            if codes:
                return NameMatch(start=start, end=end, key=key, codes=codes)
        for candidate, minimum, towns_only in _part_variants(surface):
            key = name_key(candidate)
            codes = tuple(
                code for code in self.index.keys.get(key, ()) if self._bears_name(code, minimum, towns_only)
            )
            if codes:
                return NameMatch(start=start, end=end, key=key, codes=codes)
        return NameMatch(start=start, end=end, key=name_key(surface), codes=())

    def _bears_name(self, code: int, minimum: int, towns_only: bool) -> bool:
        """A place that bears the name as its own ("Atlantic County" is no "Atlantic", "Island" no
        Iceland): a region, or a town of at least `minimum` people."""
        row = code // KINDS
        if code % KINDS != NAME:
            return False
        if self.index.features[row] != CITY:
            return not towns_only
        return self.index.populations[row] >= minimum

    def _resolve_matches(
        self, text: str, matches: Sequence[NameMatch], *, drop_strays: bool = False
    ) -> list[Toponym]:
        pairs = _qualifier_pairs(text, matches)
        codes = [self._regions_if_named_so(text, match) for match in matches]
        resolutions = resolve_names(self.index, [match.key for match in matches], codes, pairs=pairs)
        strays: set[int] = set()
        if drop_strays:
            strays = _stray_towns(self.index, [r.best for r in resolutions])
            strays |= _contradicted(self.index, [r.best for r in resolutions], codes, pairs)
        toponyms = []
        for position, (match, resolution) in enumerate(zip(matches, resolutions, strict=True)):
            if position in strays:
                continue
            toponyms.append(
                Toponym(
                    start=match.start,
                    end=match.end,
                    text=text[match.start : match.end],
                    place=self.place(resolution.best) if resolution.best >= 0 else None,
                    runner_up=self.place(resolution.runner_up) if resolution.runner_up >= 0 else None,
                    score=round(resolution.score, 3),
                )
            )
        return toponyms


STRAY_TOWN_MAX_POPULATION = 100_000
FOCUS_MIN_MENTIONS = 3


def _contradicted(
    index: PlaceIndex, rows: Sequence[int], codes: Sequence[tuple[int, ...]], pairs: dict[int, int]
) -> set[int]:
    """Towns whose qualifier names a region they are not in ("Ghaziabad district, Kunar province"
    is not the Indian city): the text names a place the gazetteer lacks."""
    contradicted = set()
    for position, qualifier_position in pairs.items():
        row = rows[position]
        if row < 0 or index.features[row] not in (CITY, ADMIN2):
            continue
        regions = {
            code // KINDS
            for code in codes[qualifier_position]
            if index.features[code // KINDS] in (COUNTRY, ADMIN1) and code % KINDS != DEMONYM
        }
        if not regions:
            continue
        inside = (
            index.admin1_rows[row] in regions or index.country_rows.get(index.countries[row], -1) in regions
        )
        if not inside:
            contradicted.add(position)
    return contradicted


def _stray_towns(index: PlaceIndex, rows: Sequence[int]) -> set[int]:
    """Positions of small towns that nothing else in the text points to, in a story plainly about
    another country: a misread name (a district the gazetteer lacks), not a place."""
    countries = Counter(index.countries[row] for row in rows if row >= 0 and index.countries[row])
    if not countries:
        return set()
    focus, mentions = countries.most_common(1)[0]
    if mentions < FOCUS_MIN_MENTIONS:
        return set()
    return {
        position
        for position, row in enumerate(rows)
        if row >= 0
        and index.countries[row] != focus
        and countries[index.countries[row]] == 1
        and index.features[row] in (CITY, ADMIN2)
        and index.populations[row] < STRAY_TOWN_MAX_POPULATION
    }


_VOWELS = re.compile(r"[aeiouy ]+")
_REGION_SUFFIX = re.compile(r"\s+(?:province|region|oblast|oblysy|state|governorate|district)$")


def _skeleton(name: str) -> str:
    """A name without vowels or spaces: transliterations of one name mostly share it."""
    return _VOWELS.sub("", _REGION_SUFFIX.sub("", name_key(name)))


_POSSESSIVE = re.compile(r"['’]s$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _span_variants(surface: str) -> list[str]:
    """The span as written, then without a possessive, a leading "the" or a plural s."""
    variants = [surface]
    stripped = _POSSESSIVE.sub("", _LEADING_THE.sub("", surface.strip()))
    if stripped != surface:
        variants.append(stripped)
    if stripped.endswith("s"):
        variants.append(stripped[:-1])
    return variants


# "South Los Angeles", "Greater Mumbai", "Port of Los Angeles": a part of a place named after it.
_PART_OF = re.compile(
    r"^(?:(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Downtown|Greater|Inner|"
    r"Outer|Metro|Metropolitan)\s+|Port of\s+)(?P<base>\S.*)$"
)
# "Hamilton Township", "West Chester Twp.": a civil unit the gazetteer knows by its town's name.
_UNIT_AFTER = re.compile(r"^(?P<base>.+?)\s+(?:Township|Twp\.?|Borough|Village)$")
# "Iowans", "Ohioans", "Ontarians", "Californians", "Texans", "Richmondites": people named after
# a place; each ending is cut and the place's last letter put back.
_PEOPLE_ENDINGS = (
    ("ns", ""),
    ("ans", ""),
    ("ans", "o"),
    ("ans", "a"),
    ("ns", "s"),
    ("ers", ""),
    ("ites", ""),
)
PART_OF_MIN_POPULATION = 100_000  # "North Dallas" is Dallas
PEOPLE_MIN_POPULATION = 50_000


def _part_variants(surface: str) -> list[tuple[str, int, bool]]:
    """Names a span may stand for when the gazetteer lacks it: the place a part of it is named
    after, the town of a township, the place its people are named after. Each comes with the
    smallest town it may be, and whether it must be a town."""
    word = surface.strip()
    variants: list[tuple[str, int, bool]] = []
    part = _PART_OF.match(word)
    if part:
        variants.append((part.group("base"), PART_OF_MIN_POPULATION, False))
    unit = _UNIT_AFTER.match(word)
    if unit:
        variants.append((unit.group("base"), 0, True))
    if word[:1].isupper() and " " not in word:
        for ending, restore in _PEOPLE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                variants.append((word[: -len(ending)] + restore, PEOPLE_MIN_POPULATION, False))
    return variants


_TOWN_WORD_BEFORE = re.compile(r"\b(?:city|town|village)\s+of\s+$", re.IGNORECASE)
_REGION_WORD = re.compile(
    r"\s+(region|province|oblast|state|governorate|district|county|prefecture|department|"
    r"parish|municipality|territory|rayon|raion)\b",
    re.IGNORECASE,
)


_ADMIN2_WORDS = frozenset({"district", "county", "parish", "municipality", "rayon", "raion"})


# "Paris, Tenn.", "Ghaziabad district, Kunar province": what may stand between a name and the
# larger place that qualifies it.
_QUALIFIER_GAP = re.compile(
    r"(?:\s+(?:district|county|parish|municipality|village|town|city|rayon|raion))?\s*,\s*",
    re.IGNORECASE,
)


def _qualifier_pairs(text: str, matches: Sequence[NameMatch]) -> dict[int, int]:
    """Positions of names followed by ", Name" where the second qualifies the first."""
    pairs: dict[int, int] = {}
    for position in range(len(matches) - 1):
        here, after = matches[position], matches[position + 1]
        if _QUALIFIER_GAP.fullmatch(text, here.end, after.start):
            pairs[position] = position + 1
    return pairs


# --- loading ----------------------------------------------------------------------------------

_LOADED: dict[Path, Gazetteer] = {}
_LOCK = threading.Lock()


def cache_dir() -> Path:
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


def index_path(*, directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"gazetteer-v{GAZETTEER_VERSION}.pickle"


def load_gazetteer(*, path: Path | None = None, rebuild: bool = False) -> Gazetteer:
    """The gazetteer, built on first use and cached on disk (then loaded in well under a second)."""
    target = path or index_path()
    with _LOCK:
        if not rebuild and target in _LOADED:
            return _LOADED[target]
        index = None
        if target.exists() and not rebuild:
            try:
                index = PlaceIndex.load(target)
            except Exception:  # a stale or broken cache is rebuilt, never fatal
                index = None
            if index is not None and index.version != GAZETTEER_VERSION:
                index = None
        if index is None:
            from eventwire.gazetteer.build import build_index

            index = build_index(version=GAZETTEER_VERSION)
            index.save(target)
        gazetteer = Gazetteer(index)
        _LOADED[target] = gazetteer
        return gazetteer
