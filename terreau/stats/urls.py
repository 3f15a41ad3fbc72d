from django.urls import path

from . import views

app_name = "stats"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("statistics/", views.dashboard, name="dashboard"),
    path("statistics/export.csv", views.export_csv, name="csv"),
]
