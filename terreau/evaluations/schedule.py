"""When evaluations fall: every 3 months in the first year after the launch, every 6 months after.

Plain date arithmetic, no database: the n-th evaluation (1-based) is held `months_after(n)`
months after the launch (3, 6, 9, 12, 18, 24, 30...) and covers the days since the previous one
(or since the launch), up to the day before it is held.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from terreau.launch.selectors import add_months

FIRST_YEAR_EVERY = 3  # months
AFTER_EVERY = 6  # months
FIRST_YEAR_COUNT = 12 // FIRST_YEAR_EVERY


def months_after(number: int) -> int:
    """How many months after the launch the `number`-th evaluation is held."""
    if number < 1:
        raise ValueError("evaluations are numbered from 1")
    if number <= FIRST_YEAR_COUNT:
        return number * FIRST_YEAR_EVERY
    return 12 + (number - FIRST_YEAR_COUNT) * AFTER_EVERY


@dataclass(frozen=True)
class Slot:
    number: int
    months: int
    period_start: date
    period_end: date

    @property
    def due_on(self) -> date:
        return self.period_end + timedelta(days=1)


def slot(launch: date, number: int) -> Slot:
    """The `number`-th evaluation after a launch on `launch`."""
    due = add_months(launch, months_after(number))
    start = launch if number == 1 else add_months(launch, months_after(number - 1))
    return Slot(number=number, months=months_after(number), period_start=start, period_end=due - timedelta(days=1))


def next_slot(launch: date, today: date) -> Slot:
    """The first evaluation held today or later (the coming one)."""
    number = 1
    while slot(launch, number).due_on < today:
        number += 1
    return slot(launch, number)
