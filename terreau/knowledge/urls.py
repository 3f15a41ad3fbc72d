from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "knowledge"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = []
