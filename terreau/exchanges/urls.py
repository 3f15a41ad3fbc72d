from django.urls import path

from . import views

app_name = "exchanges"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("questions/", views.question_list, name="questions"),
    path("questions/ask/", views.question_create, name="question_create"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("questions/<int:pk>/to-knowledge/", views.question_to_knowledge, name="question_to_knowledge"),
    path("answers/<int:pk>/useful/", views.answer_vote, name="answer_vote"),
    path("answers/<int:pk>/accept/", views.answer_accept, name="answer_accept"),
    path("follow/", views.follow, name="follow"),
    path("help/", views.help_list, name="help_list"),
    path("help/new/", views.help_create, name="help_create"),
    path("help/<int:pk>/", views.help_detail, name="help"),
    path("help/<int:pk>/step-in/", views.help_step_in, name="help_step_in"),
    path("help/<int:pk>/status/", views.help_status, name="help_status"),
    path("kudos/", views.kudos_create, name="kudos"),
    path("feed/", views.feed, name="feed"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("my-emails/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("weekly-message/", views.weekly, name="weekly"),
    path("weekly-message/<int:pk>/", views.weekly_detail, name="weekly_detail"),
    path("rhythm/", views.rhythm, name="rhythm"),
    path("rhythm/settings/", views.policy, name="policy"),
]
