"""The message rhythm: the guide's first key action, as a pure function.

“Every participant receives at least one message a week and no more than a few a day.”
`decide()` looks at one member's settings, the emails already sent to them and the
notifications waiting, and says what to do *now*: which notifications go out as individual
emails, which are folded into a digest sent now, and which wait. Nothing is ever dropped:
what waits stays pending (and visible in the notification centre) until a later call sends
or digests it.

No database here: the scheduler (`tasks.py`) loads the inputs in bulk and applies the
decisions; the property-based tests replay any stream of events through this function.

The rules, all in the member's own time zone:

- *Sending hours*: emails go out between `send_from` (8:00) and `send_until` (21:00);
  anything arising at night waits for the morning.
- *Ceiling*: at most `ceiling` emails per calendar day (the community's N, default 3).
  Beyond it, the rest is folded into one digest while a slot remains, or waits for the next
  day.
- *Floor*: a message in every window of `floor_days` (7) consecutive calendar days. When the
  last email (or the start of the membership) is `floor_days` days back, a digest goes out
  today, even with nothing pending: it then carries the community's week. On that day no
  email has been sent yet, so the ceiling always leaves room for it.
- *Frequency* (the member's choice): immediate (each notification its own email), daily
  digest (one a day when something is pending), weekly digest (on `weekly_day`), or off (no
  email at all; the facilitators see that the member is out of reach). Urgent notifications
  (the welcome memo) go out individually whatever the frequency, within the ceiling.

Counting the floor in calendar days of the member's time zone, like the ceiling, keeps it
true across daylight-saving changes and a scheduler that runs a few seconds late: a weekly
digest every Monday at 8:00 is one message in every 7 consecutive days.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo


class Frequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


DEFAULT_CEILING = 3
DEFAULT_FLOOR_DAYS = 7


@dataclass(frozen=True)
class Rhythm:
    """One member's settings within one community."""

    frequency: Frequency
    since: datetime  # start of the membership: the floor counts from here until a first email
    time_zone: str = "Europe/Brussels"
    ceiling: int = DEFAULT_CEILING
    floor_days: int = DEFAULT_FLOOR_DAYS
    send_from: int = 8  # local hour, also the hour of the digests
    send_until: int = 21
    weekly_day: int = 0  # Monday

    def __post_init__(self):
        if self.ceiling < 1:
            raise ValueError("The daily ceiling must allow at least one email (the floor needs it).")
        if not 0 <= self.send_from < self.send_until <= 24:
            raise ValueError("Sending hours must be a non-empty range within the day.")


@dataclass(frozen=True)
class Sent:
    at: datetime
    digest: bool = False


@dataclass(frozen=True)
class Pending:
    id: int
    created_at: datetime
    urgent: bool = False


@dataclass(frozen=True)
class Decision:
    individual: tuple[int, ...] = ()
    digest: tuple[int, ...] = ()
    send_digest: bool = False  # a digest goes out now, possibly with no notification in it (the floor)
    held: tuple[int, ...] = ()
    reasons: tuple[str, ...] = field(default=())

    @property
    def emails(self) -> int:
        return len(self.individual) + int(self.send_digest)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_date(moment: datetime, time_zone: str) -> date:
    return moment.astimezone(zone(time_zone)).date()


def floor_due(rhythm: Rhythm, history: Iterable[Sent], now: datetime) -> bool:
    """Whether today is the last day of the floor window (or later: a late scheduler catches up)."""
    last = max((sent.at for sent in history), default=rhythm.since)
    last = max(last, rhythm.since)
    return (local_date(now, rhythm.time_zone) - local_date(last, rhythm.time_zone)).days >= rhythm.floor_days


def decide(rhythm: Rhythm, history: Sequence[Sent], pending: Sequence[Pending], now: datetime) -> Decision:
    """What to send to this member now. `history` needs the emails of the last `floor_days` + 1 days."""
    waiting = sorted(pending, key=lambda item: (not item.urgent, item.created_at, item.id))
    everything = tuple(item.id for item in waiting)
    if rhythm.frequency == Frequency.OFF:
        return Decision(held=everything, reasons=("email off",))
    local_now = now.astimezone(zone(rhythm.time_zone))
    if not rhythm.send_from <= local_now.hour < rhythm.send_until:
        return Decision(held=everything, reasons=("outside sending hours",))
    today = local_now.date()
    sent_today = [sent for sent in history if local_date(sent.at, rhythm.time_zone) == today]
    budget = rhythm.ceiling - len(sent_today)
    if budget <= 0:
        return Decision(held=everything, reasons=("daily ceiling reached",))

    reasons = []
    digest_sent_today = any(sent.digest for sent in sent_today)
    digest_due = False
    if floor_due(rhythm, history, now):
        digest_due = True
        reasons.append("floor")
    if rhythm.frequency == Frequency.IMMEDIATE:
        individual = list(waiting)
        folded = []
    else:
        individual = [item for item in waiting if item.urgent]
        regular = [item for item in waiting if not item.urgent]
        if rhythm.frequency == Frequency.DAILY and regular and not digest_sent_today:
            digest_due = True
            reasons.append("daily digest")
        if rhythm.frequency == Frequency.WEEKLY and local_now.weekday() == rhythm.weekly_day and not digest_sent_today:
            digest_due = True
            reasons.append("weekly digest")
        folded = regular if digest_due else []

    if len(individual) + int(digest_due) > budget:
        # Beyond the ceiling: keep one slot for a digest that carries everything else.
        reasons.append("ceiling: folded into a digest")
        folded = individual[budget - 1 :] + folded
        individual = individual[: budget - 1]
        digest_due = True

    sent_ids = {item.id for item in individual} | {item.id for item in folded}
    return Decision(
        individual=tuple(item.id for item in individual),
        digest=tuple(item.id for item in sorted(folded, key=lambda item: (item.created_at, item.id))),
        send_digest=digest_due,
        held=tuple(item_id for item_id in everything if item_id not in sent_ids),
        reasons=tuple(reasons),
    )


def rhythm_holds(rhythm: Rhythm, last_sent: datetime | None, now: datetime) -> bool:
    """For the facilitators' view: a message reached the member within the floor window."""
    if rhythm.frequency == Frequency.OFF:
        return False
    last = max(last_sent or rhythm.since, rhythm.since)
    return (local_date(now, rhythm.time_zone) - local_date(last, rhythm.time_zone)).days <= rhythm.floor_days
