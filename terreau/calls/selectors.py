"""Reads on calls and applications, joined so that a page's query count stays flat."""

from django.db.models import Count, Q, QuerySet

from terreau import permissions
from terreau.communities.models import Community, Phase

from . import permissions as calls_permissions
from .models import Application, Call, site_today


def calls_for(user, community: Community) -> QuerySet:
    """The core team sees every call with its counts; others the open calls they may see."""
    calls = Call.objects.filter(community=community).select_related("community", "opened_by")
    if permissions.can(user, calls_permissions.EDIT, community):
        return calls.annotate(
            application_count=Count("applications"),
            new_count=Count("applications", filter=Q(applications__status=Application.Status.NEW)),
        )
    if community.phase == Phase.CLOSED:
        return calls.none()
    # A call past its closing date is closed too; the date is compared in the site's time zone.
    return calls_permissions.calls_visible_to(user, community, calls).filter(
        closed_at__isnull=True, closes_on__gte=site_today()
    )


def call_with_questions(community: Community, **lookup) -> Call | None:
    return (
        Call.objects.filter(community=community, **lookup)
        .select_related("community")
        .prefetch_related("questions")
        .first()
    )


def applications_for(call: Call, status: str | None = None) -> QuerySet:
    applications = call.applications.select_related("decided_by").prefetch_related("themes")
    if status:
        applications = applications.filter(status=status)
    return applications


def status_counts(call: Call) -> dict[str, int]:
    counts = dict.fromkeys(Application.Status.values, 0)
    for row in call.applications.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts
