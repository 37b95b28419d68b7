"""The Gazetteer: finds place names in text and resolves them to places, offline and in memory."""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from eventwire.gazetteer.finder import COMMON_WORDS, NameMatch, find_names
from eventwire.gazetteer.index import (
    ADMIN1,
    ADMIN2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    FEATURE_NAMES,
    KINDS,
    NAME,
    PlaceIndex,
)
from eventwire.gazetteer.normalise import name_key
from eventwire.gazetteer.resolver import Cue, Resolution, prior, resolve_names
from eventwire.records import Place, Toponym
from eventwire.words import start_of_words_before, words_before

# Bump when the build or its sources change: a cached index of another version is rebuilt.
GAZETTEER_VERSION = "8"
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
        self,
        text: str,
        *,
        language: str = "en",
        country_hint: str = "",
    ) -> list[Toponym]:
        """Find and resolve the place names in text (`language`: "en", "de", ...; `country_hint`:
        the ISO code of the source's country, when known, a lean towards its places)."""
        matches = self._with_regions_spelled_otherwise(text, find_names(text, self.index, language=language))
        found = self._resolve_matches(text, matches, drop_strays=True, country_hint=country_hint)
        return [toponym for toponym, _ in found]

    def explain_toponyms(
        self,
        text: str,
        *,
        language: str = "en",
        country_hint: str = "",
    ) -> list[tuple[Toponym, Resolution]]:
        """As find_toponyms, each with its Resolution, whose `why` and `why_runner_up` give the
        parts of the chosen place's score and the runner-up's (population, containment, ...)."""
        matches = self._with_regions_spelled_otherwise(text, find_names(text, self.index, language=language))
        return self._resolve_matches(text, matches, drop_strays=True, explain=True, country_hint=country_hint)

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Toponym]:
        """Resolve given spans of text as place names (one Toponym per span, in the same order)."""
        matches = [self._match_span(text, start, end) for start, end in spans]
        return [toponym for toponym, _ in self._resolve_matches(text, matches)]

    def _with_regions_spelled_otherwise(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """The matches, and the names that the text marks as regions (an item of the bracket
        after a place, "Beledweyne (Hiraan)"; a name before "region", "Magwe region") but that the
        gazetteer spells otherwise: the admin1 regions whose names are closest in spelling."""
        added = []
        for start, end, bracketed in _region_name_spans(text, matches):
            if any(match.start < end and start < match.end for match in matches):
                continue
            name = text[start:end]
            codes = self._region_codes(name) if bracketed else ()
            if not codes and _may_name_a_region(name):
                codes = tuple(row * KINDS + ALTERNATE for row in self._closest_admin1s(name))
            if codes:
                added.append(NameMatch(start=start, end=end, key=name_key(name), codes=codes))
        return sorted([*matches, *added], key=lambda match: match.start) if added else matches

    def _region_codes(self, name: str) -> tuple[int, ...]:
        """The regions a name names as written, word that it is ("Unity" in "Bentiu (Rubkona,
        Unity)" is South Sudan's state, however common a word it is elsewhere)."""
        features = self.index.features
        return tuple(
            code
            for code in self.index.keys.get(name_key(name), ())
            if features[code // KINDS] in (ADMIN1, ADMIN2)
        )

    def _closest_admin1s(self, name: str) -> tuple[int, ...]:
        """Admin1 regions that differ from the name only in vowels, the closest spellings only."""
        rows = self._admin1_skeletons().get(_skeleton(name), ())
        if not rows:
            return ()
        key = _REGION_SUFFIX.sub("", name_key(name))
        similarity = {
            row: SequenceMatcher(None, key, name_key(self.index.names[row])).ratio() for row in rows
        }
        best = max(similarity.values())
        return tuple(row for row in rows if similarity[row] == best)

    def _regions_if_named_so(self, text: str, match: NameMatch) -> tuple[int, ...]:
        """ "Zhambyl region", "Shu district": only regions, when the text says it is one; "the city
        of Kherson": only towns."""
        features = self.index.features
        if _after_town_word(text, match.start, self.is_demonym):
            towns = tuple(code for code in match.codes if features[code // KINDS] == CITY)
            return towns or match.codes
        word = _REGION_WORD.match(text, match.end)
        if not word or not match.codes:
            return match.codes
        unit = word.group(1).lower()
        # A province is an admin1 region, a district an admin2 one; either will do if it is all
        # there is, but only in the country of the biggest place of the name: "the Charlotte
        # region" is the city's surroundings, not the parish of Charlotte in St Vincent, and
        # "Central Florida District" is in Florida.
        likeliest = max(match.codes, key=lambda code: self.index.populations[code // KINDS])
        country = self.index.countries[likeliest // KINDS]
        wanted = ADMIN2 if unit in _ADMIN2_WORDS else ADMIN1
        for levels in ((wanted,), (ADMIN1, ADMIN2)) if unit not in _LOOSE_UNITS else ((wanted,),):
            regions = tuple(code for code in match.codes if features[code // KINDS] in levels)
            if any(self.index.countries[code // KINDS] == country for code in regions):
                return regions
        # "Magwe region": the town's spelling of a region the gazetteer spells "Magway".
        spelled = [row for row in self._closest_admin1s(text[match.start : match.end]) if wanted == ADMIN1]
        same_country = tuple(
            row * KINDS + ALTERNATE for row in spelled if self.index.countries[row] == country
        )
        return same_country or match.codes

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
        self,
        text: str,
        matches: Sequence[NameMatch],
        *,
        drop_strays: bool = False,
        explain: bool = False,
        country_hint: str = "",
    ) -> list[tuple[Toponym, Resolution]]:
        cues = containment_cues(text, matches)
        codes = [self._regions_if_named_so(text, match) for match in matches]
        keys = [match.key for match in matches]
        resolutions = resolve_names(
            self.index, keys, codes, cues=cues, country_hint=country_hint, explain=explain
        )
        strays: set[int] = set()
        if drop_strays:
            strays = _stray_towns(self.index, [r.best for r in resolutions])
            strays |= _contradicted(self.index, [r.best for r in resolutions], cues)
        toponyms = []
        for position, (match, resolution) in enumerate(zip(matches, resolutions, strict=True)):
            if position in strays:
                continue
            toponym = Toponym(
                start=match.start,
                end=match.end,
                text=text[match.start : match.end],
                place=self.place(resolution.best) if resolution.best >= 0 else None,
                runner_up=self.place(resolution.runner_up) if resolution.runner_up >= 0 else None,
                score=round(resolution.score, 3),
            )
            toponyms.append((toponym, resolution))
        return toponyms


STRAY_TOWN_MAX_POPULATION = 100_000
FOCUS_MIN_MENTIONS = 3


def _contradicted(index: PlaceIndex, rows: Sequence[int], cues: Sequence[Cue]) -> set[int]:
    """Towns whose qualifier names a region they are not in ("Ghaziabad district, Kunar province"
    is not the Indian city): the text names a place the gazetteer lacks. The qualifier is read as
    it was resolved: "Capital" in "Cordoba (Capital, Cordoba)" is the Argentine department."""
    contradicted = set()
    for cue in cues:
        if cue.kind == "in-plain":
            continue
        row, region = rows[cue.inner], rows[cue.outer]
        if row < 0 or region < 0 or index.features[row] not in (CITY, ADMIN2):
            continue
        if index.features[region] not in (COUNTRY, ADMIN1, ADMIN2):
            continue
        holders = {
            index.country_rows.get(index.countries[row], -1),
            index.admin1_rows[row],
            index.admin2_rows[row],
        }
        if region not in holders:
            contradicted.add(cue.inner)
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


def _after_town_word(text: str, start: int, is_demonym: Callable[[str], bool]) -> bool:
    """ "the city of Kherson", "the southern Ukrainian city of Zaporizhzhia": the name is a
    town's; not in "Pale village of Magwe region", where the village is Pale and Magwe what
    holds it."""
    found = _TOWN_WORD_BEFORE.search(text, start_of_words_before(text, start, 3), start)
    if found is None:
        return False
    before = re.search(r"(\S+)\s*$", words_before(text, found.start(), 2))
    named = (
        before is not None
        and before.group(1)[:1].isupper()
        and before.group(1).casefold() not in COMMON_WORDS
        and not is_demonym(before.group(1))
    )
    return not named


_REGION_WORD = re.compile(
    r"\s+(region|province|oblast|state|governorate|district|county|prefecture|department|"
    r"parish|municipality|territory|rayon|raion)\b",
    re.IGNORECASE,
)


_ADMIN2_WORDS = frozenset({"district", "county", "parish", "municipality", "rayon", "raion"})
_LOOSE_UNITS = frozenset({"region"})  # "the Houston region": the city's surroundings, no county


# "Paris, Tenn.", "Ghaziabad district, Kunar province": what may stand between a name and the
# larger place that qualifies it.
_QUALIFIER_GAP = re.compile(
    r"(?:\s+(?:district|county|parish|municipality|village|town|city|rayon|raion))?\s*,\s*",
    re.IGNORECASE,
)
# The words for units that news and ACLED's notes put after a name: "Kyaukse township",
# "Kankara LGA", "Jenin camp".
_UNIT = (
    r"(?i:district|township|village|town|city|region|province|state|governorate|county|"
    r"municipality|LGA|local government area|sub-?district|commune|department|division|oblast|"
    r"raion|rayon|area|camp|neighbou?rhood|suburb|quarter|tehsil|taluka?|woreda|zone|prefecture|"
    r"parish|emirate|canton|sector|ward|circle|cercle|municipal council)"
)
# An item of a bracketed hierarchy that the gazetteer does not know ("Nyiragongo, " in
# "Kibumba (Nyiragongo, Nord-Kivu)"): the names after it still hold the name before the bracket.
_UNKNOWN_ITEMS = r"(?:[^()\n,;]{1,40},\s*){0,2}"
_OPEN = re.compile(rf"(?:\s+{_UNIT})?\s*\(\s*{_UNKNOWN_ITEMS}")
_NEXT_ITEM = re.compile(rf"(?:\s+{_UNIT})?\s*,\s*{_UNKNOWN_ITEMS}")
_IN = re.compile(rf"(?P<unit>\s+{_UNIT})?,?\s+(?i:in)\s+(?:the\s+)?(?P<unit_of>{_UNIT}\s+of\s+)?")
_OF = re.compile(rf"\s+{_UNIT}\s+of\s+(?:the\s+)?")
# "X village of Myaing township (Pakokku district, ...": a unit between them that the
# gazetteer lacks still passes the hierarchy on.
_VIA_UNKNOWN = re.compile(
    rf"(?:\s+{_UNIT})?\s+(?:in|of)\s+(?:[A-Z][\w'’-]*\s+){{1,3}}{_UNIT}"
    rf"(?P<link>\s*\(\s*{_UNKNOWN_ITEMS}|\s*,\s*|\s+in\s+(?:the\s+)?)"
)
_UNIT_AFTER_NAME = re.compile(rf"\s+{_UNIT}\b")


def _link(text: str, here: NameMatch, after: NameMatch) -> str:
    """How the text between two names says the first lies inside the second, if it does."""
    start, end = here.end, after.start
    if _OPEN.fullmatch(text, start, end):
        return "parenthesis"
    if _QUALIFIER_GAP.fullmatch(text, start, end):
        return "comma"
    if _OF.fullmatch(text, start, end):
        return "of"
    within = _IN.fullmatch(text, start, end)
    if within:
        named = within.group("unit") or within.group("unit_of") or _UNIT_AFTER_NAME.match(text, after.end)
        return "in" if named else "in-plain"
    via = _VIA_UNKNOWN.fullmatch(text, start, end)
    if via:
        return "parenthesis" if "(" in via.group("link") else "in"
    return ""


def containment_cues(text: str, matches: Sequence[NameMatch]) -> list[Cue]:
    """Which names the text puts inside which: "X (Y, Z)", "X, Y", "X township in Y region",
    "X district of Y", each name with the next; in a bracket every name holds the one before the
    bracket; and a chain of such links holds throughout ("X village of Y township (Z region)")."""
    cues: list[Cue] = []
    owner = -1  # the name whose bracket the next names are in
    for position in range(len(matches) - 1):
        here, after = matches[position], matches[position + 1]
        kind = _link(text, here, after)
        if kind == "comma" and _listed(text, matches, position):
            kind = ""  # "Iraq, Iran, and Syria": a list, not Iraq inside Iran
        bracketed = _in_bracket(text, here.start)
        if kind == "parenthesis" and not bracketed:
            owner = position
        elif bracketed and (kind == "comma" or _NEXT_ITEM.fullmatch(text, here.end, after.start)):
            # "(Pakokku district, Magway region)": inside a bracket a comma is a hierarchy, not a list.
            kind = "parenthesis"
            if owner >= 0:
                cues.append(Cue(owner, position + 1, "parenthesis"))
        elif not bracketed:
            owner = -1
        if kind:
            cues.append(Cue(position, position + 1, kind))
    return _chained(cues)


_LIST_GAP = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
_ABBREVIATED = re.compile(r"[A-Z]{2,3}|.*\.")  # "Pa.", "W.Va.", "TX": a postal qualifier, never a list item


def _listed(text: str, matches: Sequence[NameMatch], position: int) -> bool:
    """Whether "A, B" at this position is part of a list of three or more names rather than a
    name and its qualifier; "Paris, Tenn., and Murray, Ky." keeps its abbreviated qualifiers."""
    here, after = matches[position], matches[position + 1]
    if _ABBREVIATED.fullmatch(text[after.start : after.end]):
        return False
    if position + 2 < len(matches) and _LIST_GAP.fullmatch(text, after.end, matches[position + 2].start):
        return True
    return position > 0 and _LIST_GAP.fullmatch(text, matches[position - 1].end, here.start) is not None


BRACKET_REACH = 80  # characters: a bracket of a place's hierarchy is short


def _in_bracket(text: str, offset: int) -> bool:
    opened = text.rfind("(", max(0, offset - BRACKET_REACH), offset)
    return opened >= 0 and text.find(")", opened, offset) < 0 and "\n" not in text[opened:offset]


def _chained(cues: list[Cue]) -> list[Cue]:
    """ "X village of Y township (Z region)": X lies in Z too. A comma between names outside a
    bracket is too often a list ("Armenia, Azerbaijan, Georgia") to chain."""
    links = {(cue.inner, cue.outer) for cue in cues}
    chained = list(cues)
    for first in cues:
        for second in cues:
            if first.outer != second.inner or (first.inner, second.outer) in links:
                continue
            if first.kind in ("comma", "in-plain") or second.kind in ("comma", "in-plain"):
                continue
            links.add((first.inner, second.outer))
            chained.append(Cue(first.inner, second.outer, second.kind))
    return chained


_BRACKET = re.compile(r"\(([^()\n]{1,80})\)")
_BRACKET_ITEM = re.compile(rf"\s*(?P<name>[A-Z][\w'’]+(?:[ -][A-Z][\w'’]+){{0,2}})(?:\s+{_UNIT})?\s*")
_ENDS_WITH_UNIT = re.compile(rf"\b{_UNIT}$")
_BEFORE_REGION_WORD = re.compile(
    r"\b(?P<name>[A-Z][\w'’]+(?:[ -][A-Z][\w'’]+){0,2})\s+(?:region|province|state|governorate|oblast)\b"
)


def _region_name_spans(text: str, matches: Sequence[NameMatch]) -> list[tuple[int, int, bool]]:
    """Spans the text marks as region names, and whether in a bracket: the items of a bracket
    right after a place or a unit word ("Mahas town (Hiraan)"), or of a bracketed hierarchy
    ("Kibumba (Nyiragongo, Nord-Kivu)"); a name before a word for a region ("Magwe region")."""
    ends = {match.end for match in matches}
    spans: list[tuple[int, int, bool]] = []
    for bracket in _BRACKET.finditer(text):
        items = bracket.group(1).split(",")
        head_end = len(text[: bracket.start()].rstrip(" \t"))
        head = words_before(text, head_end, 6)
        if not (head_end in ends or _ENDS_WITH_UNIT.search(head) or len(items) > 1):
            continue
        offset = bracket.start(1)
        for item in items:
            named = _BRACKET_ITEM.fullmatch(item)
            if named:
                spans.append((offset + named.start("name"), offset + named.end("name"), True))
            offset += len(item) + 1
    spans.extend((*match.span("name"), False) for match in _BEFORE_REGION_WORD.finditer(text))
    return spans


def _may_name_a_region(name: str) -> bool:
    """Not an acronym ("(SRT)") nor a word that is mostly something else ("Under state law")."""
    return len(name) >= 4 and not name.isupper() and name.casefold() not in COMMON_WORDS


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
