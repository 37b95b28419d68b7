"""Numbers as news reports write them: digits, number words and ACLED's vague quantities.

ACLED's rules for vague figures (FAQ on fatalities): "tens" -> 10, "dozens" -> 12,
"hundreds" -> 100; "several", "a few", "multiple" -> 3. Lower bounds ("at least", "more
than", "over") keep the stated figure: ACLED codes the lowest reported number.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a": 1, "an": 1, "single": 1, "lone": 1,
    "two": 2, "both": 2, "pair": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    # German: the sample set has a German article.
    "ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20,
    "dreißig": 30, "hundert": 100, "tausend": 1000,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities, as ACLED codes them.
VAGUE = {
    "several": 3, "a few": 3, "few": 3, "multiple": 3, "some": 3, "a number of": 4,
    "a couple of": 2, "a couple": 2, "couple of": 2, "numerous": 4, "many": 10, "scores of": 20,
    "scores": 20, "tens of": 10, "tens": 10, "dozens of": 12, "dozens": 12, "a dozen": 12,
    "dozen": 12, "hundreds of": 100, "hundreds": 100, "thousands of": 1000, "thousands": 1000,
    "tens of thousands of": 10000, "tens of thousands": 10000, "hundreds of thousands": 100000,
    "mehrere": 3, "dutzende": 12, "hunderte": 100, "tausende": 1000,
}  # fmt: skip

_WORD_NUMBER = "|".join(sorted((w for w in _UNITS if len(w) > 2), key=len, reverse=True))
_SCALE = "|".join(_SCALES)
# A number written out: "three hundred and seventeen", "twenty-five", "1,200", "2.5 million".
NUMBER_PATTERN = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:{_SCALE}))?"
    rf"|(?:(?:{_WORD_NUMBER})(?:[\s-]+(?:{_WORD_NUMBER}|{_SCALE})|(?:(?<=hundred)|(?<=thousand))\s+and\s+"
    rf"(?:{_WORD_NUMBER}))*)"
)
_VAGUE_PATTERN = "|".join(re.escape(w) for w in sorted(VAGUE, key=len, reverse=True))
# A quantity: a number or a vague quantity, with an optional lower-bound or approximation word.
QUANTITY_PATTERN = (
    r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|approximately|up\s+to|"
    r"as\s+many\s+as|mindestens|mehr\s+als|rund|etwa)\s+)?"
    rf"(?:{NUMBER_PATTERN}|{_VAGUE_PATTERN})"
)
_QUANTITY = re.compile(rf"\b(?:{QUANTITY_PATTERN})\b", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"^(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|approximately|up\s+to|"
    r"as\s+many\s+as|mindestens|mehr\s+als|rund|etwa)\s+",
    re.IGNORECASE,
)


def parse_number(text: str) -> int | None:
    """The integer a number phrase names, or None: "317", "1,200", "three hundred and seventeen"."""
    phrase = _QUALIFIER.sub("", text.strip().lower())
    if not phrase:
        return None
    if phrase in VAGUE:
        return VAGUE[phrase]
    digits = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(hundred|thousand|million))?", phrase)
    if digits:
        value = float(digits.group(1).replace(",", ""))
        if digits.group(2):
            value *= _SCALES[digits.group(2)]
        return int(value)
    return _parse_words(phrase)


def _parse_words(phrase: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def is_lower_bound(text: str) -> bool:
    """True when the phrase states a minimum ("at least 8", "more than 100")."""
    return bool(re.match(r"(?:at\s+least|more\s+than|over|mindestens|mehr\s+als)\b", text.strip(), re.I))


def find_quantities(text: str) -> list[tuple[int, int, int]]:
    """Every quantity in text as (start, end, value)."""
    found = []
    for match in _QUANTITY.finditer(text):
        value = parse_number(match.group())
        if value is not None:
            found.append((match.start(), match.end(), value))
    return found
