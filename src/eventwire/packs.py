"""Language packs: the words of each language, as data, one folder per language.

`data/packs/<language>/<name>.json` holds entries with an `id`, the words, the codebook reason
and example sentences (the tests run every example). The detected language picks the pack, so
no language's words sit in another's list; a language without a pack of its own is read with
the English one. Adding a language means adding a folder, not editing the modules that use it.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "en"


def pack_languages() -> list[str]:
    """Every language that has a pack folder."""
    root = resources.files("eventwire") / "data" / "packs"
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir())


@functools.cache
def load_pack(name: str, language: str) -> list[dict[str, Any]]:
    """The entries of one pack (`counts`, ...) for a language, falling back to English."""
    folder = resources.files("eventwire") / "data" / "packs"
    path = folder / (language or DEFAULT_LANGUAGE) / f"{name}.json"
    if not path.is_file():
        path = folder / DEFAULT_LANGUAGE / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = document["entries"]
    return entries


def phrase_pattern(words: list[str]) -> str:
    """An alternation of whole phrases, longest first; a space matches any run of whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


@functools.cache
def pack_language(name: str, language: str) -> str:
    """The language whose `name` pack reads `language`: its own, or English where it has none."""
    folder = resources.files("eventwire") / "data" / "packs"
    if language and (folder / language / f"{name}.json").is_file():
        return language
    return DEFAULT_LANGUAGE
