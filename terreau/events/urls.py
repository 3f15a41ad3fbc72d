from django.urls import path

from .views import events, feeds, registrations

app_name = "events"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    # Calendar, events and series (views/events.py)
    path("events/", events.calendar, name="calendar"),
    path("events/<int:year>/<int:month>/", events.month, name="month"),
    path("events/new/", events.event_create, name="create"),
    path("events/<int:pk>/", events.event_detail, name="detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="edit"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="cancel"),
    path("events/<int:pk>/restore/", events.event_restore, name="restore"),
    path("events/<int:pk>/following/", events.series_split, name="series_split"),
    path("events/series/new/", events.series_create, name="series_create"),
    path("events/series/<int:pk>/", events.series_detail, name="series"),
    path("events/series/<int:pk>/edit/", events.series_edit, name="series_edit"),
    # Registrations and attendance (views/registrations.py)
    path("events/<int:pk>/register/", registrations.register, name="register"),
    path("events/<int:pk>/unregister/", registrations.unregister, name="unregister"),
    path("events/<int:pk>/attendance/", registrations.attendance, name="attendance"),
    # Agenda and minutes (views/agenda.py)
    # Downloads (views/feeds.py)
    path("events/calendar.ics", feeds.public_feed, name="feed"),
    path("events/<int:pk>.ics", feeds.event_ics, name="ics"),
]
