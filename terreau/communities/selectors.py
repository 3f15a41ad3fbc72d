"""Reads: querysets already joined, so that a page's query count does not grow with its data."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from terreau import permissions
from terreau.accounts.models import User

from .models import Community, Invitation, JoinRequest, Membership, Role, RoleAssignment
from .themes import theme_slug

ACTIVE = Membership.Status.ACTIVE
SLUG_MAX: int = Community._meta.get_field("slug").max_length or 50


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


# The who-does-what page names this many holders per role; the role's own page lists them all.
HOLDERS_SHOWN = 5
# Beyond a screenful the matrix of members and roles weighs more than it tells: the CSV carries it.
MATRIX_MAX_ROWS = 60


@dataclass
class WhoDoesWhat:
    roles: list[Role]  # each with `holder_count` and `holders` (its first HOLDERS_SHOWN assignments)
    matrix: list[tuple[Membership, list[tuple[Role, bool]]]]  # empty when too large
    matrix_size: int  # members holding a role shown, or in the core team

    @property
    def matrix_too_large(self) -> bool:
        return self.matrix_size > MATRIX_MAX_ROWS


def who_does_what_page(community: Community, user: User, *, matrix: bool = True) -> WhoDoesWhat:
    """The who-does-what as a page draws it: each role with its first holders and their number,
    and the matrix of members and roles while it fits on a screen.

    Five queries whatever the size of the community (three without the matrix): the work and the
    page stay bounded.
    """
    roles = list(
        with_holder_counts(
            permissions.visible(user, community, Role.objects.filter(community=community, retired_at__isnull=True))
        ).order_by("position", "id")
    )
    with_first_holders(roles)
    if not matrix:
        return WhoDoesWhat(roles=roles, matrix=[], matrix_size=0)
    holders = RoleAssignment.objects.filter(role__in=roles).values("membership_id")
    in_matrix = active_members(community).filter(Q(pk__in=holders) | Q(is_core_team=True))
    # One row more than fits tells whether the matrix fits, without loading every holder.
    members = list(
        in_matrix.select_related("user").order_by("-is_core_team", "user__display_name", "pk")[: MATRIX_MAX_ROWS + 1]
    )
    if len(members) > MATRIX_MAX_ROWS:
        return WhoDoesWhat(roles=roles, matrix=[], matrix_size=in_matrix.count())
    held = set(
        RoleAssignment.objects.filter(role__in=roles, membership__in=members).values_list("membership_id", "role_id")
    )
    rows = [(member, [(role, (member.pk, role.pk) in held) for role in roles]) for member in members]
    return WhoDoesWhat(roles=roles, matrix=rows, matrix_size=len(members))


@dataclass(frozen=True)
class Holder:
    membership_id: int
    name: str


def with_first_holders(roles: list[Role], shown: int = HOLDERS_SHOWN) -> list[Role]:
    """Give each role `holders`: its first `shown` active holders by name (`Holder`s), in one
    query however many hold it (with `holder_count`, annotated by the caller, a page says how
    many more). Plain rows, not models: a page of thirty roles reads 150 of them."""
    first = (
        RoleAssignment.objects.filter(role__in=roles, membership__status=ACTIVE)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("role_id"), order_by=[F("membership__user__display_name").asc(), "pk"]
            )
        )
        .filter(rank__lte=shown)
        .order_by("role_id", "rank")
        .values_list("role_id", "membership_id", "membership__user__display_name")
    )
    by_role: dict[int, list[Holder]] = {role.pk: [] for role in roles}
    for role_id, membership_id, name in first:
        by_role[role_id].append(Holder(membership_id, name))
    for role in roles:
        role.holders = by_role[role.pk]  # type: ignore[attr-defined]  # read by the page, not stored
    return roles


def with_holder_counts(roles: QuerySet[Role]) -> QuerySet[Role]:
    return roles.annotate(holder_count=Count("assignments", filter=Q(assignments__membership__status=ACTIVE)))


def role_holders(role: Role) -> QuerySet[RoleAssignment]:
    """Who holds `role`, by name: the role's page lists them a page at a time."""
    return (
        RoleAssignment.objects.filter(role=role, membership__status=ACTIVE)
        .select_related("membership__user")
        .order_by("membership__user__display_name", "pk")
    )


# The member picker offers this many members at a time: typing more narrows them.
PICKER_RESULTS = 10


def member_search(
    community: Community, text: str, limit: int = PICKER_RESULTS, *, by_email: bool = True
) -> list[Membership]:
    """Active members whose name or organisation holds every word typed, or whose whole email
    address it is (only with `by_email`: the directory shows no email), at most `limit`."""
    words = text.split()[:5]
    if not words:
        return []
    members = active_members(community).select_related("user")
    for word in words:
        matches = Q(user__display_name__icontains=word) | Q(user__organisation__icontains=word)
        members = members.filter(matches | Q(user__email__iexact=word) if by_email else matches)
    return list(members.order_by("user__display_name", "pk")[:limit])


def member_resolve(community: Community, text: str) -> Membership | None:
    """The one active member that `text` names: their email, their exact name, or the only member
    whose name or organisation holds the words typed. None when nobody or several match.

    What a form without JavaScript asks for when the picker could not offer choices.
    """
    text = text.strip()
    if not text:
        return None
    members = active_members(community).select_related("user")
    exact = list(members.filter(Q(user__email__iexact=text) | Q(user__display_name__iexact=text))[:2])
    if len(exact) == 1:
        return exact[0]
    found = member_search(community, text, limit=2)
    return found[0] if len(found) == 1 else None


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
