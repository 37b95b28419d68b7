"""The candidate and event stages over an invented article."""

from eventwire.pipeline import Doc, Sentence
from eventwire.records import make_article
from eventwire.stages.events import EventStage

ARTICLE = (
    "Unrest in Moldova: troops sent to Chisinau\n\n"
    "Thousands of protesters rallied in Chisinau on Tuesday against a rise in bread prices. "
    "Police fired tear gas to disperse the crowd and detained 40 people. "
    "Protesters set fire to two police cars outside the parliament. "
    "At least three officers were killed in the riots. "
    "Fourteen others were injured. "
    "President Ion Marcu imposed a state of emergency over the capital. "
    "In 2009 there had also been protests with hundreds of arrests. "
    "The weather was cold and the shops closed early."
)


def _split(text: str) -> list[Sentence]:
    import re

    sentences = []
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+|\n\n", text):
        sentences.append(Sentence(start, match.start()))
        start = match.end()
    sentences.append(Sentence(start, len(text)))
    return sentences


def _coded() -> Doc:
    doc = Doc(article=make_article(ARTICLE, published="2023-03-07"))
    doc.sentences = _split(ARTICLE)
    EventStage()([doc])
    return doc


def test_mentions_are_ranked_with_ids_and_evidence():
    doc = _coded()
    assert doc.mentions
    assert [m.rank for m in doc.mentions] == list(range(len(doc.mentions)))
    for mention in doc.mentions:
        assert mention.id == f"{doc.article.id}:{mention.rank}"
        sentence = mention.evidence[0]
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert mention.trigger is not None
        assert sentence.start <= mention.trigger.start < sentence.end


def test_protest_riot_and_emergency_are_coded():
    doc = _coded()
    current = {m.sub_event_type for m in doc.mentions if m.status == "current"}
    assert "Protest with intervention" in current
    assert "Violent demonstration" in current
    assert "Change to group/activity" in current


def test_counts_and_actor_labels():
    doc = _coded()
    killed = [m for m in doc.mentions if m.killed]
    assert killed and killed[0].killed == 3
    assert killed[0].injured == 14  # the next sentence's count joins the event
    assert doc.text[killed[0].field_spans["killed"].start : killed[0].field_spans["killed"].end].startswith(
        "At least"
    )
    emergency = next(m for m in doc.mentions if m.sub_event_type == "Change to group/activity")
    assert emergency.actor1 is not None and emergency.actor1.label == "Government of Moldova"
    assert emergency.plover_type == "COERCE"
    protest = next(m for m in doc.mentions if m.sub_event_type == "Protest with intervention")
    labels = {a.label for a in (protest.actor1, protest.actor2) if a is not None}
    assert "Protesters (Moldova)" in labels


def test_background_is_not_current():
    doc = _coded()
    background = [m for m in doc.mentions if "2009" in m.evidence[0].text]
    assert background and all(m.status == "historical" for m in background)


def test_stage_is_idempotent():
    doc = _coded()
    first = [m.id for m in doc.mentions]
    EventStage()([doc])
    assert [m.id for m in doc.mentions] == first


def _code(text: str, *, published: str | None = "2023-03-07"):
    from eventwire.coding import code_article

    article = make_article(text, published=published)
    return code_article(article, [(s.start, s.end) for s in _split(text)])


def test_restated_figures_are_counted_once_and_additional_ones_added():
    mentions = _code(
        "Troops detained four suspected militants near Kessa on Monday. "
        "After questioning, the force detained the four suspects for further inquiry. "
        "The force also detained one additional suspect."
    )
    assert sum(m.arrested or 0 for m in mentions if m.status == "current" and m.event_type) == 5


def test_a_group_counted_earlier_gives_its_size_to_killed_the_militants():
    mentions = _code(
        "Soldiers spotted three armed militants near the Kessa checkpoint on Monday. "
        "The soldiers opened fire and killed the militants."
    )
    assert sum(m.killed or 0 for m in mentions if m.status == "current" and m.event_type) == 3


def test_a_rejected_call_is_a_current_reject_not_a_deployment():
    mentions = _code("The council rejected a call for troops to be deployed in Lirra.")
    current = [m for m in mentions if m.status == "current"]
    assert current and current[0].plover_type == "REJECT"
    assert not [m for m in current if m.sub_event_type == "Change to group/activity"]


def test_people_are_resolved_through_their_role():
    mentions = _code(
        "President Ion Marcu addressed the nation on Tuesday. "
        "Marcu imposed a state of emergency over Moldova after riots in Chisinau."
    )
    emergency = next(m for m in mentions if m.sub_event_type == "Change to group/activity")
    assert emergency.actor1 is not None and emergency.actor1.label == "Government of Moldova"
    assert emergency.actor1.code == "MDA"
