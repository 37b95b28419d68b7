"""Whether a sentence reports a new event: current, historical, negated, future or hypothetical.

Background ("protests in 2019 with hundreds of arrests"), denials, plans and conditionals name
events without reporting one. The cues are local: words just before the trigger, an old year
in the sentence, a quotation around the trigger, or a background clause ("responsible for").
"""

from __future__ import annotations

import re

from eventwire.records import Status
from eventwire.words import words_after, words_before

_NEGATION = re.compile(
    r"\b(?:not|never|no|n't|denied|denies|deny|without|nor|neither|failed to|refrained from|"
    r"ruled out|did not|didn't|nicht|kein\w*)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|dismissed (?:reports|claims)|rejected (?:reports|claims))\b", re.I
)
_FUTURE = re.compile(
    r"\b(?:will|shall|would|'ll|plans? to|planning to|planned to|intends? to|intended to|is to|are to|"
    r"were to|was to|going to|set to|scheduled to|expected to|threaten(?:s|ed)? to|vow(?:s|ed)? to|"
    r"pledg(?:es|ed) to|prepar(?:es|ed|ing) to|preparing for|aim(?:s|ed)? to|seek(?:s)? to|"
    r"sought to|tried to|trying to|attempt(?:s|ed)? to|calls? to|"
    r"call(?:ed|s)? for|"
    r"urg(?:es|ed)\s+\w+\s+to|to be|wird|werden|sollen|soll|"
    r"(?:search|operation|raid|mission|efforts?|attempts?|plans?|orders?|bid|sought|aimed|ready)\s+to)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "called for a precision airstrike, killing ...": calling in fire is the attack, not a plan.
_CALLED_IN_SUPPORT = re.compile(
    r"\bcall(?:ed|s)? (?:in |for )(?:a |an )?(?:precision |close |immediate )?(?:air ?strike|air support|"
    r"fire support|artillery)",
    re.IGNORECASE,
)
# German announcements: "kündigte an, ihre Proteste fortzusetzen".
_ANNOUNCED_DE = re.compile(r"\bkündigt\w*\s+an\W+(?:\w+\s+){0,3}$|\bangekündigt\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|could|might|may|should|possible|possibly|likely|probably|risk of|fear(?:s|ed)? of|threat of|"
    r"warn(?:s|ed)? of|in case of|wenn|falls|könnte)\s+(?:\w+\s+){0,4}$",
    re.IGNORECASE,
)
# The sentence as a whole sets the event in the past.
_HISTORICAL_CUES = re.compile(
    r"\b(?:for (?:years|decades)|decades? ago|years ago|in the past (?:years|decades)|last year|the previous year|"
    r"in the (?:19|20)\d0s|had ruled|was ruled|ruled (?:\w+ )?(?:until|for)|since (?:19|20)\d\d|"
    r"since the (?:first|beginning|start) of|so far this year|since january|"
    r"damals|früher|im vergangenen jahr|anniversary|commemorat\w+|marks? (?:the )?\w+ years|"
    # "The attack comes a year after the army launched an offensive": the offensive is background.
    r"(?:comes|came)\s+(?:more than\s+|almost\s+|nearly\s+)?(?:a|an|one|\w+)\s+(?:months?|years?)\s+after)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Background clauses about a person's record (press releases): "responsible for attacks that killed".
_BACKGROUND_CLAUSE = re.compile(
    r"(?:\b(?:responsible for|linked to|involved (?:in|with)|suspected of|accused of|known for|tied to|"
    r"connected to|associated with|wanted for|was behind|were behind|believed to (?:have|be)|"
    r"orchestrat\w+)|\b(?:who|which|that)\s+(?:\w+\s+){0,2}(?:planned|plans|coordinat(?:es|ed)|"
    r"conducted|conducts|carried out|carries out|directed|directs|facilitat(?:es|ed)|oversaw|oversees|"
    r"leads|led)|\b(?:he|she|they)\s+(?:also\s+)?(?:reportedly\s+)?(?:planned|directed|coordinated|"
    r"orchestrated|masterminded|organi[sz]ed))\s+(?:[\w'’-]+\s+){0,8}$",
    re.IGNORECASE,
)
# "The leader conducts roadside bomb attacks", "He supplies weapons to fighters": what someone
# does habitually describes a person's record, not an event of the report.
_HABITUAL = re.compile(
    r"(?:\b(?:he|she)|(?:^|[.;:]\s+|,\s+(?:and\s+)?)the\s+(?:[\w-]+\s+){0,2}?(?:leader|facilitator|"
    r"commander|network|cell|individual|suspect|militant|emir|financier|expert|smuggler|insurgent|operative))\s+"
    r"(?:also\s+|reportedly\s+|allegedly\s+|routinely\s+|regularly\s+)?(?:conducts|coordinates|supplies|"
    r"procures|distributes|facilitates|directs|leads|plans|organi[sz]es|manufactures|builds|provides|"
    r"transports|smuggles|recruits|trains|finances|funds|controls|commands|oversees|manages|operates|"
    r"participates|places|plants|emplaces|acquires|moves|traffics|sells|houses|maintains|uses|carries out)"
    r"\s+(?:[\w'’-]+\s+){0,8}$",
    re.IGNORECASE,
)
# "Peru has been on edge since deadly unrest swept the south": what a state dates from is background.
_HAS_BEEN_SINCE = re.compile(
    r"\b(?:has|have|had)\s+been\s+(?:[\w'’-]+\s+){1,6}?since\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE
)
# "during that unrest", "in those protests": a reference back to the event just told.
_BACK_REFERENCE = re.compile(
    r"\b(?:that|those|these|the same)\s+(?:\w+\s+)?(?:protests?|unrest|clashes|riots?|demonstrations?|"
    r"attacks?|violence|crackdown|uprising|crisis|events?|fighting|war)\b",
    re.IGNORECASE,
)
_QUOTES = re.compile(r"[\"“”„«»]")


def status_of(
    sentence: str,
    trigger_start: int,
    *,
    published_year: int | None = None,
    latest_year: int | None = None,
) -> Status:
    """The status of the event a trigger names; offsets are inside the sentence."""
    before = words_before(sentence, trigger_start, 10)
    if _in_quotation(sentence, trigger_start):
        return "hypothetical"  # reported speech: a claim about events, not a report of one
    if _NEGATION.search(before) or _DENIAL.search(sentence[:trigger_start]):
        return "negated"
    if _HYPOTHETICAL.search(before):
        return "hypothetical"
    if _ANNOUNCED_DE.search(before):
        return "future"
    if _FUTURE.search(before) and not _CALLED_IN_SUPPORT.search(
        before + words_after(sentence, trigger_start, 3)
    ):
        return "future"
    if _is_historical(
        _clause_of(sentence, trigger_start), published_year=published_year, latest_year=latest_year
    ):
        return "historical"
    clause_before = words_before(sentence, trigger_start, 15)
    if any(cue.search(clause_before) for cue in (_BACKGROUND_CLAUSE, _HAS_BEEN_SINCE, _HABITUAL)):
        return "historical"
    return "current"


# Where a clause about something else starts: a year or "last year" after it does not date the trigger.
_CLAUSE_BREAK = re.compile(
    r"\b(?:who|which|that|whom|whose|when|compared with|compared to|suspected of|accused of|wanted for)\b|[;(]",
    re.IGNORECASE,
)


def _clause_of(sentence: str, trigger_start: int) -> str:
    """The part of a sentence that can date a trigger: everything before it, and what follows
    up to the next relative or subordinate clause."""
    after = sentence[trigger_start:]
    cut = _CLAUSE_BREAK.search(after, 1)
    return sentence[: trigger_start + (cut.start() if cut else len(after))]


def _is_historical(sentence: str, *, published_year: int | None, latest_year: int | None) -> bool:
    if _HISTORICAL_CUES.search(sentence):
        return True
    reference = published_year or latest_year
    if reference is None or _NOW.search(sentence):
        return False
    years = [int(y) for y in _YEAR.findall(sentence)]
    if not years:
        return False
    newest = max(years)
    # A year before the year of publication dates the sentence in the past, unless the year
    # just ended and the sentence names its last months (a January report on December events).
    if newest == reference - 1:
        return not re.search(r"\b(?:december|dec\.|november|nov\.)", sentence, re.IGNORECASE)
    return newest < reference - 1


_NOW = re.compile(
    r"\b(?:today|yesterday|tonight|last night|overnight|this (?:week|morning|evening)|on (?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)|heute|gestern)\b",
    re.IGNORECASE,
)


def _in_quotation(sentence: str, position: int) -> bool:
    """True when position sits inside a quotation of five words or more."""
    marks = [m.start() for m in _QUOTES.finditer(sentence)]
    for open_at, close_at in zip(marks[::2], marks[1::2], strict=False):
        if open_at < position < close_at:
            return len(sentence[open_at:close_at].split()) >= 5
    return False


def latest_year(text: str) -> int | None:
    """The latest year a text mentions: the reference for "old" years when no date is known."""
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def refers_back(sentence: str) -> bool:
    """Whether a sentence points back to an event told before it ("killed in those protests")."""
    return _BACK_REFERENCE.search(sentence) is not None
