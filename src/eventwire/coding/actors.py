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
from eventwire.coding.fastre import compile_words
from eventwire.coding.lexicon import CaselessWords
from eventwire.records import Actor, Span

# kind -> (regex, inter code, PLOVER sector)
_KINDS: list[tuple[str, str, int, str]] = [
    (
        "igo",
        r"CSTO|Collective Security Treaty Organi[sz]ation|NATO|United Nations|UN peacekeepers|"
        r"UN|U\.N\.|African Union|AU forces|AMISOM|Amisom|MINUSMA|MINUSCA|MONUSCO|UNIFIL|European Union|"
        r"EU|ISAF|coalition forces|coalition|Security Council|ECOWAS|Arab League|OSCE|APEC|WFP|UNHCR|"
        r"World Food Program(?:me)?",
        8,
        "IGO",
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
        r"(?:aid|humanitarian|relief|health|medical) workers?|refugees|hostages|detainees|migrants|"
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
        r"national guard|National Guard|servicem[ae]n|soldier|commandos|air force|navy|warplanes|jets|drones?|"
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
        r"officials?|diplomats?|ministers?|negotiators?|envoys?|ambassadors?|delegation|leaders?",
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
        "rebels",
        r"rebels?|insurgents?|militants?|jihadists?|terrorists?|guerr?ill?as?|separatists|"
        r"extremists|mujahideen|mujahidin|fighters|terrorist gangs?|gangs",
        2,
        "REB",
    ),
    ("militia", r"militias?|militiamen|vigilantes?|self-defen[cs]e groups?|armed groups?", 3, "UAF"),
    (
        "unidentified",
        r"gunm[ae]n|unidentified (?:armed )?(?:men|gunmen|attackers|assailants)|"
        r"unknown (?:gunmen|attackers|assailants|armed men)|armed men|assailants|attackers|bandits|"
        r"(?:suicide )?bombers?|kidnappers|abductors|hijackers|hackers|snipers?",
        2,
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
        compile_words(rf"(?<![\w-])(?:{pattern})(?![\w-])")
        if kind in ("igo", "named")
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
    r"Chancellor|King|Emir|Premier|Vice President|Governor|Mayor|Spokes(?:man|woman|person))\s+"
    r"(?:[A-Z][\w'’.-]+\s+){0,3}?(?P<name>(?:[A-Z][\w'’-]+)(?:[\s-][A-Z][\w'’-]+){0,3})"
)
_HEAD_OF_STATE = compile_words(
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
    for kind, pattern, inter, sector in _KIND_PATTERNS:
        matches = (
            pattern.finditer(sentence, lowered)
            if isinstance(pattern, CaselessWords)
            else pattern.finditer(sentence)
        )
        for match in matches:
            s, e = match.start(), match.end()
            if any(a < e and s < b for a, b in taken):
                continue
            words = sentence[s:e]  # the text's own spelling (a lower-cased scan gives offsets only)
            if kind == "named" and words == "IS" and not _IS_GROUP.search(sentence):
                continue
            if words.lower() in _NEEDS_COUNTRY and not _country_near(sentence, s, e):
                continue
            if kind == "government" and words.lower() in _BUILDINGS and _is_place(sentence, s, e):
                continue
            found.append((kind, s, e, words, inter, sector, _country_near(sentence, s, e)))
            taken.append((s, e))
    found.extend(_named_states(sentence, taken))
    found.sort(key=lambda item: item[1])
    return tuple(found)


# People who act for a state only when the sentence says which ("Hungarian officials"); "two senior
# officials of the opposition" are not the government's.
_NEEDS_COUNTRY = {"leader", "leaders", "official", "officials", "diplomat", "diplomats", "minister", "ministers",
                  "negotiator", "negotiators", "envoy", "envoys", "ambassador", "ambassadors", "delegation"}  # fmt: skip
_BUILDINGS = {"parliament", "congress", "senate", "court", "supreme court", "high court", "ministry",
              "white house", "kremlin", "state department", "foreign office", "national assembly"}  # fmt: skip
_PLACE_BEFORE = re.compile(
    r"\b(?:outside|in front of|at|near|inside|into|to|in|before|from)\s+(?:the\s+)?\Z", re.I
)
# A country named where something happens ("in Somalia", "the capital of Somalia").
_LOCATIVE = re.compile(
    r"\b(?:in|at|from|near|into|inside|across|throughout|around|outside|within|through|of|via|towards?|over|"
    r"off|along|beyond|entered|reaching|across)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|east|west)?\s+)?\Z",
    re.I,
)
# Datelines: "MOGADISHU, Somalia, Sept. 23 --", "Lima, 9 June 2023 --".
_DATELINE = re.compile(r"^\W*[A-Z][A-Z .'’-]+,\s*\Z")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_AFTER = re.compile(rf",\s*(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d|[A-Z][\w .'’-]*,\s*{_MONTH}\s+\d)")
_BUILDING_AFTER = re.compile(
    r"\s+(?:building|buildings|headquarters|compound|premises|offices?|grounds|gates?|chamber)\b"
)
# What may follow a country named as an actor ("Libya has offered", "Israel and Syria agreed",
# "Iran today threatened", "Pakistan, a key ally, refused"). Any other word makes the name a
# modifier ("the Iraq war", "US border agents") or part of a longer name ("Washington Post").
_STATE_FOLLOWER = re.compile(
    r"\s*(?:\Z|[,.;:)\"'’”—–](?!\w)|--|"
    r"(?:and|or|has|have|had|is|are|was|were|will|would|may|might|must|can|could|should|shall|did|does|do|"
    r"also|again|today|yesterday|tonight|now|still|already|then|not|never|on|last|this|itself|once|"
    r"sent|took|met|made|gave|began|held|led|told|said|won|lost|shot|struck|fought|sought|brought|put|set|"
    r"hit|cut|withdrew|froze|broke|drew|threw|chose|spoke|left|kept|let|bought|paid|built|"
    r"[a-z]+ed|[a-z]+ly|[a-z]+s|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)"
)


def _is_place(sentence: str, start: int, end: int) -> bool:
    """ "outside parliament", "the Congress building": an institution's building, not the actor."""
    return bool(_PLACE_BEFORE.search(sentence, 0, start) or _BUILDING_AFTER.match(sentence, end))


def _named_states(
    sentence: str, taken: list[tuple[int, int]]
) -> list[tuple[str, int, int, str, int, str, str]]:
    """Countries named as actors: "Libya has offered ..." is its government; "Palestinians" are
    its people. A country where something happens, or one that qualifies a noun, is none."""
    found: list[tuple[str, int, int, str, int, str, str]] = []
    place_end = -1
    for match in COUNTRY_RE.finditer(sentence):
        s, e = match.span()
        name = match.group(1)
        if any(a < e and s < b for a, b in taken):
            continue
        # "in Kabul, Afghanistan": the apposition to a place is a place too.
        after_place = place_end >= 0 and re.fullmatch(r",\s*", sentence[place_end:s]) is not None
        dateline = _DATELINE.match(sentence, 0, s) or (s < 3 and _DATE_AFTER.match(sentence, e))
        if _LOCATIVE.search(sentence, max(0, s - 40), s) or dateline or after_place:
            place_end = e
            continue
        people = is_people(name)
        if e != s + len(name) or (is_demonym(name) and not people):
            continue  # "Russia's army", "Russian army": the name qualifies what follows
        if not people and not _STATE_FOLLOWER.match(sentence, e):
            continue
        if any(0 <= a - e <= 1 for a, _ in taken):
            continue  # "Gaza residents", "US Congress": the noun is the actor, with this country
        country = country_of_name(name)
        found.append(
            ("civilians", s, e, name, 7, "CVL", country)
            if people
            else ("government", s, e, name, 1, "GOV", country)
        )
    return found


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
    r"according to)\b(?!\s+that\b)[^,]{0,60}\Z",
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
    r"(?:[a-z]+ed|[a-z]+en|shot|hit|held|struck|slain|caught|hurt|kept|cut|led|beat|sent|bound|taken)\b"
    r"|\b(?:was|were|are|is)\s+among\s+(?:the|those)\s+(?:dead|killed|victims|casualties|wounded|injured)"
)
_PASSIVE_AHEAD = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+(?:has\s+|have\s+|had\s+)?(?:" + _PASSIVE + ")")
# "was attacked by Burundian militiamen": the agent of a passive verb.
_BY_AGENT = re.compile(r"(?:" + _PASSIVE + r")(?:\s+[\w'’-]+){0,4}?\s+by\s+(?:[\w'’-]+\s+){0,3}\Z")
_ARMED = {"military", "police", "named", "rebels", "militia", "unidentified", "igo"}
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
    victims: list[ActorMention] = []
    armed = any(m.kind in _ARMED for m in mentions)
    for mention in mentions:
        s, e = mention.start - offset, mention.end - offset
        if _BY_AGENT.search(sentence, 0, s):
            agents.append(mention)
        elif _is_passive_subject(sentence, e) or (
            mention.kind == "civilians" and (armed or _harmed(sentence, s))
        ):
            victims.append(mention)
        else:
            others.append(mention)
    ordered = agents + others + victims
    if (
        victims
        and not agents
        and not any(m.kind not in _STATE for m in others)
        and _unnamed_perpetrator(sentence, others, victims)
    ):
        implied = ActorMention("unidentified", offset, offset, "", 2, "UAF", context.focus_country)
        ordered.insert(0, implied)
    return ordered


def _harmed(sentence: str, start: int) -> bool:
    """ "A car bomb exploded, killing 12 people": people named after violence suffered it."""
    return _VIOLENCE.found(sentence[:start], sentence[:start].lower())


def _is_passive_subject(sentence: str, end: int) -> bool:
    """ "Three soldiers were killed": a passive verb follows the mention in the same clause."""
    match = _PASSIVE_AHEAD.match(sentence, end)
    return match is not None and "," not in sentence[end : match.end()]


def _unnamed_perpetrator(sentence: str, others: list[ActorMention], victims: list[ActorMention]) -> bool:
    """Victims of violence and no one named who did it (state forces may be the victims too)."""
    if any(m.kind not in ("civilians", *_STATE) for m in victims):
        return False  # killed rebels were killed by someone the sentence leaves out: often the state
    return not others and _VIOLENCE.found(sentence, sentence.lower())


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


def _country_near(sentence: str, start: int, end: int) -> str:
    """A country named just before a mention ("Russian troops", "Russia's army") or just after ("of Russia")."""
    before = sentence[max(0, start - 30) : start]
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
    code = "IGO" if kind == "igo" else iso3(country) if country else ""
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
    if kind == "igo":
        return _IGO_LABELS.get(text.lower(), text)
    return text


def default_actor(kind: str, country: str, *, article_id: str) -> Actor:
    """An actor the event implies but the sentence does not name (the protesters of a protest)."""
    inter = {"protesters": 6, "rioters": 5, "civilians": 7, "government": 1, "police": 1, "military": 1,
             "unidentified": 2}.get(kind, 0)  # fmt: skip
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
