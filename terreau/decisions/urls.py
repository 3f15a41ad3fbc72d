from django.urls import path

from . import views

app_name = "decisions"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("decisions/", views.decision_log, name="log"),
    path("decisions/log.csv", views.decision_log_csv, name="log_csv"),
    path("decisions/proposals/", views.proposal_list, name="proposals"),
    path("decisions/proposals/new/", views.proposal_create, name="proposal_create"),
    path("decisions/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("decisions/proposals/<int:pk>/step/", views.proposal_step, name="step"),
    path("decisions/proposals/<int:pk>/respond/", views.proposal_respond, name="respond"),
    path("decisions/proposals/<int:pk>/ask/", views.proposal_ask, name="ask"),
    path("decisions/proposals/<int:pk>/amend/", views.proposal_amend, name="amend"),
    path("decisions/proposals/<int:pk>/live/", views.proposal_live, name="live"),
    path("decisions/questions/<int:pk>/answer/", views.question_answer, name="answer"),
    path("decisions/objections/<int:pk>/withdraw/", views.objection_withdraw, name="objection_withdraw"),
    path("decisions/tensions/", views.tension_list, name="tensions"),
    path("decisions/tensions/new/", views.tension_create, name="tension_create"),
    path("decisions/tensions/<int:pk>/close/", views.tension_close, name="tension_close"),
]
