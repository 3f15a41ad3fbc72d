"""The exchanges' panel on a circle's page: the questions asked in it (circles' registry)."""

from django.urls import reverse

from . import permissions as exchanges_permissions

SHOWN = 8


def questions(user, community, circle):
    if not exchanges_permissions.can_read_questions(user, community):
        return None
    found = (
        exchanges_permissions.questions_visible_to(user, community)
        .filter(circle=circle)
        .only("pk", "title", "created_at", "first_answer_at", "community_id")
        .order_by("-created_at", "-pk")
    )
    shown = list(found[: SHOWN + 1])
    return {
        "circle_questions": shown[:SHOWN],
        "circle_questions_more": len(shown) > SHOWN,
        "circle_questions_url": reverse("exchanges:questions", args=[community.slug]) + f"?circle={circle.pk}",
    }
