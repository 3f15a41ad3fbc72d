from django.urls import path

from .views import events, registrations

app_name = "events"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    # Calendar, events and series (views/events.py)
    path("events/", events.calendar, name="calendar"),
    # Registrations and attendance (views/registrations.py)
    path("events/<int:pk>/register/", registrations.register, name="register"),
    path("events/<int:pk>/unregister/", registrations.unregister, name="unregister"),
    path("events/<int:pk>/attendance/", registrations.attendance, name="attendance"),
    # Agenda and minutes (views/agenda.py)
    # Downloads (views/feeds.py)
]
