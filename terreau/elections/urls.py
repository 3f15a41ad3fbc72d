from django.urls import path

from . import views, views_calls

app_name = "elections"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("elections/", views.election_list, name="list"),
    path("elections/new/", views.election_create, name="create"),
    path("elections/<int:pk>/", views.election_detail, name="detail"),
    path("elections/<int:pk>/live/", views.election_live, name="live"),
    path("elections/<int:pk>/move/", views.election_move, name="move"),
    path("elections/<int:pk>/nominate/", views.election_nominate, name="nominate"),
    path("elections/<int:pk>/propose/", views.election_propose, name="propose"),
    path("elections/<int:pk>/answer/", views.election_answer, name="answer"),
    path("role-calls/", views_calls.call_list, name="calls"),
    path("role-calls/new/", views_calls.call_create, name="call_create"),
    path("role-calls/<int:pk>/", views_calls.call_detail, name="call"),
    path("role-calls/<int:pk>/volunteer/", views_calls.call_volunteer, name="volunteer"),
    path("role-calls/<int:pk>/review/", views_calls.call_review, name="call_review"),
    path("role-calls/<int:pk>/close/", views_calls.call_close, name="call_close"),
    path("role-calls/<int:pk>/volunteers/<int:volunteer_pk>/decide/", views_calls.volunteer_decide, name="decide"),
]
