"""Pipeline stages for places: find and resolve toponyms, then give each event mention its place.

The place of an event is where it happened, not every place its sentence names: a name after
"in", "at", "near" is a location, while "Russia sends paratroopers" names an actor. When the
sentence names no location, the nearest earlier place of the narrative stands in; failing that,
the article's focus country, with ACLED geo precision 3.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit

import msgspec

from eventwire.coding.countries import focus_country
from eventwire.dateline import is_filing_place, read_dateline
from eventwire.gazetteer import Gazetteer, load_gazetteer
from eventwire.pipeline import Doc
from eventwire.records import Article, Mention, Place, Span, Toponym, starting_within
from eventwire.stages.zones import is_story_offset
from eventwire.words import words_before

_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside|around|across|into|throughout|from|to|on|towards?|"
    r"en|à|au|aux|dans|près|cerca|bei|nahe|im)\s+(?:the\s+|la\s+|le\s+|el\s+|der\s+|die\s+)?"
    r"(?:(?:village|town|city|district|region|province|state|county|area|capital|outskirts|"
    r"streets?|centre|center|suburbs?|hauptstadt|stadt|dorf|provinz|region|bezirk|bundesstaat|"
    r"ortschaft|gemeinde|grenzstadt|hafenstadt|millionenstadt|metropole)\s+(?:of\s+)?)?)$",
    re.IGNORECASE,
)
_NEAR = re.compile(r"\b(?:near|outside|outskirts of|close to|north of|south of|east of|west of)\s+$", re.I)
FOLLOWING_SENTENCES = 2  # how far after an unplaced summary its first detail may come
STRAY_TOWN_MAX_POPULATION = 150_000  # Kani, Japan (102k) in a Myanmar story; Geneva (440k) stays
_SPECIFICITY = {"city": 0.0, "admin2": 1.0, "admin1": 2.0, "country": 3.0}
_SUBNATIONAL_REGION = 2.5  # "Darfur": inside one country
_WORLD_REGION = 4.0  # "Central Asia": wider than any country


class _GazetteerStage:
    """A stage that reads the place index, loaded once on first use (or given, for tests)."""

    def __init__(self, *, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    def setup(self) -> None:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()

    @property
    def gazetteer(self) -> Gazetteer:
        self.setup()
        assert self._gazetteer is not None
        return self._gazetteer


class ToponymStage(_GazetteerStage):
    """Find and resolve place names in every sentence."""

    name: ClassVar[str] = "toponyms"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "zones")
    provides: ClassVar[tuple[str, ...]] = ("toponyms",)

    def __init__(self, *, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(gazetteer=gazetteer)
        self._sources: dict[tuple[str, str], str] = {}

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            language = doc.language or doc.article.language or "en"
            found = self.gazetteer.find_toponyms(
                doc.text,
                language=language,
                country_hint=self._source_country(doc.article),
            )
            # A photo credit's or a related link's place is no place of this story (stages/zones.py).
            story = [t for t in found if is_story_offset(doc, t.start)]
            doc.toponyms = _outside_agency_name(doc.text, story)
        return docs

    def _source_country(self, article: Article) -> str:
        # A feed or a crawl brings many articles of one source: each source is looked up once.
        source = (article.url.split("/")[2] if article.url.count("/") >= 2 else article.url, article.source)
        if source not in self._sources:
            self._sources[source] = source_country(article, self.gazetteer)
        return self._sources[source]


# Country-code domains that sites all over the world use for their letters, not their country
# (.tv, .io, .me, .fm, "bit.ly"): they say nothing about where a story comes from.
_GENERIC_DOMAINS = frozenset("ai am cc co fm gg io la ly me nu sh so st to tv tk ws xyz eu".split())
_DOMAIN_ISO = {"uk": "GB"}  # the one ccTLD that is not its ISO code
SOURCE_PLACE_MIN_POPULATION = 500_000  # "Dawn", "Punch": an outlet's name may be a village's too


def source_country(article: Article, gazetteer: Gazetteer) -> str:
    """The ISO code of the country an article's source is in, "" when nothing says: the country
    code of its URL's domain ("punchng.com.ng", "bbc.co.uk"), else a country, state or big city
    in the outlet's name ("Kyiv Independent", "Myanmar Now")."""
    host = (urlsplit(article.url).hostname or "") if article.url else ""
    label = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(label) == 2 and label not in _GENERIC_DOMAINS:
        iso = _DOMAIN_ISO.get(label, label.upper())
        if gazetteer.country_by_code(iso) is not None:
            return iso
    if not article.source:
        return ""
    countries = {
        toponym.place.iso
        for toponym in gazetteer.find_toponyms(article.source)
        if toponym.place is not None
        and (
            toponym.place.feature in ("country", "admin1")
            or toponym.place.population >= SOURCE_PLACE_MIN_POPULATION
        )
    }
    return countries.pop() if len(countries) == 1 else ""


def _outside_agency_name(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """ "(Andes Wire) --" in a dateline names a news agency, not a place."""
    agency = read_dateline(text).agency
    if agency is None:
        return toponyms
    return [toponym for toponym in toponyms if not (agency.start <= toponym.start < agency.end)]


class EventPlaceStage(_GazetteerStage):
    """Set each mention's place: where the event happened, with ACLED's geo precision."""

    name: ClassVar[str] = "event_places"
    requires: ClassVar[tuple[str, ...]] = ("toponyms", "mentions")
    provides: ClassVar[tuple[str, ...]] = ("event_places",)

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        gazetteer = self.gazetteer
        for doc in docs:
            candidates = candidate_places(doc, gazetteer=gazetteer)
            for mention in doc.mentions:
                place = place_of_mention(doc, mention, gazetteer=gazetteer, candidates=candidates)
                mention.place = place
                if place is not None and place.span is not None:
                    mention.field_spans["place"] = place.span
                else:
                    mention.field_spans.pop("place", None)
        return docs


def _mention_offset(doc: Doc, mention: Mention) -> int:
    if mention.trigger is not None:
        return mention.trigger.start
    if mention.evidence:
        return mention.evidence[0].start
    return 0


def _sentence_bounds(doc: Doc, offset: int) -> tuple[int, int]:
    sentence = doc.sentence_at(offset)
    return (sentence.start, sentence.end) if sentence is not None else (0, len(doc.text))


def _is_place(toponym: Toponym, gazetteer: Gazetteer | None) -> bool:
    if toponym.place is None:
        return False
    return gazetteer is None or not gazetteer.is_demonym(toponym.text)


def _is_locative(text: str, toponym: Toponym) -> bool:
    return _LOCATIVE.search(words_before(text, toponym.start, 10)) is not None


def _with_span(doc: Doc, toponym: Toponym, *, precision: int | None = None) -> Place:
    assert toponym.place is not None
    span = Span(article_id=doc.article.id, start=toponym.start, end=toponym.end, text=toponym.text)
    place = _capital_of_same_name(doc.text, toponym) or toponym.place
    if precision is None:
        precision = place.geo_precision
        if precision == 1 and _NEAR.search(words_before(doc.text, toponym.start, 5)):
            precision = 2  # "near Almaty": ACLED codes the town with precision 2
    return msgspec.structs.replace(place, span=span, geo_precision=precision)


_UNIT_AFTER = re.compile(
    r"\s+(?:region|oblast|province|state|governorate|prefecture|county|district|department|"
    r"division|krai|voivodeship|canton|territory)\b",
    re.IGNORECASE,
)


def _capital_of_same_name(text: str, toponym: Toponym) -> Place | None:
    """ "Missiles struck Kharkiv": a name that is both a region and its capital city is, as the
    place of an event, the city (ACLED's geo precision 1), unless the text says "region"."""
    place, city = toponym.place, toponym.runner_up
    if place is None or city is None or place.feature != "admin1" or city.feature != "city":
        return None
    if city.name != place.name or city.admin1 != place.admin1 or city.iso != place.iso:
        return None
    if _UNIT_AFTER.match(text, toponym.end):
        return None
    return city


def _specificity(place: Place) -> float:
    if place.feature in _SPECIFICITY:
        return _SPECIFICITY[place.feature]
    return _SUBNATIONAL_REGION if place.iso else _WORLD_REGION


def _in_focus(places: list[Toponym], focus: str) -> list[Toponym]:
    """Places in the story's country, when there are any: "Moscow-led" names an actor."""
    return [t for t in places if t.place is not None and t.place.iso == focus] or places


def _best_in_sentence(doc: Doc, candidates: list[Toponym], trigger: int, *, focus: str) -> Toponym | None:
    if not candidates:
        return None
    located = [toponym for toponym in candidates if _is_locative(doc.text, toponym)]
    pool = located or _in_focus(candidates, focus)

    def rank(toponym: Toponym) -> tuple[float, int]:
        assert toponym.place is not None
        return _specificity(toponym.place), abs(toponym.start - trigger)

    return min(pool, key=rank)


def _foreign_actor(text: str, toponym: Toponym, focus: str) -> bool:
    place = toponym.place
    if place is None or place.feature != "country" or not focus or place.iso == focus:
        return False
    return not _is_locative(text, toponym)


_FACILITY = re.compile(
    r"\s+(?:hospital|clinic|school|university|college|market|mosque|church|stadium|camp|prison|hotel|"
    r"street|road|avenue|square|bridge|district hospital|neighbourhood|neighborhood)\b",
    re.IGNORECASE,
)


def _foreign_facility_name(text: str, toponym: Toponym, focus: str) -> bool:
    place = toponym.place
    if place is None or not focus or place.iso == focus:
        return False
    return _FACILITY.match(text, toponym.end) is not None


def _stray_foreign_town(toponym: Toponym, countries: Counter[str], focus: str) -> bool:
    """ "the town of Kani" in a Myanmar story, resolved to Kani in Japan: a small town abroad that
    no other name of the text supports is a local place the gazetteer lacks, not a trip abroad.
    A city abroad ("talks in Geneva") is a place of its own, country named or not."""
    place = toponym.place
    if place is None or not focus or place.iso == focus or place.feature not in ("city", "admin2"):
        return False
    small = place.population < STRAY_TOWN_MAX_POPULATION
    return small and countries[place.iso] == 0 and countries[focus] >= 2


_RIVER_BEFORE = re.compile(r"\b(?:banks?|shores?|mouth|estuary|delta)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_RIVER_AFTER = re.compile(r"\s+(?:[Rr]iver|[Cc]reek)\b")


def _names_a_river(text: str, toponym: Toponym) -> bool:
    """ "the eastern bank of the Dnipro", "the Neches River": a toponym, but the gazetteer's
    place for it is the namesake town, which is not where the event was."""
    before = _RIVER_BEFORE.search(words_before(text, toponym.start, 5))
    return before is not None or _RIVER_AFTER.match(text, toponym.end) is not None


def _only_region(places: list[Toponym]) -> Toponym | None:
    """When every place below country level lies in one admin1 region, the story is about that
    region: its first mention (the region itself when named) stands in for an unplaced event."""
    local = [t for t in places if t.place is not None and t.place.feature in ("city", "admin2", "admin1")]
    regions = {(t.place.iso, t.place.admin1 or t.place.name) for t in local if t.place is not None}
    if len(regions) != 1:
        return None
    named = [t for t in local if t.place is not None and t.place.feature == "admin1"]
    return (named or local)[0]


def _country_support(doc: Doc) -> Counter[str]:
    """How many names of the text point to each country without being a town there: the country
    itself, its demonym, its regions. A town's own name is no evidence that its country is right."""
    return Counter(
        toponym.place.iso
        for toponym in doc.toponyms
        if toponym.place is not None and toponym.place.iso and toponym.place.feature not in ("city", "admin2")
    )


def _next_local_place(doc: Doc, places: list[Toponym], end: int, focus: str) -> Toponym | None:
    """The first place below country level in the focus country, within the next sentences."""
    following = [sentence for sentence in doc.sentences if sentence.start >= end][:FOLLOWING_SENTENCES]
    if not following:
        return None
    limit = following[-1].end
    return next(
        (
            toponym
            for toponym in _in_focus([t for t in places if end <= t.start < limit], focus)
            if toponym.place is not None and toponym.place.feature != "country"
        ),
        None,
    )


def focus_anchor(doc: Doc) -> Toponym | None:
    """The first name of the article's focus country, which `focus_country` (the one rule the
    coder's actors use too) decides from the text, the title and the resolved places."""
    countries = [toponym.place.country for toponym in doc.toponyms if toponym.place and toponym.place.country]
    focus = focus_country(doc.text, title=doc.article.title, places=countries)
    return next(
        (toponym for toponym in doc.toponyms if toponym.place and toponym.place.country == focus), None
    )


@dataclass(frozen=True, slots=True)
class Candidates:
    """What an article offers as event places, worked out once for all its mentions."""

    places: list[Toponym]  # names that can be where an event happened
    settled: list[Toponym]  # the same without small towns abroad that nothing else supports
    anchor: Toponym | None  # the first name of the focus country
    focus: str  # its ISO code, "" when the article names no country


def candidate_places(doc: Doc, *, gazetteer: Gazetteer | None = None) -> Candidates:
    """The article's toponyms that can be an event's place: no datelines, actors or buildings."""
    named = [toponym for toponym in doc.toponyms if _is_place(toponym, gazetteer)]
    places = [toponym for toponym in named if not is_filing_place(doc.text, toponym)] or named
    anchor = focus_anchor(doc)
    focus = anchor.place.iso if anchor is not None and anchor.place is not None else ""
    # "Russia sends paratroopers": another country named outside a locative phrase is an actor.
    places = [toponym for toponym in places if not _foreign_actor(doc.text, toponym, focus)]
    # "Medina hospital" in a Mogadishu story is a building named after a place abroad.
    places = [toponym for toponym in places if not _foreign_facility_name(doc.text, toponym, focus)]
    places = [toponym for toponym in places if not _names_a_river(doc.text, toponym)]
    support = _country_support(doc)
    settled = [toponym for toponym in places if not _stray_foreign_town(toponym, support, focus)]
    return Candidates(places=places, settled=settled, anchor=anchor, focus=focus)


def place_of_mention(
    doc: Doc, mention: Mention, *, gazetteer: Gazetteer | None = None, candidates: Candidates | None = None
) -> Place | None:
    """The place where one mentioned event happened."""
    if candidates is None:
        candidates = candidate_places(doc, gazetteer=gazetteer)
    trigger = _mention_offset(doc, mention)
    start, end = _sentence_bounds(doc, trigger)
    anchor, focus = candidates.anchor, candidates.focus
    if mention.status == "aggregate":
        # A running or nationwide toll sums many places: the country, never a town (issue of tolls.py).
        return _country_of(doc, anchor, gazetteer)
    # Talks and deals do happen in a small town abroad (Davos); violence and protests seldom do.
    places = candidates.places if mention.event_type == "Strategic developments" else candidates.settled
    in_sentence = starting_within(places, start, end)
    chosen = _best_in_sentence(doc, in_sentence, trigger, focus=focus)
    if chosen is not None:
        return _with_span(doc, chosen)
    earlier = _in_focus([toponym for toponym in places if toponym.end <= start], focus)
    local = [
        toponym for toponym in earlier if toponym.place is not None and toponym.place.feature != "country"
    ]
    if local:
        return _with_span(doc, local[-1])
    region = _only_region(places)
    if region is not None:
        return _with_span(
            doc, region, precision=3 if region.place and region.place.feature == "admin1" else 2
        )
    following = _next_local_place(doc, places, end, focus)
    if following is not None:
        # A lead that sums up ("three operations in the north and south") is told in detail
        # after it: the first place of the detail, as precisely as ACLED's "part of a region".
        return _with_span(
            doc, following, precision=max(2, following.place.geo_precision if following.place else 2)
        )
    if earlier:
        return _with_span(doc, earlier[-1])
    return _country_of(doc, anchor, gazetteer)


def _country_of(doc: Doc, anchor: Toponym | None, gazetteer: Gazetteer | None) -> Place | None:
    """The story's country, with ACLED's geo precision 3."""
    if anchor is None or anchor.place is None:
        return None
    country = gazetteer.country_by_code(anchor.place.iso) if gazetteer is not None else None
    base = country or anchor.place
    return _with_span(
        doc, Toponym(start=anchor.start, end=anchor.end, text=anchor.text, place=base), precision=3
    )
