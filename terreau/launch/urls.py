from django.urls import path

from . import views

app_name = "launch"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    # The launch day is an event (terreau/events): this page shows it within the launch's workspace.
    path("launch-day/", views.meeting, name="meeting"),
    path("launch-day/start/", views.meeting_start, name="meeting_start"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_edit, name="activity_create"),
    path("activities/suggest/", views.activities_suggest, name="activities_suggest"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("action-plan/", views.actions, name="actions"),
    path("action-plan/new/", views.action_edit, name="action_create"),
    path("action-plan/export.csv", views.actions_csv, name="actions_csv"),
    path("action-plan/<int:pk>/", views.action_detail, name="action"),
    path("action-plan/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("action-plan/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("action-plan/<int:pk>/status/", views.action_status, name="action_status"),
    # An owner gives their action's status and news (the core team too).
    path("action-plan/<int:pk>/update/", views.action_report, name="action_report"),
    path("launch-pack/", views.pack, name="pack"),
    path("launch-pack/download.<str:format>", views.pack_download, name="pack_download"),
]
