"""The events' periodic jobs (registered in apps.py with terreau.core.periodic): plain functions."""

from .services.reminders import reminders_send


def send_reminders() -> int:
    """`events.reminders`, every 15 minutes: the reminders due go out (once each)."""
    return reminders_send()
