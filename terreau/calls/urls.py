from django.urls import path

from . import views

app_name = "calls"

# Included under c/<slug:slug>/: every view receives the community's slug.
# The public page's token is never all digits nor "new", and comes last: the fixed and
# numeric addresses above it are matched first.
urlpatterns = [
    path("calls/", views.call_list, name="list"),
    path("calls/new/", views.call_create, name="create"),
    path("calls/<int:pk>/edit/", views.call_edit, name="edit"),
    path("calls/<int:pk>/close/", views.call_close, name="close"),
    path("calls/<int:pk>/applications/", views.application_list, name="applications"),
    path(
        "calls/<int:pk>/applications/<int:application_pk>/decide/",
        views.application_decide,
        name="decide",
    ),
    # A token_urlsafe: letters, digits, - and _ (anything else, NUL included, is not found).
    path("calls/<slug:token>/", views.call_public, name="public"),
    path("calls/<slug:token>/thanks/", views.call_thanks, name="thanks"),
]
