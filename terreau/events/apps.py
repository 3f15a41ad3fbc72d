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
        from terreau.comments import registry as comments

        from .models import Event

        comments.register(comments.Commentable(key="event", model=Event, describe=_commentable, queryset=_events))
        # The organisers are reminded 3 and 7 days after an event without minutes.
        periodic.register(
            "events.minutes_reminders",
            every=timedelta(hours=1),
            run="terreau.events.services.minutes.minutes_reminders",
        )


def _events():
    from .models import Event

    return Event.objects.select_related("community")


def _commentable(event):
    """Its organisers are told of each comment; a cancelled event keeps its thread open (why, what
    instead)."""
    from django.urls import reverse

    from terreau.comments.registry import Target

    return Target(
        thing=event,
        title=event.title,
        visibility=event.visibility,
        url=reverse("events:detail", args=[event.community.slug, event.pk]),
        people=[membership.user for membership in event.organisers.select_related("user")],
    )
