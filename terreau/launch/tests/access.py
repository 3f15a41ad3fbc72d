"""Access-matrix entries of the launch: the launch day, the calendar of activities, the action plan.

The three pages are open to everyone and show each person what their visibility allows (a
visitor sees only what is public); everything that writes is for the core team, the owner of an
action included.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.events.models import AgendaItem as EventAgendaItem
from terreau.events.models import Event
from terreau.events.services import agenda as agenda_services
from terreau.launch import services
from terreau.launch.models import Action, Activity, Frequency
from tests.access import Kind, Route, core_team_only, everyone, facilitators, members_only, pk, thing_url, url


def prepare(place):
    cast = place.cast
    place.launch_activity = services.activity_save(
        actor=cast.core_member,
        activity=Activity(
            community=cast.community, title="Marché du mois", frequency=Frequency.MONTHLY, participants="Tous"
        ),
    )
    place.action = services.action_save(
        actor=cast.core_member,
        action=Action(
            community=cast.community,
            title="Cartographier les points de vente",
            due_date=timezone.localdate() + timedelta(days=10),
        ),
        owners=[cast.membership(cast.author)],
    )


activity_id = lambda p: p.launch_activity.pk  # noqa: E731
action_id = lambda p: p.action.pk  # noqa: E731

MATRIX = {
    "launch:meeting": ("get", url("launch:meeting"), everyone(200)),
    # Plans the launch day, an event (events.manage: the facilitators too), and opens its form.
    "launch:meeting_start": ("post", url("launch:meeting_start"), facilitators(302)),
    "launch:activities": ("get", url("launch:activities"), everyone(200)),
    "launch:activity_create": ("get", url("launch:activity_create"), core_team_only(200)),
    "launch:activity_edit": ("get", url("launch:activity_edit", activity_id), core_team_only(200)),
    "launch:activity_delete": ("post", url("launch:activity_delete", activity_id), core_team_only(302)),
    "launch:activities_suggest": ("post", url("launch:activities_suggest"), core_team_only(302)),
    "launch:actions": ("get", url("launch:actions"), everyone(200)),
    "launch:actions (all)": ("get", lambda p: url("launch:actions")(p) + "?show=all", everyone(200)),
    "launch:actions_csv": ("get", url("launch:actions_csv"), everyone(200)),
    "launch:action_create": ("get", url("launch:action_create"), core_team_only(200)),
    # The owner of an action (the author) changes nothing of it: the plan is the core team's.
    # The action's own page (its comments): a members' action, as the plan's are by default.
    "launch:action": ("get", url("launch:action", action_id), members_only(200)),
    "launch:action_edit": ("get", url("launch:action_edit", action_id), core_team_only(200)),
    "launch:action_delete": ("post", url("launch:action_delete", action_id), core_team_only(302)),
    # Without a status nothing changes: back to the plan with a message.
    "launch:action_status": ("post", url("launch:action_status", action_id), core_team_only(302)),
    # Its owner (the author) gives its status and news; without a status nothing changes.
    "launch:action_report": (
        "post",
        url("launch:action_report", action_id),
        {**core_team_only(302), "author": 302},
    ),
    "launch:pack": ("get", url("launch:pack"), members_only(200)),
    "launch:pack_download": ("get", url("launch:pack_download", lambda p: "docx"), members_only(200)),
    "launch:pack_download (odt)": ("get", url("launch:pack_download", lambda p: "odt"), members_only(200)),
}


# Things of every visibility -------------------------------------------------------------------


def plant_meeting(place, visibility, marker):
    """The launch day, an event, with the marker as its place and as an item of its agenda."""
    cast = place.cast
    event = agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    agenda_services.item_save(actor=cast.core_member, item=EventAgendaItem(event=event, title=marker, position=9))
    Event.objects.filter(pk=event.pk).update(place=marker, visibility=visibility)
    event.refresh_from_db()
    return event


def plant_activity(place, variant, marker):
    cast = place.cast
    return services.activity_save(
        actor=cast.core_member,
        activity=Activity(
            community=cast.community,
            title=marker,
            description=marker,
            frequency=Frequency.QUARTERLY,
            participants=marker,
            visibility=variant,
        ),
    )


def plant_action(place, variant, marker):
    cast = place.cast
    return services.action_save(
        actor=cast.core_member,
        action=Action(
            community=cast.community,
            title=marker,
            description=marker,
            due_date=timezone.localdate() + timedelta(days=20),
            visibility=variant,
        ),
        owners=[cast.membership(cast.author)],
    )


KINDS = {
    "launch_meeting": Kind(plant_meeting, singleton=True),
    "launch_activity": Kind(plant_activity),
    "action": Kind(plant_action),
}

# A member may edit nothing here, whatever the thing: refused before it is looked up.
editing = {"hidden": core_team_only(404)}

OBJECT_ROUTES = {
    # The page is everyone's; a launch day the person may not see shows as "nothing planned yet".
    "launch:meeting": Route(
        "get", "launch_meeting", lambda p, meeting: url("launch:meeting")(p), everyone(200), hidden=everyone(200)
    ),
    "launch:activity_edit": Route(
        "get", "launch_activity", thing_url("launch:activity_edit", pk), core_team_only(200), **editing
    ),
    "launch:activity_delete": Route(
        "post", "launch_activity", thing_url("launch:activity_delete", pk), core_team_only(302), **editing
    ),
    "launch:action": Route("get", "action", thing_url("launch:action", pk), everyone(200)),
    "launch:action_edit": Route("get", "action", thing_url("launch:action_edit", pk), core_team_only(200), **editing),
    "launch:action_delete": Route(
        "post", "action", thing_url("launch:action_delete", pk), core_team_only(302), **editing
    ),
    "launch:action_status": Route(
        "post", "action", thing_url("launch:action_status", pk), core_team_only(302), **editing
    ),
    # The owner (the author) updates a thing they see; a hidden action does not exist for them.
    "launch:action_report": Route(
        "post", "action", thing_url("launch:action_report", pk), {**core_team_only(302), "author": 302}
    ),
}
