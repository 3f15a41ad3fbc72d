"""Who may do what with retrospectives, built on the kernel (terreau/permissions.py).

- `retrospectives.view` (member): read the board and its record.
- `retrospectives.take_part` (an active membership): post cards, vote.
- `retrospectives.facilitate` (facilitation role, core team): open one, group cards, run it live,
  move it to the vote, end it and write its record.
"""

from terreau import permissions
from terreau.communities.models import RoleKind
from terreau.permissions import Standing

VIEW = permissions.register("retrospectives.view", Standing.MEMBER, reads=True)
TAKE_PART = permissions.register("retrospectives.take_part", Standing.MEMBER, needs_membership=True)
FACILITATE = permissions.register("retrospectives.facilitate", Standing.MEMBER, role=RoleKind.FACILITATION)
