"""Decide a sentence's ACLED sub-event type from cue patterns, features and precedence."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from eventwire.coding import lexicon as lx


@dataclass(frozen=True)
class TypeHit:
    """One candidate sub-event type for a sentence, with the words that triggered it."""

    sub_event_type: str
    score: float
    start: int  # offsets of the trigger inside the sentence
    end: int

    @property
    def event_type(self) -> str:
        return lx.SUB_EVENT_TYPES[self.sub_event_type][0]

    @property
    def disorder_type(self) -> str:
        return lx.SUB_EVENT_TYPES[self.sub_event_type][1]


# Territory changes hands only when what was taken is a place, not a person or a weapon.
_PLACE_OBJECT = re.compile(
    r"\b(?:towns?|villages?|city|cities|district|areas?|neighbou?rhoods?|territor(?:y|ies)|regions?|"
    r"provinces?|hills?|bases?|airports?|airbase|positions|parts|countryside|border|crossings?|roads?|"
    r"highway|island|port|bastion|strongholds?|facilities|outposts?|camps?|control|suburbs?|"
    r"settlements?|localit(?:y|ies)|capital|headquarters|checkpoints?|bridge|valley|oil ?fields?|"
    r"dam|sector|front|quarters?|municipalit(?:y|ies)|county|governorate|streets?)\b",
    re.IGNORECASE,
)
_PERSON_OBJECT = re.compile(
    r"^\W*(?:(?:a|an|the|two|three|four|five|\d+|several|dozens of|\w+)\s+){0,3}(?:\w+\s+)?"
    r"(?:leaders?|commanders?|facilitators?|members?|suspects?|fighters|militants|insurgents|"
    r"men|people|soldiers|weapons|arms|ammunition|prisoners|hostages|individuals|civilians)\b",
    re.IGNORECASE,
)
# Actors whose presence makes a weak cue ("blast", "attack") political.
_ARMED_ACTOR = lx.CaselessWords(rf"\b(?:{lx.NONSTATE}|{lx.STATE_FORCES}|attackers?|assailants?)\b")
# Contexts that are not political events: disasters, accidents, crime, sport.
_DISASTER = lx.CaselessWords(
    r"\b(?:earthquakes?|quakes?|tremors?|floods?|flooding|flooded|cyclones?|hurricanes?|typhoons?|"
    r"storms?|landslides?|wildfires?|bush ?fires?|forest fires?|drought|covid(?:-19)?|coronavirus|"
    r"pandemic|infections?|tsunami|volcan\w+|eruption|heavy rain\w*|plane crash|crashed|crash|"
    r"derail\w*|collapsed?|chemical spill|spill(?:ed)?|gas leak|leak|accident(?:al(?:ly)?)?|"
    r"capsi[sz]ed|sank|blaze|fire crews|firefighters|fire broke out|caught fire|catching fire|"
    r"richter|magnitude|rescue teams?|search and rescue|debris|leak\w*|snow\w*|blizzards?|avalanches?|"
    r"mudslides?|plunged|collided|collision|overturned|drown\w*|stampede|electrocut\w*|lightning|"
    r"boilers?|furnaces?|factory|refinery|warehouse|petroleum|fertili[sz]er plant|chemical plant|"
    r"(?:gas|power|oil|industrial|nuclear) plant|plant explosion|gas explosion|cooking gas|"
    r"gas (?:container|cylinder|tank)|transformer|tanker|fireworks)\b",
)
_CRIME = lx.CaselessWords(
    r"\b(?:smuggl\w+|traffick\w+|drugs?|narcotics?|cocaine|heroin|methamphetamine|cannabis|"
    r"pornograph\w*|fraud\w*|robber(?:y|ies|s)|thie(?:f|ves)|theft|burglar\w*|stolen|"
    r"illegal (?:immigrants?|migrants?|fishing|mining|logging)|migrants|poach\w+|counterfeit|scam\w*|"
    r"brib\w+|loitering|partying|domestic (?:violence|dispute)|cultists?|cybercrime|money laundering|"
    r"extort\w+|shoplift\w*|carjack\w*|rustl\w+|steal\w*|stole|rob\b|robbing|kickbacks|corruption|"
    r"hate crime|wire fraud)\b",
)
_POLITICAL = lx.CaselessWords(
    rf"\b(?:{lx.NONSTATE}|activists?|opposition|protest\w*|demonstrat\w+|journalists?|political|"
    r"politicians?|dissidents?|critics?|rebels?|coup|election\w*|regime|junta|separatist\w*|"
    r"insurgenc\w+|jihad\w*|sectarian|ethnic|communal|riot\w*|"
    r"occupation|occupied|israeli|palestinians?|extremis\w+|terror\w*)\b",
)
# The sentence is about who did it, not about the event (CASE's ATTRIB class).
ATTRIBUTION = re.compile(
    r"\b(?:claim(?:ed|s|ing)? (?:the )?responsibility|den(?:ied|ies|y) (?:\w+ ){0,6}(?:responsib\w+|"
    r"involvement|involved|behind)|rejected (?:\w+ ){0,3}(?:allegations?|accusations?|claims?)|"
    r"accus(?:ed|es|ing) (?:\w+ ){0,4}of (?:being )?(?:responsible|behind|bombing|attacking|shelling|"
    r"carrying out|launching|firing|killing))\b",
    re.IGNORECASE,
)
# Diplomatic moves that mention violence without reporting it (CASE's DIPLO class).
DIPLOMACY = re.compile(
    r"\b(?:sanctions?|expel(?:led|s|ling)? (?:\w+ ){0,3}diplomats|diplomats? (?:were |was )?expelled|"
    r"expulsion|sever(?:ed|s) (?:diplomatic )?ties|consulate|embassy staff|retaliatory measures|"
    r"diplomatic)\b",
    re.IGNORECASE,
)


def _best_cue(sub_event_type: str, text: str, lowered: str) -> TypeHit | None:
    if not lx.has_any(lowered, lx.GATES[sub_event_type]):
        return None
    best: TypeHit | None = None
    # Lower-cased text keeps offsets unless a character changes length (rare: "İ").
    same_length = len(lowered) == len(text)
    for cue in lx.CUES[sub_event_type]:
        matches = cue.lower.finditer(lowered) if same_length else cue.pattern.finditer(text)
        for match in matches:
            if sub_event_type in ("Government regains territory", "Non-state actor overtakes territory") and (
                not _takes_place(text, match.end())
            ):
                continue
            if best is None or cue.weight > best.score:
                best = TypeHit(sub_event_type, cue.weight, match.start(), match.end())
            break  # the first match of a cue is enough; later ones only move the trigger
    return best


def _takes_place(text: str, verb_end: int) -> bool:
    if re.search(r"\bto\s+\w+$", text[max(0, verb_end - 30) : verb_end]):
        return False  # "an attack to capture the base": an aim, not a change of control
    if text[max(0, verb_end - 8) : verb_end].lower().endswith("control"):
        return True
    if re.search(r"\b(?:has|have|had|was|were) been\W{0,2}\w+\W?$", text[max(0, verb_end - 30) : verb_end]):
        return True  # "the airport has been liberated": the subject is the place
    after = text[verb_end : verb_end + 80]
    if _PERSON_OBJECT.match(after):
        return False
    return bool(_PLACE_OBJECT.search(after)) or bool(
        re.match(r"\W*(?:(?:of|over|into) )?(?:the )?[A-Z][\w'-]+", after)
    )


_NOT_HELD = re.compile(
    r"\b(?:for|over|organi[sz]\w*|related to|charges? of|accused of|calling for|calls? for|planned|planning|"
    r"plans? to|to hold|to stage|ahead of|banned|ban on)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_CHARGE_BEFORE = re.compile(
    r"\b(?:charges?\s+(?:of|including|such as|like|for)|charged\s+with|accused\s+of|suspected\s+of|"
    r"on\s+suspicion\s+of|convicted\s+of|guilty\s+of)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Subordinate context: "talks started despite the air strikes".
_SUBORDINATE = re.compile(r"\b(?:despite|amid|amidst|after|following)\s+(?:\w+\s+){0,4}$", re.IGNORECASE)


# Searched on the lower-cased sentence (only their offsets, and their words compared without
# case, are used).
_RIOT_CUES = lx.CaselessWords(lx.RIOT_CUES.pattern)
_MOB_CUES = lx.CaselessWords(lx.MOB_CUES.pattern)
_LETHAL_CUES = lx.CaselessWords(lx.LETHAL_CUES.pattern)
_CROWD_CONTEXT = lx.CaselessWords(lx.CROWD_CONTEXT.pattern)
_INTERVENTION_CUES = lx.CaselessWords(lx.INTERVENTION_CUES.pattern)


# "Security forces shot dead three demonstrators": lethal force by the state on a crowd.
_CROWD_VICTIMS = re.compile(r"\b(?:protesters|demonstrators|marchers)\b", re.IGNORECASE)


def _demonstration_hit(text: str) -> TypeHit | None:
    """Protest and riot sub-types from the features of a sentence."""
    lowered = text.lower()
    event = lx.PROTEST_EVENT.search(text)
    if event is not None and _NOT_HELD.search(text[max(0, event.start() - 40) : event.start()]):
        event = None  # "arrested for organising an illegal protest": the protest is not reported here
    riot = _RIOT_CUES.search(text, lowered)
    mob = _MOB_CUES.search(text, lowered)
    if mob and not (event and riot and riot.start() < mob.start()):
        return TypeHit("Mob violence", 3.0, mob.start(), mob.end())
    if event is None:
        lethal_on_crowd = _LETHAL_CUES.search(text, lowered)
        if lethal_on_crowd and (
            re.search(r"protesters|demonstrators|marchers", lethal_on_crowd.group(), re.I)
            or (_CROWD_VICTIMS.search(text) and _STATE_ACTOR.search(text))
        ):
            return TypeHit(
                "Excessive force against protesters", 3.0, lethal_on_crowd.start(), lethal_on_crowd.end()
            )
        if riot and re.match(r"riot|rioters", riot.group(), re.I):
            return TypeHit("Violent demonstration", 3.0, riot.start(), riot.end())
        crowd_first = _CROWD_CONTEXT.search(text, lowered)
        if (
            riot
            and crowd_first
            and re.match(r"protest|demonstr|crowd|mob|youth|marcher", crowd_first.group(), re.I)
        ):
            return TypeHit("Violent demonstration", 3.0, riot.start(), riot.end())  # "protesters stormed ..."
        crowd = _CROWD_CONTEXT.search(text, lowered)
        force = _INTERVENTION_CUES.search(text, lowered)
        if crowd and force and re.search(r"crowd|protesters|demonstrators|marchers", crowd.group(), re.I):
            return TypeHit("Protest with intervention", 2.6, force.start(), force.end())
        return None
    lethal = _LETHAL_CUES.search(text, lowered)
    force = _INTERVENTION_CUES.search(text, lowered)
    if riot and not (lethal and "violent" not in riot.group().lower() and riot.start() > lethal.start()):
        return TypeHit("Violent demonstration", 3.1, riot.start(), riot.end())
    if lethal:
        return TypeHit("Excessive force against protesters", 3.0, lethal.start(), lethal.end())
    if force:
        # The intervention is what happened now ("detained ... while trying to hold a rally").
        return TypeHit("Protest with intervention", 2.9, force.start(), force.end())
    return TypeHit("Peaceful protest", 2.8, event.start(), event.end())


def type_hits(text: str) -> list[TypeHit]:
    """Every sub-event type a sentence supports, best first (score, then precedence, then position)."""
    return list(_type_hits_cached(text))


@functools.lru_cache(maxsize=4096)
def _type_hits_cached(text: str) -> tuple[TypeHit, ...]:
    # Cached: the candidate stage and the event stage both ask about the same sentences.
    lowered = text.lower()
    hits: list[TypeHit] = []
    if lx.has_any(lowered, lx.ANY_GATE):
        for sub_event_type in lx.CUES:
            hit = _best_cue(sub_event_type, text, lowered)
            if hit is not None:
                hits.append(hit)
    if hits and min(h.score for h in hits) < 2.0 and not _ARMED_ACTOR.found(text, lowered):
        hits = [h for h in hits if h.score >= 2.0]  # "an explosion", "an attack" alone may be an accident
    demonstration = _demonstration_hit(text) if lx.has_any(lowered, lx.DEMONSTRATION_GATE) else None
    if demonstration is not None:
        hits.append(demonstration)
    hits = _apply_context(text, lowered, hits)
    hits = _territory_by_first_actor(text, hits)
    hits.sort(key=lambda h: (-h.score, lx.PRECEDENCE_INDEX[h.sub_event_type], h.start))
    return tuple(hits)


def _apply_context(text: str, lowered: str, hits: list[TypeHit]) -> list[TypeHit]:
    """Drop hits that the rest of the sentence explains away (crime, disasters, stun grenades)."""
    if not hits:
        return hits
    political = _POLITICAL.found(text, lowered)
    if _CRIME.found(text, lowered) and not political:
        hits = [h for h in hits if h.event_type in ("Protests", "Riots")]
    if _DISASTER.found(text, lowered) and not political:
        hits = [h for h in hits if h.score >= 2.6 and h.event_type != "Strategic developments"]
        if re.search(r"\b(?:leak\w*|spill\w*|accident\w*)", text, re.IGNORECASE):
            hits = [h for h in hits if h.sub_event_type != "Chemical weapon"]
    # "arrested on charges including arson": the offence named in a charge is no event of its own.
    hits = [h for h in hits if not _CHARGE_BEFORE.search(text[max(0, h.start - 60) : h.start])]
    hits = [
        TypeHit(h.sub_event_type, h.score - 1.0, h.start, h.end)
        if _SUBORDINATE.search(text[max(0, h.start - 40) : h.start])
        else h
        for h in hits
    ]
    types = {h.sub_event_type for h in hits}
    # Weapons destroyed from the air are an air strike, not a seizure.
    if "Air/drone strike" in types and "Disrupted weapons use" in types:
        hits = [h for h in hits if h.sub_event_type != "Disrupted weapons use"]
    # A demonstration met with stun grenades or tear gas canisters is not a grenade attack.
    if "Grenade" in types and re.search(r"\b(?:stun|smoke|flash|tear ?gas) grenades?", text, re.I):
        hits = [h for h in hits if h.sub_event_type != "Grenade"]
    return hits


_STATE_ACTOR = re.compile(rf"\b{lx.STATE_FORCES}\b", re.IGNORECASE)
_NONSTATE_ACTOR = re.compile(rf"\b{lx.NONSTATE}\b", re.IGNORECASE)
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def _territory_by_first_actor(text: str, hits: list[TypeHit]) -> list[TypeHit]:
    """Who took the place is the sentence's first armed actor (its subject, in news style)."""
    territory = [h for h in hits if h.sub_event_type in _TERRITORY]
    if not territory:
        return hits
    state = _first_acting(_STATE_ACTOR, text)
    nonstate = _first_acting(_NONSTATE_ACTOR, text)
    if state is None and nonstate is None:
        return hits
    passive = re.search(r"\b(?:were|was|been) (?:pushed|driven|expelled|forced) (?:back|out)", text, re.I)
    state_first = nonstate is None or (state is not None and state.start() < nonstate.start())
    if passive:
        state_first = not state_first
    winner = _TERRITORY[0] if state_first else _TERRITORY[1]
    best = max(territory, key=lambda h: h.score)
    kept = [h for h in hits if h.sub_event_type not in _TERRITORY]
    kept.append(TypeHit(winner, best.score, best.start, best.end))
    return kept


_REPORTER = re.compile(
    r"^\W*(?:'s )?(?:spokes\w+|sources?|officials?|statement|media|said|says|told)\b", re.I
)


def _first_acting(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first actor mention that is not the one reporting ("an army spokesman said")."""
    for match in pattern.finditer(text):
        if _REPORTER.match(text[match.end() : match.end() + 20]):
            continue
        if re.search(r"according to (?:\w+ ){0,3}$", text[max(0, match.start() - 30) : match.start()], re.I):
            continue
        return match
    return None


def best_type(text: str) -> TypeHit | None:
    hits = type_hits(text)
    return hits[0] if hits else None


def is_attribution(text: str) -> bool:
    return ATTRIBUTION.search(text) is not None


def is_diplomacy(text: str) -> bool:
    return DIPLOMACY.search(text) is not None


def is_out_of_scope_context(text: str) -> bool:
    """True when the sentence reads as a disaster or crime story with nothing political in it."""
    lowered = text.lower()
    return (_DISASTER.found(text, lowered) or _CRIME.found(text, lowered)) and not _POLITICAL.found(
        text, lowered
    )
