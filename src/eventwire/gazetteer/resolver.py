"""Choosing the place a name means, from the candidates the index gives.

Every candidate starts from a prior (what kind of place it is, how many people live there, how
the name names it). A second pass adds what the document says: the countries and admin1 regions
its other, clear names point to, an explicit "Town, State" pair, and nearness to those places.
A name with no candidate stays unresolved and never blocks the others.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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

FEATURE_PRIOR = {COUNTRY: 6.0, ADMIN1: 3.5, REGION: 4.0, CITY: 0.0, ADMIN2: -0.5}
KIND_PRIOR = {NAME: 0.0, ALTERNATE: -1.0, DEMONYM: 0.0, ABBREVIATION: 0.0, SHORT_FORM: -1.5}
COUNTRY_WEIGHT = 4.0  # times the share of the document's clear places in the candidate's country
ADMIN1_WEIGHT = 3.0  # when the document's clear places lie in the candidate's admin1
PAIR_BONUS = 8.0  # "Gainesville, Ga.": the name right after the comma contains the candidate
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


@dataclass(frozen=True, slots=True)
class Resolution:
    best: int  # row, -1 when no candidate
    runner_up: int
    score: float


def prior(index: PlaceIndex, code: int) -> float:
    row, kind = divmod(code, KINDS)
    population = index.populations[row]
    return FEATURE_PRIOR[index.features[row]] + math.log10(population + 10) + KIND_PRIOR.get(kind, -1.0)


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _candidate_scores(index: PlaceIndex, codes: tuple[int, ...]) -> dict[int, float]:
    scores: dict[int, float] = {}
    for code in codes:
        row = code // KINDS
        score = prior(index, code)
        if score > scores.get(row, -math.inf):
            scores[row] = score
    return scores


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1s: Counter[int]
    points: list[tuple[float, float, str]]  # clear places below country level, with their key
    total: int


def _context(index: PlaceIndex, keys: Sequence[str], first: Sequence[list[tuple[int, float]]]) -> _Context:
    countries: Counter[str] = Counter()
    admin1s: Counter[int] = Counter()
    points: list[tuple[float, float, str]] = []
    total = 0
    for key, ranked in zip(keys, first, strict=True):
        if not ranked:
            continue
        row, score = ranked[0]
        if len(ranked) > 1 and score - ranked[1][1] < CLEAR_MARGIN:
            continue
        total += 1
        if index.countries[row]:
            countries[index.countries[row]] += 1
        if index.admin1_rows[row] >= 0:
            admin1s[index.admin1_rows[row]] += 1
        if index.features[row] in (CITY, ADMIN2, ADMIN1):
            points.append((index.latitudes[row], index.longitudes[row], key))
    return _Context(countries=countries, admin1s=admin1s, points=points, total=total)


def _own_votes(index: PlaceIndex, keys: Sequence[str], first: Sequence[list[tuple[int, float]]], key: str):
    """Votes a name cast for itself in the first pass, taken out so it cannot confirm itself."""
    countries: Counter[str] = Counter()
    admin1s: Counter[int] = Counter()
    for other_key, ranked in zip(keys, first, strict=True):
        if other_key != key or not ranked:
            continue
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < CLEAR_MARGIN:
            continue
        row = ranked[0][0]
        if index.countries[row]:
            countries[index.countries[row]] += 1
        if index.admin1_rows[row] >= 0:
            admin1s[index.admin1_rows[row]] += 1
    return countries, admin1s


def _contextual(
    index: PlaceIndex,
    row: int,
    score: float,
    *,
    context: _Context,
    own: tuple[Counter[str], Counter[int]],
    key: str,
    pair_rows: set[int],
    shadowed: frozenset[str],
) -> float:
    country = index.countries[row]
    others = context.total - sum(own[0].values())
    if country and others > 0:
        score += COUNTRY_WEIGHT * (context.countries[country] - own[0][country]) / others
    if country in shadowed and index.features[row] in (CITY, ADMIN2):
        return score  # "Oregon" near "Wisconsin" is still the state, not Oregon, Wisconsin
    admin1 = index.admin1_rows[row]
    if admin1 >= 0 and admin1 != row and context.admin1s[admin1] - own[1][admin1] > 0:
        score += ADMIN1_WEIGHT
    if pair_rows and (
        row in pair_rows or admin1 in pair_rows or index.country_rows.get(country, -2) in pair_rows
    ):
        score += PAIR_BONUS
    feature = index.features[row]
    if feature in (CITY, ADMIN2):
        latitude, longitude = index.latitudes[row], index.longitudes[row]
        for other_lat, other_lon, other_key in context.points:
            if other_key != key and _near(latitude, longitude, other_lat, other_lon):
                score += NEAR_BONUS
                break
    return score


def _near(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """Within NEAR_KM, by the flat-earth approximation (ample at this range, and quick)."""
    north = (lat2 - lat1) * 111.2
    if abs(north) >= NEAR_KM:
        return False
    east = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2.0))
    return north * north + east * east < NEAR_KM * NEAR_KM


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


def _region_countries(index: PlaceIndex, codes: tuple[int, ...]) -> frozenset[str]:
    """Countries where the name is an admin1 region's own (or alternate) name: there, towns that
    bear it get no help from context ("Indiana", Pennsylvania, against the state)."""
    return frozenset(
        index.countries[code // KINDS]
        for code in codes
        if index.features[code // KINDS] == ADMIN1 and code % KINDS in (NAME, ALTERNATE)
    )


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


def _coherence(
    index: PlaceIndex, keys: Sequence[str], scored: Sequence[list[tuple[int, float]]]
) -> tuple[dict[str, _Belief], _Belief]:
    """Per distinct name, its beliefs; and their sums over all names.

    "Palestine" and "Anderson County" each have a namesake in Texas: each supports the other's."""
    by_key: dict[str, _Belief] = {}
    for key, ranked in zip(keys, scored, strict=True):
        if key not in by_key:
            by_key[key] = _beliefs(index, ranked)
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
) -> float:
    # Called for every candidate in every round: each table is read once (same arithmetic).
    country = index.countries[row]
    bonus = 0.0
    if country:
        support = totals[1].get(country, 0.0) - own[1].get(country, 0.0)
        bonus += COUNTRY_COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    feature = index.features[row]
    if country in shadowed and feature != ADMIN1:
        return bonus
    admin1 = index.admin1_rows[row]
    if admin1 >= 0:
        support = totals[0].get(admin1, 0.0) - own[0].get(admin1, 0.0)
        bonus += COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    admin2 = row if feature == ADMIN2 else index.admin2_rows[row]
    if admin2 >= 0:
        support = totals[2].get(admin2, 0.0) - own[2].get(admin2, 0.0)
        bonus += ADMIN2_COHERENCE_WEIGHT * min(COHERENCE_CAP, support)
    return bonus


@dataclass(slots=True)
class _Counties:
    own: dict[str, set[int]]  # name -> admin2 rows its candidates are or lie in
    names_by_admin2: dict[int, int]  # admin2 row -> how many distinct names could be in it


def _county_presence(
    index: PlaceIndex, keys: Sequence[str], first: Sequence[list[tuple[int, float]]]
) -> _Counties:
    own: dict[str, set[int]] = {}
    for key, ranked in zip(keys, first, strict=True):
        if key not in own:
            own[key] = {admin2 for row, _ in ranked if (admin2 := _admin2_of(index, row)) >= 0}
    names_by_admin2: dict[int, int] = {}
    for admin2s in own.values():
        for admin2 in admin2s:
            names_by_admin2[admin2] = names_by_admin2.get(admin2, 0) + 1
    return _Counties(own=own, names_by_admin2=names_by_admin2)


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


def _settle(
    index: PlaceIndex,
    keys: Sequence[str],
    first: list[list[tuple[int, float]]],
    clear_from: list[list[tuple[int, float]]],
    qualifiers: list[tuple[set[int], frozenset[str]]],
    counties: _Counties,
) -> list[list[tuple[int, float]]]:
    """One pass: priors plus clear context, county matches, then rounds of soft coherence."""
    context = _context(index, keys, clear_from)
    base: list[dict[int, float]] = []
    done: dict[tuple[str, frozenset[int], frozenset[str]], dict[int, float]] = {}
    for position, ranked in enumerate(first):
        pair_rows, shadowed = qualifiers[position]
        signature = (keys[position], frozenset(pair_rows), shadowed)
        if signature in done:  # the same name again: same scores ("Georgia" four times)
            base.append(done[signature])
            continue
        own = _own_votes(index, keys, clear_from, keys[position])
        done[signature] = {
            row: _contextual(
                index,
                row,
                score,
                context=context,
                own=own,
                key=keys[position],
                pair_rows=pair_rows,
                shadowed=shadowed,
            )
            for row, score in ranked
        }
        base.append(done[signature])
    # A town and a county of the text that could be the town's own county settle each other
    # ("Paris" and "Henry County": Paris, Tennessee), however unlikely each is alone.
    adjusted: set[int] = set()
    for position, scores in enumerate(base):
        if id(scores) in adjusted:
            continue
        adjusted.add(id(scores))
        shadowed = qualifiers[position][1]
        own_counties = counties.own.get(keys[position], set())
        for row in scores:
            admin2 = _admin2_of(index, row)
            if admin2 >= 0 and not (index.countries[row] in shadowed and index.features[row] != ADMIN1):
                others = counties.names_by_admin2.get(admin2, 0) - (1 if admin2 in own_counties else 0)
                if others > 0:
                    scores[row] += COUNTY_MATCH_WEIGHT
    # Names reinforce each other: a few rounds let a pair of small namesakes find each other.
    scored = [_ranked(scores) for scores in base]
    for _ in range(COHERENCE_ROUNDS):
        beliefs, totals = _coherence(index, keys, scored)
        rescored: dict[int, list[tuple[int, float]]] = {}
        for position, scores in enumerate(base):
            if id(scores) not in rescored:
                own, shadowed = beliefs[keys[position]], qualifiers[position][1]
                rescored[id(scores)] = _ranked(
                    {
                        row: score + _coherence_bonus(index, row, own, totals, shadowed)
                        for row, score in scores.items()
                    }
                )
        scored = [rescored[id(scores)] for scores in base]
    return scored


def resolve_names(
    index: PlaceIndex,
    keys: Sequence[str],
    codes: Sequence[tuple[int, ...]],
    *,
    pairs: dict[int, int] | None = None,
) -> list[Resolution]:
    """Resolve every name of one document; pairs maps a name's position to the position of the
    name that qualifies it ("Town, State")."""
    first = [_ranked(_candidate_scores(index, these)) for these in codes]
    qualifiers = [_qualifier(index, codes, position, pairs) for position in range(len(codes))]
    counties = _county_presence(index, keys, first)
    # What counts as a clear name is first judged by priors alone, then again once the names
    # have settled each other ("Georgia" beside "Atlanta" is the state, and then clear).
    scored = first
    for _ in range(CONTEXT_PASSES):
        scored = _settle(index, keys, first, scored, qualifiers, counties)
    results: list[Resolution] = []
    for ranked in scored:
        if not ranked:
            results.append(Resolution(best=-1, runner_up=-1, score=0.0))
            continue
        final = _prefer_city_over_its_region(index, ranked)
        runner_up = final[1][0] if len(final) > 1 else -1
        results.append(Resolution(best=final[0][0], runner_up=runner_up, score=final[0][1]))
    return results
