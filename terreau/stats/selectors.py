"""What the statistics show, read from the activity log's daily counts."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from terreau.communities.models import Community, Membership

from . import aggregation, log, periods
from .models import CONTRIBUTIONS, Activity, DailyStat, Granularity, PeriodStat


@dataclass(frozen=True)
class Figure:
    """One figure of a period, as an evaluation or the dashboard shows it."""

    key: str  # stable name, e.g. "active_members"
    label: str  # translated, e.g. "Active members"
    value: float | int | None  # None when the period has nothing to measure
    previous: float | int | None = None  # the same figure over the period before, to compare
    unit: str = ""  # "%", "days"... translated


@dataclass(frozen=True)
class Measure:
    """A figure the statistics know: its field (or property) on a row, its words and unit."""

    key: str
    label: StrOrPromise
    unit: StrOrPromise = ""
    public: bool = True  # shown to every member (False: to the facilitators only)


PERCENT = "%"
HOURS = _("hours")
MEASURES = [
    Measure("members", _("Members")),
    Measure("active_members", _("Active members")),
    Measure("new_members", _("New members")),
    Measure("departed_members", _("Departed members")),
    Measure("connected_members", _("Members who visited")),
    Measure("connections", _("Visits")),
    Measure("consultations", _("Pages read")),
    Measure("knowledge_published", _("Knowledge items published")),
    Measure("questions", _("Questions asked")),
    Measure("answers", _("Answers")),
    Measure("events_held", _("Events held")),
    Measure("events_cancelled", _("Events cancelled")),
    Measure("participation_rate", _("Participation rate"), PERCENT),
    Measure("first_answer_hours", _("Time to a first answer (median)"), HOURS),
    Measure("accepted_hours", _("Time to an accepted answer (median)"), HOURS),
    Measure("weeks_kept", _("Weeks with the weekly message"), public=False),
    Measure("weeks_missed", _("Weeks without the weekly message"), public=False),
]
BY_KEY = {measure.key: measure for measure in MEASURES}


def value_of(row, key: str):
    """A measure's value on a DailyStat, a PeriodStat or a dict of figures (the rate as a percentage)."""
    if isinstance(row, dict):
        if key == "participation_rate":
            return round(100 * row["attendances"] / row["attendance_base"], 1) if row["attendance_base"] else None
        if key == "weeks_missed":
            return row["weeks_total"] - row["weeks_kept"]
        return row[key]
    value = getattr(row, key)
    if key == "participation_rate" and value is not None:
        return round(100 * value, 1)
    return value


def period_figures(community, start: date, end: date) -> list[Figure]:
    """The community's main figures between `start` and `end` (inclusive), with the period before.

    The contract the evaluations read (terreau/evaluations): the period before is as long and
    ends the day before `start`. Figures come from the day rows (aggregated hourly) and the log.
    """
    length = (end - start).days + 1
    now = aggregation.figures_for_range(community, start, end)
    before = aggregation.figures_for_range(community, start - timedelta(days=length), start - timedelta(days=1))
    return [
        Figure(
            key=measure.key,
            label=str(measure.label),
            value=value_of(now, measure.key),
            previous=value_of(before, measure.key),
            unit=str(measure.unit),
        )
        for measure in MEASURES
    ]


def series(community: Community, granularity: str, today: date | None = None) -> list:
    """The rows of the periods the dashboard shows, oldest first, one a period (an empty row for
    a period not aggregated yet): one query."""
    today = today or log.today(community)
    spans = periods.last(granularity, today)
    if granularity == Granularity.DAY:
        days = {
            row.day: row for row in DailyStat.objects.filter(community=community, day__gte=spans[0][0], day__lte=today)
        }
        return [days.get(start) or DailyStat(community=community, day=start) for start, _end in spans]
    found = {
        row.start: row
        for row in PeriodStat.objects.filter(community=community, granularity=granularity, start__gte=spans[0][0])
    }
    return [
        found.get(start) or PeriodStat(community=community, granularity=granularity, start=start, end=end)
        for start, end in spans
    ]


def latest_engagement(community: Community) -> tuple[date | None, dict]:
    """The last declared-against-measured table the aggregation computed, and its day."""
    row = (
        DailyStat.objects.filter(community=community)
        .exclude(engagement={})
        .order_by("-day")
        .values_list("day", "engagement")
        .first()
    )
    return row if row else (None, {})


def silent_drivers(community: Community, today: date | None = None, limit: int = 20):
    """Members declared drivers who contributed nothing these two months (members for longer
    than that), each with the day of their last contribution and of their last visit: two queries."""
    today = today or log.today(community)
    since = today - timedelta(days=aggregation.SILENCE_DAYS)
    mine = Activity.objects.filter(membership=OuterRef("pk"))
    contributions = mine.filter(kind__in=CONTRIBUTIONS)
    drivers = (
        Membership.objects.filter(
            community=community,
            status=Membership.Status.ACTIVE,
            engagement=Membership.Engagement.DRIVER,
            joined_at__lt=aggregation.day_start(community, since),
        )
        .exclude(Exists(contributions.filter(day__gt=since)))
        .annotate(
            last_contribution=Subquery(
                contributions.order_by().values("membership").annotate(m=Max("day")).values("m")
            ),
            last_visit=Subquery(mine.order_by().values("membership").annotate(m=Max("day")).values("m")),
        )
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    return drivers[:limit], drivers.count()
