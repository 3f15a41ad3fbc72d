"""Who may do what for the launch, built on the kernel (terreau/permissions.py).

The launch day, the calendar of activities and the action plan are read by whoever may view
the community (`community.view`), each thing as its visibility allows. Actions, with the least
standing each needs:

- `launch.plan_day` (core team): keep the guide's agenda as the plan, set the day's date, time
  and place, add, change, move and remove agenda items.
- `activities.edit` (core team): add, change and remove the calendar's activities, and the
  guide's suggestions.
- `actions.edit` (core team): add, change and remove the actions of the plan.
- `actions.update` (core team): move an action to another status.
- `launch.pack` (member): read and download the launch pack.

The yes/no form of each is `permissions.can(user, ACTION, community)`, the refusal
`permissions.require(...)`; `actions_visible_to()` is the queryset form.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Action

PLAN_DAY = permissions.register("launch.plan_day", Standing.CORE_TEAM)
ACTIVITIES_EDIT = permissions.register("activities.edit", Standing.CORE_TEAM)
ACTIONS_EDIT = permissions.register("actions.edit", Standing.CORE_TEAM)
ACTIONS_UPDATE = permissions.register("actions.update", Standing.CORE_TEAM)
PACK = permissions.register("launch.pack", Standing.MEMBER)

# What the core team's controls of each section of the pages change.
EDIT_BY_SECTION = {"meeting": PLAN_DAY, "activities": ACTIVITIES_EDIT, "actions": ACTIONS_EDIT}


def actions_visible_to(user, community: Community) -> QuerySet[Action]:
    """The actions of `community`'s plan this person may see."""
    return permissions.visible(user, community, Action.objects.filter(community=community))
