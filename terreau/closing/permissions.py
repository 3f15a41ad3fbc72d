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
