"""The launch-day plan becomes the agenda of a launch-day event, and back; nothing written is lost."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("launch", "0004_drop_action_theme_name")
AFTER = ("launch", "0006_drop_launch_meeting")


def migrate(launch=None):
    """Every app at its latest but launch at `launch`; answers the models of that state."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if launch:
        targets = [node for node in targets if node[0] != "launch"] + [launch]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_launch_meeting_becomes_a_launch_day_event_with_its_agenda_and_back():
    old = migrate(BEFORE)
    Community = old.get_model("communities", "Community")
    User = old.get_model("accounts", "User")
    Membership = old.get_model("communities", "Membership")
    Meeting = old.get_model("launch", "LaunchMeeting")
    Item = old.get_model("launch", "AgendaItem")
    dated = Community.objects.create(name="Daté", slug="date", purpose="p", time_zone="Europe/Brussels")
    undated = Community.objects.create(name="Sans date", slug="sans-date", purpose="p", time_zone="America/Montreal")
    Community.objects.create(name="Rien", slug="rien", purpose="p")
    sophie = Membership.objects.create(
        community=dated, user=User.objects.create(email="s@example.test", display_name="Sophie")
    )
    meeting = Meeting.objects.create(
        community=dated, date=date(2026, 3, 29), start_time=time(9, 0), place="Ferme de Mozet", visibility="public"
    )
    Item.objects.create(meeting=meeting, position=1, guide_key="expectations", duration=45)
    Item.objects.create(
        meeting=meeting,
        position=2,
        guide_key="purpose",
        title="Notre raison d'être",
        notes="Avec **la charte**.",
        duration=60,
        facilitator=sophie,
    )
    Item.objects.create(meeting=meeting, position=3, title="Visite de la ferme", duration=30)
    bare = Meeting.objects.create(community=undated, start_time=time(10, 0), visibility="core_team")

    new = migrate(AFTER)
    Event = new.get_model("events", "Event")
    EventItem = new.get_model("events", "AgendaItem")
    assert Event.objects.count() == 2
    event = Event.objects.get(community_id=dated.pk)
    # 29 March 2026 is the day of the change to summer time in Brussels: 9:00 there is 7:00 UTC.
    assert event.starts_at == datetime(2026, 3, 29, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert event.starts_at.astimezone(ZoneInfo("UTC")).hour == 7
    assert event.ends_at - event.starts_at == timedelta(minutes=135)
    assert (event.kind, event.title, event.place, event.visibility) == (
        "launch_day",
        "Journée de lancement",
        "Ferme de Mozet",
        "public",
    )
    items = list(EventItem.objects.filter(event=event).order_by("position"))
    assert [(i.position, i.guide_key, i.title, i.duration) for i in items] == [
        (1, "expectations", "", 45),
        (2, "purpose", "Notre raison d'être", 60),
        (3, "", "Visite de la ferme", 30),
    ]
    assert items[1].notes == "Avec **la charte**." and items[1].lead_id == sophie.pk
    other = Event.objects.get(community_id=undated.pk)
    assert other.visibility == "core_team" and other.description  # the date is to be confirmed
    local = other.starts_at.astimezone(ZoneInfo("America/Montreal"))
    assert local.time() == time(10, 0) and local.date() > date.today()
    assert other.ends_at - other.starts_at == timedelta(minutes=30)  # an empty agenda: half an hour

    old = migrate(BEFORE)
    Meeting = old.get_model("launch", "LaunchMeeting")
    Item = old.get_model("launch", "AgendaItem")
    back = Meeting.objects.get(community_id=dated.pk)
    assert (back.date, back.start_time, back.place, back.visibility) == (
        date(2026, 3, 29),
        time(9, 0),
        "Ferme de Mozet",
        "public",
    )
    assert [(i.guide_key, i.title, i.duration, i.facilitator_id) for i in Item.objects.filter(meeting=back)] == [
        ("expectations", "", 45, None),
        ("purpose", "Notre raison d'être", 60, sophie.pk),
        ("", "Visite de la ferme", 30, None),
    ]
    again = Meeting.objects.get(community_id=undated.pk)
    assert again.date is None and again.start_time == time(10, 0) and bare.pk
    assert not old.get_model("events", "Event").objects.exists()  # moved back, not copied
    new = migrate()
    assert new.get_model("events", "Event").objects.count() == 2
    assert new.get_model("events", "AgendaItem").objects.count() == 3
