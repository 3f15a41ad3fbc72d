"""What changes circles: creating them, their members, the double link."""

from terreau.communities.models import Community

from .models import Circle, CircleKind


def core_team_circle(community: Community) -> Circle:
    """The community's core-team circle, made on first use (its members are the core-team memberships)."""
    circle, _created = Circle.objects.get_or_create(community=community, kind=CircleKind.CORE_TEAM)
    return circle
