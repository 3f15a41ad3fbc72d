"""Who may do what with circles, built on the kernel (terreau/permissions.py).

A circle is read by whoever may view the community, as its visibility allows (`visible_circles`).
Actions, with the least standing each needs:

- `circles.view` (visitor): the map and a circle's page, as their visibility allows.
- `circles.manage` (core team): create, edit, nest and close circles, add and take out members,
  name coordinators, name any lead link.
- `circles.join` (an active membership): join an open circle, ask to join one on request, leave.
- `circles.coordinate` (member): keep a circle's purpose and information, decide requests to
  join and record its representative; only for the circle's coordinators (`may_coordinate`),
  and the core team for every circle.

The double link: a circle's lead link is named by the parent circle (its members, its
coordinator) or by the core team (`may_name_lead_link`); its representative is elected by the
circle itself and recorded by its coordinator or the core team (`may_coordinate`).
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Circle, CircleMember

VIEW = permissions.register("circles.view", Standing.VISITOR, reads=True)
MANAGE = permissions.register("circles.manage", Standing.CORE_TEAM)
JOIN = permissions.register("circles.join", Standing.MEMBER, needs_membership=True)
COORDINATE = permissions.register("circles.coordinate", Standing.MEMBER, needs_membership=False)


def visible_circles(user, community: Community) -> QuerySet[Circle]:
    """The circles of `community` this person may see (closed ones included: the caller filters)."""
    return permissions.visible(user, community, Circle.objects.filter(community=community))


def _belongs(user, community: Community, circle: Circle | None, *, coordinator: bool = False) -> bool:
    if circle is None:
        return False
    found = permissions.membership(user, community)
    if found is None:
        return False
    if circle.is_core_team:
        return found.is_core_team
    rows = CircleMember.objects.filter(circle=circle, membership=found)
    return (rows.filter(is_coordinator=True) if coordinator else rows).exists()


def is_circle_member(user, community: Community, circle: Circle) -> bool:
    return _belongs(user, community, circle)


def may_coordinate(user, community: Community, circle: Circle) -> bool:
    """The core team for every circle; a circle's coordinators for theirs (while it is open)."""
    if permissions.can(user, MANAGE, community):
        return True
    return (
        circle.closed_at is None
        and permissions.can(user, COORDINATE, community)
        and _belongs(user, community, circle, coordinator=True)
    )


def may_name_lead_link(user, community: Community, circle: Circle) -> bool:
    """The core team, or the members of the parent circle (its coordinator among them)."""
    if permissions.can(user, MANAGE, community):
        return True
    if permissions.is_closed(community):
        return False  # a closed community changes nothing, whoever asks
    return circle.closed_at is None and _belongs(user, community, circle.parent)


def require_seen(user, community: Community, circle: Circle | None) -> Circle:
    """The circle, or the refusal of a thing the person may not see (404, or sign in first)."""
    if circle is None or not permissions.can_see(user, community, circle):
        permissions.refuse(user, community, readable=False)
    return circle


def require_coordinate(user, community: Community, circle: Circle) -> None:
    permissions.require_open(user, community, readable=permissions.can_see(user, community, circle))
    if not may_coordinate(user, community, circle):
        permissions.refuse(user, community, readable=permissions.can_see(user, community, circle))


def require_name_lead_link(user, community: Community, circle: Circle) -> None:
    permissions.require_open(user, community, readable=permissions.can_see(user, community, circle))
    if not may_name_lead_link(user, community, circle):
        permissions.refuse(user, community, readable=permissions.can_see(user, community, circle))
