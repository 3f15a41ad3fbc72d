from django.urls import path

from . import views

app_name = "ideas"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("ideas/", views.idea_list, name="list"),
    path("ideas/new/", views.idea_create, name="create"),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/delete/", views.idea_delete, name="delete"),
    path("ideas/<int:pk>/support/", views.support, name="support"),
    path("ideas/<int:pk>/answer/", views.answer, name="answer"),
    path("ideas/<int:pk>/action/", views.to_action, name="to_action"),
    path("ideas/<int:pk>/proposal/", views.to_proposal, name="to_proposal"),
]
