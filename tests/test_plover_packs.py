"""The PLOVER packs: every entry's example sentences run as tests, and the main event of a
sentence follows the structure of a news lead."""

from __future__ import annotations

import re

import pytest

from eventwire.coding.plover import main_plover, plover_hits
from eventwire.packs import load_pack, pack_languages

ROLES = {
    "trigger",
    "reporting",
    "subordinate",
    "future",
    "headline_future",
    "finite",
    "adjective_before",
    "relative_after",
}


def _languages() -> list[str]:
    return [language for language in pack_languages() if _has_plover_pack(language)]


def _has_plover_pack(language: str) -> bool:
    return any(entry["id"].startswith(f"{language}.plover.") for entry in load_pack("plover", language))


def _examples() -> list[tuple[str, str, str, str]]:
    return [
        (language, entry["id"], example["text"], example["expect"])
        for language in _languages()
        for entry in load_pack("plover", language)
        for example in entry["examples"]
    ]


def test_every_entry_has_an_id_a_role_a_reason_and_two_examples():
    for language in _languages():
        entries = load_pack("plover", language)
        assert len({entry["id"] for entry in entries}) == len(entries)
        for entry in entries:
            assert entry["id"].startswith(f"{language}.plover.") and entry["reason"], entry["id"]
            assert entry["role"] in ROLES, entry["id"]
            assert ("words" in entry) != ("pattern" in entry), entry["id"]
            assert len({example["text"] for example in entry["examples"]}) >= 2, entry["id"]


@pytest.mark.parametrize(("language", "entry_id", "text", "expect"), _examples())
def test_plover_examples(language: str, entry_id: str, text: str, expect: str):
    hit = main_plover(text, language)
    assert hit is not None and hit.plover_type == expect, (entry_id, text, hit)


def test_english_triggers_hold_no_german_word():
    patterns = " ".join(
        entry.get("pattern", "") + " ".join(entry.get("words", [])) for entry in load_pack("plover", "en")
    )
    assert not re.search("[äöüß]", patterns)
    assert main_plover("Die Polizei hat zwölf Aktivisten festgenommen.", "en") is None


@pytest.mark.parametrize(
    ("sentence", "expect"),
    [
        # A reporting verb frames the event it reports.
        ("The army withdrew from the valley, a spokesman announced on Friday.", "RETREAT"),
        # A trigger in a background clause is not the main event ...
        ("The donor suspended budget support after the disputed election.", "SANCTION"),
        # ... nor one in the subject, before the main verb.
        ("Protest organisers met the interior minister on Sunday.", "CONSULT"),
        # A hyphenated modifier triggers nothing: "government-backed" backs nobody.
        ("Government-backed gunmen torched homes in the district.", "ASSAULT"),
        # With only a framed trigger, the frame's own event is used.
        ("The ministry announced the appointment of a new envoy.", None),
    ],
)
def test_main_event_follows_the_lead(sentence: str, expect: str | None):
    hit = main_plover(sentence)
    assert (hit.plover_type if hit else None) == expect, (sentence, hit)


def test_a_language_without_a_pack_reads_english():
    sentence = "The two leaders met in the capital on Monday."
    assert plover_hits(sentence, "sw") == plover_hits(sentence, "en") != []


def test_offsets_stay_the_sentences_when_lower_case_is_longer():
    sentence = "İstanbul police arrested four activists."
    hit = main_plover(sentence)
    assert hit is not None and sentence[hit.start : hit.end] == "arrested"
