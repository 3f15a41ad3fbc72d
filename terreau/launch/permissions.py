"""Who may do what for the launch, built on the kernel (terreau/permissions.py).

The launch day, the calendar of activities and the action plan are read by whoever may view
the community (`community.view`), each thing as its visibility allows. Actions, with the least
standing each needs:

- `events.manage` (core team and facilitators, terreau/events): plan the launch day, an event
  of the calendar starting with the guide's agenda; its date, place and agenda are then edited
  on the events' pages.
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

# Planning the launch day is planning an event (terreau/events/permissions.py), named here.
PLAN_DAY = "events.manage"
ACTIVITIES_EDIT = permissions.register("activities.edit", Standing.CORE_TEAM)
ACTIONS_EDIT = permissions.register("actions.edit", Standing.CORE_TEAM)
ACTIONS_UPDATE = permissions.register("actions.update", Standing.CORE_TEAM)
PACK = permissions.register("launch.pack", Standing.MEMBER)

# What the core team's controls of each section of the pages change.
EDIT_BY_SECTION = {"meeting": PLAN_DAY, "activities": ACTIVITIES_EDIT, "actions": ACTIONS_EDIT}


def actions_visible_to(user, community: Community) -> QuerySet[Action]:
    """The actions of `community`'s plan this person may see."""
    return permissions.visible(user, community, Action.objects.filter(community=community))
