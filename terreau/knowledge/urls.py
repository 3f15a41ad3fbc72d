from django.urls import path

from . import views

app_name = "knowledge"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("knowledge/", views.home, name="home"),
    path("knowledge/new/", views.item_new, name="item_new"),
    path("knowledge/new/<str:type>/", views.item_create, name="item_create"),
    path("knowledge/<int:pk>/", views.item_detail, name="item"),
    path("knowledge/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("knowledge/<int:pk>/status/", views.item_status, name="item_status"),
    path("knowledge/<int:pk>/versions/", views.item_versions, name="item_versions"),
    path("knowledge/<int:pk>/versions/compare/", views.item_compare, name="item_compare"),
    path("knowledge/<int:pk>/versions/<int:number>/restore/", views.item_restore, name="item_restore"),
    path("knowledge/<int:pk>/markdown/", views.item_markdown, name="item_markdown"),
    path("knowledge/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("knowledge/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("knowledge/attachments/<int:pk>/remove/", views.attachment_delete, name="attachment_delete"),
    path("knowledge/review/", views.review, name="review"),
    path("knowledge/feed/", views.feed, name="feed"),
    path("knowledge/export/", views.export_zip, name="export"),
    path("knowledge/entry-points/", views.entry_points, name="entry_points"),
    path("knowledge/themes/<int:pk>/remove/", views.theme_delete, name="theme_delete"),
    path("knowledge/activities/<int:pk>/remove/", views.activity_delete, name="activity_delete"),
    path("knowledge/transfer/", views.transfer, name="transfer"),
    path("knowledge/transfer/interviews/new/", views.interview_edit, name="interview_create"),
    path("knowledge/transfer/interviews/<int:pk>/", views.interview_detail, name="interview"),
    path("knowledge/transfer/interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path("knowledge/transfer/handovers/new/", views.handover_edit, name="handover_create"),
    path("knowledge/transfer/handovers/<int:pk>/", views.handover_detail, name="handover"),
    path("knowledge/transfer/handovers/<int:pk>/edit/", views.handover_edit, name="handover_edit"),
]
