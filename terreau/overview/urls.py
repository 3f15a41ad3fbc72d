from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("c/<slug:slug>/", views.community_detail, name="community"),
    path("c/<slug:slug>/weekly-hour/", views.weekly_hour, name="weekly_hour"),
    path("c/<slug:slug>/grow/", views.grow, name="grow"),
]
