from django.urls import path

from .views import events, feeds

app_name = "events"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    # Calendar, events and series (views/events.py)
    path("events/", events.calendar, name="calendar"),
    # Registrations and attendance (views/registrations.py)
    # Agenda and minutes (views/agenda.py)
    # Downloads (views/feeds.py)
    path("events/calendar.ics", feeds.public_feed, name="feed"),
    path("events/<int:pk>.ics", feeds.event_ics, name="ics"),
]
