"""Code an article: one mention per event-bearing sentence, typed, with actors, counts and spans.

The steps per sentence: ACLED sub-event type from cue patterns (typing.py), else from the
learned classifier for a lead sentence the rules leave untyped (classifier.py), the status of
the event (status.py), the PLOVER type (plover.py), actors (actors.py) and counts (counts.py),
each step reading the language pack of the article's language. Which figures belong to which
event is casualties.py's job ("317 others were injured" joins the event before it; running
tolls never do). Mentions are then ranked: current ACLED events first, strongest and earliest
first, so the first-ranked mention is the article's main event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import msgspec

from eventwire.coding import actors as act
from eventwire.coding.casualties import (
    attach_counts,
    drop_restated_counts,
    gather_counts_by_type,
    is_figures_only,
    is_toll_of_previous,
    mark_aggregate,
    resolve_group_counts,
)
from eventwire.coding.classifier import OUT_OF_SCOPE, classifier_for
from eventwire.coding.countries import focus_country
from eventwire.coding.counts import Count, find_counts
from eventwire.coding.drafts import MODEL_RULE, MODEL_SCORE, Draft, inherit_type
from eventwire.coding.lexicon import SUB_EVENT_TYPES, lexicon
from eventwire.coding.plover import FROM_ACLED, main_plover, mode_for_change
from eventwire.coding.status import latest_year, refers_back, status_of
from eventwire.coding.typing import TypeHit, is_attribution, is_diplomacy, is_out_of_scope_context, type_hits
from eventwire.records import Actor, Article, Mention, Span, Toponym, published_date, starting_within

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
# Sentences far down an article matter less for its main event.
_POSITION_PENALTY = 0.3
_MAX_POSITION_PENALTY = 1.5


@dataclass(frozen=True)
class _Reading:
    """What every sentence of an article is read with: its facts, worked out once."""

    text: str
    context: act.ActorContext
    published_year: int | None
    latest_year: int | None
    language: str
    genre: str  # "sport", "business" or "" (genre_of)


def code_article(
    article: Article,
    sentences: Sequence[tuple[int, int]],
    *,
    candidates: Sequence[int] | None = None,
    toponyms: Sequence[Toponym] = (),
    language: str = "en",
) -> list[Mention]:
    """All mentions in an article, ranked (rank 0 = main event); `language` picks the packs."""
    toponyms = sorted(toponyms, key=lambda toponym: toponym.start)  # text order: looked up by bisection
    reading = _reading_of(article, toponyms, language)
    indices = sorted(set(candidates)) if candidates is not None else list(range(len(sentences)))
    drafts: list[Draft] = []
    for index in indices:
        draft = _code_sentence(reading, index, sentences[index])
        if draft is not None:
            _add_draft(reading, drafts, draft)
    resolve_group_counts(reading.text, sentences, drafts)
    drop_restated_counts(reading.text, drafts)
    gather_counts_by_type(drafts)
    _fold_into_protests(drafts, toponyms)
    mentions = _to_mentions(article, drafts, reading.context, toponyms)
    _name_implied_perpetrators(mentions)
    return mentions


def _reading_of(article: Article, toponyms: Sequence[Toponym], language: str) -> _Reading:
    text = article.text
    places = [t.place.country for t in toponyms if t.place is not None and t.place.country]
    return _Reading(
        text=text,
        context=act.ActorContext(focus_country=focus_country(text, title=article.title, places=places)),
        published_year=published.year if (published := published_date(article)) else None,
        latest_year=latest_year(text),
        language=language,
        genre=genre_of(f"{article.title}\n{text}", language),
    )


def _add_draft(reading: _Reading, drafts: list[Draft], draft: Draft) -> None:
    """Keep a sentence's draft, or give its figures to the event they belong to."""
    text = reading.text
    if _figure_of_speech(reading, draft):
        return
    mark_aggregate(text, draft, reading.language)
    if _continues_background(text, drafts, draft, reading.language):
        draft.status = "historical"  # "Dozens were killed in those protests" after a 2019 story
    if is_toll_of_previous(text, drafts, draft) and attach_counts(drafts, draft):
        return
    if is_figures_only(draft) and attach_counts(drafts, draft):
        return  # "4 soldiers and 9 militants were killed": the toll of the clash before
    if draft.hit is None and draft.plover_type == "" and draft.counts:
        inherited = None if draft.status == "historical" else inherit_type(drafts, draft)
        if inherited is None:
            return
        draft = inherited
    drafts.append(draft)
    companion = _verbal_companion(reading, draft)
    if companion is not None:
        drafts.append(companion)


# Kinds of actor who can carry out violence themselves.
_ARMED_KINDS = frozenset({"military", "police", "named", "rebels", "militia", "identity", "unidentified"})
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


# Distinct words of a genre's vocabulary (types pack: SPORT_GENRE, BUSINESS_GENRE) that make an
# article a match report or a business story, where violence is a figure of speech.
_GENRE_MIN_TERMS = 3
_GENRES = {"sport": "SPORT_GENRE", "business": "BUSINESS_GENRE"}
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def genre_of(text: str, language: str) -> str:
    """ "sport" for a match report, "business" for a business story, else ""."""
    for genre, vocabulary in _GENRES.items():
        found = {match.group(0).lower() for match in _genre_pattern(language, vocabulary).finditer(text)}
        if len(found) >= _GENRE_MIN_TERMS:
            return genre
    return ""


@functools.cache
def _genre_pattern(language: str, vocabulary: str) -> re.Pattern[str]:
    return re.compile(lexicon(language).vocabulary[vocabulary], re.IGNORECASE)


def _figure_of_speech(reading: _Reading, draft: Draft) -> bool:
    """In a match report "struck first" and "a real battle" are football; in a business story a
    "battle" for shoppers is no clash. Only a reported toll keeps such a sentence."""
    if draft.counts or not reading.genre:
        return False
    return reading.genre == "sport" or (draft.hit is not None and draft.hit.event_type in _VIOLENT_TYPES)


# The codebook's protest sub-types, the most severe first: one event takes the most severe.
_PROTEST_SEVERITY = ("Excessive force against protesters", "Protest with intervention", "Peaceful protest")


def _fold_into_protests(drafts: list[Draft], toponyms: Sequence[Toponym]) -> None:
    """ "Thousands marched in the capital. Police detained 40 protesters.": the codebook codes
    what the state did to a demonstration as part of it: one event with the most severe
    protest sub-type, not a second protest or an Arrests event; a riot stays a Violent
    demonstration ("Crowds stormed parliament. Police fired live rounds."). The later sentence
    must be about protesters, lie within two sentences of the demonstration and name no other
    place."""
    for draft in list(drafts):
        protest = _protest_before(drafts, draft)
        if protest is None or protest.hit is None or draft.hit is None:
            continue
        if not _places_named(toponyms, draft) <= _places_named(toponyms, protest):
            continue  # "In Mombasa, police dispersed ...": another city's protest
        if (
            protest.hit.sub_event_type in _PROTEST_SEVERITY
            and draft.hit.sub_event_type in _PROTEST_SEVERITY
            and _PROTEST_SEVERITY.index(draft.hit.sub_event_type)
            < _PROTEST_SEVERITY.index(protest.hit.sub_event_type)
        ):
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


def _places_named(toponyms: Sequence[Toponym], draft: Draft) -> set[str]:
    return {t.place.name for t in starting_within(toponyms, draft.start, draft.end) if t.place is not None}


def _protest_before(drafts: list[Draft], draft: Draft) -> Draft | None:
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
            and d.hit.event_type in ("Protests", "Riots")
            and 0 < draft.index - d.index <= 2
        ),
        None,
    )


def _code_sentence(reading: _Reading, index: int, bounds: tuple[int, int]) -> Draft | None:
    """One sentence's draft: its ACLED type (rules, else the model), else its verbal PLOVER
    event, else its casualty figures alone; None when it holds none of these."""
    start, end = bounds
    sentence = reading.text[start:end]
    # every sentence: later ones may name them again
    act.remember_people(sentence, reading.context, language=reading.language)
    counts = find_counts(sentence, reading.language)
    framed = is_attribution(sentence) or is_diplomacy(sentence)
    hits = [] if framed else type_hits(sentence, reading.language)
    if hits and hits[0].score < WEAK_CUE_SCORE and not counts:
        hits = []  # "a search operation was under way": an operation alone, with no toll, is no event
    actors: list[act.ActorMention] | None = None
    if not hits and not framed and index < _MODEL_LEAD_SENTENCES:
        actors = _actors(reading, bounds)
        hits = _model_hit(sentence, reading.language, actors, counts)
    draft: Draft | None
    if hits:
        draft = _typed_draft(reading, index, bounds, hits, counts)
    else:
        draft = _untyped_draft(reading, index, bounds, counts, framed=framed)
    if draft is not None:
        draft.actors = _actors(reading, bounds) if actors is None else actors
    return draft


def _actors(reading: _Reading, bounds: tuple[int, int]) -> list[act.ActorMention]:
    return act.find_actors(reading.text, *bounds, reading.context, language=reading.language)


def _typed_draft(
    reading: _Reading, index: int, bounds: tuple[int, int], hits: list[TypeHit], counts: list[Count]
) -> Draft:
    start, end = bounds
    sentence = reading.text[start:end]
    # The best-scoring cue may sit in a background clause ("a facilitator responsible for
    # attacks"); the sentence's own event is then the best cue that is current.
    hit, status = hits[0], ""
    for candidate in hits:
        candidate_status = _status(reading, sentence, candidate.start)
        if candidate_status == "current" and candidate.score >= 1.8:
            hit, status = candidate, candidate_status
            break
    status = status or _status(reading, sentence, hit.start)
    plover_type, plover_mode = _plover_for(hit, sentence, reading.language)
    trigger = (start + hit.start, start + hit.end)
    return Draft(index, start, end, hit, plover_type, plover_mode, trigger, status, counts, [], hit.score)


def _untyped_draft(
    reading: _Reading, index: int, bounds: tuple[int, int], counts: list[Count], *, framed: bool
) -> Draft | None:
    start, end = bounds
    sentence = reading.text[start:end]
    plover = main_plover(sentence, reading.language)
    casualties = any(c.field in ("killed", "injured", "arrested") for c in counts)
    # Who claimed or denied an attack is not a new report of it: no casualty event from it.
    if plover is None or (casualties and not framed and plover.plover_type not in _TALK_ABOUT_VIOLENCE):
        if not casualties or framed:
            return None
        trigger = (start + counts[0].start, start + counts[0].end)
        status = _status(reading, sentence, counts[0].start)
        return Draft(index, start, end, None, "", "", trigger, status, counts, [], 1.0)
    status = _status(reading, sentence, plover.start)
    if status in ("future", "hypothetical") and plover.plover_type in _STATEMENT_OF_INTENT:
        status = "current"  # a promise or a threat is made now, whatever it announces
    trigger = (start + plover.start, start + plover.end)
    return Draft(index, start, end, None, plover.plover_type, plover.mode, trigger, status, counts, [], 1.0)


def _status(reading: _Reading, sentence: str, offset: int) -> str:
    return status_of(
        sentence,
        offset,
        published_year=reading.published_year,
        latest_year=reading.latest_year,
        language=reading.language,
    )


# The model is asked about the lead only: the main event is told there, and asking about every
# sentence of a long story would cost more than the rest of the coder.
_MODEL_LEAD_SENTENCES = 4
# How sure the model must be: it speaks only where the sentence names an actor of events (armed
# men, a crowd, the state) or a toll, and must be surer when the sentence is a statement.
# Without such support it is not asked: out of its domain it is sure of too much.
_MODEL_MIN_PROBABILITY = {"actor": 0.7, "speech": 0.9}
_MODEL_ACTOR_KINDS = _ARMED_KINDS | {"protesters", "rioters", "government"}


def _model_hit(
    sentence: str, language: str, actors: list[act.ActorMention], counts: list[Count]
) -> list[TypeHit]:
    """The learned classifier's type (classifier.py) for a sentence the cue rules leave
    untyped, when it is sure enough for what else the sentence holds."""
    support = _model_support(sentence, language, actors, counts)
    model = classifier_for(language)
    if support is None or model is None:
        return []
    prediction = model.predict(sentence)
    needed = _MODEL_MIN_PROBABILITY[support]
    if prediction.label == OUT_OF_SCOPE or prediction.probability < needed:
        return []
    start, end = _evidence_span(sentence, prediction.evidence)
    return [
        TypeHit(prediction.label, MODEL_SCORE, start, end, rule=f"{MODEL_RULE}{language}.type-classifier")
    ]


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


def _model_support(
    sentence: str, language: str, actors: list[act.ActorMention], counts: list[Count]
) -> str | None:
    if is_out_of_scope_context(sentence, language):
        return None  # a disaster or a crime with nothing political: the rules' own filter
    if not any(a.kind in _MODEL_ACTOR_KINDS for a in actors) and not any(
        c.field in ("killed", "injured", "arrested") for c in counts
    ):
        return None
    verbal = main_plover(sentence, language)
    if verbal is not None and verbal.plover_type in _SPEECH:
        return "speech"  # a statement, request or threat is an event of its own (PLOVER)
    return "actor"


def _verbal_companion(reading: _Reading, draft: Draft) -> Draft | None:
    """The statement around a non-current ACLED cue: "rejected a call for troops to be deployed"
    is no deployment, but it is a current REJECT."""
    if draft.hit is None or draft.status == "current":
        return None
    sentence = reading.text[draft.start : draft.end]
    verbal = main_plover(sentence, reading.language)
    if verbal is None or verbal.start >= draft.hit.start or verbal.plover_type in ("ASSAULT", "PROTEST"):
        return None
    status = _status(reading, sentence, verbal.start)
    if status in ("future", "hypothetical") and verbal.plover_type in _STATEMENT_OF_INTENT:
        status = "current"
    if status != "current":
        return None
    trigger = (draft.start + verbal.start, draft.start + verbal.end)
    return Draft(
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


def _plover_for(hit: TypeHit, sentence: str, language: str) -> tuple[str, str]:
    verbal = main_plover(sentence, language)
    # A verbal event named before the ACLED trigger is the sentence's own event:
    # "the opposition rejected the deployment of troops" is REJECT, not MOBILIZE.
    if verbal and verbal.start < hit.start and verbal.plover_type not in ("ASSAULT", "PROTEST"):
        return verbal.plover_type, verbal.mode
    if hit.sub_event_type == "Change to group/activity":
        return mode_for_change(sentence, language)
    agreed = verbal is not None and verbal.plover_type in (
        "AGREE",
        "SUPPORT",
        "RETREAT",
        "CONCEDE",
        "CONSULT",
    )
    if hit.sub_event_type in ("Agreement", "Other") and verbal is not None and agreed:
        return verbal.plover_type, verbal.mode
    return FROM_ACLED[hit.sub_event_type]


def _continues_background(text: str, drafts: list[Draft], draft: Draft, language: str) -> bool:
    """A sentence right after a background event that only adds figures, or refers back to it
    ("during that unrest"), tells more of that background."""
    if not drafts or draft.status != "current":
        return False
    previous = drafts[-1]
    if previous.status != "historical" or draft.index - previous.index > 2:
        return False
    figures_only = draft.hit is None and draft.plover_type == "" and draft.index - previous.index == 1
    return figures_only or refers_back(text[draft.start : draft.end], language)


def _rank_key(draft: Draft) -> tuple[int, int, float, int]:
    penalty = min(_POSITION_PENALTY * draft.index, _MAX_POSITION_PENALTY)
    return (draft.status != "current", draft.hit is None, -(draft.score - penalty), draft.index)


def _to_mentions(
    article: Article, drafts: list[Draft], context: act.ActorContext, toponyms: Sequence[Toponym]
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
        for t in starting_within(toponyms, start, end)
        if t.place is not None and t.place.admin1 and t.place.country
    }


def _span(article: Article, start: int, end: int) -> Span:
    return Span(article_id=article.id, start=start, end=end, text=article.text[start:end])


def _figures(article: Article, draft: Draft) -> tuple[dict[str, int], dict[str, Span], dict[str, str]]:
    """Each figure's value, the span it came from and the rule that read it."""
    values: dict[str, int] = {}
    spans: dict[str, Span] = {}
    rules: dict[str, str] = {}
    for count in draft.counts:
        # Figures of one kind in one sentence add up ("captured a leader and detained three others").
        values[count.field] = values.get(count.field, 0) + count.value
        if count.field not in spans:
            spans[count.field] = _span(article, draft.start + count.start, draft.start + count.end)
            rules[count.field] = count.rule
    return values, spans, rules


def _mention(article: Article, draft: Draft, rank: int, context: act.ActorContext) -> Mention:
    hit = draft.hit
    sub_event_type = hit.sub_event_type if hit else ""
    event_type, disorder_type = SUB_EVENT_TYPES[sub_event_type] if hit else ("", "")
    actor1, actor2, assoc1 = _assign_actors(article, draft, event_type, sub_event_type, context)
    values, field_spans, field_rules = _figures(article, draft)
    for name, actor in (("actor1", actor1), ("actor2", actor2)):
        if actor is not None and actor.span is not None:
            field_spans[name] = actor.span
    trigger = _span(article, *draft.trigger)
    for name in ("event_type", "sub_event_type", "plover_type"):
        field_spans[name] = trigger
    if hit is not None and hit.rule:
        field_rules["sub_event_type"] = hit.rule
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
        field_rules={name: rule for name, rule in field_rules.items() if rule},
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
    article: Article, draft: Draft, event_type: str, sub_event_type: str, context: act.ActorContext
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
        return _implied_crowd(article, mentions, sub_event_type, country, rioting=rioting)
    if sub_event_type == "Mob violence" and not any(m.kind == "rioters" for m in mentions):
        return _mob_actors(article, mentions, country)
    actors = [act.to_actor(m, article_id=article.id, as_rioters=rioting) for m in mentions]
    if event_type == "Violence against civilians" and not any(a.inter == 7 for a in actors):
        actors.append(act.default_actor("civilians", country, article_id=article.id))
    if not actors:
        return _implied_actor(article, event_type, sub_event_type, country), None, []
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


def _implied_crowd(
    article: Article, mentions: list[act.ActorMention], sub_event_type: str, country: str, *, rioting: bool
) -> tuple[Actor, Actor | None, list[Actor]]:
    """A demonstration whose crowd the sentence does not name: protesters (rioters), against the
    state actor it names."""
    implied = act.default_actor("rioters" if rioting else "protesters", country, article_id=article.id)
    others = [
        act.to_actor(m, article_id=article.id)
        for m in mentions
        if m.kind in ("military", "police", "government")
    ]
    actor1, actor2 = _acled_order(sub_event_type, implied, others[0] if others else None)
    return actor1, actor2, []


def _implied_actor(article: Article, event_type: str, sub_event_type: str, country: str) -> Actor | None:
    """Who an event with no actor named implies: police arrest, a government changes course,
    and violence with no one named is an unidentified armed group's."""
    kind = {"Arrests": "police", "Change to group/activity": "government"}.get(sub_event_type)
    if kind is None and event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        kind = "unidentified"
    return act.default_actor(kind, country, article_id=article.id) if kind else None


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
