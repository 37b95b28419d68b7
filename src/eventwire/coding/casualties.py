"""Casualties within an article: which figures belong to which event, and how they add up.

The policy, in one place (ACLED's codebook and FAQ on fatalities):
- A figure belongs to the event of its sentence. A sentence that gives only figures ("Nine
  people were killed", "Two soldiers died in the fighting") gives the toll of the event told
  just before it (`attach_counts`, `is_figures_only`, `is_toll_of_previous`).
- Groups that share one verb add up ("4 soldiers and 9 militants were killed" = 13); a part named
  inside a figure is not added ("26 people, including 14 soldiers" = 26) (counts.py).
- Vague quantities take ACLED's values ("dozens" = 12, "several" = 3) (numbers.py); a precise
  later figure replaces a vague lead, and a restatement of the lead in detail is not added
  again (`drop_restated_counts`).
- Running and nationwide tolls ("since April", "across the country" in the perfect) are sums of
  many events: they never add to a local event; alone they make an "aggregate" mention
  (`mark_aggregate`, tolls.py).
- Across sources, merging (cluster.py) keeps every source's figure with its evidence and takes
  the lowest, as ACLED does, flagging the disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from eventwire.coding.counts import Count
from eventwire.coding.drafts import MODEL_SCORE, VIOLENT_OR_DEMO, Draft, inherit_type
from eventwire.coding.numbers import parse_number, quantity_pattern
from eventwire.coding.tolls import aggregate_counts
from eventwire.words import end_of_words_after, start_of_words_before, words_before

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
    rf"\b(?P<q>{quantity_pattern('en')})\s+(?:[\w'’-]+\s+){{0,2}}?(?:insurgents|militants|men|individuals|fighters|"
    r"gunmen|attackers)\b",
    re.IGNORECASE,
)


def resolve_group_counts(text: str, sentences: Sequence[tuple[int, int]], drafts: list[Draft]) -> None:
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
                        typed = inherit_type(drafts[:position], draft)
                        if typed is not None:
                            drafts[position] = typed
                break


# A count that names part of a figure already given: "including three children" (before it),
# "two police officers were among the dead" (after it).
_PART_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+them)\W*$", re.IGNORECASE)

_PART_AFTER = re.compile(r"\b(?:were|was|are|is)\s+among\s+(?:the|those)\b", re.IGNORECASE)


def _is_breakdown(sentence: str, count: Count) -> bool:
    before = words_before(sentence, count.start, 4)
    return bool(
        _PART_BEFORE.search(before)
        or _PART_AFTER.search(sentence, count.start, end_of_words_after(sentence, count.end, 7))
    )


def drop_restated_counts(text: str, drafts: list[Draft]) -> None:
    """Keep one figure per tally: a press release gives the total in its lead and again in detail.

    A later figure counts on top when its sentence marks it as more ("an additional", "another",
    "also") or when it counts other people (soldiers after insurgents). A precise later figure
    replaces a vague lead ("several" -> 4), and once the lead was vague the precise details add
    up. A larger precise figure replaces a smaller one; any other later figure is a restatement
    and is dropped (ACLED counts each death once).
    """
    for field in ("killed", "arrested", "injured"):
        tally = _Tally(field)
        for draft in sorted(drafts, key=lambda d: d.index):
            if draft.status != "current" or draft.hit is None:
                continue
            for count in [c for c in draft.counts if c.field == field]:
                tally.offer(text[draft.start : draft.end], draft, count)


@dataclass
class _Tally:
    """The figures kept so far for one field of an article, and how the next one is read."""

    field: str
    kept: list[tuple[Draft, Count]] = dataclass_field(default_factory=list)
    summing: bool = False  # the lead was vague: the details are the tally
    restated: int = 0  # figures since dropped as details of the kept tally

    def offer(self, sentence: str, draft: Draft, count: Count) -> None:
        if self.kept and _is_breakdown(sentence, count):
            draft.counts.remove(count)  # "two officers were among the dead": part of the tally
        elif not self.kept or self.kept[0][0] is draft:
            self.kept.append((draft, count))  # figures in one sentence add up
        elif self.restated and _ADDITIVE.search(_window(sentence, count)):
            self._add_detail(draft, count)
        elif (
            _ADDITIVE.search(_window(sentence, count))
            or self._counts_others(count)
            or self._adds_to_lead(count)
        ):
            self.kept.append((draft, count))
        elif not count.vague and (self._lead_vague() or count.value > _total(self.kept)):
            summing = self._lead_vague()
            self._replace_with(draft, count)
            self.summing = summing
        else:
            self.restated += count.value
            draft.counts.remove(count)

    def _counts_others(self, count: Count) -> bool:
        """Soldiers after insurgents: other people, another tally."""
        return bool(count.about) and all(c.about and c.about != count.about for _, c in self.kept)

    def _adds_to_lead(self, count: Count) -> bool:
        # "captured a facilitator" then "multiple suspected insurgents were detained": the group
        # was not part of a one-person lead. Arrest reports restate a vague lead in detail more
        # often than they add to it.
        one_person = len(self.kept) == 1 and self.kept[0][1].value == 1 and not self.kept[0][1].vague
        if count.vague and one_person:
            return True
        return self.summing and not count.vague and self.field != "arrested"

    def _lead_vague(self) -> bool:
        return all(c.vague for _, c in self.kept)

    def _add_detail(self, draft: Draft, count: Count) -> None:
        """ "15 killed ... nine bodies at one hospital, six more at others": the "more" adds to
        the detail just given. Within the lead's tally it is a detail of it; beyond it, the
        details are the better tally."""
        detailed = self.restated + count.value
        draft.counts.remove(count)
        if detailed <= _total(self.kept):
            self.restated = detailed
            return
        tally = replace(count, value=detailed)
        draft.counts.append(tally)
        self._replace_with(draft, tally)

    def _replace_with(self, draft: Draft, count: Count) -> None:
        for first_draft, first in self.kept:
            first_draft.counts.remove(first)
        if count not in draft.counts:
            draft.counts.append(count)
        self.kept, self.restated = [(draft, count)], 0


def _window(sentence: str, count: Count) -> str:
    # "Jan and several other insurgents": "other" inside a list does not add to the tally.
    return re.sub(
        r"\b(?:and|along with|with)\s+(?:\w+\s+)?other\b",
        "",
        sentence[start_of_words_before(sentence, count.start, 10) : count.end],
    )


def _total(kept: list[tuple[Draft, Count]]) -> int:
    return sum(count.value for _, count in kept)


def gather_counts_by_type(drafts: list[Draft]) -> None:
    """Put the tally of each sub-event type on its first mention.

    What is left after restatements are dropped adds up; kept on one mention per type, the
    figures survive any later merging of same-day, same-place, same-type mentions into one event.
    """
    for field in ("killed", "arrested", "injured"):
        first_of_type: dict[str, tuple[Draft, Count]] = {}
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


def mark_aggregate(text: str, draft: Draft, language: str) -> None:
    """A running or nationwide toll is no figure of this event (tolls.py): it leaves the draft,
    and a draft whose figures were all such tolls is itself the aggregate."""
    sums = aggregate_counts(text[draft.start : draft.end], draft.counts, language)
    if not sums:
        return
    draft.counts = [c for c in draft.counts if c not in sums]
    # "Since January, 900 have been killed": the status rules call it background; it is a sum.
    if draft.status in ("current", "historical") and not any(
        c.field in ("killed", "injured", "arrested") for c in draft.counts
    ):
        draft.status = "aggregate"
        draft.counts = sums


def attach_counts(drafts: list[Draft], draft: Draft) -> bool:
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
        and previous.hit.event_type not in VIOLENT_OR_DEMO
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


def is_figures_only(draft: Draft) -> bool:
    """No cue of the rules of its own, only figures (and at most the violence they imply, or
    the model's guess at a type): the toll of an event told before."""
    # No cue stronger than the model's guess: a weak word ("raid") or the model's type.
    guessed = draft.hit is None or draft.hit.score <= MODEL_SCORE
    return guessed and draft.plover_type in ("", "ASSAULT") and bool(draft.counts)


_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+$", re.IGNORECASE)


def is_toll_of_previous(text: str, drafts: list[Draft], draft: Draft) -> bool:
    """ "Gunmen attacked a village. Nearly a dozen people were killed.": a sentence whose only
    event word is the verb of its own casualty count ("were killed") gives the toll of the event
    just before it. ACLED's unit is the event, so the figure joins it instead of making a second
    event without actors or place. `attach_counts` checks that the event is near and current."""
    if draft.hit is None or not drafts or drafts[-1].hit is None:
        return False
    casualties = [c for c in draft.counts if c.field in ("killed", "injured")]
    # The cue lies inside the count ("people were killed", not "the security force killed one"),
    # or names the event told before ("Two soldiers died in the fighting", "in the blast").
    inside = any(c.start <= draft.hit.start and draft.hit.end <= c.end for c in casualties)
    sentence_before_cue = text[draft.start : draft.start + draft.hit.start]
    return inside or (bool(casualties) and _DEFINITE_BEFORE.search(sentence_before_cue) is not None)
