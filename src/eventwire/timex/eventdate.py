"""From a TIMEX3 value to the date ACLED records, with its time precision.

ACLED's time precision: 1 the day is known, 2 the week (or a few days) is known, 3 only the month
(or coarser). A coarse value is placed in the middle of its period, the way ACLED coders place
"mid-March" or "in March" on the 15th.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.timex import calendar as cal

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")


def event_date_from_value(value: str) -> tuple[date, int] | None:
    """A calendar date and ACLED time precision for a TIMEX3 value; None when it names no date.

    "2022-01-05" -> (2022-01-05, 1); "2022-W01" -> its Thursday, 2; "2022-01" -> the 15th, 3;
    "2022-Q1" -> the middle of the quarter, 3; "PRESENT_REF", "P3D", "XXXX-03" -> None.
    """
    try:
        return _event_date(value)
    except ValueError:
        return None  # a year or week out of the calendar's range: no usable date


def _event_date(value: str) -> tuple[date, int] | None:
    match = _DAY.match(value)
    if match:
        day = cal.safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return (day, 1) if day else None
    match = _WEEK.match(value)
    if match:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
        if match.group(3):
            return monday + timedelta(days=5), 2
        return monday + timedelta(days=3), 2
    match = _MONTH.match(value)
    if match:
        month = int(match.group(2))
        return (date(int(match.group(1)), month, 15), 3) if 1 <= month <= 12 else None
    match = _QUARTER.match(value)
    if match:
        return date(int(match.group(1)), 3 * int(match.group(2)) - 1, 15), 3
    match = _HALF.match(value)
    if match:
        return date(int(match.group(1)), 4 if match.group(2) == "1" else 10, 1), 3
    match = _SEASON.match(value)
    if match:
        return date(int(match.group(1)), cal.SEASON_MIDDLE_MONTH[match.group(2)], 15), 3
    match = _YEAR.match(value)
    if match:
        return date(int(match.group(1)), 7, 1), 3
    return None


def precision_of_value(value: str) -> int | None:
    """ACLED time precision a TIMEX3 value supports, None when it is no date."""
    dated = event_date_from_value(value)
    return dated[1] if dated else None
