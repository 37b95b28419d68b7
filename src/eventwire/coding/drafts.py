"""A sentence's draft of a mention, and how a draft with figures only takes its type.

The coder (coder.py) reads each sentence into a `Draft`; the casualty rules (casualties.py)
move figures between drafts; `to_mentions` turns the drafts into ranked mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from eventwire.coding import actors as act
from eventwire.coding.counts import Count
from eventwire.coding.plover import FROM_ACLED
from eventwire.coding.typing import TypeHit

MODEL_SCORE = 1.5  # a type from the learned model ranks below any strong cue of the rules
MODEL_RULE = "model:"  # the rule of a type hit the learned model set: "model:en.type-classifier"


VIOLENT_OR_DEMO = {
    "Battles",
    "Riots",
    "Protests",
    "Explosions/Remote violence",
    "Violence against civilians",
}


@dataclass
class Draft:
    """One sentence's event as the coder reads it, before it becomes a Mention."""

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


def inherit_type(drafts: list[Draft], draft: Draft) -> Draft | None:
    """A casualty sentence with no event words takes the type of the last violent event."""
    if all(c.field == "arrested" for c in draft.counts):
        return typed(draft, "Arrests", "COERCE", "arrest")
    for previous in reversed(drafts):
        if previous.hit is not None and previous.hit.event_type in VIOLENT_OR_DEMO:
            sub_event_type = previous.hit.sub_event_type
            return typed(draft, sub_event_type, *FROM_ACLED[sub_event_type])
    shots_fired = any(
        previous.hit is None and previous.plover_type == "ASSAULT" and draft.index - previous.index <= 2
        for previous in drafts
    )
    if shots_fired or any(a.kind in ("military", "rebels", "named") for a in draft.actors):
        if _victims_are_civilians(draft):
            # The codebook: armed actors who kill unarmed people commit an attack, not a battle.
            return typed(draft, "Attack", "ASSAULT", "firearms")
        return typed(draft, "Armed clash", "ASSAULT", "firearms")
    return None


def _victims_are_civilians(draft: Draft) -> bool:
    victims = [c.about for c in draft.counts if c.field in ("killed", "injured")]
    return bool(victims) and all(about == "civilians" for about in victims)


def typed(draft: Draft, sub_event_type: str, plover_type: str, plover_mode: str) -> Draft:
    """The draft with a type of its own, its trigger where its figures are."""
    hit = TypeHit(sub_event_type, 1.0, draft.trigger[0] - draft.start, draft.trigger[1] - draft.start)
    return replace(draft, hit=hit, plover_type=plover_type, plover_mode=plover_mode, score=1.0)
