"""Reads: querysets already joined, so that a page's query count does not grow with its data."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from terreau import permissions
from terreau.accounts.models import User

from .models import Community, Invitation, JoinRequest, Membership, Role, RoleAssignment
from .themes import theme_slug

ACTIVE = Membership.Status.ACTIVE
SLUG_MAX = Community._meta.get_field("slug").max_length


def community_slug_suggest(name: str) -> str:
    """A short address made from the name, accents folded ("Circuits courts en Wallonie" gives
    "circuits-courts-en-wallonie"), that no community uses yet; "" for a name without Latin letters."""
    base = theme_slug(name or "")
    if not base.isascii():
        return ""
    base = base[:SLUG_MAX].strip("-")
    if not base:
        return ""
    taken = set(Community.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].strip("-") + suffix
    return candidate


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
