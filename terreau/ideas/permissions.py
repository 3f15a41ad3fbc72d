"""Who may do what with the idea box, built on the kernel (terreau/permissions.py).

The idea box is read by whoever may view the community, each idea as its visibility allows
(`ideas_visible_to`). Actions, with the least standing each needs:

- `ideas.propose` (an active membership): propose an idea; its proposer then edits it while it
  waits for an answer (`can_edit`), and withdraws it while nobody supports it (`can_delete`).
- `ideas.support` (an active membership): support an idea one may see, and take the support back.
- `ideas.answer` (core team): answer an idea (taken up, not now, no, with a word), turn it into
  an action of the action plan or record the proposal it became, edit or delete any idea.

Refusals through the kernel's `refuse`: `idea_for` (an idea one may not see does not exist: 404).
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Idea

PROPOSE = permissions.register("ideas.propose", Standing.MEMBER, needs_membership=True)
SUPPORT = permissions.register("ideas.support", Standing.MEMBER, needs_membership=True)
ANSWER = permissions.register("ideas.answer", Standing.CORE_TEAM)


def ideas_visible_to(user, community: Community) -> QuerySet[Idea]:
    return permissions.visible(user, community, Idea.objects.filter(community=community))


def can_read(user, community: Community, idea: Idea) -> bool:
    return idea.community_id == community.pk and permissions.can_see(user, community, idea)


def can_edit(user, community: Community, idea: Idea) -> bool:
    """The core team; the proposer while the idea waits for an answer."""
    if not can_read(user, community, idea) or permissions.is_closed(community):
        return False
    if permissions.can(user, ANSWER, community):
        return True
    return (
        user.is_authenticated
        and idea.author_id == user.pk
        and idea.status == Idea.Status.OPEN
        and permissions.membership(user, community) is not None
    )


def can_delete(user, community: Community, idea: Idea) -> bool:
    """The core team; the proposer while nobody else supports it and it has no answer."""
    if permissions.can(user, ANSWER, community) and can_read(user, community, idea):
        return True
    others = idea.supports_count - (1 if getattr(idea, "supported", False) else 0)
    return can_edit(user, community, idea) and others == 0


def idea_for(user, community: Community, pk) -> Idea:
    """The idea `pk` of `community`, for this person to read."""
    from .selectors import idea_page

    idea = idea_page(user, community, pk)
    if idea is None:
        permissions.refuse(user, community, readable=False)
    return idea


def require_edit(user, community: Community, idea: Idea) -> None:
    if not can_edit(user, community, idea):
        permissions.refuse_write(user, community, readable=True)
