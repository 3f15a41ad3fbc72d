"""The launch-day plan becomes the agenda of a launch-day event (terreau/events).

Each community's LaunchMeeting gives an event of kind "launch_day": its date and start time, read
in the community's time zone, give the start; the agenda's total gives the end; its place and
visibility are kept. Its agenda items are copied in order, the guide's items keeping their
`guide_key` (so that they still show the guide's words in each reader's language until edited),
the facilitator becoming who leads the item. A plan without a date gets one four weeks ahead, to
be confirmed, as its description says.

Backwards, each community's first launch-day event gives back a launch meeting and its agenda,
and goes (so that migrating forwards again does not make it twice).
The next migration drops the launch meeting and its items.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

TITLE = "Journée de lancement"
UNDATED = "La date de la journée de lancement n'était pas encore fixée : elle est à confirmer."
UNDATED_DAYS = 28
MINIMUM_MINUTES = 30


def _zone(community) -> ZoneInfo:
    try:
        return ZoneInfo(community.time_zone)
    except (ValueError, KeyError):
        return ZoneInfo("Europe/Brussels")


def forwards(apps, schema_editor):
    LaunchMeeting = apps.get_model("launch", "LaunchMeeting")
    LaunchItem = apps.get_model("launch", "AgendaItem")
    Event = apps.get_model("events", "Event")
    EventItem = apps.get_model("events", "AgendaItem")
    today = timezone.localdate()
    for meeting in LaunchMeeting.objects.select_related("community").order_by("pk"):
        zone = _zone(meeting.community)
        items = list(LaunchItem.objects.filter(meeting=meeting).order_by("position", "id"))
        day, description = meeting.date, ""
        if day is None:
            day = max(timezone.localtime(meeting.created_at, zone).date(), today) + timedelta(days=UNDATED_DAYS)
            description = UNDATED
        starts_at = datetime.combine(day, meeting.start_time or time(9, 30), tzinfo=zone)
        total = max(sum(item.duration for item in items), MINIMUM_MINUTES)
        event = Event.objects.create(
            community=meeting.community,
            kind="launch_day",
            title=TITLE,
            description=description,
            format="in_person",
            place=meeting.place,
            visibility=meeting.visibility,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=total),
            reminder_hours=48,
        )
        # Kept as the plan's dates say (auto_now_add set them to now).
        Event.objects.filter(pk=event.pk).update(created_at=meeting.created_at, updated_at=meeting.updated_at)
        EventItem.objects.bulk_create(
            EventItem(
                event=event,
                position=position,
                guide_key=item.guide_key,
                title=item.title,
                duration=item.duration,
                lead_id=item.facilitator_id,
                notes=item.notes,
            )
            for position, item in enumerate(items, start=1)
        )


def backwards(apps, schema_editor):
    LaunchMeeting = apps.get_model("launch", "LaunchMeeting")
    LaunchItem = apps.get_model("launch", "AgendaItem")
    Event = apps.get_model("events", "Event")
    EventItem = apps.get_model("events", "AgendaItem")
    done = set()
    for event in Event.objects.filter(kind="launch_day").select_related("community").order_by("starts_at", "pk"):
        if event.community_id in done:
            continue
        done.add(event.community_id)
        local = event.starts_at.astimezone(_zone(event.community))
        undated = event.description == UNDATED
        meeting, _created = LaunchMeeting.objects.update_or_create(
            community=event.community,
            defaults={
                "date": None if undated else local.date(),
                "start_time": local.time().replace(second=0, microsecond=0),
                "place": event.place,
                "visibility": event.visibility,
            },
        )
        LaunchItem.objects.filter(meeting=meeting).delete()
        LaunchItem.objects.bulk_create(
            LaunchItem(
                meeting=meeting,
                position=position,
                guide_key=item.guide_key if len(item.guide_key) <= 20 else "",
                title=item.title or ("" if len(item.guide_key) <= 20 else item.guide_key),
                duration=item.duration,
                facilitator_id=item.lead_id,
                notes=item.notes,
            )
            for position, item in enumerate(EventItem.objects.filter(event=event).order_by("position", "pk"), start=1)
        )
        event.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("launch", "0004_drop_action_theme_name"),
        ("communities", "0008_community_time_zone"),
        ("events", "0002_agendaitem_guide_key"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
