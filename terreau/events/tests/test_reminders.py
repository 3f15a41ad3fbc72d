"""Reminders before an event: due once, to the people registered, within the message rhythm."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone, translation

import conftest
from terreau.communities.models import Membership
from terreau.core import periodic
from terreau.events import tasks
from terreau.events.models import Event, Registration
from terreau.events.services import reminders
from terreau.exchanges import mailing
from terreau.exchanges.models import Notification, NotificationPreference, RhythmPolicy, SentMessage, Verb

from .factories import make_event

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
pytestmark = pytest.mark.django_db
Status = Registration.Status


def at(cast, day, hour, minute=0) -> datetime:
    """`day` days from today, at `hour` in the community's time zone."""
    zone = ZoneInfo(cast.community.time_zone)
    today = timezone.now().astimezone(zone).date()
    return datetime.combine(today + timedelta(days=day), time(hour, minute), tzinfo=zone)


def meeting(cast, **fields) -> Event:
    event = make_event(cast.community, starts_at=at(cast, 10, 18), **fields)
    for user in (cast.member, cast.observer):
        Registration.objects.create(event=event, user=user)
    Registration.objects.create(event=event, user=cast.facilitator, status=Status.WAITING)
    return event


def reminded(event) -> set:
    return set(Notification.objects.filter(verb=Verb.EVENT_REMINDER).values_list("recipient_id", flat=True))


def test_the_job_is_registered_every_15_minutes():
    job = periodic.JOBS["events.reminders"]
    assert job.every == timedelta(minutes=15) and job.run == "terreau.events.tasks.send_reminders"
    assert callable(tasks.send_reminders)


def test_the_reminder_goes_to_the_registered_once_when_due(cast):
    event = meeting(cast)
    assert reminders.reminders_send(now=at(cast, 8, 17, 50)) == 0  # 48 h before is 18:00
    assert not Notification.objects.exists()
    assert reminders.reminders_send(now=at(cast, 8, 18, 5)) == 1
    assert reminded(event) == {cast.member.pk, cast.observer.pk}  # not the waiting list
    notification = Notification.objects.filter(recipient=cast.member).get()
    assert notification.kind == "event" and notification.is_urgent
    assert "Reminder: Rencontre mensuelle" in notification.message
    # The date is written out in the reader's language, in the community's time zone.
    starts = at(cast, 10, 18).replace(tzinfo=None)
    with translation.override("en"):
        assert f"{starts.day} {starts:%B} {starts.year}, 18:00" in notification.message
    with translation.override("fr"):
        assert formats.date_format(starts, "DATETIME_FORMAT") in notification.message
        assert f"{starts.day} " in notification.message and "18:00" in notification.message
    # Two runs, or a late one, send nothing twice.
    assert reminders.reminders_send(now=at(cast, 8, 18, 20)) == 0
    assert reminders.reminders_send(now=at(cast, 9, 9)) == 0
    assert Notification.objects.count() == 2
    assert Event.objects.get(pk=event.pk).reminder_sent_at == at(cast, 8, 18, 5)


def test_two_schedulers_at_once_send_once(cast):
    event = meeting(cast)
    due = reminders.reminders_due(at(cast, 8, 19))
    assert [found.pk for found in due] == [event.pk]
    assert reminders.reminder_send(due[0], now=at(cast, 8, 19))
    assert not reminders.reminder_send(Event.objects.get(pk=event.pk), now=at(cast, 8, 19))  # the other one
    assert Notification.objects.count() == 2


def test_the_hours_are_the_event_s_own(cast):
    event = meeting(cast, reminder_hours=2)
    assert reminders.reminders_send(now=at(cast, 9, 18)) == 0
    assert reminders.reminders_send(now=at(cast, 10, 16, 1)) == 1
    assert Event.objects.get(pk=event.pk).reminder_sent_at is not None


@pytest.mark.parametrize("fields", [{"reminder_hours": 0}, {"status": Event.Status.CANCELLED}])
def test_no_reminder_when_none_is_wanted_or_the_event_is_cancelled(cast, fields):
    meeting(cast, **fields)
    assert reminders.reminders_send(now=at(cast, 9, 12)) == 0
    assert not Notification.objects.exists()


def test_no_reminder_after_the_start(cast):
    meeting(cast)
    assert reminders.reminders_send(now=at(cast, 10, 18, 1)) == 0


def test_someone_who_left_is_not_reminded(cast):
    event = meeting(cast)
    Membership.objects.filter(community=cast.community, user=cast.observer).update(status=Membership.Status.LEFT)
    reminders.reminders_send(now=at(cast, 9, 12))
    assert reminded(event) == {cast.member.pk}


def test_a_weekly_digest_member_at_the_ceiling_gets_the_reminder_the_next_morning_before_the_event(cast):
    """Ceiling 1, weekly digest, an email already sent today: the reminder waits for the next
    morning's first pass (not the weekly digest's day), and the ceiling is never passed."""
    event = meeting(cast)
    RhythmPolicy.objects.create(community=cast.community, daily_ceiling=1)
    membership = cast.membership(cast.member)
    NotificationPreference.objects.create(membership=membership, frequency="weekly", time_zone=cast.community.time_zone)
    Membership.objects.filter(pk=membership.pk).update(joined_at=at(cast, 8, 7))  # no floor digest due
    SentMessage.objects.create(recipient=cast.member, community=cast.community, sent_at=at(cast, 8, 9), kind="answer")

    reminders.reminders_send(now=at(cast, 8, 18, 5))
    mailing.rhythm_run(community=cast.community, user_ids=[cast.member.pk], now=at(cast, 8, 18, 10))
    notification = Notification.objects.get(recipient=cast.member, verb=Verb.EVENT_REMINDER)
    assert notification.email is None  # held: the day's one email is gone
    mailing.rhythm_run(community=cast.community, user_ids=[cast.member.pk], now=at(cast, 8, 22))
    notification.refresh_from_db()
    assert notification.email is None  # outside sending hours

    mailing.rhythm_run(community=cast.community, user_ids=[cast.member.pk], now=at(cast, 9, 8, 5))
    notification.refresh_from_db()
    assert notification.email is not None and notification.digested_in is None  # alone, the next morning
    assert (
        notification.email.to == cast.member.email
        and "Rencontre mensuelle" in notification.email.subject + notification.email.text
    )
    sent_days = sorted(
        row.sent_at.astimezone(ZoneInfo(cast.community.time_zone)).date()
        for row in SentMessage.objects.filter(recipient=cast.member)
    )
    assert sent_days == [at(cast, 8, 9).date(), at(cast, 9, 8).date()]  # one a day: the ceiling holds
    assert at(cast, 9, 8, 5) < event.starts_at


def test_an_immediate_member_with_room_gets_it_at_once(cast):
    meeting(cast)
    reminders.reminders_send(now=at(cast, 8, 18, 5))
    outcome = mailing.rhythm_run(community=cast.community, user_ids=[cast.observer.pk], now=at(cast, 8, 18, 10))
    assert outcome.individual == 1
