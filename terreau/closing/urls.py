from django.urls import path

from . import views

app_name = "closing"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("closing/", views.closing_page, name="page"),
    path("closing/close/", views.close, name="close"),
    path("closing/recognition/", views.recognition, name="recognition"),
    path("closing/recognition/edit/", views.recognition_edit, name="recognition_edit"),
    path("closing/recognition/generate/", views.recognition_generate, name="recognition_generate"),
    path("closing/recognition/publish/", views.recognition_publish, name="recognition_publish"),
    path("closing/recognition.<str:extension>", views.recognition_download, name="recognition_download"),
    path("closing/transfer/", views.transfer, name="transfer"),
    path("closing/transfer/stakeholder/", views.transfer_stakeholder, name="transfer_stakeholder"),
    path("closing/transfer/<int:pk>/give/", views.transfer_give, name="transfer_give"),
    path("closing/transfer/<int:pk>/revoke/", views.transfer_revoke, name="transfer_revoke"),
    # The links given to organisations, without an account: the token is the secret.
    path("transfer/<uuid:token>/", views.recipient_download, name="recipient_download"),
    path("transfer/<uuid:token>/browse/<path:path>", views.recipient_browse, name="recipient_browse"),
]
