"""Actors in a sentence, with ACLED-style labels, interaction codes and PLOVER codes.

"Russian paratroopers" -> Military Forces of Russia (1, RUS/MIL); "protesters" ->
Protesters (focus country) (6); "President Kassym-Jomart Tokayev" -> Government of Kazakhstan,
and later "Tokayev" or "the head of state" -> the same. Named armed groups keep their name.

The words live in the `actors` pack of each language (`data/packs/<language>/actors.json`, see
eventwire/packs.py); the detected language picks the pack. This module holds the logic and, as
templates, the structure the words sit in (`{words}` and other `{lists}` of a pack entry).
Two sorts of entry:

- kind entries (`kind`, `inter`, `sector`): the nouns of one actor kind. They are tried in
  pack order and an earlier entry keeps the words it matched, so overlapping kinds keep the
  earliest-listed one; within an entry the longest phrase wins.
- grammar entries (`use`): the words of one rule of role and place (reporting verbs,
  locatives, the passive voice, titles, ...). A language without an entry for a use does
  without that rule.

Named organisations keep their names in every language: their entries sit in the English pack
marked `every_language`, and another pack takes their words with `words_from`, never a copy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from eventwire.coding.countries import COUNTRY_RE, country_of_name, is_demonym, is_people, iso3
from eventwire.coding.lexicon import CaselessWords
from eventwire.packs import DEFAULT_LANGUAGE, load_pack, pack_languages
from eventwire.records import Actor, Span
from eventwire.words import start_of_words_before, words_after, words_before

# --- the packs, compiled -------------------------------------------------------------------

_NEVER = r"(?!)"  # a use the language has no entry for: the rule never fires
_CASELESS = -1  # flag: compile as CaselessWords over lower-cased words (all bits: IGNORECASE too)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_BEFORE_MENTION = r"\b(?:{words})\s+(?:(?:{optional_after})\s+)?\Z"
# use -> the regexes built from its entry: (name, template, flags). Templates hold the structure
# that is the same in every language; an entry's `pattern` adds alternatives to `{words}` where
# a list cannot say it (word endings, the passive voice).
_USES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "title": (
        ("title", r"(?:{words})\s+(?:[A-Z][\w'’.-]+\s+){0,3}?(?P<name>(?:[A-Z][\w'’-]+)(?:[\s-][A-Z][\w'’-]+){0,3})", 0),
        ("leader_title", r"(?:{leaders})", 0),
    ),
    "head_of_state": (("head_of_state", r"\b(?:{words})\b", re.I),),
    "told": (("told", _BEFORE_MENTION, 0),),
    "reporting": (("reporting", r"^\W*(?:'s\s+)?(?:{words})\b", re.I),),
    "attribution": (
        ("attribution", r",\s*(?:[^,]{0,80}?\s)?(?:{words})\b(?!\s+(?:{clause_starts})\b)[^,]{0,60}\Z", re.I),
    ),
    "according_to": (("according_to", r"\b(?:{words})\b", re.I),),
    "place_before": (("place_before", _BEFORE_MENTION, re.I),),
    "building_after": (("building_after", r"\s+(?:{words})\b", 0),),
    "locative": (("locative", r"\b(?:{words})\s+(?:(?:{optional_after})\s+)?(?:(?:{areas})\s+)?\Z", re.I),),
    "place_word": (("place_word", _BEFORE_MENTION, re.I),),
    "apposition": (
        ("apposition", r"\b(?:{words})\s+(?:(?:{optional_after})\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2},\s*\Z", 0),
    ),
    "month": (
        ("date_after", r",\s*(?:\d{1,2}\s+(?:{words})[a-z]*\.?|(?:{words})[a-z]*\.?\s+\d|"
         r"[A-Z][\w .'’-]*,\s*(?:{words})[a-z]*\.?\s+\d)", 0),
    ),
    "that": (("that_before", _BEFORE_MENTION, 0),),
    "owned_act": (("owned_act", r"(?:'s|’s)?\s+(?:[a-z-]+\s+)?(?:(?P<attack>{attacks})|{words})\b", 0),),
    "people_noun": (("people_noun", r"\s+(?P<modifier>[a-z-]+\s+)?(?:{words})\b", 0),),
    "place_noun": (("place_noun", r"(?:'s|’s)?\s+(?:[A-Z]|(?:[\w-]+\s+)?(?:{words})\b)", 0),),
    "state_follower": (("state_follower", r"\s*(?:\Z|[,.;:)\"'’”—–](?!\w)|--|(?:{words})\b)", 0),),
    "passive": (
        ("passive", r"(?:{words})", 0),
        ("passive_ahead", r"(?:\s+[\w'’-]+){0,6}?\s+(?:(?:{perfect})\s+)?((?:{words}))", 0),
    ),
    "by_agent": (("by_agent", r"(?:{words})", 0),),
    "violence": (("violence", r"\b(?:{words})\b", _CASELESS),),
    "leading_phrase": (
        ("leading_phrase", r"\W*(?!(?:{not_words})\b)(?:{words})\b(?![^,]*\b(?:{finite})\b)[^,]{0,100},", 0),
    ),
    "harmed": (("harmed", r"\b(?:{words})\s+(?:(?!(?:{clause_starts})\b)[\w'’.-]+\s+){0,4}\Z", re.I),),
    "active_verb": (("active_verb", r"\s+(?:{words})\b", 0),),
    "other_clause": (("other_clause", r",|\b(?:{words})\b", 0),),
    "led_by": (("led_by", r"\b([A-Z][\w.]+)-(?:{words})\s+(?:[\w-]+\s+){0,2}?\Z", 0),),
    "country_after": (("country_after", r"\s+(?:{words})\s+(?:(?:{optional_after})\s+)?", 0),),
    "country_break": (("country_break", r"\b(?:{words})\s", 0),),
    "confirm": (("confirm", r"\b(?:{names})\b (?:{words})", 0),),
}  # fmt: skip
_KIND_TEMPLATE = r"(?<![\w-])(?:{words})(?![\w-])"
# A kind's phrases stand alone: no letter, digit or hyphen right before or after them. Checked
# after a phrase's first letter ("p(?<![\w-].)olice"), the test is the same, and the pattern then
# opens with its first letters, so that the engine skips to them instead of stopping everywhere.
_WORD_START = r"(?<![\w-].)"
_KIND_WORDS_TEMPLATE = r"(?:{words})(?![\w-])"
# "riot police": words that may stand before an entry's own words, in the same mention.
# Written "A B|B", not "(?:A )?B" (the same tries in the same order), so that it opens with letters.
_KIND_WORDS_AFTER_WORDS = r"(?:(?:{optional_before}) (?:{words})|(?:{words}))(?![\w-])"


@dataclass(frozen=True)
class _KindRule:
    """One kind entry compiled: its pattern, codes, and the words that need more than a match."""

    rule_id: str
    kind: str
    pattern: re.Pattern[str] | CaselessWords
    inter: int
    sector: str
    needs_country: frozenset[str]  # "officials" act for a state only when the sentence says which
    buildings: frozenset[str]  # "parliament" may be the building ("outside parliament")
    not_groups: frozenset[str] = frozenset()  # "Armed militiamen": words that name no group


@dataclass(frozen=True)
class _Pack:
    """One language's actor words, compiled once."""

    kinds: tuple[_KindRule, ...]
    rx: dict[str, re.Pattern[str]]  # grammar regexes by name (see _USES)
    violence: CaselessWords
    pronouns: frozenset[str]  # taken for the leader only at a sentence's start
    confirmed: frozenset[str]  # names that count only with a confirming word ("IS militants")


def _first_letter(word: str, case: str) -> str:
    """The regex for a phrase's first letter: "[Hh]" where only it may be a capital."""
    if case == "initial" and word[:1].isalpha():
        return f"[{word[0].upper()}{word[0].lower()}]"
    return re.escape(word[:1])


def _alternation(words: list[str], case: str = "exact", after_first: str = "") -> str:
    """Phrases, longest first (so "security forces" wins over "forces" where both start); a space
    matches one space, as the patterns always have.

    Phrases are grouped by their first letter ("p(?:olicemen|olice)"): the engine then tries one
    branch per letter at each position instead of one per phrase, several times faster on long
    lists. Only phrases of one group can match at the same start, so the answer is the same.
    `after_first` goes right after the first letter (see _WORD_START)."""
    phrases = sorted(
        dict.fromkeys(word.lower() if case == "any" else word for word in words), key=len, reverse=True
    )
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(_first_letter(phrase, case), []).append(re.escape(phrase[1:]))
    return "|".join(
        first + after_first + (rests[0] if len(rests) == 1 else f"(?:{'|'.join(rests)})")
        for first, rests in groups.items()
    )


def _fill(template: str, entry: dict[str, Any], passive: str = "", after_first: str = "") -> str:
    """A template with the entry's lists in place: `{words}` (plus its `pattern`), `{passive}`
    (the language's passive voice), `{name}` for any other list of the entry."""
    case = entry.get("case", "exact")
    words = _alternation(entry.get("words", []), case, after_first)

    def value(match: re.Match[str], in_pattern: bool = False) -> str:
        name = match.group(1)
        if name == "passive":
            return passive or _NEVER
        if name == "words" and not in_pattern and "pattern" in entry:
            extra = _PLACEHOLDER.sub(lambda m: value(m, True), entry["pattern"])
            return f"{words}|{extra}" if words else extra
        source = words if name == "words" else _alternation(entry.get(name, []), case, after_first)
        return source or _NEVER

    return _PLACEHOLDER.sub(value, template)


def _resolved_entries(language: str) -> list[dict[str, Any]]:
    """The pack's entries, with the words of shared entries (`words_from`) taken from English."""
    english = {entry["id"]: entry for entry in load_pack("actors", DEFAULT_LANGUAGE)}
    entries = []
    for entry in load_pack("actors", language):
        if "words_from" in entry:
            shared = english[entry["words_from"]]
            entry = {**shared, **{k: v for k, v in entry.items() if k in ("id", "reason", "examples")}}
        entries.append(entry)
    return entries


def _kind_rule(entry: dict[str, Any]) -> _KindRule:
    if "pattern" in entry:
        source = _fill(_KIND_TEMPLATE, entry)  # identity: the pattern holds its own first letters
    else:
        template = _KIND_WORDS_AFTER_WORDS if "optional_before" in entry else _KIND_WORDS_TEMPLATE
        source = _fill(template, entry, after_first=_WORD_START)
    pattern = CaselessWords(source) if entry["case"] == "any" else re.compile(source)
    return _KindRule(
        entry["id"],
        entry["kind"],
        pattern,
        entry["inter"],
        entry["sector"],
        frozenset(word.lower() for word in entry.get("needs_country", [])),
        frozenset(word.lower() for word in entry.get("buildings", [])),
        frozenset(entry.get("not_groups", [])),
    )


def _grammar(by_use: dict[str, dict[str, Any]]) -> tuple[dict[str, re.Pattern[str]], CaselessWords]:
    """Every grammar regex of a language; a use without an entry never matches."""
    passive = _fill("{words}", by_use["passive"]) if "passive" in by_use else ""
    compiled: dict[str, re.Pattern[str]] = {}
    violence = CaselessWords(_NEVER)
    for use, specs in _USES.items():
        entry = by_use.get(use)
        for name, template, flags in specs:
            # Case-blind rules take their words in lower case: one letter group per letter.
            caseless = {**entry, "case": "any"} if entry and flags & re.IGNORECASE else entry
            source = _fill(template, caseless, passive) if caseless else _NEVER
            if flags == _CASELESS:
                violence = CaselessWords(source)
            else:
                compiled[name] = re.compile(source, flags)
    return compiled, violence


@functools.cache
def _pack(language: str) -> _Pack:
    """The compiled actors pack of a language (English where it has none)."""
    entries = _resolved_entries(language or DEFAULT_LANGUAGE)
    by_use = {entry["use"]: entry for entry in entries if "use" in entry}
    rx, violence = _grammar(by_use)
    return _Pack(
        kinds=tuple(_kind_rule(entry) for entry in entries if "kind" in entry),
        rx=rx,
        violence=violence,
        pronouns=frozenset(word.lower() for word in by_use.get("head_of_state", {}).get("pronouns", [])),
        confirmed=frozenset(by_use.get("confirm", {}).get("names", [])),
    )


@functools.cache
def _labels() -> tuple[dict[tuple[str, str], str], frozenset[str], frozenset[str]]:
    """What labels need from every pack (a label does not depend on the article's language):
    ACLED's names by (kind, lower-cased text), the identity militias' unit words ("ethnic"), and
    the nouns a group's name joins with a hyphen ("Fulani-Hirten")."""
    names: dict[tuple[str, str], str] = {}
    units: set[str] = set()
    joined: set[str] = set()
    for language in pack_languages():
        for entry in _resolved_entries(language):
            for text, label in entry.get("labels", {}).items():
                names[(entry.get("kind", ""), text.lower())] = label
            units.update(entry.get("units", []))
            joined.update(entry.get("joined_nouns", []))
    return names, frozenset(units), frozenset(joined)


# --- finding actors ------------------------------------------------------------------------


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


def find_actors(
    text: str, start: int, end: int, context: ActorContext, language: str = DEFAULT_LANGUAGE
) -> list[ActorMention]:
    """Actor mentions in text[start:end], the one who acts first (see _in_role_order); the
    language picks the words.

    Overlapping kinds keep the earliest-listed one. Who only reports the event ("..., police
    said", "according to officials") is no actor in it.
    """
    pack = _pack(language)
    sentence = text[start:end]
    found = [
        ActorMention(kind, start + s, start + e, matched, inter, sector, near or context.focus_country)
        for kind, s, e, matched, inter, sector, near in _kind_matches(sentence, language)
    ]
    taken = [(m.start - start, m.end - start) for m in found]
    for surname, country in context.people.items():
        for match in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            found.append(_government_at(match, start, country))
            taken.append(match.span())
    for match in pack.rx["head_of_state"].finditer(sentence):
        if context.last_government and not any(a < match.end() and match.start() < b for a, b in taken):
            if match.group().lower() in pack.pronouns and match.start() > 0:
                continue  # only a sentence-initial pronoun is taken to be the leader
            found.append(_government_at(match, start, context.last_government))
    found.sort(key=lambda a: a.start)
    frame_start, frame_end = _attribution(sentence, pack)
    kept = [
        a
        for a in found
        if not frame_start <= a.start - start < frame_end
        and (_speaks_for_itself(a) or not pack.rx["reporting"].match(words_after(text, a.end, 4)))
        and not pack.rx["told"].search(text, max(start, start_of_words_before(text, a.start, 2)), a.start)
    ]
    return _in_role_order(sentence, start, kept, context, pack)


def _government_at(match: re.Match[str], offset: int, country: str) -> ActorMention:
    """A person known to lead a government ("Tokayev", "the head of state"): that government."""
    return ActorMention(
        "government", offset + match.start(), offset + match.end(), match.group(), 1, "GOV", country
    )


@functools.lru_cache(maxsize=4096)
def _kind_matches(sentence: str, language: str) -> tuple[tuple[str, int, int, str, int, str, str], ...]:
    """Actor words in a sentence, context-free (cached): kind, offsets, text, inter, sector, country."""
    pack = _pack(language)
    found: list[tuple[str, int, int, str, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    lowered = sentence.lower()
    # "Democratic People's Republic of Korea" holds no "people": long country names are taken first.
    names = [m.span() for m in COUNTRY_RE.finditer(sentence) if " " in m.group(1)]
    for rule in pack.kinds:
        pattern = rule.pattern
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
            if not _stands(rule, words, sentence, s, e, found, pack):
                continue
            found.append(
                (rule.kind, s, e, words, rule.inter, rule.sector, _country_near(sentence, s, e, pack))
            )
            taken.append((s, e))
    found.extend(_named_states(sentence, taken, pack))
    found.sort(key=lambda item: item[1])
    return tuple(found)


def _stands(
    rule: _KindRule,
    words: str,
    sentence: str,
    s: int,
    e: int,
    found: list[tuple[str, int, int, str, int, str, str]],
    pack: _Pack,
) -> bool:
    """Whether matched words name an actor here, not just its words."""
    if rule.kind == "named" and words in pack.confirmed and not pack.rx["confirm"].search(sentence):
        return False  # "IS" is a verb in capitals unless the sentence says "IS militants"
    if words.lower() in rule.needs_country and not _country_near(sentence, s, e, pack):
        return False
    if words.lower() in rule.buildings and _is_place(sentence, s, e, pack):
        return False
    if rule.kind == "identity" and (_national(words) or words.split()[0] in rule.not_groups):
        return False  # "Russian militiamen", "Armed militiamen": a country's, or no group's name
    # "Hezbollah guerrillas", "al-Shabaab militants": the named group itself
    return not (rule.kind in _GENERIC_ARMED and any(f[0] == "named" and 0 <= s - f[2] <= 1 for f in found))


def _national(words: str) -> bool:
    first = words.split()[0] if words.split() else ""
    return is_demonym(first) or COUNTRY_RE.match(first) is not None


_GENERIC_ARMED = {"rebels", "militia", "unidentified"}
# Datelines: "MOGADISHU, Somalia, Sept. 23 --", "Lima, 9 June 2023 --".
_DATELINE = re.compile(r"^\W*[A-Z][A-Z .'’-]+,\s*\Z")
# "Santiago de Chile, 12 April": particles of place names, the same in any language's text.
_PLACE_NAME_ONLY = re.compile(r"\W*(?:[A-Z][\w'’-]*\s+(?:de\s+|del\s+)?){0,3}\Z")
# After a possessive country: a place in it, not something it did.
_ADJACENT = re.compile(r"\s?")  # nothing or a space between
_WITHIN_TWO_WORDS = re.compile(r"(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}")


def _is_place(sentence: str, start: int, end: int, pack: _Pack) -> bool:
    """ "outside parliament", "the Congress building": an institution's building, not the actor."""
    return bool(
        pack.rx["place_before"].search(sentence, 0, start) or pack.rx["building_after"].match(sentence, end)
    )


def _named_states(
    sentence: str, taken: list[tuple[int, int]], pack: _Pack
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
        if _is_located(sentence, s, e, place_end, pack):
            place_end = e
            continue
        kind = _state_kind(sentence, name, s, e, taken, pack)
        if kind == "people":
            people = pack.rx["people_noun"].match(sentence, e)
            assert people is not None
            if any(a < people.end() and s < b for a, b in taken):
                continue  # "Iraqi security officers": the officers are an actor of their own kind
            kind, e, name = "civilians", people.end(), sentence[s : people.end()]
        if kind:
            inter, sector = {"government": (1, "GOV"), "military": (1, "MIL"), "civilians": (7, "CVL")}[kind]
            found.append((kind, s, e, name, inter, sector, country_of_name(match.group(1))))
    return found


def _is_located(sentence: str, start: int, end: int, place_end: int, pack: _Pack) -> bool:
    """ "in Somalia", "MOGADISHU, Somalia, Sept. 23", "in Kabul, Afghanistan", "in Bam, Iran"."""
    if pack.rx["locative"].search(
        sentence, start_of_words_before(sentence, start, 7), start
    ) or _DATELINE.match(sentence, 0, start):
        return True
    if pack.rx["place_word"].search(sentence, start_of_words_before(sentence, start, 5), start):
        return True  # "the Turkish capital Ankara"
    if pack.rx["date_after"].match(sentence, end) or (
        _PLACE_NAME_ONLY.match(sentence, 0, start) and sentence[end : end + 1] == ":"
    ):
        return True  # datelines: "Bamako, March 12, 2019 (AFP)", "Goma, DR Congo: ..."
    # "in Kabul, Afghanistan", "in Syria's Idlib": what stands right after a place is a place too.
    after_place = place_end >= 0 and re.fullmatch(r"(?:'s|’s)?,?\s*", sentence[place_end:start]) is not None
    return after_place or bool(
        pack.rx["apposition"].search(sentence, start_of_words_before(sentence, start, 10), start)
    )


def _state_kind(
    sentence: str, name: str, start: int, end: int, taken: list[tuple[int, int]], pack: _Pack
) -> str:
    """The kind of actor a country reference names ("" for none)."""
    # "Gaza residents", "US Congress", "Morocco's repressive forces": the noun is the actor.
    near = _WITHIN_TWO_WORDS if end != start + len(name) else _ADJACENT
    if any(a >= end and near.fullmatch(sentence, end, a) for a, _ in taken):
        return ""
    owned = pack.rx["owned_act"].match(sentence, end)
    if owned:
        return "military" if owned.group("attack") else "government"  # "a US offer", "Israeli air raids"
    if is_people(name):
        return "civilians"
    people = pack.rx["people_noun"].match(sentence, end)
    if is_demonym(name):
        # "Ugandan opposition candidates", "Iraqi Kurds": that country's people; "Russian" before
        # anything else only qualifies it.
        return "people" if people else ""
    if people and not people.group("modifier"):
        return "people"  # "Hong Kong citizens" (but "North Korea expelled inspectors" is no people)
    if end != start + len(name):  # "Turkey's efforts" (the country's), "Syria's Dabiq" (a place)
        return "" if pack.rx["place_noun"].match(sentence, end) else "government"
    # "demanded that the US cancel": a clause's subject
    if pack.rx["that_before"].search(sentence, start_of_words_before(sentence, start, 2), start) or pack.rx[
        "state_follower"
    ].match(sentence, end):
        return "government"
    return ""


def _speaks_for_itself(mention: ActorMention) -> bool:
    """A country that "said" something is the actor of what it said (diplomacy is done in words);
    police or officials who "said" are only the source."""
    return (
        mention.kind == "government" and bool(country_of_name(mention.text)) and not is_demonym(mention.text)
    )


def _attribution(sentence: str, pack: _Pack) -> tuple[int, int]:
    """Where a sentence's reporting frame begins and ends ((len, len) when there is none): a
    trailing clause (", a UN official said on Monday.") or "according to ..." to the end, or a
    leading "According to police," ."""
    cut = len(sentence)
    trailing = pack.rx["attribution"].search(sentence)
    if trailing:
        cut = trailing.start()
    according = pack.rx["according_to"].search(sentence)
    if according and according.start() == 0:
        comma = sentence.find(",")
        return (0, comma) if comma > 0 else (cut, len(sentence))
    if according:
        cut = min(cut, according.start())
    return cut, len(sentence)


_ARMED = {"military", "police", "named", "rebels", "militia", "identity", "unidentified", "igo"}
_STATE = {"military", "police", "government"}


def _in_role_order(
    sentence: str, offset: int, mentions: list[ActorMention], context: ActorContext, pack: _Pack
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
    # A sentence-initial phrase that sets the scene before the subject ("In a letter to the UN, Iraq ...").
    opening = pack.rx["leading_phrase"].match(sentence)
    for mention in mentions:
        s, e = mention.start - offset, mention.end - offset
        if pack.rx["by_agent"].search(sentence, 0, s):
            agents.append(mention)
        elif opening and s < opening.end():
            background.append(mention)  # "In a letter to the UN, Iraq said ...": the UN is not the subject
        elif _is_passive_subject(sentence, e, pack) or (
            (_is_victim_noun(mention) and (armed or _after_violence(sentence, s, e, pack)))
            or (mention.kind in _STATE and _harmed(sentence, s, pack))
        ):
            victims.append(mention)
        else:
            others.append(mention)
    if not agents and _unnamed_perpetrator(sentence, others, victims, pack):
        implied = ActorMention("unidentified", offset, offset, "", 3, "UAF", context.focus_country)
        # The victims are the other side of the violence; whoever else is named comes after them.
        return [implied, *victims, *others, *background]
    return _same_side_last(agents + others + background + victims)


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


def _after_violence(sentence: str, start: int, end: int, pack: _Pack) -> bool:
    """ "The shelling hit the district as people waited": civilians named after violence suffered
    it, unless they did something themselves ("a man was killed as villagers clashed")."""
    if pack.rx["active_verb"].match(sentence, end):
        return False
    return pack.violence.found(sentence[:start], sentence[:start].lower())


def _harmed(sentence: str, start: int, pack: _Pack) -> bool:
    """ "killed one U.S. soldier", "wounding two police officers": the object of a violent verb in
    the same clause."""
    return bool(pack.rx["harmed"].search(sentence, start_of_words_before(sentence, start, 10), start))


def _is_passive_subject(sentence: str, end: int, pack: _Pack) -> bool:
    """ "Three soldiers were killed": a passive verb follows the mention in the same clause."""
    match = pack.rx["passive_ahead"].match(sentence, end)
    if match is None:
        return False
    # "protesters removed the fences that was divided ...": the passive verb is another clause's.
    return not pack.rx["other_clause"].search(sentence, end, match.start(1))


def _unnamed_perpetrator(
    sentence: str, others: list[ActorMention], victims: list[ActorMention], pack: _Pack
) -> bool:
    """Victims of violence named first, and no armed actor who could have done it (state forces
    may be the victims too)."""
    if not victims or any(m.kind not in ("civilians", *_STATE) for m in victims):
        return False  # killed rebels were killed by someone the sentence leaves out: often the state
    if any(m.kind in _ARMED for m in others):
        return False
    if others and min(m.start for m in others) < victims[0].start:
        return False  # "The minister condemned the bombing that killed 12 people": the speaker acts
    return pack.violence.found(sentence, sentence.lower())


def remember_people(sentence: str, context: ActorContext, language: str = DEFAULT_LANGUAGE) -> None:
    """Note the people a sentence introduces with a title ("President X") and their country."""
    pack = _pack(language)
    for match in pack.rx["title"].finditer(sentence):
        country = _country_near(sentence, match.start(), match.start(), pack) or context.focus_country
        name = match.group("name")
        surname = name.split()[-1].split("-")[-1] if " " in name else name
        if surname and surname[0].isupper() and not country_of_name(surname):
            context.people[surname] = country
            context.people[name] = country
        if pack.rx["leader_title"].match(match.group()):
            context.last_government = country


def _country_near(sentence: str, start: int, end: int, pack: _Pack) -> str:
    """A country named just before a mention ("Russian troops", "Russia's army") or just after ("of Russia")."""
    before = words_before(sentence, start, 6)
    led = pack.rx["led_by"].search(before)
    if led and country_of_name(led.group(1)):
        return country_of_name(led.group(1))  # "Saudi-led coalition", "Vietnamese-led forces"
    matches = list(COUNTRY_RE.finditer(before))
    if matches:
        last = matches[-1]
        between = before[last.end() :]
        if _WITHIN_TWO_WORDS.fullmatch(between) and not pack.rx["country_break"].search(between):
            return country_of_name(last.group(1))
    after = words_after(sentence, end, 7)
    match = pack.rx["country_after"].match(after)
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
    # IGOs and named groups: ACLED's name where a pack gives one ("NATO"), else the text's.
    return _labels()[0].get((kind, text.lower()), text)


def _identity_label(text: str, where: str) -> str:
    """ "Fulani herders" -> "Fulani Ethnic Militia (Nigeria)"; a group with no name is communal."""
    _, units, joined = _labels()
    first = text.split()[0] if text.split() else ""
    name, _, noun = first.rpartition("-")
    if name and noun in joined:
        first = name  # "Fulani-Hirten": the name before the hyphen
    if first[:1].isupper() and first not in units:
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


# Compiled at import, as the module's patterns always were, so that no article pays for it.
for _language in pack_languages():
    _pack(_language)
