"""Reads: querysets already joined, so that a page's query count does not grow with its data."""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from terreau import permissions
from terreau.accounts.models import User

from .models import Community, Invitation, JoinRequest, Membership, Role, RoleAssignment, RoleKind

ACTIVE = Membership.Status.ACTIVE


def active_members(community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community, status=ACTIVE)


def directory(community: Community, query: str = "", visibilities=None) -> QuerySet[Membership]:
    """The member directory, searchable by name, organisation, territory and expertise.

    `visibilities` limits the roles shown beside each member to those the reader may see.
    """
    assignments = RoleAssignment.objects.filter(role__retired_at__isnull=True).select_related("role")
    if visibilities is not None:
        assignments = assignments.filter(role__visibility__in=visibilities)
    members = (
        active_members(community)
        .select_related("user", "sponsor__user")
        .prefetch_related(Prefetch("role_assignments", queryset=assignments))
        .order_by("-is_core_team", "user__display_name", "pk")
    )
    for word in query.split()[:5]:
        members = members.filter(
            Q(user__display_name__icontains=word)
            | Q(user__organisation__icontains=word)
            | Q(user__territory__icontains=word)
            | Q(user__expertise__icontains=word)
        )
    return members


def home_communities(user: User) -> QuerySet[Community]:
    """The person's communities with what is new in each."""
    since = timezone.now() - timedelta(days=30)
    since_week = timezone.now() - timedelta(days=7)
    from terreau.exchanges.models import WeeklyMessage  # exchanges builds on communities

    # A subquery, not a join: the counts below must see every membership, not only the person's.
    mine = Membership.objects.filter(user=user, status=ACTIVE).values("community_id")
    i_facilitate = RoleAssignment.objects.filter(
        membership__user=user,
        membership__status=ACTIVE,
        membership__community=OuterRef("pk"),
        role__kind=RoleKind.FACILITATION,
        role__retired_at__isnull=True,
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
            pending_request_count=Count(
                "join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING), distinct=True
            ),
        )
        .order_by("name")
    )


def listed_communities(user: User) -> QuerySet[Community]:
    return (
        permissions.communities_listed_for(user)
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=ACTIVE), distinct=True))
        .order_by("name")
    )


def who_does_what(community: Community, user: User) -> tuple[list[Role], list[Membership], set[tuple[int, int]]]:
    """Roles the person may see, the members holding roles or in the core team, and who holds what.

    A role nobody holds falls to the core team, as the guide says.
    """
    roles = list(
        permissions.visible(
            user, community, Role.objects.filter(community=community, retired_at__isnull=True)
        ).prefetch_related(
            Prefetch(
                "assignments",
                queryset=RoleAssignment.objects.filter(membership__status=ACTIVE).select_related("membership__user"),
            )
        )
    )
    held = {(a.membership_id, role.pk) for role in roles for a in role.assignments.all()}
    holders = {membership_id for membership_id, _role in held}
    members = list(
        active_members(community)
        .filter(Q(pk__in=holders) | Q(is_core_team=True))
        .select_related("user")
        .order_by("-is_core_team", "user__display_name")
    )
    return roles, members, held


def retired_roles(community: Community) -> QuerySet[Role]:
    return Role.objects.filter(community=community, retired_at__isnull=False)


def pending_join_requests(community: Community) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(community=community, status=JoinRequest.Status.PENDING).select_related("user")


def open_invitations(community: Community) -> QuerySet[Invitation]:
    """With `email_status` (and `email_attempts`): whether the invitation email went out."""
    return (
        Invitation.objects.filter(community=community, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .annotate(email_status=F("outgoing_email__status"), email_attempts=F("outgoing_email__attempts"))
    )
