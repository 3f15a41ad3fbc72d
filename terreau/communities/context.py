"""The context every community page starts from, whichever app draws the page."""

from terreau import permissions
from terreau.communities.models import Phase


def community_context(request, community, **extra):
    """What every community page shows: the community, the phase, and what the person may do."""
    user = request.user
    sees_members = permissions.can(user, "members.view", community)
    return {
        "community": community,
        "my_membership": permissions.membership(user, community),
        "standing": permissions.standing(user, community),
        "can_manage": permissions.can(user, "members.manage", community),
        "can_see_members": sees_members,
        # Someone outside a public community: its public pages have tabs of their own.
        "reads_public_part": community.is_public and not sees_members,
        # A member of a community in its close phase, or closed: the closing page's tab.
        "shows_closing": sees_members and community.phase in (Phase.CLOSE, Phase.CLOSED),
        **extra,
    }
