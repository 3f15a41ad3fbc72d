from django.urls import path

from . import views

app_name = "charter"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("charter/", views.charter_detail, name="detail"),
    path("charter/edit/", views.charter_edit, name="edit"),
    path("charter/history/", views.charter_history, name="history"),
    path("charter/compare/", views.charter_compare, name="compare"),
    path("charter/versions/<int:number>/", views.charter_version, name="version"),
    path("charter/versions/<int:number>/submit/", views.charter_submit, name="submit"),
    path("charter/download.<str:format>", views.charter_download, name="download"),
]
