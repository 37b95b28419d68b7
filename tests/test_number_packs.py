"""The number packs: every example phrase parses to its value, and each language keeps its words."""

from __future__ import annotations

import re
from typing import Any

import pytest

from eventwire.coding.numbers import is_lower_bound, is_vague, parse_number, quantity_pattern
from eventwire.packs import load_pack, pack_language, pack_languages


def _number_languages() -> list[str]:
    return [language for language in pack_languages() if pack_language("numbers", language) == language]


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (language, entry["id"], example)
        for language in _number_languages()
        for entry in load_pack("numbers", language)
        for example in entry["examples"]
    ]


def test_every_number_entry_has_an_id_a_reason_and_two_examples():
    assert {"en", "de"} <= set(_number_languages())
    for language in _number_languages():
        for entry in load_pack("numbers", language):
            assert entry["id"].startswith(f"{language}.number."), entry["id"]
            assert entry["reason"] and entry["use"], entry["id"]
            assert len({example["text"] for example in entry["examples"]}) >= 2, entry["id"]


@pytest.mark.parametrize(("language", "entry_id", "example"), _examples(), ids=lambda v: str(v)[:30])
def test_number_examples(language: str, entry_id: str, example: dict[str, Any]):
    text = example["text"]
    assert parse_number(text) == example["value"], entry_id
    if "vague" in example:
        assert is_vague(text) is example["vague"], entry_id
    if "lower_bound" in example:
        assert is_lower_bound(text) is example["lower_bound"], entry_id
    # The phrase is a whole quantity in its own language.
    assert re.fullmatch(quantity_pattern(language), text, re.IGNORECASE), entry_id


def test_no_word_names_two_numbers_across_languages():
    seen: dict[str, int] = {}
    for language in _number_languages():
        for entry in load_pack("numbers", language):
            for word, value in entry.get("values", {}).items():
                assert seen.setdefault(word, value) == value, word


def test_a_german_number_word_is_no_quantity_in_english():
    assert re.fullmatch(quantity_pattern("de"), "mindestens zwölf", re.IGNORECASE)
    assert not re.fullmatch(quantity_pattern("en"), "mindestens zwölf", re.IGNORECASE)
    assert not re.fullmatch(quantity_pattern("de"), "at least twelve", re.IGNORECASE)
