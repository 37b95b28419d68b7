"""The toponym and event-place stages, over the small invented gazetteer of test_gazetteer."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from eventwire.gazetteer import Gazetteer
from eventwire.gazetteer.build import index_from_records
from eventwire.pipeline import Doc, Pipeline, Sentence
from eventwire.records import Mention, Span, make_article
from eventwire.stages.places import EventPlaceStage, ToponymStage


def _fixture_places() -> list[dict]:
    path = Path(__file__).with_name("test_gazetteer.py")
    spec = importlib.util.spec_from_file_location("_gazetteer_fixture", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_gazetteer_fixture", module)
    spec.loader.exec_module(module)
    return module.FIXTURE_PLACES


GAZETTEER = Gazetteer(index_from_records(_fixture_places()))


def make_doc(text: str, triggers: list[str]) -> Doc:
    article = make_article(text)
    doc = Doc(article=article, language="en")
    start = 0
    for part in text.split(". "):
        end = start + len(part) + (2 if start + len(part) < len(text) else 0)
        doc.sentences.append(Sentence(start, min(end, len(text))))
        start = end
    for number, word in enumerate(triggers):
        offset = text.index(word)
        doc.mentions.append(
            Mention(
                id=f"{article.id}:{number}",
                article_id=article.id,
                trigger=Span(article_id=article.id, start=offset, end=offset + len(word), text=word),
            )
        )
    return doc


def run(doc: Doc) -> Doc:
    ToponymStage(gazetteer=GAZETTEER)([doc])
    EventPlaceStage(gazetteer=GAZETTEER)([doc])
    return doc


def test_place_in_the_sentence_after_in_wins_over_an_actor_country():
    doc = run(make_doc("Russia sends paratroopers to Almaty after riots in Taraz", ["riots"]))
    place = doc.mentions[0].place
    assert place is not None and place.name == "Taraz" and place.geo_precision == 1
    assert place.span == Span(article_id=doc.article.id, start=51, end=56, text="Taraz")
    assert doc.mentions[0].field_spans["place"] == place.span


def test_demonym_is_not_the_place_and_near_gives_precision_two():
    doc = run(make_doc("Kazakh police dispersed a crowd near Shu", ["dispersed"]))
    place = doc.mentions[0].place
    assert (place.name, place.geo_precision, place.admin1) == ("Shu", 2, "Zhambyl Region")


def test_nearest_earlier_place_stands_in_when_the_sentence_has_none():
    doc = run(make_doc("Workers gathered in Almaty. Later they marched and chanted", ["marched"]))
    assert doc.mentions[0].place.name == "Almaty"


def test_focus_country_with_precision_three_when_no_place_precedes():
    doc = run(make_doc("Strikes spread quickly. Kazakh officials and Kazakh unions met", ["Strikes"]))
    place = doc.mentions[0].place
    assert (place.name, place.geo_precision, place.feature) == ("Kazakhstan", 3, "country")
    assert place.span.text == "Kazakh"


def test_no_place_at_all_leaves_the_mention_without_one():
    doc = run(make_doc("Workers went on strike over pay", ["strike"]))
    assert doc.mentions[0].place is None and "place" not in doc.mentions[0].field_spans


def test_stages_are_idempotent_and_fit_the_pipeline_order():
    doc = run(make_doc("Riots broke out in Paris, Tex., on Monday", ["Riots"]))
    first = (list(doc.toponyms), doc.mentions[0].place)
    run(doc)
    assert (list(doc.toponyms), doc.mentions[0].place) == first
    assert doc.mentions[0].place.admin1 == "Texas"
    assert ToponymStage.requires == ("sentences", "zones") and EventPlaceStage.provides == ("event_places",)


class _Provides:
    name = "given"
    requires: tuple[str, ...] = ()
    provides = ("sentences", "zones", "mentions")

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        return docs


def test_pipeline_accepts_the_stage_order():
    pipeline = Pipeline(
        [_Provides(), ToponymStage(gazetteer=GAZETTEER), EventPlaceStage(gazetteer=GAZETTEER)]
    )
    docs = pipeline.run([make_article("Floods hit Almaty.")])
    assert [t.place.name for t in docs[0].toponyms] == ["Almaty"]


def test_dateline_town_is_only_a_last_resort():
    doc = run(make_doc("MOSCOW, Russia (May 2) Police detained protesters in Taraz", ["detained"]))
    assert doc.mentions[0].place.name == "Taraz"
    doc = run(make_doc("MOSCOW, Russia (May 2) Police detained protesters", ["detained"]))
    assert doc.mentions[0].place.name == "Russia"


def test_the_one_region_of_the_story_stands_in_before_the_country():
    doc = run(
        make_doc("Kazakh police reported clashes. Later, in Zhambyl region, farmers marched", ["clashes"])
    )
    place = doc.mentions[0].place
    assert (place.name, place.feature, place.geo_precision) == ("Zhambyl Region", "admin1", 3)


def test_a_foreign_country_outside_a_locative_phrase_is_an_actor_not_the_place():
    text = "Protests spread across Kazakhstan. Almaty was calm. Later Russia condemned the unrest"
    doc = run(make_doc(text, ["condemned"]))
    assert doc.mentions[0].place.name == "Almaty"


def test_a_country_is_more_specific_than_the_world_region_around_it():
    doc = run(make_doc("After clashes in Kazakhstan in Central Asia, troops were deployed", ["deployed"]))
    assert doc.mentions[0].place.name == "Kazakhstan"


def test_the_news_agency_in_a_dateline_is_not_a_place():
    from eventwire.records import Toponym
    from eventwire.stages.places import _outside_agency_name

    text = "SANTIAGO, Chile, April 11, 2024 (Andes Wire) -- Police broke up a march in the Andes foothills."
    agency = Toponym(start=text.index("Andes"), end=text.index("Andes") + 5, text="Andes")
    later = text.index("Andes", agency.end)
    foothills = Toponym(start=later, end=later + 5, text="Andes")
    assert _outside_agency_name(text, [agency, foothills]) == [foothills]


def test_a_building_named_after_a_place_abroad_is_not_where_the_event_was():
    from eventwire.records import Place, Toponym
    from eventwire.stages.places import _foreign_facility_name

    text = "The wounded were taken to Medina hospital in Mogadishu."
    medina = Toponym(
        start=text.index("Medina"),
        end=text.index("Medina") + 6,
        text="Medina",
        place=Place(name="Medina", country="Saudi Arabia", iso="SA"),
    )
    assert _foreign_facility_name(text, medina, "SO")
    assert not _foreign_facility_name(text, medina, "SA")


def test_a_small_town_abroad_that_nothing_else_supports_is_not_the_place():
    from eventwire.records import Place, Toponym
    from eventwire.stages.places import _stray_foreign_town

    def town(name: str, iso: str, population: int) -> Toponym:
        place = Place(name=name, iso=iso, feature="city", population=population)
        return Toponym(start=0, end=len(name), text=name, place=place)

    support = Counter({"MM": 3})  # "Myanmar", "Sagaing region", "Burmese"
    assert _stray_foreign_town(town("Kani", "JP", 102_143), support, "MM")
    assert not _stray_foreign_town(town("Geneva", "CH", 440_757), support, "MM")  # talks abroad
    assert not _stray_foreign_town(town("Kani", "JP", 90_000), Counter({"MM": 3, "JP": 1}), "MM")
    assert not _stray_foreign_town(town("Kani", "JP", 90_000), Counter({"MM": 1}), "MM")


def test_the_head_word_of_an_organisation_name_is_not_a_place():
    text = "Delegates of the Taraz of Farmers signed the deal in Almaty."
    assert [toponym.text for toponym in GAZETTEER.find_toponyms(text)] == ["Almaty"]


def test_a_square_or_street_named_after_a_place_is_not_that_place():
    text = "Marchers left Plaza Taraz and Avenida Kazakhstan for the park in Almaty."
    assert [toponym.text for toponym in GAZETTEER.find_toponyms(text)] == ["Almaty"]


def test_the_last_town_before_stands_in_even_when_a_country_was_named_after_it():
    text = "Police raided homes in Taraz. Officials in Kazakhstan spoke. Later they detained two men"
    doc = run(make_doc(text, ["detained"]))
    assert doc.mentions[0].place.name == "Taraz"


def test_a_summary_lead_takes_the_first_place_of_the_detail_after_it():
    text = (
        "Kazakh police carried out raids in several regions. In Taraz, officers detained four men. "
        "In Almaty, two more were held"
    )
    doc = run(make_doc(text, ["raids"]))
    place = doc.mentions[0].place
    assert (place.name, place.geo_precision) == ("Taraz", 2)


def test_a_german_noun_is_no_small_town_unless_a_preposition_makes_it_one():
    from eventwire.gazetteer.finder import find_names

    text = "Bauern blockierten Straßen in Shu. Am Abend blockierten sie Straßen."
    records = [
        *_fixture_places(),
        {
            "name": "Straßen",
            "feature": "city",
            "country": "KZ",
            "latitude": 43.0,
            "longitude": 74.0,
            "population": 5000,
        },
    ]
    index = index_from_records(records)
    assert [text[m.start : m.end] for m in find_names(text, index, language="de")] == ["Shu"]
    assert "Straßen" in [text[m.start : m.end] for m in find_names(text, index, language="en")]


def test_a_river_is_not_where_the_event_was():
    text = "Shells fired from the eastern bank of the Taraz hit homes. Boats sank on the Shu River"
    doc = run(make_doc(text, ["hit", "sank"]))
    # Not the towns Taraz and Shu: only the country the rivers run through is known.
    assert [(m.place.name, m.place.geo_precision) for m in doc.mentions] == [("Kazakhstan", 3)] * 2


def test_talks_in_a_small_town_abroad_keep_it_while_an_attack_there_does_not():
    text = "Russian officials and Russia's envoys met in Shu on Monday"
    talks = make_doc(text, ["met"])
    talks.mentions[0].event_type = "Strategic developments"
    attack = make_doc(text, ["met"])
    attack.mentions[0].event_type = "Battles"
    assert run(talks).mentions[0].place.name == "Shu"
    assert run(attack).mentions[0].place.name == "Russia"
