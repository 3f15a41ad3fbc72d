"""Who may open the pages that gather several apps, built on the kernel (terreau/permissions.py).

- `weekly_hour.view` (the facilitation role, or the core team): the facilitator's weekly hour,
  what to do this week. Each line of it shows only what the person may see, and its button only
  when they may do it (each app's own rule).
- `grow.view` (core team): recruitment (calls, invitations, requests, conversions) and partner
  communities.
"""

from terreau import permissions
from terreau.communities.models import RoleKind
from terreau.permissions import Standing

WEEKLY_HOUR = permissions.register("weekly_hour.view", Standing.MEMBER, role=RoleKind.FACILITATION, reads=True)
GROW = permissions.register("grow.view", Standing.CORE_TEAM, reads=True)
