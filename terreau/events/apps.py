from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and the meeting rhythm: dated meetings, series, registrations, agendas, minutes, calendars."""

    name = "terreau.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from terreau.core import periodic

        # The organisers are reminded 3 and 7 days after an event without minutes.
        periodic.register(
            "events.minutes_reminders",
            every=timedelta(hours=1),
            run="terreau.events.services.minutes.minutes_reminders",
        )
