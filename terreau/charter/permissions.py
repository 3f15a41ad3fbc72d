"""Who may do what with the charter, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs:

- `charter.read` (member): read the adopted charter as its visibility allows. Outside the
  community, a public community's charter is read when it is public (`can_read_adopted`).
- `charter.edit` (core team): write a new version, choose who reads the adopted charter.
- `charter.history` (core team): every version, drafts too: the history, comparisons, each
  version's page and download; the core team's pages show the latest version.
- `charter.submit` (a core-team membership): submit a version for adoption, which opens a
  consent decision of the core team's circle (terreau/decisions). Nobody adopts the charter by
  a click: the version is adopted when that decision is.

The yes/no form of each is `permissions.can(user, ACTION, community)`, the refusal
`permissions.require(...)`.
"""

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community
from terreau.core.models import Visibility
from terreau.permissions import Standing

from .models import Charter

READ = permissions.register("charter.read", Standing.MEMBER, reads=True)
EDIT = permissions.register("charter.edit", Standing.CORE_TEAM)
HISTORY = permissions.register("charter.history", Standing.CORE_TEAM, reads=True)
SUBMIT = permissions.register("charter.submit", Standing.CORE_TEAM, needs_membership=True)


def can_read_adopted(user: User, community: Community, charter: Charter | None) -> bool:
    """The adopted charter is public when the community is; members read it as its visibility allows."""
    if charter is None or charter.adopted_version_id is None:
        return False
    if permissions.can(user, READ, community):
        return permissions.can_see(user, community, charter)
    return community.is_public and charter.visibility == Visibility.PUBLIC
