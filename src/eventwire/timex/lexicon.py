"""Words for months, weekdays and numbers in English and German, and the number parser."""

from __future__ import annotations

import re

MONTHS_EN: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

MONTHS_DE: dict[str, int] = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "feber": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
    "jan": 1,
    "feb": 2,
    "mär": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dez": 12,
}

WEEKDAYS_EN: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

WEEKDAYS_DE: dict[str, int] = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}

UNITS_EN: dict[str, str] = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "night": "night",
    "nights": "night",
    "week": "week",
    "weeks": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "quarter": "quarter",
    "quarters": "quarter",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
    "centuries": "century",
}

UNITS_DE: dict[str, str] = {
    "sekunde": "second",
    "sekunden": "second",
    "minute": "minute",
    "minuten": "minute",
    "stunde": "hour",
    "stunden": "hour",
    "tag": "day",
    "tage": "day",
    "tagen": "day",
    "tages": "day",
    "woche": "week",
    "wochen": "week",
    "monat": "month",
    "monate": "month",
    "monaten": "month",
    "monats": "month",
    "quartal": "quarter",
    "quartale": "quarter",
    "quartalen": "quarter",
    "jahr": "year",
    "jahre": "year",
    "jahren": "year",
    "jahres": "year",
    "jahrzehnt": "decade",
    "jahrzehnte": "decade",
    "jahrzehnten": "decade",
    "jahrhundert": "century",
    "jahrhunderte": "century",
    "jahrhunderten": "century",
}

ONES_EN: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_EN: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES_EN: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

ORDINALS_EN: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

NUMBERS_DE: dict[str, int] = {
    "ein": 1,
    "eine": 1,
    "einem": 1,
    "einer": 1,
    "einen": 1,
    "eines": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "hundert": 100,
}

# Quantities that name no number: "several years" is PXY in TIMEX3.
VAGUE_EN = frozenset({"a few", "few", "several", "some", "many", "a number of", "numerous"})
VAGUE_DE = frozenset(
    {"einigen", "einige", "mehreren", "mehrere", "wenigen", "wenige", "vielen", "viele", "paar"}
)


def alternation(words: object) -> str:
    """A regex alternation of words, longest first so that "sept" wins over "sep"."""
    items = sorted({str(word) for word in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(item) for item in items)


_NUMBER_SPLIT = re.compile(r"[\s-]+")
_FRACTION = re.compile(r"^(\d+)\s+(\d)/(\d)$")


def parse_number(text: str) -> float | None:
    """A number written in digits or English words; None when it names no number ("several")."""
    words = text.lower().strip()
    if words in VAGUE_EN:
        return None
    if words in ("a", "an", "one", "a single", "single"):
        return 1
    if words in ("a couple", "couple", "a couple of", "couple of"):
        return 2
    if words in ("half a", "half an"):
        return 0.5
    fraction = _FRACTION.match(words)
    if fraction:
        return int(fraction.group(1)) + int(fraction.group(2)) / int(fraction.group(3))
    digits = words.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        pass
    total, current = 0, 0
    for word in _NUMBER_SPLIT.split(words):
        if word in ("and", "a"):
            if word == "a":
                current = max(current, 1)
            continue
        if word in ONES_EN:
            current += ONES_EN[word]
        elif word in TENS_EN:
            current += TENS_EN[word]
        elif word in SCALES_EN:
            current = max(current, 1) * SCALES_EN[word]
            if SCALES_EN[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def parse_number_de(text: str) -> float | None:
    words = text.lower().strip()
    if words in VAGUE_DE:
        return None
    if words in NUMBERS_DE:
        return NUMBERS_DE[words]
    try:
        return float(words.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def format_amount(amount: float) -> str:
    """2.0 -> "2", 2.5 -> "2.5": TIMEX3 durations write whole numbers without a point."""
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
