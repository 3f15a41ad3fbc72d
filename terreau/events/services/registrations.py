"""Registrations: a person's place at an event, the waiting list, and the attendance recorded after.

Every change of the places takes the event's row first (`select_for_update`): two people taking
the last place at once are served one after the other, the second goes to the waiting list. The
waiting list is the `waiting` registrations in the order of `created_at` (then `pk`); whenever a
place frees (a cancellation, more places), `places_fill` promotes the first ones and tells them
(`event.place_freed`, a notification through the message rhythm).
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core import events as bus

from ..models import Event, Registration
from ..permissions import REGISTER, require_organise

Status = Registration.Status


def event_url(event: Event, community: Community | None = None) -> str:
    """The event's page (the calendar until the event page exists)."""
    slug = (community or event.community).slug
    try:
        return reverse("events:detail", args=[slug, event.pk])
    except NoReverseMatch:
        return reverse("events:calendar", args=[slug])


def when(event: Event, community: Community | None = None) -> str:
    """The event's start in the community's time zone, in a form every language reads: 2026-12-01 18:00."""
    zone = ZoneInfo((community or event.community).time_zone)
    return event.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def registration_closed(event: Event, now: datetime | None = None) -> str:
    """Why nobody may register (or change their registration) now; "" when one may."""
    if event.is_cancelled:
        return _("This event is cancelled.")
    if event.starts_at <= (now or timezone.now()):
        return _("This event has already started: registrations are closed.")
    return ""


def _locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends: the places change one at a time."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    # The caller's object follows what the lock read (a capacity changed meanwhile...).
    event.capacity, event.status, event.starts_at = locked.capacity, locked.status, locked.starts_at
    return locked


def _registered_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.REGISTERED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or _registered_count(event) < event.capacity


@transaction.atomic
def register(*, actor: User, community: Community, event: Event, now: datetime | None = None) -> Registration:
    """Take a place, or the last place on the waiting list when the event is full.

    Only an active member who may see the event; not on a cancelled event, nor once it started.
    Registering again is harmless: the registration (or the place on the list) is kept as it is.
    """
    permissions.require_membership(actor, REGISTER, community)
    if event.community_id != community.pk or not permissions.can_see(actor, community, event):
        permissions.refuse(actor, community, readable=False)
    now = now or timezone.now()
    _locked(event)
    closed = registration_closed(event, now)
    if closed:
        raise ValidationError(closed)
    found = Registration.objects.filter(event=event, user=actor).first()
    if found is not None and found.status in (Status.REGISTERED, Status.WAITING, Status.WALK_IN):
        return found
    status = Status.REGISTERED if _has_place(event) else Status.WAITING
    if found is None:
        return Registration.objects.create(event=event, user=actor, status=status)
    # Back after a cancellation: at the end of the waiting list, as a newcomer.
    found.status, found.created_at, found.attended, found.promoted_at = status, now, None, None
    found.save(update_fields=["status", "created_at", "attended", "promoted_at", "updated_at"])
    return found


@transaction.atomic
def unregister(*, actor: User, community: Community, event: Event, now: datetime | None = None) -> Registration | None:
    """Give up one's place (or one's place on the waiting list); the first waiting takes a freed place.

    A person who left the community may still give up their place (it frees it for others).
    """
    if not actor.is_authenticated:
        permissions.refuse(actor, community, readable=False)
    now = now or timezone.now()
    _locked(event)
    found = Registration.objects.filter(event=event, user=actor).first()
    if found is None or found.status not in (Status.REGISTERED, Status.WAITING):
        return found
    if event.starts_at <= now:
        raise ValidationError(_("This event has already started: registrations can no longer change."))
    freed = found.status == Status.REGISTERED
    found.status = Status.CANCELLED
    found.save(update_fields=["status", "updated_at"])
    if freed:
        places_fill(event, community=community, now=now)
    return found


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None for a registration not waiting."""
    if registration.status != Status.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=Status.WAITING).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


@transaction.atomic
def places_fill(event: Event, *, community: Community | None = None, now: datetime | None = None) -> list[Registration]:
    """Promote the first of the waiting list into the free places, and tell each of them.

    Called after a cancellation and by whatever raises the capacity (the event's edit). Nothing
    moves on a cancelled event or once it started. Returns the registrations promoted.
    """
    now = now or timezone.now()
    _locked(event)
    if registration_closed(event, now):
        return []
    community = community or event.community
    free = None if event.capacity is None else max(event.capacity - _registered_count(event), 0)
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by("created_at", "pk")
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    if not promoted:
        return []
    Registration.objects.filter(pk__in=[registration.pk for registration in promoted]).update(
        status=Status.REGISTERED, promoted_at=now, updated_at=now
    )
    for registration in promoted:
        registration.status, registration.promoted_at = Status.REGISTERED, now
        bus.announce(
            bus.EVENT_PLACE_FREED,
            community=community,
            meeting=event,
            user=registration.user,
            when=when(event, community),
            visibility=event.visibility,
            url=event_url(event, community),
        )
    return promoted


# Attendance ----------------------------------------------------------------------------------


def attendance_open(event: Event, now: datetime | None = None) -> str:
    """Why attendance cannot be recorded now; "" once the event has started (and is not cancelled)."""
    if event.is_cancelled:
        return _("This event is cancelled: there is no attendance to record.")
    if event.starts_at > (now or timezone.now()):
        return _("Attendance can be recorded once the event has started.")
    return ""


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    community: Community,
    event: Event,
    came: Iterable[int],
    walk_ins: Iterable[Membership] = (),
    guests_count: int = 0,
    now: datetime | None = None,
) -> Event:
    """Who came: `came` are the ids of the registrations (registered or walk-in) ticked, the others
    did not come; `walk_ins` members who came without a place are added (a walk-in left unticked
    is taken off); `guests_count` counts the people who came without being members.
    """
    require_organise(actor, community, event)
    now = now or timezone.now()
    locked = _locked(event)
    closed = attendance_open(locked, now)
    if closed:
        raise ValidationError(closed)
    if guests_count < 0:
        raise ValidationError(_("The number of guests cannot be negative."))
    ticked = set(came)
    rows = Registration.objects.filter(event=event, status__in=[Status.REGISTERED, Status.WALK_IN])
    Registration.objects.filter(pk__in=rows.filter(status=Status.WALK_IN).exclude(pk__in=ticked)).delete()
    rows.filter(pk__in=ticked).update(attended=True, updated_at=now)
    rows.filter(status=Status.REGISTERED).exclude(pk__in=ticked).update(attended=False, updated_at=now)
    added = {membership.user_id for membership in walk_ins if membership.community_id == community.pk}
    if added:
        existing = dict(Registration.objects.filter(event=event, user_id__in=added).values_list("user_id", "status"))
        # Registered already: they came. Waiting or cancelled: they came without a place.
        Registration.objects.filter(event=event, user_id__in=added, status=Status.REGISTERED).update(
            attended=True, updated_at=now
        )
        Registration.objects.filter(event=event, user_id__in=added).exclude(status=Status.REGISTERED).update(
            status=Status.WALK_IN, attended=True, updated_at=now
        )
        Registration.objects.bulk_create(
            Registration(event=event, user_id=user_id, status=Status.WALK_IN, attended=True)
            for user_id in sorted(added - set(existing))
        )
    Event.objects.filter(pk=event.pk).update(guests_count=guests_count, attendance_recorded_at=now)
    event.guests_count, event.attendance_recorded_at = guests_count, now
    return event
