"""The knowledge base's panel on a circle's page: the items of its activities (circles' registry)."""

from django.urls import reverse

from . import permissions as knowledge_permissions
from .models import ItemStatus

SHOWN = 8


def items(user, community, circle):
    found = (
        knowledge_permissions.items_visible_to(user, community)
        .filter(activity__circle=circle, status=ItemStatus.PUBLISHED)
        .only("pk", "title", "type", "updated_at", "community_id")
        .order_by("-updated_at", "-pk")
    )
    shown = list(found[: SHOWN + 1])
    activity = circle.knowledge_activities.only("pk").first()
    return {
        "circle_items": shown[:SHOWN],
        "circle_items_more": len(shown) > SHOWN,
        "circle_items_url": (
            reverse("knowledge:home", args=[community.slug]) + f"?activity={activity.pk}" if activity else ""
        ),
    }
