"""Writing the activity log: one row per thing that happened, never changed afterwards."""

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone

from terreau.communities.models import Community, Membership

from .models import Activity


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(community: Community, moment: datetime):
    return timezone.localtime(moment, zone(community.time_zone)).date()


def today(community: Community):
    return local_day(community, timezone.now())


def row(
    community: Community,
    kind: str,
    *,
    membership: Membership | None = None,
    user=None,
    thing=None,
    object_type: str = "",
    object_id: int | None = None,
    occurred_at: datetime | None = None,
) -> Activity:
    """An unsaved row; `thing` (a model instance) gives the object type and id."""
    occurred_at = occurred_at or timezone.now()
    if thing is not None:
        object_type, object_id = thing._meta.label_lower, thing.pk
    return Activity(
        community=community,
        kind=kind,
        membership=membership,
        user_id=user.pk if user is not None else (membership.user_id if membership is not None else None),
        object_type=object_type,
        object_id=object_id,
        occurred_at=occurred_at,
        day=local_day(community, occurred_at),
    )


def record(community: Community, kind: str, **fields) -> None:
    row(community, kind, **fields).save()


def record_by(community: Community, kind: str, actor, **fields) -> None:
    """A row for what `actor` did: their membership found (none for an admin who is no member)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        record(community, kind, **fields)
        return
    membership = Membership.objects.filter(community=community, user=actor, status=Membership.Status.ACTIVE).first()
    record(community, kind, membership=membership, user=actor, **fields)


def record_once(rows: list[Activity]) -> None:
    """Rows a unique constraint may already hold (a visit, a read, an attendance): written if new."""
    Activity.objects.bulk_create(rows, ignore_conflicts=True)
