"""Writes for the launch: only the core team prepares the launch day, the calendar and the plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities import services as community_services
from terreau.communities.models import Community, Membership, RoleKind
from terreau.core import events

from . import permissions as launch_permissions
from .models import Action, Activity, ActivityGuide

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


NOTE_MAX = 2000  # Action.note's max_length


@transaction.atomic
def action_report(*, actor: User, action: Action, status: str, note: str = "") -> Action:
    """An owner (or the core team) gives the action's status and, if they wish, a word of news.

    Recorded in the change log; done and blocked are announced as when the core team moves it."""
    launch_permissions.require_update(actor, action.community, action)
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note is too long: 2000 characters at most.")})
    before = {"status": action.status, "note": action.note}
    action.status = status
    fields = ["status", "updated_at"]
    if note:
        action.note, action.note_at, action.note_by = note, timezone.now(), actor
        fields += ["note", "note_at", "note_by"]
    action.save(update_fields=fields)
    audit.record(
        actor=actor,
        community=action.community,
        action="action.updated",
        target=action,
        before=before,
        after={"status": action.status, "note": action.note},
    )
    _announce_status(action, actor, before["status"])
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
