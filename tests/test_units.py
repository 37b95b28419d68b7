"""One event per ACLED unit (type, place, day) within an article: stages/units.py."""

from __future__ import annotations

from eventwire.api import code_text
from eventwire.records import Actor, Mention, Place, Span
from eventwire.stages.units import fold_units

SUDAN = Place(name="Sudan", country="Sudan", iso="SD", feature="country")
DARFUR = Place(name="North Darfur", country="Sudan", iso="SD", admin1="North Darfur", feature="admin1")
FASHER = Place(
    name="El Fasher", country="Sudan", iso="SD", admin1="North Darfur", feature="city", geo_precision=1
)
NYALA = Place(name="Nyala", country="Sudan", iso="SD", admin1="South Darfur", feature="city", geo_precision=1)


def mention(
    rank: int, *, sub: str = "Armed clash", day: str = "2024-06-11", place: Place | None = FASHER, **extra
) -> Mention:
    return Mention(
        id=f"a:{rank}",
        article_id="a",
        event_type="Battles",
        sub_event_type=sub,
        event_date=day,
        place=place,
        rank=rank,
        evidence=[Span(article_id="a", start=rank * 10, end=rank * 10 + 5)],
        **extra,
    )


def test_later_tellings_of_one_clash_fold_into_the_first():
    folded = fold_units([mention(0, killed=4), mention(1), mention(2, injured=9)])
    assert len(folded) == 1
    assert (folded[0].killed, folded[0].injured) == (4, 9)
    assert len(folded[0].evidence) == 3


def test_a_region_or_country_holds_the_town_and_the_town_is_kept():
    folded = fold_units([mention(0, place=SUDAN), mention(1, place=DARFUR), mention(2, place=FASHER)])
    assert len(folded) == 1 and folded[0].place == FASHER


def test_another_town_another_day_another_type_or_other_actors_stay_apart():
    army = Actor(name="the army", label="Military Forces of Sudan", inter=1)
    rsf = Actor(name="the RSF", label="Rapid Support Forces", inter=2)
    kept = fold_units(
        [
            mention(0, actor1=army),
            mention(1, place=NYALA),
            mention(2, day="2024-06-12"),
            mention(3, sub="Attack"),
            mention(4, actor1=rsf),
            mention(5, status="historical"),
        ]
    )
    assert [m.rank for m in kept] == [0, 1, 2, 3, 4, 5]


def test_an_article_that_retells_its_clash_gives_one_event():
    text = (
        "Soldiers and rebel fighters clashed in the town of Gwoza in northeastern Nigeria on Monday. "
        "The fighting went on for several hours before the rebels withdrew into the hills. "
        "Residents said the clashes had forced hundreds of families to flee."
    )
    doc = code_text(text, published="2024-03-12")
    clashes = [m for m in doc.mentions if m.sub_event_type == "Armed clash" and m.status == "current"]
    assert len(clashes) == 1
    assert clashes[0].place is not None and clashes[0].place.name == "Gwoza"
