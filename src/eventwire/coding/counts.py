"""Casualty, arrest and crowd counts in a sentence, with the words each count came from.

"at least eight police officers ... had been killed" -> killed 8, about state forces;
"killing two insurgents" -> killed 2; "detained a Taliban leader and several associates"
-> arrested 4 (1 + ACLED's 3 for "several"); "dozens injured" -> injured 12.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from eventwire.coding.lexicon import CaselessWords
from eventwire.coding.numbers import is_lower_bound, is_vague, number_pattern, parse_number, quantity_pattern
from eventwire.packs import load_pack, phrase_pattern
from eventwire.words import words_after, words_before

# Nouns that name people (a count before them is a count of people).

# The patterns written in this module are English ones; pack rules take their language's quantities.
_EN_QUANTITY = quantity_pattern("en")
_Q = rf"(?P<q>{_EN_QUANTITY})"
_AND_A_NUMBER = re.compile(rf"\band\s+(?:{number_pattern('en')})\b", re.IGNORECASE)
_GAP = r"(?:[\w'’-]+\s+){0,10}?"  # words between a count and its verb, no punctuation that ends a clause


@dataclass(frozen=True)
class Count:
    """One count: which field, its value, where it is in the sentence, and whom it counts."""

    field: str  # killed, injured, arrested, crowd_size
    value: int
    start: int
    end: int
    about: str = ""  # "state", "civilians", ... when the counted people are named
    lower_bound: bool = False
    vague: bool = False  # the figure is ACLED's reading of "several", "dozens", ...
    rule: str = ""  # the pack entry (or counting rule) that read it


# "eight police officers ... had been killed", "317 others were injured", "12 dead"
_BEFORE = (
    # ", including 14 soldiers," between the figure and its verb names a part of it
    r"\b{q}\s+(?P<who>{gap}(?:[\w'’-]+,\s+(?:including|among them)\s+[^,.;]{{1,60}},\s+)?)"
    r"(?:(?:{auxiliaries})\s+){{0,3}}(?P<verb>{verbs})\b"
)
# "killing two insurgents", "detained at least 20 people"
_AFTER = r"\b(?P<verb>{verbs})\s+(?:(?:{qualifiers})\s+)?{q}(?=\s|,|\.|$)(?P<who>\s+(?:[\w'’-]+\s+){{0,3}}?{nouns})?"
# "Fatalities: 3", "deaths - 2"
_LABEL = r"\b(?P<verb>{verbs})\s*[:=–-]\s*{q}(?=\s|,|\.|;|$)"
_FORMS = {"before": (_BEFORE, True), "after": (_AFTER, False), "label": (_LABEL, False)}
# "the death toll rose to 14": English only, as the words around the figure are.
_TOLL = re.compile(
    rf"\b(?:death toll|toll|number of (?:the )?dead)\s+(?:\w+\s+){{0,4}}?(?:to|at|of|is|was|"
    rf"stands at|reached|rose to|climbed to|passed|surpassed|exceeded|topped)\s+{_Q}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _CountRule:
    """One pack entry compiled: the field it counts, its pattern, and the words it cannot match without."""

    rule_id: str
    field: str
    pattern: re.Pattern[str]
    number_first: bool
    gate: CaselessWords
    language: str = "en"


def _vocabulary(language: str, use: str) -> str:
    """The pack's entries with this `use` (auxiliary, qualifier, person_nouns, things) as one alternation:
    their words as phrases, their patterns as written."""
    parts = [
        entry["pattern"] if "pattern" in entry else phrase_pattern(entry["words"])
        for entry in load_pack("counts", language)
        if entry.get("use") == use
    ]
    return f"(?:{'|'.join(parts)})" if parts else "(?!)"


def _count_entries(language: str) -> list[dict[str, Any]]:
    return [entry for entry in load_pack("counts", language) if "position" in entry]


@functools.cache
def _rules(language: str) -> tuple[_CountRule, ...]:
    rules = []
    for entry in _count_entries(language):
        form, number_first = _FORMS[entry["position"]]
        verbs = phrase_pattern(entry["words"])
        source = form.format(
            q=rf"(?P<q>{quantity_pattern(language)})",
            gap=_GAP,
            verbs=verbs,
            nouns=_vocabulary(language, "person_nouns"),
            auxiliaries=_vocabulary(language, "auxiliary"),
            qualifiers=_vocabulary(language, "qualifier"),
        )
        gate = CaselessWords(rf"\b(?:{verbs})\b")
        rules.append(
            _CountRule(
                entry["id"], entry["field"], re.compile(source, re.IGNORECASE), number_first, gate, language
            )
        )
    if language in ("en", ""):
        rules.append(
            _CountRule("en.count.toll", "killed", _TOLL, False, CaselessWords(r"\b(?:toll|number of)\b"))
        )
    return tuple(rules)


@functools.cache
def _pack_gate(language: str) -> tuple[str, ...]:
    """Substrings a sentence needs for any pack rule to match: the first word of each phrase."""
    return tuple({word.split()[0].lower() for entry in _count_entries(language) for word in entry["words"]})


# "killed the Taliban leader", "detained a facilitator": one person, counted as 1.
_SINGLE_NOUN = (
    r"(?:leader|commander|facilitator|insurgent|militant|fighter|member|man|woman|civilian|soldier|"
    r"policeman|police officer|officer|suspect|individual|associate|journalist|activist|boy|girl|child|"
    r"student|teacher|doctor|priest|chief|official|guard|bomber|attacker|gunman|emir|financier|expert|"
    r"smuggler|trafficker|operative|sub-commander|weapons dealer|dealer|maker|courier|spokesman|"
    r"coordinator|planner|organi[sz]er|recruiter|supplier|instructor|trainer|emplacer|builder|"
    r"financier|insurgent leader|cell leader|governor|mullah|person|forger|agent|driver|gunner|"
    r"sniper|spy|informant|militiaman|fighter)"
)
_PLURAL_NOUN = (
    r"(?:associates|others|insurgents|militants|fighters|suspects|individuals|members|people|men|"
    r"facilitators|leaders|commanders|suspected insurgents)"
)
# "and several associates", "along with three of his associates", "and a facilitator"
_CONJUNCT = (
    rf",?\s+(?:and|along with|as well as|together with)\s+(?P<cq>{_EN_QUANTITY}|another|a|an|one|his|her|their)\s+"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?P<cn>{_SINGLE_NOUN}|{_PLURAL_NOUN})\b"
)
_CONJUNCT_RE = re.compile(_CONJUNCT, re.IGNORECASE)


def _conjunct_total(more: str) -> int:
    """People joined to a first one: "and several associates" 3, "and his deputy" 1."""
    total = 0
    for conjunct in _CONJUNCT_RE.finditer(more):
        word = conjunct.group("cq").lower()
        if word in ("his", "her", "their"):
            # "and his associate" is one more; "and his associates" is a number nobody gave.
            total += 0 if conjunct.group("cn").lower().endswith("s") else 1
        else:
            total += 1 if word in ("another", "a", "an", "one") else parse_number(word) or 0
    return total


# "killed the Taliban leader", "detained a facilitator", "captured Taliban leader Wali": one person
# (plus any people joined to them), counted as 1 each.
_ONE_PERSON = re.compile(
    r"\b(?P<verb>killed|killing|shot dead|detained|detaining|arrested|arresting|captured|capturing|"
    r"apprehended|wounded|injured)\s+(?:(?P<q>a|an|the|one)\s+|(?-i:(?=[A-Z]|al-)))"
    rf"(?:(?!and\b)[\w'’()-]+\s+){{0,6}}?(?P<noun>{_SINGLE_NOUN})\b(?:,\s+[\w\s'’-]{{1,30}}?,)?"
    rf"(?P<more>(?:{_CONJUNCT.replace('(?P<cq>', '(?:').replace('(?P<cn>', '(?:')}){{0,3}})",
    re.IGNORECASE,
)
# "the commander was killed", "A Taliban facilitator was captured": one person, passive.
_ONE_PASSIVE = re.compile(
    rf"\b(?P<q>a|an|the|one|another)\s+(?:(?!and\b)[\w'’-]+\s+){{0,3}}?(?P<noun>{_SINGLE_NOUN})\b"
    r"(?:,\s+[\w\s'’-]{1,30}?,)?\s+(?:was|has been|had been|is)\s+(?:also\s+|reportedly\s+|then\s+)?"
    r"(?P<verb>killed|detained|captured|arrested|apprehended|wounded|injured|shot dead)\b",
    re.IGNORECASE,
)
# "killing Malawi Sahib": a named person.
_NAMED = re.compile(
    r"\b(?P<verb>killing|killed|detaining|detained|capturing|captured|arresting|arrested)\s+"
    r"(?P<q>(?!(?:Afghan|Taliban|Haqqani|Iraqi|Syrian|Pakistani|U\.?S\.?|American|British|Coalition)\b)"
    r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})(?=\s*(?:[,.;]|and\b|during\b|in\b|on\b|after\b|when\b|$))"
    rf"(?P<more>(?:{_CONJUNCT.replace('(?P<cq>', '(?:').replace('(?P<cn>', '(?:')}){{0,3}})"
)
# "engaged the male, killing him"; "He was engaged and killed": one person named by a pronoun.
_PRONOUN = re.compile(
    r"\b(?:(?P<verb>killing|killed|detaining|detained|capturing|captured|wounding|wounded)\s+(?P<q>him|her)\b|"
    r"(?P<q2>he|she)\s+(?:was\s+(?:\w+\s+and\s+)?)?(?P<verb2>killed|detained|captured|arrested|wounded|died))",
    re.IGNORECASE,
)
# "Also killed in the strike were more than a dozen insurgents"; "confirmed the death of Hemat".
_INVERTED = re.compile(
    rf"\b(?P<verb>killed|detained|captured|arrested|wounded|injured)\s+(?:[\w'’-]+\s+){{0,5}}?"
    rf"(?:were|was)\s+{_Q}",
    re.IGNORECASE,
)
_DEATH_OF = re.compile(
    rf"\b(?:confirmed|announced|reported|confirms|resulted in|caused)\s+(?:today\s+|yesterday\s+)?the\s+"
    rf"(?P<verb>death|capture|detention|arrest)\s+of\s+"
    rf"(?P<q>(?=[A-Z])|(?:a|an|the|one)\s+(?:[\w'’-]+\s+){{0,5}}?{_SINGLE_NOUN}\b)",
)
_AND_THE_GROUP = re.compile(
    rf"\s+and\s+(?:the|his|their|all)\s+(?:[\w'’-]+\s+){{0,2}}?{_PLURAL_NOUN}\b", re.IGNORECASE
)
# "conducted a lethal strike against an insurgent": the one targeted was killed.
_LETHAL_AGAINST = re.compile(
    rf"\blethal\s+(?:air\s?strike|strike|operation|force|raid)\s+(?:[\w'’,-]+\s+){{0,8}}?against\s+"
    rf"(?P<q>a|an|one)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<noun>{_SINGLE_NOUN})\b",
    re.IGNORECASE,
)
# German separable verbs: "nahm 31 Personen vorläufig fest", "31 Personen wurden festgenommen".
_GERMAN_ARREST = re.compile(
    rf"\bn(?:ahm|ahmen|immt|ehmen)\s+(?P<q>{quantity_pattern('de')})\s+(?:\w+\s+){{1,3}}?fest\b",
    re.IGNORECASE,
)
_FIELD_OF_VERB = {
    "killed": "killed", "killing": "killed", "shot dead": "killed", "detained": "arrested",
    "detaining": "arrested", "arrested": "arrested", "arresting": "arrested", "captured": "arrested",
    "capturing": "arrested", "apprehended": "arrested", "wounded": "injured", "injured": "injured",
    "death": "killed", "capture": "arrested", "detention": "arrested", "arrest": "arrested",
    "died": "killed",
}  # fmt: skip


@functools.cache
def _crowd_rule(language: str) -> tuple[re.Pattern[str], CaselessWords] | None:
    """The language's crowd pattern ("thousands of protesters marched") and the words its
    look-ahead needs (without one of them it cannot match); None for a pack without one."""
    entry = next((e for e in load_pack("counts", language) if e.get("use") == "crowd"), None)
    if entry is None:
        return None
    lead = rf"(?:(?:{phrase_pattern(entry['lead'])})\s+)?" if entry["lead"] else ""
    pattern = re.compile(
        rf"\b{lead}(?P<q>{quantity_pattern(language)})\s+(?:[\w'’-]+\s+){{0,3}}?(?P<who>{entry['nouns']})\b"
        rf"(?=[^.;]{{0,80}}?\b(?:{entry['activities']}))",
        re.IGNORECASE,
    )
    return pattern, CaselessWords(rf"\b(?:{entry['activities']})")


# A count inside a negation is not a count: "no one was hurt" -> 0 is fine, "not killed" is not.
_NEGATED_VERB = re.compile(r"\b(?:not|never|no one|nobody)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


# What the patterns beyond the pack's need (one person, named people, crowds, the toll).
_COUNT_GATE = (
    "nahm", "nimmt", "nehmen", "kill", "shot", "detain", "detention", "arrest", "captur", "apprehend", "wound",
    "injur", "death", "toll", "dead", "lethal", "protest", "demonstr", "rall", "march", "gather",
    "street", "chant", "part", "joined", "sit-in", "strike", "crowd", "attended",
)  # fmt: skip


def find_counts(sentence: str, language: str = "en") -> list[Count]:
    """Every count in a sentence, at most one per quantity (the nearest verb wins); the
    language picks the pack of words (data/packs/<language>/counts.json)."""
    return _find_counts(sentence, language)


def _find_counts(sentence: str, language: str) -> list[Count]:
    lowered = sentence.lower()
    if not any(map(lowered.__contains__, _COUNT_GATE)) and not any(
        map(lowered.__contains__, _pack_gate(language))
    ):
        return []
    found: list[Count] = []
    taken: list[tuple[int, int]] = []  # quantities already counted
    for rule in _rules(language):
        if rule.gate.found(sentence, lowered):
            for match in _overlapping(rule.pattern, sentence):
                _add_pack_count(sentence, rule, match, found, taken)
    _add_one_person_counts(sentence, found, taken)
    _add_passive_counts(sentence, found, taken)
    crowd = _crowd_rule(language)
    if crowd is not None and crowd[1].found(sentence, lowered):
        _add_crowd_counts(sentence, found, crowd[0], language)
    found.sort(key=lambda c: c.start)
    return found


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in taken)


def _add_pack_count(
    sentence: str, rule: _CountRule, match: re.Match[str], found: list[Count], taken: list[tuple[int, int]]
) -> None:
    """A count from one match of a pack rule, unless the context says it is none."""
    value = parse_number(match.group("q"))
    q_start, q_end = match.span("q")
    if value is None or not _free(taken, q_start, q_end) or _not_a_count(sentence, rule, match, value):
        return
    start, lower_bound = match.start(), is_lower_bound(match.group("q"))
    named_too = False
    if rule.number_first:
        before = sentence[:q_start]
        first_part = _FIRST_PART.search(before) if before.rstrip().lower().endswith(" and") else None
        if first_part and parse_number(first_part.group("q")):
            value += parse_number(first_part.group("q")) or 0  # "4 soldiers and 9 militants were killed"
            start, lower_bound = first_part.start("q"), lower_bound or is_lower_bound(first_part.group("q"))
        elif re.search(r"\b[A-Z][a-z'’-]+\s+and\s+$", words_before(sentence, q_start, 5)):
            value += 1  # "Jan and several fighters were killed": the named man is one more
            named_too = True
    who = match.groupdict().get("who") or ""
    if rule.number_first:
        value += _conjunct_total(who)  # "10 policemen and their driver were killed"
    vague = is_vague(match.group("q")) and not named_too
    found.append(
        Count(
            rule.field,
            value,
            start,
            match.end(),
            _about(who, rule.language),
            lower_bound,
            vague=vague,
            rule=rule.rule_id,
        )
    )
    taken.append((q_start, q_end))


def _not_a_count(sentence: str, rule: _CountRule, match: re.Match[str], value: int) -> bool:
    """A year, a unit, a question, a part of a group, a subset or a negation: no count."""
    q_start, q_end = match.span("q")
    if rule.number_first and _bad_gap(_PART_NAMED.sub(" ", match.group("who") or "")):
        return True
    if _is_year_or_unit(sentence, q_start, q_end, rule.language) or _QUESTION.search(
        words_before(sentence, q_start, 1)
    ):
        return True
    if value == 1 and _PART_OF.match(words_after(sentence, q_end, 2)):
        return True  # "one of the insurgents": a part of a group counted elsewhere
    if _SUBSET.search(words_before(sentence, q_start, 4)):
        return True  # "killing 12, including three children": the 3 are among the 12
    verb = match.groupdict().get("verb")
    return bool(verb) and bool(_NEGATED_VERB.search(words_before(sentence, match.start("verb"), 4)))


def _add_one_person_counts(sentence: str, found: list[Count], taken: list[tuple[int, int]]) -> None:
    """ "killed the commander", "killing Malawi Sahib", "killing him", "nahm 31 Personen fest"."""
    for match in _ONE_PERSON.finditer(sentence):
        if _AND_THE_GROUP.match(sentence, match.end()):
            continue  # "killed the commander and the militants": a group counted elsewhere, or not at all
        q_start, q_end = match.span("q") if match.group("q") else (match.start("noun"), match.end("noun"))
        one_field = _FIELD_OF_VERB.get(match.group("verb").lower())
        if one_field is not None and _free(taken, q_start, q_end):
            value = 1 + _conjunct_total(match.group("more") or "")
            found.append(Count(one_field, value, match.start(), match.end(), _about(match.group("noun"))))
            taken.append((q_start, q_end))
    for match in _NAMED.finditer(sentence):
        named_field = _FIELD_OF_VERB.get(match.group("verb").lower())
        if named_field and _free(taken, *match.span()):
            value = 1 + _conjunct_total(match.group("more") or "")
            found.append(Count(named_field, value, match.start(), match.end(), ""))
            taken.append(match.span())
    for match in _PRONOUN.finditer(sentence):
        verb = (match.group("verb") or match.group("verb2") or "").lower()
        pronoun_field = _FIELD_OF_VERB.get(verb) or {"wounding": "injured"}.get(verb)
        if pronoun_field and _free(taken, *match.span()):
            found.append(Count(pronoun_field, 1, match.start(), match.end(), ""))
            taken.append(match.span())
    for match in _GERMAN_ARREST.finditer(sentence):
        arrested = parse_number(match.group("q"))
        if arrested is not None and _free(taken, *match.span()):
            found.append(Count("arrested", arrested, match.start(), match.end(), ""))
            taken.append(match.span())
    for match in _LETHAL_AGAINST.finditer(sentence):
        if _free(taken, *match.span()):
            found.append(Count("killed", 1, match.start(), match.end(), _about(match.group("noun"))))
            taken.append(match.span())


def _add_passive_counts(sentence: str, found: list[Count], taken: list[tuple[int, int]]) -> None:
    """ "the commander was killed", "Also killed were 12 insurgents", "the death of Hemat"."""
    for pattern in (_ONE_PASSIVE, _INVERTED, _DEATH_OF):
        for match in pattern.finditer(sentence):
            q_start, q_end = match.span("q")
            if q_start == q_end:
                q_start, q_end = match.start(), match.end()
            if not _free(taken, q_start, q_end) or _inside_found(found, match):
                continue
            passive_field = _FIELD_OF_VERB.get(match.group("verb").lower())
            value = parse_number(match.group("q")) if pattern is _INVERTED else 1
            if passive_field is None or value is None:
                continue
            noun = match.groupdict().get("noun") or ""
            vague = pattern is _INVERTED and is_vague(match.group("q"))
            found.append(Count(passive_field, value, match.start(), match.end(), _about(noun), vague=vague))
            taken.append((q_start, q_end))


def _add_crowd_counts(sentence: str, found: list[Count], crowd: re.Pattern[str], language: str) -> None:
    for match in crowd.finditer(sentence):
        value = parse_number(match.group("q"))
        if value is None or value < 3 or _is_year_or_unit(sentence, *match.span("q"), language):
            continue
        if _QUESTION.search(words_before(sentence, match.start("q"), 1)):
            continue
        found.append(Count("crowd_size", value, match.start(), match.end(), "protesters"))


# ", including 14 soldiers," inside a count names a part of it, not another count.
_PART_NAMED = re.compile(r",\s+(?:including|among them)\s+[^,.;]{1,60},\s+")
# "4 soldiers and 9 militants were killed": the first group shares the verb of the second.
_FIRST_PART = re.compile(
    rf"(?:^|[.;:(]\s*)(?P<q>{_EN_QUANTITY})\s+(?:[\w'’-]+\s+){{1,2}}?and\s+$", re.IGNORECASE
)
_QUESTION = re.compile(r"\bhow\s+$", re.IGNORECASE)  # "how many people took part ... was unclear"
_SUBSET = re.compile(r"\b(?:including|among them|among whom|of whom|of them|of which)\s+(?:\w+\s+)?$", re.I)
# "One of the insurgents died": part of a group counted elsewhere.
_PART_OF = re.compile(r"^\s*(?:of\s+(?:the|them|those|these|his|their)\b)", re.I)


def _inside_found(found: list[Count], match: re.Match[str]) -> bool:
    """The match lies inside a count already found ("... soldiers of the National Guard had been killed")."""
    return any(count.start <= match.start() and match.end() <= count.end for count in found)


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Matches that may overlap: a rejected long match must not hide a shorter one inside it."""
    matches = []
    position = 0
    while position < len(text):
        match = pattern.search(text, position)
        if match is None:
            break
        matches.append(match)
        position = match.start() + 1
    return matches


def _bad_gap(words: str) -> bool:
    """Words between a number and its verb must not hold another clause's verb or number."""
    if "\n" in words or "\u2028" in words:
        return True
    if " and " in words and re.search(rf"\band\s+(?:{number_pattern('en')})\b", words, re.IGNORECASE):
        return True  # "One soldier and two dissidents died": the second figure is counted by itself
    if re.search(r"\b(?:and|or)\s+$", words):
        return True  # "seized multiple weapons and detained ...": the number belongs to another verb
    if re.search(
        r"\b(?!(?:armed|unarmed|suspected|alleged|wanted|unidentified|masked|uniformed|retired|"
        r"reported|hundred|red|united)\b)[a-z]+ed\b",
        words,
    ):
        return True  # "a number of operations ... and captured or killed": another verb in between
    return bool(
        re.search(
            r"\b(?:\d+|said|says|after|when|while|because|since|who|which|that|and\s+\d|killed|"
            r"injured|wounded|arrested|detained|dead)\b",
            words,
            re.IGNORECASE,
        )
    )


def _is_year_or_unit(sentence: str, start: int, end: int, language: str) -> bool:
    """A year, part of an identifier or a date, or a number of the pack's `things` (units, time
    spans, places, objects): not a count of people."""
    text = sentence[start:end]
    if re.fullmatch(r"(?:19|20)\d\d", text.strip()):
        return True
    # Parts of identifiers and dates ("2010-07-CA-075", "10/12"): not counts of people.
    if (start > 0 and sentence[start - 1] in "-/:.#") or sentence[end : end + 1] in ("-", "/", ":"):
        return True
    return _things(language).match(words_after(sentence, end, 2).lower()) is not None


@functools.cache
def _things(language: str) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_vocabulary(language, 'things')})\b")


@functools.cache
def _victim_kinds(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Who a count is about (state, armed, protesters, civilians), from the pack, in its order."""
    return tuple(
        (entry["kind"], re.compile(rf"\b(?:{entry['pattern']})\b", re.IGNORECASE))
        for entry in load_pack("counts", language)
        if entry.get("use") == "victim_kind"
    )


def _about(words: str, language: str = "en") -> str:
    """The kind of people a count names ("12 soldiers": state), "" when the words do not say."""
    if not words:
        return ""
    return next((kind for kind, pattern in _victim_kinds(language) if pattern.search(words)), "")
