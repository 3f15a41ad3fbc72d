"""What the surveys show: their results, their questions' summaries."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SurveySummary:
    """A survey closed (or open) in a period, summarised for an evaluation."""

    title: str
    url: str  # the results page
    responses: int
    # (question text, summary line): "4.2 / 5", "62% yes", "12 written answers"...
    lines: list[tuple[str, str]] = field(default_factory=list)


def period_summaries(community, start: date, end: date) -> list[SurveySummary]:
    """The community's surveys that closed or were open between `start` and `end`, summarised.

    The contract the evaluations read (terreau/evaluations); the surveys' work fills it.
    """
    return []
