"""Participation: who registered, who came, per event, per series and per member.

Plain reads, kept for the statistics to come. The words:

- *registered*: the people who held a place (status registered) when the event took place;
- *came*: those of them the organiser ticked; *walk-ins*: members who came without a place;
  *guests*: people who came without being members (`Event.guests_count`);
- *attendance*: everyone who came (came + walk-ins + guests);
- *rate* of an event or a series: came / registered (None while nobody registered or the
  attendance is not recorded); of a member: the events they came to / the events they could
  have come to (those they could see, held while they were a member, attendance recorded).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from terreau import permissions
from terreau.communities.models import Membership

from .models import Event, Registration, Series

Status = Registration.Status

_COUNTS = {
    "registered": Count("pk", filter=Q(status=Status.REGISTERED)),
    "came": Count("pk", filter=Q(status=Status.REGISTERED, attended=True)),
    "walk_ins": Count("pk", filter=Q(status=Status.WALK_IN, attended=True)),
    "waiting": Count("pk", filter=Q(status=Status.WAITING)),
}


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Participation:
    registered: int = 0
    came: int = 0
    walk_ins: int = 0
    waiting: int = 0
    guests: int = 0
    recorded: bool = False

    @property
    def attendance(self) -> int:
        return self.came + self.walk_ins + self.guests

    @property
    def rate(self) -> float | None:
        return _rate(self.came, self.registered) if self.recorded else None


def event_participation(event: Event) -> Participation:
    """One event's figures, in one query."""
    counts = Registration.objects.filter(event=event).aggregate(**_COUNTS)
    return Participation(**counts, guests=event.guests_count, recorded=event.attendance_recorded_at is not None)


def events_participation(events: list[Event]) -> dict[int, Participation]:
    """The figures of several events (by id), in one query."""
    rows = {
        row.pop("event_id"): row
        for row in Registration.objects.filter(event__in=[event.pk for event in events])
        .order_by()
        .values("event_id")
        .annotate(**_COUNTS)
    }
    empty = dict.fromkeys(_COUNTS, 0)
    return {
        event.pk: Participation(
            **rows.get(event.pk, empty), guests=event.guests_count, recorded=event.attendance_recorded_at is not None
        )
        for event in events
    }


@dataclass
class SeriesParticipation:
    rows: list[tuple[Event, Participation]] = field(default_factory=list)  # the past meetings, latest first

    @property
    def recorded(self) -> list[Participation]:
        return [figures for _event, figures in self.rows if figures.recorded]

    @property
    def registered(self) -> int:
        return sum(figures.registered for figures in self.recorded)

    @property
    def came(self) -> int:
        return sum(figures.came for figures in self.recorded)

    @property
    def rate(self) -> float | None:
        return _rate(self.came, self.registered)

    @property
    def average_attendance(self) -> float | None:
        recorded = self.recorded
        return sum(figures.attendance for figures in recorded) / len(recorded) if recorded else None


def series_participation(
    series: Series, *, user=None, community=None, now: datetime | None = None
) -> SeriesParticipation:
    """The past meetings of a series that were not cancelled, with their figures (two queries);
    only those `user` may see when given (with `community`)."""
    now = now or timezone.now()
    events = Event.objects.filter(series=series, status=Event.Status.SCHEDULED, starts_at__lte=now)
    if user is not None and community is not None:
        events = permissions.visible(user, community, events)
    events = list(events.order_by("-starts_at"))
    figures = events_participation(events)
    return SeriesParticipation(rows=[(event, figures[event.pk]) for event in events])


@dataclass
class MemberParticipation:
    events: int  # the events they could have come to (attendance recorded)
    came: int
    registered: int  # of those events, the ones they held a place at

    @property
    def rate(self) -> float | None:
        return _rate(self.came, self.events)


def _visibilities(membership: Membership) -> list[str]:
    if membership.user.is_platform_admin:
        return permissions.VISIBLE_AT[permissions.Standing.ADMIN]
    standing = permissions.Standing.CORE_TEAM if membership.is_core_team else permissions.Standing.MEMBER
    return permissions.VISIBLE_AT[standing]


def member_events(membership: Membership, *, since: datetime, until: datetime | None = None) -> QuerySet[Event]:
    """The events the member could have come to in [since, until): not cancelled, attendance
    recorded, visible to them, held while they were a member."""
    until = min(until or timezone.now(), timezone.now())
    return Event.objects.filter(
        community_id=membership.community_id,
        status=Event.Status.SCHEDULED,
        attendance_recorded_at__isnull=False,
        visibility__in=_visibilities(membership),
        starts_at__gte=max(since, membership.joined_at),
        starts_at__lt=until,
    )


def member_participation(
    membership: Membership, *, since: datetime, until: datetime | None = None
) -> MemberParticipation:
    """A member's participation over a period, in one query."""
    events = member_events(membership, since=since, until=until)
    counts = events.aggregate(
        events=Count("pk", distinct=True),
        came=Count(
            "registrations",
            filter=Q(registrations__user_id=membership.user_id, registrations__attended=True),
            distinct=True,
        ),
        registered=Count(
            "registrations",
            filter=Q(
                registrations__user_id=membership.user_id,
                registrations__status=Status.REGISTERED,
            ),
            distinct=True,
        ),
    )
    return MemberParticipation(**counts)
