"""An event's minutes: an exchange memo of the knowledge base, written from the event and linked
back to it (`Event.minutes`); and the reminders to its organisers while none is written.

The memo is knowledge's to keep (its drafts, versions, publication); events asks knowledge to
make it now and needs it back, hence the import (see pyproject.toml's "features" contract).
"""

import re
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.accounts.models import User
from terreau.communities.models import Community, Membership, Theme
from terreau.core import events as core_events
from terreau.knowledge import permissions as knowledge_permissions
from terreau.knowledge import services as knowledge_services
from terreau.knowledge.item_types import ItemType
from terreau.knowledge.models import ActivityTag, KnowledgeItem

from ..models import Event, Registration
from ..permissions import require_organise
from . import agenda as agenda_services

# ---------------------------------------------------------------------------------------------
# Writing the minutes


def local_date(event: Event):
    return timezone.localtime(event.starts_at, timezone=_zone(event)).date()


def _zone(event: Event):
    from zoneinfo import ZoneInfo

    return ZoneInfo(event.community.time_zone)


def participants(event: Event, actor: User | None = None) -> str:
    """Who came (the attendance once recorded, else who registered), and the guests; when nobody
    is known, the person writing the minutes."""
    registrations = event.registrations.select_related("user").order_by("user__display_name", "pk")
    if event.attendance_recorded_at or event.registrations.filter(attended=True).exists():
        came = registrations.filter(attended=True)
    else:
        came = registrations.filter(status__in=[Registration.Status.REGISTERED, Registration.Status.WALK_IN])
    names = [str(registration.user) for registration in came]
    if event.guests_count:
        names.append(
            ngettext("%(count)d guest", "%(count)d guests", event.guests_count) % {"count": event.guests_count}
        )
    if not names and actor is not None:
        names.append(str(actor))
    return ", ".join(names)


def prefilled_text(event: Event) -> str:
    """The agenda's items as headings, to write under each what was said."""
    items = agenda_services.agenda_of(event).items
    if not items:
        return f"## {event.title}\n"
    return "\n".join(f"## {timed.item.display_title}\n" for timed in items)


def _activity(event: Event) -> ActivityTag | None:
    """The knowledge base's activity of the event: named as its activity of the calendar, its
    series, or itself."""
    names = [event.title]
    if event.series is not None:
        names.insert(0, event.series.title)
    if event.activity is not None:
        names.insert(0, event.activity.display_title)  # launch.Activity, read through the relation
    for name in names:
        found = ActivityTag.objects.filter(community=event.community, name__iexact=name.strip()).first()
        if found:
            return found
    return None


def _themes(event: Event) -> list[Theme]:
    """The community's themes the event's title names."""
    words = f"{event.title} {event.series.title if event.series is not None else ''}".casefold()
    return [
        theme
        for theme in Theme.objects.filter(community=event.community)
        if len(theme.name) >= 3 and re.search(rf"\b{re.escape(theme.name.casefold())}\b", words)
    ]


def minutes_title(event: Event) -> str:
    day = date_format(local_date(event), "DATE_FORMAT")
    return _("Minutes — %(event)s — %(date)s") % {"event": event.title, "date": day}


@transaction.atomic
def minutes_write(*, actor: User, event: Event) -> KnowledgeItem:
    """Start the minutes: an exchange memo, a draft of `actor`, prefilled from the event (title,
    date, participants, the agenda as headings, its activity and themes) and as visible as the
    event. Once the minutes exist, they are returned as they are."""
    require_organise(actor, event.community, event)
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("community", "series", "minutes").get(pk=event.pk)
    )
    if event.minutes is not None:
        return event.minutes
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event has no minutes."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("The minutes are written once the event has started."))
    memo = knowledge_services.item_create(
        actor=actor,
        community=event.community,
        type=ItemType.EXCHANGE_MEMO,
        title=minutes_title(event)[:200],
        fields={
            "held_on": local_date(event).isoformat(),
            "participants": participants(event, actor)[:2000],
            "learned": prefilled_text(event),
            "follow_ups": "",
        },
        themes=_themes(event),
        activity=_activity(event),
        visibility=event.visibility,
    )
    Event.objects.filter(pk=event.pk).update(minutes=memo)
    event.minutes = memo
    return memo


def readable_minutes(user, community: Community, event: Event) -> KnowledgeItem | None:
    memo = event.minutes if event.minutes_id else None
    if memo is None or not knowledge_permissions.can_read(user, community, memo):
        return None
    return memo


def excerpt(memo: KnowledgeItem, words: int = 40) -> str:
    """The start of what was learned, as plain words."""
    text = str((memo.fields or {}).get("learned", ""))
    # What was written under the headings (the agenda's items), else the headings themselves.
    written = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    text = re.sub(r"[#*_>`\[\]]+", " ", written if written.strip() else text)
    return Truncator(" ".join(text.split())).words(words)


# ---------------------------------------------------------------------------------------------
# Reminders

# Days after the event's end when its organisers are reminded, while no minutes exist.
REMINDER_DAYS = (3, 7)
# Older events are left alone (an event imported or recorded long after).
REMINDER_HORIZON = timedelta(days=30)


def organisers_to_remind(event: Event) -> list[User]:
    """Its organisers; else who created it; else the community's core team."""
    users = list(
        User.objects.filter(
            memberships__in=event.organisers.filter(status=Membership.Status.ACTIVE), is_active=True
        ).distinct()
    )
    if users:
        return users
    if event.created_by is not None and event.created_by.is_active:
        return [event.created_by]
    return list(
        User.objects.filter(
            memberships__community=event.community,
            memberships__status=Membership.Status.ACTIVE,
            memberships__is_core_team=True,
        ).distinct()
    )


def minutes_reminders(now: datetime | None = None) -> int:
    """Remind the organisers of the events that ended 3 and 7 days ago without minutes.

    Each reminder is counted on the event (`minutes_reminders_sent`) in the same transaction as
    the notification, claimed by a conditional update: run twice, or by two schedulers at once,
    it sends nothing twice. An event found late (past 7 days, none sent) gets one reminder, not two.
    Returns the number of reminders sent.
    """
    now = now or timezone.now()
    due = Q()
    for count, days in enumerate(REMINDER_DAYS):
        due |= Q(minutes_reminders_sent=count, ends_at__lte=now - timedelta(days=days))
    candidates = (
        Event.objects.filter(
            due, status=Event.Status.SCHEDULED, minutes__isnull=True, ends_at__gte=now - REMINDER_HORIZON
        )
        .select_related("community", "created_by")
        .order_by("ends_at", "pk")
    )
    sent = 0
    for event in candidates:
        reached = sum(1 for days in REMINDER_DAYS if event.ends_at <= now - timedelta(days=days))
        with transaction.atomic():
            claimed = Event.objects.filter(
                pk=event.pk, minutes_reminders_sent=event.minutes_reminders_sent, minutes__isnull=True
            ).update(minutes_reminders_sent=reached)
            if not claimed:
                continue
            core_events.announce(
                core_events.MINUTES_DUE,
                community=event.community,
                meeting=event,
                recipients=organisers_to_remind(event),
                days=(now - event.ends_at).days,
                visibility=event.visibility,
                url=reverse("events:detail", args=[event.community.slug, event.pk]),
            )
            sent += 1
    return sent
