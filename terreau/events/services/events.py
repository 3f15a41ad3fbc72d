"""Writes on one event: plan a one-off, edit or move one (an occurrence of a series is then
detached from it), cancel and restore.

The guide's rule lives here: a monthly meeting is never cancelled when the community's monthly
meeting just before it (or just after it) is cancelled too, unless a person who may manage
events confirms, with a reason that is kept.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership

from .. import permissions as events_permissions
from ..models import Event, EventKind, History
from . import agenda
from .common import announce_cancelled, announce_moved, announce_planned, event_url, history_record
from .registrations import places_fill

# What a form may change on an event (and on a series: the same, but for the times).
SHARED_FIELDS = [
    "kind",
    "title",
    "description",
    "format",
    "place",
    "address",
    "online_url",
    "visibility",
    "capacity",
    "reminder_hours",
    "activity",
    "circle",
]


class StaleEdit(ValidationError):
    """The event changed since the form was opened: saving would undo someone else's change."""


class SecondCancellation(ValidationError):
    """Cancelling this monthly meeting would make two cancelled in a row: it needs a confirmation."""

    def __init__(self, message, *, neighbour: Event):
        super().__init__(message)
        self.neighbour = neighbour


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("The event must end after it starts.")})


def _check_activity(community: Community, activity) -> None:
    if activity is not None and activity.community_id != community.pk:
        raise ValidationError({"activity": _("Choose an activity of this community.")})


def _check_circle(community: Community, circle) -> None:
    if circle is not None and circle.community_id != community.pk:
        raise ValidationError({"circle": _("Choose a circle of this community.")})


def _organisers_set(event, community: Community, organisers: Iterable[Membership]) -> None:
    chosen = [member for member in organisers if member.community_id == community.pk]
    if any(member.status != Membership.Status.ACTIVE for member in chosen):
        raise ValidationError({"organisers": _("Organisers are chosen among the active members.")})
    event.organisers.set(chosen)


@transaction.atomic
def event_create(
    *,
    actor: User,
    community: Community,
    starts_at: datetime,
    ends_at: datetime,
    organisers: Iterable[Membership] = (),
    **fields: Any,
) -> Event:
    """A one-off event (an occurrence of a series is made by the series)."""
    permissions.require(actor, events_permissions.MANAGE, community)
    _check_times(starts_at, ends_at)
    _check_activity(community, fields.get("activity"))
    _check_circle(community, fields.get("circle"))
    event = Event(community=community, starts_at=starts_at, ends_at=ends_at, created_by=actor, **fields)
    event.full_clean(exclude=["minutes"])
    event.save()
    _organisers_set(event, community, organisers)
    agenda.start_from_template(event)  # the agenda of its kind, which the organiser may change
    history_record(community=community, what=History.What.CREATED, actor=actor, event=event)
    announce_planned(thing=event, actor=actor, url=event_url(event))
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    version: int,
    starts_at: datetime,
    ends_at: datetime,
    organisers: Iterable[Membership] | None = None,
    reason: str = "",
    **fields: Any,
) -> Event:
    """Edit one event. `version` is the one the form was opened at: if the event changed since,
    nothing is saved (StaleEdit). An occurrence edited alone is detached from its series (a
    later edit of the series leaves it as it is); moved, it keeps its recurrence id."""
    community = event.community
    permissions.require(actor, events_permissions.MANAGE, community)
    current = Event.objects.select_for_update().get(pk=event.pk)
    if current.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this event while you were editing it. Nothing was saved: "
                "check the event's page, then make your change again."
            )
        )
    _check_times(starts_at, ends_at)
    _check_activity(community, fields.get("activity", event.activity))
    _check_circle(community, fields.get("circle", event.circle))
    moved = (starts_at, ends_at) != (current.starts_at, current.ends_at)
    for name, value in fields.items():
        if name not in SHARED_FIELDS:
            raise TypeError(f"event_update: unknown field {name!r}")
        setattr(event, name, value)
    event.starts_at, event.ends_at = starts_at, ends_at
    event.version = current.version + 1
    if event.series_id is not None:
        event.detached = True
    if moved:
        event.reminder_sent_at = None  # the reminder goes out again for the new time (reminders.py)
    event.full_clean(exclude=["minutes"])
    event.save()
    # More places (or no limit any more): the first of the waiting list take them, and are told.
    places_fill(event, community=community)
    if organisers is not None:
        _organisers_set(event, community, organisers)
    history_record(
        community=community,
        what=History.What.MOVED if moved else History.What.EDITED,
        actor=actor,
        event=event,
        reason=reason,
    )
    if moved and not event.is_cancelled:
        announce_moved(event=event, actor=actor)
    return event


def neighbour_cancelled(event: Event) -> Event | None:
    """The community's monthly meeting just before `event` (else just after it), when cancelled:
    cancelling `event` too would make two cancelled in a row."""
    monthly = Event.objects.filter(community_id=event.community_id, kind=EventKind.MONTHLY_MEETING).exclude(pk=event.pk)
    before = monthly.filter(starts_at__lt=event.starts_at).order_by("-starts_at", "-pk").first()
    if before is not None and before.is_cancelled:
        return before
    after = monthly.filter(starts_at__gt=event.starts_at).order_by("starts_at", "pk").first()
    if after is not None and after.is_cancelled:
        return after
    return None


def event_cancel(*, actor: User, event: Event, reason: str, confirm: bool = False) -> Event:
    """Cancel an event, with a reason the registered people are told.

    A monthly meeting next to a cancelled one is refused (SecondCancellation, and the attempt is
    kept in the history) unless `confirm`: the person confirms, with a reason, that the community
    goes two months without meeting.
    """
    community = event.community
    permissions.require(actor, events_permissions.MANAGE, community)
    reason = reason.strip()
    event = Event.objects.select_related("community", "series").get(pk=event.pk)  # its state now, not the form's
    if event.is_cancelled:
        raise ValidationError(_("This event is already cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Say why the event is cancelled: the people registered are told.")})
    neighbour = neighbour_cancelled(event) if event.kind == EventKind.MONTHLY_MEETING else None
    if neighbour is not None and not confirm:
        # Kept even though nothing else changes: the series' history shows the attempt.
        with transaction.atomic():
            history_record(
                community=community, what=History.What.CANCEL_REFUSED, actor=actor, event=event, reason=reason
            )
        raise SecondCancellation(
            _(
                "The monthly meeting of %(date)s is already cancelled. The guide's rule is never to cancel "
                "two meetings in a row: keep this one, even short or online. To cancel it anyway, confirm "
                "with a reason."
            )
            % {"date": _local_date(neighbour)},
            neighbour=neighbour,
        )
    with transaction.atomic():
        event = Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event.pk)
        if event.is_cancelled:
            raise ValidationError(_("This event is already cancelled."))
        event.status = Event.Status.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancelled_by = actor
        event.cancel_reason = reason
        event.cancel_confirmed_by = actor if neighbour is not None else None
        event.version += 1
        event.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by",
                "cancel_reason",
                "cancel_confirmed_by",
                "version",
                "updated_at",
            ]
        )
        what = History.What.CANCEL_CONFIRMED if neighbour is not None else History.What.CANCELLED
        history_record(community=community, what=what, actor=actor, event=event, reason=reason)
        announce_cancelled(event=event, actor=actor)
    return event


@transaction.atomic
def event_restore(*, actor: User, event: Event, reason: str = "") -> Event:
    """The cancelled event takes place after all; what was said when cancelling stays in the history."""
    permissions.require(actor, events_permissions.MANAGE, event.community)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_cancelled:
        raise ValidationError(_("This event is not cancelled."))
    event.status = Event.Status.SCHEDULED
    event.cancelled_at = None
    event.cancelled_by = None
    event.cancel_reason = ""
    event.cancel_confirmed_by = None
    event.version += 1
    event.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "cancel_confirmed_by",
            "version",
            "updated_at",
        ]
    )
    history_record(community=event.community, what=History.What.RESTORED, actor=actor, event=event, reason=reason)
    announce_planned(thing=event, actor=actor, url=event_url(event))
    return event


def _local_date(event: Event) -> str:
    from django.utils.formats import date_format

    from .common import zone

    return date_format(event.starts_at.astimezone(zone(event.community)), "j F Y")
