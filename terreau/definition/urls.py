from django.urls import path

from . import views

app_name = "definition"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("stakeholders/", views.stakeholder_list, name="stakeholders"),
    path("stakeholders/new/", views.stakeholder_edit, name="stakeholder_create"),
    path("stakeholders/export.csv", views.stakeholders_csv, name="stakeholders_csv"),
    path("stakeholders/import/", views.stakeholders_import, name="stakeholders_import"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("stakeholders/<int:pk>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path("stakeholders/<int:pk>/conversations/", views.conversation_create, name="conversation_create"),
    path("scope/", views.scope, name="scope"),
    path("scope/edit/", views.scope_edit, name="scope_edit"),
]
