"""Reads of the events' pages, joined so that a page's queries do not grow with its data."""

from datetime import datetime, timedelta

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from terreau import permissions
from terreau.communities.models import Community, Membership

from .models import Event, EventKind, History, Series
from .permissions import visible_events, visible_series

ORGANISERS = Prefetch("organisers", Membership.objects.select_related("user").order_by("user__display_name"))


def for_lists(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("series").order_by("starts_at", "pk")


def coming(user, community: Community, now: datetime | None = None) -> QuerySet[Event]:
    """What has not ended yet, soonest first (cancelled ones too: they are shown so)."""
    return for_lists(visible_events(user, community).filter(ends_at__gte=now or timezone.now()))


def past(user, community: Community, now: datetime | None = None) -> QuerySet[Event]:
    return for_lists(visible_events(user, community).filter(ends_at__lt=now or timezone.now())).order_by(
        "-starts_at", "-pk"
    )


def between(user, community: Community, start: datetime, end: datetime) -> QuerySet[Event]:
    return for_lists(visible_events(user, community).filter(starts_at__lt=end, ends_at__gte=start))


def event_page(user, community: Community, pk: int) -> Event | None:
    return (
        visible_events(user, community)
        .select_related("series", "activity", "circle", "cancelled_by", "cancel_confirmed_by", "community")
        .prefetch_related(ORGANISERS)
        .filter(pk=pk)
        .first()
    )


def series_page(user, community: Community, pk: int) -> Series | None:
    return (
        visible_series(user, community)
        .select_related("activity", "continues", "community")
        .prefetch_related(ORGANISERS)
        .filter(pk=pk)
        .first()
    )


def series_occurrences(user, series: Series) -> QuerySet[Event]:
    return for_lists(visible_events(user, series.community).filter(series=series))


def series_history(user, series: Series) -> QuerySet[History]:
    """The series' own entries and those of its occurrences the person may see, newest first."""
    seen = visible_events(user, series.community).values("pk")
    return (
        History.objects.filter(Q(series=series) | Q(event__series=series))
        .filter(Q(event__isnull=True) | Q(event__in=seen))
        .select_related("actor", "event")
        .order_by("-at", "-pk")
    )


def event_history(event: Event) -> QuerySet[History]:
    return History.objects.filter(event=event).select_related("actor").order_by("-at", "-pk")


def continued_by(series: Series) -> Series | None:
    return Series.objects.filter(continues=series).order_by("pk").first()


def next_meeting(user, community: Community, now: datetime | None = None) -> Event | None:
    """The next monthly meeting the person may see, or else the next event."""
    coming_ones = visible_events(user, community).filter(
        starts_at__gte=now or timezone.now(), status=Event.Status.SCHEDULED
    )
    # One query: the monthly meetings first, then the soonest.
    monthly = Case(When(kind=EventKind.MONTHLY_MEETING, then=Value(0)), default=Value(1))
    return coming_ones.order_by(monthly, "starts_at", "pk").first()


# The facilitators' home ------------------------------------------------------------------------

# "The coming month": a monthly meeting should fall within this many days.
COMING_MONTH = timedelta(days=31)


def rhythm_annotations(now: datetime | None = None) -> dict:
    """Annotations of a Community queryset, for the facilitators' warnings on the home page:
    whether a monthly meeting is planned in the coming month, and the status of the last one."""
    now = now or timezone.now()
    monthly = Event.objects.filter(community=OuterRef("pk"), kind=EventKind.MONTHLY_MEETING)
    return {
        "meeting_planned": Exists(
            monthly.filter(starts_at__gte=now, starts_at__lt=now + COMING_MONTH, status=Event.Status.SCHEDULED)
        ),
        "last_meeting_status": Subquery(
            monthly.filter(starts_at__lt=now).order_by("-starts_at", "-pk").values("status")[:1]
        ),
    }


def can_manage(user, community: Community) -> bool:
    return permissions.can(user, "events.manage", community)


def realising(user, community: Community, now: datetime | None = None) -> dict[int, dict]:
    """For each activity of the calendar of activities: the events that realise it, as this person
    may see them: `{activity_id: {"next": Event | None, "count": int, "series": Series | None}}`.

    Three queries whatever the number of activities and events (the calendar of activities shows it).
    """
    now = now or timezone.now()
    visible = visible_events(user, community).filter(activity__isnull=False)
    found: dict[int, dict] = {}
    for row in visible.values("activity_id").annotate(count=Count("pk")).order_by():
        found[row["activity_id"]] = {"next": None, "count": row["count"], "series": None}
    coming_ones = (
        visible.filter(ends_at__gte=now, status=Event.Status.SCHEDULED)
        .order_by("activity_id", "starts_at")
        .select_related("series")
    )
    for event in coming_ones:
        if event.activity_id is not None and found[event.activity_id]["next"] is None:
            found[event.activity_id]["next"] = event
    for series in visible_series(user, community).filter(activity__isnull=False, until__isnull=True):
        if series.activity_id is not None:
            found.setdefault(series.activity_id, {"next": None, "count": 0, "series": None})["series"] = series
    return found
