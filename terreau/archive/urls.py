from django.urls import path

from . import views

app_name = "archive"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("archive/", views.archive_list, name="list"),
    path("archive/build/", views.archive_request, name="request"),
    path("archive/<uuid:token>/download/", views.archive_download, name="download"),
]
