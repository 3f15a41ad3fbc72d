from django.urls import path

from . import views

app_name = "comments"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("comments/<slug:kind>/<int:pk>/", views.thread, name="thread"),
    path("comments/<slug:kind>/<int:pk>/post/", views.post, name="post"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
]
