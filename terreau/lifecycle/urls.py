from django.urls import path

from . import views

app_name = "lifecycle"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/advance/", views.advance, name="advance"),
    path("workspace/undo/", views.undo, name="undo"),
    path("workspace/questions/<str:question>/", views.answer, name="answer"),
    path("workspace/<str:phase>/", views.phase, name="phase"),
]
