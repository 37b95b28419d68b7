"""PLOVER event types (16) and modes from the words of a sentence, and from ACLED sub-types.

Verbal events (requests, promises, calls for talks, resignations, price cuts) have no ACLED
type; PLOVER covers them. The words live in language packs (`data/packs/<language>/plover.json`,
see eventwire/packs.py): trigger entries (a type and mode per pattern), reporting verbs, the words
that open a background clause, the cues of a statement of intent and the finite-verb shape.

The main event follows the structure of a news lead: the trigger of the main clause, at or
after its main verb. A reporting frame ("X said", "according to") only frames the event it
reports; a trigger in a subordinate or relative clause ("after the bombing", "who fled") or in
the subject ("aid agencies met") is background. Those are used only when nothing else is there.
A cooperative act announced for the future is AGREE (the manual prefers one category to
category + auxiliary mode), an announced retreat CONCEDE, a conflictual one THREATEN.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from eventwire import packs
from eventwire.words import words_before

# ACLED sub-event -> (PLOVER type, mode): the mapping in docs/TAXONOMY.md section 3.
FROM_ACLED: dict[str, tuple[str, str]] = {
    "Government regains territory": ("ASSAULT", "firearms"),
    "Non-state actor overtakes territory": ("ASSAULT", "firearms"),
    "Armed clash": ("ASSAULT", "firearms"),
    "Excessive force against protesters": ("ASSAULT", "crowd-control"),
    "Protest with intervention": ("PROTEST", "demo"),
    "Peaceful protest": ("PROTEST", "demo"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("ASSAULT", "beat"),
    "Chemical weapon": ("ASSAULT", "unconventional"),
    "Air/drone strike": ("ASSAULT", "aerial"),
    "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", "firearms"),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Agreement": ("AGREE", ""),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", "troops"),
    "Disrupted weapons use": ("COERCE", "seize"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "destroy"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"),
    "Other": ("", ""),
}


@dataclass(frozen=True)
class PloverHit:
    plover_type: str
    mode: str
    start: int
    end: int


@dataclass(frozen=True)
class _Grammar:
    """One language's PLOVER pack, compiled: the triggers as one alternation (one scan finds
    every trigger in text order) and the clause cues that decide which trigger is the event."""

    # Every pattern runs on lower-cased text (see `_lowered`): about twice as fast as IGNORECASE.
    triggers: re.Pattern[str]
    rule_of_group: dict[str, tuple[str, str]]
    reporting: re.Pattern[str] | None
    subordinate: re.Pattern[str] | None
    future: tuple[re.Pattern[str], ...]
    headline_future: tuple[re.Pattern[str], ...]
    finite: re.Pattern[str] | None
    adjective_before: re.Pattern[str] | None
    relative_after: re.Pattern[str] | None


def _entry_pattern(entry: dict[str, Any]) -> str:
    return str(entry["pattern"]) if "pattern" in entry else packs.phrase_pattern(entry["words"])


def _trigger_source(entries: list[dict[str, Any]]) -> tuple[str, dict[str, tuple[str, str]]]:
    """One named group per trigger entry; at a shared start the entry listed first wins."""
    groups = [
        rf"(?P<r{i}>{_letter_guard(_entry_pattern(entry))}(?:{_entry_pattern(entry)})\b)"
        for i, entry in enumerate(entries)
    ]
    rule_of_group = {
        f"r{i}": (entry["plover_type"], entry.get("mode", "")) for i, entry in enumerate(entries)
    }
    # A trigger starts a word, and not after a hyphen: "government-backed" backs nobody.
    return r"(?<![\w-])(?=[^\W\d_])(?:" + "|".join(groups) + ")", rule_of_group


def _letter_guard(pattern: str) -> str:
    """A lookahead for the letters the pattern can start with, so that the scan rejects a word
    with one check per entry instead of trying every branch (the same matches, several times
    faster). Empty where the first letters are not plain to see."""
    letters = _first_letters(pattern)
    return f"(?=[{''.join(sorted(letters))}])" if letters else ""


def _first_letters(pattern: str) -> set[str] | None:
    """The first letters of a pattern's top-level branches; None where a branch starts with
    anything but a letter, a group of branches or a lookbehind."""
    letters: set[str] = set()
    for branch in _top_level_branches(pattern):
        branch = re.sub(r"^(?:\(\?<[=!][^()]*\))+", "", branch)  # a lookbehind reads no letter
        if branch[:1].isalpha():
            letters.add(branch[0])
        elif branch.startswith("(?:"):
            inner = _first_letters(branch[3 : _closing(branch)])
            if inner is None or branch[_closing(branch) + 1 : _closing(branch) + 2] in ("?", "*"):
                return None
            letters |= inner
        else:
            return None
    return letters


def _top_level_branches(pattern: str) -> list[str]:
    branches, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
    return [*branches, pattern[start:]]


def _closing(branch: str) -> int:
    """Where the group that opens the branch closes."""
    depth = 0
    for index, char in enumerate(branch):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return index
    return len(branch)


def _role_pattern(entries: list[dict[str, Any]], role: str, template: str) -> re.Pattern[str] | None:
    sources = [_entry_pattern(entry) for entry in entries if entry.get("role") == role]
    return re.compile(template.format("|".join(sources))) if sources else None


@functools.cache
def _grammar_of_pack(pack_language: str) -> _Grammar:
    entries = packs.load_pack("plover", pack_language)
    source, rule_of_group = _trigger_source([entry for entry in entries if entry.get("role") == "trigger"])
    future = tuple(re.compile(_entry_pattern(entry)) for entry in entries if entry.get("role") == "future")
    headline = tuple(
        re.compile(_entry_pattern(entry)) for entry in entries if entry.get("role") == "headline_future"
    )
    return _Grammar(
        triggers=re.compile(source),
        rule_of_group=rule_of_group,
        reporting=_role_pattern(entries, "reporting", r"\b(?:{})\b"),
        subordinate=_role_pattern(entries, "subordinate", r"\b(?:{})\b"),
        future=future,
        headline_future=headline,
        finite=_role_pattern(entries, "finite", r"\b(?:{})\b"),
        adjective_before=_role_pattern(entries, "adjective_before", r"(?:\b(?:{})\s+|-)$"),
        relative_after=_role_pattern(entries, "relative_after", r"\s+(?:{})\b"),
    )


def _grammar(language: str) -> _Grammar:
    return _grammar_of_pack(packs.pack_language("plover", language))


def _lowered(sentence: str) -> str:
    """The sentence in lower case, letter for letter, so that offsets stay the sentence's
    (a few letters lower-case to two characters; those keep their case)."""
    lowered = sentence.lower()
    if len(lowered) == len(sentence):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in sentence)


def plover_hits(sentence: str, language: str = packs.DEFAULT_LANGUAGE) -> list[PloverHit]:
    """Every PLOVER trigger in a sentence, in text order (at a shared start the earlier rule wins)."""
    return _hits(_lowered(sentence), _grammar(language))


def _hits(lowered: str, grammar: _Grammar) -> list[PloverHit]:
    hits = []
    for match in grammar.triggers.finditer(lowered):
        plover_type, mode = grammar.rule_of_group[str(match.lastgroup)]
        hits.append(PloverHit(plover_type, mode, match.start(), match.end()))
    return hits


@functools.lru_cache(maxsize=4096)
def main_plover(sentence: str, language: str = packs.DEFAULT_LANGUAGE) -> PloverHit | None:
    """The sentence's main PLOVER event: the main clause's first trigger at or after its main verb.

    Triggers in a reporting frame, a background clause or the subject are used only when the
    main clause has none. A cooperative act announced for the future is AGREE (an announced
    retreat CONCEDE); a conflictual one is THREATEN.
    """
    return _main_plover_cached(sentence, language)


@functools.lru_cache(maxsize=4096)
def _main_plover_cached(sentence: str, language: str) -> PloverHit | None:
    # Cached: the coder asks about one sentence from several steps.
    grammar = _grammar(language)
    text = _lowered(sentence)
    hits = _hits(text, grammar)
    if not hits:
        return None
    frames = _frame_spans(text, grammar, hits)
    background = _background_spans(text, grammar, hits)
    # Case tells verbs from names ("United", "Armed"): the finite verb is sought in the sentence.
    main_verb_at = _main_verb_at(sentence, grammar, frames + background)
    chosen = min(hits, key=lambda hit: (_clause_rank(hit, frames, background, main_verb_at or 0), hit.start))
    # A headline has no finite verb: "X to ease ban" announces an act.
    future = grammar.future if main_verb_at is not None else grammar.future + grammar.headline_future
    return _as_statement_of_intent(text, future, chosen)


def _clause_rank(
    hit: PloverHit, frames: list[tuple[int, int]], background: list[tuple[int, int]], main_verb_at: int
) -> int:
    """0: the main clause; 1: the subject, before the main verb; 2: a background clause; 3: a frame."""
    if _inside(hit.start, frames):
        return 3
    if _inside(hit.start, background):
        return 2
    return 1 if hit.end <= main_verb_at else 0


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _covered(offset: int, end: int, hits: list[PloverHit]) -> bool:
    """The words at `offset` begin or sit inside a longer trigger ("told the firm to halt")."""
    return any(hit.start <= offset < hit.end and hit.end > end for hit in hits)


# After a reporting verb: when, and "that", which belong to the frame too.
_FRAME_TAIL = re.compile(
    r"(?:\s+(?:on|last|this|late|early)\s+\w+|\s+(?:today|yesterday|tonight))?(?:\s+that\b)?"
)
# The end of a clause: a comma, semicolon, colon or dash.
_CLAUSE_END = re.compile(r"[,;:]|\s[-\u2013\u2014]\s")


def _frame_spans(sentence: str, grammar: _Grammar, hits: list[PloverHit]) -> list[tuple[int, int]]:
    """Reporting frames, from the clause's start to the reporting verb and its "on Friday that":
    "Iran said on Sunday | it was ready", "Troops withdrew, | the ministry said"."""
    if grammar.reporting is None:
        return []
    spans = []
    for match in grammar.reporting.finditer(sentence):
        if _covered(match.start(), match.end(), hits):
            continue
        tail = _FRAME_TAIL.match(sentence, match.end())
        spans.append((_frame_start(sentence, match.start()), tail.end() if tail else match.end()))
    return spans


# The subject of a reporting verb is short ("a spokesman for the pan-African body said"); a
# frame reaches back no further, so that "X complained ... in which it said" keeps its event.
_FRAME_SUBJECT = re.compile(r"(?:[^\s,;:]+\s+){0,7}$")


def _frame_start(sentence: str, verb_at: int) -> int:
    clause_start = max(sentence.rfind(mark, 0, verb_at) for mark in ",;:") + 1
    subject = _FRAME_SUBJECT.search(sentence, clause_start, verb_at)
    return subject.start() if subject else clause_start


def _background_spans(sentence: str, grammar: _Grammar, hits: list[PloverHit]) -> list[tuple[int, int]]:
    """Subordinate and relative clauses and adverbial phrases, from their opening word to the
    clause's end: "after the bombing", "who fled", "ahead of a rally"."""
    if grammar.subordinate is None:
        return []
    spans = []
    for match in grammar.subordinate.finditer(sentence):
        if _covered(match.start(), match.start(), hits):
            continue  # "called for", "bowed to": the word is part of a trigger
        clause_end = _CLAUSE_END.search(sentence, match.end())
        spans.append((match.start(), clause_end.start() if clause_end else len(sentence)))
    return spans


def _main_verb_at(sentence: str, grammar: _Grammar, blocked: list[tuple[int, int]]) -> int | None:
    """Where the main clause's finite verb stands, roughly (None where none is found: headlines).

    Participles used as adjectives ("the banned party") do not count, nor does a reduced
    relative in the subject ("soldiers killed in Iraq filed") when a finite verb follows it.
    """
    if grammar.finite is None:
        return 0  # a pack without the finite-verb shape: every trigger counts as in the main clause
    verbs = [
        match
        for match in grammar.finite.finditer(sentence)
        if not _inside(match.start(), blocked) and not _modifies_a_noun(sentence, grammar, match.start())
    ]
    for index, verb in enumerate(verbs):
        if index + 1 < len(verbs) and _reduced_relative(sentence, grammar, verb):
            continue
        return verb.start()
    return None


def _modifies_a_noun(sentence: str, grammar: _Grammar, at: int) -> bool:
    before = words_before(sentence, at, 2)
    return grammar.adjective_before is not None and grammar.adjective_before.search(before) is not None


def _reduced_relative(sentence: str, grammar: _Grammar, verb: re.Match[str]) -> bool:
    if grammar.relative_after is None or not verb.group().endswith("ed"):
        return False
    return grammar.relative_after.match(sentence, verb.end()) is not None


_COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
_THREATENABLE = {"COERCE", "SANCTION", "ASSAULT", "REJECT", "PROTEST", "MOBILIZE"}


def _as_statement_of_intent(
    sentence: str, future: tuple[re.Pattern[str], ...], chosen: PloverHit
) -> PloverHit:
    """A trigger announced for the future ("will send aid", "X to ease ban") is a statement:
    AGREE for cooperation, CONCEDE for a retreat, THREATEN for conflict."""
    before = sentence[: chosen.start]
    if not any(pattern.search(before) for pattern in future):
        return chosen
    if chosen.plover_type == "RETREAT":
        return PloverHit("CONCEDE", "", chosen.start, chosen.end)
    if chosen.plover_type in _COOPERATIVE:
        return PloverHit("AGREE", "", chosen.start, chosen.end)
    if chosen.plover_type in _THREATENABLE:
        return PloverHit("THREATEN", chosen.mode, chosen.start, chosen.end)
    return chosen


def mode_for_change(sentence: str, language: str = packs.DEFAULT_LANGUAGE) -> tuple[str, str]:
    """PLOVER for ACLED's 'Change to group/activity': deployments mobilise, security measures coerce."""
    hit = main_plover(sentence, language)
    if hit and hit.plover_type in ("COERCE", "MOBILIZE", "RETREAT", "CONCEDE"):
        return hit.plover_type, hit.mode
    return "MOBILIZE", "troops"
