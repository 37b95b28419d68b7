"""Choosing the place a name means, from the candidates the index gives.

Every candidate starts from a prior (what kind of place it is, how many people live there, how
the name names it). Then what the document says is added:

- the text's own hierarchy: "Kyaukse township (Mandalay region)", "Paris, Tenn.", "a village in
  Sangrur district of Punjab" say that one name lies inside another, so a candidate inside a
  candidate of the containing name wins over bigger namesakes elsewhere, and the containing name
  is read as the unit that holds it;
- the countries and admin1 regions its other, clear names point to, and nearness to those places;
- the source's country, when the caller knows it (a feed's country, an outlet's domain);
- rounds of soft agreement in which all names of the text settle each other.

Each part is kept by name when asked (`explain=True`), so every choice can say why it was made.
A name with no candidate stays unresolved and never blocks the others.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from eventwire.gazetteer.index import (
    ABBREVIATION,
    ADMIN1,
    ADMIN2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    FEATURE_NAMES,
    KINDS,
    NAME,
    REGION,
    SHORT_FORM,
    PlaceIndex,
)
from eventwire.geo import within_km

FEATURE_PRIOR = {COUNTRY: 6.0, ADMIN1: 3.5, REGION: 4.0, CITY: 0.0, ADMIN2: -0.5}
KIND_PRIOR = {NAME: 0.0, ALTERNATE: -1.0, DEMONYM: 0.0, ABBREVIATION: 0.0, SHORT_FORM: -1.5}
COUNTRY_WEIGHT = 4.0  # times the share of the document's clear places in the candidate's country
ADMIN1_WEIGHT = 3.0  # when the document's clear places lie in the candidate's admin1
PAIR_BONUS = 8.0  # "Gainesville, Ga.", "Kyaukse (Mandalay)": a candidate of the larger name holds it
NEAR_BONUS = 1.5  # within NEAR_KM of a clear place of the document
NEAR_KM = 150.0
CLEAR_MARGIN = 2.0  # a first-pass winner this far ahead counts as clear context
COHERENCE_WEIGHT = 2.5  # per unit of other names' belief in the candidate's admin1 (capped)
COHERENCE_CAP = 2.0
COUNTRY_COHERENCE_WEIGHT = 1.0  # per unit of other names' belief in the candidate's country (capped)
ADMIN2_COHERENCE_WEIGHT = 3.0  # "Huntsville" and "Walker County": the town lies in the county
COHERENCE_ROUNDS = 3
CONTEXT_PASSES = 2
COUNTY_MATCH_WEIGHT = 3.0  # another name of the text could be this place's own county (or a town in it)
SOURCE_COUNTRY_BONUS = 2.0  # the outlet's country (its domain, its name): a lean, not a tie
CONTAINER_BONUS = 3.0  # "(Katsina)" after a town of Katsina state: the state, not the city
CITY_RADIUS_KM = 30.0  # a quarter or suburb written "X (Y)" or "X, Y" with Y its city
# Cue kinds whose containing name holds the contained one for certain; "X in Y" without a unit
# word ("talks in Paris in June", "a man from Georgia in Washington") holds only when Y is plainly
# a country or a state.
_FIRM_CUES = frozenset({"comma", "parenthesis", "in", "of"})


@dataclass(frozen=True, slots=True)
class Cue:
    """The text says that one name lies inside another ("Kyaukse (Mandalay)", "Paris, Tenn.")."""

    inner: int  # position of the contained name
    outer: int  # position of the containing name
    kind: str  # "comma", "parenthesis", "in", "of"; "in-plain": "X in Y" without a unit word


@dataclass(frozen=True, slots=True)
class Resolution:
    best: int  # row, -1 when no candidate
    runner_up: int
    score: float
    why: tuple[str, ...] = ()  # the parts of the best candidate's score, largest first (explain=True)
    why_runner_up: tuple[str, ...] = ()


def prior(index: PlaceIndex, code: int) -> float:
    row, kind = divmod(code, KINDS)
    population = index.populations[row]
    return FEATURE_PRIOR[index.features[row]] + math.log10(population + 10) + KIND_PRIOR.get(kind, -1.0)


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _candidates(index: PlaceIndex, codes: tuple[int, ...]) -> tuple[dict[int, float], dict[int, int]]:
    """Each candidate row's best prior, and the kind of name that gives it."""
    scores: dict[int, float] = {}
    kinds: dict[int, int] = {}
    for code in codes:
        row, kind = divmod(code, KINDS)
        score = prior(index, code)
        if score > scores.get(row, -math.inf):
            scores[row] = score
            kinds[row] = kind
    return scores, kinds


# --- explanations ------------------------------------------------------------------------------


class _Ledger:
    """The named parts of each candidate's score, per group; kept only when an explanation is
    wanted, so resolving without one costs a flag test per part."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.priors: dict[tuple[int, int], dict[str, float]] = {}
        self.parts: dict[tuple[int, int], dict[str, float]] = {}
        self.notes: dict[tuple[int, int], list[str]] = {}

    def note(self, group: int, row: int, text: str) -> None:
        """A reason that is a rule rather than a number ("named so elsewhere in the text")."""
        if self.enabled:
            self.notes.setdefault((group, row), []).append(text)

    def prior(self, group: int, row: int, label: str, value: float) -> None:
        if self.enabled:
            self.priors.setdefault((group, row), {})[label] = value

    def add(self, group: int, row: int, label: str, value: float) -> None:
        if self.enabled and value:
            parts = self.parts.setdefault((group, row), {})
            parts[label] = parts.get(label, 0.0) + value

    def put(self, group: int, row: int, label: str, value: float) -> None:
        """Set a part that each round recomputes (coherence), rather than adding to it."""
        if self.enabled:
            self.parts.setdefault((group, row), {})[label] = value

    def new_pass(self) -> None:
        self.parts = {}

    def why(self, group: int, row: int) -> tuple[str, ...]:
        if not self.enabled or row < 0:
            return ()
        parts = {**self.priors.get((group, row), {}), **self.parts.get((group, row), {})}
        ordered = sorted((item for item in parts.items() if item[1]), key=lambda item: -abs(item[1]))
        return (*self.notes.get((group, row), ()), *(f"{value:+.1f} {label}" for label, value in ordered))


def _prior_parts(index: PlaceIndex, ledger: _Ledger, group: int, row: int, kind: int) -> None:
    if not ledger.enabled:
        return
    ledger.prior(group, row, f"a {FEATURE_NAMES[index.features[row]]}", FEATURE_PRIOR[index.features[row]])
    ledger.prior(
        group, row, f"population {index.populations[row]:,}", math.log10(index.populations[row] + 10)
    )
    kind_names = {ALTERNATE: "an alternate name", SHORT_FORM: "a short form", DEMONYM: "a demonym"}
    if KIND_PRIOR.get(kind, -1.0):
        ledger.prior(
            group, row, f"named by {kind_names.get(kind, 'an abbreviation')}", KIND_PRIOR.get(kind, -1.0)
        )


# --- the document: names grouped by what the text says around them ------------------------------


@dataclass(slots=True)
class _Group:
    """Positions that share a name and its cues, and so share every score ("Georgia" four times)."""

    key: str
    positions: list[int]
    first: list[tuple[int, float]]  # candidates by prior, best first
    kinds: dict[int, int]  # row -> the kind of name that names it
    pair_rows: set[int] = field(default_factory=set)  # rows of a qualifier after a comma
    shadowed: frozenset[str] = frozenset()  # countries where the name is an admin1 region's own
    outers: list[tuple[int, str]] = field(default_factory=list)  # (group of a name that holds it, cue kind)
    inners: list[int] = field(default_factory=list)  # groups of names it holds


@dataclass(slots=True)
class _Doc:
    index: PlaceIndex
    groups: list[_Group]
    group_of: list[int]  # position -> group
    country_hint: str = ""  # ISO code of the source's country, "" when unknown
    # (group, row) of candidates that something specific ties to the text: a containing name, a
    # place nearby, their county; a country or state in common is no tie.
    tied: set[tuple[int, int]] = field(default_factory=set)
    footprints: list[_Footprint | None] | None = None  # per group with cues, where its candidates lie


def _qualifier(
    index: PlaceIndex, codes: Sequence[tuple[int, ...]], position: int, pairs: dict[int, int] | None
) -> tuple[set[int], frozenset[str]]:
    """Rows that qualify this name ("Paris, Tenn."), and the countries where it names a state."""
    shadowed = _region_countries(index, codes[position])
    if pairs and position in pairs:
        qualifier = codes[pairs[position]]
        # In a list of states ("Virginia, Washington, West Virginia") the comma means "and";
        # only "Indiana, Pa." (a postal abbreviation) makes a state's name a town's.
        if not shadowed or all(code % KINDS == ABBREVIATION for code in qualifier):
            return {code // KINDS for code in qualifier}, frozenset()
    return set(), shadowed


def _region_countries(index: PlaceIndex, codes: tuple[int, ...]) -> frozenset[str]:
    """Countries where the name is an admin1 region's own (or alternate) name: there, towns that
    bear it get no help from context ("Indiana", Pennsylvania, against the state)."""
    return frozenset(
        index.countries[code // KINDS]
        for code in codes
        if index.features[code // KINDS] == ADMIN1 and code % KINDS in (NAME, ALTERNATE)
    )


def _signatures(keys: Sequence[str], cues: Sequence[Cue]) -> list[tuple[frozenset, frozenset]]:
    """Per position, the names that hold it and the names it holds (with how the text says so)."""
    outers: list[set[tuple[str, str]]] = [set() for _ in keys]
    inners: list[set[str]] = [set() for _ in keys]
    for cue in cues:
        if cue.kind != "comma":  # a comma qualifier is a pair, judged by _qualifier
            outers[cue.inner].add((keys[cue.outer], cue.kind))
            inners[cue.outer].add(keys[cue.inner])
    return [(frozenset(o), frozenset(i)) for o, i in zip(outers, inners, strict=True)]


def _document(
    index: PlaceIndex,
    keys: Sequence[str],
    codes: Sequence[tuple[int, ...]],
    cues: Sequence[Cue],
    ledger: _Ledger,
) -> _Doc:
    pairs = {cue.inner: cue.outer for cue in cues if cue.kind == "comma"}
    groups: list[_Group] = []
    group_of: list[int] = []
    by_signature: dict[tuple, int] = {}
    for position, (key, around) in enumerate(zip(keys, _signatures(keys, cues), strict=True)):
        pair_rows, shadowed = _qualifier(index, codes, position, pairs)
        if around[0]:
            shadowed = frozenset()  # "Indiana (Pennsylvania)": the text says which it is
        signature = (key, frozenset(pair_rows), shadowed, around)
        if signature not in by_signature:
            scores, kinds = _candidates(index, codes[position])
            by_signature[signature] = len(groups)
            groups.append(_Group(key, [], _ranked(scores), kinds, pair_rows, shadowed))
            for row, kind in kinds.items():
                _prior_parts(index, ledger, len(groups) - 1, row, kind)
        group_of.append(by_signature[signature])
        groups[by_signature[signature]].positions.append(position)
    for cue in cues:
        inner, outer = group_of[cue.inner], group_of[cue.outer]
        if cue.kind == "comma" or inner == outer:
            continue
        if (outer, cue.kind) not in groups[inner].outers:
            groups[inner].outers.append((outer, cue.kind))
        if inner not in groups[outer].inners:
            groups[outer].inners.append(inner)
    return _Doc(index=index, groups=groups, group_of=group_of)


# --- clear context ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1s: Counter[int]
    points: list[tuple[float, float, str]]  # clear places below country level, with their key
    total: int
    own: dict[str, tuple[Counter[str], Counter[int]]]  # per name, the votes it cast itself


def _clear_row(index: PlaceIndex, ranked: list[tuple[int, float]]) -> int:
    """The winner, when it is CLEAR_MARGIN ahead of the runner-up or the two are one place
    ("Calgary" the city and "Calgary" the district around it); else -1."""
    if not ranked:
        return -1
    row = ranked[0][0]
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CLEAR_MARGIN:
        other = ranked[1][0]
        admin1 = index.admin1_rows[row]
        if (
            admin1 < 0
            or admin1 != index.admin1_rows[other]
            or not within_km(
                index.latitudes[row],
                index.longitudes[row],
                index.latitudes[other],
                index.longitudes[other],
                CITY_RADIUS_KM,
            )
        ):
            return -1
    return row


def _context(doc: _Doc, clear_from: list[list[tuple[int, float]]]) -> _Context:
    index = doc.index
    context = _Context(Counter(), Counter(), [], 0, {})
    for group, ranked in zip(doc.groups, clear_from, strict=True):
        row = _clear_row(index, ranked)
        if row < 0:
            continue
        own = context.own.setdefault(group.key, (Counter(), Counter()))
        for _ in group.positions:
            context.total += 1
            if index.countries[row]:
                context.countries[index.countries[row]] += 1
                own[0][index.countries[row]] += 1
            if index.admin1_rows[row] >= 0:
                context.admin1s[index.admin1_rows[row]] += 1
                own[1][index.admin1_rows[row]] += 1
            if index.features[row] in (CITY, ADMIN2, ADMIN1):
                context.points.append((index.latitudes[row], index.longitudes[row], group.key))
    return context


_NO_VOTES: tuple[Counter[str], Counter[int]] = (Counter(), Counter())


def _contextual(doc: _Doc, number: int, row: int, context: _Context, ledger: _Ledger) -> float:
    """What the other clear names of the text add to one candidate."""
    index, group = doc.index, doc.groups[number]
    own = context.own.get(group.key, _NO_VOTES)
    country = index.countries[row]
    others = context.total - sum(own[0].values())
    score = 0.0
    if country and others > 0:
        agreement = COUNTRY_WEIGHT * (context.countries[country] - own[0][country]) / others
        ledger.add(number, row, f"other places in the same country ({country})", agreement)
        score += agreement
    if country in group.shadowed and index.features[row] in (CITY, ADMIN2):
        return score  # "Oregon" near "Wisconsin" is still the state, not Oregon, Wisconsin
    admin1 = index.admin1_rows[row]
    if admin1 >= 0 and admin1 != row and context.admin1s[admin1] - own[1][admin1] > 0:
        ledger.add(number, row, "other places in the same admin1", ADMIN1_WEIGHT)
        score += ADMIN1_WEIGHT
    if country and country == doc.country_hint:
        ledger.add(number, row, f"the source's country ({country})", SOURCE_COUNTRY_BONUS)
        score += SOURCE_COUNTRY_BONUS
    pair_rows = group.pair_rows
    if pair_rows and (
        row in pair_rows or admin1 in pair_rows or index.country_rows.get(country, -2) in pair_rows
    ):
        ledger.add(number, row, "inside the name after the comma", PAIR_BONUS)
        doc.tied.add((number, row))
        score += PAIR_BONUS
    if index.features[row] in (CITY, ADMIN2):
        latitude, longitude = index.latitudes[row], index.longitudes[row]
        for other_lat, other_lon, other_key in context.points:
            if other_key != group.key and within_km(latitude, longitude, other_lat, other_lon, NEAR_KM):
                ledger.add(number, row, "near another place of the text", NEAR_BONUS)
                doc.tied.add((number, row))
                score += NEAR_BONUS
                break
    return score


def _prefer_city_over_its_region(
    index: PlaceIndex, ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """ "Almaty" means the city more often than the region around it that bears its name, and
    "Washington" the national capital more often than the state."""
    if len(ranked) < 2 or index.features[ranked[0][0]] != ADMIN1:
        return ranked
    region = ranked[0][0]
    for position, (row, score) in enumerate(ranked[1:], start=1):
        if index.features[row] != CITY:
            continue
        dominant = (
            index.admin1_rows[row] == region and index.populations[row] * 3 >= index.populations[region]
        )
        capital = row in index.capitals and index.countries[row] == index.countries[region]
        if dominant or capital:
            return [(row, score), *ranked[:position], *ranked[position + 1 :]]
    return ranked


# --- soft coherence -----------------------------------------------------------------------------

_Belief = tuple[dict[int, float], dict[str, float], dict[int, float]]  # admin1s, countries, admin2s


def _beliefs(index: PlaceIndex, ranked: list[tuple[int, float]]) -> _Belief:
    """How much one name believes in each admin1 region and each country: its candidates'
    scores, softmax-ed."""
    admin1s: dict[int, float] = {}
    countries: dict[str, float] = {}
    admin2s: dict[int, float] = {}
    if not ranked:
        return admin1s, countries, admin2s
    top = ranked[0][1]
    weights = [(row, math.exp(score - top)) for row, score in ranked]
    total = sum(weight for _, weight in weights)
    for row, weight in weights:
        share = weight / total
        admin1 = index.admin1_rows[row]
        if admin1 >= 0:
            admin1s[admin1] = admin1s.get(admin1, 0.0) + share
        country = index.countries[row]
        if country:
            countries[country] = countries.get(country, 0.0) + share
        admin2 = _admin2_of(index, row)
        if admin2 >= 0:
            admin2s[admin2] = admin2s.get(admin2, 0.0) + share
    return admin1s, countries, admin2s


def _admin2_of(index: PlaceIndex, row: int) -> int:
    return row if index.features[row] == ADMIN2 else index.admin2_rows[row]


def _coherence(doc: _Doc, scored: Sequence[list[tuple[int, float]]]) -> tuple[dict[str, _Belief], _Belief]:
    """Per distinct name, its beliefs (those of its first group); and their sums over all names.

    "Palestine" and "Anderson County" each have a namesake in Texas: each supports the other's."""
    by_key: dict[str, _Belief] = {}
    for group, ranked in zip(doc.groups, scored, strict=True):
        if group.key not in by_key:
            by_key[group.key] = _beliefs(doc.index, ranked)
    admin1_totals: dict[int, float] = {}
    country_totals: dict[str, float] = {}
    admin2_totals: dict[int, float] = {}
    for admin1s, countries, admin2s in by_key.values():
        for admin2, value in admin2s.items():
            admin2_totals[admin2] = admin2_totals.get(admin2, 0.0) + value
        for admin1, value in admin1s.items():
            admin1_totals[admin1] = admin1_totals.get(admin1, 0.0) + value
        for country, value in countries.items():
            country_totals[country] = country_totals.get(country, 0.0) + value
    return by_key, (admin1_totals, country_totals, admin2_totals)


def _coherence_bonus(
    index: PlaceIndex, row: int, own: _Belief, totals: _Belief, shadowed: frozenset[str]
) -> tuple[float, float, float]:
    """What the other names' beliefs add: (for its country, for its admin1, for its admin2)."""
    # Called for every candidate in every round: each table is read once.
    country = index.countries[row]
    by_country = by_admin1 = by_admin2 = 0.0
    if country:
        support = totals[1].get(country, 0.0) - own[1].get(country, 0.0)
        by_country = COUNTRY_COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    feature = index.features[row]
    if country in shadowed and feature != ADMIN1:
        return by_country, by_admin1, by_admin2
    admin1 = index.admin1_rows[row]
    if admin1 >= 0:
        support = totals[0].get(admin1, 0.0) - own[0].get(admin1, 0.0)
        by_admin1 = COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    admin2 = row if feature == ADMIN2 else index.admin2_rows[row]
    if admin2 >= 0:
        support = totals[2].get(admin2, 0.0) - own[2].get(admin2, 0.0)
        by_admin2 = ADMIN2_COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    return by_country, by_admin1, by_admin2


def _cohere(
    doc: _Doc, base: list[dict[int, float]], scored: list[list[tuple[int, float]]], ledger: _Ledger
) -> list[list[tuple[int, float]]]:
    """One round: each candidate's base score plus the other names' present beliefs."""
    beliefs, totals = _coherence(doc, scored)
    rescored = []
    for number, (group, scores) in enumerate(zip(doc.groups, base, strict=True)):
        own = beliefs[group.key]
        new: dict[int, float] = {}
        for row, score in scores.items():
            by_country, by_admin1, by_admin2 = _coherence_bonus(doc.index, row, own, totals, group.shadowed)
            new[row] = score + by_country + by_admin1 + by_admin2
            if ledger.enabled:
                ledger.put(number, row, "other names could be in the same country", by_country)
                ledger.put(number, row, "other names could be in the same admin1", by_admin1)
                ledger.put(number, row, "other names could be in the same admin2", by_admin2)
        rescored.append(_ranked(new))
    return rescored


# --- the text's hierarchy -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Footprint:
    """Where one name's candidates lie, in the forms the containment checks read."""

    rows: frozenset[int]
    admin1s: frozenset[int]  # admin1 regions that hold a candidate (other than the region itself)
    admin2s: frozenset[int]
    countries: frozenset[str]  # countries that hold a candidate below country level
    towns: tuple[tuple[float, float], ...]
    region_countries: frozenset[str]  # countries of its sub-national regions ("West Bank": PS)


def _footprint(index: PlaceIndex, rows: Sequence[int]) -> _Footprint:
    admin1s, admin2s, countries, towns, regions = set(), set(), set(), [], set()
    for row in rows:
        feature = index.features[row]
        if index.admin1_rows[row] >= 0 and index.admin1_rows[row] != row:
            admin1s.add(index.admin1_rows[row])
        if feature != ADMIN2 and index.admin2_rows[row] >= 0:
            admin2s.add(index.admin2_rows[row])
        if feature != COUNTRY and index.countries[row]:
            countries.add(index.countries[row])
        if feature == CITY:
            towns.append((index.latitudes[row], index.longitudes[row]))
        if feature == REGION and index.countries[row]:
            regions.add(index.countries[row])
    return _Footprint(
        frozenset(rows),
        frozenset(admin1s),
        frozenset(admin2s),
        frozenset(countries),
        tuple(towns),
        frozenset(regions),
    )


def _held(index: PlaceIndex, row: int, outer: _Footprint) -> bool:
    """Some candidate of the containing name holds this candidate."""
    feature = index.features[row]
    country = index.countries[row]
    if (
        feature != COUNTRY
        and country
        and (index.country_rows.get(country, -1) in outer.rows or country in outer.region_countries)
    ):
        return True
    admin1 = index.admin1_rows[row]
    if admin1 >= 0 and admin1 != row and admin1 in outer.rows:
        return True
    admin2 = index.admin2_rows[row]
    if feature != ADMIN2 and admin2 >= 0 and admin2 in outer.rows:
        return True
    if feature != CITY:
        return False
    latitude, longitude = index.latitudes[row], index.longitudes[row]
    return any(within_km(latitude, longitude, lat, lon, CITY_RADIUS_KM) for lat, lon in outer.towns)


def _holds(index: PlaceIndex, row: int, inner: _Footprint) -> bool:
    """This candidate holds some candidate of the contained name."""
    feature = index.features[row]
    if feature == ADMIN1:
        return row in inner.admin1s
    if feature == ADMIN2:
        return row in inner.admin2s
    if feature in (COUNTRY, REGION):
        return bool(index.countries[row]) and index.countries[row] in inner.countries
    latitude, longitude = index.latitudes[row], index.longitudes[row]
    return row not in inner.rows and any(
        within_km(latitude, longitude, lat, lon, CITY_RADIUS_KM) for lat, lon in inner.towns
    )


def _outer_rows(doc: _Doc, outer: int, kind: str) -> list[int]:
    """The candidates of a containing name that may hold another: all of them, except that a
    plain "in" holds only when the name is plainly a country or a state."""
    first = doc.groups[outer].first
    if kind in _FIRM_CUES:
        return [row for row, _ in first]
    if first and doc.index.features[first[0][0]] in (COUNTRY, ADMIN1):
        return [row for row, _ in first]
    return []


def _hierarchy(doc: _Doc, base: list[dict[int, float]], ledger: _Ledger) -> None:
    """The text's own hierarchy: a candidate inside a candidate of the name that holds it gains
    PAIR_BONUS per such name, and a candidate of the holding name that holds one of the contained
    name's candidates gains CONTAINER_BONUS."""
    index = doc.index
    if doc.footprints is None:  # the candidates do not change between passes: worked out once
        doc.footprints = [
            _footprint(index, [row for row, _ in group.first]) if group.outers or group.inners else None
            for group in doc.groups
        ]
    footprints = doc.footprints
    for number, group in enumerate(doc.groups):
        for outer, kind in group.outers:
            rows = _outer_rows(doc, outer, kind)
            if not rows:
                continue
            whole = footprints[outer]
            holder = (
                whole
                if whole is not None and len(rows) == len(doc.groups[outer].first)
                else _footprint(index, rows)
            )
            inner = footprints[number]
            assert inner is not None
            label = f"inside {doc.groups[outer].key!r} ({kind})"
            for row in base[number]:
                if _held(index, row, holder):
                    base[number][row] += PAIR_BONUS
                    ledger.add(number, row, label, PAIR_BONUS)
                    doc.tied.add((number, row))
            for row in rows:
                if _holds(index, row, inner):
                    base[outer][row] += CONTAINER_BONUS
                    ledger.add(outer, row, f"holds {group.key!r}", CONTAINER_BONUS)


# --- counties -----------------------------------------------------------------------------------


def _county_matches(doc: _Doc, base: list[dict[int, float]], ledger: _Ledger) -> None:
    """A town and a county of the text that could be the town's own county settle each other
    ("Paris" and "Henry County": Paris, Tennessee), however unlikely each is alone."""
    index = doc.index
    own: dict[str, set[int]] = {}
    for group in doc.groups:
        if group.key not in own:
            own[group.key] = {admin2 for row, _ in group.first if (admin2 := _admin2_of(index, row)) >= 0}
    names_by_admin2: Counter[int] = Counter()
    for admin2s in own.values():
        names_by_admin2.update(admin2s)
    for number, (group, scores) in enumerate(zip(doc.groups, base, strict=True)):
        mine = own[group.key]
        for row in scores:
            admin2 = _admin2_of(index, row)
            if admin2 < 0 or (index.countries[row] in group.shadowed and index.features[row] != ADMIN1):
                continue
            if names_by_admin2[admin2] - (1 if admin2 in mine else 0) > 0:
                scores[row] += COUNTY_MATCH_WEIGHT
                ledger.add(
                    number, row, "another name could be its county or a town in it", COUNTY_MATCH_WEIGHT
                )
                doc.tied.add((number, row))


# --- resolving ----------------------------------------------------------------------------------


def _settle(
    doc: _Doc, clear_from: list[list[tuple[int, float]]], ledger: _Ledger
) -> list[list[tuple[int, float]]]:
    """One pass: priors plus clear context, county matches, then rounds of soft coherence."""
    ledger.new_pass()
    doc.tied.clear()
    context = _context(doc, clear_from)
    base: list[dict[int, float]] = []
    for number, group in enumerate(doc.groups):
        base.append(
            {row: score + _contextual(doc, number, row, context, ledger) for row, score in group.first}
        )
    _hierarchy(doc, base, ledger)
    _county_matches(doc, base, ledger)
    # Names reinforce each other: a few rounds let a pair of small namesakes find each other.
    scored = [_ranked(scores) for scores in base]
    for _ in range(COHERENCE_ROUNDS):
        scored = _cohere(doc, base, scored, ledger)
    return scored


def resolve_names(
    index: PlaceIndex,
    keys: Sequence[str],
    codes: Sequence[tuple[int, ...]],
    *,
    cues: Sequence[Cue] = (),
    pairs: dict[int, int] | None = None,
    country_hint: str = "",
    explain: bool = False,
) -> list[Resolution]:
    """Resolve every name of one document. `cues` say which names the text puts inside which
    ("Kyaukse (Mandalay)"); `pairs`, the older form, maps a name's position to the position of
    the name after its comma ("Town, State"); `country_hint`, the ISO code of the source's
    country when known. With `explain`, each resolution says why."""
    cues = [*cues, *(Cue(inner, outer, "comma") for inner, outer in (pairs or {}).items())]
    ledger = _Ledger(explain)
    doc = _document(index, keys, codes, cues, ledger)
    doc.country_hint = country_hint.upper()
    # What counts as a clear name is first judged by priors alone, then again once the names
    # have settled each other ("Georgia" beside "Atlanta" is the state, and then clear).
    scored = [group.first for group in doc.groups]
    for _ in range(CONTEXT_PASSES):
        scored = _settle(doc, scored, ledger)
    finals = _one_sense(
        doc, [_final(doc, number, ranked, ledger) for number, ranked in enumerate(scored)], ledger
    )
    _drop_units_outside_their_holder(doc, finals)
    by_group = [_resolution(number, final, ledger) for number, final in enumerate(finals)]
    return [by_group[number] for number in doc.group_of]


def _resolution(number: int, final: list[tuple[int, float]], ledger: _Ledger) -> Resolution:
    if not final:
        return Resolution(best=-1, runner_up=-1, score=0.0)
    runner_up = final[1][0] if len(final) > 1 else -1
    return Resolution(
        best=final[0][0],
        runner_up=runner_up,
        score=final[0][1],
        why=ledger.why(number, final[0][0]),
        why_runner_up=ledger.why(number, runner_up),
    )


def _drop_units_outside_their_holder(doc: _Doc, finals: list[list[tuple[int, float]]]) -> None:
    """The names of a hierarchy ("Cordoba (Capital, Cordoba)", "Axum (Central, Tigray)") all lie in
    the country of its outermost region: its namesakes there come first ("Capital" is the
    department in Argentina, not Denmark's capital region), and a name none of whose namesakes
    lies there ("Central") is a unit that the gazetteer lacks: it gets no place, rather than a
    namesake abroad."""
    index = doc.index
    for number, group in enumerate(doc.groups):
        regions = [
            outer
            for outer, _ in group.outers
            if finals[outer] and index.features[finals[outer][0][0]] in (COUNTRY, ADMIN1, ADMIN2)
        ]
        if not regions:
            continue
        holder = max(regions, key=lambda outer: max(doc.groups[outer].positions))
        region = finals[holder][0][0]
        for member in {number, *(outer for outer, _ in group.outers)} - {holder}:
            closeness = {row: _closeness(index, row, region) for row, _ in finals[member]}
            # A unit between the name and the region ("Capital") must lie in the region itself;
            # the name, at least in its country (the gazetteer may lack a town's region).
            needed = 1 if member == number or index.features[region] == COUNTRY else 2
            if max(closeness.values(), default=0) < needed:
                finals[member] = []
            else:  # in the region itself first, then in its country; the order holds within each
                finals[member] = sorted(finals[member], key=lambda item: -closeness[item[0]])


def _closeness(index: PlaceIndex, row: int, region: int) -> int:
    """2 when a place lies in the region (or is it), 1 when only in its country, else 0."""
    if row == region or region in (index.admin1_rows[row], index.admin2_rows[row]):
        return 2
    return 1 if index.countries[row] == index.countries[region] else 0


def _one_sense(
    doc: _Doc, finals: list[list[tuple[int, float]]], ledger: _Ledger
) -> list[list[tuple[int, float]]]:
    """A name the text once qualifies ("Athens, Greece", "Kankara (Katsina)") means that place
    wherever it stands alone in the same text: a story does not switch between namesakes."""
    qualified: dict[str, set[int]] = {}
    for group, final in zip(doc.groups, finals, strict=True):
        if final and (group.outers or group.pair_rows):
            qualified.setdefault(group.key, set()).add(final[0][0])
    settled = []
    for number, (group, final) in enumerate(zip(doc.groups, finals, strict=True)):
        senses = qualified.get(group.key, set())
        alone = not (group.outers or group.pair_rows or group.inners)
        if alone and len(senses) == 1 and final and final[0][0] not in senses:
            (row,) = senses
            if any(candidate == row for candidate, _ in final):
                ledger.note(number, row, f"the text names {group.key!r} with what holds it elsewhere")
                final = sorted(final, key=lambda item: item[0] != row)
        settled.append(final)
    return settled


def _final(
    doc: _Doc, number: int, ranked: list[tuple[int, float]], ledger: _Ledger
) -> list[tuple[int, float]]:
    ranked = _own_name_first(doc, number, ranked, ledger)
    ranked = _country_first(doc, number, ranked, ledger)
    if doc.groups[number].inners:
        return ranked  # a name that holds another is the unit that holds it, not its namesake town
    return _prefer_city_over_its_region(doc.index, ranked)


def _country_first(
    doc: _Doc, number: int, ranked: list[tuple[int, float]], ledger: _Ledger
) -> list[tuple[int, float]]:
    """A country's own name means the country ("Egypt", "Italy"), not a town named after it,
    unless something specific ties the town to the text ("Lebanon, Pa.", a place nearby): a
    story's other places all lying in one state is no such tie."""
    index = doc.index
    if not ranked or index.features[ranked[0][0]] not in (CITY, ADMIN2) or (number, ranked[0][0]) in doc.tied:
        return ranked
    group = doc.groups[number]
    country = next(
        (item for item in ranked if index.features[item[0]] == COUNTRY and group.kinds.get(item[0]) == NAME),
        None,
    )
    if country is None:
        return ranked
    ledger.note(number, country[0], f"{group.key!r} is the country's own name; nothing ties a namesake town")
    return [country, *(item for item in ranked if item is not country)]


def _own_name_first(
    doc: _Doc, number: int, ranked: list[tuple[int, float]], ledger: _Ledger
) -> list[tuple[int, float]]:
    """A place that has the name only as another spelling ("Pittsburg" for "Pittsburgh", Arāk for
    "Iraq") is not meant when a bigger place bears it as its own name, unless something specific
    ties it to the text (a containing name, a place nearby)."""
    index, group = doc.index, doc.groups[number]
    if not ranked or group.kinds.get(ranked[0][0]) != ALTERNATE or (number, ranked[0][0]) in doc.tied:
        return ranked
    own = [item for item in ranked if group.kinds.get(item[0]) == NAME]
    if not own:
        return ranked
    biggest = max(own, key=lambda item: index.populations[item[0]])
    if index.populations[biggest[0]] <= index.populations[ranked[0][0]]:
        return ranked
    ledger.note(
        number,
        biggest[0],
        f"bears {group.key!r} as its own name; {index.names[ranked[0][0]]} only as another spelling",
    )
    return [biggest, *(item for item in ranked if item is not biggest)]
