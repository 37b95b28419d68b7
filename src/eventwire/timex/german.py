"""German time expressions, spanned the way TimeBank spans English ones.

Prepositions stay outside the span ("am Donnerstag" tags "Donnerstag", "im März" tags "März"),
except "vor", which carries the meaning of "ago" ("vor zwei Wochen"). Weekdays and months resolve
backwards from the reference date unless the sentence speaks of the future ("wird", "soll").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from eventwire.timex import calendar as cal
from eventwire.timex.engine import DIGITS, Context, Normalised, Rule
from eventwire.timex.lexicon import (
    MONTHS_DE,
    NUMBERS_DE,
    UNITS_DE,
    VAGUE_DE,
    WEEKDAYS_DE,
    alternation,
    parse_number_de,
)

FLAGS = re.IGNORECASE

FULL_MONTHS = [
    name
    for name, number in MONTHS_DE.items()
    if name not in ("jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez")
]
MONTH = rf"(?:{alternation(FULL_MONTHS)}|(?:jan|feb|mär|apr|jun|jul|aug|sept|sep|okt|nov|dez)\b\.?)"
WEEKDAY = rf"(?:{alternation(WEEKDAYS_DE)})"
DAY = r"(?:[12]\d|3[01]|0?[1-9])"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)(?!\d)"
NUMBER = rf"(?:\d+(?:,\d+)?|{alternation(NUMBERS_DE)}|{alternation(VAGUE_DE)}|ein paar)"
UNIT = rf"(?:{alternation(UNITS_DE)})"
PART_OF_DAY = r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)"
PART_CODES = {
    "morgen": "TMO",
    "früh": "TMO",
    "vormittag": "TMO",
    "mittag": "TMO",
    "nachmittag": "TAF",
    "abend": "TEV",
    "nacht": "TNI",
}

TENSE_CUE = re.compile(
    r"\b(?:(?P<future>wird|werden|wirst|soll|sollen|will|wollen|plant|planen|geplant|"
    r"kommende[nmrs]?|nächste[nmrs]?|voraussichtlich|bevorstehende[nmrs]?)|"
    r"(?P<past>war|waren|hatte|hatten|wurde|wurden|ist|sind|hat|haben|sagte|erklärte|teilte|"
    r"gestern|vergangene[nmrs]?|letzte[nmrs]?|ge\w{3,}(?:t|en)))\b",
    FLAGS,
)
LEAD_CUE = re.compile(r"\b(?:(?P<future>bis(?: zum)?|ab)|(?P<past>seit))\s+(?:dem\s+|den\s+)?$", FLAGS)

_RELATIVE_STEP = {
    "letzte": -1,
    "vergangene": -1,
    "vorige": -1,
    "diese": 0,
    "nächste": 1,
    "kommende": 1,
    "laufende": 0,
    "aktuelle": 0,
}


def _rule(name: str, pattern: str, normalise: object, span_group: str | None = None) -> Rule:
    return Rule(name, re.compile(pattern, FLAGS), normalise, span_group)  # type: ignore[arg-type]


def _month(word: str) -> int:
    return MONTHS_DE[word.lower().rstrip(".")]


def _step(word: str | None) -> int | None:
    if not word:
        return None
    stem = word.lower()
    stem = re.sub(r"(?:n|m|r|s)$", "", stem) if stem[-2:] in ("en", "em", "er", "es") else stem
    return _RELATIVE_STEP.get(stem)


# ---------------------------------------------------------------- calendar dates


def _season(match: re.Match[str], context: Context) -> Normalised:
    """ "im Frühjahr" in an October report is this year's spring; "im kommenden Winter" the next."""
    code = cal.SEASONS.get(match.group("season").lower(), "WI")
    reference = context.reference
    if reference is None:
        return "DATE", f"XXXX-{code}"
    step = _step(match.group("rel"))
    if step is None:
        direction = context.tense(match.start(), match.end(), reach=40) or "past"
    else:
        direction = "last" if step < 0 else "next" if step > 0 else "nearest"
    middle = cal.SEASON_MIDDLE_MONTH[code]
    return "DATE", f"{cal.resolve_month_year(reference, middle, direction=direction):04d}-{code}"


def _full_date(match: re.Match[str], context: Context) -> Normalised:
    groups = match.groupdict()
    month = _month(groups["mon"]) if groups.get("mon") else int(groups["nummon"])
    day = int(groups["day"])
    reference = context.reference
    if groups.get("year"):
        year_text = groups["year"]
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    elif reference is not None:
        direction = context.tense(match.start(), match.end(), reach=25) or "nearest"
        year = cal.resolve_day_year(reference, month, day, direction=direction)
    else:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    named = cal.safe_date(year, month, day)
    return ("DATE", cal.day_value(named)) if named else None


def _month_year(match: re.Match[str], context: Context) -> Normalised:
    return "DATE", cal.month_value(int(match.group("year")), _month(match.group("mon")))


def _month_alone(match: re.Match[str], context: Context) -> Normalised:
    month = _month(match.group("mon"))
    reference = context.reference
    if reference is None:
        return "DATE", f"XXXX-{month:02d}"
    step = _step(match.group("rel"))
    if step is not None:
        direction = {-1: "last", 0: "nearest", 1: "next"}[step]
        if step == 0:
            return "DATE", cal.month_value(reference.year, month)
    else:
        direction = context.tense(match.start(), match.end(), reach=25) or "nearest"
    return "DATE", cal.month_value(cal.resolve_month_year(reference, month, direction=direction), month)


def _year(match: re.Match[str], context: Context) -> Normalised:
    year = int(match.group("year"))
    anchored = bool(match.group("mod"))
    if not anchored:
        before = context.before(match.start(), 15)
        after = context.after(match.end(), 20)
        if re.search(r"[$€£#]\s*$|\bNr\.\s*$", before) or re.match(
            r"\s*(?:%|Prozent|Euro|Dollar|Uhr)", after, FLAGS
        ):
            return None
        # "2000 Menschen": a capitalised noun after a bare number makes it a count, not a year.
        next_word = re.match(r"\s+([A-ZÄÖÜ][a-zäöüß]+)", after)
        if (
            next_word
            and next_word.group(1).lower() not in MONTHS_DE
            and not re.search(
                r"\b(?:im|in|seit|bis|von|ab|vor|nach|zwischen|um|Jahr|Jahre|Jahres|Anfang|Mitte|Ende)\s+$",
                before,
                FLAGS,
            )
        ):
            return None
    modifier = (match.group("mod") or "").lower()
    if "hälfte" in modifier:
        return "DATE", f"{year:04d}-H{1 if 'ersten' in modifier else 2}"
    season = cal.SEASONS.get(modifier.strip())
    if season:
        return "DATE", f"{year:04d}-{season}"  # "Sommer 2022"
    return "DATE", cal.year_value(year)


# ---------------------------------------------------------------- relative days and weekdays


def _relative_day(match: re.Match[str], context: Context) -> Normalised:
    word = match.group("word").lower()
    if word == "morgen" and match.group("word")[0].isupper() and match.start() > 0:
        before = context.before(match.start(), 3)
        if not re.search(r"[.!?]\s*$|^\s*$", before):
            return None  # "der Morgen": the morning, not tomorrow
    offset = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2, "heutigen": 0}.get(
        word
    )
    if offset is None:
        return None
    part = (match.group("part") or "").lower()
    reference = context.reference
    day = reference + timedelta(days=offset) if reference else None
    base = cal.day_value(day) if day else cal.UNKNOWN_DAY
    if part:
        return "TIME", base + PART_CODES[part]
    return "DATE", base


def _weekday(match: re.Match[str], context: Context) -> Normalised:
    weekday = WEEKDAYS_DE[match.group("wd").lower()]
    part = (match.group("part") or "").lower()
    reference = context.reference
    step = _step(match.group("rel"))
    if reference is None:
        day: date | None = None
    else:
        if step == -1:
            direction = "last"
        elif step == 1:
            direction = "next"
        elif context.is_future(match.start(), match.end()):
            direction = "future"
        else:
            direction = "past"
        day = cal.resolve_weekday(reference, weekday, direction=direction)
        if match.group("night_before"):
            day -= timedelta(days=1)  # "in der Nacht zum Freitag" is Thursday night
            part = "nacht"
    base = cal.day_value(day) if day else f"XXXX-WXX-{weekday + 1}"
    if part in ("abend", "nachmittag") or match.group("night_before"):
        return "TIME", base + PART_CODES[part]
    return "DATE", base


def _weekday_set(match: re.Match[str], context: Context) -> Normalised:
    word = (match.group("wd") or match.group("wd2")).lower()
    return "SET", f"XXXX-WXX-{WEEKDAYS_DE[word] + 1}"


# ---------------------------------------------------------------- weeks, months, years


def _relative_period(match: re.Match[str], context: Context) -> Normalised:
    step = _step(match.group("rel"))
    unit = UNITS_DE.get(
        match.group("unit").lower(), "weekend" if "wochenende" in match.group("unit").lower() else ""
    )
    reference = context.reference
    if step is None or not unit:
        return None
    if reference is None:
        return "DATE", "XXXX"
    return "DATE", _period_value(reference, unit, step)


def _period_value(reference: date, unit: str, step: int) -> str:
    if unit == "week":
        return cal.week_value(reference + timedelta(weeks=step))
    if unit == "weekend":
        saturday = (
            cal.weekday_on_or_before(reference, 5)
            if reference.weekday() < 5
            else reference - timedelta(days=reference.weekday() - 5)
        )
        return cal.week_value(saturday + timedelta(weeks=step if step > 0 else 0)) + "-WE"
    if unit == "month":
        year, month = cal.shift_months(reference.year, reference.month, step)
        return cal.month_value(year, month)
    if unit == "quarter":
        year, quarter = cal.shift_quarters(reference.year, cal.quarter_of(reference), step)
        return f"{year:04d}-Q{quarter}"
    if unit == "decade":
        return f"{reference.year // 10 + step:03d}"
    return cal.year_value(reference.year + step)


def _part_of_period(match: re.Match[str], context: Context) -> Normalised:
    """ "Anfang des Jahres", "Ende der Woche", "Mitte des Monats": the period itself."""
    unit = UNITS_DE[match.group("unit").lower()]
    reference = context.reference
    if reference is None:
        return "DATE", "XXXX"
    step = _step(match.group("rel")) or 0
    return "DATE", _period_value(reference, unit, step)


def _ago(match: re.Match[str], context: Context) -> Normalised:
    amount = parse_number_de(match.group("num"))
    unit = UNITS_DE[match.group("unit").lower()]
    reference = context.reference
    if amount is None:
        return "DATE", "PAST_REF"
    if reference is None:
        return "DATE", "XXXX"
    whole = int(amount)
    if whole > 1000:
        return "DATE", "PAST_REF"  # "vor 2000 Jahren": no calendar year worth naming
    if unit == "day":
        return "DATE", cal.day_value(reference - timedelta(days=whole))
    if unit == "week":
        return "DATE", cal.week_value(reference - timedelta(weeks=whole))
    if unit == "month":
        year, month = cal.shift_months(reference.year, reference.month, -whole)
        return "DATE", cal.month_value(year, month)
    if unit == "year":
        return "DATE", cal.year_value(reference.year - whole)
    if unit == "decade":
        return "DATE", cal.year_value(reference.year - 10 * whole)
    if unit == "hour":
        return "TIME", cal.day_value(reference)
    return None


def _duration(match: re.Match[str], context: Context) -> Normalised:
    amount = parse_number_de(match.group("num"))
    unit = UNITS_DE[match.group("unit").lower()]
    if match.group("num").lower() in ("ein", "eine", "einem", "einer", "einen", "eines") and not match.group(
        "mod"
    ):
        before = context.before(match.start(), 12)
        if not re.search(
            r"\b(?:seit|für|über|nach|innerhalb|binnen|knapp|fast|etwa|rund)\s+$", before, FLAGS
        ):
            return None  # "eine Woche" alone is too often a noun phrase ("in einer Woche voller ...")
    code = cal.DURATION_UNITS[unit]
    count = "X" if amount is None else (str(int(amount)) if float(amount).is_integer() else f"{amount:g}")
    if code.startswith("T"):
        return "DURATION", f"PT{count}{code[1:]}"
    return "DURATION", f"P{count}{code}"


def _fixed(kind: str, value: str) -> object:
    def normalise(match: re.Match[str], context: Context) -> Normalised:
        return kind, value  # type: ignore[return-value]

    return normalise


def _clock(match: re.Match[str], context: Context) -> Normalised:
    hour, minute = int(match.group("h")), int(match.group("min") or 0)
    if hour > 24 or minute > 59:
        return None
    reference = context.reference
    base = cal.day_value(reference) if reference else cal.UNKNOWN_DAY
    return "TIME", f"{base}T{hour:02d}:{minute:02d}"


_SET_ADVERBS = {
    "täglich": "P1D",
    "wöchentlich": "P1W",
    "monatlich": "P1M",
    "jährlich": "P1Y",
    "stündlich": "PT1H",
}

RULES: list[Rule] = [
    _rule(
        "day_month_year",
        rf"\b(?:(?P<wd>{WEEKDAY}),?\s+(?:den\s+)?)?(?P<day>{DAY})\.\s*(?P<mon>{MONTH})(?:\s+(?P<year>{YEAR4}))?",
        _full_date,
    ),
    _rule(
        "numeric_date",
        rf"\b(?P<day>{DAY})\.(?P<nummon>0?[1-9]|1[0-2])\.(?P<year>{YEAR4}|\d\d\b)?",
        _full_date,
    ),
    _rule("month_year", rf"\b(?:(?:Anfang|Mitte|Ende)\s+)?(?P<mon>{MONTH})\s+(?P<year>{YEAR4})", _month_year),
    _rule(
        "month_alone",
        rf"\b(?:(?:Anfang|Mitte|Ende)\s+)?(?:(?P<rel>letzten|vergangenen|vorigen|diesen|nächsten|kommenden)\s+)?(?P<mon>{alternation(FULL_MONTHS)})\b",
        _month_alone,
    ),
    _rule(
        "season",
        r"\b(?:im|in diesem|in dem)\s+(?:(?P<rel>letzten|vergangenen|vorigen|nächsten|kommenden)\s+)?"
        r"(?P<season>Frühjahr|Frühling|Sommer|Herbst|Winter)\b(?!\s+(?:19|20)\d\d)",
        _season,
    ),
    _rule(
        "year",
        rf"(?<![\w$€£#./-])(?P<mod>(?:Anfang|Mitte|Ende|Frühjahr|Sommer|Herbst|Winter)\s+|(?:Jahre?|Geschäftsjahr)\s+|(?:der\s+)?(?:ersten|zweiten)\s+Hälfte\s+)?(?P<year>{YEAR4})(?![\w/-]|[.,]\d)",
        _year,
    ),
    _rule(
        "decade",
        r"\b(?P<dec>(?:1[5-9]|20)\d0)er(?:\s+Jahren?)?\b",
        lambda match, context: ("DATE", match.group("dec")[:3]),
    ),
    _rule(
        "relative_day",
        rf"\b(?P<word>heute|gestern|vorgestern|übermorgen|morgen)(?:\s+(?P<part>früh|{PART_OF_DAY}))?\b",
        _relative_day,
    ),
    _rule(
        "weekday",
        rf"\b(?:(?P<night_before>Nacht\s+(?:zum|zu|auf\s+den)\s+)|(?:(?P<rel>letzten|vergangenen|vorigen|diesen|nächsten|kommenden)\s+))?(?P<wd>{WEEKDAY})(?P<part>{PART_OF_DAY})?\b(?!s\b)",
        _weekday,
    ),
    _rule(
        "weekday_set",
        rf"\b(?:(?:jeden|jeweils)\s+(?P<wd>{WEEKDAY})|(?P<wd2>{WEEKDAY})s)\b",
        _weekday_set,
    ),
    _rule(
        "relative_period",
        r"\b(?P<rel>(?:letzte|vergangene|vorige|diese|nächste|kommende|laufende|aktuelle)[nmrs]?)\s+(?P<unit>Woche|Wochenende|Monat|Monats|Jahr|Jahres|Quartal|Quartals|Jahrzehnt)\b",
        _relative_period,
    ),
    _rule(
        "part_of_period",
        r"\b(?:Anfang|Mitte|Ende|Beginn)\s+(?:(?:des|der|dieses|dieser)\s+)?(?:(?P<rel>letzten|vergangenen|nächsten|kommenden|laufenden)\s+)?(?P<unit>Woche|Monats|Jahres|Jahrzehnts)\b",
        _part_of_period,
    ),
    _rule(
        "ago",
        rf"\bvor\s+(?:(?:etwa|rund|fast|knapp|mehr als|über|gut)\s+)?(?P<num>{NUMBER})\s+(?P<unit>{UNIT})\b",
        _ago,
    ),
    _rule(
        "duration",
        rf"\b(?:(?P<mod>etwa|rund|fast|knapp|mehr als|weniger als|über|gut|mindestens|höchstens|bis zu)\s+)?(?:(?:die|den|der)\s+(?:letzten|vergangenen|nächsten|kommenden|ersten)\s+)?(?P<num>{NUMBER})\s+(?:(?:weitere|lange|ganze|volle)\s+)?(?P<unit>{UNIT})\b(?:\s+lang\b)?",
        _duration,
    ),
    _rule("clock", r"\b(?P<h>[01]?\d|2[0-4])(?:[.:](?P<min>[0-5]\d))?\s+Uhr\b", _clock),
    _rule(
        "set_adverb",
        r"\b(?:täglich|wöchentlich|monatlich|jährlich|stündlich)\b",
        lambda m, c: ("SET", _SET_ADVERBS[m.group(0).lower()]),
    ),
    _rule(
        "every",
        r"\b(?:jeden|jede|jedes)\s+(?P<unit>Tag|Woche|Monat|Jahr)\b",
        lambda m, c: (
            "SET",
            {"tag": "P1D", "woche": "P1W", "monat": "P1M", "jahr": "P1Y"}[m.group("unit").lower()],
        ),
    ),
    _rule(
        "present_ref",
        r"\b(?:jetzt|derzeit|zurzeit|zur Zeit|gegenwärtig|momentan|inzwischen|mittlerweile|nun)\b",
        _fixed("DATE", "PRESENT_REF"),
    ),
    _rule(
        "past_ref", r"\b(?:kürzlich|neulich|jüngst|vor kurzem|unlängst|früher)\b", _fixed("DATE", "PAST_REF")
    ),
    _rule("future_ref", r"\b(?:bald|künftig|zukünftig|in Zukunft|demnächst)\b", _fixed("DATE", "FUTURE_REF")),
]

# The strings every match of a rule holds, lowercased: rules whose strings a text lacks are skipped.
_WEEKDAY_NAMES = tuple(name.lower() for name in WEEKDAYS_DE)
_LITERALS: dict[str, tuple[str, ...]] = {
    "day_month_year": DIGITS,
    "numeric_date": DIGITS,
    "month_year": DIGITS,
    "month_alone": tuple(name.lower() for name in FULL_MONTHS),
    "year": DIGITS,
    "decade": DIGITS,
    "relative_day": ("heute", "gestern", "morgen"),  # "vorgestern", "übermorgen" hold these
    "weekday": _WEEKDAY_NAMES,
    "weekday_set": _WEEKDAY_NAMES,
    "relative_period": ("woche", "monat", "jahr", "quartal"),
    "part_of_period": ("woche", "monat", "jahr"),
    "ago": ("vor",),
    "duration": tuple(name.lower() for name in UNITS_DE),
    "clock": ("uhr",),
    "season": ("frühjahr", "frühling", "sommer", "herbst", "winter"),
    "set_adverb": ("täglich", "wöchentlich", "monatlich", "jährlich", "stündlich"),
    "every": ("jede",),
    "present_ref": (
        "jetzt",
        "derzeit",
        "zurzeit",
        "zur zeit",
        "gegenwärtig",
        "momentan",
        "inzwischen",
        "mittlerweile",
        "nun",
    ),
    "past_ref": ("kürzlich", "neulich", "jüngst", "vor kurzem", "unlängst", "früher"),
    "future_ref": ("bald", "künftig", "in zukunft", "demnächst"),
}
RULES = [replace(rule, literals=_LITERALS[rule.name]) for rule in RULES]
