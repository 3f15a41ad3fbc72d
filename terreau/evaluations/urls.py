from django.urls import path

from . import views

app_name = "evaluations"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("evaluations/", views.evaluation_list, name="list"),
    path("evaluations/<int:pk>/", views.detail, name="detail"),
    path("evaluations/<int:pk>/start/", views.start, name="start"),
    path("evaluations/<int:pk>/interviews/new/", views.interview_edit, name="interview_create"),
    path("evaluations/<int:pk>/interviews/<int:interview>/edit/", views.interview_edit, name="interview_edit"),
    path("evaluations/<int:pk>/interviews/<int:interview>/delete/", views.interview_delete, name="interview_delete"),
    path("evaluations/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("evaluations/<int:pk>/renewal/new/", views.renewal_edit, name="renewal_create"),
    path("evaluations/<int:pk>/renewal/<int:item>/edit/", views.renewal_edit, name="renewal_edit"),
    path("evaluations/<int:pk>/renewal/<int:item>/delete/", views.renewal_delete, name="renewal_delete"),
    path("evaluations/<int:pk>/renewal/<int:item>/action/", views.renewal_action, name="renewal_action"),
    path("evaluations/<int:pk>/conclude/", views.conclude, name="conclude"),
    path("evaluations/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("evaluations/<int:pk>/download.<str:format>", views.download, name="download"),
]
