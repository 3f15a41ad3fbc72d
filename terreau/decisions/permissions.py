"""Who may do what with decisions by consent and tensions, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs:

- `decisions.view` (member): the proposals in progress and the tensions, as their visibility
  allows. The decision log is read by whoever may view the community: an adopted decision is
  public when the community and the decision are (`visible_decisions`).
- `decisions.propose` (an active membership): write a proposal in a circle, raise a tension.
- `decisions.facilitate` (core team, and members holding the facilitation role): run the
  rounds live in a meeting, writing down each participant's say on their behalf, moving a
  round on, moving the deadline; close a tension.

Taking part is not an action of the table: a proposal's participants are its circle's members
(`services.participants`); the proposer moves their own proposal on.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.permissions import Standing

from .models import Proposal, State

VIEW = permissions.register("decisions.view", Standing.MEMBER, reads=True)
PROPOSE = permissions.register("decisions.propose", Standing.MEMBER, needs_membership=True)
FACILITATE = permissions.register("decisions.facilitate", Standing.MEMBER, role=RoleKind.FACILITATION)


def visible_proposals(user, community: Community) -> QuerySet[Proposal]:
    """Every proposal of the community this person may see, in progress or decided."""
    return permissions.visible(user, community, Proposal.objects.filter(community=community))


def visible_decisions(user, community: Community) -> QuerySet[Proposal]:
    """The decision log: adopted decisions, as their visibility allows; outside the community, the
    public ones of a public community only (community.view is asked first)."""
    adopted = Proposal.objects.filter(community=community, state=State.ADOPTED)
    if not permissions.can(user, VIEW, community) and not community.is_public:
        return adopted.none()
    return permissions.visible(user, community, adopted)


def can_read(user, community: Community, proposal: Proposal) -> bool:
    """Members read a proposal as its visibility allows; outside, an adopted public decision of a
    public community only."""
    if not permissions.can_see(user, community, proposal):
        return False
    if permissions.can(user, VIEW, community):
        return True
    return proposal.state == State.ADOPTED and community.is_public


def require_read(user, community: Community, proposal: Proposal) -> None:
    if not can_read(user, community, proposal):
        permissions.refuse(user, community, readable=False)
