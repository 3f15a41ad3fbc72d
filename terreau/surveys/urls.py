from django.urls import path

from . import views

app_name = "surveys"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("surveys/", views.survey_list, name="list"),
    path("surveys/new/", views.survey_create, name="create"),
    path("surveys/<int:pk>/", views.survey_detail, name="detail"),
    path("surveys/<int:pk>/edit/", views.survey_edit, name="edit"),
    path("surveys/<int:pk>/open/", views.survey_open, name="open"),
    path("surveys/<int:pk>/close/", views.survey_close, name="close"),
    path("surveys/<int:pk>/delete/", views.survey_delete, name="delete"),
    path("surveys/<int:pk>/questions/new/", views.question_edit, name="question_create"),
    path("surveys/<int:pk>/questions/<int:question_pk>/edit/", views.question_edit, name="question_edit"),
    path("surveys/<int:pk>/questions/<int:question_pk>/delete/", views.question_delete, name="question_delete"),
    path("surveys/<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question_move"),
    path("surveys/<int:pk>/answer/", views.answer, name="answer"),
    path("surveys/<int:pk>/results/", views.results, name="results"),
    path("surveys/<int:pk>/results/<int:question_pk>/", views.text_answers, name="text_answers"),
    path("surveys/<int:pk>/results.csv", views.results_csv, name="results_csv"),
    # The stakeholders' secret link: no account needed. A token_urlsafe: letters, digits, - and _
    # (anything else, NUL included, is not found).
    path("surveys/link/<slug:token>/", views.link_answer, name="link"),
    path("surveys/link/<slug:token>/thanks/", views.link_thanks, name="link_thanks"),
]
