"""Who may do what with a community's archive, built on the kernel (terreau/permissions.py).

- `archive.view` (visitor): see the community's archives and download those of a scope one may
  read: the public archive holds only public things; the members' archive what members may see.
- `archive.build` (core team, also once the community is closed): build a new archive.
- `archive.import` (platform: the platform admin and the people allowed to create communities):
  create a new community from an archive of this or another Terreau instance.
"""

from terreau import permissions
from terreau.permissions import Standing

VIEW = permissions.register("archive.view", Standing.VISITOR, reads=True)
BUILD = permissions.register("archive.build", Standing.CORE_TEAM, when_closed=True)
IMPORT = permissions.register("archive.import", Standing.ADMIN, platform=True)
permissions.GRANTABLE.setdefault(IMPORT, "communities.add_community")
