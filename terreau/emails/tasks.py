"""Delivery tasks: adapters that call `services.emails_deliver`.

They pass before other work in the queue (priority), so an email already decided goes out before
the next rhythm pass decides again. `now` (ISO 8601) replays a delivery at another moment.
"""

from datetime import datetime

from django.tasks import task

from . import services

DELIVERY_PRIORITY = 10


def _moment(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


@task(priority=DELIVERY_PRIORITY)
def deliver_email(email_id: int, now: str | None = None) -> int:
    return services.emails_deliver(email_ids=[email_id], now=_moment(now))


@task(priority=DELIVERY_PRIORITY)
def deliver_emails(email_ids: list[int], now: str | None = None) -> int:
    return services.emails_deliver(email_ids=email_ids, now=_moment(now))
