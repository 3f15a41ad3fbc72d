from django.urls import path

from . import views

app_name = "circles"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns = [
    path("circles/", views.circle_map, name="map"),
    path("circles/new/", views.circle_create, name="create"),
    path("circles/<int:pk>/", views.circle_detail, name="detail"),
    path("circles/<int:pk>/edit/", views.circle_edit, name="edit"),
    path("circles/<int:pk>/close/", views.circle_close, name="close"),
    path("circles/<int:pk>/join/", views.circle_join, name="join"),
    path("circles/<int:pk>/ask/", views.circle_ask, name="ask"),
    path("circles/<int:pk>/leave/", views.circle_leave, name="leave"),
    path("circles/<int:pk>/requests/<int:request_pk>/", views.request_decide, name="request_decide"),
    path("circles/<int:pk>/members/", views.circle_members, name="members"),
    path("circles/<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("circles/<int:pk>/members/<int:membership_pk>/coordinator/", views.coordinator_set, name="coordinator"),
    path("circles/<int:pk>/links/", views.circle_links, name="links"),
]
