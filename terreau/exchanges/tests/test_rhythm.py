"""The rhythm policy keeps the guide's promise for any stream of notifications.

Property-based: Hypothesis draws a member's settings (frequency, time zone, ceiling, weekly
day), a start around daylight-saving changes and any stream of notifications over one to six
weeks, then a quiet spell; `simulate` ticks hourly and at each event and feeds every decision
back into the history.
"""

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terreau.exchanges.rhythm import Frequency, Pending, Rhythm, Sent, decide, rhythm_holds

from .simulation import (
    assert_all_delivered,
    assert_ceiling,
    assert_floor,
    assert_nothing_dropped,
    assert_sending_hours,
    simulate,
    utc,
)

ZONES = [
    "Europe/Brussels",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
]
# Around the European and American daylight-saving changes, and a quiet winter week.
STARTS = [utc(2025, 3, 27, 13, 17), utc(2025, 10, 22, 5, 41), utc(2025, 3, 5, 22, 2), utc(2026, 1, 6, 9, 0)]
QUIET = timedelta(days=9)


@st.composite
def scenarios(draw):
    weeks = draw(st.integers(min_value=1, max_value=6))
    rhythm = Rhythm(
        frequency=draw(st.sampled_from(list(Frequency))),
        since=draw(st.sampled_from(STARTS)),
        time_zone=draw(st.sampled_from(ZONES)),
        ceiling=draw(st.integers(min_value=1, max_value=5)),
        weekly_day=draw(st.integers(min_value=0, max_value=6)),
    )
    span = weeks * 7 * 24 * 60
    bursts = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=span - 1),  # minute of the burst
                st.integers(min_value=1, max_value=8),  # notifications in it
                st.integers(min_value=0, max_value=90),  # minutes between them
                st.booleans(),  # urgent (a welcome memo)
            ),
            max_size=40,
        )
    )
    events = []
    for minute, count, gap, urgent in bursts:
        for index in range(count):
            events.append((rhythm.since + timedelta(minutes=minute + index * gap), urgent and index == 0))
    end = rhythm.since + timedelta(minutes=span) + QUIET
    return rhythm, events, end


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_the_rhythm_holds_for_any_stream_of_notifications(scenario):
    rhythm, events, end = scenario
    outcome = simulate(rhythm, events, end)
    assert_ceiling(outcome)
    assert_sending_hours(outcome)
    assert_floor(outcome)
    assert_nothing_dropped(outcome)
    assert_all_delivered(outcome)


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.integers(min_value=1, max_value=3))
def test_a_late_scheduler_keeps_the_promises_in_whole_days(scenario, hours):
    """Run only every few hours: the promises still hold, counted in local days."""
    rhythm, events, end = scenario
    outcome = simulate(rhythm, events, end, step=timedelta(hours=hours))
    assert_ceiling(outcome)
    assert_sending_hours(outcome)
    assert_floor(outcome)
    assert_nothing_dropped(outcome)
    assert_all_delivered(outcome)


# Examples that name each rule ------------------------------------------------------------

SINCE = utc(2026, 1, 5, 7, 0)  # a Monday, 8:00 in Brussels


def rhythm(**fields):
    return Rhythm(**{"frequency": Frequency.IMMEDIATE, "since": SINCE, **fields})


def pending(count, at=SINCE, urgent=False):
    return [Pending(id=index, created_at=at, urgent=urgent) for index in range(1, count + 1)]


def test_immediate_notifications_go_out_one_by_one():
    decision = decide(rhythm(), [], pending(2), SINCE + timedelta(hours=1))
    assert decision.individual == (1, 2) and not decision.send_digest and decision.held == ()


def test_nothing_goes_out_at_night():
    night = utc(2026, 1, 6, 22, 30)  # 23:30 in Brussels
    decision = decide(rhythm(), [], pending(1, at=night), night)
    assert decision.held == (1,) and decision.emails == 0


def test_beyond_the_ceiling_the_rest_is_folded_into_one_digest():
    decision = decide(rhythm(ceiling=3), [], pending(7), SINCE + timedelta(hours=1))
    assert decision.individual == (1, 2)
    assert decision.digest == (3, 4, 5, 6, 7) and decision.send_digest
    assert decision.emails == 3


def test_when_the_ceiling_is_reached_everything_waits():
    now = SINCE + timedelta(hours=3)
    history = [Sent(at=SINCE + timedelta(minutes=10 * i)) for i in range(3)]
    decision = decide(rhythm(ceiling=3), history, pending(2, at=now), now)
    assert decision.held == (1, 2) and decision.emails == 0


def test_a_week_without_email_brings_a_digest_even_with_nothing_new():
    now = SINCE + timedelta(days=7, hours=1)
    decision = decide(rhythm(), [Sent(at=SINCE)], [], now)
    assert decision.send_digest and decision.digest == ()
    assert "floor" in decision.reasons


def test_six_days_without_email_is_still_within_the_rhythm():
    now = SINCE + timedelta(days=6, hours=5)
    assert decide(rhythm(), [Sent(at=SINCE)], [], now).emails == 0
    assert rhythm_holds(rhythm(), SINCE, now)
    assert not rhythm_holds(rhythm(), SINCE, now + timedelta(days=2))


def test_the_daily_digest_gathers_the_day_and_urgent_ones_go_alone():
    items = pending(3) + [Pending(id=9, created_at=SINCE, urgent=True)]
    decision = decide(rhythm(frequency=Frequency.DAILY), [], items, SINCE + timedelta(days=1, hours=1))
    assert decision.individual == (9,)
    assert decision.digest == (1, 2, 3) and decision.send_digest


def test_the_daily_digest_goes_once_a_day():
    now = SINCE + timedelta(hours=5)
    decision = decide(rhythm(frequency=Frequency.DAILY), [Sent(at=SINCE, digest=True)], pending(2, at=now), now)
    assert decision.held == (1, 2)


def test_the_weekly_digest_goes_on_the_chosen_day():
    weekly = rhythm(frequency=Frequency.WEEKLY, weekly_day=3)  # Thursday
    wednesday = utc(2026, 1, 7, 9, 0)
    thursday = utc(2026, 1, 8, 9, 0)
    assert decide(weekly, [], pending(2), wednesday).held == (1, 2)
    decision = decide(weekly, [], pending(2), thursday)
    assert decision.digest == (1, 2) and decision.send_digest


def test_email_off_keeps_everything_in_the_app():
    decision = decide(rhythm(frequency=Frequency.OFF), [], pending(2), SINCE + timedelta(days=30))
    assert decision.held == (1, 2) and decision.emails == 0
    assert not rhythm_holds(rhythm(frequency=Frequency.OFF), None, SINCE)


def test_the_ceiling_counts_days_in_the_members_time_zone():
    # 23:30 UTC on Monday is already Tuesday 12:30 in Auckland: Monday's emails do not count.
    auckland = rhythm(time_zone="Pacific/Auckland", ceiling=1)
    history = [Sent(at=utc(2026, 1, 5, 0, 0))]  # Monday 13:00 in Auckland
    now = utc(2026, 1, 5, 23, 30)
    assert decide(auckland, history, pending(1, at=now), now).individual == (1,)


def test_a_ceiling_below_one_is_refused():
    with pytest.raises(ValueError):
        rhythm(ceiling=0)
