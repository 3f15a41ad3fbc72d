"""What the statistics show, read from the activity log's daily counts."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Figure:
    """One figure of a period, as an evaluation or the dashboard shows it."""

    key: str  # stable name, e.g. "active_members"
    label: str  # translated, e.g. "Active members"
    value: float | int | None  # None when the period has nothing to measure
    previous: float | int | None = None  # the same figure over the period before, to compare
    unit: str = ""  # "%", "days"... translated


def period_figures(community, start: date, end: date) -> list[Figure]:
    """The community's main figures between `start` and `end` (inclusive), with the period before.

    The contract the evaluations read (terreau/evaluations); the statistics' work fills it.
    """
    return []
