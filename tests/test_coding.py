"""Event coding on invented sentences: types, precedence, status, counts, numbers, PLOVER."""

import pytest

from eventwire.coding import best_type, find_counts, main_plover, parse_number, status_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("317", 317),
        ("1,250", 1250),
        ("eight", 8),
        ("three hundred and seventeen", 317),
        ("twenty-five", 25),
        ("at least eleven", 11),
        ("dozens", 12),
        ("hundreds", 100),
        ("several", 3),
        ("banana", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("About 300 farmers rallied outside the ministry in Sabel over fuel prices.", "Peaceful protest"),
        (
            "Police scattered a student march in Lirra with batons and detained eleven people.",
            "Protest with intervention",
        ),
        (
            "Troops opened fire on a teachers' protest in Ondra, killing two demonstrators.",
            "Excessive force against protesters",
        ),
        (
            "Youths protesting a fare rise burned two buses and threw stones at police in Kessa.",
            "Violent demonstration",
        ),
        ("A mob beat to death a man accused of stealing goats in Harro.", "Mob violence"),
        ("A helicopter dropped chlorine canisters on Nadir, residents said.", "Chemical weapon"),
        ("A drone strike hit a pickup on the Morsk road, killing three.", "Air/drone strike"),
        ("A man wearing an explosive vest blew himself up at a checkpoint in Sabel.", "Suicide bomb"),
        ("Mortar rounds were fired at the market of Lirra overnight.", "Shelling/artillery/missile attack"),
        ("A roadside bomb struck an army convoy outside Kessa.", "Remote explosive/landmine/IED"),
        ("Someone lobbed a hand grenade into a bar in Ondra.", "Grenade"),
        ("Militiamen raped two women at a well near Harro.", "Sexual violence"),
        ("Gunmen shot dead a village head at his home in Tarvel.", "Attack"),
        ("Masked men abducted a reporter from a cafe in Sabel.", "Abduction/forced disappearance"),
        (
            "Army units recaptured the hill town of Morsk from insurgents after a night of fighting.",
            "Government regains territory",
        ),
        (
            "Rebels seized the district town of Tarvel after routing its police guard.",
            "Non-state actor overtakes territory",
        ),
        ("Soldiers and militiamen clashed near the Kessa bridge.", "Armed clash"),
        ("The government and the rebels signed a 30-day ceasefire agreement.", "Agreement"),
        ("Police arrested the deputy leader of the opposition at his home.", "Arrests"),
        (
            "The ministry deployed 800 gendarmes to Kessa and declared a state of emergency.",
            "Change to group/activity",
        ),
        ("Engineers defused a bomb found under a bridge in Morsk.", "Disrupted weapons use"),
        ("Rebels set up a new base in an empty school near Harro.", "Headquarters or base established"),
        ("Soldiers looted shops and burned granaries in Tarvel.", "Looting/property destruction"),
        (
            "Rebels withdrew from Sabel overnight without a fight and the army walked in.",
            "Non-violent transfer of territory",
        ),
    ],
)
def test_sub_event_types(sentence, sub_event_type):
    hit = best_type(sentence)
    assert hit is not None
    assert hit.sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "sentence",
    [
        "A strong earthquake killed nine people and damaged 400 buildings in the valley.",
        "Firefighters put out a blaze after a gas tank exploded at the plant.",
        "Police arrested three men for smuggling cocaine through the port.",
        "The striker scored twice as the home side won the cup final.",
    ],
)
def test_not_political(sentence):
    assert best_type(sentence) is None


def test_suicide_bomb_takes_precedence_over_gunfire():
    hit = best_type("Two suicide bombers blew themselves up and gunmen opened fire on police in Lirra.")
    assert hit is not None and hit.sub_event_type == "Suicide bomb"


def test_stun_grenades_at_a_protest_are_not_a_grenade_attack():
    hit = best_type("Police fired stun grenades at protesters gathered in the square of Ondra.")
    assert hit is not None and hit.sub_event_type == "Protest with intervention"


@pytest.mark.parametrize(
    ("sentence", "word", "status"),
    [
        ("In 2015 there were protests with hundreds of arrests in the capital.", "protests", "historical"),
        ("The army did not attack the village, the spokesman said.", "attack", "negated"),
        ("The union will protest outside parliament next week.", "protest", "future"),
        ("If talks fail, the rebels could attack the town.", "attack", "hypothetical"),
        ("Police detained twelve students in the capital on Monday.", "detained", "current"),
        ("The south has been tense since deadly riots shook it in spring.", "riots", "historical"),
        ("Police have detained 40 people since the riots began on Monday.", "detained", "current"),
        ("The leader conducts roadside bomb attacks against the army.", "attacks", "historical"),
        ("Police say he supplies explosives for attacks on the army.", "attacks", "historical"),
        ("Troops cleared the region of insurgent fighters and seized weapons.", "seized", "current"),
    ],
)
def test_status(sentence, word, status):
    assert status_of(sentence, sentence.index(word), published_year=2022) == status


def test_counts_killed_about_state_forces_and_lowest_bound():
    counts = find_counts("At least nine police officers and two soldiers were killed in the riots.")
    killed = [c for c in counts if c.field == "killed"]
    assert [c.value for c in killed] == [11]  # both groups share the verb: one count
    assert killed[0].about == "state" and killed[0].lower_bound


def test_counts_words_digits_and_vague():
    counts = {c.field: c.value for c in find_counts("The clashes left twenty-one dead and dozens injured.")}
    assert counts == {"killed": 21, "injured": 12}
    counts = {
        c.field: c.value for c in find_counts("Troops detained a rebel commander and several associates.")
    }
    assert counts == {"arrested": 4}
    counts = {c.field: c.value for c in find_counts("Guards killed two smugglers, wounding 14 others.")}
    assert counts == {"killed": 2, "injured": 14}


def test_crowd_size():
    counts = {c.field: c.value for c in find_counts("Some 2,000 workers marched to the ministry to protest.")}
    assert counts.get("crowd_size") == 2000


@pytest.mark.parametrize(
    ("sentence", "plover_type"),
    [
        ("The foreign minister called for immediate talks between the two sides.", "REQUEST"),
        ("Norway has promised to send medical aid to the flooded region.", "AGREE"),
        ("The premier resigned on Friday after weeks of pressure.", "RETREAT"),
        ("The opposition rejected the proposed constitution.", "REJECT"),
        ("The ministry accused the neighbouring state of arming the rebels.", "ACCUSE"),
        ("The president threatened to expel foreign journalists.", "THREATEN"),
        ("The two leaders met in the capital to discuss border security.", "CONSULT"),
    ],
)
def test_plover_types(sentence, plover_type):
    hit = main_plover(sentence)
    assert hit is not None and hit.plover_type == plover_type


def test_riot_police_and_the_month_of_march_are_not_events():
    assert best_type(
        "Opposition leader Tamar Osei is under house arrest, guarded by riot police."
    ).sub_event_type == ("Arrests")
    assert best_type("Rebels attacked an army base near Kessa on 3 March.").sub_event_type == "Armed clash"


def test_attribution_is_not_a_new_event():
    from eventwire.coding.typing import is_attribution

    assert is_attribution("The Red Ridge Front claimed responsibility for the bombing of a bus in Lirra.")
    assert not is_attribution("A bomb hit a bus in Lirra, killing four passengers.")


def test_german_protest_and_arrests():
    hit = best_type(
        "Klimaaktivisten blockierten eine Kreuzung in Graz, die Polizei nahm 12 Personen fest.", "de"
    )
    assert hit is not None and hit.sub_event_type == "Protest with intervention"
    counts = {c.field: c.value for c in find_counts("Die Polizei nahm 12 Personen vorläufig fest.")}
    assert counts == {"arrested": 12}


def test_counts_identifiers_and_other_verbs_are_not_counts():
    assert (
        find_counts("Release 2011-04-CA-075 For Immediate Release: the force detained a courier.")[0].value
        == 1
    )
    assert not [
        c for c in find_counts("Troops seized multiple rifles and detained the driver.") if c.value == 3
    ]


def test_named_person_with_group_and_pronoun_counts():
    counts = {c.field: c.value for c in find_counts("The strike killed Rostam and several other fighters.")}
    assert counts == {"killed": 4}
    counts = {c.field: c.value for c in find_counts("He was engaged and killed.")}
    assert counts == {"killed": 1}
    counts = {c.field: c.value for c in find_counts("Police killed between three and six gunmen.")}
    assert counts == {"killed": 3}


def test_statement_of_intent_is_agree_or_threaten():
    hit = main_plover("The government said it will send food aid to the flooded provinces.")
    assert hit is not None and hit.plover_type == "AGREE"
    hit = main_plover("The rebels said they would blockade the capital from Monday.")
    assert hit is not None and hit.plover_type == "THREATEN"


def current_events(text, *, published):
    """The current ACLED-typed mentions the coder finds in a text."""
    from eventwire.coding import code_article
    from eventwire.records import make_article
    from eventwire.stages.sentences import split_sentences

    article = make_article(text, published=published)
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    return [m for m in code_article(article, sentences) if m.status == "current" and m.event_type]


def test_a_breakdown_of_the_dead_is_not_added_to_the_tally():
    text = (
        "A bomb exploded at a market in Gao on Monday, killing nine people, officials said. "
        "Two soldiers and a trader were among the dead."
    )
    assert [m.killed for m in current_events(text, published="2024-03-05") if m.killed] == [9]


def test_per_hospital_figures_that_add_up_to_the_lead_are_not_added_to_it():
    text = (
        "At least 12 people were killed when a bomb exploded at a bus station in Gao on Monday. "
        "The main hospital said it had received seven bodies. "
        "Five more bodies were taken to a clinic in the north of the town."
    )
    assert [m.killed for m in current_events(text, published="2024-03-05") if m.killed] == [12]
    more = text.replace("Five more bodies were", "Eight more bodies were")
    assert [m.killed for m in current_events(more, published="2024-03-05") if m.killed] == [15]


def test_a_match_report_holds_no_battle_but_fan_violence_with_arrests_is_kept():
    match = (
        "Rovers fought back to beat City 2-1 on Saturday. City's striker struck first in the 12th minute "
        "with a shot that the goalkeeper could not hold. After half-time Rovers laid siege to the City "
        "goal, and a substitute scored twice. It was a real battle, the coach said."
    )
    assert current_events(match, published="2024-05-19") == []
    riot = (
        match
        + " After the final whistle rival fans clashed outside the stadium and police arrested 14 people."
    )
    assert current_events(riot, published="2024-05-19") != []


def test_figures_right_after_a_background_event_belong_to_the_background():
    text = (
        "Police used water cannon on Thursday to break up a march of 4,000 people in Lima, "
        "and arrested 20. In 2019, a wave of protests over fares shook the country. "
        "Around 30 people died and thousands were injured during that unrest."
    )
    current = current_events(text, published="2024-04-12")
    assert current and all(m.killed in (None, 0) for m in current)


def test_a_sentence_that_refers_back_to_a_background_event_is_background():
    text = (
        "Students marched peacefully through Quito on Friday. In 2019, fuel price protests shook "
        "Ecuador for eleven days. Dozens of people were killed in those protests, many of them in "
        "clashes with security forces."
    )
    current = current_events(text, published="2024-03-02")
    assert current and all(m.killed in (None, 0) for m in current)


def test_what_an_event_comes_months_or_years_after_is_background():
    text = (
        "Gunmen attacked a police post in Kidal on Sunday, killing two officers. The attack comes "
        "a year after the army launched an offensive against rebel groups in the north."
    )
    current = current_events(text, published="2024-03-05")
    assert [m.sub_event_type for m in current] == ["Armed clash"]  # the attack on the post only


@pytest.mark.parametrize(
    "sentence",
    [
        "Police fired tear gas at a march in Kisumu on Monday, killing two people.",
        "Security forces shot dead three demonstrators in Kisumu on Monday.",
    ],
)
def test_deaths_from_state_force_on_a_crowd_are_excessive_force(sentence):
    hit = best_type(sentence)
    assert hit is not None and hit.sub_event_type == "Excessive force against protesters"


def test_gunmen_shooting_villagers_stay_an_attack():
    hit = best_type("Gunmen shot dead three villagers in Kisumu on Monday.")
    assert hit is not None and hit.sub_event_type == "Attack"


def test_petrol_bombs_are_no_ied_and_a_charge_names_no_event():
    hit = best_type("Youths threw stones and petrol bombs at the police station in Gafsa.")
    assert hit is None or hit.sub_event_type != "Remote explosive/landmine/IED"
    hit = best_type("Police said 14 people had been arrested in Gafsa on charges including arson.")
    assert hit is not None and hit.sub_event_type == "Arrests"


def test_vigilantes_are_mob_violence_only_when_they_act():
    hit = best_type("Vigilantes beat a suspected thief to death in a market in Kano.")
    assert hit is not None and hit.sub_event_type == "Mob violence"
    hit = best_type("Police said a search with the army and local vigilantes was under way near Kano.")
    assert hit is None or hit.sub_event_type != "Mob violence"


def test_a_later_report_of_the_same_attack_keeps_the_attacker_named_before():
    text = (
        "Russian artillery shelled a market in Kherson on Monday, killing two people. "
        "The shelling also hit a school on the edge of the city."
    )
    current = current_events(text, published="2024-01-16")
    shellings = [m for m in current if m.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shellings) == 2
    assert {m.actor1.label for m in shellings if m.actor1} == {"Military Forces of Russia"}


def test_an_operation_alone_is_no_event_but_one_with_a_toll_is():
    quiet = "Police said a joint search operation with the army was under way near Maiduguri."
    assert [m for m in current_events(quiet, published="2023-12-06") if m.sub_event_type] == []
    deadly = "Two insurgents were killed during the operation near Maiduguri on Tuesday."
    assert [m.killed for m in current_events(deadly, published="2023-12-06") if m.sub_event_type] == [2]


def test_acled_puts_the_crowd_first_except_in_excessive_force():
    dispersed = "Police fired tear gas at protesters in Lima on Thursday."
    (event,) = [m for m in current_events(dispersed, published="2023-06-09") if m.sub_event_type]
    assert event.sub_event_type == "Protest with intervention"
    assert (event.actor1.label, event.actor2.label) == ("Protesters (Peru)", "Police Forces of Peru")
    shot = "Police shot dead three protesters in Lima on Thursday."
    (event,) = [m for m in current_events(shot, published="2023-06-09") if m.sub_event_type]
    assert event.sub_event_type == "Excessive force against protesters"
    assert (event.actor1.label, event.actor2.label) == ("Police Forces of Peru", "Protesters (Peru)")
