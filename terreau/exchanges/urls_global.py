"""The notification centre across communities, at the site's root.

terreau/urls.py includes it with `path("", include("terreau.exchanges.urls_global"))`.
"""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_centre, name="all"),
    path("notifications/read/", views.notification_centre_read, name="read"),
]
