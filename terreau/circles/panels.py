"""The circles' panel on a member's page (communities' member panels)."""

from terreau import permissions

from . import selectors


def member_circles(user, community, membership) -> dict:
    if not permissions.can(user, "circles.view", community):
        return {"member_circles": []}
    return {"member_circles": selectors.circles_of(user, community, membership)}
