"""Reads of the pages that gather several apps."""

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from terreau.accounts.models import User
from terreau.calls.models import Application
from terreau.communities.models import Community, JoinRequest, Membership, RoleAssignment, RoleKind
from terreau.events.selectors import rhythm_annotations
from terreau.exchanges.models import WeeklyMessage

ACTIVE = Membership.Status.ACTIVE


def home_communities(user: User) -> QuerySet[Community]:
    """The person's communities with what is new in each."""
    since = timezone.now() - timedelta(days=30)
    since_week = timezone.now() - timedelta(days=7)
    # A subquery, not a join: the counts below must see every membership, not only the person's.
    mine = Membership.objects.filter(user=user, status=ACTIVE).values("community_id")
    i_facilitate = RoleAssignment.objects.filter(
        membership__user=user,
        membership__status=ACTIVE,
        membership__community=OuterRef("pk"),
        role__kind=RoleKind.FACILITATION,
        role__retired_at__isnull=True,
    )
    members = Membership.objects.filter(community=OuterRef("pk"), status=ACTIVE)
    # Each figure is a subquery of its own, counted on an index: joining memberships and join
    # requests in one grouped query multiplied their rows, so the page grew with the community.
    # Answers to the community's calls nobody has decided on yet: the core team's to read.
    new_applications = Application.objects.filter(call__community=OuterRef("pk"), status=Application.Status.NEW)
    return (
        Community.objects.filter(pk__in=mine)
        .annotate(
            # For the facilitators' reminder: one message a week to every member.
            i_facilitate=Exists(i_facilitate),
            weekly_sent=Exists(WeeklyMessage.objects.filter(community=OuterRef("pk"), sent_at__gte=since_week)),
            i_am_core_team=Exists(members.filter(user=user, is_core_team=True)),
            member_count=_count(members),
            new_member_count=_count(members.filter(joined_at__gte=since)),
            pending_request_count=_count(
                JoinRequest.objects.filter(community=OuterRef("pk"), status=JoinRequest.Status.PENDING)
            ),
            new_application_count=_count(new_applications, "call__community"),
            # For the facilitators' warnings: a meeting a month, never two cancelled in a row.
            **rhythm_annotations(),
        )
        .order_by("name")
    )


def _count(queryset: QuerySet, community: str = "community") -> Coalesce:
    """How many rows of `queryset` (correlated to the community by OuterRef), as a subquery."""
    counted = queryset.order_by().values(community).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
