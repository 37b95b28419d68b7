"""Coding rules stated by the codebook, each tried on sentences written for the test, in several wordings."""

from __future__ import annotations

import pytest

from eventwire.api import build_pipeline, code_articles
from eventwire.pipeline import Pipeline
from eventwire.records import Mention, make_article


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


def main_event(pipeline: Pipeline, text: str) -> Mention:
    [doc] = code_articles([make_article(text, published="2023-04-20")], pipeline=pipeline)
    current = [m for m in doc.mentions if m.status == "current" and m.sub_event_type]
    assert current, text
    return min(current, key=lambda m: m.rank)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("On 14 April 2023, gunmen raided a farm near Gusau (Zamfara). Nine people were killed.", 9),
        ("Bandits stormed a market in Katsina on Monday. At least four traders died, police said.", 4),
        ("Armed men attacked a bus near Maiduguri (Borno). 2 fatalities.", 2),
        ("Militants attacked an army post near Gao on Friday. Fatalities: 6.", 6),
    ],
)
def test_a_toll_given_after_the_event_is_the_events_toll(pipeline: Pipeline, text: str, killed: int):
    event = main_event(pipeline, text)
    assert event.killed == killed
    assert event.actor1 is not None


@pytest.mark.parametrize(
    "text",
    [
        "On 10 April 2023, Russian troops captured the village of Ivanivske (Donetsk) after days of fighting.",
        "Rwandan soldiers seized the town of Bunagana in Nord-Kivu on Tuesday.",
    ],
)
def test_foreign_forces_taking_ground_is_no_government_regaining_it(pipeline: Pipeline, text: str):
    assert main_event(pipeline, text).sub_event_type == "Non-state actor overtakes territory"


def test_a_state_retaking_its_own_ground_regains_territory(pipeline: Pipeline):
    text = "Ukrainian forces recaptured the village of Kozacha Lopan near Kharkiv on 2 April."
    assert main_event(pipeline, text).sub_event_type == "Government regains territory"


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers and allied militiamen killed 14 villagers near Mopti on Sunday, residents said.",
        "Government troops shot 6 civilians at a checkpoint outside Bamenda, witnesses said.",
    ],
)
def test_armed_men_killing_civilians_is_an_attack(pipeline: Pipeline, text: str):
    event = main_event(pipeline, text)
    assert event.sub_event_type == "Attack", event.sub_event_type


@pytest.mark.parametrize(
    ("text", "arrested"),
    [
        (
            "Thousands of nurses marched through Accra on Tuesday over unpaid wages. Police later detained 11 protesters.",
            11,
        ),
        (
            "Students rallied outside the court in Dhaka on Monday. Officers arrested at least 8 demonstrators, witnesses said.",
            8,
        ),
    ],
)
def test_arrests_at_a_protest_are_its_intervention(pipeline: Pipeline, text: str, arrested: int):
    [doc] = code_articles([make_article(text, published="2023-04-20")], pipeline=pipeline)
    current = [m for m in doc.mentions if m.status == "current" and m.sub_event_type]
    assert [m.sub_event_type for m in current] == ["Protest with intervention"]
    assert current[0].arrested == arrested
    assert current[0].actor2 is not None


def test_force_against_a_riot_is_part_of_the_riot(pipeline: Pipeline):
    text = (
        "Thousands of demonstrators against the tax stormed the district office in Kisii on Tuesday, "
        "setting it on fire. Police fired live rounds. Six people died."
    )
    [doc] = code_articles([make_article(text, published="2023-04-20")], pipeline=pipeline)
    current = [m for m in doc.mentions if m.status == "current" and m.sub_event_type]
    assert [m.sub_event_type for m in current] == ["Violent demonstration"]
    assert current[0].killed == 6


def test_arrests_elsewhere_are_no_intervention(pipeline: Pipeline):
    text = "Farmers held a sit-in in Multan on Friday. In a separate raid, police arrested 5 suspected militants."
    [doc] = code_articles([make_article(text, published="2023-04-20")], pipeline=pipeline)
    types = {m.sub_event_type for m in doc.mentions if m.status == "current"}
    assert "Peaceful protest" in types


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Three policemen and eight gunmen were killed.", 11),
        ("Two farmers and their driver were shot dead.", 3),
        ("Some 40 people, including six children, were killed.", 40),
        ("One medic and two volunteers died.", 3),
        ("He died of his wounds.", 1),
    ],
)
def test_casualty_sums_in_one_clause(sentence: str, killed: int):
    from eventwire.coding.counts import find_counts

    assert sum(c.value for c in find_counts(sentence) if c.field == "killed") == killed


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers exchanged fire with rebels near Beni on Monday. Two soldiers and five rebels died in the fighting.",
        "Militants attacked an army base near Gao on Friday. In the assault, 7 soldiers were killed.",
    ],
)
def test_a_toll_that_names_the_event_before_joins_it(pipeline: Pipeline, text: str):
    event = main_event(pipeline, text)
    assert event.killed == 7


def test_a_mob_is_coded_as_rioters(pipeline: Pipeline):
    text = "On 2 May 2023, a mob of villagers lynched two men accused of theft in Kisumu (Kisumu)."
    event = main_event(pipeline, text)
    assert event.sub_event_type == "Mob violence"
    assert event.actor1 is not None and event.actor1.inter == 5


@pytest.mark.parametrize(
    "sentence",
    [
        "Investigators said the rebels are likely smuggling rifles across the lake.",
        "The militia will probably attack the depot before the rains, analysts warned.",
    ],
)
def test_a_hedged_guess_is_no_event(pipeline: Pipeline, sentence: str):
    [doc] = code_articles([make_article(sentence, published="2023-04-20")], pipeline=pipeline)
    assert not [m for m in doc.mentions if m.status == "current" and m.sub_event_type]


def test_a_place_taken_after_fighting_is_no_peaceful_transfer():
    from eventwire.coding.typing import best_type

    hit = best_type("The rebels took control of the town after weeks of fighting, as the army pulled out.")
    assert hit is not None and hit.sub_event_type == "Non-state actor overtakes territory"


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministers agreed new measures in response to the bombing of the embassy last month.",
        "A jihadist group claimed responsibility for the deaths of 6 soldiers in an online statement.",
    ],
)
def test_a_reaction_or_a_claim_is_no_new_report_of_the_violence(pipeline: Pipeline, sentence: str):
    [doc] = code_articles([make_article(sentence, published="2023-04-20")], pipeline=pipeline)
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    assert not [m for m in doc.mentions if m.status == "current" and m.event_type in violent]


def test_each_coded_field_says_what_set_it(pipeline: Pipeline):
    event = main_event(pipeline, "Gunmen attacked a village near Gusau on Monday, killing 7 farmers.")
    assert event.field_rules["sub_event_type"].startswith("en.type.")
    assert event.field_rules["killed"].startswith("en.count.")


def test_a_business_story_has_no_battle(pipeline: Pipeline):
    text = (
        "Two supermarket chains are locked in a fierce battle for shoppers this winter. "
        "The discounters have won market share, and investors expect profits to fall. "
        "Analysts called the latest round of cuts an all-out attack on the market leader."
    )
    [doc] = code_articles([make_article(text, published="2024-01-10")], pipeline=pipeline)
    assert [m.sub_event_type for m in doc.mentions if m.event_type] == []


def test_a_toll_in_a_business_story_is_still_reported(pipeline: Pipeline):
    text = (
        "Shares of the mining company fell after it reported lower profits and revenue. "
        "Investors were also shaken by news that gunmen had attacked its convoy in the north, killing 4 guards."
    )
    [doc] = code_articles([make_article(text, published="2024-01-10")], pipeline=pipeline)
    assert any(m.event_type and m.killed == 4 for m in doc.mentions)
