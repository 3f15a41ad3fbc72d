"""Who reads the statistics, built on the kernel (terreau/permissions.py).

- `stats.view` (member): the community's figures over time, as every member may read them.
- `stats.dashboard` (the facilitation role, or the core team): the whole dashboard, with the
  weekly message kept or missed, the engagement declared against measured and the drivers gone
  silent (names: never shown wider), and the CSV export of the series.
"""

from terreau import permissions
from terreau.communities.models import RoleKind
from terreau.permissions import Standing

VIEW = permissions.register("stats.view", Standing.MEMBER, reads=True)
DASHBOARD = permissions.register("stats.dashboard", Standing.MEMBER, role=RoleKind.FACILITATION, reads=True)
