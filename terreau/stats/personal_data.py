"""What the activity log holds of a person (see core.personal_data).

Exported: their rows (what they did, on which day, in which community). Erased: the rows lose
the person (membership and user emptied) and stay as anonymous counts, so the community's
figures stay true; the daily and period counts never held a person.
"""

from django.db.models import Q

from terreau.core import personal_data

from .models import Activity


def exporter(user) -> personal_data.Export:
    rows = personal_data.rows(
        Activity.objects.filter(user=user).order_by("occurred_at", "pk"),
        "community__slug",
        "kind",
        "object_type",
        "object_id",
        "occurred_at",
    )
    return personal_data.Export(rows)


def eraser(user, neutral_name: str) -> None:
    Activity.objects.filter(Q(user=user) | Q(membership__user=user)).update(user=None, membership=None)
