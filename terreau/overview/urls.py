from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("c/<slug:slug>/", views.community_detail, name="community"),
]
