"""Who may do what in the close phase, built on the kernel (terreau/permissions.py).

- `closing.view` (member): the closing page and its checklist.
- `recognition.edit` (core team): generate and edit the recognition document, publish it.
- `transfer.give` (core team, also once closed): list the organisations the knowledge goes to,
  give each the archive or a read access, take a read access back.
"""

from terreau import permissions
from terreau.permissions import Standing

VIEW = permissions.register("closing.view", Standing.MEMBER, reads=True)
RECOGNITION_EDIT = permissions.register("recognition.edit", Standing.CORE_TEAM)
TRANSFER_GIVE = permissions.register("transfer.give", Standing.CORE_TEAM, when_closed=True)


def sees_drafts(user, community) -> bool:
    """The core team reads the recognition document before it is published (and after the close)."""
    return permissions.standing(user, community) >= Standing.CORE_TEAM


def recognition_for(user, community):
    """The community's recognition document as this person may read it: published and of a
    visibility they see, or any state for the core team; else the kernel's refusal (404)."""
    from .models import Recognition

    found = Recognition.objects.filter(community=community).first()
    if found is not None and (
        sees_drafts(user, community) or (found.published_at and permissions.can_see(user, community, found))
    ):
        return found
    permissions.refuse(user, community, readable=False)
