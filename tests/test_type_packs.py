"""The sub-event type packs: every entry's examples run, and each language keeps to its own words."""

from __future__ import annotations

import re
from typing import Any

import pytest

from eventwire.coding import lexicon as lx
from eventwire.coding.typing import best_type, type_hits
from eventwire.packs import load_pack, pack_language, pack_languages


def _type_languages() -> list[str]:
    return [language for language in pack_languages() if pack_language("types", language) == language]


def _examples(kind: str) -> list[tuple[str, str, dict[str, Any], dict[str, str]]]:
    cases = []
    for language in _type_languages():
        for entry in load_pack("types", language):
            if _kind(entry) == kind:
                cases.extend((language, entry["id"], entry, example) for example in entry["examples"])
    return cases


def _kind(entry: dict[str, Any]) -> str:
    if "vocabulary" in entry:
        return "vocabulary"
    return "gate" if "gate" in entry else "cue"


def _case_id(case: tuple[str, str, dict[str, Any], dict[str, str]]) -> str:
    return f"{case[1]}:{case[3]['text'][:40]}"


def test_types_packs_exist_for_english_and_german():
    assert {"en", "de"} <= set(_type_languages())


def test_every_entry_has_an_id_a_reason_and_two_examples_of_different_wording():
    for language in _type_languages():
        entries = load_pack("types", language)
        assert len({entry["id"] for entry in entries}) == len(entries)
        for entry in entries:
            assert entry["id"].startswith(f"{language}.") and entry["reason"], entry["id"]
            texts = {example["text"] for example in entry["examples"]}
            assert len(texts) >= 2, entry["id"]


CUE_CASES = _examples("cue")


@pytest.mark.parametrize(
    ("language", "entry_id", "entry", "example"), CUE_CASES, ids=map(_case_id, CUE_CASES)
)
def test_cue_examples(language: str, entry_id: str, entry: dict[str, Any], example: dict[str, str]):
    text = example["text"]
    cues = lx.lexicon(language).cues[entry["sub_event_type"]]
    cue = next(cue for cue in cues if cue.rule == entry_id)
    assert cue.lower.search(text.lower()), (entry_id, text)  # the entry itself fires ...
    hit = best_type(text, language)  # ... and the sentence gets the type it names
    assert hit is not None and hit.sub_event_type == example["expect"], (
        entry_id,
        text,
        type_hits(text, language),
    )


GATE_CASES = _examples("gate")


@pytest.mark.parametrize(
    ("language", "entry_id", "entry", "example"), GATE_CASES, ids=map(_case_id, GATE_CASES)
)
def test_gate_examples(language: str, entry_id: str, entry: dict[str, Any], example: dict[str, str]):
    text = example["text"]
    assert lx.has_any(text.lower(), tuple(entry["stems"])), (entry_id, text)
    hit = best_type(text, language)
    assert hit is not None and hit.sub_event_type == example["expect"], (
        entry_id,
        text,
        type_hits(text, language),
    )


VOCABULARY_CASES = _examples("vocabulary")


@pytest.mark.parametrize(
    ("language", "entry_id", "entry", "example"), VOCABULARY_CASES, ids=map(_case_id, VOCABULARY_CASES)
)
def test_vocabulary_examples(language: str, entry_id: str, entry: dict[str, Any], example: dict[str, str]):
    pattern = re.compile(lx.lexicon(language).vocabulary[entry["vocabulary"]], re.IGNORECASE)
    found = [match.group().strip().lower() for match in pattern.finditer(example["text"])]
    assert example["match"] in found, (entry_id, example["text"], found)


def test_every_language_has_the_vocabularies_and_types_of_english():
    english = lx.lexicon("en")
    for language in _type_languages():
        lexicon = lx.lexicon(language)
        assert set(english.vocabulary) <= set(lexicon.vocabulary), language
        assert set(english.cues) <= set(lexicon.cues), language
        assert set(lexicon.cues) | {lx.DEMONSTRATION} <= set(lexicon.gates), language


def _example_types(language: str) -> set[str]:
    return {
        example["expect"]
        for entry in load_pack("types", language)
        for example in entry["examples"]
        if "expect" in example
    }


def test_german_examples_reach_every_sub_event_type_the_english_ones_reach():
    assert _example_types("en") <= _example_types("de")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tausende demonstrierten friedlich in Berlin gegen die Rentenreform.", "Peaceful protest"),
        (
            "Die Polizei setzte Wasserwerfer gegen die Kundgebung vor dem Parlament ein.",
            "Protest with intervention",
        ),
        (
            "Sicherheitskräfte eröffneten bei der Kundgebung das Feuer auf Demonstranten und töteten vier Menschen.",
            "Excessive force against protesters",
        ),
        ("Demonstranten warfen Steine und Brandsätze auf die Polizei.", "Violent demonstration"),
        ("Ein wütender Mob lynchte im Dorf einen mutmaßlichen Viehdieb.", "Mob violence"),
    ],
)
def test_german_protests_and_riots(sentence: str, expected: str):
    hit = best_type(sentence, "de")
    assert hit is not None and hit.sub_event_type == expected, type_hits(sentence, "de")


def test_a_german_compound_for_a_suicide_bomber_is_a_suicide_bomb():
    sentence = "Ein IS-Selbstmordattentäter riss in Kabul mindestens zwölf Menschen mit in den Tod."
    hit = best_type(sentence, "de")
    assert hit is not None and hit.sub_event_type == "Suicide bomb"
    assert hit.rule == "de.type.suicide-bomb.compound"
    assert best_type(sentence, "en") is None  # English words only in the English pack


def test_german_killings_are_typed_as_killings_not_as_a_protest():
    hit = best_type("Bewaffnete erschossen in einem Dorf im Norden zwölf Zivilisten.", "de")
    assert hit is not None and hit.sub_event_type == "Attack"


def test_german_words_type_nothing_in_english():
    # "tote" is German for dead, "Mahnwache" a vigil; in English text they are a bag and a name.
    assert type_hits("The shop sold 300 tote bags at the Christmas market.", "en") == []
    assert type_hits("A Berlin café called Mahnwache opened a branch in London.", "en") == []
    assert best_type("Vor dem Rathaus fand eine Mahnwache statt.", "de").sub_event_type == "Peaceful protest"


def _words(language: str) -> set[str]:
    """Every word the pack matches with (phrases, patterns, stems), lower case."""
    words: set[str] = set()
    for entry in load_pack("types", language):
        for key in ("phrases", "stems"):
            for phrase in entry.get(key, []):
                words.update(phrase.split())
        words.update(re.findall(r"[a-zäöüß]{3,}", re.sub(r"\\[a-z]", " ", entry.get("pattern", ""))))
    return words


# Words that were in the English lists before the packs, and English words a German list must not hold.
GERMAN_WORDS = ("waffenstillstand", "festgenommen", "kundgebung", "demonstranten", "luftangriff", "beschuss")
GERMAN_WORDS += ("sprengsatz", "anschlag", "angriff", "getötet", "erschossen", "mahnwache", "krawalle")
ENGLISH_WORDS = ("killed", "arrested", "protesters", "clashes", "fighting", "airstrike", "shelling", "troops")
ENGLISH_WORDS += ("soldiers", "ceasefire", "kidnapped", "looting", "were", "the")


def test_no_german_word_in_the_english_pack_and_no_english_word_in_the_german_one():
    english, german = _words("en"), _words("de")
    assert not {word for word in english if re.search("[äöüß]", word)}
    for word in GERMAN_WORDS:
        assert not any(word in english_word for english_word in english), word
    for word in ENGLISH_WORDS:
        assert word not in german, word


def test_a_language_without_a_pack_reads_english():
    sentence = "Gunmen shot dead three villagers near the market."
    assert type_hits(sentence, "sw") == type_hits(sentence, "en") != []
    assert lx.lexicon("sw") is lx.lexicon("en")


def test_a_hit_names_the_pack_entry_that_set_it():
    hit = best_type("A suicide bomber struck a checkpoint in the capital.")
    assert hit is not None and hit.rule == "en.type.suicide-bomb.suicide"


def test_a_gap_in_a_pattern_counts_words_not_characters():
    source = lx.entry_source({"pattern": r"\bstormed\b{WORDS:3}\bbase\w*"}, {})
    pattern = re.compile(source, re.IGNORECASE)
    assert pattern.search("Fighters stormed the army base.")
    assert pattern.search("Fighters stormed the long-abandoned Kurram base.")
    assert not pattern.search("Fighters stormed the town and later took over the base.")
    assert not pattern.search("Fighters stormed the town. The base fell.")
    phrase = re.compile(lx.entry_source({"pattern": r"\bkilled\b{PHRASE:4}\bpolice"}, {}))
    assert phrase.search("gunmen killed two police officers")
    assert not phrase.search("gunmen killed two traders, police said")
    compound = re.compile(lx.entry_source({"pattern": r"selbstmord{WORDS:1}attentäter"}, {}))
    assert compound.search("ein selbstmordbombenattentäter")


def test_a_noun_past_the_object_phrase_is_not_the_victim():
    # "police" here is who reported the killing, not who was killed: an attack on civilians.
    hit = best_type("Gunmen killed three traders near the market on Sunday, police said.", "en")
    assert hit is not None and hit.sub_event_type == "Attack"


def test_a_pandemic_named_beside_a_political_arrest_does_not_hide_it():
    # "COVID-19" marks a disaster context; a candidate arrested at a rally is political again.
    text = "Police arrested a presidential candidate in the capital, saying he had broken COVID-19 rules."
    hit = best_type(text, "en")
    assert hit is not None and hit.sub_event_type == "Arrests"


def test_a_note_labelled_interception_is_no_air_strike():
    # ACLED's label names the sub-type; the drones shot down are what was intercepted.
    hit = best_type("Interception: On 2 June 2024, air defences shot down 4 drones over the port city.", "en")
    assert hit is not None and hit.sub_event_type == "Disrupted weapons use"
