"""What the services of events share: the history, the announcements, the community's clock."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.urls import reverse

from terreau.accounts.models import User
from terreau.communities.models import Community
from terreau.core import events as core_events

from ..models import Event, History, Registration, Series

# The statuses of the people told when an event is cancelled or moved.
TOLD = [Registration.Status.REGISTERED, Registration.Status.WAITING]


def zone(community: Community) -> ZoneInfo:
    return ZoneInfo(community.time_zone)


def local_datetime(community: Community, day: date, at: time) -> datetime:
    """A wall time of the community (18:00 in Brussels stays 18:00 in summer and in winter)."""
    return datetime.combine(day, at).replace(tzinfo=zone(community))


def history_record(
    *,
    community: Community,
    what: str,
    actor: User | None,
    series: Series | None = None,
    event: Event | None = None,
    reason: str = "",
) -> History:
    if series is None and event is not None:
        series = event.series
    return History.objects.create(
        community=community, series=series, event=event, what=what, actor=actor, reason=reason
    )


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.community.slug, event.pk])


def series_url(series: Series) -> str:
    return reverse("events:series", args=[series.community.slug, series.pk])


def registered_people(event: Event) -> list[User]:
    return list(User.objects.filter(event_registrations__event=event, event_registrations__status__in=TOLD).distinct())


def announce_planned(*, thing: Event | Series, actor: User | None, url: str) -> None:
    core_events.announce(
        core_events.EVENT_PLANNED,
        community=thing.community,
        meeting=thing,
        actor=actor,
        visibility=thing.visibility,
        url=url,
    )


def announce_cancelled(*, event: Event, actor: User | None) -> None:
    core_events.announce(
        core_events.EVENT_CANCELLED,
        community=event.community,
        meeting=event,
        actor=actor,
        visibility=event.visibility,
        url=event_url(event),
        reason=event.cancel_reason,
        registered=registered_people(event),
    )


def announce_moved(*, event: Event, actor: User | None) -> None:
    core_events.announce(
        core_events.EVENT_MOVED,
        community=event.community,
        meeting=event,
        actor=actor,
        visibility=event.visibility,
        url=event_url(event),
        starts_at=event.starts_at,
        registered=registered_people(event),
    )
