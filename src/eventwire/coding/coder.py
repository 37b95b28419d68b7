"""Code an article: one mention per event-bearing sentence, typed, with actors, counts and spans.

The steps per sentence: ACLED sub-event type from cue patterns (typing.py), the status of the
event (status.py), the PLOVER type (plover.py), actors (actors.py) and counts (counts.py).
Sentences with a count but no event words ("317 others were injured") add their counts to the
event just before them. Mentions are then ranked: current ACLED events first, strongest and
earliest first, so the first-ranked mention is the article's main event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import msgspec

from eventwire.coding import actors as act
from eventwire.coding.classifier import OUT_OF_SCOPE, classifier_for
from eventwire.coding.countries import focus_country
from eventwire.coding.counts import Count, find_counts
from eventwire.coding.lexicon import SUB_EVENT_TYPES, CaselessWords
from eventwire.coding.numbers import QUANTITY_PATTERN, parse_number
from eventwire.coding.plover import FROM_ACLED, main_plover, mode_for_change
from eventwire.coding.status import latest_year, refers_back, status_of
from eventwire.coding.tolls import aggregate_counts
from eventwire.coding.typing import TypeHit, is_attribution, is_diplomacy, is_out_of_scope_context, type_hits
from eventwire.records import Actor, Article, Mention, Span, Toponym

# PLOVER types that stand on their own as events when no ACLED type applies.
_VERBAL = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "SANCTION", "MOBILIZE", "COERCE",
}  # fmt: skip
_SPEECH = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"}
# Verbal events about violence: their casualty figures belong to the violence, not to them.
_TALK_ABOUT_VIOLENCE = {"ACCUSE", "THREATEN", "REJECT", "REQUEST", "SANCTION"}
# PLOVER types that already say "announced, not done": the statement is the event.
_STATEMENT_OF_INTENT = {"AGREE", "THREATEN", "CONCEDE"}
_VIOLENT_OR_DEMO = {
    "Battles",
    "Riots",
    "Protests",
    "Explosions/Remote violence",
    "Violence against civilians",
}
# Sentences far down an article matter less for its main event.
_POSITION_PENALTY = 0.3
_MAX_POSITION_PENALTY = 1.5


@dataclass
class _Draft:
    index: int  # sentence index
    start: int
    end: int
    hit: TypeHit | None
    plover_type: str
    plover_mode: str
    trigger: tuple[int, int]  # offsets in the article text
    status: str
    counts: list[Count]
    actors: list[act.ActorMention]
    score: float


def code_article(
    article: Article,
    sentences: Sequence[tuple[int, int]],
    *,
    candidates: Sequence[int] | None = None,
    toponyms: Sequence[Toponym] = (),
    language: str = "en",
) -> list[Mention]:
    """All mentions in an article, ranked (rank 0 = main event); `language` picks the packs."""
    text = article.text
    places = [t.place.country for t in toponyms if t.place is not None and t.place.country]
    context = act.ActorContext(focus_country=focus_country(text, title=article.title, places=places))
    published_year = int(article.published[:4]) if article.published else None
    newest_year = latest_year(text)
    indices = sorted(set(candidates)) if candidates is not None else list(range(len(sentences)))
    sport = is_sport_report(f"{article.title}\n{text}")
    drafts: list[_Draft] = []
    for index in indices:
        start, end = sentences[index]
        draft = _code_sentence(
            text,
            index,
            (start, end),
            context,
            published_year=published_year,
            latest_year=newest_year,
            language=language,
        )
        if draft is None or (sport and not draft.counts):
            continue  # in a match report "struck first" and "a real battle" are football
        _mark_aggregate(text, draft, language)
        if _continues_background(text, drafts, draft):
            draft.status = "historical"  # "Dozens were killed in those protests" after a 2019 story
        if _is_toll_of_previous(text, drafts, draft) and _attach_counts(drafts, draft):
            continue
        if _is_figures_only(draft) and _attach_counts(drafts, draft):
            continue  # "4 soldiers and 9 militants were killed": the toll of the clash before
        if draft.hit is None and draft.plover_type == "" and draft.counts:
            if draft.status == "historical":
                continue
            inherited = _inherit_type(drafts, draft)
            if inherited is None:
                continue
            draft = inherited
        drafts.append(draft)
        companion = _verbal_companion(text, draft, published_year=published_year, latest_year=newest_year)
        if companion is not None:
            drafts.append(companion)
    _resolve_group_counts(text, sentences, drafts)
    _drop_restated_counts(text, drafts)
    _gather_counts_by_type(drafts)
    _fold_into_protests(drafts, toponyms)
    mentions = _to_mentions(article, drafts, context, toponyms)
    _name_implied_perpetrators(mentions)
    return mentions


_CROWD_INTER = frozenset({5, 6})  # ACLED interaction codes of rioters and protesters
WEAK_CUE_SCORE = 1.0  # below this a type cue ("operation", "raid") needs a count beside it
_ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "UAF"})  # who can carry out an attack themselves


def _name_implied_perpetrators(mentions: list[Mention]) -> None:
    """ "Russian artillery shells struck Kherson ... The shelling hit the Dniprovskyi district":
    a later sentence about the same kind of event that names no attacker is told of the armed
    actor named before, not of an unidentified group (a government that condemns it is none)."""
    named: dict[str, Actor] = {}
    for mention in sorted(mentions, key=lambda m: m.trigger.start if m.trigger else 0):
        actor = mention.actor1
        if mention.status != "current" or not mention.sub_event_type or actor is None:
            continue
        if actor.span is not None and actor.sector in _ARMED_SECTORS:
            named.setdefault(mention.sub_event_type, actor)
        elif actor.label.startswith("Unidentified") and mention.sub_event_type in named:
            mention.actor1 = named[mention.sub_event_type]


# Words that only sports reports use together; a few distinct ones make an article a match report.
_SPORT_TERMS = CaselessWords(
    r"\b(?:\d+(?:st|nd|rd|th) minute|half-time|halftime|stoppage time|kick-off|goalkeeper|goalkeepers|"
    r"striker|midfielder|equaliser|equalizer|free kick|penalty kick|corner kick|hat-trick|"
    r"league (?:table|title|leaders|match|game)|scored|scoring|the referee|substitute|"
    r"quarter-final|semi-final|touchdown|innings|wicket|relegation|home side|visitors)\b",
)
_SPORT_REPORT_MIN_TERMS = 3


def is_sport_report(text: str) -> bool:
    """A match report: sport's own vocabulary, three distinct terms or more."""
    found = {match.group(0).lower() for match in _SPORT_TERMS.finditer(text, text.lower())}
    return len(found) >= _SPORT_REPORT_MIN_TERMS


# A later sentence that adds to a tally says so; otherwise it restates the lead's figure.
_ADDITIVE = re.compile(
    r"\b(?:additional|another|also|separate|other|others|more|as well|in addition|"
    r"elsewhere|meanwhile)\b",
    re.IGNORECASE,
)


# "killed the insurgents", "they were all killed": a group counted in an earlier sentence.
_GROUP_KILLED = re.compile(
    r"\b(?:(?:killed|killing)\s+(?:all\s+(?:of\s+)?)?(?:the\s+(?:\w+\s+)?(?:insurgents|militants|men|"
    r"individuals|fighters|gunmen|attackers)|them|all\s+individuals)\b|(?:were|are)\s+(?:all\s+|both\s+)?killed)",
    re.IGNORECASE,
)
_GROUP = re.compile(
    rf"\b(?P<q>{QUANTITY_PATTERN})\s+(?:[\w'’-]+\s+){{0,2}}?(?:insurgents|militants|men|individuals|fighters|"
    r"gunmen|attackers)\b",
    re.IGNORECASE,
)


def _resolve_group_counts(text: str, sentences: Sequence[tuple[int, int]], drafts: list[_Draft]) -> None:
    """Give "killed the insurgents" the size of the group an earlier sentence counted."""
    for position, draft in enumerate(drafts):
        if draft.status != "current" or any(c.field == "killed" for c in draft.counts):
            continue
        if draft.hit is None and draft.plover_type != "ASSAULT":
            continue
        sentence = text[draft.start : draft.end]
        match = _GROUP_KILLED.search(sentence)
        if match is None:
            continue
        for earlier in range(draft.index, max(-1, draft.index - 3), -1):
            start, end = sentences[earlier]
            limit = draft.start + match.start() if earlier == draft.index else end
            groups = list(_GROUP.finditer(text, start, limit))
            if groups:
                value = parse_number(groups[-1].group("q"))
                if value:
                    draft.counts.append(Count("killed", value, match.start(), match.end(), "armed"))
                    if draft.hit is None:
                        typed = _inherit_type(drafts[:position], draft)
                        if typed is not None:
                            drafts[position] = typed
                break


# A count that names part of a figure already given: "including three children" (before it),
# "two police officers were among the dead" (after it).
_PART_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+them)\W*$", re.IGNORECASE)
_PART_AFTER = re.compile(r"\b(?:were|was|are|is)\s+among\s+(?:the|those)\b", re.IGNORECASE)


# The codebook's protest sub-types, the most severe first: one event takes the most severe.
_PROTEST_SEVERITY = ("Excessive force against protesters", "Protest with intervention", "Peaceful protest")


def _fold_into_protests(drafts: list[_Draft], toponyms: Sequence[Toponym]) -> None:
    """ "Thousands marched in the capital. Police detained 40 protesters.": the codebook codes
    what the state did to a demonstration as part of it: one event with the most severe
    protest sub-type, not a second protest or an Arrests event. The later sentence must be
    about protesters, lie within two sentences of the protest and name no other place."""
    for draft in list(drafts):
        protest = _protest_before(drafts, draft)
        if protest is None or protest.hit is None or draft.hit is None:
            continue
        if not _places_named(toponyms, draft) <= _places_named(toponyms, protest):
            continue  # "In Mombasa, police dispersed ...": another city's protest
        if draft.hit.sub_event_type in _PROTEST_SEVERITY and _PROTEST_SEVERITY.index(
            draft.hit.sub_event_type
        ) < _PROTEST_SEVERITY.index(protest.hit.sub_event_type):
            protest.hit = replace(protest.hit, sub_event_type=draft.hit.sub_event_type)
        elif draft.hit.sub_event_type == "Arrests" and protest.hit.sub_event_type == "Peaceful protest":
            protest.hit = replace(protest.hit, sub_event_type="Protest with intervention")
        fields = {c.field for c in protest.counts}
        shift = draft.start - protest.start
        protest.counts.extend(
            replace(c, start=c.start + shift, end=c.end + shift)
            for c in draft.counts
            if c.field not in fields
        )
        protest.actors.extend(a for a in draft.actors if a.kind != "protesters")  # who intervened
        drafts.remove(draft)


def _places_named(toponyms: Sequence[Toponym], draft: _Draft) -> set[str]:
    return {t.place.name for t in toponyms if draft.start <= t.start < draft.end and t.place is not None}


def _protest_before(drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """The current protest that an intervention or arrest sentence continues, if any."""
    if draft.status != "current" or draft.hit is None:
        return None
    if draft.hit.sub_event_type not in (*_PROTEST_SEVERITY[:2], "Arrests"):
        return None
    if (
        not any(actor.kind == "protesters" for actor in draft.actors)
        and draft.hit.sub_event_type == "Arrests"
    ):
        return None
    return next(
        (
            d
            for d in drafts
            if d.status == "current"
            and d.hit is not None
            and d.hit.event_type == "Protests"
            and 0 < draft.index - d.index <= 2
        ),
        None,
    )


def _is_breakdown(sentence: str, count: Count) -> bool:
    before = sentence[max(0, count.start - 25) : count.start]
    return bool(_PART_BEFORE.search(before) or _PART_AFTER.search(sentence, count.start, count.end + 40))


def _drop_restated_counts(text: str, drafts: list[_Draft]) -> None:
    """Keep one figure per tally: a press release gives the total in its lead and again in detail.

    A later figure counts on top when its sentence marks it as more ("an additional", "another",
    "also") or when it counts other people (soldiers after insurgents). A precise later figure
    replaces a vague lead ("several" -> 4), and once the lead was vague the precise details add
    up. A larger precise figure replaces a smaller one; any other later figure is a restatement
    and is dropped (ACLED counts each death once).
    """
    for field in ("killed", "arrested", "injured"):
        kept: list[tuple[_Draft, Count]] = []
        summing = False  # the lead was vague: the details are the tally
        restated = 0  # figures since dropped as details of the kept tally
        for draft in sorted(drafts, key=lambda d: d.index):
            if draft.status != "current" or draft.hit is None:
                continue
            for count in [c for c in draft.counts if c.field == field]:
                sentence = text[draft.start : draft.end]
                if kept and _is_breakdown(sentence, count):
                    draft.counts.remove(count)  # "two officers were among the dead": part of the tally
                    continue
                if not kept or kept[0][0] is draft:
                    kept.append((draft, count))  # figures in one sentence add up
                    continue
                later_vague = count.vague
                other_people = bool(count.about) and all(c.about and c.about != count.about for _, c in kept)
                # "Jan and several other insurgents": "other" inside a list does not add to the tally.
                window = re.sub(
                    r"\b(?:and|along with|with)\s+(?:\w+\s+)?other\b",
                    "",
                    sentence[max(0, count.start - 60) : count.end],
                )
                if restated and _ADDITIVE.search(window):
                    # "15 killed ... nine bodies at one hospital, six more at others": the "more"
                    # adds to the detail just given. Within the lead's tally it is a detail of it;
                    # beyond it, the details are the better tally.
                    detailed = restated + count.value
                    draft.counts.remove(count)
                    if detailed <= _total(kept):
                        restated = detailed
                        continue
                    for first_draft, first in kept:
                        first_draft.counts.remove(first)
                    tally = replace(count, value=detailed)
                    draft.counts.append(tally)
                    kept, restated = [(draft, tally)], 0
                    continue
                if _ADDITIVE.search(window) or other_people:
                    kept.append((draft, count))
                    continue
                # Arrest reports restate a vague lead in detail more often than they add to it.
                # "captured a facilitator" then "multiple suspected insurgents were detained": the
                # group was not part of a one-person lead.
                if later_vague and len(kept) == 1 and kept[0][1].value == 1 and not kept[0][1].vague:
                    kept.append((draft, count))
                    continue
                if summing and not later_vague and field != "arrested":
                    kept.append((draft, count))
                    continue
                first_vague = all(c.vague for _, c in kept)
                if not later_vague and (first_vague or count.value > _total(kept)):
                    for first_draft, first in kept:
                        first_draft.counts.remove(first)
                    kept = [(draft, count)]
                    summing = first_vague
                    restated = 0
                    continue
                restated += count.value
                draft.counts.remove(count)


def _total(kept: list[tuple[_Draft, Count]]) -> int:
    return sum(count.value for _, count in kept)


def _gather_counts_by_type(drafts: list[_Draft]) -> None:
    """Put the tally of each sub-event type on its first mention.

    What is left after restatements are dropped adds up; kept on one mention per type, the
    figures survive any later merging of same-day, same-place, same-type mentions into one event.
    """
    for field in ("killed", "arrested", "injured"):
        first_of_type: dict[str, tuple[_Draft, Count]] = {}
        for draft in sorted(drafts, key=lambda d: d.index):
            if draft.status != "current" or draft.hit is None:
                continue
            for count in [c for c in draft.counts if c.field == field]:
                key = draft.hit.sub_event_type
                if key not in first_of_type:
                    first_of_type[key] = (draft, count)
                    continue
                head_draft, head = first_of_type[key]
                total = Count(
                    head.field,
                    head.value + count.value,
                    head.start,
                    head.end,
                    head.about,
                    head.lower_bound,
                    head.vague and count.vague,
                )
                head_draft.counts[head_draft.counts.index(head)] = total
                first_of_type[key] = (head_draft, total)
                draft.counts.remove(count)


def _code_sentence(
    text: str,
    index: int,
    bounds: tuple[int, int],
    context: act.ActorContext,
    *,
    published_year: int | None,
    latest_year: int | None,
    language: str,
) -> _Draft | None:
    start, end = bounds
    sentence = text[start:end]
    act.remember_people(sentence, context)  # every sentence: later ones may name them again
    counts = find_counts(sentence, language)
    framed = is_attribution(sentence) or is_diplomacy(sentence)
    hits = [] if framed else type_hits(sentence)
    if hits and hits[0].score < WEAK_CUE_SCORE and not counts:
        hits = []  # "a search operation was under way": an operation alone, with no toll, is no event
    actors: list[act.ActorMention] | None = None
    if not hits and not framed and index < _MODEL_LEAD_SENTENCES:
        actors = act.find_actors(text, start, end, context)
        hits = _model_hit(sentence, language, actors, counts)
    if hits:
        # The best-scoring cue may sit in a background clause ("a facilitator responsible for
        # attacks"); the sentence's own event is then the best cue that is current.
        hit, status = hits[0], ""
        for candidate in hits:
            candidate_status = status_of(
                sentence, candidate.start, published_year=published_year, latest_year=latest_year
            )
            if candidate_status == "current" and candidate.score >= 1.8:
                hit, status = candidate, candidate_status
                break
        if not status:
            status = status_of(sentence, hit.start, published_year=published_year, latest_year=latest_year)
        plover_type, plover_mode = _plover_for(hit, sentence)
        trigger = (start + hit.start, start + hit.end)
        score = hit.score
    else:
        hit = None
        plover = main_plover(sentence)
        # Who claimed or denied an attack is not a new report of it: no casualty event from it.
        casualties = not framed and any(c.field in ("killed", "injured", "arrested") for c in counts)
        if plover is None or (casualties and plover.plover_type not in _TALK_ABOUT_VIOLENCE):
            if not any(c.field in ("killed", "injured", "arrested") for c in counts):
                return None
            plover_type, plover_mode, trigger = "", "", (start + counts[0].start, start + counts[0].end)
            status = status_of(
                sentence, counts[0].start, published_year=published_year, latest_year=latest_year
            )
            return _Draft(
                index,
                start,
                end,
                None,
                "",
                "",
                trigger,
                status,
                counts,
                act.find_actors(text, start, end, context) if actors is None else actors,
                1.0,
            )
        plover_type, plover_mode = plover.plover_type, plover.mode
        status = status_of(sentence, plover.start, published_year=published_year, latest_year=latest_year)
        if status in ("future", "hypothetical") and plover_type in _STATEMENT_OF_INTENT:
            status = "current"  # a promise or a threat is made now, whatever it announces
        trigger = (start + plover.start, start + plover.end)
        score = 1.0
    return _Draft(
        index,
        start,
        end,
        hit,
        plover_type,
        plover_mode,
        trigger,
        status,
        counts,
        act.find_actors(text, start, end, context) if actors is None else actors,
        score,
    )


MODEL_SCORE = 1.5  # a type from the model ranks below any strong cue of the rules
# The model is asked about the lead only: the main event is told there, and asking about every
# sentence of a long story would cost more than the rest of the coder.
_MODEL_LEAD_SENTENCES = 4
# How sure the model must be: it speaks only where the sentence names an actor of events (armed
# men, a crowd, the state) or a toll, and must be surer when the sentence is a statement.
# Without such support it is not asked: out of its domain it is sure of too much.
_MODEL_MIN_PROBABILITY = {"actor": 0.7, "speech": 0.9}
_MODEL_ACTOR_KINDS = frozenset(
    {
        "military",
        "police",
        "rebels",
        "militia",
        "named",
        "unidentified",
        "protesters",
        "rioters",
        "government",
    }
)


def _model_hit(
    sentence: str, language: str, actors: list[act.ActorMention], counts: list[Count]
) -> list[TypeHit]:
    """The learned classifier's type (classifier.py) for a sentence the cue rules leave
    untyped, when it is sure enough for what else the sentence holds."""
    support = _model_support(sentence, actors, counts)
    model = classifier_for(language)
    if support is None or model is None:
        return []
    prediction = model.predict(sentence)
    needed = _MODEL_MIN_PROBABILITY[support]
    if prediction.label == OUT_OF_SCOPE or prediction.probability < needed:
        return []
    start, end = _evidence_span(sentence, prediction.evidence)
    return [TypeHit(prediction.label, MODEL_SCORE, start, end)]


def _evidence_span(sentence: str, evidence: tuple[str, ...]) -> tuple[int, int]:
    """Where the word that weighed most for the model's answer stands: the trigger, so that
    the status cues before it ("likely", "plans to") are read as for a rule's trigger."""
    for feature in evidence:
        stem = feature.removeprefix("w:").split(" ")[0]
        if stem == "#":
            continue
        match = re.search(rf"\b{re.escape(stem)}\w*", sentence, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return 0, len(sentence)


def _model_support(sentence: str, actors: list[act.ActorMention], counts: list[Count]) -> str | None:
    if is_out_of_scope_context(sentence):
        return None  # a disaster or a crime with nothing political: the rules' own filter
    if not any(a.kind in _MODEL_ACTOR_KINDS for a in actors) and not any(
        c.field in ("killed", "injured", "arrested") for c in counts
    ):
        return None
    verbal = main_plover(sentence)
    if verbal is not None and verbal.plover_type in _SPEECH:
        return "speech"  # a statement, request or threat is an event of its own (PLOVER)
    return "actor"


def _verbal_companion(
    text: str, draft: _Draft, *, published_year: int | None, latest_year: int | None
) -> _Draft | None:
    """The statement around a non-current ACLED cue: "rejected a call for troops to be deployed"
    is no deployment, but it is a current REJECT."""
    if draft.hit is None or draft.status == "current":
        return None
    sentence = text[draft.start : draft.end]
    verbal = main_plover(sentence)
    if verbal is None or verbal.start >= draft.hit.start or verbal.plover_type in ("ASSAULT", "PROTEST"):
        return None
    status = status_of(sentence, verbal.start, published_year=published_year, latest_year=latest_year)
    if status in ("future", "hypothetical") and verbal.plover_type in _STATEMENT_OF_INTENT:
        status = "current"
    if status != "current":
        return None
    trigger = (draft.start + verbal.start, draft.start + verbal.end)
    return _Draft(
        draft.index,
        draft.start,
        draft.end,
        None,
        verbal.plover_type,
        verbal.mode,
        trigger,
        status,
        [],
        draft.actors,
        1.0,
    )


def _plover_for(hit: TypeHit, sentence: str) -> tuple[str, str]:
    verbal = main_plover(sentence)
    # A verbal event named before the ACLED trigger is the sentence's own event:
    # "the opposition rejected the deployment of troops" is REJECT, not MOBILIZE.
    if verbal and verbal.start < hit.start and verbal.plover_type not in ("ASSAULT", "PROTEST"):
        return verbal.plover_type, verbal.mode
    if hit.sub_event_type == "Change to group/activity":
        return mode_for_change(sentence)
    if hit.sub_event_type in ("Agreement", "Other"):
        verbal = main_plover(sentence)
        if verbal and verbal.plover_type in ("AGREE", "SUPPORT", "RETREAT", "CONCEDE", "CONSULT"):
            return verbal.plover_type, verbal.mode
    return FROM_ACLED[hit.sub_event_type]


def _mark_aggregate(text: str, draft: _Draft, language: str) -> None:
    """A running or nationwide toll is no figure of this event (tolls.py): it leaves the draft,
    and a draft whose figures were all such tolls is itself the aggregate."""
    sums = aggregate_counts(text[draft.start : draft.end], draft.counts, language)
    if not sums:
        return
    draft.counts = [c for c in draft.counts if c not in sums]
    if draft.status == "current" and not any(
        c.field in ("killed", "injured", "arrested") for c in draft.counts
    ):
        draft.status = "aggregate"
        draft.counts = sums


def _continues_background(text: str, drafts: list[_Draft], draft: _Draft) -> bool:
    """A sentence right after a background event that only adds figures, or refers back to it
    ("during that unrest"), tells more of that background."""
    if not drafts or draft.status != "current":
        return False
    previous = drafts[-1]
    if previous.status != "historical" or draft.index - previous.index > 2:
        return False
    figures_only = draft.hit is None and draft.plover_type == "" and draft.index - previous.index == 1
    return figures_only or refers_back(text[draft.start : draft.end])


def _attach_counts(drafts: list[_Draft], draft: _Draft) -> bool:
    """Give "317 others were injured" to the event just before it, when that event lacks the count."""
    if not drafts:
        return False
    previous = drafts[-1]
    if (
        draft.index - previous.index > 2
        or previous.hit is None
        or not (draft.status == previous.status == "current")
    ):
        return False
    if (
        any(c.field in ("killed", "injured") for c in draft.counts)
        and previous.hit.event_type not in _VIOLENT_OR_DEMO
    ):
        return False  # casualties belong to violence, not to the network shutdown before them
    fields = {c.field for c in previous.counts}
    new = [c for c in draft.counts if c.field not in fields]
    if not new or len(new) < len(draft.counts):
        return False
    # Counts keep offsets relative to their own sentence; shift them to the previous one's frame.
    shift = draft.start - previous.start
    previous.counts.extend(
        Count(c.field, c.value, c.start + shift, c.end + shift, c.about, c.lower_bound, c.vague) for c in new
    )
    return True


def _is_figures_only(draft: _Draft) -> bool:
    """No cue of the rules of its own, only figures (and at most the violence they imply, or
    the model's guess at a type): the toll of an event told before."""
    guessed = draft.hit is None or draft.hit.score <= MODEL_SCORE
    return guessed and draft.plover_type in ("", "ASSAULT") and bool(draft.counts)


_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+$", re.IGNORECASE)


def _is_toll_of_previous(text: str, drafts: list[_Draft], draft: _Draft) -> bool:
    """ "Gunmen attacked a village. Nearly a dozen people were killed.": a sentence whose only
    event word is the verb of its own casualty count ("were killed") gives the toll of the event
    just before it. ACLED's unit is the event, so the figure joins it instead of making a second
    event without actors or place. `_attach_counts` checks that the event is near and current."""
    if draft.hit is None or not drafts or drafts[-1].hit is None:
        return False
    casualties = [c for c in draft.counts if c.field in ("killed", "injured")]
    # The cue lies inside the count ("people were killed", not "the security force killed one"),
    # or names the event told before ("Two soldiers died in the fighting", "in the blast").
    inside = any(c.start <= draft.hit.start and draft.hit.end <= c.end for c in casualties)
    sentence_before_cue = text[draft.start : draft.start + draft.hit.start]
    return inside or (bool(casualties) and _DEFINITE_BEFORE.search(sentence_before_cue) is not None)


def _inherit_type(drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """A casualty sentence with no event words takes the type of the last violent event."""
    if all(c.field == "arrested" for c in draft.counts):
        return _typed(draft, "Arrests", "COERCE", "arrest")
    for previous in reversed(drafts):
        if previous.hit is not None and previous.hit.event_type in _VIOLENT_OR_DEMO:
            sub_event_type = previous.hit.sub_event_type
            return _typed(draft, sub_event_type, *FROM_ACLED[sub_event_type])
    shots_fired = any(
        previous.hit is None and previous.plover_type == "ASSAULT" and draft.index - previous.index <= 2
        for previous in drafts
    )
    if shots_fired or any(a.kind in ("military", "rebels", "named") for a in draft.actors):
        if _victims_are_civilians(draft):
            # The codebook: armed actors who kill unarmed people commit an attack, not a battle.
            return _typed(draft, "Attack", "ASSAULT", "firearms")
        return _typed(draft, "Armed clash", "ASSAULT", "firearms")
    return None


def _victims_are_civilians(draft: _Draft) -> bool:
    victims = [c.about for c in draft.counts if c.field in ("killed", "injured")]
    return bool(victims) and all(about == "civilians" for about in victims)


def _typed(draft: _Draft, sub_event_type: str, plover_type: str, plover_mode: str) -> _Draft:
    """The draft with a type of its own, its trigger where its figures are."""
    hit = TypeHit(sub_event_type, 1.0, draft.trigger[0] - draft.start, draft.trigger[1] - draft.start)
    return replace(draft, hit=hit, plover_type=plover_type, plover_mode=plover_mode, score=1.0)


def _rank_key(draft: _Draft) -> tuple[int, int, float, int]:
    penalty = min(_POSITION_PENALTY * draft.index, _MAX_POSITION_PENALTY)
    return (draft.status != "current", draft.hit is None, -(draft.score - penalty), draft.index)


def _to_mentions(
    article: Article, drafts: list[_Draft], context: act.ActorContext, toponyms: Sequence[Toponym]
) -> list[Mention]:
    ranked = sorted(drafts, key=_rank_key)
    mentions = []
    for rank, draft in enumerate(ranked):
        mention = _mention(article, draft, rank, context)
        local = _local_countries(toponyms, draft.start, draft.end)
        _set_territory_side(mention, local)
        _mark_foreign_forces(mention, local)
        mentions.append(mention)
    return mentions


def _local_countries(toponyms: Sequence[Toponym], start: int, end: int) -> set[str]:
    """Countries of the places below country level named in a sentence: where it happened."""
    return {
        t.place.country
        for t in toponyms
        if start <= t.start < end and t.place is not None and t.place.admin1 and t.place.country
    }


def _span(article: Article, start: int, end: int) -> Span:
    return Span(article_id=article.id, start=start, end=end, text=article.text[start:end])


def _mention(article: Article, draft: _Draft, rank: int, context: act.ActorContext) -> Mention:
    hit = draft.hit
    sub_event_type = hit.sub_event_type if hit else ""
    event_type, disorder_type = SUB_EVENT_TYPES[sub_event_type] if hit else ("", "")
    actor1, actor2, assoc1 = _assign_actors(article, draft, event_type, sub_event_type, context)
    field_spans: dict[str, Span] = {}
    values: dict[str, int] = {}
    for count in draft.counts:
        # Figures of one kind in one sentence add up ("captured a leader and detained three others").
        values[count.field] = values.get(count.field, 0) + count.value
        if count.field not in field_spans:
            field_spans[count.field] = _span(article, draft.start + count.start, draft.start + count.end)
    for name, actor in (("actor1", actor1), ("actor2", actor2)):
        if actor is not None and actor.span is not None:
            field_spans[name] = actor.span
    trigger = _span(article, *draft.trigger)
    for name in ("event_type", "sub_event_type", "plover_type"):
        field_spans[name] = trigger
    return Mention(
        id=f"{article.id}:{rank}",
        article_id=article.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        disorder_type=disorder_type,
        plover_type=draft.plover_type,
        plover_mode=draft.plover_mode,
        actor1=actor1,
        actor2=actor2,
        assoc_actors1=assoc1,
        killed=values.get("killed"),
        injured=values.get("injured"),
        arrested=values.get("arrested"),
        crowd_size=values.get("crowd_size"),
        status=draft.status,  # type: ignore[arg-type]
        trigger=trigger,
        evidence=[_span(article, draft.start, draft.end)],
        field_spans=field_spans,
        confidence=round(min(1.0, draft.score / 3.5), 3),
        rank=rank,
        published=article.published,
        source=article.source,
    )


_FORCES = frozenset({"MIL", "COP"})


def _mark_foreign_forces(mention: Mention, local_countries: set[str]) -> None:
    """The codebook's code 8, external forces: a state's military or police acting in another
    country ("Russian forces shelled Kharkiv") are not that country's state forces (1)."""
    for name in ("actor1", "actor2"):
        actor = getattr(mention, name)
        if actor is None or actor.inter != 1 or actor.sector not in _FORCES or not actor.country:
            continue
        if local_countries and actor.country not in local_countries:
            setattr(mention, name, msgspec.structs.replace(actor, inter=8))


def _set_territory_side(mention: Mention, local_countries: set[str]) -> None:
    """The codebook's "Government regains territory" is a state retaking ground in its own
    country; foreign forces who take ground there are coded "Non-state actor overtakes
    territory", as any actor other than the country's government is."""
    actor1 = mention.actor1
    if mention.sub_event_type != "Government regains territory" or actor1 is None or actor1.inter != 1:
        return
    if actor1.country and local_countries and actor1.country not in local_countries:
        mention.sub_event_type = "Non-state actor overtakes territory"


def _assign_actors(
    article: Article, draft: _Draft, event_type: str, sub_event_type: str, context: act.ActorContext
) -> tuple[Actor | None, Actor | None, list[Actor]]:
    """Actor 1 and 2: who acts first, as `find_actors` orders them, in ACLED's order for
    demonstrations (ACLED actors have no direction otherwise)."""
    country = context.focus_country
    rioting = event_type == "Riots" and sub_event_type == "Violent demonstration"
    mentions = _distinct(draft.actors)
    if (
        event_type in ("Protests", "Riots")
        and sub_event_type != "Mob violence"
        and not any(m.kind == "protesters" for m in mentions)
    ):
        crowd_kind = "rioters" if rioting else "protesters"
        implied = act.default_actor(crowd_kind, country, article_id=article.id)
        others = [
            act.to_actor(m, article_id=article.id)
            for m in mentions
            if m.kind in ("military", "police", "government")
        ]
        actor1, actor2 = _acled_order(sub_event_type, implied, others[0] if others else None)
        return actor1, actor2, []
    if sub_event_type == "Mob violence" and not any(m.kind == "rioters" for m in mentions):
        return _mob_actors(article, mentions, country)
    actors = [act.to_actor(m, article_id=article.id, as_rioters=rioting) for m in mentions]
    if event_type == "Violence against civilians" and not any(a.inter == 7 for a in actors):
        actors.append(act.default_actor("civilians", country, article_id=article.id))
    if not actors:
        implied_kind = {"Arrests": "police", "Change to group/activity": "government"}.get(sub_event_type)
        if implied_kind is None and event_type in (
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
        ):
            implied_kind = "unidentified"
        if implied_kind is None:
            return None, None, []
        return act.default_actor(implied_kind, country, article_id=article.id), None, []
    actor1 = actors[0]
    actor2 = next((a for a in actors[1:] if a.label != actor1.label), None)
    assoc = [
        a
        for a in actors[1:]
        if a is not actor2 and a.label not in (actor1.label, actor2.label if actor2 else "")
    ]
    if event_type in ("Protests", "Riots") and actor2 is not None:
        actor1, actor2 = _acled_order(sub_event_type, actor1, actor2)
    return actor1, actor2, assoc[:3]


def _mob_actors(
    article: Article, mentions: list[act.ActorMention], country: str
) -> tuple[Actor, Actor | None, list[Actor]]:
    """Mob violence is done by rioters, whoever the text says they were ("residents", "a group of
    men"): the codebook codes the mob as Rioters; its target is a named armed or state actor,
    else civilians (ACLED's most common mob violence, rioters against civilians)."""
    rioters = act.default_actor("rioters", country, article_id=article.id)
    target = next((m for m in mentions if m.kind in _ARMED_KINDS), None)
    if target is not None:
        return rioters, act.to_actor(target, article_id=article.id), []
    return rioters, act.default_actor("civilians", country, article_id=article.id), []


_ARMED_KINDS = frozenset({"military", "police", "named", "rebels", "militia", "identity", "unidentified"})


def _acled_order(sub_event_type: str, one: Actor, other: Actor | None) -> tuple[Actor, Actor | None]:
    """ACLED's order for demonstrations: the crowd is actor 1 ("Protesters (Peru)" vs "Police
    Forces of Peru"), except in excessive force, where the state's force is the event."""
    if other is None:
        return one, None
    crowd_first = sub_event_type != "Excessive force against protesters"
    first_is_crowd, second_is_crowd = one.inter in _CROWD_INTER, other.inter in _CROWD_INTER
    if first_is_crowd != second_is_crowd and first_is_crowd != crowd_first:
        return other, one
    return one, other


def _distinct(mentions: list[act.ActorMention]) -> list[act.ActorMention]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for mention in mentions:
        key = (
            mention.kind,
            mention.country if mention.kind not in ("named", "igo") else mention.text.lower(),
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(mention)
    return kept


def focus_of(article: Article) -> str:
    """The article's focus country (for callers that want it without coding)."""
    return focus_country(article.text, title=article.title)
