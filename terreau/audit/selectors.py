"""Reading the audit log: one community's entries, filtered, joined so a page costs the same
number of queries whatever it shows."""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from terreau.accounts.models import User
from terreau.communities.models import Community, JoinRequest, Membership

from .actions import ACTIONS, KINDS, codes_of
from .models import AuditEntry


def entries(
    community: Community,
    *,
    action: str = "",
    person: User | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """`action` is a code or a whole kind; `person` matches what they did and what was done to
    their membership; the dates are whole days, both included, in the site's time zone."""
    found = AuditEntry.objects.filter(community=community).select_related("target_type")
    if action in KINDS:
        found = found.filter(action__in=codes_of(action))
    elif action in ACTIONS:
        found = found.filter(action=action)
    if person is not None:
        found = found.filter(_concerning(community, person))
    if since is not None:
        found = found.filter(created_at__gte=_start_of(since))
    if until is not None:
        found = found.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return found


def _concerning(community: Community, person: User) -> Q:
    about = Q(actor=person)
    for model in (Membership, JoinRequest):
        mine = model.objects.filter(community=community, user=person).values("pk")
        about |= Q(target_type=ContentType.objects.get_for_model(model), target_id__in=mine)
    return about


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def people(community: Community) -> QuerySet[User]:
    """Whoever the log of the community can be filtered on: its members, past and present, and
    whoever acted in it (a platform admin, for one)."""
    actors = AuditEntry.objects.filter(community=community, actor__isnull=False).values("actor_id")
    return (
        User.objects.filter(Q(memberships__community=community) | Q(pk__in=actors))
        .distinct()
        .order_by("display_name", "pk")
    )
