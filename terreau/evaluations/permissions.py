"""Who may do what with evaluations, built on the kernel (terreau/permissions.py).

- `community.view` (anyone who may view the community): the list of evaluations, showing each
  person the ones they may read.
- `evaluations.manage` (core team): start, record interviews, write the assessment and the renewal
  plan, turn its items into actions (with `actions.edit` of the launch), conclude, reopen.

Reading one evaluation: the core team reads every one, whatever its status; anyone else reads a
concluded one whose visibility allows it (`evaluations_visible_to`). The interviews' notes are
the core team's only: others read who was interviewed and when (`may_read_notes`).
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Evaluation

VIEW = "community.view"
MANAGE = permissions.register("evaluations.manage", Standing.CORE_TEAM)


def evaluations_visible_to(user, community: Community) -> QuerySet[Evaluation]:
    """The evaluations of `community` this person may read."""
    evaluations = Evaluation.objects.filter(community=community)
    if permissions.holds(user, MANAGE, community):  # the core team reads them after closing too
        return evaluations
    return permissions.visible(user, community, evaluations.filter(status=Evaluation.Status.CONCLUDED))


def may_read_notes(user, community: Community) -> bool:
    return permissions.holds(user, MANAGE, community)
