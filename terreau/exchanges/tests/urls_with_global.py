"""The site's URLs plus the notification centre across communities, until terreau/urls.py includes it."""

from django.urls import include, path

from terreau.urls import urlpatterns as site

urlpatterns = [path("", include("terreau.exchanges.urls_global")), *site]
