from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and the meeting rhythm: dated meetings, series, registrations, agendas, minutes, calendars."""

    name = "terreau.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import periodic

        from . import permissions  # noqa: F401  (registers the actions)

        # Between the knowledge base (20) and the members (30): the meetings are members' business.
        registry.tab_register(registry.Tab("calendar", _("Calendar"), "events:calendar", order=25))
        periodic.register(
            "events.materialise", every=timedelta(days=1), run="terreau.events.services.series.materialise_all"
        )
        # The organisers are reminded 3 and 7 days after an event without minutes.
        periodic.register(
            "events.minutes_reminders",
            every=timedelta(hours=1),
            run="terreau.events.services.minutes.minutes_reminders",
        )
