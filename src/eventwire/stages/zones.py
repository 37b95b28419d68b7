"""Article zones: which parts of a page are the story and which are the page around it.

Text extracted from a news page still carries lines that are not the story: the byline, picture
captions and credits, headlines of related stories, newsletter prompts, copyright and correction
notes. Coded as story, they make false events (a related headline about a bombing elsewhere, a
photographer's surname read as a town). This stage cuts the text into zones, in text order and
without overlap: `headline`, `dateline`, `body` and `quote` are story; `caption`, `credit`,
`byline`, `related` and `boilerplate` are not (`NON_STORY_KINDS`).

Rules work on lines, because page clutter comes as lines of its own. The cue words of each
language live in its pack (`data/packs/<language>/zones.json`), each entry with an id, the reason
and example texts that run as tests; every zone records the entry that set it (`Zone.rule`). What
the code holds is the shape each kind of entry is applied with (`match`): a byline, a line that
starts with or contains a cue, a credit at a caption's end, a related-links list after its cue.

The rules are conservative: a line is taken out of the story only when its shape and a cue agree
(short, no closing full stop, at the place such lines stand). Everything else is body, so a story
sentence that mentions a photo or Reuters stays body.

For the events stage: `story_sentences(doc)` gives the indices of the sentences to code
(sentences wholly inside non-story zones are left out); `sentence_kinds(doc)` gives each
sentence's kind; `is_story_offset(doc, offset)` tells whether a span (a trigger) lies in the story.
Without zones (the stage did not run) every sentence counts as story.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, get_args

from eventwire.dateline import dateline_pattern
from eventwire.packs import load_pack, pack_languages, phrase_pattern
from eventwire.pipeline import Doc, Zone, ZoneKind

STORY_KINDS: frozenset[ZoneKind] = frozenset({"headline", "dateline", "body", "quote"})
NON_STORY_KINDS: frozenset[ZoneKind] = frozenset({"caption", "credit", "byline", "related", "boilerplate"})

# Datelines stand in the first lines of the story, never further down.
_DATELINE_LINES = 3
_DATELINE_CHARS = 400
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^(?:[-–—•*·▪►]|\d{1,2}[.)])\s+")
_SENTENCE_END = ".!?"
_CLOSERS = "\"'”’»«“)]"
# A phrase has ended when the next character does not continue its last word ("photo:" ends
# anywhere; "photo" must not run on into "photographer").
_PHRASE_END = r"(?:(?<!\w)|(?!\w))"
_NAMES_END = re.compile(r"[,|;:)\]/]")
_KINDS: frozenset[str] = frozenset(get_args(ZoneKind))


@dataclass(frozen=True, slots=True)
class _LineRule:
    rule: str
    kind: ZoneKind
    pattern: re.Pattern[str] | None  # None: the line must be one of `whole`
    max_chars: int = 250
    whole: frozenset[str] = frozenset()  # for `line_is`: the lines; for bylines: the joiners


@dataclass(slots=True)
class _Rules:
    """One language's pack entries, compiled once, grouped by how they are applied."""

    language: str
    bylines: list[_LineRule] = field(default_factory=list)
    lines: list[_LineRule] = field(default_factory=list)
    related_cues: list[_LineRule] = field(default_factory=list)
    credit_tails: list[_LineRule] = field(default_factory=list)
    caption: _LineRule | None = None
    related_run: tuple[str, int] | None = None  # rule id, fewest lines
    headline: _LineRule | None = None
    datelines: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    quote: tuple[str, re.Pattern[str], int] | None = None  # rule id, pattern, fewest words


@functools.cache
def rules_for(language: str) -> _Rules:
    """The compiled zone rules of a language's pack (English for a language without one)."""
    rules = _Rules(language=language or "en")
    for entry in load_pack("zones", language):
        _add_entry(rules, entry)
    return rules


def _add_entry(rules: _Rules, entry: dict[str, Any]) -> None:
    match, rule, kind = entry["match"], entry["id"], entry["kind"]
    if kind not in _KINDS:
        raise ValueError(f"zone pack entry {rule!r}: unknown kind {kind!r}")
    max_chars = int(entry.get("max_chars", 250))
    if match == "byline":
        joiners = frozenset(word.casefold() for word in entry.get("joiners", []))
        rules.bylines.append(_LineRule(rule, kind, _byline_pattern(entry), max_chars, joiners))
    elif match in ("line_start", "line_contains"):
        anchor = r"^[\s(\[]*" if match == "line_start" else r"(?<!\w)"
        pattern = re.compile(anchor + f"(?:{_cue_alternation(entry)}){_PHRASE_END}", re.IGNORECASE)
        rules.lines.append(_LineRule(rule, kind, pattern, max_chars))
    elif match == "line_is":
        whole = frozenset(_bare(word) for word in entry["words"])
        rules.lines.append(_LineRule(rule, kind, None, max_chars, whole))
    elif match == "related_cue":
        cue = re.compile(rf"^[\s(\[]*(?:{_cue_alternation(entry)})\s*(?::|$)", re.IGNORECASE)
        rules.related_cues.append(_LineRule(rule, kind, cue, max_chars))
    elif match == "credit_tail":
        rules.credit_tails.append(_LineRule(rule, kind, _credit_tail_pattern(entry), max_chars))
    elif match == "caption_before_credit":
        rules.caption = _LineRule(rule, kind, None, max_chars)
    elif match == "related_run":
        rules.related_run = (rule, int(entry.get("min_lines", 2)))
    elif match == "headline":
        rules.headline = _LineRule(rule, kind, None, max_chars)
    elif match == "dateline":
        rules.datelines.append((rule, dateline_pattern(entry["words"])))
    elif match == "quote":
        rules.quote = (rule, _quote_pattern(entry["pairs"]), int(entry.get("min_words", 3)))
    else:
        raise ValueError(f"zone pack entry {rule!r}: unknown match {match!r}")


def _cue_alternation(entry: dict[str, Any]) -> str:
    """The entry's words (as phrases) and patterns (as written), as one alternation."""
    parts = list(entry.get("patterns", []))
    if entry.get("words"):
        parts.append(phrase_pattern(entry["words"]))
    return "|".join(parts)


def _byline_pattern(entry: dict[str, Any]) -> re.Pattern[str]:
    # The cue in any case ("BY"), then a capitalised name: "By Tuesday evening, ..." is
    # told apart by its closing full stop (see _is_byline), not here.
    return re.compile(rf"^[(\[]?\s*(?i:{phrase_pattern(entry['words'])})\s+(?=[A-ZÄÖÜÀ-Þ])")


def _credit_tail_pattern(entry: dict[str, Any]) -> re.Pattern[str]:
    """A credit at the end of a line, after the caption's last sentence ("... Tuesday.
    Photograph: Name/Agency", "... 2024. REUTERS/Name") or in brackets ("(AP Photo/Name)")."""
    cue = _cue_alternation(entry)
    sentence_end = r"(?<=[.!?”\"’)])\s+"
    if entry.get("case_sensitive"):
        # Agency forms ("REUTERS/Name", "Getty Images") are the whole credit; their case is the cue.
        credit = rf"{sentence_end}(?:{cue})"
    else:
        after = rf"{sentence_end}(?i:{cue})\s*(?::|/)\s*[^\n]{{1,100}}"
        bracketed = rf"\(\s*(?i:{cue})\s*(?::|/|\bby\b)\s*[^()\n]{{1,100}}\)"
        credit = f"{bracketed}|{after}"
    return re.compile(rf"(?P<credit>{credit})\s*\.?\s*$")


def _quote_pattern(pairs: list[list[str]]) -> re.Pattern[str]:
    """One alternation of quotes that open and close on the same line, in the pack's order."""
    parts = []
    for opening, closing in pairs:
        inside = re.escape(opening) + (re.escape(closing) if closing != opening else "")
        parts.append(rf"{re.escape(opening)}[^{inside}\n]{{1,1000}}{re.escape(closing)}")
    return re.compile("|".join(parts))


def _bare(line: str) -> str:
    """A line as `line_is` compares it: no brackets, spaces or closing full stop, lower case."""
    return " ".join(line.strip().strip("()[].").split()).lower()


# --- the stage ------------------------------------------------------------------------------------


class ZoneStage:
    """Doc.zones: headline, dateline, body, quotes and the page clutter around the story."""

    name: ClassVar[str] = "zones"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentences")
    provides: ClassVar[tuple[str, ...]] = ("zones",)

    def setup(self) -> None:
        for language in pack_languages():
            rules_for(language)

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.zones = find_zones(doc.text, title=doc.article.title, language=doc.language)
        return docs


def find_zones(text: str, *, title: str = "", language: str = "en") -> list[Zone]:
    """The zones of a text, in order, without overlap; every non-blank line is covered."""
    rules = rules_for(language)
    lines = [(match.start(), match.end()) for match in _LINE.finditer(text)]
    lines = [_trimmed(text, start, end) for start, end in lines if text[start:end].strip()]
    marks: list[list[Zone]] = []
    related_open: str | None = None  # the related cue whose list of headlines is still going on
    dateline_found = False
    for number, (start, end) in enumerate(lines):
        # The title is certain; a headline guessed from its shape must not win over a byline.
        zones = _headline(text, start, end, title, rules, by_title=True) if number == 0 else None
        if zones is None:
            zones, related_open = _line_zones(text, start, end, rules, related_open)
        if zones is None and not dateline_found and number < _DATELINE_LINES and start < _DATELINE_CHARS:
            zones = _dateline_zones(text, start, end, rules)
            dateline_found = zones is not None
        if zones is None and number == 0:
            zones = _headline(text, start, end, title, rules, by_title=False)
        marks.append(zones or [Zone("body", start, end)])
    _mark_trailing_related(text, lines, marks, rules)
    return [zone for zones in marks for piece in zones for zone in _split_quotes(text, piece, rules)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return start, end


def _line_zones(
    text: str, start: int, end: int, rules: _Rules, related_open: str | None
) -> tuple[list[Zone] | None, str | None]:
    """Zones for a line of page clutter, and whether a related-links list goes on after it;
    None when the line is story."""
    line = text[start:end]
    for rule in rules.bylines:
        if _is_byline(line, rule):
            return [Zone(rule.kind, start, end, rule.rule)], None
    for rule in rules.lines:
        if _line_matches(line, rule):
            return [Zone(rule.kind, start, end, rule.rule)], related_open
    for rule in rules.related_cues:
        assert rule.pattern is not None
        if rule.pattern.match(line):
            return [Zone("related", start, end, rule.rule)], rule.rule
    if related_open is not None and looks_like_headline(line):
        return [Zone("related", start, end, related_open)], related_open
    return _captioned(text, start, end, rules), None


def _is_byline(line: str, rule: _LineRule) -> bool:
    """A byline is short, names people, and has no closing full stop unless it is bracketed."""
    assert rule.pattern is not None
    found = rule.pattern.match(line) if len(line) <= rule.max_chars else None
    if found is None or not _names_only(line[found.end() :], rule.whole):
        return False
    bracketed = line.startswith(("(", "[")) and line.endswith((")", "]"))
    return bracketed or line.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END


def _names_only(text: str, joiners: frozenset[str]) -> bool:
    """Whether the names before the first , | ; : are capitalised words and joiners ("and",
    "in"): "Jane Doe and Omar al-Masri in Kyiv" is, "Tuesday evening" and "Kabul nach Berlin"
    are not."""
    names = _NAMES_END.split(text, maxsplit=1)[0].split()
    return bool(names) and all(
        word.casefold() in joiners or any(char.isupper() for char in word) for word in names
    )


def _line_matches(line: str, rule: _LineRule) -> bool:
    if len(line) > rule.max_chars:
        return False
    if rule.pattern is None:
        return _bare(line) in rule.whole
    # A line that opens with a quotation mark is someone speaking, not the page.
    return not line.startswith(('"', "“", "„", "»")) and rule.pattern.search(line) is not None


def _captioned(text: str, start: int, end: int, rules: _Rules) -> list[Zone] | None:
    """A line that ends in a picture credit: the credit, and the caption before it when short."""
    line = text[start:end]
    for rule in rules.credit_tails:
        assert rule.pattern is not None
        found = rule.pattern.search(line)
        if found is None:
            continue
        credit_start, _ = _trimmed(text, start + found.start("credit"), end)
        credit = Zone("credit", credit_start, end, rule.rule)
        caption = rules.caption
        if credit_start == start:
            return [credit]
        if caption is None or credit_start - start > caption.max_chars:
            return [*_body(text, start, credit_start), credit]  # a long paragraph stays story
        caption_end = _trimmed(text, start, credit_start)[1]
        return [Zone(caption.kind, start, caption_end, caption.rule), credit]
    return None


def _body(text: str, start: int, end: int) -> list[Zone]:
    start, end = _trimmed(text, start, end) if text[start:end].strip() else (end, end)
    return [Zone("body", start, end)] if end > start else []


def looks_like_headline(line: str) -> bool:
    """A short line without a closing full stop, as a headline is written (a bullet allowed)."""
    line = _BULLET.sub("", line).strip()
    words = line.split()
    last = line.rstrip(_CLOSERS)[-1:]
    return (
        2 <= len(words) <= 25
        and len(line) <= 160
        and last not in ".,;:"
        and (line[0].isupper() or line[0].isdigit() or line[0] in _CLOSERS)
    )


def _headline(
    text: str, start: int, end: int, title: str, rules: _Rules, *, by_title: bool
) -> list[Zone] | None:
    """The first line as the headline: when it is the article's title (`by_title`), or, when
    there is no title, when it is a short line without a closing full stop that a blank line
    sets off from more text."""
    rule = rules.headline
    if rule is None or len(text[start:end]) > rule.max_chars:
        return None
    if by_title:
        found = bool(title.strip()) and _same_words(text[start:end], title)
    else:
        set_off = text.startswith("\n\n", end) or text.startswith("\r\n\r\n", end)
        found = (
            not title.strip()
            and set_off
            and bool(text[end:].strip())
            and looks_like_headline(text[start:end])
        )
    return [Zone("headline", start, end, rule.rule)] if found else None


def _same_words(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()


def _dateline_zones(text: str, start: int, end: int, rules: _Rules) -> list[Zone] | None:
    """A line that opens with a dateline: the dateline, then the rest of the line as body."""
    for rule, pattern in rules.datelines:
        found = pattern.match(text, start, end)
        if found is not None:
            dateline_end = _trimmed(text, start, found.end())[1]
            return [Zone("dateline", start, dateline_end, rule), *_body(text, found.end(), end)]
    return None


def _mark_trailing_related(
    text: str, lines: list[tuple[int, int]], marks: list[list[Zone]], rules: _Rules
) -> None:
    """Headlines of other stories at the end of the page, when no cue word introduces them."""
    if rules.related_run is None:
        return
    rule, fewest = rules.related_run
    index = len(marks) - 1
    while index >= 0 and all(zone.kind in NON_STORY_KINDS for zone in marks[index]):
        index -= 1  # the copyright line or newsletter prompt after the list
    run_end = index
    while index >= 0 and _is_bare_headline_line(text, lines[index], marks[index]):
        index -= 1
    run = range(index + 1, run_end + 1)
    if len(run) >= fewest and index >= 1 and _ends_story(text, lines[index], marks[index]):
        for number in run:
            marks[number] = [Zone("related", *lines[number], rule)]


def _ends_story(text: str, line: tuple[int, int], zones: list[Zone]) -> bool:
    """What stands before a list of links: page clutter, or a story line that ends a sentence
    (a line that ends "The toll was:" opens a fact box instead)."""
    if all(zone.kind in NON_STORY_KINDS for zone in zones):
        return True
    return text[line[0] : line[1]].rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _is_bare_headline_line(text: str, line: tuple[int, int], zones: list[Zone]) -> bool:
    """A body line shaped like a headline and not a bulleted item (bullets may be a fact box)."""
    words = text[line[0] : line[1]]
    plain = len(zones) == 1 and zones[0].kind == "body"
    return plain and not _BULLET.match(words) and looks_like_headline(words)


def _split_quotes(text: str, zone: Zone, rules: _Rules) -> Iterator[Zone]:
    """A body zone cut around its direct quotes; other zones as they are."""
    if zone.kind != "body" or rules.quote is None:
        yield zone
        return
    rule, pattern, fewest_words = rules.quote
    position = zone.start
    for found in pattern.finditer(text, zone.start, zone.end):
        if len(found.group().split()) < fewest_words:
            continue
        yield from _body(text, position, found.start())
        yield Zone("quote", found.start(), found.end(), rule)
        position = found.end()
    yield from _body(text, position, zone.end)


# --- lookups for later stages ---------------------------------------------------------------------


def zone_at(zones: list[Zone], offset: int) -> Zone | None:
    """The zone that holds a character offset (None: a blank between lines, or no zones)."""
    index = bisect.bisect_right(zones, offset, key=lambda zone: zone.start) - 1
    if index >= 0 and offset < zones[index].end:
        return zones[index]
    return None


def is_story_offset(doc: Doc, offset: int) -> bool:
    """Whether a character (a trigger's start) lies in the story; True when there are no zones."""
    zone = zone_at(doc.zones, offset)
    return zone is None or zone.kind in STORY_KINDS


def sentence_kinds(doc: Doc) -> list[ZoneKind]:
    """The kind of each sentence: the kind that covers most of its characters ("body" when none)."""
    kinds: list[ZoneKind] = []
    starts = [zone.start for zone in doc.zones]
    for sentence in doc.sentences:
        cover: dict[ZoneKind, int] = {}
        for zone in _overlapping(doc.zones, starts, sentence.start, sentence.end):
            share = min(zone.end, sentence.end) - max(zone.start, sentence.start)
            cover[zone.kind] = cover.get(zone.kind, 0) + share
        kinds.append(max(cover, key=lambda kind: cover[kind]) if cover else "body")
    return kinds


def story_sentences(doc: Doc) -> set[int]:
    """Indices of the sentences to code: all but those wholly inside non-story zones."""
    story = set()
    starts = [zone.start for zone in doc.zones]
    for index, sentence in enumerate(doc.sentences):
        overlapping = list(_overlapping(doc.zones, starts, sentence.start, sentence.end))
        if not overlapping or any(zone.kind in STORY_KINDS for zone in overlapping):
            story.add(index)
    return story


def _overlapping(zones: list[Zone], starts: list[int], start: int, end: int) -> Iterator[Zone]:
    """The zones that share a character with [start, end); `starts` are the zones' starts."""
    first = max(0, bisect.bisect_right(starts, start) - 1)
    for zone in zones[first:]:
        if zone.start >= end:
            break
        if zone.end > start:
            yield zone
