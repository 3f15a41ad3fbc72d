"""The daily pre-aggregation: the log and the features' tables counted into DailyStat and PeriodStat.

`aggregate(community, first, last)` recomputes the days from `first` to `last` and every week,
month, quarter and year that holds one of them: it replaces their rows, so running it again
over the same dates gives the same rows. `aggregate_due()` is the periodic job: hourly, each
community's last two days (and the days of events whose attendance was recorded since), and on
its first run a community's whole history, its log backfilled first.
"""

import statistics
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from terreau.communities.models import Community, Membership
from terreau.events.models import Event, Registration
from terreau.exchanges.models import Question

from . import backfill, log, periods
from .models import ACTIVITY, CONTRIBUTIONS, Activity, DailyStat, Kind, PeriodStat, Progress

# Which log rows each additive count of a day counts.
KIND_FIELDS = {
    Kind.JOINED: "new_members",
    Kind.LEFT: "departed_members",
    Kind.CONNECTION: "connections",
    Kind.CONSULTATION: "consultations",
    Kind.QUESTION: "questions",
    Kind.ANSWER: "answers",
    Kind.KNOWLEDGE_PUBLISHED: "knowledge_published",
    Kind.WEEKLY_MESSAGE: "weekly_messages",
}
ADDITIVE = [
    *KIND_FIELDS.values(),
    "events_held",
    "events_cancelled",
    "attendances",
    "attendance_base",
    "first_answers",
    "accepted_answers",
]
# A member declared "driver" with no contribution for this long is shown to the facilitators.
SILENCE_DAYS = 60
ENGAGEMENT_MEASURES = ("contributing", "reading", "silent")


def day_start(community: Community, day: date) -> datetime:
    """The start of `day` in the community's time zone."""
    return datetime.combine(day, time.min, tzinfo=log.zone(community.time_zone))


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _answer_times(community: Community, first: date, last: date) -> list[tuple]:
    """(asked, first answer, accepted) of the questions first answered or accepted between the days."""
    start, end = day_start(community, first), day_start(community, last + timedelta(days=1))
    return list(
        Question.objects.filter(community=community)
        .filter(Q(first_answer_at__gte=start, first_answer_at__lt=end) | Q(accepted_at__gte=start, accepted_at__lt=end))
        .values_list("created_at", "first_answer_at", "accepted_at")
    )


def _answer_figures(community: Community, times: list[tuple], first: date, last: date) -> dict:
    firsts, accepted = [], []
    for asked, answered, accepted_at in times:
        if answered is not None and first <= log.local_day(community, answered) <= last:
            firsts.append(_hours(answered - asked))
        if accepted_at is not None and first <= log.local_day(community, accepted_at) <= last:
            accepted.append(_hours(accepted_at - asked))
    return {
        "first_answers": len(firsts),
        "first_answer_hours": _median(firsts),
        "accepted_answers": len(accepted),
        "accepted_hours": _median(accepted),
    }


def compute_days(community: Community, first: date, last: date) -> list[DailyStat]:
    """The day rows from `first` to `last`, unsaved: a few grouped queries, however many days."""
    days = {
        first + timedelta(days=n): DailyStat(community=community, day=first + timedelta(days=n))
        for n in range((last - first).days + 1)
    }
    logged = Activity.objects.filter(community=community, day__gte=first, day__lte=last)
    for row in logged.order_by().values("day", "kind").annotate(n=Count("pk")):
        field = KIND_FIELDS.get(row["kind"])
        if field:
            setattr(days[row["day"]], field, row["n"])
    active = logged.filter(kind__in=ACTIVITY, membership__isnull=False).order_by().values("day")
    for row in active.annotate(n=Count("membership", distinct=True)):
        days[row["day"]].active_members = row["n"]
    for stat in days.values():
        stat.connected_members = stat.connections  # one visit per member and day

    before = Activity.objects.filter(community=community, day__lt=first).aggregate(
        joined=Count("pk", filter=Q(kind=Kind.JOINED)), left=Count("pk", filter=Q(kind=Kind.LEFT))
    )
    members = before["joined"] - before["left"]
    for stat in days.values():
        members += stat.new_members - stat.departed_members
        stat.members = max(members, 0)

    held = list(
        Event.objects.filter(
            community=community,
            starts_at__gte=day_start(community, first),
            starts_at__lt=day_start(community, last + timedelta(days=1)),
        ).values_list("pk", "starts_at", "status", "attendance_recorded_at")
    )
    came = dict(
        Registration.objects.filter(
            event__in=[pk for pk, *_rest in held],
            attended=True,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WALK_IN],
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )
    for pk, starts_at, status, recorded in held:
        stat = days[log.local_day(community, starts_at)]
        if status == Event.Status.CANCELLED:
            stat.events_cancelled += 1
            continue
        stat.events_held += 1
        if recorded is not None:
            stat.attendances += came.get(pk, 0)
            stat.attendance_base += stat.members

    firsts: dict[date, list[float]] = {}
    accepted: dict[date, list[float]] = {}
    for asked, answered, accepted_at in _answer_times(community, first, last):
        for moment, found in ((answered, firsts), (accepted_at, accepted)):
            if moment is not None and (day := log.local_day(community, moment)) in days:
                found.setdefault(day, []).append(_hours(moment - asked))
    for day, hours in firsts.items():
        days[day].first_answers, days[day].first_answer_hours = len(hours), _median(hours)
    for day, hours in accepted.items():
        days[day].accepted_answers, days[day].accepted_hours = len(hours), _median(hours)
    return list(days.values())


def figures_for_range(community: Community, start: date, end: date) -> dict:
    """The figures between two days (inclusive), from the day rows, the log and the questions.

    Sums of the days, the members at the end, distinct active and visiting members, medians of
    the answer times, and the weeks starting in the range with and without a weekly message.
    """
    rows = list(
        DailyStat.objects.filter(community=community, day__gte=start, day__lte=end + timedelta(days=6))
        .order_by("day")
        .values("day", "members", "weekly_messages", *ADDITIVE)
    )
    inside = [row for row in rows if row["day"] <= end]
    figures: dict = {field: sum(row[field] for row in inside) for field in ADDITIVE}
    figures["members"] = inside[-1]["members"] if inside else 0
    distinct = Activity.objects.filter(
        community=community, day__gte=start, day__lte=end, membership__isnull=False
    ).aggregate(
        active=Count("membership", distinct=True, filter=Q(kind__in=ACTIVITY)),
        connected=Count("membership", distinct=True, filter=Q(kind=Kind.CONNECTION)),
    )
    figures["active_members"] = distinct["active"]
    figures["connected_members"] = distinct["connected"]
    figures.update(_answer_figures(community, _answer_times(community, start, end), start, end))
    weeks: dict[date, list[dict]] = {}
    for row in rows:
        weeks.setdefault(periods.start_of("week", row["day"]), []).append(row)
    kept = total = 0
    for monday, week in weeks.items():
        # A week counts once the community has members, from its Monday within the range.
        if start <= monday <= end and any(row["members"] for row in week):
            total += 1
            kept += any(row["weekly_messages"] for row in week)
    figures["weeks_kept"], figures["weeks_total"] = kept, total
    return figures


def engagement(community: Community, day: date) -> dict:
    """Declared engagement against measured over the SILENCE_DAYS before `day`, counted per level."""
    since = day - timedelta(days=SILENCE_DAYS)
    recent = Activity.objects.filter(community=community, day__gt=since, day__lte=day, membership__isnull=False)
    contributing = set(recent.filter(kind__in=CONTRIBUTIONS).values_list("membership_id", flat=True).distinct())
    reading = set(
        recent.filter(kind__in=[Kind.CONNECTION, Kind.CONSULTATION]).values_list("membership_id", flat=True).distinct()
    )
    table = {level: dict.fromkeys(ENGAGEMENT_MEASURES, 0) for level in Membership.Engagement.values}
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    for pk, level in members.values_list("pk", "engagement"):
        measured = "contributing" if pk in contributing else "reading" if pk in reading else "silent"
        table.setdefault(level, dict.fromkeys(ENGAGEMENT_MEASURES, 0))[measured] += 1
    return table


@transaction.atomic
def aggregate(community: Community, first: date, last: date) -> None:
    """Recompute the days from `first` to `last` (not after today) and the periods holding them."""
    last = min(last, log.today(community))
    if first > last:
        return
    # Who came to the events of these days is logged first: coming counts as activity.
    log.record_once(backfill.attendances(community, since=day_start(community, first)))
    days = compute_days(community, first, last)
    days[-1].engagement = engagement(community, last)
    DailyStat.objects.filter(community=community, day__gte=first, day__lte=last).delete()
    DailyStat.objects.bulk_create(days, batch_size=1000)
    for granularity in periods.PERIODS:
        spans = periods.spanning(granularity, first, last)
        PeriodStat.objects.filter(
            community=community, granularity=granularity, start__in=[start for start, _end in spans]
        ).delete()
        PeriodStat.objects.bulk_create(
            PeriodStat(
                community=community,
                granularity=granularity,
                start=start,
                end=end,
                **figures_for_range(community, start, end),
            )
            for start, end in spans
        )


def history_start(community: Community) -> date:
    """The first day the community's figures cover: its creation, or its oldest logged activity."""
    oldest = Activity.objects.filter(community=community).order_by("day").values_list("day", flat=True).first()
    created = log.local_day(community, community.created_at)
    return min(oldest, created) if oldest else created


def aggregate_community(community: Community) -> None:
    """What the periodic job does for one community (see the module's docstring)."""
    progress, _created = Progress.objects.get_or_create(community=community)
    today = log.today(community)
    if progress.backfilled_at is None:
        backfill.backfill(community)
        progress.backfilled_at = timezone.now()
        first = history_start(community)
    else:
        first = min(progress.aggregated_through or today, today) - timedelta(days=1)
        # Attendance is ticked after the event: the days of the newly attended events count again.
        new = backfill.attendances(community, since=day_start(community, today - timedelta(days=60)))
        known = set(
            Activity.objects.filter(
                community=community, kind=Kind.ATTENDED, day__gte=today - timedelta(days=61)
            ).values_list("membership_id", "object_id")
        )
        new = [row for row in new if (row.membership_id, row.object_id) not in known]
        if new:
            log.record_once(new)
            first = min(first, *(row.day for row in new))
    aggregate(community, first, today)
    progress.aggregated_through = today
    progress.save(update_fields=["backfilled_at", "aggregated_through"])


def aggregate_due() -> None:
    """The periodic job (registered in apps.py)."""
    for community in Community.objects.order_by("pk"):
        aggregate_community(community)
