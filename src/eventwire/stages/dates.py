"""Pipeline stages for time: tag time expressions, then give each event mention its date.

The date of an event is, in order of trust:
1. a time expression in the mention's own sentence ("on Wednesday", "yesterday", "in 2019");
2. one in the narrative just before it (the sentence that set the scene, a day or week precise);
3. the first day the report names for its news (the lead's "yesterday"), with ACLED time
   precision 2: a detail of the story without a date of its own happened around then;
4. the reference date (publication date, else dateline), with time precision 2: reports mostly
   describe events of the last day or two, so the coder knows the week, not the day;
5. with no reference day at all, the month of a numbered release ("2011-07-S-039"), precision 3.

ACLED time precision: 1 the day is known, 2 the week (or a few days), 3 only the month or coarser.
A mention its own sentence dates clearly before the reporting period (a year before the
reference year, or more than a month before the reference date) is background: "historical".
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import date, timedelta
from typing import ClassVar

from eventwire.coding.status import refers_back
from eventwire.dateline import read_dateline
from eventwire.pipeline import Doc
from eventwire.records import Mention, Span, Timex, published_date, starting_within
from eventwire.timex import (
    event_date_from_value,
    find_reference_date,
    find_release_month,
    tag_timexes,
)
from eventwire.words import words_before, words_between

NARRATIVE_SENTENCES = 3  # how many sentences back a scene-setting date still holds
HISTORICAL_DAYS = 30  # older than this before the reference date is background, not news
FALLBACK_PRECISION = 2
Dated = tuple[Timex, date, int]  # a time expression, its calendar day and ACLED time precision

# A date after these words bounds the event rather than dating it: "protests since 2019",
# "a town called Alma Ata until 1993".
_BOUNDING = re.compile(
    r"\b(?:since|until|till|by|before|seit|bis|vor dem|ab)\s+(?:the\s+|dem\s+|den\s+)?$", re.I
)


# "shortly after 1 p.m.", "in the afternoon", "um 14 Uhr": a time of day names no day. The tagger
# anchors it to the reference date, but in a report of yesterday's events it is the narrative's day.
_CLOCK_ONLY = re.compile(
    r"(?:(?:at|around|about|shortly|just|after|before|in|during|um|gegen|am)\s+)*(?:the\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?|h|uhr|o['’]clock)?|noon|midnight|mittag|"
    r"morning|afternoon|evening|night|nachmittag|abend|vormittag)",
    re.IGNORECASE,
)
_REPORTING = r"(?:confirmed|announced|said|says|reported|stated|told|disclosed|released|added)"
_REPORTING_BEFORE = re.compile(rf"\b{_REPORTING}\s+(?:on\s+)?$", re.I)
_REPORTING_AFTER = re.compile(rf"\s*,?\s*{_REPORTING}\b", re.I)
_POSSESSIVE = re.compile(r"['’]s?\b")
_NAMED_DAY = re.compile(r"\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|an?)\s+$", re.I)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|to|at|in|on|of|for|from|with|by|as|that|when|while|is|was|were|will)\b)[a-z]"
)


class TimexStage:
    """Tag every time expression and settle the date relative expressions resolve against."""

    name: ClassVar[str] = "timexes"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    provides: ClassVar[tuple[str, ...]] = ("timexes", "reference_date")

    def setup(self) -> None:
        pass  # rules are compiled at import; nothing to load

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            reference = reference_date_of(doc)
            language = doc.language or doc.article.language or "en"
            doc.timexes = tag_timexes(doc.text, reference=reference, language=language)
            doc.reference_date = reference.isoformat() if reference else None
        return docs


def reference_date_of(doc: Doc) -> date | None:
    """The publication date from metadata, else the dateline, else a full date the text states."""
    return published_date(doc.article) or find_reference_date(doc.text)


class EventDateStage:
    """Set each mention's event date, ACLED time precision and the span it was read from."""

    name: ClassVar[str] = "event_dates"
    requires: ClassVar[tuple[str, ...]] = ("timexes", "mentions")
    provides: ClassVar[tuple[str, ...]] = ("event_dates",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            reference = date.fromisoformat(doc.reference_date) if doc.reference_date else None
            usable = _body_timexes(doc)
            # Per article, not per mention: the story's day and a release's month are the same for all.
            story = _story_date(doc, usable, reference)
            release = find_release_month(doc.text) if reference is None else None
            for mention in doc.mentions:
                date_mention(doc, mention, reference=reference, timexes=usable, story=story, release=release)
            _extend_background(doc)
        return docs


def _extend_background(doc: Doc) -> None:
    """ "Deadly unrest swept the south between December and March. Dozens were killed in those
    protests": a sentence that points back to a background event, right after it, is background.

    The coder sees the background that years give; only dates show a story of a few months ago."""
    told = sorted(
        ((sentence, mention) for mention in doc.mentions if (sentence := _sentence_of(doc, mention))),
        key=lambda item: item[0],  # mentions themselves have no order
    )
    starts = [sentence.start for sentence in doc.sentences]
    for (before, earlier), (sentence, mention) in itertools.pairwise(told):
        if earlier.status != "historical" or mention.status != "current":
            continue
        gap = bisect.bisect_left(starts, sentence[0]) - bisect.bisect_left(starts, before[0])
        if 0 < gap <= 2 and refers_back(doc.text[sentence[0] : sentence[1]], doc.language or "en"):
            mention.status = "historical"


def _body_timexes(doc: Doc) -> list[Timex]:
    """The timexes after the dateline: a header's date ("Operational Update, Jan. 5") dates the
    release, not the events in it."""
    dateline = read_dateline(doc.text).date
    if dateline is None:
        return doc.timexes
    return [timex for timex in doc.timexes if timex.start >= dateline.end]


def date_mention(
    doc: Doc,
    mention: Mention,
    *,
    reference: date | None,
    timexes: list[Timex],
    story: Dated | None = None,
    release: tuple[int, int] | None = None,
) -> None:
    """Fill event_date, time_precision, field_spans["event_date"] and, for background, status.

    `story`: the first day the report names for its news; `release`: the year and month of a
    numbered release, used only when there is no reference date."""
    sentence = _sentence_of(doc, mention)
    own = _best_timex(doc, timexes, sentence, mention) if sentence else None
    chosen = own or (_narrative_timex(doc, timexes, sentence, reference) if sentence else None)
    if chosen is not None:
        timex, day, precision = chosen
        _set_date(doc, mention, timex, day, precision)
        # Only the mention's own sentence can make it background; other statuses stand.
        background = own is not None and reference is not None and _is_background(timex, day, reference)
        if background and mention.status == "current":
            mention.status = "historical"
        return
    if story is not None:
        # The story's own day, not the day it was printed: "a bomb went off yesterday ... witnesses
        # said it went off shortly after 1 p.m." Known only to the week, as ACLED would code it.
        _set_date(doc, mention, story[0], story[1], FALLBACK_PRECISION)
        return
    mention.field_spans.pop("event_date", None)
    mention.time_precision = FALLBACK_PRECISION if reference else 3
    if reference is not None:
        mention.event_date = reference.isoformat()
    else:
        # No day anywhere: a numbered release still gives the month, which ACLED codes on the 15th.
        mention.event_date = date(*release, 15).isoformat() if release else None


def _set_date(doc: Doc, mention: Mention, timex: Timex, day: date, precision: int) -> None:
    mention.event_date = day.isoformat()
    mention.time_precision = precision
    mention.field_spans["event_date"] = Span(
        article_id=doc.article.id, start=timex.start, end=timex.end, text=timex.text
    )


def _sentence_of(doc: Doc, mention: Mention) -> tuple[int, int] | None:
    if mention.evidence:
        return mention.evidence[0].start, mention.evidence[0].end
    sentence = doc.sentence_at(mention.trigger.start) if mention.trigger is not None else None
    return (sentence.start, sentence.end) if sentence is not None else None


def _dated(timex: Timex) -> Dated | None:
    if timex.type not in ("DATE", "TIME") or _CLOCK_ONLY.fullmatch(timex.text.strip()):
        return None
    resolved = event_date_from_value(timex.value)
    return (timex, resolved[0], resolved[1]) if resolved else None


def _best_timex(doc: Doc, timexes: list[Timex], sentence: tuple[int, int], mention: Mention) -> Dated | None:
    """The date in the sentence that dates this event: the nearest to its trigger (in words), most
    precise; a date at a precision level coarser costs as much as _WORDS_PER_PRECISION words."""
    start, end = sentence
    anchor = mention.trigger.start if mention.trigger is not None else start
    best: Dated | None = None
    best_score = float("inf")
    for timex in starting_within(timexes, start, end):
        if timex.end > end:
            continue
        dated = _dated(timex)
        if dated is None:
            continue
        if _BOUNDING.search(words_before(doc.text, timex.start, 3)):
            continue  # "since 2019", "until 1993" bound a story or a name; they do not date the event
        distance = words_between(
            doc.text, *sorted((anchor, timex.start if timex.start >= anchor else timex.end))
        )
        score = distance + _WORDS_PER_PRECISION * (dated[2] - 1) + _side_penalty(doc.text, timex, mention)
        if score < best_score:
            best, best_score = dated, score
    return best


# Costs of a date, counted in words of distance from the trigger.
_WORDS_PER_PRECISION = 10
_REPORTING_PENALTY = 50
_OTHER_EVENT_PENALTY = 33
_NOUN_REACH = 5  # words from "Tuesday's" to the trigger it may still qualify


def _side_penalty(text: str, timex: Timex, mention: Mention) -> int:
    """How much less likely a date dates this event than its distance alone says.

    "confirmed today the arrest ... on Sunday": the date of the announcement is not the event's,
    unless the event is the statement itself (a verbal event, with no ACLED type: "the minister
    promised on Monday ..."). "the leader behind Tuesday's attack", "behind the Aug. 7 attack": a
    date that qualifies a noun belongs to another event, unless the trigger is the very noun it
    qualifies.
    """
    penalty = 0
    reported = _REPORTING_BEFORE.search(words_before(text, timex.start, 5)) or _REPORTING_AFTER.match(
        text, timex.end
    )
    if reported and mention.event_type:
        penalty += _REPORTING_PENALTY
    if _qualifies_noun(text, timex):
        trigger_start = mention.trigger.start if mention.trigger is not None else -1
        if not (trigger_start >= timex.end and words_between(text, timex.end, trigger_start) <= _NOUN_REACH):
            penalty += _OTHER_EVENT_PENALTY
    return penalty


def _qualifies_noun(text: str, timex: Timex) -> bool:
    """ "Tuesday's attack", "the Aug. 7 attack": the date names another event by its day.

    Not "an overnight operation": that says when the event itself took place.
    """
    if _POSSESSIVE.match(text, timex.end):
        return True
    if not _NAMED_DAY.search(timex.text):
        return False
    article = _ARTICLE_BEFORE.search(words_before(text, timex.start, 1))
    return article is not None and _NOUN_AFTER.match(text, timex.end) is not None


def _narrative_timex(
    doc: Doc, timexes: list[Timex], sentence: tuple[int, int], reference: date | None
) -> Dated | None:
    """A day- or week-precise date from the sentences around this one: before, then after.

    The sentence before usually sets the scene ("On Tuesday, police raided ..."); a headline
    or a summary sentence is dated by the body that follows it. A day after the reference date
    ("parliament meets on Monday") sets no scene for what already happened.
    """
    start, end = sentence
    first_after = bisect.bisect_left(doc.sentences, end, key=lambda s: s.start)
    after = doc.sentences[first_after : first_after + NARRATIVE_SENTENCES]
    last_before = bisect.bisect_right(doc.sentences, start, key=lambda s: s.end)
    before = doc.sentences[max(0, last_before - NARRATIVE_SENTENCES) : last_before]
    for neighbours, pick_last in ((list(reversed(before)), True), (after, False)):
        for neighbour in neighbours:
            candidates = [
                dated
                for timex in starting_within(timexes, neighbour.start, neighbour.end)
                if timex.end <= neighbour.end
                and (dated := _dated(timex)) is not None
                and dated[2] <= 2
                and (reference is None or dated[1] <= reference)
                and not _qualifies_noun(doc.text, timex)  # "the Aug. 7 attack" sets no scene
            ]
            if candidates:
                return candidates[-1] if pick_last else candidates[0]
    return None


def _story_date(doc: Doc, timexes: list[Timex], reference: date | None) -> Dated | None:
    """The first day the report names for its news: a day, not in the future, not background."""
    if reference is None:
        return None
    for timex in timexes:
        dated = _dated(timex)
        if dated is None or dated[2] != 1 or dated[1] > reference:
            continue
        if _qualifies_noun(doc.text, timex) or _is_background(timex, dated[1], reference):
            continue
        if _BOUNDING.search(words_before(doc.text, timex.start, 3)):
            continue
        return dated
    return None


def _is_background(timex: Timex, day: date, reference: date) -> bool:
    """Whether a date puts its event clearly before the period the report covers.

    A coarse date counts by the end of its period: "last month" in a report of March 2 is
    still news, "in 2019" in a report of 2022 is not.
    """
    value = timex.value
    if re.fullmatch(r"\d{4}", value):
        return int(value) < reference.year
    return _period_end(value, day) < reference - timedelta(days=HISTORICAL_DAYS)


def _period_end(value: str, day: date) -> date:
    if re.fullmatch(r"\d{4}-\d{2}", value):
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if "-W" in value:
        return day + timedelta(days=6 - day.weekday())
    if re.fullmatch(r"\d{4}-(?:Q\d|H\d|SP|SU|FA|WI)", value):
        return day + timedelta(days=45)
    return day
