"""Writes for the launch: only the core team prepares the launch day, the calendar and the plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities import services as community_services
from terreau.communities.models import Community, Membership, RoleKind
from terreau.core import events

from . import permissions as launch_permissions
from . import selectors
from .models import Action, Activity, ActivityGuide, AgendaItem, LaunchMeeting

# ---------------------------------------------------------------------------------------------
# Launch day


@transaction.atomic
def launch_meeting_prepare(*, actor: User, community: Community) -> LaunchMeeting:
    """The community's launch meeting; the first time, created with the guide's agenda.

    Called on the first change only: the launch-day pages show the guide's plan unsaved until then.
    """
    permissions.require(actor, launch_permissions.PLAN_DAY, community)
    meeting, created = LaunchMeeting.objects.get_or_create(community=community)
    if created:
        AgendaItem.objects.bulk_create(selectors.guide_agenda(meeting))
    return meeting


@transaction.atomic
def launch_meeting_update(*, actor: User, meeting: LaunchMeeting, **fields) -> LaunchMeeting:
    """Save the date, time and place; an unsaved meeting (the guide's plan) is created first."""
    permissions.require(actor, launch_permissions.PLAN_DAY, meeting.community)
    if meeting.pk is None:
        meeting = launch_meeting_prepare(actor=actor, community=meeting.community)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    audit.record_visibility(actor=actor, community=meeting.community, target=meeting)
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_save(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Create or update an agenda item; a new one goes to the end of the day."""
    permissions.require(actor, launch_permissions.PLAN_DAY, item.meeting.community)
    if item.meeting.pk is None:  # the first item added to the guide's plan saves the plan
        item.meeting = launch_meeting_prepare(actor=actor, community=item.meeting.community)
    if item.pk is None:
        last = item.meeting.items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, actor: User, item: AgendaItem) -> None:
    permissions.require(actor, launch_permissions.PLAN_DAY, item.meeting.community)
    audit.record_deletion(actor=actor, community=item.meeting.community, action="agenda_item.deleted", target=item)
    item.delete()


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, direction: str) -> None:
    """Swap the item with the one before ("up") or after ("down"); at either end nothing moves."""
    permissions.require(actor, launch_permissions.PLAN_DAY, item.meeting.community)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move the item up or down."))
    items = list(item.meeting.items.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    # Number them afresh: positions stay 1..n whatever earlier edits left behind.
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# ---------------------------------------------------------------------------------------------
# Calendar of activities


@transaction.atomic
def activity_save(*, actor: User, activity: Activity) -> Activity:
    permissions.require(actor, launch_permissions.ACTIVITIES_EDIT, activity.community)
    activity.full_clean()
    audit.record_visibility(actor=actor, community=activity.community, target=activity)
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    permissions.require(actor, launch_permissions.ACTIVITIES_EDIT, activity.community)
    audit.record_deletion(actor=actor, community=activity.community, action="activity.deleted", target=activity)
    activity.delete()


def missing_suggestions(community: Community) -> list[str]:
    """The guide's activities the community's calendar does not hold yet."""
    present = set(
        Activity.objects.filter(community=community).exclude(guide_key="").values_list("guide_key", flat=True)
    )
    return [key for key in ActivityGuide.values if key not in present]


@transaction.atomic
def activities_suggest(*, actor: User, community: Community) -> list[Activity]:
    """Add the guide's rhythm (a message a week, a meeting a month, ...) where it is missing.

    The facilitator, when someone holds that role, is put in charge of the weekly message and
    the monthly meeting: the guide gives them that hour a week.
    """
    permissions.require(actor, launch_permissions.ACTIVITIES_EDIT, community)
    facilitator = (
        Membership.objects.filter(
            community=community,
            status=Membership.Status.ACTIVE,
            role_assignments__role__kind=RoleKind.FACILITATION,
            role_assignments__role__retired_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    created = []
    for key in missing_suggestions(community):
        guide = Activity.GUIDE[key]
        in_charge = facilitator if key in (ActivityGuide.WEEKLY_MESSAGE, ActivityGuide.MONTHLY_MEETING) else None
        activity = Activity(community=community, guide_key=key, frequency=guide["frequency"], owner=in_charge)
        activity.full_clean()
        activity.save()
        created.append(activity)
    return created


# ---------------------------------------------------------------------------------------------
# Action plan


@transaction.atomic
def action_save(*, actor: User, action: Action, owners=None, new_theme: str = "") -> Action:
    """Create or update an action; `owners` (memberships of the community), when given, replace
    the current ones; `new_theme`, when given, is the action's theme (the community's theme of
    that name, added to its themes when it has none)."""
    permissions.require(actor, launch_permissions.ACTIONS_EDIT, action.community)
    if new_theme.strip():
        try:
            action.theme = community_services.theme_get_or_create(
                actor=actor, community=action.community, name=new_theme
            )
        except ValidationError as error:
            raise ValidationError({"new_theme": error.messages}) from None
    if owners is not None:
        owners = list(owners)
        strangers = [m for m in owners if m.community_id != action.community_id or not m.is_active]
        if strangers:
            raise ValidationError({"owners": _("Choose members of the community.")})
    if action.pk is None:
        action.created_by = actor
    action.full_clean()
    audit.record_visibility(actor=actor, community=action.community, target=action)
    before = Action.objects.filter(pk=action.pk).values_list("status", flat=True).first() if action.pk else None
    action.save()
    if owners is not None:
        action.owners.set(owners)
    _announce_status(action, actor, before)
    return action


@transaction.atomic
def action_delete(*, actor: User, action: Action) -> None:
    permissions.require(actor, launch_permissions.ACTIONS_EDIT, action.community)
    audit.record_deletion(actor=actor, community=action.community, action="action.deleted", target=action)
    action.delete()


@transaction.atomic
def action_set_status(*, actor: User, action: Action, status: str) -> Action:
    permissions.require(actor, launch_permissions.ACTIONS_UPDATE, action.community)
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    before, action.status = action.status, status
    action.save(update_fields=["status", "updated_at"])
    _announce_status(action, actor, before)
    return action


STATUS_EVENTS: dict[str, str] = {Action.Status.DONE: events.ACTION_DONE, Action.Status.BLOCKED: events.ACTION_BLOCKED}


def _announce_status(action: Action, actor: User, before: str | None) -> None:
    """Done and blocked are news when the action was not already so; saving it again is not."""
    if action.status == before or action.status not in STATUS_EVENTS:
        return
    events.announce(
        STATUS_EVENTS[action.status],
        community=action.community,
        action=action,
        actor=actor,
        visibility=action.visibility,
        url=f"{reverse('launch:actions', args=[action.community.slug])}?show=all#action-{action.pk}",
        owners=[owner.user for owner in action.owners.select_related("user")],
    )
