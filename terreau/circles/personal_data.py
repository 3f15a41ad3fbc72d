"""What the circles hold of a person (see core.personal_data).

Exported: the circles they are in (and whether they coordinate them), the double links they hold,
their requests to join a circle with their message. Erased: the messages of their requests (the
membership's end takes them out of their circles: services.member_left).
"""

from django.db.models import Q

from terreau import permissions
from terreau.core import personal_data

from .models import Circle, CircleMember, CircleRequest


def exporter(user) -> personal_data.Export:
    # What they took part in, never more than they may read now (a circle's visibility).
    theirs = Circle.objects.filter(
        Q(members__membership__user=user)
        | Q(requests__membership__user=user)
        | Q(lead_link__user=user)
        | Q(representative__user=user)
    ).distinct()
    seen = permissions.visible_rows(user, Circle.objects.filter(pk__in=theirs.values("pk")))
    return personal_data.Export(
        {
            "circles": personal_data.rows(
                CircleMember.objects.filter(membership__user=user, circle__in=seen).order_by("pk"),
                "circle_id",
                "circle__community__slug",
                "circle__name",
                "is_coordinator",
                "joined_at",
            ),
            "lead_link_of": list(seen.filter(lead_link__user=user).values_list("pk", flat=True)),
            "representative_of": list(seen.filter(representative__user=user).values_list("pk", flat=True)),
            "requests": personal_data.rows(
                CircleRequest.objects.filter(membership__user=user, circle__in=seen).order_by("pk"),
                "circle_id",
                "circle__name",
                "message",
                "status",
                "created_at",
            ),
        }
    )


def eraser(user, neutral_name: str) -> None:
    CircleRequest.objects.filter(membership__user=user).update(message="")
