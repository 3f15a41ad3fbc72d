"""What the events hold of a person (see core.personal_data).

Exported: their registrations (the event, its date, their status, whether they came), the events
and series they created or organise, the history entries they made, whether they have a calendar
key (never the key: it is a secret that opens their feeds).

Erased: their calendar key (their private feed URLs stop answering at once); their places at the
events to come are given up through the registration service, so that the waiting list moves on
and the next person is told. Their past registrations stay (the attendance counts stay true),
shown under the neutral name. Their name, where the events app put it or where an organiser typed
it (a history reason, a cancellation's reason, the participants of the minutes), is replaced here
even when it is too short for the registry's sweep.
"""

import re

from django.utils import timezone

from terreau.core import personal_data
from terreau.knowledge.models import KnowledgeItem, KnowledgeVersion

from .models import CalendarKey, Event, History, Registration, Series
from .services import registrations as registration_services


def _events(queryset) -> list[dict]:
    return personal_data.rows(
        queryset.select_related("community").distinct().order_by("starts_at", "pk"),
        "pk",
        "community__slug",
        "title",
        "starts_at",
        "ends_at",
        "status",
    )


def exporter(user) -> personal_data.Export:
    registrations = personal_data.rows(
        Registration.objects.filter(user=user).select_related("event").order_by("event__starts_at", "pk"),
        "event_id",
        "event__title",
        "event__starts_at",
        "status",
        "attended",
        "created_at",
    )
    return personal_data.Export(
        {
            "registrations": [
                {
                    "event": row["event_id"],
                    "title": row["event__title"],
                    "starts_at": row["event__starts_at"],
                    "status": row["status"],
                    "attended": row["attended"],
                    "registered_at": row["created_at"],
                }
                for row in registrations
            ],
            "events_created": _events(Event.objects.filter(created_by=user)),
            "events_organised": _events(Event.objects.filter(organisers__user=user)),
            "series_created": personal_data.rows(
                Series.objects.filter(created_by=user).order_by("pk"), "pk", "community__slug", "title", "rule"
            ),
            "series_organised": personal_data.rows(
                Series.objects.filter(organisers__user=user).distinct().order_by("pk"),
                "pk",
                "community__slug",
                "title",
                "rule",
            ),
            "history": personal_data.rows(
                History.objects.filter(actor=user).order_by("at", "pk"), "what", "at", "reason", "event_id", "series_id"
            ),
            "has_calendar_key": CalendarKey.objects.filter(user=user).exists(),
        }
    )


def _name_pattern(name: str) -> re.Pattern | None:
    name = name.strip()
    if not name:
        return None
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def _participants(value: str, name: str, neutral_name: str) -> str:
    """The minutes' list of participants ("Anne, Zoé, 2 guests") with the person's entry replaced."""
    return ", ".join(neutral_name if part.strip() == name else part.strip() for part in value.split(","))


def eraser(user, neutral_name: str) -> None:
    # Their feeds end now: the URLs carry the key, a URL with no key answers 404.
    CalendarKey.objects.filter(user=user).delete()

    # Their places to come are given up as they would have: the first waiting person takes each.
    now = timezone.now()
    coming = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            event__starts_at__gt=now,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event__community")
    )
    for registration in coming:
        event = registration.event
        registration_services.unregister(actor=user, community=event.community, event=event, now=now)

    # The texts of the communities they were part of that name them, whatever the name's length.
    pattern = _name_pattern(user.display_name)
    if pattern is None:
        return
    communities = user.memberships.values("community_id")
    for model, column in ((History, "reason"), (Event, "cancel_reason")):
        rows = model.objects.filter(community_id__in=communities).filter(**{f"{column}__icontains": user.display_name})
        for pk, text in rows.values_list("pk", column):
            new = pattern.sub(neutral_name, text)
            if new != text:
                model.objects.filter(pk=pk).update(**{column: new})
    # The minutes' participants were written from the registrations: the person's entry goes.
    name = user.display_name.strip()
    memos = Event.objects.filter(registrations__user=user, minutes__isnull=False).values("minutes_id")
    for model, item in ((KnowledgeItem, "pk__in"), (KnowledgeVersion, "item_id__in")):
        for row in model.objects.filter(**{item: memos}).only("pk", "fields"):
            fields = dict(row.fields or {})
            value = fields.get("participants")
            if isinstance(value, str) and name in value:
                fields["participants"] = _participants(value, name, neutral_name)
                model.objects.filter(pk=row.pk).update(fields=fields)
