"""What changes circles: creating them, their members, the double link."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership

from .models import Circle, CircleKind


def core_team_circle(community: Community) -> Circle:
    """The community's core-team circle, made on first use (its members are the core-team memberships)."""
    circle, _created = Circle.objects.get_or_create(community=community, kind=CircleKind.CORE_TEAM)
    return circle


def representative_set(*, circle: Circle, membership: Membership | None, actor: User) -> Circle:
    """The circle's representative (the double link's upward half), as the circle elected them.

    A minimal version, for the elections without candidates that elect a representative: the
    election is the circle's own decision, so nothing more is asked of `actor` here.
    """
    if membership is not None and (membership.community_id != circle.community_id or not membership.is_active):
        raise ValidationError(_("The representative must be a member of the community."))
    before = circle.representative.user.display_name if circle.representative is not None else ""
    circle.representative = membership
    circle.version += 1
    circle.save(update_fields=["representative", "version"])
    audit.record(
        actor=actor,
        community=circle.community,
        action="circle.representative_set",
        target=circle,
        before={"representative": before},
        after={"representative": membership.user.display_name if membership else ""},
    )
    return circle
