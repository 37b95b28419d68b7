"""Faster scans for big alternations of words: a look-ahead on the possible first characters.

Python's regex engine tries every alternative of a pattern at every position of the text. For a
pattern of many words that costs one test per word per position. A look-ahead on the set of
characters a match can start with ("(?=[abk])(?:...)") rejects most positions with one test, and
changes no match: the set is computed from the parsed pattern, so it holds every character that
can start one (case variants are covered by compiling the look-ahead with the pattern's flags).
When the set cannot be worked out (a pattern that may match the empty string, or that starts with
a class such as \\w), the pattern is compiled as it is.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Zero-width items that do not consume the first character: skipped (the set stays a superset).
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_MAX_RANGE = 512  # wider ranges give up: the class would not reject much anyway


class _Unknown(Exception):
    """The first characters cannot be listed."""


def _first_of_sequence(items: Any) -> tuple[set[str], bool]:
    """(characters a match of the sequence can start with, whether it can match empty)."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        first, nullable = _first_of_item(op, av)
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        return _first_of_class(av), False
    if op is sre.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alternative in av[1]:
            first, empty = _first_of_sequence(alternative)
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op is sre.SUBPATTERN:
        return _first_of_sequence(av[-1])
    if op in _REPEATS:
        minimum, _maximum, body = av
        first, empty = _first_of_sequence(body)
        return first, empty or minimum == 0
    raise _Unknown(op)


def _first_of_class(items: Any) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            raise _Unknown(op)  # NEGATE, CATEGORY (\w, \s), a wide range
    return chars


def first_chars(source: str, flags: int = 0) -> frozenset[str] | None:
    """Every character a match of the pattern can start with; None when unknown or unbounded."""
    try:
        chars, nullable = _first_of_sequence(sre_parse.parse(source, flags))
    except _Unknown:
        return None
    return None if nullable or not chars else frozenset(chars)


def _engine_scans_fast(source: str, flags: int) -> bool:
    """The engine finds start positions by itself: a case-sensitive pattern that starts with a
    literal or a class (a look-ahead before it would only slow that scan down)."""
    if flags & re.IGNORECASE:
        return False
    items = sre_parse.parse(source, flags)
    while items and items[0][0] is sre.SUBPATTERN:
        items = items[0][1][-1]
    if not items:
        return False
    op, av = items[0]
    if op is sre.BRANCH:
        return all(alternative and alternative[0][0] is sre.LITERAL for alternative in av[1])
    return op is sre.LITERAL or op is sre.IN


def compile_words(source: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern, with a look-ahead on its first characters when they can be listed."""
    chars = first_chars(source, flags)
    if chars is None or _engine_scans_fast(source, flags):
        return re.compile(source, flags)
    guard = "".join(re.escape(char) for char in sorted(chars))
    return re.compile(rf"(?=[{guard}])(?:{source})", flags)
