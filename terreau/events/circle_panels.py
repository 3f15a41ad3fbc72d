"""The events' panel on a circle's page: its coming meetings, filtered from the community's
calendar (circles' registry)."""

from django.urls import reverse
from django.utils import timezone

from . import permissions as events_permissions
from .models import Event

SHOWN = 6


def meetings(user, community, circle):
    found = (
        events_permissions.visible_events(user, community)
        .filter(circle=circle, ends_at__gte=timezone.now())
        .exclude(status=Event.Status.CANCELLED)
        .only("pk", "title", "starts_at", "community_id")
        .order_by("starts_at", "pk")
    )
    shown = list(found[: SHOWN + 1])
    return {
        "circle_meetings": shown[:SHOWN],
        "circle_meetings_more": len(shown) > SHOWN,
        "circle_meetings_url": reverse("events:calendar", args=[community.slug]) + f"?circle={circle.pk}",
    }
