"""Who may do what with elections and calls for role volunteers, built on the kernel.

- `elections.view` (member): the list; an election is read by whoever its visibility allows,
  and always by its participants, its facilitator and the person proposed (`may_see`).
- `elections.start` (core team, or the facilitation role): set an election up.
- `elections.facilitate` (core team, or the facilitation role): move an election on; the
  facilitator named in it may too, whatever their standing (`may_facilitate`).
- `elections.take_part` (a membership): nominate, change, answer the consent round — only a
  participant of that election (and the person proposed, who answers last).
- `role_calls.view` (member), `role_calls.manage` (core team), `role_calls.volunteer` (a membership).

In a closed community nothing moves any more: the kernel refuses every action of these (see
`permissions.is_closed`), the election's own facilitator's included (`may_facilitate`).
"""

from django.db.models import Q, QuerySet

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.permissions import Standing

from .models import Election, RoleCall

VIEW = permissions.register("elections.view", Standing.MEMBER, reads=True)
START = permissions.register("elections.start", Standing.MEMBER, role=RoleKind.FACILITATION)
FACILITATE = permissions.register("elections.facilitate", Standing.MEMBER, role=RoleKind.FACILITATION)
TAKE_PART = permissions.register("elections.take_part", Standing.MEMBER, needs_membership=True)
CALLS_VIEW = permissions.register("role_calls.view", Standing.MEMBER, reads=True)
CALLS_MANAGE = permissions.register("role_calls.manage", Standing.CORE_TEAM)
VOLUNTEER = permissions.register("role_calls.volunteer", Standing.MEMBER, needs_membership=True)


def elections_visible_to(user, community: Community) -> QuerySet[Election]:
    """The elections this person may read: by visibility, or as participant, facilitator or nominee."""
    elections = Election.objects.filter(community=community)
    if not permissions.can(user, VIEW, community):
        return elections.none()
    allowed = Q(visibility__in=permissions.visibilities(user, community))
    found = permissions.membership(user, community)
    if found is not None:
        allowed |= Q(participants__membership=found) | Q(facilitator=found) | Q(proposals__nominee=found)
    return elections.filter(allowed).distinct()


def may_see(user, community: Community, election: Election) -> bool:
    return elections_visible_to(user, community).filter(pk=election.pk).exists()


def may_facilitate(user, community: Community, election: Election) -> bool:
    if permissions.is_closed(community):
        return False  # the election's own facilitator too: a closed community changes nothing
    if permissions.can(user, FACILITATE, community):
        return True
    found = permissions.membership(user, community)
    return found is not None and election.facilitator_id == found.pk


def require_facilitate(user, community: Community, election: Election) -> None:
    if not may_facilitate(user, community, election):
        permissions.refuse_write(user, community, readable=may_see(user, community, election))


def calls_visible_to(user, community: Community) -> QuerySet[RoleCall]:
    if not permissions.can(user, CALLS_VIEW, community):
        return RoleCall.objects.none()
    return permissions.visible(user, community, RoleCall.objects.filter(community=community))
