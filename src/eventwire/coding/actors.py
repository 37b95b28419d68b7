"""Actors in a sentence, with ACLED-style labels, interaction codes and PLOVER codes.

"Russian paratroopers" -> Military Forces of Russia (1, RUS/MIL); "protesters" ->
Protesters (focus country) (6); "President Kassym-Jomart Tokayev" -> Government of Kazakhstan,
and later "Tokayev" or "the head of state" -> the same. Named armed groups keep their name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from eventwire.coding.countries import COUNTRY_RE, country_of_name, is_demonym, is_people, iso3
from eventwire.coding.lexicon import CaselessWords
from eventwire.records import Actor, Span

# kind -> (regex, inter code, PLOVER sector)
_KINDS: list[tuple[str, str, int, str]] = [
    (
        "igo",
        r"CSTO|Collective Security Treaty Organi[sz]ation|NATO|United Nations|UN peacekeepers|"
        r"UN|U\.N\.|African Union|AU forces|AMISOM|Amisom|MINUSMA|MINUSCA|MONUSCO|UNIFIL|European Union|"
        r"EU|ISAF|coalition forces|coalition|Security Council|ECOWAS|Arab League|OSCE|APEC|WFP|UNHCR|"
        r"World Food Program(?:me)?|European Community|EC|IAEA|International Atomic Energy Agency|ILO|"
        r"International Labou?r (?:Office|Organi[sz]ation)|International Committee of the Red Cross|ICRC|"
        r"Red Cross|Red Crescent|Organi[sz]ation of African Unity|OAU|World Bank|IMF|International Monetary Fund|"
        r"World Health Organi[sz]ation|WHO|UNICEF|UNESCO|UNRWA|OCHA|IOM|OPEC|Interpol|International Criminal Court|"
        r"ICC|Gulf Cooperation Council|GCC|ASEAN|Warsaw Pact|OIC|Organi[sz]ation of Islamic Cooperation",
        8,
        "IGO",
    ),
    (
        "ngo",
        r"Amnesty International|Human Rights Watch|M[ée]decins Sans Fronti[èe]res|Doctors Without Borders|MSF|"
        r"Save the Children|Oxfam|Reporters Without Borders|[Hh]uman rights (?:groups?|organi[sz]ations?|watchdog)|"
        r"[Rr]ights groups?|(?:[Aa]id|[Hh]umanitarian|[Rr]elief) (?:groups?|agenc(?:y|ies)|organi[sz]ations?)|NGOs?",
        7,
        "NGO",
    ),
    (
        "named",
        r"Taliban|Islamic State(?: group)?|ISIS|ISIL|IS|Daesh|al-Shabaa?b|Al-Shabaa?b|Al Shabaab|"
        r"Boko Haram|Houthis?|Ansar Allah|al-Qaeda|Al-Qaeda|AQAP|JNIM|Hezbollah|Hamas|PKK|YPG|SDF|FARC|ELN|"
        r"NPA|Haqqani network|Haqqani|Islamic Movement of Uzbekistan|IMU|Renamo|M23|ADF|Hayat Tahrir al-Sham|"
        r"HTS|al-Nusra Front|Nusra Front|Lashkar-e-Taiba|Jaish-e-Mohammed|Tehreek-e-Taliban|TTP",
        2,
        "REB",
    ),
    # Victims whose nouns other kinds would take ("aid workers" are no striking workers); listed
    # early so that they win the overlap.
    (
        "civilians",
        r"(?:aid|humanitarian|relief|health|medical|construction|farm|factory|rescue|election|polling) workers?|refugees|hostages|detainees|migrants|"
        r"immigrants|civilian|villager|passengers?|doctors|nurses|teachers|tourists|nationals",
        7,
        "CVL",
    ),
    (
        "police",
        r"(?:riot |traffic |military |border |federal |state |national )?police(?:men| officers?| forces?)?|"
        r"gendarmes?|gendarmerie|policem[ae]n|police officers?|border (?:patrol|guard)(?: agents)?|border guards|"
        r"law enforcement|officers|Polizei|Polizisten",
        1,
        "COP",
    ),
    (
        "military",
        r"(?:security|armed|government|regime|state|pro-government|government-backed|special|"
        r"national security|allied) forces|troops|soldiers|army|military|paratroopers|marines|"
        r"national guard|National Guard|coast guard|servicem[ae]n|soldier|commandos|air force|navy|warplanes|jets|drones?|"
        r"army units|security force|assault force|forces|Soldaten|Armee|Militär|"
        # weapons and vehicles stand for the forces that use them ("Russian artillery", "Israeli tanks")
        r"artillery|tanks|(?:helicopter )?gunships|helicopters|aircraft|warships|gunboats|peacekeepers",
        1,
        "MIL",
    ),
    (
        "government",
        r"(?:Prime|Foreign|Interior|Defen[cs]e) Minist(?:er|ry)|President|Prime Minister|"
        r"government|Government|head of state|cabinet|ministry|Ministry|authorities|Kremlin|White House|"
        r"State Department|Foreign Office|administration|regime|Regierung|Präsident|Behörden|"
        r"officials?|diplomats?|ministers?|negotiators?|envoys?|ambassadors?|delegation|leaders?|"
        r"(?:foreign |defen[cs]e |home )?secretary(?: of state)?",
        1,
        "GOV",
    ),
    (
        "government",
        r"parliament|congress|senate|legislature|lawmakers|parliamentarians|national assembly",
        1,
        "LEG",
    ),
    ("government", r"(?:supreme |constitutional |high |military )?court|judges?|prosecutors?", 1, "JUD"),
    (
        # ACLED's identity militias: armed men of an ethnic group, clan or community ("Fulani
        # herders", "a communal militia"), coded "<Group> Ethnic Militia (Country)", inter 4.
        "identity",
        r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? (?:herders|herdsmen|pastoralists|(?:[Ee]thnic|[Cc]ommunal|[Tt]ribal|[Cc]lan) "
        r"(?:militias?|militiamen|fighters|gunmen))|(?:[Ee]thnic|[Cc]ommunal|[Tt]ribal|[Cc]lan) (?:militias?|militiamen|"
        r"fighters|gunmen)|(?:herders|herdsmen|pastoralists)",
        4,
        "UAF",
    ),
    (
        "rebels",
        r"rebels?|insurgents?|militants?|jihadists?|terrorists?|guerr?ill?as?|separatists|"
        r"extremists|mujahideen|mujahidin|fighters|terrorist gangs?|gangs",
        3,  # unnamed, they are ACLED's "Unidentified Armed Group", a political militia
        "REB",
    ),
    ("militia", r"militias?|militiamen|vigilantes?|self-defen[cs]e groups?|armed groups?", 3, "UAF"),
    (
        "unidentified",
        r"gunm[ae]n|unidentified (?:armed )?(?:men|gunmen|attackers|assailants)|"
        r"unknown (?:gunmen|attackers|assailants|armed men)|armed men|assailants|attackers|bandits|"
        r"(?:suicide )?bombers?|kidnappers|abductors|hijackers|hackers|snipers?",
        3,  # ACLED codes an unidentified armed group as a political militia (inter 3)
        "UAF",
    ),
    (
        "protesters",
        r"protesters?|protestors?|demonstrators?|marchers|activists|strikers|crowds?|"
        r"students|workers|opposition supporters|Demonstranten",
        6,
        "CVL",
    ),
    ("rioters", r"rioters|mobs?|looters", 5, "CVL"),
    (
        "civilians",
        r"civilians?|villagers|residents|passengers|worshippers|farmers|pilgrims|"
        r"journalists?|children|people",
        7,
        "CVL",
    ),
]
# Case-sensitive kinds (acronyms like "IS", "UN") as they are; the others as CaselessWords over
# their lower-cased source (no escapes in it: lower-casing a literal under IGNORECASE changes nothing).
_KIND_PATTERNS: list[tuple[str, re.Pattern[str] | CaselessWords, int, str]] = [
    (
        kind,
        re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")
        if kind in ("igo", "named", "ngo", "identity")
        else CaselessWords(rf"(?<![\w-])(?:{pattern.lower()})(?![\w-])"),
        inter,
        sector,
    )
    for kind, pattern, inter, sector in _KINDS
]
_IGO_LABELS = {
    "csto": "CSTO: Collective Security Treaty Organization",
    "collective security treaty organization": "CSTO: Collective Security Treaty Organization",
    "collective security treaty organisation": "CSTO: Collective Security Treaty Organization",
    "nato": "NATO: North Atlantic Treaty Organization",
    "un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations",
    "un peacekeepers": "UN: United Nations", "african union": "AU: African Union", "au forces": "AU: African Union",
    "amisom": "AMISOM: African Union Mission in Somalia", "isaf": "NATO: North Atlantic Treaty Organization",
    "eu": "EU: European Union", "european union": "EU: European Union",
}  # fmt: skip
_TITLE = re.compile(
    r"(?:President|Prime Minister|PM|Minister|Foreign Minister|Interior Minister|Defen[cs]e Minister|"
    r"Chancellor|King|Emir|Premier|Vice President|Governor|Mayor|Spokes(?:man|woman|person)|"
    r"(?:Foreign |Defen[cs]e |Home )?Secretary(?: of State)?)\s+"
    r"(?:[A-Z][\w'’.-]+\s+){0,3}?(?P<name>(?:[A-Z][\w'’-]+)(?:[\s-][A-Z][\w'’-]+){0,3})"
)
_HEAD_OF_STATE = re.compile(
    r"\b(?:the head of state|the president|the prime minister|he|she)\b", re.IGNORECASE
)
_TOLD = re.compile(r"\btold\s+(?:the\s+)?\Z")  # "told police the attackers ...": the audience, not an actor
_REPORTING = re.compile(
    r"^\W*(?:'s\s+)?(?:spokes\w+|sources?|said|says|told|reported|announced|statement)\b", re.I
)


@dataclass
class ActorMention:
    kind: str
    start: int  # offsets into the article text
    end: int
    text: str
    inter: int
    sector: str
    country: str = ""


@dataclass
class ActorContext:
    """What the coder remembers across an article's sentences (people and their roles)."""

    focus_country: str = ""
    people: dict[str, str] = field(default_factory=dict)  # surname -> country whose government they lead
    last_government: str = ""  # country of the last government person seen


def find_actors(text: str, start: int, end: int, context: ActorContext) -> list[ActorMention]:
    """Actor mentions in text[start:end], the one who acts first (see _in_role_order).

    Overlapping kinds keep the earliest-listed one. Who only reports the event ("..., police
    said", "according to officials") is no actor in it.
    """
    sentence = text[start:end]
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    for kind, s, e, matched, inter, sector, near in _kind_matches(sentence):
        found.append(
            ActorMention(kind, start + s, start + e, matched, inter, sector, near or context.focus_country)
        )
        taken.append((s, e))
    for surname, country in context.people.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            found.append(
                ActorMention(
                    "government", start + match.start(), start + match.end(), match.group(), 1, "GOV", country
                )
            )
            taken.append(match.span())
    for match in _HEAD_OF_STATE.finditer(sentence):
        if context.last_government and not any(a < match.end() and match.start() < b for a, b in taken):
            if match.group().lower() in ("he", "she") and match.start() > 0:
                continue  # only a sentence-initial pronoun is taken to be the leader
            found.append(
                ActorMention(
                    "government",
                    start + match.start(),
                    start + match.end(),
                    match.group(),
                    1,
                    "GOV",
                    context.last_government,
                )
            )
    found.sort(key=lambda a: a.start)
    frame_start, frame_end = _attribution(sentence)
    kept = [
        a
        for a in found
        if not frame_start <= a.start - start < frame_end
        and (_speaks_for_itself(a) or not _REPORTING.match(text[a.end : a.end + 25]))
        and not _TOLD.search(text, max(start, a.start - 12), a.start)
    ]
    return _in_role_order(sentence, start, kept, context)


@functools.lru_cache(maxsize=4096)
def _kind_matches(sentence: str) -> tuple[tuple[str, int, int, str, int, str, str], ...]:
    """Actor words in a sentence, context-free (cached): kind, offsets, text, inter, sector, country."""
    found: list[tuple[str, int, int, str, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    lowered = sentence.lower()
    # "Democratic People's Republic of Korea" holds no "people": long country names are taken first.
    names = [m.span() for m in COUNTRY_RE.finditer(sentence) if " " in m.group(1)]
    for kind, pattern, inter, sector in _KIND_PATTERNS:
        matches = (
            pattern.finditer(sentence, lowered)
            if isinstance(pattern, CaselessWords)
            else pattern.finditer(sentence)
        )
        for match in matches:
            s, e = match.start(), match.end()
            if any(a < e and s < b for a, b in (*taken, *names)):
                continue
            words = sentence[s:e]  # the text's own spelling (a lower-cased scan gives offsets only)
            if kind == "named" and words == "IS" and not _IS_GROUP.search(sentence):
                continue
            if words.lower() in _NEEDS_COUNTRY and not _country_near(sentence, s, e):
                continue
            if kind == "government" and words.lower() in _BUILDINGS and _is_place(sentence, s, e):
                continue
            if kind in _GENERIC_ARMED and any(f[0] == "named" and 0 <= s - f[2] <= 1 for f in found):
                continue  # "Hezbollah guerrillas", "al-Shabaab militants": the named group itself
            found.append((kind, s, e, words, inter, sector, _country_near(sentence, s, e)))
            taken.append((s, e))
    found.extend(_named_states(sentence, taken))
    found.sort(key=lambda item: item[1])
    return tuple(found)


_GENERIC_ARMED = {"rebels", "militia", "unidentified"}
# People who act for a state only when the sentence says which ("Hungarian officials"); "two senior
# officials of the opposition" are not the government's.
_NEEDS_COUNTRY = {"leader", "leaders", "official", "officials", "diplomat", "diplomats", "minister", "ministers",
                  "negotiator", "negotiators", "envoy", "envoys", "ambassador", "ambassadors", "delegation",
                  "secretary", "secretary of state", "foreign secretary", "defence secretary", "defense secretary",
                  "home secretary"}  # fmt: skip
_BUILDINGS = {"parliament", "congress", "senate", "court", "supreme court", "high court", "ministry",
              "white house", "kremlin", "state department", "foreign office", "national assembly"}  # fmt: skip
_PLACE_BEFORE = re.compile(
    r"\b(?:outside|in front of|at|near|inside|into|to|in|before|from)\s+(?:the\s+)?\Z", re.I
)
# A country named where something happens ("in Somalia", "the capital of Somalia").
_LOCATIVE = re.compile(
    r"\b(?:in|at|from|near|into|inside|across|throughout|around|outside|within|through|of|via|towards?|over|"
    r"off|along|beyond|entered|reaching|across)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south)(?:east|west)?|east|west)(?:ern)?\s+|(?:central|downtown|rural|greater|coastal)\s+)?\Z",
    re.I,
)
# Datelines: "MOGADISHU, Somalia, Sept. 23 --", "Lima, 9 June 2023 --".
_DATELINE = re.compile(r"^\W*[A-Z][A-Z .'’-]+,\s*\Z")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_AFTER = re.compile(rf",\s*(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d|[A-Z][\w .'’-]*,\s*{_MONTH}\s+\d)")
_PLACE_WORD_BEFORE = re.compile(
    r"\b(?:capital|city|town|port|province|region|district|village|island)\s+(?:of\s+)?\Z", re.I
)
_PLACE_NAME_ONLY = re.compile(
    r"\W*(?:[A-Z][\w'’-]*\s+(?:de\s+|del\s+)?){0,3}\Z"
)  # "Santiago de Chile, 12 April"
_PLACE_APPOSITION = re.compile(
    r"\b(?:in|at|near|from|outside)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2},\s*\Z"
)
_THAT_BEFORE = re.compile(r"\bthat\s+(?:the\s+)?\Z")  # "demanded that the US cancel": a clause's subject
# What a country owns that makes it the actor: its proposal, offer or demand, or its attacks.
_OWNED_ACT = re.compile(
    r"(?:'s|’s)?\s+(?:[a-z-]+\s+)?(?:(?P<attack>air raids?|air ?strikes?|airstrikes?|raids?|shelling|bombardment|"
    r"offensive|strikes|missiles?|rockets?)|proposals?|requests?|offers?|demands?|ultimatum|plan|mediation|calls?|"
    r"appeals?|initiative|invitation|efforts?|resolution|pressure|changes)\b"
)
# People of a country a demonym may name ("Ugandan opposition candidates", "Algerian landowners").
_PEOPLE_NOUN = re.compile(
    r"\s+(?P<modifier>[a-z-]+\s+)?(?:(?!(?:borders|waters|papers|headquarters|matters|orders|quarters|numbers|powers)\b)"
    r"[a-z]+(?:ers|ists|ians|ants|ees|ors)|candidates|youths|members|citizens|Kurds|Jews|Muslims|Moslems|"
    r"Christians|Arabs|Hindus|Sikhs|women|children|students|families|tribesmen|opposition|parties|communities|"
    r"minority)\b"
)
# After a possessive country: a place in it, not something it did.
_ADJACENT = re.compile(r"\s?")  # nothing or a space between
_WITHIN_TWO_WORDS = re.compile(r"(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}")
_PLACE_NOUN = re.compile(
    r"(?:'s|’s)?\s+(?:[A-Z]|(?:[\w-]+\s+)?(?:capital|city|cities|town|towns|district|province|region|state|border|borders|"
    r"north|south|east|west|\w+ern|territory|territories|coast|island|villages?|streets?|parts?|side|soil|"
    r"airspace|economy|history|largest|second|biggest|main|population|people)\b)"
)
_BUILDING_AFTER = re.compile(
    r"\s+(?:building|buildings|headquarters|compound|premises|offices?|grounds|gates?|chamber)\b"
)
# What may follow a country named as an actor ("Libya has offered", "Israel and Syria agreed",
# "Iran today threatened", "Pakistan, a key ally, refused"). Any other word makes the name a
# modifier ("the Iraq war", "US border agents") or part of a longer name ("Washington Post").
_STATE_FOLLOWER = re.compile(
    r"\s*(?:\Z|[,.;:)\"'’”—–](?!\w)|--|"
    r"(?:and|or|has|have|had|is|are|was|were|will|would|may|might|must|can|could|should|shall|did|does|do|"
    r"also|again|today|yesterday|tonight|now|still|already|then|not|never|on|last|this|itself|once|along|"
    r"together|jointly|of|to|for|with|from|in|at|by|over|against|as|that|which|who|about|after|before|into|"
    r"if|unless|because|but|than|following|despite|amid|a|an|the|its|his|her|their|some|\d[\d.,]*|"
    r"sent|took|met|made|gave|began|held|led|told|said|won|lost|shot|struck|fought|sought|brought|put|set|"
    r"hit|cut|withdrew|froze|broke|drew|threw|chose|spoke|left|kept|let|bought|paid|built|"
    r"[a-z]+ed|(?!(?:ally|rally|supply|assembly|family|reply)\b)[a-z]+ly|[a-z]+s|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)"
)


def _is_place(sentence: str, start: int, end: int) -> bool:
    """ "outside parliament", "the Congress building": an institution's building, not the actor."""
    return bool(_PLACE_BEFORE.search(sentence, 0, start) or _BUILDING_AFTER.match(sentence, end))


def _named_states(
    sentence: str, taken: list[tuple[int, int]]
) -> list[tuple[str, int, int, str, int, str, str]]:
    """Countries named as actors: "Libya has offered ..." is its government; "Palestinians" are
    its people; "Israeli air raids" its forces. A country where something happens, or one that
    only qualifies a noun, is none."""
    found: list[tuple[str, int, int, str, int, str, str]] = []
    place_end = -1
    for match in COUNTRY_RE.finditer(sentence):
        s, e = match.span()
        name = match.group(1)
        if any(a < e and s < b for a, b in taken):
            continue
        if _is_located(sentence, s, e, place_end):
            place_end = e
            continue
        kind = _state_kind(sentence, name, s, e, taken)
        if kind == "people":
            people = _PEOPLE_NOUN.match(sentence, e)
            assert people is not None
            if any(a < people.end() and s < b for a, b in taken):
                continue  # "Iraqi security officers": the officers are an actor of their own kind
            kind, e, name = "civilians", people.end(), sentence[s : people.end()]
        if kind:
            inter, sector = {"government": (1, "GOV"), "military": (1, "MIL"), "civilians": (7, "CVL")}[kind]
            found.append((kind, s, e, name, inter, sector, country_of_name(match.group(1))))
    return found


def _is_located(sentence: str, start: int, end: int, place_end: int) -> bool:
    """ "in Somalia", "MOGADISHU, Somalia, Sept. 23", "in Kabul, Afghanistan", "in Bam, Iran"."""
    if _LOCATIVE.search(sentence, max(0, start - 40), start) or _DATELINE.match(sentence, 0, start):
        return True
    if _PLACE_WORD_BEFORE.search(sentence, max(0, start - 30), start):
        return True  # "the Turkish capital Ankara"
    if _DATE_AFTER.match(sentence, end) or (
        _PLACE_NAME_ONLY.match(sentence, 0, start) and sentence[end : end + 1] == ":"
    ):
        return True  # datelines: "Bamako, March 12, 2019 (AFP)", "Goma, DR Congo: ..."
    # "in Kabul, Afghanistan", "in Syria's Idlib": what stands right after a place is a place too.
    after_place = place_end >= 0 and re.fullmatch(r"(?:'s|’s)?,?\s*", sentence[place_end:start]) is not None
    return after_place or bool(_PLACE_APPOSITION.search(sentence, max(0, start - 60), start))


def _state_kind(sentence: str, name: str, start: int, end: int, taken: list[tuple[int, int]]) -> str:
    """The kind of actor a country reference names ("" for none)."""
    # "Gaza residents", "US Congress", "Morocco's repressive forces": the noun is the actor.
    near = _WITHIN_TWO_WORDS if end != start + len(name) else _ADJACENT
    if any(a >= end and near.fullmatch(sentence, end, a) for a, _ in taken):
        return ""
    owned = _OWNED_ACT.match(sentence, end)
    if owned:
        return "military" if owned.group("attack") else "government"  # "a US offer", "Israeli air raids"
    if is_people(name):
        return "civilians"
    if is_demonym(name):
        # "Ugandan opposition candidates", "Iraqi Kurds": that country's people; "Russian" before
        # anything else only qualifies it.
        return "people" if _PEOPLE_NOUN.match(sentence, end) else ""
    people = _PEOPLE_NOUN.match(sentence, end)
    if people and not people.group("modifier"):
        return "people"  # "Hong Kong citizens" (but "North Korea expelled inspectors" is no people)
    if end != start + len(name):  # "Turkey's efforts" (the country's), "Syria's Dabiq" (a place)
        return "" if _PLACE_NOUN.match(sentence, end) else "government"
    if _THAT_BEFORE.search(sentence, max(0, start - 12), start) or _STATE_FOLLOWER.match(sentence, end):
        return "government"
    return ""


def _speaks_for_itself(mention: ActorMention) -> bool:
    """A country that "said" something is the actor of what it said (diplomacy is done in words);
    police or officials who "said" are only the source."""
    return (
        mention.kind == "government" and bool(country_of_name(mention.text)) and not is_demonym(mention.text)
    )


# The reporting clause at a sentence's end (", a UN official said on Monday.") or an
# "according to ..." phrase.
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:[^,]{0,80}?\s)?(?:said|says|say|told|reported|reports|announced|added|confirmed|claimed|quoted|"
    r"according to)\b(?!\s+(?:that|it|he|she|they|we|I|there)\b)[^,]{0,60}\Z",
    re.I,
)
_ACCORDING_TO = re.compile(r"\b(?:according to|citing|quoted by)\b", re.I)


def _attribution(sentence: str) -> tuple[int, int]:
    """Where a sentence's reporting frame begins and ends ((len, len) when there is none): a
    trailing clause or "according to ..." to the end, or a leading "According to police," ."""
    cut = len(sentence)
    trailing = _TRAILING_ATTRIBUTION.search(sentence)
    if trailing:
        cut = trailing.start()
    according = _ACCORDING_TO.search(sentence)
    if according and according.start() == 0:
        comma = sentence.find(",")
        return (0, comma) if comma > 0 else (cut, len(sentence))
    if according:
        cut = min(cut, according.start())
    return cut, len(sentence)


# Passive voice: "were killed", "was badly damaged", "has been indicted". And "were among the dead".
_PASSIVE = (
    r"\b(?:was|were|been|being|is|are|be|got|get)\s+(?:\w+ly\s+)?"
    # "was quoted as saying", "is expected to": reporting and stance, not something done to them
    r"(?!(?:quoted|reported|said|expected|believed|thought|understood|known|scheduled|supposed|considered|"
    r"alleged|set|due|prepared|determined|committed|concerned|interested|opposed|engaged)\b)"
    r"(?:[a-z]+ed|[a-z]+en|shot|hit|held|struck|slain|caught|hurt|kept|cut|led|beat|sent|bound|taken)\b"
    r"|\b(?:was|were|are|is)\s+among\s+(?:the|those)\s+(?:dead|killed|victims|casualties|wounded|injured)"
)
_PASSIVE_AHEAD = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+(?:has\s+|have\s+|had\s+)?(" + _PASSIVE + ")")
# "was attacked by Burundian militiamen": the agent of a passive verb.
_BY_AGENT = re.compile(
    r"(?<!that )(?<!which )(?<!who )(?:" + _PASSIVE + r")(?:\s+[\w'’-]+){0,4}?\s+by\s+(?:[\w'’-]+\s+){0,3}\Z"
)
_ARMED = {"military", "police", "named", "rebels", "militia", "identity", "unidentified", "igo"}
_STATE = {"military", "police", "government"}
# Violence that has a perpetrator even when the sentence names none ("a car bomb killed 12 people").
_VIOLENCE = CaselessWords(
    r"\b(?:kill(?:ed|ing|s)?|attack(?:ed|s)?|bomb(?:ed|ing|s)?|explo(?:ded|sion|sions)|blast|shell(?:ed|ing)|"
    r"shot|shoot(?:ing)?|gunfire|abduct(?:ed|ion)|kidnapp?(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)|"
    r"ambush(?:ed)?|struck|massacred?|behead(?:ed)?|assassinat(?:ed|ion)|grenades?|mortars?|rockets?|"
    r"missiles?|air ?strikes?|drone strikes?|ieds?|landmines?|dead|died)\b"
)


def _in_role_order(
    sentence: str, offset: int, mentions: list[ActorMention], context: ActorContext
) -> list[ActorMention]:
    """Mentions in ACLED's order: who acts first, who is acted on after.

    Word order gives it in the active voice (subject before object); a passive verb turns it
    round ("X was attacked by Y": Y acts). Civilians are the target when armed actors are named
    (ACLED codes them as actor 2). Violence against victims with no perpetrator named was done by
    an unidentified armed group, which then comes first.
    """
    agents: list[ActorMention] = []
    others: list[ActorMention] = []
    background: list[ActorMention] = []
    victims: list[ActorMention] = []
    armed = any(m.kind in _ARMED for m in mentions)
    opening = _LEADING_PHRASE.match(sentence)
    for mention in mentions:
        s, e = mention.start - offset, mention.end - offset
        if _BY_AGENT.search(sentence, 0, s):
            agents.append(mention)
        elif opening and s < opening.end():
            background.append(mention)  # "In a letter to the UN, Iraq said ...": the UN is not the subject
        elif _is_passive_subject(sentence, e) or (
            (_is_victim_noun(mention) and (armed or _after_violence(sentence, s, e)))
            or (mention.kind in _STATE and _harmed(sentence, s))
        ):
            victims.append(mention)
        else:
            others.append(mention)
    if not agents and _unnamed_perpetrator(sentence, others, victims):
        implied = ActorMention("unidentified", offset, offset, "", 3, "UAF", context.focus_country)
        # The victims are the other side of the violence; whoever else is named comes after them.
        return [implied, *victims, *others, *background]
    return _same_side_last(agents + others + background + victims)


# A sentence-initial phrase that sets the scene before the subject ("In a letter to the UN, Iraq ...").
# A phrase with a finite verb is a clause of its own ("At least three were killed in X, police said").
_LEADING_PHRASE = re.compile(
    r"\W*(?!At least\b)(?:In|On|At|After|Before|Under|During|Despite|Following|Amid|Since|With|Without|Unlike|"
    r"Through|From)\b(?![^,]*\b(?:has|have|had|was|were|is|are|will|would)\b)[^,]{0,100},"
)


def _is_victim_noun(mention: ActorMention) -> bool:
    """Villagers, residents, aid workers and their agencies; not "Palestinians", who are named as a
    people acting."""
    return mention.kind in ("civilians", "ngo") and not is_people(mention.text)


def _same_side_last(ordered: list[ActorMention]) -> list[ActorMention]:
    """ "Syria offered its troops to Lebanon": a state's own forces are on its side, not the other
    side; state actors of the first actor's country go last."""
    if not ordered or ordered[0].kind not in _STATE:
        return ordered
    first = ordered[0]
    own = [m for m in ordered[1:] if m.kind in _STATE and m.country == first.country]
    return [first, *(m for m in ordered[1:] if m not in own), *own]


# "killed one U.S. soldier", "wounding two police officers": state forces as the object of violence.
_HARMED_JUST_BEFORE = re.compile(
    r"\b(?:killed|killing|wounded|wounding|injured|injuring|attacked|attacking|ambushed|ambushing|kidnapped|"
    r"abducted|shot|hit|targeted|targeting|attacks?\s+on|attacks?\s+against)\s+"
    # within the same clause: "A man was killed as villagers clashed" does not harm the villagers
    r"(?:(?!(?:as|when|while|after|because|but|since|before|then|and)\b)[\w'’.-]+\s+){0,4}\Z",
    re.I,
)


# "villagers clashed", "residents fled": the subject of an active verb in the past.
_ACTIVE_VERB_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:[a-z]+ed|beat|fled|threw|took|set|went|ran|fought|broke|stole|burnt|burned|hit|shot)\b"
)


def _after_violence(sentence: str, start: int, end: int) -> bool:
    """ "The shelling hit the district as people waited": civilians named after violence suffered
    it, unless they did something themselves ("a man was killed as villagers clashed")."""
    if _ACTIVE_VERB_AFTER.match(sentence, end):
        return False
    return _VIOLENCE.found(sentence[:start], sentence[:start].lower())


def _harmed(sentence: str, start: int) -> bool:
    """ "killed one U.S. soldier", "wounding two police officers": the object of a violent verb in
    the same clause."""
    return bool(_HARMED_JUST_BEFORE.search(sentence, max(0, start - 60), start))


_OTHER_CLAUSE = re.compile(r",|\b(?:that|which|who|whom|whose|when|as|after)\b|\b[a-z]+ed\b")


def _is_passive_subject(sentence: str, end: int) -> bool:
    """ "Three soldiers were killed": a passive verb follows the mention in the same clause."""
    match = _PASSIVE_AHEAD.match(sentence, end)
    if match is None:
        return False
    # "protesters removed the fences that was divided ...": the passive verb is another clause's.
    return not _OTHER_CLAUSE.search(sentence, end, match.start(1))


def _unnamed_perpetrator(sentence: str, others: list[ActorMention], victims: list[ActorMention]) -> bool:
    """Victims of violence named first, and no armed actor who could have done it (state forces
    may be the victims too)."""
    if not victims or any(m.kind not in ("civilians", *_STATE) for m in victims):
        return False  # killed rebels were killed by someone the sentence leaves out: often the state
    if any(m.kind in _ARMED for m in others):
        return False
    if others and min(m.start for m in others) < victims[0].start:
        return False  # "The minister condemned the bombing that killed 12 people": the speaker acts
    return _VIOLENCE.found(sentence, sentence.lower())


_IS_GROUP = re.compile(r"\bIS\b (?:militants|fighters|group)")


def remember_people(sentence: str, context: ActorContext) -> None:
    """Note the people a sentence introduces with a title ("President X") and their country."""
    for match in _TITLE.finditer(sentence):
        country = _country_near(sentence, match.start(), match.start()) or context.focus_country
        name = match.group("name")
        surname = name.split()[-1].split("-")[-1] if " " in name else name
        if surname and surname[0].isupper() and not country_of_name(surname):
            context.people[surname] = country
            context.people[name] = country
        if re.match(r"(?:President|Prime Minister|PM|Chancellor|King|Emir|Premier)", match.group()):
            context.last_government = country


_LED_BY = re.compile(r"\b([A-Z][\w.]+)-led\s+(?:[\w-]+\s+){0,2}?\Z")


def _country_near(sentence: str, start: int, end: int) -> str:
    """A country named just before a mention ("Russian troops", "Russia's army") or just after ("of Russia")."""
    before = sentence[max(0, start - 30) : start]
    led = _LED_BY.search(before)
    if led and country_of_name(led.group(1)):
        return country_of_name(led.group(1))  # "Saudi-led coalition", "Vietnamese-led forces"
    matches = list(COUNTRY_RE.finditer(before))
    if matches:
        last = matches[-1]
        between = before[last.end() :]
        if re.fullmatch(r"(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}?", between) and not re.search(
            r"\b(?:in|of|from|to|at|and)\s", between
        ):
            return country_of_name(last.group(1))
    after = sentence[end : end + 30]
    match = re.match(r"\s+(?:of|from)\s+(?:the\s+)?", after)
    if match:
        found = COUNTRY_RE.match(after, match.end())
        if found:
            return country_of_name(found.group(1))
    return ""


def to_actor(mention: ActorMention, *, article_id: str, as_rioters: bool = False) -> Actor:
    """The ACLED-style Actor for a mention."""
    country = mention.country
    kind = "rioters" if as_rioters and mention.kind == "protesters" else mention.kind
    label = label_for(kind, country, mention.text)
    inter = 5 if kind == "rioters" else mention.inter
    code = "IGO" if kind == "igo" else "NGO" if kind == "ngo" else iso3(country) if country else ""
    return Actor(
        name=mention.text,
        label=label,
        inter=inter,
        country=country,
        code=code,
        sector=mention.sector,
        # An implied actor (the unnamed perpetrator) has no words in the text.
        span=Span(article_id=article_id, start=mention.start, end=mention.end, text=mention.text)
        if mention.text
        else None,
    )


def label_for(kind: str, country: str, text: str = "") -> str:
    """ACLED's standard label for an actor kind in a country."""
    where = country or "International"
    if kind == "military":
        return f"Military Forces of {where}"
    if kind == "police":
        return f"Police Forces of {where}"
    if kind == "government":
        return f"Government of {where}"
    if kind == "protesters":
        return f"Protesters ({where})"
    if kind == "rioters":
        return f"Rioters ({where})"
    if kind == "civilians":
        return f"Civilians ({where})"
    if kind in ("unidentified", "rebels"):
        return f"Unidentified Armed Group ({where})"
    if kind == "militia":
        return f"Unidentified Militia Group ({where})" if where else "Unidentified Militia Group"
    if kind == "identity":
        return _identity_label(text, where)
    if kind == "igo":
        return _IGO_LABELS.get(text.lower(), text)
    return text


_UNIT_WORDS = frozenset({"Ethnic", "Communal", "Tribal", "Clan", "ethnic", "communal", "tribal", "clan"})


def _identity_label(text: str, where: str) -> str:
    """ "Fulani herders" -> "Fulani Ethnic Militia (Nigeria)"; a group with no name is communal."""
    first = text.split()[0] if text.split() else ""
    if first[:1].isupper() and first not in _UNIT_WORDS:
        return f"{first} Ethnic Militia ({where})"
    return f"Unidentified Communal Militia ({where})"


def default_actor(kind: str, country: str, *, article_id: str) -> Actor:
    """An actor the event implies but the sentence does not name (the protesters of a protest)."""
    inter = {"protesters": 6, "rioters": 5, "civilians": 7, "government": 1, "police": 1, "military": 1,
             "unidentified": 3}.get(kind, 0)  # fmt: skip
    sector = {"protesters": "CVL", "rioters": "CVL", "civilians": "CVL", "government": "GOV", "police": "COP",
              "military": "MIL", "unidentified": "UAF"}.get(kind, "")  # fmt: skip
    return Actor(
        name="",
        label=label_for(kind, country),
        inter=inter,
        country=country,
        code=iso3(country) if country else "",
        sector=sector,
    )
