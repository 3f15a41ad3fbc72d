"""Calendars across communities, at calendar/: "My calendars" and the feeds behind a key.

terreau/urls.py includes it with `path("calendar/", include("terreau.events.urls_global"))`.
"""

from django.urls import path

from .views import feeds

app_name = "calendar"

urlpatterns = [
    path("", feeds.my_calendars, name="mine"),
    path("renew/", feeds.renew, name="renew"),
    path("<slug:key>.ics", feeds.person_feed, name="feed"),
    path("<slug:key>/c/<slug:slug>.ics", feeds.community_feed, name="community_feed"),
    path("<slug:key>/c/<slug:slug>/series/<int:pk>.ics", feeds.series_feed, name="series_feed"),
]
