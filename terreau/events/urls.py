from django.urls import path

from .views import agenda, events, feeds, registrations

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
    path("events/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("events/<int:pk>/agenda/template/", agenda.agenda_template, name="agenda_template"),
    path("events/<int:pk>/agenda/clear/", agenda.agenda_clear, name="agenda_clear"),
    path("events/<int:pk>/agenda/new/", agenda.agenda_item_edit, name="agenda_item_create"),
    path("events/<int:pk>/agenda/<int:item_pk>/edit/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path("events/<int:pk>/agenda/<int:item_pk>/delete/", agenda.agenda_item_delete, name="agenda_item_delete"),
    path("events/<int:pk>/agenda/<int:item_pk>/move/", agenda.agenda_item_move, name="agenda_item_move"),
    path("events/<int:pk>/minutes/", agenda.minutes_write, name="minutes_write"),
    # Downloads (views/feeds.py)
    path("events/calendar.ics", feeds.public_feed, name="feed"),
    path("events/<int:pk>.ics", feeds.event_ics, name="ics"),
]
