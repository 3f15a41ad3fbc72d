"""Demo data of the events.

Registrations and attendance (`demo_attendance`): given the demo's meetings and members, each
meeting gets its registrations, and each past one the attendance its organiser would have
recorded: about four registered in five came, a walk-in or two, a few guests.
"""

import random
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from terreau.communities.models import Membership

from .models import Event, Registration


def demo_attendance(
    events: Iterable[Event], memberships: Iterable[Membership], *, seed: int = 7, now: datetime | None = None
) -> int:
    """Register members to `events` (not the cancelled ones) and record attendance for the past
    ones; returns the number of registrations written. Written straight, like a year of use."""
    rng = random.Random(seed)
    now = now or timezone.now()
    people = [membership.user_id for membership in memberships]
    rows: list[Registration] = []
    recorded: list[Event] = []
    for event in events:
        if event.is_cancelled or not people:
            continue
        share = rng.uniform(0.35, 0.6)  # of the members, how many register to a meeting
        wanted = rng.sample(people, max(1, round(len(people) * share)))
        places = len(wanted) if event.capacity is None else min(event.capacity, len(wanted))
        registered, waiting = wanted[:places], wanted[places:]
        others = [user_id for user_id in people if user_id not in set(wanted)]
        past = event.starts_at < now
        for user_id in registered:
            rows.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    status=Registration.Status.REGISTERED,
                    attended=(rng.random() < 0.8) if past else None,
                )
            )
        for user_id in waiting:
            rows.append(Registration(event=event, user_id=user_id, status=Registration.Status.WAITING))
        if past:
            for user_id in rng.sample(others, min(len(others), rng.choice([0, 1, 1, 2]))):
                rows.append(
                    Registration(event=event, user_id=user_id, status=Registration.Status.WALK_IN, attended=True)
                )
            event.guests_count = rng.choice([0, 0, 1, 2, 3])
            event.attendance_recorded_at = event.ends_at
            recorded.append(event)
    Registration.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    Event.objects.bulk_update(recorded, ["guests_count", "attendance_recorded_at"], batch_size=500)
    return len(rows)
