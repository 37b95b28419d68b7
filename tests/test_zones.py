"""Article zones: every pack entry's examples run, page clutter is found, story text is never dropped."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, get_args

import pytest

from eventwire.api import default_stages
from eventwire.packs import load_pack, pack_languages
from eventwire.pipeline import Doc, Pipeline, Sentence, Zone, ZoneKind
from eventwire.records import make_article
from eventwire.stages.language import LanguageStage
from eventwire.stages.sentences import SentenceStage, split_sentences
from eventwire.stages.zones import (
    NON_STORY_KINDS,
    STORY_KINDS,
    ZoneStage,
    find_zones,
    is_story_offset,
    sentence_kinds,
    story_sentences,
    zone_at,
)

MATCHES = {
    "byline",
    "line_start",
    "line_contains",
    "line_is",
    "credit_tail",
    "caption_before_credit",
    "related_cue",
    "related_run",
    "headline",
    "dateline",
    "quote",
}


def _entries() -> list[tuple[str, dict[str, Any]]]:
    return [(language, entry) for language in pack_languages() for entry in load_pack("zones", language)]


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (language, entry["id"], example) for language, entry in _entries() for example in entry["examples"]
    ]


def _kinds_over(zones: list[Zone], start: int, end: int) -> set[str]:
    return {zone.kind for zone in zones if zone.start < end and zone.end > start}


def _doc(text: str, *, title: str = "", language: str = "en") -> Doc:
    doc = Doc(article=make_article(text, title=title), language=language)
    doc.sentences = split_sentences(text)
    doc.zones = find_zones(text, title=title, language=language)
    return doc


def _non_story(doc: Doc) -> list[str]:
    story = story_sentences(doc)
    return [doc.sentence_text(index) for index in range(len(doc.sentences)) if index not in story]


# --- the packs ------------------------------------------------------------------------------------


def test_every_zone_entry_has_an_id_a_kind_a_reason_and_two_examples():
    assert {"en", "de"} <= set(pack_languages())
    for language in pack_languages():
        entries = load_pack("zones", language)
        assert len({entry["id"] for entry in entries}) == len(entries)
        for entry in entries:
            assert entry["id"].startswith(f"{language}.zone.") and entry["reason"], entry["id"]
            assert entry["match"] in MATCHES and entry["kind"] in get_args(ZoneKind), entry["id"]
            assert len(entry["examples"]) >= 2, entry["id"]


@pytest.mark.parametrize(("language", "entry_id", "example"), _examples())
def test_zone_examples(language: str, entry_id: str, example: dict[str, Any]):
    text = example["text"]
    zones = find_zones(text, title=example.get("title", ""), language=language)
    for fragment, kind in example["expect"].items():
        start = text.index(fragment)
        assert _kinds_over(zones, start, start + len(fragment)) == {kind}, (entry_id, fragment, zones)


@pytest.mark.parametrize(
    ("language", "entry"), [pytest.param(language, entry, id=entry["id"]) for language, entry in _entries()]
)
def test_each_entry_sets_its_own_zones_in_two_examples(language: str, entry: dict[str, Any]):
    """Provenance: the zone records the entry that made it, and two wordings reach that entry."""
    reached = 0
    for example in entry["examples"]:
        text = example["text"]
        zones = find_zones(text, title=example.get("title", ""), language=language)
        for fragment, kind in example["expect"].items():
            zone = zone_at(zones, text.index(fragment))
            if kind == entry["kind"] and zone is not None and zone.rule == entry["id"]:
                reached += 1
                break
    assert reached >= 2, entry["id"]


def test_a_language_without_a_pack_reads_english():
    zones = find_zones("Police fired tear gas.\nRelated: Four killed in Ankara bombing", language="sw")
    assert zones[-1].kind == "related" and zones[-1].rule.startswith("en.")


# --- a whole page ---------------------------------------------------------------------------------

PAGE = """By Maria Okoye and Dan Herrera, Wirestone

LAGOS, Nigeria, May 4 (Wirestone) - Gunmen killed nine traders at a cattle market in Kaduna state \
on Tuesday, police said, the second attack on the market this month.

"They came on motorbikes and shot at everyone in the stalls," said a herder who hid under a truck.

A burnt stall at the cattle market in Kaduna on Wednesday. (Photo: Yakubu Sani/AFP)

A police spokesman said the photo of the attackers shared online was taken on Monday, and a Reuters \
reporter saw the bodies at the hospital.

(Reporting by Maria Okoye; Editing by Ruth Lane)

Read more:
- Bandits free 30 pupils abducted from school in Zamfara
- Floods kill 12 in Niger state as rains intensify

Sign up for our West Africa newsletter.
Copyright 2024 Wirestone. All rights reserved."""


def test_a_page_keeps_its_story_and_drops_its_clutter():
    doc = _doc(PAGE)
    assert _non_story(doc) == [
        "By Maria Okoye and Dan Herrera, Wirestone",
        "A burnt stall at the cattle market in Kaduna on Wednesday.",
        "(Photo: Yakubu Sani/AFP)",
        "(Reporting by Maria Okoye; Editing by Ruth Lane)",
        "Read more:",
        "- Bandits free 30 pupils abducted from school in Zamfara",
        "- Floods kill 12 in Niger state as rains intensify",
        "Sign up for our West Africa newsletter.",
        "Copyright 2024 Wirestone.",
        "All rights reserved.",
    ]
    kinds = dict(
        zip((doc.sentence_text(i) for i in range(len(doc.sentences))), sentence_kinds(doc), strict=True)
    )
    assert kinds["(Photo: Yakubu Sani/AFP)"] == "credit"
    assert kinds["- Floods kill 12 in Niger state as rains intensify"] == "related"
    assert kinds["Sign up for our West Africa newsletter."] == "boilerplate"
    dateline = next(zone for zone in doc.zones if zone.kind == "dateline")
    assert PAGE[dateline.start : dateline.end] == "LAGOS, Nigeria, May 4 (Wirestone) -"


def test_zones_cover_every_line_in_order_without_overlap():
    zones = find_zones(PAGE)
    assert all(a.end <= b.start for a, b in pairwise(zones))
    covered = {offset for zone in zones for offset in range(zone.start, zone.end)}
    assert all(offset in covered for offset, char in enumerate(PAGE) if not char.isspace())
    assert {zone.kind for zone in zones} <= STORY_KINDS | NON_STORY_KINDS


def test_a_trigger_in_a_caption_is_not_story():
    doc = _doc(PAGE)
    assert not is_story_offset(doc, PAGE.index("burnt stall"))
    assert not is_story_offset(doc, PAGE.index("Bandits free"))
    assert is_story_offset(doc, PAGE.index("Gunmen killed"))
    assert is_story_offset(doc, PAGE.index("shot at everyone"))  # a quote is story


def test_without_zones_every_sentence_is_story():
    doc = Doc(article=make_article("Gunmen killed nine. Police came."))
    doc.sentences = [Sentence(0, 19), Sentence(20, 32)]
    assert story_sentences(doc) == {0, 1}
    assert sentence_kinds(doc) == ["body", "body"]
    assert is_story_offset(doc, 3)


# --- conservative: story sentences stay story -----------------------------------------------------

STORY_LINES = [
    "Police said the photo was taken on Monday.",
    "A Reuters photographer saw three bodies outside the mosque.",
    "The picture that emerged from Goma on Friday was one of chaos.",
    "By Thursday, the army had retaken the town.",
    "Related groups claimed the attack in a statement.",
    "Read more than 200 pages of the report, the minister told lawmakers.",
    "Copyright officials were among those detained at the ministry.",
    "Editors at the paper were arrested after it published the images.",
    "Reporting by local journalists has been banned in the region since March.",
    "Subscribers to the banned channel were questioned by police.",
    "Getty Images and AFP photographers were turned away at the border.",
    "Images shared online showed smoke over the airport (the army denied it).",
    "The protesters, many of them students, marched to the parliament building",
    "Residents said gunmen burned houses in three villages",
]


@pytest.mark.parametrize("line", STORY_LINES)
def test_a_story_line_stays_story(line: str):
    text = f"Soldiers fired on a crowd in the capital on Monday, killing four people.\n\n{line}\n\nThe curfew holds."
    doc = _doc(text)
    assert _non_story(doc) == [], line


def test_short_lines_without_a_full_stop_in_the_story_are_not_related_links():
    # Subheadings in the middle of a story, and a closing line without a full stop.
    text = (
        "Gunmen stormed the village at dawn.\n\nFighting in the north\n\nThe army sent reinforcements.\n\n"
        "Police fired tear gas at protesters in the capital\n"
    )
    assert _non_story(_doc(text)) == []


def test_a_fact_box_at_the_end_is_story():
    text = "Clashes spread across the state on Sunday. Officials gave this toll:\n12 killed in Kano\n4 killed in Zaria"
    assert _non_story(_doc(text)) == []


def test_a_headline_is_story_and_its_own_zone():
    title = "Gunmen kill nine at Kaduna cattle market"
    doc = _doc(f"{title}\n\nGunmen killed nine traders on Tuesday.", title=title)
    assert doc.zones[0] == Zone("headline", 0, len(title), "en.zone.headline")
    assert story_sentences(doc) == {0, 1}


def test_german_page():
    text = (
        "Von Jana Keller, dpa\n\nKiew (dpa) - Bei einem russischen Raketenangriff auf Charkiw sind am Samstag "
        "mindestens sechs Menschen getötet worden.\n\nRettungskräfte suchen in den Trümmern. Foto: Evgeniy "
        "Maloletka/dpa\n\nDie Polizei sagte, das Foto sei am Samstag aufgenommen worden.\n\nLesen Sie auch:\n"
        "Drohnenangriff auf Odessa: zwei Tote\n\n© dpa-infocom, dpa:240525-99-123456/3"
    )
    doc = _doc(text, language="de")
    assert _non_story(doc) == [
        "Von Jana Keller, dpa",
        "Rettungskräfte suchen in den Trümmern.",
        "Foto: Evgeniy Maloletka/dpa",
        "Lesen Sie auch:",
        "Drohnenangriff auf Odessa: zwei Tote",
        "© dpa-infocom, dpa:240525-99-123456/3",
    ]
    assert zone_at(doc.zones, text.index("Kiew")) == Zone(
        "dateline", text.index("Kiew"), text.index(" Bei"), "de.zone.dateline"
    )


# --- the stage ------------------------------------------------------------------------------------


def test_the_stage_fills_zones_and_sits_after_sentences_in_the_default_pipeline():
    names = [stage.name for stage in default_stages()]
    assert names.index("sentences") < names.index("zones") < names.index("events")
    pipeline = Pipeline([LanguageStage(), SentenceStage(), ZoneStage()])
    doc = pipeline.run([make_article(PAGE)])[0]
    assert doc.error is None and "zones" in doc.done
    assert doc.zones == find_zones(PAGE, language=doc.language)
    assert len(story_sentences(doc)) == len(doc.sentences) - 10
