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
- `action.update_own` (a membership): an owner of an action gives its status and a note, without
  being core team (the guide: facilitators invite the people in charge to do it, not for them).
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
# Only on the actions the person carries: `can_update()` adds that condition.
ACTIONS_UPDATE_OWN = permissions.register("action.update_own", Standing.MEMBER, needs_membership=True)
PACK = permissions.register("launch.pack", Standing.MEMBER, reads=True)

# What the core team's controls of each section of the pages change.
EDIT_BY_SECTION = {"meeting": PLAN_DAY, "activities": ACTIVITIES_EDIT, "actions": ACTIONS_EDIT}


def can_update(user, community: Community, action: Action, owned: set[int] | None = None) -> bool:
    """Whether the person may give this action's status and news: the core team any action, an
    owner their own (`owned`, the ids of their actions, when the caller has them already)."""
    if not permissions.can_see(user, community, action):
        return False
    if permissions.can(user, ACTIONS_UPDATE, community):
        return True
    if not permissions.can(user, ACTIONS_UPDATE_OWN, community):
        return False
    if owned is None:
        owned = owned_action_ids(user, community)
    return action.pk in owned


def owned_action_ids(user, community: Community) -> set[int]:
    """The ids of the actions the person carries in this community (one query)."""
    membership = permissions.membership(user, community)
    if membership is None:
        return set()
    return set(Action.owners.through.objects.filter(membership=membership).values_list("action_id", flat=True))


def require_update(user, community: Community, action: Action) -> None:
    """`can_update()`, or the kernel's refusal (an action the person may not see does not exist)."""
    if not can_update(user, community, action):
        # From outside the community, as for any members' action: nothing to see here (404).
        readable = permissions.is_member(user, community) and permissions.can_see(user, community, action)
        permissions.refuse_write(user, community, readable=readable)


def actions_visible_to(user, community: Community) -> QuerySet[Action]:
    """The actions of `community`'s plan this person may see."""
    return permissions.visible(user, community, Action.objects.filter(community=community))
