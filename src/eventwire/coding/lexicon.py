"""Cue patterns for ACLED's 25 sub-event types, with the codebook's precedence.

The words live in language packs (`data/packs/<language>/types.json`, see eventwire/packs.py);
this module compiles the pack of a language once and hands it to typing.py. A pack holds:

- cue entries: weighted patterns per sub-event type (3 = the words alone name the event,
  2 = a strong cue, 1 = a hint). A sentence's score for a type is the best weight that matches;
  ties go to the type listed first in PRECEDENCE (the codebook's order within an event type;
  across event types the more specific tactic first);
- gate entries: cheap stems, one of which any cue of the type needs, so that the costly
  patterns run only on sentences that may match them;
- vocabulary entries: named word lists (actors, victims, the features of a demonstration, the
  contexts that explain an event away). A pattern names one as `{NAME}`.

Protests and riots are decided from features (a demonstration context, violence by the crowd,
force against it) because the same words ("tear gas", "clashed") mean different sub-events in
different company. Patterns are written against lower-cased text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventwire import packs

# ACLED sub-event type -> (event type, disorder type)
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Armed clash": ("Battles", "Political violence"),
    "Excessive force against protesters": ("Protests", "Political violence; Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}

# When tactics co-occur with equal weight: the more specific, more severe tactic wins.
PRECEDENCE: tuple[str, ...] = (
    "Chemical weapon",
    "Suicide bomb",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Excessive force against protesters",
    "Violent demonstration",
    "Protest with intervention",
    "Peaceful protest",
    "Sexual violence",
    "Abduction/forced disappearance",
    "Mob violence",
    "Attack",
    "Armed clash",
    "Non-violent transfer of territory",
    "Headquarters or base established",
    "Disrupted weapons use",
    "Looting/property destruction",
    "Arrests",
    "Agreement",
    "Change to group/activity",
    "Other",
)
PRECEDENCE_INDEX = {name: index for index, name in enumerate(PRECEDENCE)}

# The gate of the demonstration features (typing.py decides protests and riots from them).
DEMONSTRATION = "demonstration"


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]  # for any text
    lower: re.Pattern[str]  # the same pattern, case-sensitive, for lower-cased text (about twice as fast)
    weight: float
    rule: str  # the pack entry's id, so that a coded type can say which rule set it
    place_after: bool  # territory: the words after the match must name a place (English word order)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per pack, cached
class Lexicon:
    """One language's compiled pack."""

    language: str
    vocabulary: dict[str, str]  # name -> regular expression (lower case, without boundaries unless stated)
    vocabulary_rules: dict[str, str]  # name -> pack entry id
    cues: dict[str, tuple[Cue, ...]]  # sub-event type -> its cues, in pack order (ties keep the first)
    gates: dict[str, tuple[str, ...]]  # sub-event type (or DEMONSTRATION) -> stems, one of which must occur
    any_gate: tuple[str, ...]  # every stem of every cue gate


def lexicon(language: str = packs.DEFAULT_LANGUAGE) -> Lexicon:
    """The compiled `types` pack of a language (English for a language without one)."""
    return _compiled(packs.pack_language("types", language))


@functools.cache
def _compiled(language: str) -> Lexicon:
    entries = packs.load_pack("types", language)
    vocabulary: dict[str, str] = {}
    vocabulary_rules: dict[str, str] = {}
    cues: dict[str, list[Cue]] = {}
    gates: dict[str, tuple[str, ...]] = {}
    # In file order: a vocabulary is defined before the patterns that name it.
    for entry in entries:
        if "vocabulary" in entry:
            vocabulary[entry["vocabulary"]] = entry_source(entry, vocabulary)
            vocabulary_rules[entry["vocabulary"]] = entry["id"]
        elif "gate" in entry:
            gates[entry["gate"]] = tuple(entry["stems"])
        else:
            cues.setdefault(entry["sub_event_type"], []).append(_cue(entry, vocabulary))
    cue_stems = {stem for name, stems in gates.items() if name != DEMONSTRATION for stem in stems}
    return Lexicon(
        language=language,
        vocabulary=vocabulary,
        vocabulary_rules=vocabulary_rules,
        cues={name: tuple(found) for name, found in cues.items()},
        gates=gates,
        any_gate=tuple(sorted(cue_stems)),
    )


# How a phrase list is bounded: whole words, word starts (stems), or anywhere (compound parts).
_BOUNDARIES = {"word": (r"\b", r"\b"), "start": (r"\b", ""), "none": ("", "")}
_NAMED = re.compile(r"\{([A-Z_]+)\}")  # {NAME}; never a quantifier such as {0,40}
# {WORDS:n}: up to n words between two parts of a pattern, within the sentence (no "." or ";");
# {PHRASE:n}: the same within one phrase (no comma either). Words are runs of non-space
# characters, as in eventwire.words; the last may run into the next part (German compounds).
# Words and spaces cannot overlap, so each split of the text into words is tried once only.
_GAP = re.compile(r"\{(WORDS|PHRASE):(\d+)\}")
_GAP_WORD = {"WORDS": r"[^\s.;]", "PHRASE": r"[^\s.;,]"}


def _gap(found: re.Match[str]) -> str:
    word = _GAP_WORD[found.group(1)]
    return rf"\s*(?:{word}+\s+){{0,{int(found.group(2))}}}?{word}*?"


def entry_source(entry: dict[str, Any], vocabulary: dict[str, str]) -> str:
    """The regular expression of a pack entry: its phrases, or its pattern with `{NAME}`s filled in."""
    if "phrases" in entry:
        before, after = _BOUNDARIES[entry.get("boundary", "word")]
        return f"{before}(?:{packs.phrase_pattern(entry['phrases'])}){after}"
    pattern = _GAP.sub(_gap, entry["pattern"])
    return _NAMED.sub(lambda named: f"(?:{vocabulary[named.group(1)]})", pattern)


def _cue(entry: dict[str, Any], vocabulary: dict[str, str]) -> Cue:
    source = entry_source(entry, vocabulary)
    return Cue(
        pattern=re.compile(source, re.IGNORECASE),
        lower=re.compile(source),
        weight=float(entry["weight"]),
        rule=entry["id"],
        place_after=bool(entry.get("place_after", False)),
    )


class CaselessWords:
    """A case-insensitive pattern of lower-case words, searched on the lower-cased text.

    Without IGNORECASE the engine compares literals directly: about five times faster. The
    answer is the same unless lower-casing changes the text's length ("İ") or the text holds a
    letter that IGNORECASE equates with an ASCII one ("ı" with i, "ſ" with s): then the
    case-insensitive pattern runs on the text itself.
    """

    _FOLDS_TO_ASCII = ("ı", "ſ")

    def __init__(self, source: str) -> None:
        # Letters beyond ASCII that IGNORECASE folds only as lower() does (no "ı"-like twins).
        if any(
            char.isupper() or not (char.isascii() or char in "äöüß’") for char in re.sub(r"\\.", "", source)
        ):
            raise ValueError("CaselessWords takes lower-case ASCII (and German) patterns only")
        self.exact = re.compile(source, re.IGNORECASE)
        self.folded = re.compile(source)

    def found(self, text: str, lowered: str) -> bool:
        """Whether the pattern occurs in text; `lowered` is text.lower()."""
        return self.search(text, lowered) is not None

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        """The first match, with offsets into text; its group() may be in lower case."""
        if self._folds(text, lowered):
            return self.folded.search(lowered)
        return self.exact.search(text)

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Every match, with offsets into text; their group() may be in lower case."""
        if self._folds(text, lowered):
            return self.folded.finditer(lowered)
        return self.exact.finditer(text)

    def _folds(self, text: str, lowered: str) -> bool:
        return len(lowered) == len(text) and not any(map(lowered.__contains__, self._FOLDS_TO_ASCII))


def has_any(lowered: str, stems: tuple[str, ...]) -> bool:
    # map() over the bound method: no generator frame per stem (about three times faster).
    return any(map(lowered.__contains__, stems))
