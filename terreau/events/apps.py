from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and the meeting rhythm: dated meetings, series, registrations, agendas, minutes, calendars."""

    name = "terreau.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from datetime import timedelta

        from terreau.communities import registry
        from terreau.core import periodic

        from .views import registrations

        periodic.register("events.reminders", every=timedelta(minutes=15), run="terreau.events.tasks.send_reminders")
        registry.member_panel_register(
            registry.MemberPanel("event_participation", "events/_member_participation.html", registrations.member_panel)
        )
