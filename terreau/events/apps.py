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
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )
        from .views import registrations

        # Before communities (20) ends the memberships: the places to come are given up by a member.
        data_registry.register("events", exporter=personal_data.exporter, eraser=personal_data.eraser, order=15)

        # Between the knowledge base (20) and the members (30): the meetings are members' business.
        registry.tab_register(registry.Tab("calendar", _("Calendar"), "events:calendar", order=25))

        from terreau.circles import registry as circles_registry

        from . import circle_panels

        circles_registry.panel_register(
            circles_registry.CirclePanel("events", "events/circles/panel.html", circle_panels.meetings, order=10)
        )
        periodic.register(
            "events.materialise", every=timedelta(days=1), run="terreau.events.services.series.materialise_all"
        )
        periodic.register("events.reminders", every=timedelta(minutes=15), run="terreau.events.tasks.send_reminders")
        registry.member_panel_register(
            registry.MemberPanel("event_participation", "events/_member_participation.html", registrations.member_panel)
        )
        # The organisers are reminded 3 and 7 days after an event without minutes.
        periodic.register(
            "events.minutes_reminders",
            every=timedelta(hours=1),
            run="terreau.events.services.minutes.minutes_reminders",
        )
