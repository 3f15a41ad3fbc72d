"""Series: the plain-words rule, its expansion in the community's wall time, the occurrences
stored ahead, and the changes of the whole series or of "this meeting and the following"."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from terreau.core.periodic import JOBS
from terreau.events.models import Event, History, Registration, Series
from terreau.events.services import series as series_services
from terreau.events.services.series import Pattern, Rule, rule_parse, rule_words, series_words

from .factories import local

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    ("rule", "rrule", "words"),
    [
        (Rule(Pattern.MONTHLY_WEEKDAY, weekday=1, nth=1), "FREQ=MONTHLY;BYDAY=1TU", "The first Tuesday of the month"),
        (Rule(Pattern.MONTHLY_WEEKDAY, weekday=4, nth=-1), "FREQ=MONTHLY;BYDAY=-1FR", "The last Friday of the month"),
        (Rule(Pattern.MONTHLY_DAY, monthday=15), "FREQ=MONTHLY;BYMONTHDAY=15", "The 15 of each month"),
        (Rule(Pattern.WEEKLY, weekday=2), "FREQ=WEEKLY;BYDAY=WE", "Every Wednesday"),
        (Rule(Pattern.FORTNIGHTLY, weekday=3), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "Every other Thursday"),
    ],
)
def test_plain_words_make_an_rrule_and_read_back(rule, rrule, words):
    assert rule.as_rrule() == rrule
    assert rule_parse(rrule) == rule
    assert rule_words(rrule) == words


def test_series_is_described_with_its_times(cast):
    series = _series(cast, first_start=local(cast.community, 2026, 1, 6, 18, 0), duration=120)
    assert series_words(series) == "The first Tuesday of the month, 18:00–20:00"


def _series(cast, **fields):
    fields.setdefault("rule", "FREQ=MONTHLY;BYDAY=1TU")
    fields.setdefault("first_start", local(cast.community, 2026, 1, 6, 18, 0))
    fields.setdefault("duration", 120)
    fields.setdefault("title", "Rencontre mensuelle")
    return series_services.series_create(actor=cast.core_member, community=cast.community, **fields)


def test_a_series_across_the_clock_changes_stays_at_18_00_local(cast):
    """March's last Sunday and October's: the UTC time moves, the community's does not."""
    series = _series(cast, first_start=local(cast.community, 2026, 1, 6, 18, 0))
    starts = [event.starts_at.astimezone(BRUSSELS) for event in series.events.order_by("starts_at")]
    assert {(start.hour, start.minute) for start in starts} == {(18, 0)}
    march = next(s for s in starts if s.month == 3)
    april = next(s for s in starts if s.month == 4)
    november = next(s for s in starts if s.month == 11 and s.year == 2026)
    assert march.utcoffset() == timedelta(hours=1) and april.utcoffset() == timedelta(hours=2)
    assert november.utcoffset() == timedelta(hours=1)
    assert march.astimezone(ZoneInfo("UTC")).hour == 17 and april.astimezone(ZoneInfo("UTC")).hour == 16
    # Every first Tuesday, and only them.
    assert all(start.weekday() == 1 and start.day <= 7 for start in starts)
    # The recurrence id is the start the rule gave.
    assert all(event.recurrence_id == event.starts_at for event in series.events.all())
    assert all(event.ends_at - event.starts_at == timedelta(hours=2) for event in series.events.all())


def test_occurrences_are_stored_up_to_a_year_ahead_and_the_job_is_idempotent(cast):
    series = _series(cast, first_start=timezone.now() - timedelta(days=60))
    count = series.events.count()
    series.refresh_from_db()
    assert series.materialised_until > timezone.now() + timedelta(days=364)
    assert not series.events.filter(starts_at__gt=series.materialised_until).exists()
    assert 13 <= count <= 15
    assert series_services.series_materialise(series) == 0
    assert series_services.materialise_all() == 0
    assert series.events.count() == count
    # A day later, the horizon moves on by what the rule gives in that day (at most one).
    later = timezone.now() + timedelta(days=40)
    series_services.series_materialise(series, now=later)
    series_services.series_materialise(series, now=later)
    assert series.events.count() == count + 1 or series.events.count() == count + 2
    assert Event.objects.filter(series=series).values("recurrence_id").distinct().count() == series.events.count()


def test_the_daily_job_is_registered():
    job = JOBS["events.materialise"]
    assert job.every == timedelta(days=1)
    assert job.run == "terreau.events.services.series.materialise_all"


def test_a_series_ends_on_its_last_day(cast):
    community = cast.community
    series = _series(cast, first_start=local(community, 2026, 1, 6, 18, 0), until=local(community, 2026, 4, 30, 23, 59))
    assert [e.starts_at.astimezone(BRUSSELS).month for e in series.events.order_by("starts_at")] == [1, 2, 3, 4]


def test_a_series_records_its_creation_and_is_announced(cast):
    from terreau.exchanges.models import FeedItem

    series = _series(cast)
    assert History.objects.filter(series=series, what=History.What.CREATED, actor=cast.core_member).exists()
    assert FeedItem.objects.filter(community=cast.community, kind=FeedItem.Kind.EVENT, verb="event_planned").exists()


def test_editing_a_series_applies_to_its_coming_occurrences_not_the_detached_nor_the_past(cast):
    from terreau.events.services import events as event_services

    series = _series(cast, first_start=timezone.now() - timedelta(days=90))
    past = series.events.filter(starts_at__lt=timezone.now()).first()
    coming = list(series.events.filter(starts_at__gte=timezone.now()).order_by("starts_at"))
    alone = coming[1]
    event_services.event_update(
        actor=cast.core_member,
        event=alone,
        version=alone.version,
        starts_at=alone.starts_at,
        ends_at=alone.ends_at,
        place="Chez Julie",
    )
    series_services.series_update(actor=cast.core_member, series=series, place="Salle du conseil", title="Rencontre")
    assert Event.objects.get(pk=past.pk).place == ""
    assert Event.objects.get(pk=coming[0].pk).place == "Salle du conseil"
    assert Event.objects.get(pk=coming[0].pk).title == "Rencontre"
    assert Event.objects.get(pk=alone.pk).place == "Chez Julie"
    assert History.objects.filter(series=series, what=History.What.EDITED).exists()


def test_one_occurrence_moved_is_detached_and_keeps_its_recurrence_id(cast):
    from terreau.events.services import events as event_services

    series = _series(cast, first_start=timezone.now() + timedelta(days=2))
    event = series.events.order_by("starts_at")[2]
    given = event.recurrence_id
    event_services.event_update(
        actor=cast.core_member,
        event=event,
        version=event.version,
        starts_at=event.starts_at + timedelta(days=7),
        ends_at=event.ends_at + timedelta(days=7),
    )
    event.refresh_from_db()
    assert event.detached and event.recurrence_id == given
    assert event.starts_at == given + timedelta(days=7)
    assert History.objects.filter(event=event, what=History.What.MOVED).exists()
    # Running the job again does not recreate the occurrence it stands for.
    series_services.series_materialise(series)
    assert series.events.filter(recurrence_id=given).count() == 1


def test_this_and_the_following_splits_the_series(cast):
    """The old series ends before the meeting; a new one continues it from there with the new
    rule; the coming meetings move onto it (their registrations follow), the past stay."""
    community = cast.community
    series = _series(cast, first_start=timezone.now() - timedelta(days=100))
    pivot = series.events.filter(starts_at__gte=timezone.now()).order_by("starts_at")[1]
    registration = Registration.objects.create(event=pivot, user=cast.member)
    past_count = series.events.filter(starts_at__lt=pivot.starts_at).count()
    day = pivot.starts_at.astimezone(BRUSSELS).date()
    new = series_services.series_split(
        actor=cast.core_member,
        event=pivot,
        rule="FREQ=MONTHLY;BYDAY=-1TH",
        first_start=datetime.combine(day, time(19, 0)).replace(tzinfo=BRUSSELS),
        duration=90,
        reason="Le mardi ne convient plus",
        title="Rencontre du jeudi",
    )
    series.refresh_from_db()
    assert series.until < pivot.recurrence_id
    assert series.events.count() == past_count
    assert new.continues == series
    registration.refresh_from_db()
    moved = registration.event
    assert moved.series == new and moved.title == "Rencontre du jeudi"
    local_start = moved.starts_at.astimezone(BRUSSELS)
    assert (local_start.weekday(), local_start.hour, local_start.minute) == (3, 19, 0)
    assert moved.recurrence_id == moved.starts_at
    assert all(e.starts_at.astimezone(BRUSSELS).weekday() == 3 for e in new.events.all())
    assert History.objects.filter(series=series, what=History.What.SPLIT, reason="Le mardi ne convient plus").exists()
    assert History.objects.filter(series=new, what=History.What.SPLIT).exists()
    # The old series' job adds nothing after its end.
    assert series_services.series_materialise(series) == 0
    assert Series.objects.filter(community=community).count() == 2


def test_split_keeps_a_detached_occurrence_as_it_was(cast):
    from terreau.events.services import events as event_services

    series = _series(cast, first_start=timezone.now() + timedelta(days=1))
    events = list(series.events.order_by("starts_at"))
    alone = events[3]
    event_services.event_update(
        actor=cast.core_member,
        event=alone,
        version=alone.version,
        starts_at=alone.starts_at + timedelta(hours=1),
        ends_at=alone.ends_at + timedelta(hours=1),
    )
    alone.refresh_from_db()
    new = series_services.series_split(
        actor=cast.core_member,
        event=events[1],
        rule=series.rule,
        first_start=events[1].starts_at.astimezone(BRUSSELS).replace(hour=17),
        duration=120,
    )
    kept = Event.objects.get(pk=alone.pk)
    assert kept.series == new and kept.starts_at == alone.starts_at and kept.recurrence_id == alone.recurrence_id
    assert {e.starts_at.astimezone(BRUSSELS).hour for e in new.events.filter(detached=False)} == {17}
