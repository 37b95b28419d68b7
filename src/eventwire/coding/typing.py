"""Decide a sentence's ACLED sub-event type from cue patterns, features and precedence.

The words come from the language's pack (lexicon.py, `data/packs/<language>/types.json`). The
context rules written here (attribution, diplomacy, places after a verb of capture, charges,
subordinate clauses) are still English; in other languages they rarely match and change nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from eventwire.coding import lexicon as lx
from eventwire.words import words_after, words_before


@dataclass(frozen=True)
class TypeHit:
    """One candidate sub-event type for a sentence, with the words that triggered it."""

    sub_event_type: str
    score: float
    start: int  # offsets of the trigger inside the sentence
    end: int
    rule: str = ""  # the language pack entry (or typing rule) that set the type

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


@dataclass(frozen=True)
class _Features:
    """A language's compiled features and contexts (the pack's vocabulary entries, see lexicon.py)."""

    lexicon: lx.Lexicon
    armed_actor: lx.CaselessWords  # makes a weak cue ("blast", "attack") political
    disaster: lx.CaselessWords  # contexts that are no political event: disasters, accidents, ...
    crime: lx.CaselessWords  # ... and crime, ...
    political: lx.CaselessWords  # ... unless something political is named too
    protest_event: re.Pattern[str]  # a demonstration worth its name
    riot: lx.CaselessWords  # violence by the crowd itself (turns a demonstration into a riot)
    mob: lx.CaselessWords
    lethal: lx.CaselessWords  # force used on a crowd: the lethal kind ...
    intervention: lx.CaselessWords  # ... and any kind
    crowd: lx.CaselessWords
    crowd_victims: re.Pattern[str]  # the crowd as the victim of lethal force
    riot_noun: re.Pattern[str]  # a riot cue that names a riot outright
    protesting_crowd: re.Pattern[str]  # a crowd that protests, not one that is only there
    dispersed_crowd: re.Pattern[str]  # a crowd that force can be used on
    violent: re.Pattern[str]  # a riot cue that calls the whole demonstration violent
    state_actor: re.Pattern[str]
    nonstate_actor: re.Pattern[str]


def _features(language: str) -> _Features:
    return _compiled_features(lx.lexicon(language))


@functools.cache  # per pack, so that languages read with the English pack share its patterns
def _compiled_features(lexicon: lx.Lexicon) -> _Features:
    words = lexicon.vocabulary

    def caseless(name: str) -> lx.CaselessWords:
        return lx.CaselessWords(words[name])

    def regex(source: str) -> re.Pattern[str]:
        return re.compile(source, re.IGNORECASE)

    return _Features(
        lexicon=lexicon,
        armed_actor=caseless("ARMED_ACTOR"),
        disaster=caseless("DISASTER"),
        crime=caseless("CRIME"),
        political=caseless("POLITICAL"),
        protest_event=regex(words["PROTEST_EVENT"]),
        riot=caseless("RIOT"),
        mob=caseless("MOB"),
        lethal=caseless("LETHAL_FORCE"),
        intervention=caseless("INTERVENTION"),
        crowd=caseless("CROWD"),
        crowd_victims=regex(words["CROWD_VICTIMS"]),
        riot_noun=regex(words["RIOT_NOUN"]),
        protesting_crowd=regex(words["PROTESTING_CROWD"]),
        dispersed_crowd=regex(words["DISPERSED_CROWD"]),
        violent=regex(words["VIOLENT"]),
        state_actor=regex(rf"\b(?:{words['STATE_FORCES']})\b"),
        nonstate_actor=regex(rf"\b(?:{words['NONSTATE']})\b"),
    )


def _best_cue(lexicon: lx.Lexicon, sub_event_type: str, text: str, lowered: str) -> TypeHit | None:
    if not lx.has_any(lowered, lexicon.gates[sub_event_type]):
        return None
    best: TypeHit | None = None
    # Lower-cased text keeps offsets unless a character changes length (rare: "İ").
    same_length = len(lowered) == len(text)
    for cue in lexicon.cues[sub_event_type]:
        matches = cue.lower.finditer(lowered) if same_length else cue.pattern.finditer(text)
        for match in matches:
            if cue.place_after and not _takes_place(text, match.end()):
                continue
            if best is None or cue.weight > best.score:
                best = TypeHit(sub_event_type, cue.weight, match.start(), match.end(), cue.rule)
            break  # the first match of a cue is enough; later ones only move the trigger
    return best


def _takes_place(text: str, verb_end: int) -> bool:
    before = words_before(text, verb_end, 5)
    if re.search(r"\bto\s+\w+$", before):
        return False  # "an attack to capture the base": an aim, not a change of control
    if before.lower().endswith("control"):
        return True
    if re.search(r"\b(?:has|have|had|was|were) been\W{0,2}\w+\W?$", before):
        return True  # "the airport has been liberated": the subject is the place
    after = words_after(text, verb_end, 13)
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
_IN_ANSWER_TO = re.compile(
    r"\bin (?:response|retaliation|reaction|reprisal|revenge) (?:to|for)\s+(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_CHARGE_BEFORE = re.compile(
    r"\b(?:charges?\s+(?:of|including|such as|like|for)|charged\s+with|accused\s+of|suspected\s+of|"
    r"on\s+suspicion\s+of|convicted\s+of|guilty\s+of)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Subordinate context: "talks started despite the air strikes".
# Support of the event, not the event: "troops, backed by Russian air strikes, retook the town".
_SUBORDINATE = re.compile(
    r"\b(?:despite|amid|amidst|after|following|(?:backed|supported|aided|assisted|covered) by|"
    r"with (?:the )?(?:support|help|backing|cover) of|under (?:the )?cover of)\s+(?:\w+\s+){0,4}$",
    re.IGNORECASE,
)


def _demonstration_hit(features: _Features, text: str, lowered: str) -> TypeHit | None:
    """Protest and riot sub-types from the features of a sentence."""
    rules = features.lexicon.vocabulary_rules
    event = features.protest_event.search(text)
    if event is not None and _NOT_HELD.search(words_before(text, event.start(), 7)):
        event = None  # "arrested for organising an illegal protest": the protest is not reported here
    riot = features.riot.search(text, lowered)
    mob = features.mob.search(text, lowered)
    if mob and not (event and riot and riot.start() < mob.start()):
        return TypeHit("Mob violence", 3.0, mob.start(), mob.end(), rules["MOB"])
    if event is None:
        return _crowd_without_event(features, text, lowered, riot)
    lethal = features.lethal.search(text, lowered)
    force = features.intervention.search(text, lowered)
    if riot and not (lethal and not features.violent.search(riot.group()) and riot.start() > lethal.start()):
        return TypeHit("Violent demonstration", 3.1, riot.start(), riot.end(), rules["RIOT"])
    if lethal:
        return TypeHit(
            "Excessive force against protesters", 3.0, lethal.start(), lethal.end(), rules["LETHAL_FORCE"]
        )
    if force:
        # The intervention is what happened now ("detained ... while trying to hold a rally").
        return TypeHit("Protest with intervention", 2.9, force.start(), force.end(), rules["INTERVENTION"])
    return TypeHit("Peaceful protest", 2.8, event.start(), event.end(), rules["PROTEST_EVENT"])


def _crowd_without_event(
    features: _Features, text: str, lowered: str, riot: re.Match[str] | None
) -> TypeHit | None:
    """No demonstration is named, but a crowd is shot at, riots or is dispersed."""
    rules = features.lexicon.vocabulary_rules
    lethal = features.lethal.search(text, lowered)
    # "Security forces shot dead three demonstrators": lethal force by the state on a crowd.
    if lethal and (
        features.crowd_victims.search(lethal.group())
        or (features.crowd_victims.search(text) and features.state_actor.search(text))
    ):
        return TypeHit(
            "Excessive force against protesters", 3.0, lethal.start(), lethal.end(), rules["LETHAL_FORCE"]
        )
    if riot and features.riot_noun.match(riot.group()):
        return TypeHit("Violent demonstration", 3.0, riot.start(), riot.end(), rules["RIOT"])
    crowd = features.crowd.search(text, lowered)
    if riot and crowd and features.protesting_crowd.match(crowd.group()):
        # "protesters stormed ...": the crowd's own violence, though no demonstration is named.
        return TypeHit("Violent demonstration", 3.0, riot.start(), riot.end(), rules["RIOT"])
    force = features.intervention.search(text, lowered)
    if crowd and force and features.dispersed_crowd.search(crowd.group()):
        return TypeHit("Protest with intervention", 2.6, force.start(), force.end(), rules["INTERVENTION"])
    return None


def type_hits(text: str, language: str = "en") -> list[TypeHit]:
    """Every sub-event type a sentence supports, best first (score, then precedence, then position).

    `language` picks the pack of words; a language without a pack of its own is read as English.
    """
    return _type_hits(text, language)


def _type_hits(text: str, language: str) -> list[TypeHit]:
    features = _features(language)
    lexicon = features.lexicon
    lowered = text.lower()
    hits: list[TypeHit] = []
    if lx.has_any(lowered, lexicon.any_gate):
        for sub_event_type in lexicon.cues:
            hit = _best_cue(lexicon, sub_event_type, text, lowered)
            if hit is not None:
                hits.append(hit)
    if hits and min(h.score for h in hits) < 2.0 and not features.armed_actor.found(text, lowered):
        hits = [h for h in hits if h.score >= 2.0]  # "an explosion", "an attack" alone may be an accident
    if lx.has_any(lowered, lexicon.gates[lx.DEMONSTRATION]):
        demonstration = _demonstration_hit(features, text, lowered)
        if demonstration is not None:
            hits.append(demonstration)
    hits = _apply_context(features, text, lowered, hits)
    hits = _territory_by_first_actor(features, text, hits)
    hits.sort(key=lambda h: (-h.score, lx.PRECEDENCE_INDEX[h.sub_event_type], h.start))
    return hits


def _apply_context(features: _Features, text: str, lowered: str, hits: list[TypeHit]) -> list[TypeHit]:
    """Drop hits that the rest of the sentence explains away (crime, disasters, stun grenades)."""
    if not hits:
        return hits
    political = features.political.found(text, lowered)
    if features.crime.found(text, lowered) and not political:
        hits = [h for h in hits if h.event_type in ("Protests", "Riots")]
    if features.disaster.found(text, lowered) and not political:
        hits = [h for h in hits if h.score >= 2.6 and h.event_type != "Strategic developments"]
        if re.search(r"\b(?:leak\w*|spill\w*|accident\w*)", text, re.IGNORECASE):
            hits = [h for h in hits if h.sub_event_type != "Chemical weapon"]
    # "arrested on charges including arson": the offence named in a charge is no event of its own;
    # "in retaliation for the rocket attack": the event answered is background.
    hits = [
        h
        for h in hits
        if not _CHARGE_BEFORE.search(words_before(text, h.start, 10))
        and not _IN_ANSWER_TO.search(words_before(text, h.start, 10))
    ]
    hits = [
        TypeHit(h.sub_event_type, h.score - 1.0, h.start, h.end, h.rule)
        if _SUBORDINATE.search(words_before(text, h.start, 7))
        else h
        for h in hits
    ]
    types = {h.sub_event_type for h in hits}
    # Weapons destroyed from the air are an air strike, not a seizure; a note labelled
    # "Interception:" (a surer cue) is the interception of an air attack.
    if "Air/drone strike" in types and "Disrupted weapons use" in types:
        air = max(h.score for h in hits if h.sub_event_type == "Air/drone strike")
        hits = [h for h in hits if h.sub_event_type != "Disrupted weapons use" or h.score > air]
    # A demonstration met with stun grenades or tear gas canisters is not a grenade attack.
    if "Grenade" in types and re.search(r"\b(?:stun|smoke|flash|tear ?gas) grenades?", text, re.I):
        hits = [h for h in hits if h.sub_event_type != "Grenade"]
    return hits


_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def _territory_by_first_actor(features: _Features, text: str, hits: list[TypeHit]) -> list[TypeHit]:
    """Who took the place is the sentence's first armed actor (its subject, in news style)."""
    territory = [h for h in hits if h.sub_event_type in _TERRITORY]
    if not territory:
        return hits
    state = _first_acting(features.state_actor, text)
    nonstate = _first_acting(features.nonstate_actor, text)
    if state is None and nonstate is None:
        return hits
    passive = re.search(r"\b(?:were|was|been) (?:pushed|driven|expelled|forced) (?:back|out)", text, re.I)
    state_first = nonstate is None or (state is not None and state.start() < nonstate.start())
    if passive:
        state_first = not state_first
    winner = _TERRITORY[0] if state_first else _TERRITORY[1]
    best = max(territory, key=lambda h: h.score)
    kept = [h for h in hits if h.sub_event_type not in _TERRITORY]
    kept.append(TypeHit(winner, best.score, best.start, best.end, best.rule))
    return kept


_REPORTER = re.compile(
    r"^\W*(?:'s )?(?:spokes\w+|sources?|officials?|statement|media|said|says|told)\b", re.I
)


def _first_acting(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first actor mention that is not the one reporting ("an army spokesman said")."""
    for match in pattern.finditer(text):
        if _REPORTER.match(text[match.end() : match.end() + 20]):
            continue
        if re.search(r"according to (?:\w+ ){0,3}$", words_before(text, match.start(), 5), re.I):
            continue
        return match
    return None


def best_type(text: str, language: str = "en") -> TypeHit | None:
    hits = type_hits(text, language)
    return hits[0] if hits else None


def is_attribution(text: str) -> bool:
    return ATTRIBUTION.search(text) is not None


def is_diplomacy(text: str) -> bool:
    return DIPLOMACY.search(text) is not None


def is_out_of_scope_context(text: str, language: str = "en") -> bool:
    """True when the sentence reads as a disaster or crime story with nothing political in it."""
    features = _features(language)
    lowered = text.lower()
    out_of_scope = features.disaster.found(text, lowered) or features.crime.found(text, lowered)
    return out_of_scope and not features.political.found(text, lowered)
