"""Evaluations for tests: a launched community and its evaluations, written straight to the database."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from terreau.evaluations import schedule
from terreau.evaluations.models import Evaluation
from terreau.events.models import Event, EventKind
from terreau.stats.selectors import Figure
from terreau.surveys.selectors import SurveySummary


def launch_on(community, day: date, **fields) -> Event:
    """The community's launch day on `day`, 9:30 in its time zone."""
    starts_at = datetime.combine(day, time(9, 30), tzinfo=ZoneInfo(community.time_zone))
    return Event.objects.create(
        community=community,
        kind=EventKind.LAUNCH_DAY,
        title="Journée de lancement",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=7),
        **fields,
    )


def make_evaluation(community, *, launch: date = date(2026, 1, 15), number: int = 1, **fields) -> Evaluation:
    found = schedule.slot(launch, number)
    return Evaluation.objects.create(
        community=community,
        number=number,
        months=found.months,
        period_start=found.period_start,
        period_end=found.period_end,
        **fields,
    )


FIGURES = [
    Figure(key="members", label="Members", value=42, previous=35),
    Figure(key="active_members", label="Active members", value=18, previous=12),
    Figure(key="participation", label="Participation rate", value=23.5, previous=None, unit="%"),
]
SUMMARIES = [
    SurveySummary(
        title="Enquête de satisfaction du printemps",
        url="/c/circuits-courts/surveys/1/results/",
        responses=17,
        lines=[("Animation", "4.1 / 5"), ("Contenu", "3.6 / 5"), ("Qu'aimeriez-vous changer ?", "9 written answers")],
    )
]


def fake_sources(monkeypatch, figures=FIGURES, summaries=SUMMARIES) -> list:
    """The statistics and the surveys answer as their apps will; returns the periods they were asked for."""
    asked = []

    def period_figures(community, start, end):
        asked.append(("figures", start, end))
        return list(figures)

    def period_summaries(community, start, end):
        asked.append(("surveys", start, end))
        return list(summaries)

    monkeypatch.setattr("terreau.stats.selectors.period_figures", period_figures)
    monkeypatch.setattr("terreau.surveys.selectors.period_summaries", period_summaries)
    return asked
