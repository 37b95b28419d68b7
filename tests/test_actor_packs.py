"""The actors packs: every entry's examples run, and each language keeps to its own words."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.coding import actors as act
from eventwire.packs import load_pack, pack_language, pack_languages

# Words both languages spell alike (German "Minister", "Regime", "will" = wants): the only
# words the English and German packs may share.
_SAME_IN_BOTH = {
    "delegation", "diplomat", "emir", "explosion", "gendarmerie", "guerilla", "guerillas", "in", "journalist",
    "landmine", "minister", "mob", "nato", "regime", "region", "terrorist", "will",
}  # fmt: skip
_KIND_INTER = {"igo": 8, "ngo": 7, "named": 2, "identity": 4, "rebels": 3, "militia": 3}


def _actor_languages() -> list[str]:
    return [language for language in pack_languages() if pack_language("actors", language) == language]


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (language, entry["id"], example)
        for language in _actor_languages()
        for entry in load_pack("actors", language)
        for example in entry["examples"]
    ]


def _words(entry: dict[str, Any]) -> set[str]:
    """Every word an entry lists, lower-cased (examples and labels aside)."""
    return {
        word.lower()
        for key, value in entry.items()
        if isinstance(value, list) and key != "examples"
        for word in value
    }


def _actors(text: str, language: str, focus: str = "", context: tuple[str, ...] = ()) -> list[list[Any]]:
    """[label, inter] of each actor found, in ACLED's order, after any sentences that introduce people."""
    found_in = act.ActorContext(focus_country=focus)
    for sentence in (*context, text):
        act.remember_people(sentence, found_in, language)
    mentions = act.find_actors(text, 0, len(text), found_in, language)
    return [[actor.label, actor.inter] for actor in (act.to_actor(m, article_id="a") for m in mentions)]


def test_actor_packs_exist_for_english_and_german():
    assert {"en", "de"} <= set(_actor_languages())


def test_every_entry_has_an_id_a_reason_and_two_examples_of_different_wording():
    for language in _actor_languages():
        entries = load_pack("actors", language)
        assert len({entry["id"] for entry in entries}) == len(entries)
        for entry in entries:
            assert entry["id"].startswith(f"{language}.actor.") and entry["reason"], entry["id"]
            assert len({example["text"] for example in entry["examples"]}) >= 2, entry["id"]


def test_kind_entries_carry_acled_and_plover_codes():
    for language in _actor_languages():
        for rule in act._pack(language).kinds:
            assert rule.inter == _KIND_INTER.get(
                rule.kind, act.default_actor(rule.kind, "", article_id="a").inter
            )
            assert rule.sector in {"IGO", "NGO", "REB", "CVL", "COP", "MIL", "GOV", "LEG", "JUD", "UAF"}


def test_grammar_entries_name_a_known_use():
    for language in _actor_languages():
        for entry in load_pack("actors", language):
            assert ("kind" in entry) != ("use" in entry) or "words_from" in entry, entry["id"]
            assert "use" not in entry or entry["use"] in act._USES, entry["id"]


EXAMPLES = _examples()


@pytest.mark.parametrize(
    ("language", "entry_id", "example"), EXAMPLES, ids=[f"{e[1]}:{e[2]['text'][:40]}" for e in EXAMPLES]
)
def test_actor_examples(language: str, entry_id: str, example: dict[str, Any]):
    found = _actors(example["text"], language, example.get("focus", ""), tuple(example.get("context", ())))
    assert found == example["expect"], (entry_id, example["text"])


def test_shared_names_are_listed_once_and_taken_by_every_pack():
    shared = {entry["id"] for entry in load_pack("actors", "en") if entry.get("every_language")}
    assert shared
    for language in _actor_languages():
        if language == "en":
            continue
        taken = [entry["words_from"] for entry in load_pack("actors", language) if "words_from" in entry]
        assert sorted(taken) == sorted(shared), language
        for entry in load_pack("actors", language):
            assert "words_from" not in entry or not _words(entry), entry["id"]  # a reference, never a copy


def test_no_language_lists_the_other_s_words():
    english = set().union(*map(_words, load_pack("actors", "en")))
    german = set().union(*map(_words, load_pack("actors", "de")))
    assert english & german <= _SAME_IN_BOTH, sorted(english & german - _SAME_IN_BOTH)
    assert not [word for word in english if set(word) & set("äöüß")]


def test_the_language_picks_the_words():
    german = "Die Polizei nahm am Morgen 31 Demonstranten fest."
    assert _actors(german, "en", "Austria") == []  # German words are no longer in the English pack
    assert _actors(german, "de", "Austria") == [["Police Forces of Austria", 1], ["Protesters (Austria)", 6]]
    assert _actors("Police detained 31 protesters.", "de", "Kenya") == []


def test_english_is_the_default_and_the_fallback():
    text = "Soldiers detained two journalists."
    expected = [["Military Forces of Mali", 1], ["Civilians (Mali)", 7]]
    assert _actors(text, "en", "Mali") == expected
    assert _actors(text, "sw", "Mali") == expected  # no Swahili pack: English words
    context = act.ActorContext(focus_country="Mali")
    assert [m.text for m in act.find_actors(text, 0, len(text), context)] == ["Soldiers", "journalists"]


def test_a_german_spelling_of_a_named_group_gets_acled_s_english_label():
    assert act.label_for("named", "Lebanon", "Hisbollah") == "Hezbollah"
    assert act.label_for("igo", "", "Vereinten Nationen") == "United Nations"
    assert act.label_for("identity", "Nigeria", "Fulani-Hirten") == "Fulani Ethnic Militia (Nigeria)"
    assert (
        act.label_for("identity", "Nigeria", "Hausa-Fulani herders")
        == "Hausa-Fulani Ethnic Militia (Nigeria)"
    )
