"""Actors in a sentence, with ACLED-style labels, interaction codes and PLOVER codes.

"Russian paratroopers" -> Military Forces of Russia (1, RUS/MIL); "protesters" ->
Protesters (focus country) (6); "President Kassym-Jomart Tokayev" -> Government of Kazakhstan,
and later "Tokayev" or "the head of state" -> the same. Named armed groups keep their name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from eventwire.coding.countries import COUNTRY_RE, country_of_name, iso3
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
    (
        "police",
        r"(?:riot |traffic |military |border |federal |state |national )?police(?:men| officers?| forces?)?|"
        r"gendarmes?|gendarmerie|policemen|law enforcement|officers|Polizei|Polizisten",
        1,
        "COP",
    ),
    (
        "military",
        r"(?:security|armed|government|regime|state|pro-government|government-backed|special|"
        r"national security|allied) forces|troops|soldiers|army|military|paratroopers|marines|"
        r"national guard|National Guard|servicemen|commandos|air force|navy|warplanes|jets|drones?|"
        r"army units|security force|assault force|forces|Soldaten|Armee|Militär",
        1,
        "MIL",
    ),
    (
        "government",
        r"(?:Prime|Foreign|Interior|Defen[cs]e) Minist(?:er|ry)|President|Prime Minister|"
        r"government|Government|head of state|cabinet|ministry|Ministry|authorities|Kremlin|White House|"
        r"State Department|Foreign Office|administration|regime|Regierung|Präsident|Behörden",
        1,
        "GOV",
    ),
    (
        "rebels",
        r"rebels?|insurgents?|militants?|jihadists?|terrorists?|guerrillas?|separatists|"
        r"extremists|mujahideen|mujahidin|fighters|terrorist gangs?|gangs",
        2,
        "REB",
    ),
    ("militia", r"militias?|militiamen|vigilantes?|self-defen[cs]e groups?|armed groups?", 3, "UAF"),
    (
        "unidentified",
        r"gunm[ae]n|unidentified (?:armed )?(?:men|gunmen|attackers|assailants)|"
        r"unknown (?:gunmen|attackers|assailants|armed men)|armed men|assailants|attackers|bandits",
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
    """Actor mentions in text[start:end] in order; overlapping kinds keep the earliest-listed one."""
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
    return [a for a in found if not _REPORTING.match(text[a.end : a.end + 25])]


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
            found.append((kind, s, e, words, inter, sector, _country_near(sentence, s, e)))
            taken.append((s, e))
    return tuple(found)


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
        span=Span(article_id=article_id, start=mention.start, end=mention.end, text=mention.text),
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
