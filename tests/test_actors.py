"""Actors: who acted and who was acted on, with ACLED labels and PLOVER codes."""

from __future__ import annotations

import pytest

from eventwire.coding import actors as act
from eventwire.coding.countries import is_demonym, is_people, iso3


def _actors(sentence: str, focus: str = "") -> list[tuple[str, str]]:
    """(label, code) of each actor found, in role order."""
    context = act.ActorContext(focus_country=focus)
    found = act.find_actors(sentence, 0, len(sentence), context)
    return [(a.label, a.code) for a in (act.to_actor(m, article_id="a") for m in found)]


def test_a_country_named_as_subject_is_its_government() -> None:
    assert _actors("Norway has offered to send tents to Chile.")[:2] == [
        ("Government of Norway", "NOR"),
        ("Government of Chile", "CHL"),
    ]


def test_a_country_where_something_happens_is_no_actor() -> None:
    assert _actors("Talks were held in Austria on Monday.") == []
    assert _actors("Dozens marched through Vienna, Austria, on Sunday.") == []


def test_a_country_that_qualifies_a_noun_is_no_actor_itself() -> None:
    assert _actors("The Kenya shilling fell on Friday.") == []
    assert _actors("Kenya's capital was quiet on Friday.") == []
    assert _actors("Troops marched through central Nairobi.", focus="Kenya") == [
        ("Military Forces of Kenya", "KEN")
    ]


def test_a_dateline_is_no_actor() -> None:
    found = _actors("Quito, 4 May 2022 -- Ecuadorian soldiers detained six men.", focus="Ecuador")
    assert found[0] == ("Military Forces of Ecuador", "ECU")
    assert all(label != "Government of Ecuador" for label, _ in found)


def test_demonym_and_official_nouns_name_the_country() -> None:
    assert _actors("Senior Moroccan officials rejected the plan.") == [("Government of Morocco", "MAR")]
    assert _actors("Peruvian lawmakers approved the bill.") == [("Government of Peru", "PER")]


def test_officials_without_a_country_are_not_the_government() -> None:
    assert _actors("Police questioned two officials of the opposition party.", focus="Kenya") == [
        ("Police Forces of Kenya", "KEN")
    ]


def test_plural_demonyms_are_people_of_that_country() -> None:
    assert _actors("Chileans rejected the new constitution.") == [("Civilians (Chile)", "CHL")]


def test_passive_voice_puts_the_by_agent_first() -> None:
    found = _actors("A convoy carrying refugees was ambushed by militiamen near the border.", focus="Chad")
    assert [label for label, _ in found] == ["Unidentified Militia Group (Chad)", "Civilians (Chad)"]


def test_victims_come_after_the_armed_actor_who_harmed_them() -> None:
    found = _actors("Villagers said soldiers burned their homes.", focus="Mali")
    assert found[0] == ("Military Forces of Mali", "MLI")


def test_violence_with_no_perpetrator_named_gets_an_unidentified_armed_group() -> None:
    sentence = "A roadside bomb exploded near a market, killing nine civilians."
    context = act.ActorContext(focus_country="Niger")
    found = act.find_actors(sentence, 0, len(sentence), context)
    actor1, actor2 = (act.to_actor(m, article_id="a") for m in found[:2])
    assert (
        actor1.label == "Unidentified Armed Group (Niger)" and actor1.inter == 3
    )  # ACLED: an unidentified armed group is a political militia
    assert actor1.span is None  # implied: no words in the text
    assert actor2.label == "Civilians (Niger)" and actor2.inter == 7


def test_state_forces_killed_by_an_unnamed_attacker() -> None:
    found = _actors("Four soldiers were killed when their vehicle hit a landmine.", focus="Mali")
    assert [label for label, _ in found] == ["Unidentified Armed Group (Mali)", "Military Forces of Mali"]


def test_no_unidentified_group_is_invented_for_killed_rebels() -> None:
    found = _actors("Seven insurgents were killed overnight.", focus="Somalia")
    assert [label for label, _ in found] == ["Unidentified Armed Group (Somalia)"]  # the insurgents only
    assert found[0] == ("Unidentified Armed Group (Somalia)", "SOM")


def test_aid_workers_are_civilians_not_protesters() -> None:
    found = _actors("Gunmen seized three aid workers on the road.", focus="Nigeria")
    assert found == [("Unidentified Armed Group (Nigeria)", "NGA"), ("Civilians (Nigeria)", "NGA")]


def test_weapons_stand_for_the_forces_that_fire_them() -> None:
    found = _actors("Russian artillery hit a school, wounding four people.", focus="Ukraine")
    assert found[0] == ("Military Forces of Russia", "RUS")


def test_the_reporting_clause_names_no_actor() -> None:
    found = _actors("Militants attacked a police post, a UN official said on Monday.", focus="Mali")
    assert all(code != "IGO" for _, code in found)
    assert _actors("According to police, militants attacked a village.", focus="Mali")[0][0].startswith(
        "Unidentified Armed Group"
    )


def test_the_audience_of_a_statement_is_no_actor() -> None:
    found = _actors("The driver told police the attackers took two men.", focus="Chad")
    assert found[0][0] == "Unidentified Armed Group (Chad)"


def test_a_country_that_says_something_acts() -> None:
    assert _actors("Ghana said on Friday it would expel the envoys.")[0] == ("Government of Ghana", "GHA")


def test_an_institution_as_a_place_is_no_actor() -> None:
    assert _actors("Students gathered outside parliament.", focus="Kenya") == [("Protesters (Kenya)", "KEN")]


@pytest.mark.parametrize(
    ("name", "demonym", "people"),
    [
        ("Hungarian", True, False),
        ("Hungarians", True, True),
        ("Hungary", False, False),
        ("Budapest", False, False),
        ("Swiss", True, False),
        ("French", True, False),
    ],
)
def test_demonyms(name: str, demonym: bool, people: bool) -> None:
    assert is_demonym(name) is demonym
    assert is_people(name) is people


def test_gazetteer_country_names_have_codes() -> None:
    assert iso3("Palestinian Territory") == "PSE"
    assert iso3("Timor Leste") == "TLS"
    assert iso3("Republic of Congo") == "COG"


def test_a_countrys_proposal_makes_it_the_other_party() -> None:
    assert _actors("Chile rejected a Peruvian proposal for joint patrols.") == [
        ("Government of Chile", "CHL"),
        ("Government of Peru", "PER"),
    ]


def test_a_countrys_air_raids_are_its_forces() -> None:
    found = _actors("Turkish air raids hit villages, killing four people.", focus="Iraq")
    assert found[0] == ("Military Forces of Turkey", "TUR")


def test_a_possessive_country_is_the_target_unless_a_place_follows() -> None:
    assert _actors("Norway praised Chile's efforts.") == [
        ("Government of Norway", "NOR"),
        ("Government of Chile", "CHL"),
    ]
    assert _actors("Rebels attacked Chile's northern border.", focus="Chile")[1:] == []


def test_the_subject_of_a_that_clause_is_an_actor() -> None:
    assert _actors("Norway demanded that Chile withdraw the envoy.")[:2] == [
        ("Government of Norway", "NOR"),
        ("Government of Chile", "CHL"),
    ]


def test_international_and_non_governmental_organisations() -> None:
    assert _actors("The Red Cross suspended its work.")[0][1] == "IGO"
    assert _actors("Amnesty International accused Chile of torture.") == [
        ("Amnesty International", "NGO"),
        ("Government of Chile", "CHL"),
    ]


def test_a_states_own_forces_are_on_its_side() -> None:
    found = _actors("Norway offered its troops to Chile.")
    assert found[:2] == [("Government of Norway", "NOR"), ("Government of Chile", "CHL")]


def test_a_place_name_before_a_date_is_a_dateline() -> None:
    found = _actors("Santiago de Chile, 3 March 2021 -- Police detained nine students.", focus="Chile")
    assert found[0] == ("Police Forces of Chile", "CHL")


def test_a_by_agent_in_a_relative_clause_does_not_lead() -> None:
    found = _actors("Norway said Chile must return a ship that was seized by Peruvian marines.")
    assert found[0] == ("Government of Norway", "NOR")


def test_a_scene_setting_opening_is_not_the_subject() -> None:
    found = _actors("In a letter to the United Nations, Chile said it would allow inspectors.")
    assert found[0] == ("Government of Chile", "CHL")


def test_a_quoted_person_is_no_victim() -> None:
    found = _actors("Chilean President Ana Soto was quoted as saying she would meet Peruvian leaders.")
    assert found[0] == ("Government of Chile", "CHL")


def test_a_named_group_and_its_generic_noun_are_one_actor() -> None:
    found = _actors("Boko Haram fighters attacked a village, killing five farmers.", focus="Nigeria")
    assert [label for label, _ in found] == ["Boko Haram", "Civilians (Nigeria)"]


def test_a_led_coalition_takes_its_leaders_country() -> None:
    assert _actors("Kenyan-led forces entered the town.")[0] == ("Military Forces of Kenya", "KEN")


def test_demonym_and_people_noun_name_that_countrys_people() -> None:
    found = _actors("President Jane Doe banned Malawian opposition candidates from the vote.", focus="Malawi")
    assert found[-1] == ("Civilians (Malawi)", "MWI")


def test_state_forces_as_the_object_of_violence_are_its_victims() -> None:
    found = _actors("A roadside bomb killed two Kenyan soldiers near the border.", focus="Somalia")
    assert [label for label, _ in found] == ["Unidentified Armed Group (Somalia)", "Military Forces of Kenya"]


def test_a_capital_named_as_a_place_is_no_actor() -> None:
    assert _actors("Two bombs exploded near the Kenyan capital Nairobi.", focus="Kenya")[1:] == []
    assert _actors("Rebels returned to Chile's Arica after the truce.", focus="Chile") == [
        ("Unidentified Armed Group (Chile)", "CHL")
    ]


def test_civilians_who_act_are_not_victims() -> None:
    found = _actors("A man was killed as villagers clashed over grazing land.", focus="Chad")
    assert found == [("Civilians (Chad)", "TCD")]


def test_a_possessive_country_before_its_forces_is_no_second_actor() -> None:
    assert _actors("Chile's elite forces detained two men.") == [("Military Forces of Chile", "CHL")]
