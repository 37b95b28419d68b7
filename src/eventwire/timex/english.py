"""English time expressions, with TimeBank's span conventions.

Conventions followed (TimeBank/TempEval-3): determiners and modifiers are inside the span ("the
past three months", "late yesterday", "about two years ago", "the end of 1990"), prepositions
are not ("in 1990", "on Friday", "for years"). Bare weekdays and months resolve against the
reference date: backwards by default, forwards when the sentence speaks of the future.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from eventwire.timex import calendar as cal
from eventwire.timex.engine import DIGITS, Context, Normalised, Rule
from eventwire.timex.lexicon import (
    MONTHS_EN,
    ORDINALS_EN,
    UNITS_EN,
    WEEKDAYS_EN,
    alternation,
    format_amount,
    parse_number,
)

FLAGS = re.IGNORECASE

# ---------------------------------------------------------------- building blocks

_FULL_MONTHS = [name for name in MONTHS_EN if len(name) > 4 or name in ("may", "june", "july")]
MONTH = rf"(?:{alternation(_FULL_MONTHS)}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
MONTH_FULL = rf"(?:{alternation(_FULL_MONTHS)})"
WEEKDAY = rf"(?:{alternation(WEEKDAYS_EN)})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)(?!\d)"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SPELLED_YEAR = (
    rf"(?:(?:nineteen|eighteen)[- ](?:hundred[- ](?:and[- ])?)?(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|oh[- ](?:{_ONES}))"
    rf"|two[- ]thousand(?:[- ](?:and[- ])?(?:{_TEENS}|{_ONES}|twenty(?:[- ](?:{_ONES}))?))?)"
)
YEAR = rf"(?:{YEAR4}|{SPELLED_YEAR}\b)"
NUMBER_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}|a hundred|a thousand|hundred|thousand)"
NUMBER = rf"(?:\d+(?:[.,]\d+)*(?:\s+\d/\d)?|{NUMBER_WORD}(?:[- ](?:and[- ])?{NUMBER_WORD})*)"
QUANTITY = rf"(?:{NUMBER}|a couple of|couple of|a few|few|several|some|many|a number of|a|an)"
UNIT = rf"(?:{alternation(UNITS_EN)})"
MODIFIER = (
    r"(?:more than|less than|fewer than|nearly|almost|about|around|approximately|roughly|some|"
    r"over(?!\s+(?:the|several|many))|under|at least|at most|up to|no more than|no less than|close to|"
    r"well over|upwards of|the better part of|each of|all of|most of)"
)
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
PART_CODES = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "tonight": "TNI"}
ZONE = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST|local time)"

# The nearest of these words to a bare weekday or month says which way it points.
TENSE_CUE = re.compile(
    r"\b(?:(?P<future>will|won't|shall|'ll|going to|scheduled|expected|expects|plans? to|planned|"
    r"(?:is|are) (?:planning|preparing|going|due|set|expected|scheduled|about)|planning|preparing|"
    r"to be (?-i:[a-z]{3,}ed)|"
    r"is to|are to|set to|due to|upcoming|payable|expires?|as soon as|as early as|no later than|starting|"
    r"beginning|hopes? to|intends? to|wants? to|effective)|"
    # "will be paid", "could be held": a participle after "be" is no past tense.
    r"(?<!\bbe )(?P<past>said|says|was|were|had|did|ago|since|earlier|announced|reported|told|took|began|"
    r"came|went|made|held|met|fell|rose|won|lost|left|killed|died|saw|gave|got|led|fled|shot|hit|"
    r"brought|bought|sold|paid|spent|built|sent|found|kept|became|struck|chose|broke|ran|wrote|"
    r"(?-i:[a-z]{3,}ed)))\b",
    FLAGS,
)
# A preposition right before a date settles its direction: "by Jan. 14", "until Tuesday", "since May".
LEAD_CUE = re.compile(
    r"\b(?:(?P<future>by|until|till|extended to|postponed (?:to|until)|delayed (?:to|until)|"
    r"pushed back to|moved to|as (?:soon|early) as)|(?P<past>since))\s+(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?$",
    FLAGS,
)

_AMBIGUOUS_MONTHS = {"may", "march", "august"}
_PLURAL_EXCEPTIONS = {
    "was",
    "is",
    "has",
    "as",
    "its",
    "this",
    "his",
    "us",
    "does",
    "yes",
    "less",
    "plus",
    "thus",
    "unless",
    "whereas",
}


def _rule(
    name: str,
    pattern: str,
    normalise: object,
    span_group: str | None = None,
    *,
    trigger: str | None = None,
    literals: tuple[str, ...] | None = None,
) -> Rule:
    compiled_trigger = re.compile(trigger, FLAGS) if trigger else None
    if literals is None:
        literals = _trigger_literals(trigger) if trigger else ()
    return Rule(name, re.compile(pattern, FLAGS), normalise, span_group, compiled_trigger, literals)  # type: ignore[arg-type]


def _trigger_literals(trigger: str) -> tuple[str, ...]:
    """The words of a trigger that is a plain alternation ("\\b(?:jan|feb|...)"), lowercased; else
    nothing, and the rule is not prefiltered."""
    core = trigger.replace("\\b", "").removeprefix("-")
    if core.startswith("(?:") and core.endswith(")"):
        core = core[3:-1]
    words = tuple(word.lower() for word in core.split("|"))
    return words if all(re.fullmatch(r"[a-z' ]+", word) for word in words) else ()


MONTH_LITERALS = tuple(
    MONTHS_PREFIXES := ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)


def _month_number(word: str) -> int:
    return MONTHS_EN[word.lower().rstrip(".")]


def _year_number(text: str, reference: date | None) -> int | None:
    token = text.strip().lower()
    if token.startswith("'"):
        two = int(token[1:])
        if reference is None:
            return 1900 + two
        century = reference.year // 100 * 100
        year = century + two
        return year - 100 if year > reference.year + 10 else year
    if token.isdigit():
        return int(token)
    return _spelled_year(token)


def _spelled_year(token: str) -> int | None:
    words = re.split(r"[\s-]+", token)
    if words[0] == "two" and len(words) > 1 and words[1] == "thousand":
        rest = parse_number(" ".join(word for word in words[2:] if word != "and")) if words[2:] else 0
        return 2000 + int(rest or 0)
    head = parse_number(words[0])
    tail_words = [word for word in words[1:] if word not in ("hundred", "and", "oh")]
    tail = parse_number(" ".join(tail_words)) if tail_words else 0
    if head is None or tail is None:
        return None
    return int(head) * 100 + int(tail)


def _misread_month(word: str) -> bool:
    """ "may" the verb, "march" the walk: only capitalised forms are months."""
    return word.lower() in _AMBIGUOUS_MONTHS and not word[0].isupper()


def _with_part(day: date | None, part: str | None, *, weekday: int | None = None) -> Normalised:
    if day is None:
        base = f"XXXX-WXX-{weekday + 1}" if weekday is not None else cal.UNKNOWN_DAY
    else:
        base = cal.day_value(day)
    if part:
        return "TIME", base + PART_CODES[part.lower()]
    return "DATE", base


# ---------------------------------------------------------------- explicit calendar dates


def _full_date(match: re.Match[str], context: Context) -> Normalised:
    month_word = match.group("mon")
    if _misread_month(month_word):
        return None
    month = _month_number(month_word)
    day = int(re.match(r"\d+", match.group("day")).group())  # type: ignore[union-attr]
    year_text = match.group("year")
    if year_text:
        year = _year_number(year_text, context.reference)
    elif context.reference is not None:
        year = _year_of_day(match, context, month, day)
    else:
        year = None
    if year is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    day_date = cal.safe_date(year, month, day)
    if day_date is None:
        return None
    return "DATE", cal.day_value(day_date)


def _year_of_day(match: re.Match[str], context: Context, month: int, day: int) -> int:
    """The year of "March 3": the one where a stated weekday fits, else by tense, else the nearest."""
    reference = context.reference
    assert reference is not None
    weekday_word = match.groupdict().get("wd")
    if weekday_word:
        weekday = WEEKDAYS_EN[weekday_word.lower()]
        for year in (reference.year, reference.year + 1, reference.year - 1):
            candidate = cal.safe_date(year, month, day)
            if candidate is not None and candidate.weekday() == weekday:
                return year
    # Only a cue close by is trusted: a stated date is usually the nearest one of that name.
    direction = context.tense(match.start(), match.end(), reach=25) or "nearest"
    return cal.resolve_day_year(reference, month, day, direction=direction)


def _month_year(match: re.Match[str], context: Context) -> Normalised:
    groups = match.groupdict()
    month_word = match.group("mon")
    if _misread_month(month_word) and not groups.get("year"):
        return None
    month = _month_number(month_word)
    year: int | None
    if groups.get("year"):
        year = _year_number(groups["year"], context.reference)
    else:
        relative = groups["rel"].lower()
        if context.reference is None:
            return "DATE", f"XXXX-{month:02d}"
        year = context.reference.year + {"this": 0, "last": -1, "next": 1}[relative]
    if year is None:
        return None
    return "DATE", cal.month_value(year, month)


_MONTH_PREPOSITION = re.compile(
    r"\b(?:in|since|until|till|by|of|from|through|during|before|after|to|and|or|the)\s+$", FLAGS
)


def _month_alone(match: re.Match[str], context: Context) -> Normalised:
    month_word = match.group("mon")
    modifier = (match.group("mod") or "").lower()
    if _misread_month(month_word):
        return None
    # "May" alone is a month only after a preposition: "in May", "since May".
    if (
        month_word.lower() in _AMBIGUOUS_MONTHS
        and not modifier
        and not _MONTH_PREPOSITION.search(context.before(match.start(), 15))
    ):
        return None
    month = _month_number(month_word)
    if context.reference is None:
        return "DATE", f"XXXX-{month:02d}"
    relative = modifier.split()[-1] if modifier else ""
    if relative in ("last", "next"):
        direction = relative
    elif relative == "this":
        return "DATE", cal.month_value(context.reference.year, month)
    else:
        direction = context.tense(match.start(), match.end(), reach=45) or "nearest"
    year = cal.resolve_month_year(context.reference, month, direction=direction)
    return "DATE", cal.month_value(year, month)


def _iso_date(match: re.Match[str], context: Context) -> Normalised:
    day = cal.safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return ("DATE", cal.day_value(day)) if day else None


def _slash_date(match: re.Match[str], context: Context) -> Normalised:
    year = int(match.group("y"))
    if year < 100:
        year += 2000 if year < 50 else 1900
    day = cal.safe_date(year, int(match.group("a")), int(match.group("b")))
    return ("DATE", cal.day_value(day)) if day else None


# ---------------------------------------------------------------- years, decades, centuries


def _year(match: re.Match[str], context: Context) -> Normalised:
    year_text = match.group("year")
    year = _year_number(year_text, context.reference)
    if year is None:
        return None
    anchored = bool(match.groupdict().get("mod"))
    if year_text.isdigit() and not anchored and "mod" in match.groupdict():
        before = context.before(match.start(), 12)
        if re.search(
            r"(?:[$€£#]|\bno\.|\bnumber|\broute|\bflight|\bresolution|\barticle|\bat|\bmodel)\s*$",
            before,
            FLAGS,
        ):
            return None
        after = context.after(match.end(), 25)
        if re.match(r"\s*(?:%|percent|per\s?cent|hours|GMT|UTC|local|[-–]\s*\d)", after, FLAGS):
            return None
        next_word = re.match(r"\s+([a-z]+)\b", after)
        # "2000 troops": a head count, unless a preposition says it is a year ("in 1990 prices").
        if (
            next_word
            and next_word.group(1).endswith("s")
            and next_word.group(1) not in _PLURAL_EXCEPTIONS
            and not re.search(
                r"\b(?:in|since|until|by|of|from|during|before|after|post-|pre-)\s*$", before, FLAGS
            )
        ):
            return None
        if year < 1800 and not re.search(r"\b(?:in|since|until|year|by|of|from)\s+$", before, FLAGS):
            return None
    modifier = (match.groupdict().get("mod") or "").lower()
    half = re.search(r"(first|second|last|latter)\s+(?:half|two quarters)", modifier)
    if half:  # "the last half of 1989", "the first two quarters of 1990"
        return "DATE", f"{year:04d}-H{1 if half.group(1) == 'first' else 2}"
    season = re.search(r"(spring|summer|fall|autumn|winter)", modifier)
    if season:
        return "DATE", f"{year:04d}-{cal.SEASONS[season.group(1)]}"
    return "DATE", cal.year_value(year)


def _decade(match: re.Match[str], context: Context) -> Normalised:
    digits = match.group("dec")
    if digits:
        return "DATE", digits[:3]
    short = match.group("short")
    if short:
        return "DATE", "19" + short[0]
    word = match.group("word").lower()
    tens = {
        "twenties": 2,
        "thirties": 3,
        "forties": 4,
        "fifties": 5,
        "sixties": 6,
        "seventies": 7,
        "eighties": 8,
        "nineties": 9,
    }
    return "DATE", f"19{tens[word]}"


def _century(match: re.Match[str], context: Context) -> Normalised:
    raw = match.group("n").lower()
    number = int(raw) if raw.isdigit() else ORDINALS_EN.get(raw)
    if not number:
        return None
    return "DATE", f"{number - 1:02d}"


# ---------------------------------------------------------------- clock times


def _clock(match: re.Match[str], context: Context) -> Normalised:
    groups = match.groupdict()
    word = (groups.get("word") or "").lower()
    if word:
        hour, minute = (0, 0) if word == "midnight" else (12, 0)
        clock = "T24:00" if word == "midnight" else "T12:00"
    else:
        hour = int(groups["h"])
        minute = int(groups.get("min") or 0)
        ampm = (groups.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm.startswith("inthe"):  # "4 in the morning", "8 in the evening"
            ampm = "am" if ampm.endswith("morning") else "pm"
        if hour > 24 or minute > 59 or (ampm in ("am", "pm") and hour > 12):
            return None
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        clock = f"T{hour:02d}:{minute:02d}"
    day = _day_expression(groups.get("dayexpr"), context, match.start(), match.end())
    base = cal.day_value(day) if day else cal.UNKNOWN_DAY
    return "TIME", base + clock


def _day_expression(text: str | None, context: Context, start: int, end: int) -> date | None:
    """The day a clock time is attached to ("10 p.m. Wednesday"), else the reference day."""
    reference = context.reference
    if reference is None:
        return None
    if not text:
        return reference
    word = text.lower().strip()
    if word == "yesterday":
        return reference - timedelta(days=1)
    if word == "tomorrow":
        return reference + timedelta(days=1)
    if word in ("today", "tonight"):
        return reference
    if word in WEEKDAYS_EN:
        direction = "future" if context.is_future(start, end) else "past"
        return cal.resolve_weekday(reference, WEEKDAYS_EN[word], direction=direction)
    parts = re.match(r"([a-z]+)\.?\s+(\d+)", word)
    if parts and parts.group(1) in MONTHS_EN:
        month, day = MONTHS_EN[parts.group(1)], int(parts.group(2))
        direction = "future" if context.is_future(start, end) else "nearest"
        year = cal.resolve_day_year(reference, month, day, direction=direction)
        return cal.safe_date(year, month, day)
    return reference


# ---------------------------------------------------------------- days relative to the reference


def _part_of_day(match: re.Match[str], context: Context) -> Normalised:
    """ "in the morning", "by mid-afternoon": that part of the reference day."""
    part = (match.group("part") or match.group("part2")).lower()
    return "TIME", "@DAY_PART:" + PART_CODES[part]


def _week_of_date(match: re.Match[str], context: Context) -> Normalised:
    """ "the week of March 6": the calendar week that day falls in."""
    dated = _full_date(match, context)
    if dated is None or dated[1].startswith("X"):
        return dated
    return "DATE", cal.week_value(date.fromisoformat(dated[1]))


def _paired_day(match: re.Match[str], context: Context) -> Normalised:
    """The second day of "April 24 and 25": same month, its own timex."""
    month_word = match.group("mon")
    if _misread_month(month_word):
        return None
    month, day = _month_number(month_word), int(match.group("day2"))
    if context.reference is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    named = cal.safe_date(_year_of_day(match, context, month, day), month, day)
    return ("DATE", cal.day_value(named)) if named else None


def _relative_day(match: re.Match[str], context: Context) -> Normalised:
    word = match.group("word").lower()
    part = (match.group("part") or "").lower()
    prefix = (match.group("pre") or "").lower()
    if "afternoon" in prefix:
        part = "afternoon"
    elif "morning" in prefix:
        part = "morning"
    offsets = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "this": 0,
        "last": -1,
    }
    offset = offsets.get(word)
    if offset is None:
        return None
    if word == "last" and part != "night":
        return None
    reference = context.reference
    day = reference + timedelta(days=offset) if reference else None
    if not part:
        return "DATE", cal.day_value(day) if day else cal.UNKNOWN_DAY
    base = cal.day_value(day) if day else cal.UNKNOWN_DAY
    return "TIME", base + PART_CODES[part]


def _weekday(match: re.Match[str], context: Context) -> Normalised:
    weekday = WEEKDAYS_EN[match.group("wd").lower()]
    relative = re.sub(r"^the\s+", "", (match.group("rel") or "").lower())
    part = match.group("part")
    reference = context.reference
    if reference is None:
        return _with_part(None, part, weekday=weekday)
    if relative in ("last", "past", "previous", "this past"):
        direction = "last"
    elif relative in ("next", "coming", "this coming", "following"):
        direction = "next" if relative == "next" else "future"
    elif context.is_future(match.start(), match.end()):
        direction = "future"
    else:
        direction = "past"
    if part and part.lower() in ("night", "morning"):
        part = None  # TimeBank mostly dates "Friday night" and "Friday morning" as the day itself
    return _with_part(cal.resolve_weekday(reference, weekday, direction=direction), part)


def _holiday(match: re.Match[str], context: Context) -> Normalised:
    name = match.group("h")
    reference = context.reference
    year_text = match.group("year")
    if year_text:
        year = _year_number(year_text, reference)
    elif reference is not None:
        candidates = [
            cal.holiday_date(name, y) for y in (reference.year - 1, reference.year, reference.year + 1)
        ]
        best = min(
            (d for d in candidates if d),
            key=lambda d: (abs((d - reference).days), d > reference),
            default=None,
        )
        year = best.year if best else None
    else:
        year = None
    if year is None:
        return "DATE", cal.UNKNOWN_DAY
    day = cal.holiday_date(name, year)
    if day is None:
        return None
    if "week" in match.group(0).lower():
        return "DATE", cal.week_value(day)
    return "DATE", cal.day_value(day)


# ---------------------------------------------------------------- weeks, months, years relative to the reference


def _relative_period(match: re.Match[str], context: Context) -> Normalised:
    if match.group(0).istitle() and context.before(match.start(), 3).rstrip()[-1:] in ('"', "“", "`"):
        return None  # "This Week" in quotes: the name of a programme or a column
    relative = re.sub(r"\s+", " ", match.group("rel").lower())
    unit = match.group("unit").lower()
    reference = context.reference
    step = {
        "this": 0,
        "the current": 0,
        "current": 0,
        "last": -1,
        "the past": -1,
        "the previous": -1,
        "the last": -1,
        "past": -1,
        "previous": -1,
        "next": 1,
        "the coming": 1,
        "the next": 1,
        "coming": 1,
        "the": 0,
    }.get(relative)
    if step is None:
        return None
    if relative == "the" and unit not in ("weekend", "year", "month"):
        return None
    if relative == "the" and unit in ("year", "month") and not match.group("pre"):
        return None  # "the year" alone is too vague to tag
    if unit == "weekend":
        return _weekend(match, context, step, explicit=relative != "the")
    if relative in ("the past", "the last", "the next", "the coming") and unit in (
        "week",
        "month",
        "decade",
        "century",
    ):
        return "DURATION", _duration_value(1, unit)
    if reference is None:
        return "DATE", {
            "week": "XXXX-WXX",
            "month": "XXXX-XX",
            "quarter": "XXXX-QX",
            "decade": "XXX",
            "century": "XX",
        }.get(unit, "XXXX")
    if unit == "week":
        return "DATE", cal.week_value(reference + timedelta(weeks=step))
    if unit == "month":
        year, month = cal.shift_months(reference.year, reference.month, step)
        return "DATE", cal.month_value(year, month)
    if unit == "quarter":
        if relative in ("last", "the past", "the previous", "the last", "past", "previous"):
            return "DATE", "@QUARTER"
        year, quarter = cal.shift_quarters(reference.year, cal.quarter_of(reference), step)
        return "DATE", f"{year:04d}-Q{quarter}"
    if unit == "decade":
        return "DATE", f"{reference.year // 10 + step:03d}"
    if unit == "century":
        return "DATE", f"{reference.year // 100 + step:02d}"
    half = re.search(r"(first|second) half", (match.group("pre") or "").lower())
    if half and unit == "year":  # "the first half of this year"
        return "DATE", f"{reference.year + step:04d}-H{1 if half.group(1) == 'first' else 2}"
    return "DATE", cal.year_value(reference.year + step)


def _weekend(match: re.Match[str], context: Context, step: int, *, explicit: bool) -> Normalised:
    reference = context.reference
    if reference is None:
        return "DATE", "XXXX-WXX-WE"
    future = step > 0 or (step == 0 and explicit and context.is_future(match.start(), match.end()))
    if future:
        saturday = cal.weekday_on_or_after(reference, 5)
        if step > 0 and saturday - reference < timedelta(days=2):
            saturday += timedelta(days=7)
    else:
        saturday = (
            cal.weekday_on_or_before(reference, 5)
            if reference.weekday() != 6
            else reference - timedelta(days=1)
        )
        if step < 0 and reference.weekday() >= 5:
            saturday -= timedelta(days=7)
    return "DATE", cal.week_value(saturday) + "-WE"


def _the_year(match: re.Match[str], context: Context) -> Normalised:
    """ "the year": a span when results are "for the year ended ...", else the current year."""
    unit = match.group("unit").lower()
    if match.group("ended") and "full" not in match.group(0).lower():
        return "DURATION", "P1Y" if unit == "year" else "P1W"
    if context.reference is None:
        return "DATE", "XXXX" if unit == "year" else "XXXX-WXX"
    return "DATE", cal.year_value(context.reference.year) if unit == "year" else cal.week_value(
        context.reference
    )


def _anaphoric(match: re.Match[str], context: Context) -> Normalised:
    """ "that year", "the following month": relative to the date the narrative last gave."""
    words = match.group(0).lower()
    unit = match.group("unit").lower()
    if "next" in words and unit in ("year", "month"):
        return None  # "the next year" is mostly a span ahead, left to the duration rules
    if unit == "day" and words.startswith("that"):
        return None  # "that day" is as often a generic day as the one last named
    step = 1 if ("following" in words or "next" in words) else 0
    return ("TIME" if unit == "morning" else "DATE"), f"@THAT:{unit}:{step}"


def _part_of_period(match: re.Match[str], context: Context) -> Normalised:
    unit = match.group("unit").lower()
    reference = context.reference
    if reference is None:
        return "DATE", "XXXX"
    if unit == "month":
        return "DATE", cal.month_value(reference.year, reference.month)
    if unit == "week":
        return "DATE", cal.week_value(reference)
    if unit == "decade":
        return "DATE", f"{reference.year // 10:03d}"
    return "DATE", cal.year_value(reference.year)


def _ago(match: re.Match[str], context: Context) -> Normalised:
    amount = parse_number(match.group("num")) if match.group("num") else None
    unit = UNITS_EN[match.group("unit").lower()]
    direction = match.group("dir").lower()
    backwards = direction in ("ago", "earlier", "before", "back")
    if amount is None:
        return "DATE", "PAST_REF" if backwards else "FUTURE_REF"
    if direction in ("earlier",) and unit == "year" and amount == 1:
        return "DATE", "@YEAR_BEFORE"
    if direction == "ago" and unit == "year" and amount == 1:
        return "DATE", "@YEAR_BEFORE"
    reference = context.reference
    if reference is None:
        return "DATE", "XXXX"
    sign = -1 if backwards else 1
    whole = int(amount)
    if whole > 1000 and unit in ("year", "decade", "century"):
        return "DATE", "PAST_REF" if backwards else "FUTURE_REF"  # "2,000 years ago": no calendar year
    if unit in ("day", "night"):
        return "DATE", cal.day_value(reference + timedelta(days=sign * whole))
    if unit in ("week", "fortnight"):
        weeks = whole * (2 if unit == "fortnight" else 1)
        return "DATE", cal.week_value(reference + timedelta(weeks=sign * weeks))
    if unit == "month":
        year, month = cal.shift_months(reference.year, reference.month, sign * whole)
        return "DATE", cal.month_value(year, month)
    if unit == "quarter":
        year, quarter = cal.shift_quarters(reference.year, cal.quarter_of(reference), sign * whole)
        return "DATE", f"{year:04d}-Q{quarter}"
    if unit == "year":
        return "DATE", cal.year_value(reference.year + sign * whole)
    if unit == "decade":
        return "DATE", cal.year_value(reference.year + sign * 10 * whole)
    if unit == "century":
        return "DATE", f"{reference.year // 100 + sign * whole:02d}"
    return "TIME", cal.day_value(reference)


def _years_apart(match: re.Match[str], context: Context) -> Normalised:
    amount = parse_number(match.group("num"))
    if amount is None or context.reference is None:
        return None
    if amount > 1000:
        return None
    sign = -1 if match.group("dir").lower() == "earlier" else 1
    return "DATE", cal.year_value(context.reference.year + sign * int(amount))


def _year_before(match: re.Match[str], context: Context) -> Normalised:
    return "DATE", "@YEAR_BEFORE"


# ---------------------------------------------------------------- quarters, halves, seasons, fiscal years


def _quarter(match: re.Match[str], context: Context) -> Normalised:
    ordinal = ORDINALS_EN.get(match.group("ord").lower())
    if ordinal is None or ordinal > 4:
        return None
    whole = match.group(0).lower()
    reference = context.reference
    year_text = match.group("yr") or match.group("yr2")
    if year_text:
        year = int(year_text)
    elif reference is None:
        return "DATE", f"XXXX-Q{ordinal}"
    elif re.search(r"\blast year|year-earlier|year-ago|a year (?:earlier|ago)", whole):
        year = reference.year - 1
    elif "next year" in whole:
        year = reference.year + 1
    elif "this year" in whole:
        year = reference.year
    else:
        ended = _ENDED_ON.match(context.after(match.end(), 40))
        if ended:
            # "the fiscal first quarter ended Sept. 30": the year the quarter ended in.
            month = _month_number(ended.group("mon"))
            day = min(int(ended.group("day")), 28)
            year = (
                int(ended.group("year"))
                if ended.group("year")
                else cal.resolve_day_year(reference, month, day, direction="past")
            )
        else:
            direction = "future" if context.is_future(match.start(), match.end()) else "past"
            year = cal.resolve_quarter_year(reference, ordinal, direction=direction)
    return "DATE", f"{year:04d}-Q{ordinal}"


def _quarter_code(match: re.Match[str], context: Context) -> Normalised:
    """ "Q3 2021", "Q3 '21", "Q3": a quarter in the analysts' shorthand."""
    quarter = int(match.group("q"))
    if match.group("yr"):
        return "DATE", f"{int(match.group('yr')):04d}-Q{quarter}"
    if match.group("yr2"):
        return "DATE", f"{2000 + int(match.group('yr2')):04d}-Q{quarter}"
    if context.reference is None:
        return "DATE", f"XXXX-Q{quarter}"
    direction = "future" if context.is_future(match.start(), match.end()) else "past"
    return (
        "DATE",
        f"{cal.resolve_quarter_year(context.reference, quarter, direction=direction):04d}-Q{quarter}",
    )


def _frequency(match: re.Match[str], context: Context) -> Normalised:
    """ "twice a week": a set, one per period (TIMEX3 keeps the count in an attribute)."""
    return "SET", _duration_value(1, UNITS_EN[match.group("unit").lower()])


_ENDED_ON = re.compile(
    rf"\s+(?:ended|ending|that ended|which ended)\s+(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR4}))?",
    FLAGS,
)


def _named_quarter(match: re.Match[str], context: Context) -> Normalised:
    """ "the latest quarter", "the year-earlier period", "last year's quarter"."""
    words = match.group(0).lower()
    if re.search(r"year-earlier|year-ago|last year|a year (?:earlier|ago)|year before", words):
        return "DATE", "@QUARTER_YEAR_BEFORE"
    if re.search(r"\b(?:latest|most recent|just-ended|past|previous|prior)\b", words) and context.reference:
        # The last complete quarter before the report: what results "in the latest quarter" are.
        year, quarter = cal.shift_quarters(context.reference.year, cal.quarter_of(context.reference), -1)
        return "DATE", f"{year:04d}-Q{quarter}"
    if re.search(r"\b(?:this|current)\b", words):
        if context.reference is None:
            return "DATE", "XXXX-QX"
        reference = context.reference
        return "DATE", f"{reference.year:04d}-Q{cal.quarter_of(reference)}"
    return "DATE", "@QUARTER"


def _half(match: re.Match[str], context: Context) -> Normalised:
    half = 1 if match.group("ord").lower() == "first" else 2
    reference = context.reference
    if match.group("yr"):
        return "DATE", f"{int(match.group('yr')):04d}-H{half}"
    if reference is None:
        return "DATE", f"XXXX-H{half}"
    relative = (match.group("rel") or "").lower()
    year = reference.year + {"last": -1, "next": 1}.get(relative, 0)
    if not relative and half == 2 and reference.month <= 6:
        year -= 1  # "the second half" seen from the first half of a year is last year's
    return "DATE", f"{year:04d}-H{half}"


def _season(match: re.Match[str], context: Context) -> Normalised:
    season_word = match.group("season").lower()
    relative = (match.group("rel") or "").lower()
    year_text = match.group("yr")
    if (
        not relative
        and not year_text
        and not re.search(
            r"\b(?:in|this|during|since|until|by|over|through|of)\s+$",
            context.before(match.start(), 10),
            FLAGS,
        )
    ):
        return None
    if season_word == "fall" and not relative and not year_text:
        return None
    if season_word == "fall" and re.match(r"\s+of\b", context.after(match.end(), 5)) and not year_text:
        return None
    code = cal.SEASONS[season_word]
    reference = context.reference
    if year_text:
        year = _year_number(year_text, reference)
    elif reference is None:
        return "DATE", f"XXXX-{code}"
    else:
        middle = cal.SEASON_MIDDLE_MONTH[code]
        word = relative.split()[-1] if relative else ""
        if word == "last":
            year = reference.year if middle < reference.month - 1 else reference.year - 1
        elif word == "next":
            year = reference.year if middle > reference.month + 1 else reference.year + 1
        elif word == "this":
            year = reference.year
        else:
            direction = "future" if context.is_future(match.start(), match.end()) else "past"
            year = cal.resolve_month_year(reference, middle, direction=direction)
    if year is None:
        return None
    return "DATE", f"{year:04d}-{code}"


def _fiscal_year(match: re.Match[str], context: Context) -> Normalised:
    reference = context.reference
    relative = (match.group("rel") or "").lower()
    if match.group("yr"):
        return "DATE", match.group("yr")
    if reference is None:
        return "DATE", "XXXX"
    if not relative:
        return "DURATION", "P1Y"  # "the fiscal year ended Jan. 31": a span of a year
    step = {"last": -1, "previous": -1, "latest": -1, "next": 1, "coming": 1}.get(relative, 0)
    return "DATE", cal.year_value(reference.year + step)


# ---------------------------------------------------------------- durations and sets


def _duration(match: re.Match[str], context: Context) -> Normalised:
    quantity = match.group("num").lower()
    unit = UNITS_EN[match.group("unit").lower()]
    if unit == "second" and quantity in ("a", "an", "the"):
        return None  # "a second time"
    if re.fullmatch(r"1[89]\d\d|20\d\d", quantity) and not match.group("unit").lower().endswith("s"):
        return None  # "the 1988 quarter" is a year, not 1988 quarters
    singular = not match.group("unit").lower().endswith("s")
    if unit == "quarter" and (
        quantity in ("a", "an") or (singular and context.after(match.end(), 4).startswith(" of"))
    ):
        return None  # "a quarter of the shares"
    if (
        unit == "quarter"
        and quantity == "two"
        and (match.group("dir") or "").lower() in ("first", "last")
        and _OF_YEAR.match(context.after(match.end(), 12))
    ):
        return None  # "the first two quarters of 1990" is that year's first half
    if re.match(r"\s*old\b", context.after(match.end(), 6)):
        return None  # an age: "52 years old"
    if match.group("unit")[0].isupper() and quantity[0].isdigit():
        return None  # a title: "60 Minutes"
    if quantity in ("a", "an") and not match.group("mod") and not match.group("dir"):
        before = context.before(match.start(), 20)
        # "$5 billion a year", "24 hours a day", "four flights a week": a rate, which TimeBank
        # mostly leaves untagged.
        if re.search(r"(?:\d|%|percent|illion|cents?|dollars?|hours)\s*$", before, FLAGS):
            return None
        if _COUNTED_THINGS.search(before):
            return None
    amount = parse_number(quantity)
    if match.group("half"):
        amount = (amount or 0) + 0.5
    if unit == "fortnight" and amount is not None:
        amount, unit = amount * 2, "week"
    return "DURATION", _duration_value(amount, unit)


_OF_YEAR = re.compile(r"\s+of\s+(?:1[5-9]|20)\d\d\b")
_COUNTED_THINGS = re.compile(rf"\b(?:\d[\d,.]*|{NUMBER_WORD}|several|many|few)\s+(?-i:[a-z]+s)\s*$", FLAGS)

# A half of one unit written in the next smaller one: "2 1/2 years" is P2Y6M.
_HALF_UNITS = {"Y": "6M", "TH": "30M", "TM": "30S", "D": "12H", "M": "15D"}


def _duration_value(amount: float | None, unit: str) -> str:
    if amount is not None and unit in ("decade", "century"):
        # TimeBank writes counted decades and centuries in years: "two decades" is P20Y.
        amount, unit = amount * (10 if unit == "decade" else 100), "year"
    code = cal.DURATION_UNITS[unit]
    if amount is not None and amount % 1 == 0.5 and code in _HALF_UNITS:
        whole = int(amount)
        half = _HALF_UNITS[code]
        if code == "D":
            return f"P{whole}DT{half}" if whole else f"PT{half}"
        if code.startswith("T"):
            return f"PT{whole}{code[1:]}{half}" if whole else f"PT{half}"
        return f"P{whole}{code}{half}" if whole else f"P{half}"
    count = "X" if amount is None else format_amount(amount)
    if code.startswith("T"):
        return f"PT{count}{code[1:]}"
    return f"P{count}{code}"


def _adjective_duration(match: re.Match[str], context: Context) -> Normalised:
    if match.group(0).lower().endswith("-old"):
        return None  # ages ("a 6-year-old boy") are not time expressions in TimeBank
    amount = parse_number(match.group("num"))
    unit = UNITS_EN[match.group("unit").lower()]
    if amount is None:
        return None
    return "DURATION", _duration_value(amount, unit)


def _vague_duration(match: re.Match[str], context: Context) -> Normalised:
    unit = UNITS_EN[match.group("unit").lower()]
    return "DURATION", _duration_value(None, unit)


def _recent_period(match: re.Match[str], context: Context) -> Normalised:
    word = (match.group("w") or "").lower()
    unit = UNITS_EN[(match.group("unit") or match.group("unit2")).lower()]
    if "coming" in word:
        return "DATE", "FUTURE_REF"
    if unit in ("year", "day", "decade"):
        return "DATE", "PAST_REF"  # TimeBank: "in recent years" is a vague past, not a duration
    return "DURATION", _duration_value(None, unit)


_SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "biweekly": "P2W",
    "semiannually": "P6M",
}


def _set_adverb(match: re.Match[str], context: Context) -> Normalised:
    return "SET", _SET_ADVERBS[match.group(0).lower()]


def _every(match: re.Match[str], context: Context) -> Normalised:
    target = (match.group("unit") or match.group("units")).lower()
    if target in WEEKDAYS_EN:
        return "SET", f"XXXX-WXX-{WEEKDAYS_EN[target] + 1}"
    if target in MONTHS_EN:
        return "SET", f"XXXX-{MONTHS_EN[target]:02d}"
    if target in cal.SEASONS:
        return "SET", f"XXXX-{cal.SEASONS[target]}"
    if target in ("morning", "evening", "afternoon"):
        return "SET", PART_CODES[target]
    unit = UNITS_EN[target]
    amount = parse_number(match.group("num")) if match.group("num") else 1
    return "SET", _duration_value(amount, unit)


def _reference_word(value: str) -> object:
    def normalise(match: re.Match[str], context: Context) -> Normalised:
        return "DATE", value

    return normalise


_NAME_AFTER = re.compile(r"[ -](?-i:[A-Z])")


def _present(match: re.Match[str], context: Context) -> Normalised:
    """ "now", "currently"; but "in Now Zad district" is a place name."""
    word = match.group(0)
    if word == "Now" and _NAME_AFTER.match(context.text, match.end()):
        before = context.before(match.start(), 3).rstrip()
        if before and before[-1] not in ".!?:\"'`“‘|\n":
            return None
    return "DATE", "PRESENT_REF"


def _current(match: re.Match[str], context: Context) -> Normalised:
    return "DATE", "PRESENT_REF"


# ---------------------------------------------------------------- the rule list (order breaks ties)

RULES: list[Rule] = [
    _rule(
        "weekday_month_day_year",
        rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}|'\d\d\b))?(?!\s*(?:%|percent|million|billion|[-/]\d))",
        _full_date,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "weekday_day_month_year",
        rf"\b(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})(?:,?\s+(?P<year>{YEAR}))?",
        _full_date,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "week_of_date",
        rf"\bthe\s+week\s+of\s+(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR4}))?\b",
        _week_of_date,
        trigger="\\bweek\\s+of\\b",
    ),
    _rule(
        "paired_day",
        rf"\b(?P<mon>{MONTH})\s+\d{{1,2}}\s+(?:and|or)\s+(?P<day2>\d{{1,2}})\b(?!\s*(?:%|percent|million|billion|[-/.,]\d))",
        _paired_day,
        span_group="day2",
        trigger="\\d\\s+(?:and|or)\\s+\\d",
    ),
    _rule(
        "iso_date",
        r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b",
        _iso_date,
        trigger="\\d-\\d\\d-\\d",
    ),
    _rule(
        "slash_date",
        r"\b(?P<a>0?[1-9]|1[0-2])/(?P<b>0?[1-9]|[12]\d|3[01])/(?P<y>(?:19|20)\d\d|\d\d)\b",
        _slash_date,
        trigger="\\d/\\d",
    ),
    _rule(
        "month_year",
        rf"\b(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})\b",
        _month_year,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "modified_month_year",
        rf"\b(?:early|mid|late|the (?:end|beginning|start|middle) of)[-\s]+(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<year>{YEAR})\b",
        _month_year,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "month_relative_year",
        rf"\b(?:(?:early|mid|late)[-\s]+)?(?P<mon>{MONTH})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
        _month_year,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "month_alone",
        rf"\b(?:(?P<mod>(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of|the first half of|the second half of)[-\s]+)?(?:last|this|next)|early|late|mid|the end of|the beginning of|the start of|the middle of|the first half of|the second half of)[-\s]+)?(?P<mon>{MONTH_FULL}|sept\.)(?![\w-])",
        _month_alone,
        trigger="\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    ),
    _rule(
        "clock_time",
        rf"\b(?:(?:around|about|approximately|at about|at around|shortly (?:before|after)|just (?:before|after))\s+)?(?P<h>\d{{1,2}})(?:[:.](?P<min>\d\d))?\s*(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock\b|in the (?:morning|afternoon|evening)\b)(?:\s+{ZONE}\b)?(?:,?\s+(?:on\s+)?(?P<dayexpr>{WEEKDAY}|{MONTH}\s+{DAY}|yesterday|today|tomorrow))?",
        _clock,
        trigger="\\d\\s*(?:[ap]\\.?\\s?m\\b|o'clock|in the (?:morning|afternoon|evening))",
    ),
    _rule(
        "clock_24h",
        rf"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?P<ampm>)(?:\s+{ZONE}\b)?(?:,?\s+(?:on\s+)?(?P<dayexpr>{WEEKDAY}|yesterday|today|tomorrow))?",
        _clock,
        trigger="\\d:\\d\\d",
    ),
    _rule(
        "noon_midnight",
        rf"\b(?<!high )(?P<word>noon|midnight|midday)(?:,?\s+(?:on\s+)?(?P<dayexpr>{WEEKDAY}|{MONTH}\s+{DAY}|yesterday|today|tomorrow))?",
        _clock,
        trigger="\\b(?:noon|midnight|midday)\\b",
    ),
    _rule(
        "relative_day",
        rf"\b(?:(?P<pre>early|late|earlier|later|mid-?afternoon|mid-?morning)\s+)?(?P<word>the day before yesterday|the day after tomorrow|today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{PART_OF_DAY}))?\b",
        _relative_day,
        trigger="\\b(?:today|yesterday|tomorrow|tonight)\\b",
    ),
    _rule(
        "part_of_day",
        r"\b(?:in|during|by|until|through|at)\s+(?P<t>the\s+(?P<part>morning|afternoon|evening)|mid-?\s?(?P<part2>morning|afternoon))\b(?!\s+(?:of|after|before|hours?|papers?|news|show|edition|session)\b|['’])",
        _part_of_day,
        span_group="t",
        trigger="\\b(?:morning|afternoon|evening)\\b",
    ),
    _rule(
        "overnight",
        r"\bovernight\b(?!\s+(?:stays?|bags?|flights?|trains?|rates?|shifts?))",
        lambda match, context: (
            "TIME",
            (cal.day_value(context.reference - timedelta(days=1)) if context.reference else cal.UNKNOWN_DAY)
            + "TNI",
        ),
        trigger="\\bovernight\\b",
    ),
    _rule(
        "this_morning",
        rf"\b(?:(?P<pre>early|late|earlier|later)\s+)?(?P<word>this|last)\s+(?P<part>{PART_OF_DAY})\b",
        _relative_day,
        trigger="\\b(?:morning|afternoon|evening|night)\\b",
    ),
    _rule(
        "weekday",
        rf"\b(?:(?:early|late|earlier|later)\s+)?(?:(?P<rel>this past|this coming|last|this|next|past|coming|(?:the\s+)?previous|(?:the\s+)?following)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}))?\b(?!s\b)",
        _weekday,
        trigger="(?:mon|tues|wednes|thurs|fri|satur|sun)day",
    ),
    _rule(
        "weekday_set",
        # "every Monday", "Mondays", and "Tuesday nights": a plural part of the day makes a set too.
        rf"\b(?:(?:every|each)\s+(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART_OF_DAY}s?))?|(?P<wd2>{WEEKDAY})(?:s(?:\s+(?P<part2>{PART_OF_DAY}s?))?|\s+(?P<part3>{PART_OF_DAY}s)))\b",
        lambda match, context: _weekday_set(match, context),
        trigger="(?:mon|tues|wednes|thurs|fri|satur|sun)day",
    ),
    _rule(
        "holiday",
        r"\b(?P<h>Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)|Easter(?: Sunday| Monday)?|Independence Day|Labor Day|Memorial Day|Halloween|Valentine's Day|Election Day)(?: week)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
        _holiday,
        trigger="\\b(?:Thanksgiving|Christmas|New Year|Easter|Independence|Labor|Memorial|Halloween|Valentine|Election Day)",
    ),
    _rule(
        "relative_period",
        r"\b(?:(?P<pre>early|late|earlier|later|mid|the end of|the beginning of|the start of|the middle of|the rest of|the remainder of|the first half of|the second half of|the balance of)[-\s]+)?(?P<rel>this|last|next|the past|the previous|the last|the next|the coming|the current|the|past|previous|coming)\s+(?:(?:fiscal|calendar)\s+)?(?P<unit>weekend|week|month|year|quarter|decade|century)\b(?!-)",
        _relative_period,
        trigger="\\b(?:weekend|week|month|year|quarter|decade|century)\\b",
    ),
    _rule(
        "the_year",
        r"\bthe\s+(?:full\s+|whole\s+|entire\s+)?(?P<unit>year|week)\b(?!-)(?=(?P<ended>\s+(?:ended|ending|to|through|before|earlier|ago))?)",
        lambda match, context: _the_year(match, context),
        trigger="\\b(?:year|week)\\b",
    ),
    _rule(
        "year_end",
        r"\b(?:around\s+)?year(?:'s|’s)?[-\s]end\b",
        lambda match, context: (
            "DATE",
            cal.year_value(context.reference.year) if context.reference else "XXXX",
        ),
        trigger="\\bend\\b",
    ),
    _rule(
        "anaphoric_period",
        r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same|the\s+following|the\s+next)\s+(?P<unit>year|month|day|morning)\b(?![-'’])",
        lambda match, context: _anaphoric(match, context),
        trigger="\\b(?:year|month|day|morning)\\b",
    ),
    _rule(
        "part_of_the_period",
        r"\b(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance|turn)\s+of\s+the\s+(?P<unit>year|month|week|decade|century)\b",
        _part_of_period,
        trigger="\\bof\\s+the\\s+(?:year|month|week|decade|century)\\b",
    ),
    _rule(
        "ago",
        rf"\b(?:(?:{MODIFIER})\s+)?(?:(?P<num>{QUANTITY})\s+)?(?P<unit>{UNIT})(?:\s+or\s+(?:so|two|more))?\s+(?P<dir>ago|from now|hence|back)\b",
        _ago,
        trigger="\\b(?:ago|from now|hence|back)\\b",
    ),
    _rule(
        "year_before",
        r"\b(?:year-earlier|year-ago|a year earlier|a year ago)\b(?!\s+(?:quarter|period))",
        _year_before,
        trigger="\\byear",
    ),
    _rule(
        "years_earlier",
        rf"\b(?:(?:{MODIFIER})\s+)?(?P<num>{NUMBER})\s+years\s+(?P<dir>earlier|later)\b",
        lambda match, context: _years_apart(match, context),
        trigger="\\byears\\s+(?:earlier|later)\\b",
    ),
    _rule(
        "quarter",
        rf"\b(?:the\s+)?(?:(?:(?P<yr>{YEAR4})|this year's|last year's|next year's|latest|current|year-earlier|year-ago|same|comparable|fiscal|flat|previous|prior|calendar)\s+)*(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s(?:fiscal[-\s])?quarter(?!s)(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<yr2>{YEAR4})|(?:this|last|next)\s+year))?\b",
        _quarter,
        trigger="quarter",
    ),
    _rule(
        "quarter_code",
        rf"\b(?-i:Q)(?P<q>[1-4])(?:\s+(?P<yr>{YEAR4})|\s*['’](?P<yr2>\d\d))?\b",
        _quarter_code,
        trigger="\\bq[1-4]\\b",
    ),
    _rule(
        "frequency",
        r"\b(?:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>hour|day|night|week|fortnight|month|quarter|year)\b",
        _frequency,
        trigger="\\b(?:once|twice|thrice|times)\\b",
    ),
    _rule(
        "quarter_adjective",
        rf"\b(?:(?:(?P<yr>{YEAR4})|fiscal)\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)-quarter(?!s)\b(?P<yr2>)",
        _quarter,
        trigger="-quarter",
    ),
    _rule(
        "named_quarter",
        r"\b(?:(?:the|this|that|its|last year's|a year earlier's)\s+)(?:(?:latest|current|most recent|past|previous|prior|year-earlier|year-ago|same|comparable|corresponding|recent|just-ended|fiscal)\s+)*(?:quarter|period)(?!-)(?:\s+(?:a year (?:earlier|ago|before)|last year|of last year|the year before))?\b",
        _named_quarter,
        trigger="\\b(?:quarter|period)\\b",
    ),
    _rule(
        "half",
        rf"\b(?:the\s+)?(?P<ord>first|second)\s+half(?:\s+of\s+(?:(?P<yr>{YEAR4})|(?P<rel>this|last|next)\s+year|the\s+year))?\b",
        _half,
        trigger="\\bhalf\\b",
    ),
    _rule(
        "season",
        rf"\b(?:(?P<rel>(?:(?:early|late|mid)\s+)?(?:this past|this|last|next)|early|late|mid|the)[-\s]+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<yr>{YEAR}))?\b",
        _season,
        trigger="\\b(?:spring|summer|fall|autumn|winter)\\b",
    ),
    _rule(
        "fiscal_year",
        rf"\b(?:the\s+)?(?:(?P<rel>current|latest|last|previous|next|coming|this|new)\s+)?fiscal\s+year(?:\s+(?P<yr>{YEAR4}))?\b",
        _fiscal_year,
        trigger="\\bfiscal\\s+year\\b",
    ),
    _rule(
        "decade",
        r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?P<dec>(?:1[0-9]|20)\d0)'?s\b|'(?P<short>\d0)s\b|(?:(?<=the )|(?<=the early )|(?<=the late )|(?<=the mid ))(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
        _decade,
        trigger="(?:\\d0'?s|ties)\\b",
    ),
    _rule(
        "century",
        r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s])?(?P<n>\d{1,2}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)(?:st|nd|rd|th)?[-\s]century\b",
        _century,
        trigger="century",
    ),
    _rule(
        "year",
        rf"(?:(?<=\bpost-)|(?<=\bpre-)|(?<![\w$€£#./-]))(?P<mod>(?:mid|early|late)-?\s*|(?:the\s+)?(?:end|beginning|start|middle|(?:first|second|last|latter)\s+half|first\s+two\s+quarters|last\s+two\s+quarters|spring|summer|fall|autumn|winter)\s+of\s+|(?:fiscal|financial)\s+(?:year\s+)?|FY\s?|the\s+year\s+)?(?P<year>{YEAR4})(?![\w/-]|[.,]\d)",
        _year,
        trigger="(?:1[5-9]|20)\\d\\d",
    ),
    _rule(
        "spelled_year",
        rf"\b(?P<mod>the\s+year\s+)?(?P<year>{SPELLED_YEAR})\b(?!\s+(?:{UNIT}|percent|people|dollars))",
        lambda match, context: _spelled_year_rule(match, context),
        trigger="\\b(?:nineteen|eighteen|thousand)\\b",
    ),
    _rule(
        "year_period",
        rf"\bthe\s+(?P<year>{YEAR4})\s+(?:fiscal year|season|year)\b",
        _year,
        trigger="\\b(?:year|season)\\b",
    ),
    _rule(
        "year_quarter",
        rf"\bthe\s+(?P<year>{YEAR4})\s+(?:quarter|period)\b",
        lambda match, context: ("DATE", "@QUARTER_IN:" + match.group("year")),
        trigger="\\b(?:quarter|period)\\b",
    ),
    _rule(
        "duration",
        rf"\b(?:(?P<mod>{MODIFIER})\s+)?(?:(?:the|these|those|its|their|his|her|our)\s+)?(?:(?P<dir>past|last|next|first|previous|coming|following|final|remaining|preceding|initial|latest|ensuing|subsequent)\s+)?(?P<num>{QUANTITY})\s+(?:(?:more|full|additional|straight|consecutive|long|extra|whole|entire|trading|business|working|calendar)\s+)?(?P<unit>{UNIT})\b(?P<half>\s+and\s+a\s+half)?(?!-)",
        _duration,
        trigger="\\b(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur)",
    ),
    _rule(
        "adjective_duration",
        rf"\b(?P<num>\d+(?:\.\d+)?|{NUMBER_WORD}(?:-{NUMBER_WORD})?)-(?P<unit>second|minute|hour|day|week|month|quarter|year|decade|century)(?:-(?:old|long))?\b",
        _adjective_duration,
        trigger="-(?:second|minute|hour|day|week|month|quarter|year|decade|century)\\b",
    ),
    _rule(
        "vague_duration",
        r"\b(?:for|in|over|within|took|take|takes|lasted|last|spent|after)\s+(?P<t>(?:many\s+|several\s+)?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes))\b",
        _vague_duration,
        span_group="t",
        trigger="\\b(?:years|months|weeks|days|decades|centuries|hours|minutes)\\b",
    ),
    _rule(
        "recent_period",
        r"\b(?:(?P<w>(?:the\s+)?(?:recent|coming|past few|last few))\s+(?P<unit>days|weeks|months|years|decades)|(?P<w2>the)\s+(?P<unit2>days|weeks|months|years)\s+ahead)\b",
        _recent_period,
        trigger="\\b(?:days|weeks|months|years|decades)\\b",
    ),
    _rule(
        "set_adverb",
        r"\b(?:daily|nightly|weekly|monthly|yearly|hourly|biweekly)\b",
        _set_adverb,
        trigger="\\b(?:daily|nightly|weekly|monthly|yearly|hourly|biweekly)\\b",
    ),
    _rule(
        "every",
        rf"\b(?:every|each)\s+(?:(?P<num>{NUMBER})\s+(?=\S+s\b)(?P<units>{UNIT})|(?P<unit>{UNIT}|{alternation(cal.SEASONS)}|{MONTH_FULL}|morning|evening|afternoon)(?<!s))\b",
        _every,
        trigger="\\b(?:every|each)\\b",
    ),
    _rule(
        "present_ref",
        r"\b(?:now|currently|nowadays|presently|at present|at the moment|these days)\b",
        _present,
        trigger="\\b(?:now|currently|nowadays|presently|present|moment|days)\\b",
    ),
    _rule("current", r"\bcurrent(?=\s+[a-z])", _current, trigger="\\bcurrent"),
    _rule(
        "past_ref",
        r"\b(?:(?:more\s+)?recently|lately|the past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten)))\b",
        _reference_word("PAST_REF"),
        trigger="\\b(?:recently|lately|past)\\b",
    ),
    _rule(
        "future_ref",
        r"\b(?:(?:the\s+)?(?:near|distant|foreseeable)\s+future|the\s+future|in future|the (?:near|short|long|medium) term)\b",
        _reference_word("FUTURE_REF"),
        trigger="\\b(?:future|term)\\b",
    ),
]

# Rules whose trigger is not a plain list of words, or that have none: the strings every match holds.
_LITERALS: dict[str, tuple[str, ...]] = {
    "week_of_date": ("week",),
    "quarter_code": DIGITS,
    "paired_day": DIGITS,
    "iso_date": DIGITS,
    "slash_date": DIGITS,
    "clock_time": DIGITS,
    "clock_24h": DIGITS,
    "weekday": ("day",),  # every weekday name ends in "day"
    "weekday_set": ("day",),
    "part_of_the_period": ("year", "month", "week", "decade", "century"),
    "years_earlier": ("years",),
    "fiscal_year": ("fiscal",),
    "decade": (*DIGITS, "ties"),
    "year": DIGITS,
    "year_period": DIGITS,
    "year_quarter": DIGITS,
    "set_adverb": ("daily", "nightly", "weekly", "monthly", "yearly", "hourly", "biweekly"),
    "present_ref": ("now", "current", "presently", "at present", "at the moment", "these days"),
    "current": ("current",),
    "past_ref": ("recently", "lately", "the past"),
}
RULES = [replace(rule, literals=_LITERALS[rule.name]) if rule.name in _LITERALS else rule for rule in RULES]


def _weekday_set(match: re.Match[str], context: Context) -> Normalised:
    word = match.group("wd") or match.group("wd2")
    weekday = WEEKDAYS_EN[word.lower()]
    part = (match.group("part") or match.group("part2") or match.group("part3") or "").lower().rstrip("s")
    return "SET", f"XXXX-WXX-{weekday + 1}" + (PART_CODES.get(part, "") if part else "")


def _spelled_year_rule(match: re.Match[str], context: Context) -> Normalised:
    year = _spelled_year(match.group("year").lower())
    if year is None or not 1100 <= year <= 2100:
        return None
    return "DATE", cal.year_value(year)
