"""The archive's URLs: the import at archives/ (site-wide), and a community's under c/<slug>/.

One namespace, "archive", for both: Django reverses a namespace in the first include that
declares it, so two includes named "archive" would hide each other's names. terreau/urls.py
includes this module (`path("", include("terreau.archive.urls_global"))`) instead of urls.py.
"""

from django.urls import include, path

from . import import_views, urls

app_name = "archive"

urlpatterns = [
    path("archives/import/", import_views.import_form, name="import"),
    path("archives/import/<uuid:token>/", import_views.import_status, name="import_status"),
    path("c/<slug:slug>/", include(urls.urlpatterns)),
]
