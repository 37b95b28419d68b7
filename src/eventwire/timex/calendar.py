"""Calendar arithmetic and TIMEX3 value strings.

Every function here is pure: a reference date in, a TIMEX3 value out. When the reference is
unknown, values are underspecified the TIMEX3 way ("XXXX-XX-XX", "XXXX-WXX-4", "XXXX-03").
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

UNKNOWN_DAY = "XXXX-XX-XX"

# TIMEX3 duration unit letters; date units go after "P", clock units after "PT".
DURATION_UNITS: dict[str, str] = {
    "second": "TS",
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "night": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "E",  # TimeBank writes decades as E, centuries as C
    "century": "C",
}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
    # German
    "frühling": "SP",
    "frühjahr": "SP",
    "sommer": "SU",
    "herbst": "FA",
}

# Middle month of each season and quarter: where an event dated only that coarsely is placed.
SEASON_MIDDLE_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def day_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def week_value(day: date) -> str:
    iso_year, iso_week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{iso_week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def shift_date_months(day: date, months: int) -> date:
    year, month = shift_months(day.year, day.month, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(reference: date, weekday: int) -> date:
    """The latest date with this weekday (0 = Monday) no later than the reference."""
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def weekday_on_or_after(reference: date, weekday: int) -> date:
    return reference + timedelta(days=(weekday - reference.weekday()) % 7)


def resolve_weekday(reference: date, weekday: int, *, direction: str) -> date:
    """Which date a bare weekday names, seen from the reference date.

    News reports mostly tell what already happened: "on Wednesday" in a story published on
    Thursday is the day before, and the publication weekday itself ("on Thursday" published on a
    Thursday) is that same day. "last"/"next" exclude the reference day.
    """
    if direction == "future":
        return weekday_on_or_after(reference, weekday)
    if direction == "last":
        return weekday_on_or_before(reference - timedelta(days=1), weekday)
    if direction == "next":
        return weekday_on_or_after(reference + timedelta(days=1), weekday)
    return weekday_on_or_before(reference, weekday)


def resolve_month_year(reference: date, month: int, *, direction: str) -> int:
    """The year of a month named without one ("in March")."""
    if direction == "future":
        return reference.year if month >= reference.month else reference.year + 1
    if direction == "last":
        return reference.year if month < reference.month else reference.year - 1
    if direction == "next":
        return reference.year if month > reference.month else reference.year + 1
    if direction == "nearest":
        # The nearest such month, with three months' handicap for the future: reports look back.
        here = reference.year * 12 + reference.month

        def distance(year: int) -> int:
            offset = year * 12 + month - here
            return offset + 3 if offset > 0 else -offset

        return min((reference.year - 1, reference.year, reference.year + 1), key=distance)
    return reference.year if month <= reference.month else reference.year - 1


def resolve_day_year(reference: date, month: int, day: int, *, direction: str) -> int:
    """The year of a day named without one ("on March 3").

    A week of slack either way: "by Jan. 14" in a report of Jan. 15 is the deadline just past.
    """
    slack = timedelta(days=7)

    def candidate(year: int) -> date:
        named = safe_date(year, month, day) or safe_date(year, month, 28)
        assert named is not None
        return named

    if direction == "future":
        return reference.year if candidate(reference.year) >= reference - slack else reference.year + 1
    if direction == "past":
        # Two weeks ahead still counts: a past-tense sentence naming a day just ahead is about a
        # deadline or an announced date ("gave no reason for the Jan. 14 deadline").
        return reference.year if candidate(reference.year) <= reference + 2 * slack else reference.year - 1
    # No tense cue: the nearest such day, since reports talk about the weeks around them.
    best_year, best_distance = reference.year, 10**6
    for year in (reference.year - 1, reference.year, reference.year + 1):
        distance = abs((candidate(year) - reference).days)
        # A near tie goes to the past: reports look back more often than ahead.
        if candidate(year) > reference:
            distance += 45
        if distance < best_distance:
            best_year, best_distance = year, distance
    return best_year


def resolve_quarter_year(reference: date, quarter: int, *, direction: str = "past") -> int:
    """The year of "the third quarter": the latest one begun by the reference, or the next one.

    Reports on quarters are mostly results, so a quarter is in the past unless the sentence
    speaks of the future.
    """
    current = quarter_of(reference)
    if quarter <= current or direction == "future":
        return reference.year  # "will report third-quarter results" in October: this year's
    return reference.year - 1


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month = (h + weekday_offset - 7 * m + 114) // 31
    day = (h + weekday_offset - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holiday_date(name: str, year: int) -> date | None:
    key = name.lower().replace("’", "'")
    if key.startswith("christmas eve") or key.startswith("heiligabend"):
        return date(year, 12, 24)
    if key.startswith("christmas") or key.startswith("weihnacht"):
        return date(year, 12, 25)
    if key.startswith("new year's eve") or key.startswith("silvester"):
        return date(year, 12, 31)
    if key.startswith("new year") or key.startswith("neujahr"):
        return date(year, 1, 1)
    if key.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if key.startswith("easter") or key.startswith("ostern"):
        return easter_sunday(year)
    if key.startswith("independence day"):
        return date(year, 7, 4)
    if key.startswith("labor day"):
        return nth_weekday(year, 9, 0, 1)
    if key.startswith("memorial day"):
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    if key.startswith("election day"):
        # US federal elections: the Tuesday after the first Monday in November.
        return nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if key.startswith("halloween"):
        return date(year, 10, 31)
    if key.startswith("valentine"):
        return date(year, 2, 14)
    return None
