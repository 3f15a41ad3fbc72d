"""The schedule: every 3 months in the first year after the launch, every 6 months after; the
launch date it counts from; the daily job that makes the coming evaluation and tells the core
team once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from terreau.communities.models import Phase
from terreau.core import periodic
from terreau.evaluations import schedule, selectors, services
from terreau.evaluations.models import Evaluation
from terreau.events.models import Event
from terreau.exchanges.models import Notification, NotificationKind, Verb
from terreau.lifecycle.models import PhaseChange

from .factories import launch_on, make_evaluation

LAUNCH = date(2026, 1, 15)


def test_the_guide_s_cadence_3_months_in_the_first_year_then_6():
    assert [schedule.months_after(n) for n in range(1, 9)] == [3, 6, 9, 12, 18, 24, 30, 36]
    with pytest.raises(ValueError):
        schedule.months_after(0)


def test_each_slot_covers_the_days_since_the_previous_one():
    first, second, fifth = schedule.slot(LAUNCH, 1), schedule.slot(LAUNCH, 2), schedule.slot(LAUNCH, 5)
    assert (first.period_start, first.period_end, first.due_on) == (LAUNCH, date(2026, 4, 14), date(2026, 4, 15))
    assert (second.period_start, second.due_on) == (date(2026, 4, 15), date(2026, 7, 15))
    assert (fifth.months, fifth.period_start, fifth.due_on) == (18, date(2027, 1, 15), date(2027, 7, 15))


def test_a_launch_at_the_end_of_a_month_keeps_to_the_month_s_last_day():
    assert schedule.slot(date(2026, 11, 30), 1).due_on == date(2027, 2, 28)
    assert schedule.slot(date(2026, 11, 30), 2).due_on == date(2027, 5, 30)


def test_the_next_slot_is_the_first_held_today_or_later():
    assert schedule.next_slot(LAUNCH, LAUNCH).number == 1
    assert schedule.next_slot(LAUNCH, date(2026, 4, 15)).number == 1  # held today
    assert schedule.next_slot(LAUNCH, date(2026, 4, 16)).number == 2
    assert schedule.next_slot(LAUNCH, date(2027, 3, 1)).months == 18


# The launch date ------------------------------------------------------------------------------


def test_the_launch_date_is_the_launch_day_s(cast):
    launch_on(cast.community, LAUNCH)
    assert selectors.launch_date(cast.community, today=date(2026, 6, 1)) == LAUNCH


def test_a_cancelled_launch_day_does_not_count_and_the_held_one_wins_over_a_later_one(cast):
    launch_on(cast.community, date(2026, 1, 8), status=Event.Status.CANCELLED)
    launch_on(cast.community, LAUNCH)
    launch_on(cast.community, date(2026, 9, 1))  # a second launch day, planned
    assert selectors.launch_date(cast.community, today=date(2026, 6, 1)) == LAUNCH
    # Before any was held, the next one planned.
    assert selectors.launch_date(cast.community, today=date(2026, 1, 1)) == LAUNCH


def test_the_launch_day_is_read_in_the_community_s_time_zone(cast):
    community = cast.community
    community.time_zone = "Pacific/Auckland"
    community.save()
    # 23:30 UTC on the 14th is already the 15th in Auckland.
    starts = datetime(2026, 1, 14, 23, 30, tzinfo=ZoneInfo("UTC"))
    Event.objects.create(community=community, kind="launch_day", title="L", starts_at=starts, ends_at=starts)
    assert selectors.launch_date(community, today=date(2026, 6, 1)) == LAUNCH


def test_without_a_launch_day_the_move_to_the_run_phase_counts(cast):
    community = cast.community
    assert selectors.launch_date(community) is None
    change = PhaseChange.objects.create(community=community, from_phase=Phase.LAUNCH, to_phase=Phase.RUN)
    PhaseChange.objects.filter(pk=change.pk).update(changed_at=datetime(2026, 2, 3, 10, 0, tzinfo=ZoneInfo("UTC")))
    # Only while the community runs: a move undone leaves it unlaunched.
    assert selectors.launch_date(community) is None
    community.phase = Phase.RUN
    community.save()
    assert selectors.launch_date(community) == date(2026, 2, 3)


# The daily job --------------------------------------------------------------------------------


def test_the_job_is_registered_to_run_daily():
    job = periodic.JOBS["evaluations.schedule"]
    assert job.every == timedelta(days=1) and job.run == "terreau.evaluations.services.schedule_all"


def test_a_community_not_launched_gets_no_evaluation(cast):
    cast.community.phase = Phase.RUN
    cast.community.save()
    assert services.schedule_all(today=LAUNCH) == 0
    assert not Evaluation.objects.exists()


def test_every_day_for_two_years_makes_each_evaluation_once_and_announces_it_once(cast):
    """Run daily across the first year and into the second: 3, 6, 9, 12 then 18 and 24 months,
    each made once, each announced to the core team once, 14 days ahead."""
    community = cast.community
    community.phase = Phase.RUN
    community.save()
    launch_on(community, LAUNCH)
    announced_on = {}
    day = LAUNCH - timedelta(days=3)
    while day <= date(2028, 1, 20):
        if services.schedule_all(today=day):
            for evaluation in Evaluation.objects.filter(announced_at__isnull=False):
                announced_on.setdefault(evaluation.months, day)
            assert services.schedule_all(today=day) == 0  # a second scheduler the same day tells nobody
        day += timedelta(days=1)
    evaluations = list(Evaluation.objects.filter(community=community).order_by("number"))
    assert [e.months for e in evaluations] == [3, 6, 9, 12, 18, 24, 30]
    assert [e.due_on for e in evaluations[:6]] == [
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2026, 10, 15),
        date(2027, 1, 15),
        date(2027, 7, 15),
        date(2028, 1, 15),
    ]
    assert [e.period_start for e in evaluations[:6]] == [LAUNCH] + [e.due_on for e in evaluations[:5]]
    # Each announced 14 days before it is due, once.
    assert announced_on == {e.months: e.due_on - timedelta(days=services.ANNOUNCE_DAYS) for e in evaluations[:6]}
    notifications = Notification.objects.filter(kind=NotificationKind.EVALUATION, verb=Verb.EVALUATION_DUE)
    assert notifications.count() == 6
    assert set(notifications.values_list("recipient", flat=True)) == {cast.core_member.pk}
    assert sorted(int(n.params["months"]) for n in notifications) == [3, 6, 9, 12, 18, 24]


def test_the_coming_evaluation_is_made_ahead_as_soon_as_the_previous_date_passed(cast):
    community = cast.community
    community.phase = Phase.LAUNCH
    community.save()
    launch_on(community, LAUNCH)
    services.schedule_all(today=date(2026, 1, 10))  # the launch day is yet to come
    assert list(Evaluation.objects.values_list("number", "status")) == [(1, "planned")]
    services.schedule_all(today=date(2026, 4, 16))
    assert list(Evaluation.objects.values_list("number", flat=True)) == [1, 2]


def test_the_announcement_goes_to_the_core_team_only_and_says_which_evaluation(cast):
    community = cast.community
    evaluation = make_evaluation(community, launch=LAUNCH)
    assert services.evaluations_announce(today=evaluation.due_on - timedelta(days=15)) == 0
    assert services.evaluations_announce(today=evaluation.due_on - timedelta(days=14)) == 1
    assert services.evaluations_announce(today=evaluation.due_on - timedelta(days=13)) == 0
    notification = Notification.objects.get(kind=NotificationKind.EVALUATION)
    assert notification.recipient == cast.core_member
    assert notification.message == "The evaluation at 3 months is coming: time for the core team to prepare it"
    assert notification.url == f"/c/{community.slug}/evaluations/{evaluation.pk}/"


def test_an_evaluation_already_past_or_concluded_is_not_announced(cast):
    past = make_evaluation(cast.community, launch=LAUNCH, number=1)
    make_evaluation(cast.community, launch=LAUNCH, number=2, status=Evaluation.Status.CONCLUDED)
    assert services.evaluations_announce(today=past.due_on + timedelta(days=1)) == 0
    assert services.evaluations_announce(today=date(2026, 7, 10)) == 0
