"""Access-matrix entries of the launch: the launch day, the calendar of activities, the action plan.

The three pages are open to everyone and show each person what their visibility allows (a
visitor sees only what is public); everything that writes is for the core team.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.launch import services
from terreau.launch.models import Action, Activity, Frequency
from tests.access import core_team_only, everyone, members_only, url


def prepare(world):
    cast = world.cast
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    world.agenda_item = meeting.items.order_by("position").first()
    world.launch_activity = services.activity_save(
        actor=cast.core_member,
        activity=Activity(
            community=cast.community, title="Marché du mois", frequency=Frequency.MONTHLY, participants="Tous"
        ),
    )
    world.action = services.action_save(
        actor=cast.core_member,
        action=Action(
            community=cast.community,
            title="Cartographier les points de vente",
            due_date=timezone.localdate() + timedelta(days=10),
        ),
        owners=[cast.membership(cast.member)],
    )


item_id = lambda w: w.agenda_item.pk  # noqa: E731
activity_id = lambda w: w.launch_activity.pk  # noqa: E731
action_id = lambda w: w.action.pk  # noqa: E731

MATRIX = {
    "launch:meeting": ("get", url("launch:meeting"), everyone(200)),
    "launch:meeting_edit": ("get", url("launch:meeting_edit"), core_team_only(200)),
    "launch:meeting_start": ("post", url("launch:meeting_start"), core_team_only(302)),
    "launch:agenda_item_create": ("get", url("launch:agenda_item_create"), core_team_only(200)),
    "launch:agenda_item_edit": ("get", url("launch:agenda_item_edit", item_id), core_team_only(200)),
    "launch:agenda_item_delete": ("post", url("launch:agenda_item_delete", item_id), core_team_only(302)),
    # Without a direction nothing moves: back to the plan with a message.
    "launch:agenda_item_move": ("post", url("launch:agenda_item_move", item_id), core_team_only(302)),
    "launch:activities": ("get", url("launch:activities"), everyone(200)),
    "launch:activity_create": ("get", url("launch:activity_create"), core_team_only(200)),
    "launch:activity_edit": ("get", url("launch:activity_edit", activity_id), core_team_only(200)),
    "launch:activity_delete": ("post", url("launch:activity_delete", activity_id), core_team_only(302)),
    "launch:activities_suggest": ("post", url("launch:activities_suggest"), core_team_only(302)),
    "launch:actions": ("get", url("launch:actions"), everyone(200)),
    "launch:actions_csv": ("get", url("launch:actions_csv"), everyone(200)),
    "launch:action_create": ("get", url("launch:action_create"), core_team_only(200)),
    "launch:action_edit": ("get", url("launch:action_edit", action_id), core_team_only(200)),
    "launch:action_delete": ("post", url("launch:action_delete", action_id), core_team_only(302)),
    # Without a status nothing changes: back to the plan with a message.
    "launch:action_status": ("post", url("launch:action_status", action_id), core_team_only(302)),
}

MATRIX["launch:pack"] = ("get", url("launch:pack"), members_only(200))
MATRIX["launch:pack_download"] = ("get", url("launch:pack_download", lambda w: "docx"), members_only(200))
