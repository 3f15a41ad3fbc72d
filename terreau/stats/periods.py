"""Calendar periods: a week starts on Monday, a quarter in January, April, July or October."""

from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from .models import Granularity

# How many periods the dashboard shows at each granularity.
SHOWN = {Granularity.DAY: 31, Granularity.WEEK: 26, Granularity.MONTH: 12, Granularity.QUARTER: 8, Granularity.YEAR: 5}
PERIODS = [Granularity.WEEK, Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR]


def start_of(granularity: str, day: date) -> date:
    if granularity == Granularity.DAY:
        return day
    if granularity == Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    if granularity == Granularity.MONTH:
        return day.replace(day=1)
    if granularity == Granularity.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if granularity == Granularity.YEAR:
        return date(day.year, 1, 1)
    raise ValueError(granularity)


def next_start(granularity: str, start: date) -> date:
    if granularity == Granularity.DAY:
        return start + timedelta(days=1)
    if granularity == Granularity.WEEK:
        return start + timedelta(days=7)
    months = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}[granularity]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def end_of(granularity: str, start: date) -> date:
    return next_start(granularity, start) - timedelta(days=1)


def previous_start(granularity: str, start: date) -> date:
    return start_of(granularity, start - timedelta(days=1))


def spanning(granularity: str, first: date, last: date) -> list[tuple[date, date]]:
    """Every period of `granularity` that holds a day between `first` and `last`, as (start, end)."""
    found = []
    start = start_of(granularity, first)
    while start <= last:
        found.append((start, end_of(granularity, start)))
        start = next_start(granularity, start)
    return found


def last(granularity: str, today: date, count: int | None = None) -> list[tuple[date, date]]:
    """The `count` periods up to the one holding `today`, oldest first."""
    count = count or SHOWN[granularity]
    start = start_of(granularity, today)
    found = [start]
    for _i in range(count - 1):
        found.append(previous_start(granularity, found[-1]))
    return [(start, end_of(granularity, start)) for start in reversed(found)]


def label(granularity: str, start: date) -> str:
    """The period as an axis or a table names it: "30 nov.", "23 nov.", "nov. 2026", "T4 2026", "2026"."""
    if granularity in (Granularity.DAY, Granularity.WEEK):
        return formats.date_format(start, "j M")
    if granularity == Granularity.MONTH:
        return formats.date_format(start, "M Y")
    if granularity == Granularity.QUARTER:
        return _("Q%(number)s %(year)s") % {"number": (start.month - 1) // 3 + 1, "year": start.year}
    return str(start.year)


def long_label(granularity: str, start: date) -> str:
    """The period in words, for a table's rows and the CSV."""
    if granularity == Granularity.WEEK:
        return _("Week of %(date)s") % {"date": formats.date_format(start, "DATE_FORMAT")}
    if granularity == Granularity.DAY:
        return formats.date_format(start, "DATE_FORMAT")
    if granularity == Granularity.MONTH:
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    return label(granularity, start)
