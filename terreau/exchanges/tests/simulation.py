"""Replay a stream of notifications through the rhythm policy, feeding each decision back.

Shared by the property-based tests (pure, in memory) and the worker test (through the
database), so that both check the same promises with the same code.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from terreau.exchanges.rhythm import Decision, Frequency, Pending, Rhythm, Sent, decide, local_date, zone

HOUR = timedelta(hours=1)


@dataclass
class Outcome:
    rhythm: Rhythm
    sent: list[Sent] = field(default_factory=list)
    emailed: dict[int, datetime] = field(default_factory=dict)  # notification id -> when it left
    pending: dict[int, Pending] = field(default_factory=dict)
    created: dict[int, datetime] = field(default_factory=dict)
    last_tick: datetime | None = None


def ticks(start: datetime, end: datetime, extra: list[datetime], step: timedelta = HOUR) -> list[datetime]:
    hourly = []
    moment = start.replace(minute=0, second=0, microsecond=0)
    while moment <= end:
        hourly.append(moment)
        moment += step
    return sorted(set(hourly) | {moment for moment in extra if start <= moment <= end})


def simulate(rhythm: Rhythm, events: list[tuple[datetime, bool]], end: datetime, step: timedelta = HOUR) -> Outcome:
    """`events`: (created_at, urgent) in any order. Ticks every `step` and at each event."""
    outcome = Outcome(rhythm=rhythm)
    stream = sorted(enumerate(events, start=1), key=lambda pair: pair[1][0])
    position = 0
    window = timedelta(days=rhythm.floor_days + 2)
    for now in ticks(rhythm.since, end, [created for created, _urgent in events], step):
        while position < len(stream) and stream[position][1][0] <= now:
            item_id, (created, urgent) = stream[position]
            outcome.pending[item_id] = Pending(id=item_id, created_at=created, urgent=urgent)
            outcome.created[item_id] = created
            position += 1
        history = [sent for sent in outcome.sent[-64:] if sent.at >= now - window]
        decision = decide(rhythm, history, list(outcome.pending.values()), now)
        apply(outcome, decision, now)
        outcome.last_tick = now
    return outcome


def apply(outcome: Outcome, decision: Decision, now: datetime) -> None:
    check_partition(decision, set(outcome.pending))
    for item_id in decision.individual:
        outcome.sent.append(Sent(at=now))
        outcome.emailed[item_id] = now
        del outcome.pending[item_id]
    if decision.send_digest:
        outcome.sent.append(Sent(at=now, digest=True))
        for item_id in decision.digest:
            outcome.emailed[item_id] = now
            del outcome.pending[item_id]


def check_partition(decision: Decision, pending: set[int]) -> None:
    """Every pending notification is in exactly one of: sent alone, digested, held."""
    parts = [*decision.individual, *decision.digest, *decision.held]
    assert len(parts) == len(set(parts)), decision
    assert set(parts) == pending, decision
    assert not decision.digest or decision.send_digest, decision


# The promises ---------------------------------------------------------------------------


def assert_ceiling(outcome: Outcome) -> None:
    per_day = Counter(local_date(sent.at, outcome.rhythm.time_zone) for sent in outcome.sent)
    assert all(count <= outcome.rhythm.ceiling for count in per_day.values()), per_day


def assert_sending_hours(outcome: Outcome) -> None:
    rhythm = outcome.rhythm
    for sent in outcome.sent:
        hour = sent.at.astimezone(zone(rhythm.time_zone)).hour
        assert rhythm.send_from <= hour < rhythm.send_until, sent


def assert_floor(outcome: Outcome) -> None:
    """Every window of `floor_days` consecutive local days after the first contains an email."""
    rhythm = outcome.rhythm
    if rhythm.frequency == Frequency.OFF:
        assert outcome.sent == []
        return
    days = {local_date(sent.at, rhythm.time_zone) for sent in outcome.sent}
    first = local_date(rhythm.since, rhythm.time_zone) + timedelta(days=1)
    last_full_day = local_date(outcome.last_tick, rhythm.time_zone) - timedelta(days=1)
    day = first
    while day + timedelta(days=rhythm.floor_days - 1) <= last_full_day:
        window = {day + timedelta(days=offset) for offset in range(rhythm.floor_days)}
        assert window & days, f"no email between {day} and {max(window)}"
        day += timedelta(days=1)


def assert_nothing_dropped(outcome: Outcome) -> None:
    """Each notification left by email exactly once, or is still pending (visible in the app)."""
    assert set(outcome.emailed) | set(outcome.pending) == set(outcome.created)
    assert not set(outcome.emailed) & set(outcome.pending)


def assert_all_delivered(outcome: Outcome) -> None:
    """After a quiet spell longer than the floor, an email-on member has nothing left waiting."""
    if outcome.rhythm.frequency == Frequency.OFF:
        assert outcome.emailed == {}
        assert set(outcome.pending) == set(outcome.created)
    else:
        assert outcome.pending == {}, outcome.pending


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
