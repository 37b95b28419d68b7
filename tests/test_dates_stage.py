"""The timex and event-date stages over invented articles, with hand-made mentions."""

from __future__ import annotations

from eventwire.api import code_text
from eventwire.pipeline import Doc, Pipeline, Sentence
from eventwire.records import Mention, Span, make_article
from eventwire.stages.dates import EventDateStage, TimexStage
from eventwire.stages.sentences import split_sentences


def coded_doc(text: str, triggers: list[str], *, published: str | None, language: str = "en") -> Doc:
    """A doc with sentences, tagged timexes and one mention per trigger word, dated by the stages."""
    article = make_article(text, published=published)
    doc = Doc(article=article, language=language)
    doc.sentences = split_sentences(text)
    TimexStage()([doc])
    for number, word in enumerate(triggers):
        offset = text.index(word)
        sentence = next(s for s in doc.sentences if s.start <= offset < s.end)
        doc.mentions.append(
            Mention(
                id=f"{article.id}:{number}",
                article_id=article.id,
                event_type="Protests",
                trigger=Span(article_id=article.id, start=offset, end=offset + len(word), text=word),
                evidence=[Span(article_id=article.id, start=sentence.start, end=sentence.end)],
                rank=number,
            )
        )
    EventDateStage()([doc])
    return doc


def test_weekday_before_publication() -> None:
    doc = coded_doc("Thousands protested in Almaty on Wednesday.", ["protested"], published="2022-01-06")
    mention = doc.mentions[0]
    assert (mention.event_date, mention.time_precision, mention.status) == ("2022-01-05", 1, "current")
    assert mention.field_spans["event_date"].text == "Wednesday"


def test_weekday_equal_to_publication_day_is_that_day() -> None:
    doc = coded_doc("Thousands protested in Almaty on Thursday.", ["protested"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-06"


def test_yesterday() -> None:
    doc = coded_doc("Gunmen attacked a police post yesterday.", ["attacked"], published="2022-01-06")
    assert (doc.mentions[0].event_date, doc.mentions[0].time_precision) == ("2022-01-05", 1)


def test_last_month_gives_month_precision_and_stays_current() -> None:
    doc = coded_doc("Nurses went on strike last month.", ["strike"], published="2022-01-06")
    mention = doc.mentions[0]
    assert (mention.event_date, mention.time_precision, mention.status) == ("2021-12-15", 3, "current")


def test_in_2019_is_historical_background() -> None:
    text = "Police detained 40 protesters on Tuesday. A similar crackdown took place in 2019."
    doc = coded_doc(text, ["detained", "crackdown"], published="2022-01-06")
    current, background = doc.mentions
    assert (current.event_date, current.status) == ("2022-01-04", "current")
    assert (background.event_date, background.time_precision, background.status) == (
        "2019-07-01",
        3,
        "historical",
    )


def test_dateline_without_publication_date() -> None:
    text = "KABUL, Afghanistan (Jan. 25, 2013)\nA patrol killed two insurgents in Ghazni province yesterday."
    doc = coded_doc(text, ["killed"], published=None)
    assert doc.reference_date == "2013-01-25"
    assert doc.mentions[0].event_date == "2013-01-24"
    assert all(timex.text != "Jan. 25, 2013" for timex in doc.timexes)


def test_german_weekday_and_relative_dates() -> None:
    text = "Die Polizei löste am Donnerstag eine Kundgebung auf. Vor zwei Wochen gab es Krawalle. Gestern blieb es ruhig."
    doc = coded_doc(text, ["löste", "Krawalle", "blieb"], published="2022-01-07", language="de")
    thursday, two_weeks, yesterday = doc.mentions
    assert (thursday.event_date, thursday.time_precision) == ("2022-01-06", 1)
    assert (two_weeks.event_date, two_weeks.time_precision) == ("2021-12-23", 2)
    assert (yesterday.event_date, yesterday.time_precision) == ("2022-01-06", 1)


def test_undated_sentence_takes_the_date_of_the_narrative_before_it() -> None:
    text = "On Monday, students marched to parliament. Police arrested 12 of them."
    doc = coded_doc(text, ["arrested"], published="2022-01-06")
    mention = doc.mentions[0]
    assert (mention.event_date, mention.time_precision) == ("2022-01-03", 1)
    assert mention.field_spans["event_date"].text == "Monday"


def test_undated_event_falls_back_to_the_reference_date_with_week_precision() -> None:
    doc = coded_doc("Protesters blocked the main road.", ["blocked"], published="2022-01-06")
    mention = doc.mentions[0]
    assert (mention.event_date, mention.time_precision) == ("2022-01-06", 2)
    assert "event_date" not in mention.field_spans


def test_an_undated_detail_far_from_the_lead_takes_the_story_day_with_week_precision() -> None:
    text = (
        "A bomb exploded at a market in Gao yesterday, officials said. Shops were closed. "
        "Traders counted their losses. Families waited at the clinic. Buses did not run. "
        "Soldiers later arrested two men near the market."
    )
    mention = coded_doc(text, ["arrested"], published="2024-03-05").mentions[0]
    assert (mention.event_date, mention.time_precision) == ("2024-03-04", 2)
    assert mention.field_spans["event_date"].text == "yesterday"


def test_a_clock_time_names_no_day_of_its_own() -> None:
    text = "Gunmen stormed a hotel in Bamako on Saturday. The attack began shortly after 1 p.m."
    doc = coded_doc(text, ["attack"], published="2024-03-05")
    assert (doc.mentions[0].event_date, doc.mentions[0].time_precision) == ("2024-03-02", 1)
    text = "Students marched in Lima on Thursday. Police blocked them in the afternoon."
    doc = coded_doc(text, ["blocked"], published="2023-06-09")
    assert doc.mentions[0].event_date == "2023-06-08"


def test_since_bounds_the_story_and_does_not_date_the_event() -> None:
    text = "Workers have protested since 2019 and blocked the port on Wednesday."
    doc = coded_doc(text, ["blocked"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-05"
    assert doc.mentions[0].status == "current"


def test_until_a_year_does_not_make_a_current_event_historical() -> None:
    text = "Some 500 people were injured in Almaty, a city that was called Alma Ata until 1993."
    doc = coded_doc(text, ["injured"], published="2022-01-06")
    assert (doc.mentions[0].status, doc.mentions[0].event_date) == ("current", "2022-01-06")


def test_the_date_of_an_announcement_does_not_date_the_event() -> None:
    text = "Officials confirmed today the arrest of a militia leader in the north on Sunday."
    doc = coded_doc(text, ["arrest"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-02"


def test_a_possessive_date_belongs_to_another_event() -> None:
    text = "Soldiers detained the man behind Tuesday's bombing in a raid on Wednesday."
    doc = coded_doc(text, ["detained"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-05"


def test_a_date_qualifying_a_noun_belongs_to_another_event() -> None:
    text = "Troops killed the planner of the Dec. 30 ambush in a raid on Wednesday."
    doc = coded_doc(text, ["killed"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-05"


def test_a_date_qualifying_a_noun_does_not_set_the_scene() -> None:
    # The sentence before names another event by its date; the arrest is dated by the report.
    text = "Rebels staged the Jan. 2 bombing of the depot. Police arrested the driver."
    doc = coded_doc(text, ["arrested"], published="2022-01-06")
    assert (doc.mentions[0].event_date, doc.mentions[0].time_precision) == ("2022-01-06", 2)


def test_an_overnight_operation_is_dated_by_its_night() -> None:
    text = "Soldiers detained two men during an overnight operation in the north."
    doc = coded_doc(text, ["detained"], published="2022-01-06")
    assert doc.mentions[0].event_date == "2022-01-05"


def test_a_header_date_before_the_dateline_does_not_date_events() -> None:
    text = "Operational Update, Jan. 5, 2011\nKABUL, Afghanistan (Jan. 4, 2011) A patrol detained two men."
    doc = coded_doc(text, ["detained"], published=None)
    assert (doc.mentions[0].event_date, doc.mentions[0].time_precision) == ("2011-01-04", 2)


def test_no_reference_and_no_date_leaves_the_event_undated() -> None:
    doc = coded_doc("Protesters blocked the main road.", ["blocked"], published=None)
    assert doc.reference_date is None
    assert (doc.mentions[0].event_date, doc.mentions[0].time_precision) == (None, 3)


def test_stages_are_idempotent() -> None:
    doc = coded_doc("Gunmen attacked a police post yesterday.", ["attacked"], published="2022-01-06")
    before = (list(doc.timexes), doc.mentions[0].event_date, dict(doc.mentions[0].field_spans))
    TimexStage()([doc])
    EventDateStage()([doc])
    assert (list(doc.timexes), doc.mentions[0].event_date, dict(doc.mentions[0].field_spans)) == before


def test_stage_order_is_accepted_by_the_pipeline() -> None:
    class Sentences:
        name = "sentences"
        requires: tuple[str, ...] = ()
        provides = ("sentences",)

        def setup(self) -> None:
            pass

        def __call__(self, docs: list[Doc]) -> list[Doc]:
            for doc in docs:
                doc.sentences = [Sentence(0, len(doc.text))]
            return docs

    class Mentions:
        name = "events"
        requires = ("sentences",)
        provides = ("mentions",)

        def setup(self) -> None:
            pass

        def __call__(self, docs: list[Doc]) -> list[Doc]:
            for doc in docs:
                doc.mentions = [
                    Mention(
                        id="m",
                        article_id=doc.article.id,
                        evidence=[Span(article_id=doc.article.id, start=0, end=len(doc.text))],
                    )
                ]
            return docs

    pipeline = Pipeline([Sentences(), TimexStage(), Mentions(), EventDateStage()])  # type: ignore[list-item]
    [doc] = pipeline.run([make_article("Riots erupted on Friday.", published="2022-01-06")])
    assert doc.mentions[0].event_date == "2021-12-31"


def test_a_coming_day_sets_no_scene_for_what_already_happened() -> None:
    text = "Police killed three protesters in Gao on Sunday. Parliament will debate the killings on Friday. Officers also arrested 20 people."
    mention = coded_doc(text, ["arrested"], published="2024-03-05").mentions[0]
    assert mention.event_date == "2024-03-03"


def test_a_sentence_pointing_back_to_a_background_event_of_months_ago_is_background() -> None:
    text = (
        "Riot police dispersed a student march in Lima on Thursday. "
        "Deadly unrest shook the south of the country between December and March. "
        "Dozens of people were killed in those protests."
    )
    doc = coded_doc(text, ["dispersed", "unrest", "killed"], published="2023-06-09")
    assert [mention.status for mention in doc.mentions] == ["current", "historical", "historical"]


def test_two_events_in_one_sentence_are_both_dated() -> None:
    text = "Police fired tear gas and arrested 20 students in Lima on Thursday."
    doc = coded_doc(text, ["fired", "arrested"], published="2023-06-09")
    assert [mention.event_date for mention in doc.mentions] == ["2023-06-08", "2023-06-08"]


def test_a_numbered_release_without_a_day_gives_the_year_and_the_month() -> None:
    text = (
        "Joint Command 2011-07-S-040 For Immediate Release\nA patrol detained two men in Gardez on July 16."
    )
    assert coded_doc(text, ["detained"], published=None).mentions[0].event_date == "2011-07-16"
    text = "Joint Command 2011-07-S-041 For Immediate Release\nA patrol detained two men in Gardez yesterday."
    mention = coded_doc(text, ["detained"], published=None).mentions[0]
    assert (mention.event_date, mention.time_precision) == ("2011-07-15", 3)


def test_a_statement_is_dated_by_the_day_it_was_made():
    # A verbal event (no ACLED type) happens when it is said: "said on Monday" dates it, not a
    # year in a clause about something else.
    doc = code_text(
        "The opposition would accept a constitution written in 1998, its leader said on Monday.",
        published="2015-03-04",
    )
    statement = doc.mentions[0]
    assert statement.event_type == "" and statement.plover_type == "AGREE"
    assert (statement.event_date, statement.status) == ("2015-03-02", "current")
