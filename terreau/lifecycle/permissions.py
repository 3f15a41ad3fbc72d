"""Who may do what in the lifecycle workspace, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs:

- `lifecycle.view` (member): the workspace, each phase's questions and the answers their
  visibility allows.
- `lifecycle.answer` (core team): answer the guide's questions.
- `lifecycle.move_phase` (core team): move the community to its next phase, or undo that move.

The yes/no form of each is `permissions.can(user, ACTION, community)`, the refusal
`permissions.require(...)`; `answers_visible_to()` is the queryset form."""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Answer

VIEW = permissions.register("lifecycle.view", Standing.MEMBER, reads=True)
ANSWER = permissions.register("lifecycle.answer", Standing.CORE_TEAM)
MOVE_PHASE = permissions.register("lifecycle.move_phase", Standing.CORE_TEAM, when_closed=True)


def answers_visible_to(user, community: Community) -> QuerySet[Answer]:
    """The answers of `community` this person may read."""
    return permissions.visible(user, community, Answer.objects.filter(community=community))
