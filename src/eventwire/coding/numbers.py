"""Numbers as news reports write them: digits, number words and ACLED's vague quantities.

ACLED's rules for vague figures (FAQ on fatalities): "tens" -> 10, "dozens" -> 12,
"hundreds" -> 100; "several", "a few", "multiple" -> 3. Lower bounds ("at least", "more
than", "over") keep the stated figure: ACLED codes the lowest reported number.

The words live in each language's `numbers` pack. What a rule matches is one language's
`quantity_pattern`; reading a matched phrase (`parse_number`) knows the words of every pack,
since a phrase was already matched in its own language and no word means two numbers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from eventwire.packs import DEFAULT_LANGUAGE, load_pack, pack_languages, phrase_pattern

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


@dataclass
class _Words:
    """The number words of one pack, or of all packs together."""

    units: dict[str, int] = field(default_factory=dict)
    scales: dict[str, int] = field(default_factory=dict)
    vague: dict[str, int] = field(default_factory=dict)
    lower_bound: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)

    def add(self, entry: dict[str, object]) -> None:
        use = str(entry["use"])
        if use in ("units", "scales", "vague"):
            getattr(self, use).update(entry["values"])
        else:
            getattr(self, use).extend(entry["words"])


@functools.cache
def _words(language: str) -> _Words:
    """One language's words ("" for every pack's, which is what reading a phrase needs)."""
    words = _Words()
    for pack_language in [language] if language else pack_languages():
        for entry in load_pack("numbers", pack_language):
            words.add(entry)
    return words


@functools.cache
def number_pattern(language: str = DEFAULT_LANGUAGE) -> str:
    """A number written out: "three hundred and seventeen", "twenty-five", "1,200", "2.5 million"."""
    words = _words(language)
    units = phrase_pattern([w for w in words.units if len(w) > 2])
    scales = phrase_pattern(list(words.scales)) or "(?!)"
    joined = rf"(?:{units})(?:[\s-]+(?:{units}|{scales})|(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{units}))*"
    return rf"{_DIGITS}(?:\s+(?:{scales}))?|(?:{joined})"


@functools.cache
def quantity_pattern(language: str = DEFAULT_LANGUAGE) -> str:
    """A number or a vague quantity, with an optional lower-bound or approximation word."""
    words = _words(language)
    qualifiers = phrase_pattern(words.lower_bound + words.approximate)
    vague = phrase_pattern(list(words.vague))
    return rf"(?:(?:{qualifiers})\s+)?(?:{number_pattern(language)}|{vague})"


@functools.cache
def _qualifier() -> re.Pattern[str]:
    words = _words("")
    return re.compile(rf"^(?:{phrase_pattern(words.lower_bound + words.approximate)})\s+", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """The integer a number phrase names, or None: "317", "1,200", "three hundred and seventeen"."""
    phrase = _qualifier().sub("", text.strip().lower())
    words = _words("")
    if not phrase:
        return None
    if phrase in words.vague:
        return words.vague[phrase]
    digits = re.fullmatch(rf"({_DIGITS})(?:\s+(\w+))?", phrase)
    if digits and (digits.group(2) is None or digits.group(2) in words.scales):
        value = float(digits.group(1).replace(",", ""))
        if digits.group(2):
            value *= words.scales[digits.group(2)]
        return int(value)
    return _parse_words(phrase, words)


def _parse_words(phrase: str, words: _Words) -> int | None:
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase):
        if word == "and":
            continue
        if word in words.units:
            current += words.units[word]
            seen = True
        elif word in words.scales:
            scale = words.scales[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def is_lower_bound(text: str) -> bool:
    """True when the phrase states a minimum ("at least 8", "more than 100", "mindestens 14")."""
    lower = phrase_pattern(_words("").lower_bound)
    return re.match(rf"(?:{lower})\b", text.strip(), re.IGNORECASE) is not None


def is_vague(text: str) -> bool:
    """True for ACLED's vague quantities ("several", "dozens of"), false for numbers."""
    return _qualifier().sub("", text.strip().lower()) in _words("").vague
