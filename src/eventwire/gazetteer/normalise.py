"""Lookup keys for place names: one spelling per name, so "Alma-Ata", "Alma Ata" and "ALMA ATA" meet.

The key drops accents, case, full stops and apostrophes, turns hyphens into spaces and spells out
the abbreviations that start many place names ("St." -> "saint", "Ft." -> "fort", "Mt." -> "mount").
"""

from __future__ import annotations

import functools
import re
import unicodedata

_EXPANSIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}
_DROPPED = str.maketrans({".": "", "'": "", "’": "", "`": "", "ʻ": "", "ʼ": ""})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/,]+")
_THE = "the "


def strip_accents(text: str) -> str:
    """Latin letters without their diacritics; other scripts untouched."""
    if text.isascii():
        return text  # nothing to decompose: NFKD leaves ASCII as it is
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The lookup key of a place name (cached: a text looks up the same names many times)."""
    folded = strip_accents(name).casefold().translate(_DROPPED)
    folded = folded.replace("ß", "ss").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    words = [word for word in _SEPARATORS.split(folded) if word]
    if not words:
        return ""
    words[0] = _EXPANSIONS.get(words[0], words[0])
    key = " ".join(words)
    if key.startswith(_THE) and len(key) > len(_THE):
        key = key[len(_THE) :]
    return key
