"""Finding place names in text.

A name is proposed by the gazetteer over runs of capitalised words and then kept or dropped by
evidence: whether the same word appears in lower case (a common word, not a name), a title before
it ("Mr. Jordan"), a longer name around it, and how big the places it can name are. No NER model
is asked: on the dev files a small English model's labels cost a fifth of the run time and helped
no more than they hurt (it calls Almaty an organisation).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from eventwire.gazetteer.index import (
    ABBREVIATION,
    ADMIN1,
    ADMIN2,
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
from eventwire.words import words_after, words_before

# Words; a hyphen or full stop joins only before a capital ("Alma-Ata", "W.Va"), an apostrophe
# never before a possessive s ("Ohio's" is "Ohio").
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:(?:['’](?!s\b)|[\-.](?=[A-Z]))[^\W\d_]+)*")
_JOINER = re.compile(r"[ \t]*\.?[ \t]*|[ \t]*-[ \t]*")  # what may stand between words of one name
_CONNECTORS = frozenset(
    # ... and the Persian ezafe of "Sar-e Pul", "Mazar-i-Sharif", "Qal'ah-ye Zal"; "Port-au-Prince".
    "of de del della la le les du des da do dos di upon on the and al el am an der sur en y e i ye au aux".split()
)
_TITLES = frozenset(
    "mr mrs ms dr gov sen rep president judge coach pastor rev sgt lt capt officer deputy det chief "
    "mayor sheriff prof saint st".split()
)
_GERMAN_LOCATIVES = frozenset("in im nach bei aus von vom nahe nördlich südlich östlich westlich um".split())
GERMAN_TOWN_WITHOUT_PREPOSITION = 50_000  # "in Wien und Graz": Graz is big enough to stand alone
_LOCATIVE_WORDS = frozenset("in at near from outside across into of to toward towards".split())
# "Plaza Baquedano", "Avenida Brasil", "Rue de Rivoli": a square or street named after a place.
_STREET_WORDS = frozenset("plaza praça piazza place platz avenida avenue calle rua rue via boulevard".split())
_AREA_WORDS = frozenset(
    "north south east west northern southern eastern western central downtown greater upper lower "
    "metro midtown uptown old new northeast northwest southeast southwest".split()
)
_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Sgt|Capt|Col|Gen|Rev|Prof|Det|Officer|Deputy|Judge|Coach|"
    r"President|Senator|Mayor|Sheriff|Chief|Pastor)\.?[ \t]+(?:([A-Z][\w'’-]*)[ \t]+)?([A-Z][\w'’-]+)"
)
_SPEAKER = re.compile(
    r"\b((?:[A-Z][\w'’-]+[ \t]+)?[A-Z][\w'’-]+)[ \t]+(?:said|says|told|added|explained|noted|stated|"
    r"asked|replied|wrote|recalled)\b"
)
_BIGRAM = re.compile(r"\b([A-Z][a-z]+)[ \t]+([A-Z][\w'’-]+)")
# "said Mary Wheeler", "Michael Thomas, 24,", "senior Michael Mangini": a first name (the group
# kept) before a surname; not "said Fargo City", "by Paris Police".
_INSTITUTION = (
    r"(?!(?:City|County|Police|Fire|Mayor|Governor|Comptroller|Department|Sheriff|State|University|"
    r"College|School|Council|Board|Court|Hospital|Airport|Street|Road|Avenue|Park|River|Valley|Times|"
    r"Post|News|Herald|Press)\b)"
)
_FIRST_NAME = re.compile(
    rf"\b(?:said|says)[ \t]+([A-Z][a-z]+)[ \t]+{_INSTITUTION}[A-Z][\w'’-]+\b|"
    rf"\b([A-Z][a-z]+)[ \t]+{_INSTITUTION}[A-Z][\w'’-]+,[ \t]+\d{{1,3}},|"
    r"\b(?:Sister|Brother|Father|senior|junior|freshman|sophomore|student|teacher|coach|player|"
    r"striker|goalkeeper|defender|driver|resident|attorney|lawyer|actor|singer)[ \t]+"
    rf"([A-Z][a-z]+)[ \t]+{_INSTITUTION}[A-Z][\w'’-]+\b"
)
_EZAFE = re.compile(r"-[a-z]\b")
_EZAFE_BEFORE = re.compile(r"-[a-z][ \t]+$")
# An Arabic article joined to the next word ("al-Balad", "as-Suwayda") or written "Al"/"El" before
# a capitalised one ("Ain Al Arab"); English "at", "as", "an" are never hyphenated so.
_ARTICLE_TAIL = re.compile(
    r"[ \t-](?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)-[A-Z]|[ \t](?:Al|El|al|el|ash|ad|ar|az|ez|ed|esh|ech)[ \t]+[A-Z]"
)
# Names that the news uses for a government or a group, never for the places the gazetteer files
# under them (the White House is not a town in Tennessee, nor a translation of Casablanca; "Hamas"
# and "Taliban" are alternate names of a German and a Turkish town).
_NEVER_PLACES = frozenset({"white house", "whitehall", "foggy bottom", "elysee", "hamas", "taliban"})
_DISEASE_AFTER = re.compile(
    r"[ \t-]+(?:virus|viruses|fever|disease|flu|influenza|syndrome|strain|variant|outbreak strain)\b", re.I
)
_OF_A_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
# Capitalised words that name something other than a place far more often than a place.
_COMMON = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    northern southern eastern western central northeast northwest southeast southwest upper lower
    first federal free forest metro superior olympic national international royal gulf
    toyota honda ford dodge chevrolet nissan
    a about after all also an and any april are as at august be because been before but by can
    could day december did do does during each even every february for friday from had has have he
    her here his how i if in into is it its january july june just last like made make march may
    monday more most much my new news no not november now october of on one only or other our out
    over said saturday say says september she should so some still such sunday than that the their
    them then there these they this thursday those through to today tuesday under up us was we
    wednesday week were what when where which while who will with would year yesterday you your
    police city county state university college school church hospital court street road avenue
    park center centre lake river mountain valley beach island north south east west central
    union victory hope liberty independence providence justice commerce friendship unity trinity
    christmas easter god lord king queen prince princess bishop home office house senate congress
    government department republic democrat democrats republican republicans party people
    man woman men women boy girl son daughter mother father family team club league
    early late long good best great little big old young high low white black green brown gray grey
    red blue gold silver golden rock stone wood woods field fields hill hills spring springs
    bei die der das den dem des und oder mit im am um auf aus von vom zu zum zur nach vor ein eine
    es sie wir er ihr nun doch auch noch
    """.split()
)
COMMON_WORDS = _COMMON


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A run of text whose key is in the index."""

    start: int
    end: int
    key: str
    codes: tuple[int, ...]


def _tokens(text: str) -> list[tuple[int, int]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if end - start > 2 and text[start + 1] == "-":
            start += 2  # "D-Charleston", "R-Ohio": a party letter before the place
        tokens.append((start, end))
    return tokens


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def match_names(text: str, index: PlaceIndex) -> list[NameMatch]:
    """Longest runs of capitalised words (joined by connectors) that the index knows."""
    tokens = _tokens(text)
    matches: list[NameMatch] = []
    # Only a capitalised word (not "The") starts a name: visit those, skipping past each match.
    starts = [
        position
        for position, (start, end) in enumerate(tokens)
        if text[start].isupper() and text[start:end] != "The"
    ]
    resume = 0
    for position in starts:
        if position < resume:
            continue
        start = tokens[position][0]
        best: NameMatch | None = None
        best_last = position
        last = position
        while last < len(tokens) and last - position < index.max_key_words:
            word = text[tokens[last][0] : tokens[last][1]]
            if last > position:
                gap = text[tokens[last - 1][1] : tokens[last][0]]
                if not _JOINER.fullmatch(gap):
                    break
                if not _is_capitalised(word) and word.split("-", 1)[0] not in _CONNECTORS:
                    break
            # "au-Prince" in "Port-au-Prince": a connector joined to the capitalised word after it.
            if _is_capitalised(word.rsplit("-", 1)[-1]):
                found = _lookup_run(text, start, tokens[last][1], index)
                if found is not None:
                    best, best_last = found, last
            last += 1
        if best is not None:
            matches.append(best)
            resume = best_last + 1
    return matches


def _lookup_run(text: str, start: int, end: int, index: PlaceIndex) -> NameMatch | None:
    """Look up text[start:end], taking a following full stop when the name is an abbreviation."""
    surface = text[start:end]
    key = name_key(surface)
    codes = index.keys.get(key)
    if codes is None:
        return None
    dotted = "." in surface or any(code % KINDS == ABBREVIATION for code in codes)
    if end < len(text) and text[end] == "." and dotted and (len(surface) <= 6):
        end += 1
    return NameMatch(start=start, end=end, key=key, codes=codes)


# A place noun and "of" right before a name: whatever else the name could be, here it is a place.
_PLACE_NOUN_OF = re.compile(
    r"\b(?:town|village|city|district|province|county|township|municipality|region|state|suburb|"
    r"neighbou?rhood|outskirts|hamlet|settlement|port|island)\s+of\s+$",
    re.IGNORECASE,
)


def _word_before(text: str, start: int) -> str:
    head = words_before(text, start, 2).rstrip(" .")
    words = re.findall(r"[^\W\d_]+", head)
    return words[-1].casefold() if words else ""


def _word_after(text: str, end: int) -> str:
    match = re.match(r"[ \t]+([^\W\d_]+)", words_after(text, end, 1))
    return match.group(1) if match else ""


def _sentence_initial(text: str, start: int) -> bool:
    head = text[max(0, start - 4) : start].strip(" \t\"'“‘(")
    return not head or head[-1] in ".!?\n:"


def _lower_form_used(text: str, surface: str) -> bool:
    """The word occurs in lower case elsewhere: a common word that happens to be a place too."""
    word = surface.lower()
    if _WORD_RUN.fullmatch(word):
        return word in _word_runs(text)
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


_WORD_RUN = re.compile(r"[\w-]+")


@functools.lru_cache(maxsize=16)
def _word_runs(text: str) -> frozenset[str]:
    """Every maximal run of word characters and hyphens, as written: read once per text, since
    each capitalised name of a long article asks about its lower-case form."""
    return frozenset(_WORD_RUN.findall(text))


def _strength(codes: tuple[int, ...], index: PlaceIndex) -> tuple[bool, bool, bool, int]:
    """(names a country/region/admin1, is a demonym, is only an abbreviation, biggest town).

    A demonym of a country outweighs a small namesake town ("Kazakh")."""
    kinds = [code % KINDS for code in codes]
    demonym = DEMONYM in kinds
    only_abbreviation = all(kind == ABBREVIATION for kind in kinds)
    strong = False
    biggest = 0
    for code, kind in zip(codes, kinds, strict=True):
        if kind in (DEMONYM, ABBREVIATION):
            continue
        row = code // KINDS
        feature = index.features[row]
        if feature in (COUNTRY, ADMIN1, REGION) and kind != SHORT_FORM:
            strong = True
        elif feature in (CITY, ADMIN2) and kind != SHORT_FORM:
            biggest = max(biggest, index.populations[row])
    return strong, demonym, only_abbreviation, biggest


def keep_match(
    text: str,
    match: NameMatch,
    index: PlaceIndex,
    *,
    people: frozenset[str] | None = None,
    capitalised_nouns: bool = False,
) -> bool:
    """Whether a gazetteer match is a place name here, from the evidence around it.
    `capitalised_nouns`: the language capitalises every noun (German), so a capitalised word
    before a name ("Hauptstadt Nairobi") does not make the two one longer name."""
    surface = text[match.start : match.end]
    if match.key in _NEVER_PLACES or _DISEASE_AFTER.match(text, match.end):
        return False  # "Marburg virus", "Rift Valley fever": a disease named after a place
    strong, only_demonym, only_abbreviation, biggest = _strength(match.codes, index)
    if only_abbreviation:
        return _abbreviation_in_context(text, match)
    if _PLACE_NOUN_OF.search(words_before(text, match.start, 5)):
        return True  # "the town of Djibo", "the village of Kani": the text says it is a place
    single_word = " " not in surface.strip()
    if single_word and not (strong or only_demonym) and _OF_A_NAME.match(text, match.end):
        return False  # "the Union of Revolutionaries" (but "Palestinians of the West Bank" are people)
    if only_demonym:
        return True  # "Russian troops", "the American Red Cross": the country is named
    if _inside_another_name(text, match, strong=strong):
        return False
    if single_word and _used_as_another_word(text, match, index, people, capitalised_nouns, biggest, strong):
        return False
    if strong:
        return True
    if single_word and _lower_form_used(text, surface):
        return False
    return _big_enough(text, match, index, single_word=single_word, biggest=biggest)


def _inside_another_name(text: str, match: NameMatch, *, strong: bool) -> bool:
    """ "Mr. Jordan", "Paris Street", "Dallas Green", a photo credit, "Pul-e Alam": the name is
    part of a person's, a street's, a landmark's or a longer place's name."""
    if _word_before(text, match.start) in _TITLES and not strong:
        return True
    if _after_street_word(text, match) or _names_a_landmark(text, match) or _in_credit(text, match):
        return True
    if _names_a_building_after_someone(text, match):
        return True
    return _part_of_a_longer_name(text, match, strong=strong)


def _used_as_another_word(
    text: str,
    match: NameMatch,
    index: PlaceIndex,
    people: frozenset[str] | None,
    capitalised_nouns: bool,
    biggest: int,
    strong: bool,
) -> bool:
    """A one-word name that the text uses as something else: an acronym, a person's name, a
    word of a capitalised run ("Michael Jones"), a common capitalised word."""
    surface = text[match.start : match.end]
    if len(surface.rstrip(".")) < 3 and not (surface.isupper() and strong):
        return True
    if not strong and surface.isupper() and len(surface.replace(".", "")) <= 4:
        return True  # "HIV", "FDA", "U.N.": acronyms that are some town's alternate name
    located = _word_before(text, match.start) in _LOCATIVE_WORDS
    if not strong and not located and surface in (people or ()):
        return True  # "Sen. Webb", "Jones said": the text uses the word as a person's name
    capitalised_run = not capitalised_nouns and not strong
    if capitalised_run and _after_capitalised_word(text, match):
        return True
    weak = biggest < 20_000 or not _named_so(match.codes, index)
    if capitalised_run and weak and _inside_capitalised_run(text, match):
        return True  # "Michael Jones", "Hall Street": part of a longer name that is not a place
    if surface.casefold() in _COMMON and not surface.isupper():
        return True
    # "Michael Thomas, 24": Michael is also a sheading of the Isle of Man
    return strong and surface in (people or ()) and _first_name_before_surname(text, match, index)


def _big_enough(text: str, match: NameMatch, index: PlaceIndex, *, single_word: bool, biggest: int) -> bool:
    """A name no strong evidence decided: kept when the place is big enough not to be a word."""
    if single_word and biggest < 10_000 and not _named_so(match.codes, index):
        return False  # only an alternate name of a small place: too often something else
    if single_word and _sentence_initial(text, match.start) and biggest < 20_000:
        return False
    return biggest >= 1_000 or not single_word


def _part_of_a_longer_name(text: str, match: NameMatch, *, strong: bool) -> bool:
    """ "Pul-e Alam", "Dasht-i Archi": a word of a Persian compound; "Ain Al Arab", "Tell al-Hawa":
    the first word of an Arabic name with its article (a country's or a region's name stays:
    "Daraa al-Balad" lies in Daraa)."""
    if _EZAFE.match(text, match.end) or _EZAFE_BEFORE.search(text, max(0, match.start - 4), match.start):
        return True
    return not strong and _ARTICLE_TAIL.match(text, match.end) is not None


def _first_name_before_surname(text: str, match: NameMatch, index: PlaceIndex) -> bool:
    """A region's name the text uses as a person's first name, right before a surname; never a
    country's ("Jordan", "Georgia" are places far more often than people in the news)."""
    if any(index.features[code // KINDS] == COUNTRY for code in match.codes):
        return False
    after = _word_after(text, match.end)
    return bool(after) and after[:1].isupper()


def _named_so(codes: tuple[int, ...], index: PlaceIndex) -> bool:
    """Some candidate bears the name as its own, not as an alternate."""
    return any(code % KINDS == NAME for code in codes)


def _after_capitalised_word(text: str, match: NameMatch) -> bool:
    """ "Michael Jones": a capitalised word (not a title, connector or direction) right before."""
    before = re.search(r"([^\W\d_]+)[ \t]+$", words_before(text, match.start, 2))
    if not before:
        return False
    word = before.group(1)
    if not word[:1].isupper() or _sentence_initial(text, match.start - len(before.group(0))):
        return False
    folded = word.casefold()
    return folded not in _CONNECTORS and folded not in _TITLES and folded not in _AREA_WORDS


# "Aleppo Street", "London Road", "Kent Gardens": a street or square that bears a town's name lies
# wherever it lies, seldom in that town; a building named so ("Kabul airport") is mostly there.
_LANDMARK_AFTER = re.compile(
    r"[ \t]+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.?|Square|Green|Gardens|Terrace|"
    r"Crescent|Parkway|Alley)(?![\w-])"
)
# "(Photo: John Denver/AFP)", "Credit: Georgia Evans/Reuters", "Picture by Jordan Pike": a
# photographer's or agency's name, however much it sounds like a place.
_CREDIT = re.compile(
    r"(?:\b(?:[Pp]hoto(?:graph)?s?|[Pp]icture|[Ii]mage|[Cc]redit|[Vv]ideo)\s*(?::|by\b|courtesy\b)|©)[^\n).]{0,80}"
)
# "John Denver/AFP", "Georgia Evans / Getty Images": a name before a slash and an agency (an
# acronym or a picture agency's word); "Denver/Boulder" is two places.
_AGENCY_AFTER_SLASH = re.compile(
    r"(?:[ \t]+[A-Z][\w'’.-]*){0,3}[ \t]*/[ \t]*(?:[A-Z]{2,5}\b|(?:Reuters|Getty|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|Corbis)\b)"
)
_CREDIT_REACH = 100  # characters a credit may run before a name in it


# "Aden Adde airport", "St Mary's Catholic church": a building named after a person or a saint,
# not the town of the same name. Words that only describe a building ("Kabul International
# Airport", "Lagos State University") keep the town: such a building mostly stands in it.
_BUILDING_AFTER_NAME = re.compile(
    r"(?P<words>(?:['’]s)?(?:[ \t]+[A-Z][\w'’-]*){1,2})[ \t]+(?i:airport|university|hospital|clinic|church|"
    r"mosque|cathedral|stadium|school|college|academy|bridge|camp|prison|hotel|barracks)\b"
)
_BUILDING_DESCRIPTORS = frozenset(
    "international national central main teaching general regional state federal city municipal "
    "district provincial county medical military police public grand old new catholic islamic "
    "christian evangelical anglican orthodox technical polytechnic specialist referral royal high "
    "elementary middle junior senior primary secondary community area valley union".split()
)


def _names_a_building_after_someone(text: str, match: NameMatch) -> bool:
    found = _BUILDING_AFTER_NAME.match(text, match.end)
    if found is None:
        return False
    words = re.findall(r"[^\W\d_]+", found.group("words").replace("'s", " ").replace("’s", " "))
    saint = text[match.start : match.end].split()[0].rstrip(".").casefold() in ("st", "saint")
    return saint or any(word.casefold() not in _BUILDING_DESCRIPTORS for word in words)


def _names_a_landmark(text: str, match: NameMatch) -> bool:
    return _LANDMARK_AFTER.match(text, match.end) is not None


def _in_credit(text: str, match: NameMatch) -> bool:
    """Inside a credit: after "Photo:" and the like, within its bracket or line, or a name written
    right before "/Agency"."""
    if _AGENCY_AFTER_SLASH.match(text, match.end):
        return True
    start = max(0, match.start - _CREDIT_REACH)
    return any(
        credit.start() <= match.start < credit.end() for credit in _CREDIT.finditer(text, start, match.end)
    )


def _after_street_word(text: str, match: NameMatch) -> bool:
    before = re.search(r"([^\W\d_]+)[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?$", words_before(text, match.start, 4))
    return (
        before is not None and before.group(1)[:1].isupper() and before.group(1).casefold() in _STREET_WORDS
    )


def _inside_capitalised_run(text: str, match: NameMatch) -> bool:
    if _after_capitalised_word(text, match):
        return True
    after = _word_after(text, match.end)
    return bool(after) and after[:1].isupper()


def person_names(text: str) -> frozenset[str]:
    """Words the text uses as people's names: after a title ("Sen. Webb") or before a verb of
    saying ("Jones said"), and the first names before those ("Tom Jones said")."""
    names: set[str] = set()
    for match in _TITLED.finditer(text):
        names.update(name for name in match.groups() if name)
    for match in _SPEAKER.finditer(text):
        names.update(word for word in match.group(1).split() if word[:1].isupper())
    for match in _FIRST_NAME.finditer(text):
        names.update(name for name in match.groups() if name)
    # The first names before any of those surnames elsewhere ("Michael Jones ... Jones said").
    for match in _BIGRAM.finditer(text):
        if (match.group(2) in names and not _sentence_initial(text, match.start(1))) or match.group(
            2
        ) in names:
            names.add(match.group(1))
    return frozenset(names)


def _abbreviation_in_context(text: str, match: NameMatch) -> bool:
    """State abbreviations count after "Town, " or when written with full stops ("W.Va.")."""
    surface = text[match.start : match.end]
    if re.match(r"-?\d", text[match.end : match.end + 2]):
        return False  # "AK-47", "MA5": a model name, not Alaska or Massachusetts
    before = text[max(0, match.start - 2) : match.start]
    if before == ", ":
        return True
    return "." in surface and len(surface) >= 4 and surface[0].isupper()


def find_names(text: str, index: PlaceIndex, *, language: str = "en") -> list[NameMatch]:
    """Place names in text, in order."""
    people = person_names(text)
    capitalised_nouns = language.startswith("de")
    return [
        match
        for match in match_names(text, index)
        if keep_match(text, match, index, people=people, capitalised_nouns=capitalised_nouns)
        and not (capitalised_nouns and (_common_noun_like(text, match, index) or _compass_area(text, match)))
    ]


# "im Norden Myanmars", "im Zentrum Malis": a part of a country named by a compass noun, which
# is also a town's name (Norden in Lower Saxony); that town is "in Norden", never "im Norden".
_GERMAN_AREAS = frozenset("norden süden osten westen nordosten nordwesten südosten südwesten zentrum".split())
_GERMAN_AREA_ARTICLES = frozenset("im vom dem den".split())


def _compass_area(text: str, match: NameMatch) -> bool:
    words = text[match.start : match.end].split()
    if not words or words[-1].casefold() not in _GERMAN_AREAS:
        return False
    first = words[0].casefold()
    return first in _GERMAN_AREA_ARTICLES or _word_before(text, match.start) in _GERMAN_AREA_ARTICLES


def _common_noun_like(text: str, match: NameMatch, index: PlaceIndex) -> bool:
    """German capitalises every noun, so a capital letter says little: "Straßen" (streets) is also a
    small Austrian town. A single-word small town counts only after a preposition of place."""
    surface = text[match.start : match.end]
    if " " in surface.strip():
        return False
    strong, _demonym, _abbreviation, biggest = _strength(match.codes, index)
    if strong or biggest >= GERMAN_TOWN_WITHOUT_PREPOSITION:
        return False
    return _word_before(text, match.start) not in _GERMAN_LOCATIVES
