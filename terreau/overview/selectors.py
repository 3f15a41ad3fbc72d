"""Reads of the pages that gather several apps."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from terreau.accounts.models import User
from terreau.calls.models import Application
from terreau.communities.models import Community, JoinRequest, Membership, RoleAssignment, RoleKind
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
    # Answers to the community's calls nobody has decided on yet: the core team's to read.
    new_applications = (
        Application.objects.filter(call__community=OuterRef("pk"), status=Application.Status.NEW)
        .order_by()
        .values("call__community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Community.objects.filter(pk__in=mine)
        .annotate(
            # For the facilitators' reminder: one message a week to every member.
            i_facilitate=Exists(i_facilitate),
            weekly_sent=Exists(WeeklyMessage.objects.filter(community=OuterRef("pk"), sent_at__gte=since_week)),
            i_am_core_team=Count(
                "memberships", filter=Q(memberships__user=user, memberships__is_core_team=True), distinct=True
            ),
            member_count=Count("memberships", filter=Q(memberships__status=ACTIVE), distinct=True),
            new_member_count=Count(
                "memberships", filter=Q(memberships__status=ACTIVE, memberships__joined_at__gte=since), distinct=True
            ),
            new_application_count=Coalesce(Subquery(new_applications), 0),
            pending_request_count=Count(
                "join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING), distinct=True
            ),
        )
        .order_by("name")
    )
