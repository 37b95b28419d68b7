"""A cheap first pass: which sentences may hold an event (one precompiled regex, no parsing)."""

from __future__ import annotations

import re

# Word stems that every event pattern needs at least one of (ACLED cues, PLOVER verbs, counts).
_STEMS = (
    r"kill|dead|death|died|wound|injur|hurt|attack|assault|clash|fight|fought|battl|shoot|shot|"
    r"gun|fire|bomb|blast|explo|detonat|ied|mine|grenade|shell|artiller|mortar|rocket|missile|"
    r"strike|raid|warplane|jet|drone|helicopter|chemical|chlorine|gas|suicide|kamikaze|"
    r"protest|demonstr|rall|march|riot|sit-in|vigil|strik|crowd|mob|lynch|vigilant|loot|torch|"
    r"burn|arson|vandal|abduct|kidnap|hostage|disappear|rape|sexual|abuse|molest|massacre|"
    r"execut|behead|assassin|murder|arrest|detain|detention|custody|captur|apprehend|jail|prison|"
    r"seiz|defus|intercept|cache|weapon|arms|ammunition|recaptur|regain|retook|liberat|control|"
    r"overr|withdr|pull|retreat|evacuat|handed|surrender|ceasefire|cease-fire|truce|peace|agree|"
    r"deal|accord|treaty|swap|exchang|deploy|troops|soldier|paratroop|reinforc|mobili|emergency|"
    r"martial|curfew|lockdown|checkpoint|defect|recruit|base|headquarters|outpost|shut|ban|"
    r"resign|step down|stepped down|releas|freed|sanction|expel|embargo|threat|warn|ultimatum|"
    r"accus|condemn|criticiz|criticis|denounc|blam|investigat|reject|refus|den[iy]|veto|"
    r"request|call|urg|demand|appeal|ask|aid|assist|donat|relief|promis|pledg|offer|vow|"
    r"talks|met |meet|visit|negotiat|summit|support|praise|welcom|endors|recogni|sign|"
    r"cooperat|joint|extradit|pardon|amnesty|apolog|concession|price|cut|occup|storm|displac|fled|"
    r"grave|police|army|military|rebel|militant|insurgent|terror|forces|"
    r"getötet|verletzt|festgenommen|polizei|demonstration|protest|anschlag|angriff|soldaten"
)
_CANDIDATE = re.compile(rf"(?:{_STEMS})", re.IGNORECASE)


def is_candidate(sentence: str) -> bool:
    """True when the sentence contains any word an event pattern could start from."""
    return _CANDIDATE.search(sentence) is not None
