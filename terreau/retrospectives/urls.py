from django.urls import path

from . import views

app_name = "retrospectives"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("retrospectives/", views.retrospective_list, name="list"),
    path("retrospectives/new/", views.retrospective_create, name="create"),
    path("retrospectives/<int:pk>/", views.retrospective_detail, name="detail"),
    path("retrospectives/<int:pk>/cards/", views.card_post, name="card_post"),
    path("retrospectives/<int:pk>/cards/<int:card_pk>/edit/", views.card_edit, name="card_edit"),
    path("retrospectives/<int:pk>/cards/<int:card_pk>/delete/", views.card_delete, name="card_delete"),
    path("retrospectives/<int:pk>/groups/", views.group_create, name="group_create"),
    path("retrospectives/<int:pk>/groups/<int:group_pk>/ungroup/", views.group_dissolve, name="group_dissolve"),
    path("retrospectives/<int:pk>/move/", views.retrospective_move, name="move"),
    path("retrospectives/<int:pk>/vote/", views.vote, name="vote"),
    path("retrospectives/<int:pk>/record/", views.record, name="record"),
    path("retrospectives/<int:pk>/live/", views.live, name="live"),
    path("retrospectives/<int:pk>/live/cards/", views.live_card, name="live_card"),
    path("retrospectives/<int:pk>/live/counts/", views.live_counts, name="live_counts"),
]
