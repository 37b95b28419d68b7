"""The status packs: every entry's examples run through `status_of`, in the entry's language."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.coding.status import status_of
from eventwire.packs import load_pack, pack_language, pack_languages


def _status_languages() -> list[str]:
    return [language for language in pack_languages() if pack_language("status", language) == language]


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (language, entry["id"], example)
        for language in _status_languages()
        for entry in load_pack("status", language)
        for example in entry["examples"]
    ]


def test_status_packs_exist_for_english_and_german():
    assert {"en", "de"} <= set(_status_languages())


def test_every_status_entry_has_an_id_a_use_a_reason_and_two_examples():
    for language in _status_languages():
        ids = [entry["id"] for entry in load_pack("status", language)]
        assert len(ids) == len(set(ids))
        for entry in load_pack("status", language):
            assert entry["id"].startswith(f"{language}.status."), entry["id"]
            assert entry["use"] and entry["reason"], entry["id"]
            assert ("words" in entry) != ("pattern" in entry), entry["id"]
            texts = {example["text"] for example in entry["examples"]}
            assert len(texts) >= 2, entry["id"]


@pytest.mark.parametrize(
    ("language", "entry_id", "example"), _examples(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_status_examples(language: str, entry_id: str, example: dict[str, Any]):
    text = example["text"]
    at = text.index(example["trigger"])
    found = status_of(text, at, published_year=example.get("published_year"), language=language)
    assert found == example["status"], f"{entry_id}: {text!r}"


def test_a_german_word_is_no_cue_in_english():
    text = "Gestern wurde nicht protestiert; the crowd marched to the square."
    assert status_of(text, text.index("marched"), language="en") == "current"
    german = "Die Menge wurde nicht zerstreut."
    assert status_of(german, german.index("zerstreut"), language="de") == "negated"
    assert status_of(german, german.index("zerstreut"), language="en") == "current"


def test_a_language_without_a_pack_reads_english():
    text = "Police did not detain anyone."
    assert status_of(text, text.index("detain"), language="fr") == "negated"
