"""Reminders before an event: told once to the people registered, through the message rhythm.

`reminders_send` is the periodic job `events.reminders` (every 15 minutes, see apps.py): it finds
the events whose reminder is due (`reminder_hours` before the start, 0 for none) and not sent, marks
each sent with a conditional update (two runs at once, or one run twice, send nothing twice), and
announces `event.reminder` with the people registered. The exchanges make notifications of it,
emailed within each member's rhythm (never above the daily ceiling, within sending hours).

What is guaranteed: the reminder is an urgent notification (sent alone whatever the member's
frequency, weekly digest included), so it goes out at the first hourly pass in sending hours
that has a slot left in the member's day, folded into a digest when it would take the last slot.
With the default 48 hours, a full morning of sending hours always lies between the moment the
reminder is due and the event: a member whose ceiling is reached that day gets it the next
morning, before the event. A reminder set less than a day ahead may, on a day the ceiling is
reached, land after the event; a member whose emails are off sees it only in the notification
centre.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import User
from terreau.core import events as bus

from ..models import Event, Registration
from .registrations import event_url, when

MAX_REMINDER = timedelta(hours=24 * 14)  # Where.reminder_hours' validator


def reminders_due(now: datetime) -> list[Event]:
    """The scheduled events still to come whose reminder is due and not sent."""
    candidates = (
        Event.objects.filter(
            status=Event.Status.SCHEDULED,
            reminder_sent_at__isnull=True,
            reminder_hours__gt=0,
            starts_at__gt=now,
            starts_at__lte=now + MAX_REMINDER,
        )
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    return [event for event in candidates if event.starts_at - timedelta(hours=event.reminder_hours) <= now]


def reminders_send(now: datetime | None = None) -> int:
    """Send every reminder due; returns how many events were reminded. Idempotent."""
    now = now or timezone.now()
    sent = 0
    for event in reminders_due(now):
        sent += reminder_send(event, now=now)
    return sent


@transaction.atomic
def reminder_send(event: Event, *, now: datetime) -> bool:
    """Mark the event reminded (only if nobody did) and announce the reminder; False if already sent."""
    taken = Event.objects.filter(pk=event.pk, reminder_sent_at__isnull=True, status=Event.Status.SCHEDULED).update(
        reminder_sent_at=now
    )
    if not taken:
        return False
    event.reminder_sent_at = now
    registered = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).values("user_id")
    recipients = list(User.objects.filter(pk__in=registered))
    if recipients:
        bus.announce(
            bus.EVENT_REMINDER,
            community=event.community,
            meeting=event,
            recipients=recipients,
            when=when(event),
            visibility=event.visibility,
            url=event_url(event),
        )
    return True
