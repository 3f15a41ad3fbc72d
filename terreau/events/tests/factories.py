"""Events for tests, written straight to the database (the services are tested on their own)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from terreau.events.models import Event, EventKind, Series


def local(community, *args) -> datetime:
    """A time of day in the community's time zone: local(community, 2026, 12, 1, 18, 0)."""
    return datetime(*args, tzinfo=ZoneInfo(community.time_zone))


def make_event(community, *, starts_at=None, minutes=120, **fields) -> Event:
    starts_at = starts_at or local(community, 2026, 12, 1, 18, 0)
    fields.setdefault("title", "Rencontre mensuelle")
    fields.setdefault("kind", EventKind.MONTHLY_MEETING)
    return Event.objects.create(
        community=community, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), **fields
    )


def make_series(community, *, rule="FREQ=MONTHLY;BYDAY=1TU", first_start=None, **fields) -> Series:
    fields.setdefault("title", "Rencontre mensuelle")
    return Series.objects.create(
        community=community, rule=rule, first_start=first_start or local(community, 2026, 1, 6, 18, 0), **fields
    )
