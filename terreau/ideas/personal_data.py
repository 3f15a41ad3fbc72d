"""What the idea box holds of a person (see core.personal_data).

Exported: the ideas they proposed, the ones they support and the answers they gave, as far as
they may still read them.

Erased: their supports of ideas still waiting for an answer go (a support is the person's own
voice, counted only while the idea is open; the ideas' counts follow). Their ideas and answers
stay, the community's, signed by the neutral name; their name typed in an answer is replaced,
whatever its length.
"""

import re

from django.db.models import Count

from terreau import permissions
from terreau.core import personal_data

from .models import Idea, Support


def exporter(user) -> personal_data.Export:
    fields = ("pk", "community__slug", "title", "text", "status", "answer", "created_at", "answered_at")
    return personal_data.Export(
        {
            "ideas_proposed": personal_data.rows(
                permissions.visible_rows(user, Idea.objects.filter(author=user)).order_by("pk"), *fields
            ),
            "ideas_supported": personal_data.rows(
                permissions.visible_rows(user, Idea.objects.filter(supports__user=user)).order_by("pk"),
                "pk",
                "community__slug",
                "title",
            ),
            "ideas_answered": personal_data.rows(
                permissions.visible_rows(user, Idea.objects.filter(answered_by=user)).order_by("pk"), *fields
            ),
        }
    )


def eraser(user, neutral_name: str) -> None:
    open_supports = Support.objects.filter(user=user, idea__status=Idea.Status.OPEN)
    ideas = list(open_supports.values_list("idea_id", flat=True))
    open_supports.delete()
    for row in Idea.objects.filter(pk__in=ideas).annotate(n=Count("supports")).values("pk", "n"):
        Idea.objects.filter(pk=row["pk"]).update(supports_count=row["n"])
    name = user.display_name.strip()
    if not name:
        return
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    communities = user.memberships.values("community_id")
    for pk, answer in Idea.objects.filter(community_id__in=communities, answer__icontains=name).values_list(
        "pk", "answer"
    ):
        new = pattern.sub(neutral_name, answer)
        if new != answer:
            Idea.objects.filter(pk=pk).update(answer=new)
