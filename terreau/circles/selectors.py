"""Reads on circles: the map, a circle's page, a person's circles. Query counts stay flat."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from terreau.communities.models import Community, Membership
from terreau.permissions import visibilities

from . import permissions as circle_permissions
from .models import Circle, CircleMember, CircleRequest
from .services import core_team_circle

FOLD_AFTER = 30  # members shown before the rest fold


def _active(queryset: QuerySet[CircleMember]) -> QuerySet[CircleMember]:
    return queryset.filter(membership__status=Membership.Status.ACTIVE)


def core_team_memberships(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE, is_core_team=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def circles_for_map(user, community: Community, *, closed: bool = False) -> list[Circle]:
    """The circles this person sees, each with `member_count` and `coordinators` (a list): a
    fixed number of queries however many circles and members."""
    core_team_circle(community)
    coordinators = Prefetch(
        "members",
        queryset=_active(CircleMember.objects.filter(is_coordinator=True)).select_related("membership__user"),
        to_attr="coordinators",
    )
    found = (
        circle_permissions.visible_circles(user, community)
        .filter(closed_at__isnull=not closed)
        .select_related("lead_link__user", "representative__user", "parent")
        .annotate(
            member_count=Count("members", filter=Q(members__membership__status=Membership.Status.ACTIVE), distinct=True)
        )
        .prefetch_related(coordinators)
    )
    circles: list[Circle] = list(found)
    seen = {circle.pk for circle in circles}
    for circle in circles:
        circle.community = community  # its address names the community: no query per circle
        # A parent the reader may not see is not named (its name would tell it exists).
        circle.shown_parent = circle.parent if circle.parent_id in seen else None  # type: ignore[attr-defined]
    core = next((circle for circle in circles if circle.is_core_team), None)
    if core is not None:
        core.member_count = core_team_memberships(community).count()  # type: ignore[attr-defined]
    return circles


def choices_for(user, community: Community) -> QuerySet[Circle]:
    """The open circles a person may attach a thing to: those they see (for a feature's form)."""
    return circle_permissions.visible_circles(user, community).filter(closed_at__isnull=True)


def circle_page(user, community: Community, pk: int) -> Circle | None:
    circle = (
        circle_permissions.visible_circles(user, community)
        .select_related("lead_link__user", "representative__user", "parent", "community")
        .filter(pk=pk)
        .first()
    )
    if circle is not None:
        parent = circle.parent
        seen = parent is not None and parent.visibility in visibilities(user, community)
        circle.shown_parent = parent if seen else None  # type: ignore[attr-defined]
    return circle


@dataclass
class Members:
    shown: list[Membership]
    folded: list[Membership] = field(default_factory=list)
    coordinators: list[Membership] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.folded)


def circle_members(circle: Circle) -> Members:
    """The circle's active members, coordinators first; past FOLD_AFTER, the rest fold."""
    if circle.is_core_team:
        people = list(core_team_memberships(circle.community))
        coordinators: list[Membership] = []
    else:
        rows = _active(circle.members.all()).select_related("membership__user")
        rows = rows.order_by("-is_coordinator", "membership__user__display_name", "pk")
        people = []
        coordinators = []
        for row in rows:
            row.membership.is_coordinator = row.is_coordinator  # type: ignore[attr-defined]
            people.append(row.membership)
            if row.is_coordinator:
                coordinators.append(row.membership)
    return Members(shown=people[:FOLD_AFTER], folded=people[FOLD_AFTER:], coordinators=coordinators)


def pending_requests(circle: Circle) -> list[CircleRequest]:
    return list(circle.requests.filter(status=CircleRequest.Status.PENDING).select_related("membership__user"))


def my_request(circle: Circle, membership: Membership | None) -> CircleRequest | None:
    if membership is None:
        return None
    return circle.requests.filter(membership=membership, status=CircleRequest.Status.PENDING).first()


def circles_of(user, community: Community, membership: Membership) -> list[Circle]:
    """The open circles a member belongs to that the reader sees (the core team's when they are in it)."""
    circles = list(
        circle_permissions.visible_circles(user, community)
        .filter(closed_at__isnull=True, members__membership=membership)
        .distinct()
    )
    if membership.is_core_team and membership.is_active:
        core = circle_permissions.visible_circles(user, community).filter(kind="core_team").first()
        if core is not None:
            circles.insert(0, core)
    return circles
