"""Every language pack entry's example sentences run as tests, and no language's words leak."""

from __future__ import annotations

import pytest

from eventwire.coding.counts import find_counts
from eventwire.coding.tolls import aggregate_counts
from eventwire.packs import load_pack, pack_languages


def _count_examples() -> list[tuple[str, str, str, dict[str, int], str | None]]:
    cases = []
    for language in pack_languages():
        for entry in load_pack("counts", language):
            for example in entry["examples"]:
                cases.append(
                    (language, entry["id"], example["text"], example["expect"], example.get("about"))
                )
    return cases


def test_every_count_entry_has_an_id_a_reason_and_two_examples():
    for language in pack_languages():
        entries = load_pack("counts", language)
        assert len({entry["id"] for entry in entries}) == len(entries)
        for entry in entries:
            assert entry["id"].startswith(f"{language}.") and entry["reason"]
            assert len(entry["examples"]) >= 2, entry["id"]


@pytest.mark.parametrize(("language", "entry_id", "text", "expect", "about"), _count_examples())
def test_count_examples(language: str, entry_id: str, text: str, expect: dict[str, int], about: str | None):
    counts = find_counts(text, language)
    found = {count.field: count.value for count in counts}
    for field, value in expect.items():
        assert found.get(field) == value, (entry_id, text, found)
    if about is not None:  # whom the count is about: the state, an armed group, protesters, civilians
        assert [count.about for count in counts] == [about], (entry_id, text, counts)


def test_a_german_word_is_no_count_in_english():
    # "tote" is German for dead; in English it is a bag.
    assert find_counts("The shop sold 300 tote bags at the fair.", "en") == []
    assert find_counts("Bei dem Angriff gab es 300 Tote.", "de")[0].value == 300


def test_a_language_without_a_pack_reads_english():
    assert find_counts("Gunmen killed 4 villagers.", "sw")[0].value == 4


def _toll_examples() -> list[tuple[str, str, str, bool]]:
    return [
        (language, entry["id"], example["text"], example["aggregate"])
        for language in pack_languages()
        for entry in load_pack("tolls", language)
        for example in entry["examples"]
    ]


@pytest.mark.parametrize(("language", "entry_id", "text", "aggregate"), _toll_examples())
def test_toll_examples(language: str, entry_id: str, text: str, aggregate: bool):
    counts = find_counts(text, language)
    assert counts, (entry_id, text)
    assert bool(aggregate_counts(text, counts, language)) == aggregate, (entry_id, text)


def test_a_local_figure_beside_a_running_toll_stays_local():
    text = "Gunmen killed 12 villagers on Sunday, bringing the death toll this year to 300."
    counts = find_counts(text, "en")
    sums = aggregate_counts(text, counts, "en")
    assert [c.value for c in sums] == [300]
    assert 12 in [c.value for c in counts if c not in sums]
