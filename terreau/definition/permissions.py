"""Who may do what in the community's definition, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs:

- `definition.view` (member): the stakeholder map and its conversations, the objectives and
  scope, each as its visibility allows; the stakeholders' CSV.
- `stakeholders.edit` (core team): add, change, remove and import stakeholders.
- `conversations.record` (core team): note a conversation held with a stakeholder.
- `scope.edit` (core team): the objectives, the scope and the existing networks.

The yes/no form of each is `permissions.can(user, ACTION, community)`, the refusal
`permissions.require(...)`; `stakeholders_visible_to()` is the queryset form."""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Stakeholder

VIEW = permissions.register("definition.view", Standing.MEMBER, reads=True)
STAKEHOLDERS_EDIT = permissions.register("stakeholders.edit", Standing.CORE_TEAM)
CONVERSATIONS_RECORD = permissions.register("conversations.record", Standing.CORE_TEAM)
SCOPE_EDIT = permissions.register("scope.edit", Standing.CORE_TEAM)

# What the core team's controls of each section of the pages change.
EDIT_BY_SECTION = {"stakeholders": STAKEHOLDERS_EDIT, "scope": SCOPE_EDIT}


def stakeholders_visible_to(user, community: Community) -> QuerySet[Stakeholder]:
    """The stakeholders of `community` this person may see."""
    return permissions.visible(user, community, Stakeholder.objects.filter(community=community))
