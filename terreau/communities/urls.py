from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("communities/new/short-address/", views.community_slug_suggest, name="slug_suggest"),
    # A token_urlsafe: letters, digits, - and _ (anything else, NUL included, is not found).
    path("invitations/<slug:token>/", views.invitation_detail, name="invitation"),
    path("c/<slug:slug>/edit/", views.community_edit, name="edit"),
    path("c/<slug:slug>/join/", views.community_join, name="join"),
    path("c/<slug:slug>/me/", views.my_membership, name="my_membership"),
    path("c/<slug:slug>/leave/", views.community_leave, name="leave"),
    path("c/<slug:slug>/members/", views.member_list, name="members"),
    path("c/<slug:slug>/members/search/", views.member_search, name="member_search"),
    path("c/<slug:slug>/members/<int:membership_id>/", views.member_detail, name="member"),
    path("c/<slug:slug>/members/<int:membership_id>/core-team/", views.member_core_team, name="member_core_team"),
    path("c/<slug:slug>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("c/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path("c/<slug:slug>/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("c/<slug:slug>/requests/", views.join_requests, name="join_requests"),
    path("c/<slug:slug>/requests/<int:request_id>/decide/", views.join_request_decide, name="join_request_decide"),
    path("c/<slug:slug>/roles/", views.role_list, name="roles"),
    path("c/<slug:slug>/roles/who-does-what.csv", views.who_does_what_csv, name="who_does_what_csv"),
    path("c/<slug:slug>/roles/new/", views.role_edit, name="role_create"),
    path("c/<slug:slug>/roles/<int:role_id>/", views.role_detail, name="role"),
    path("c/<slug:slug>/roles/<int:role_id>/edit/", views.role_edit, name="role_edit"),
    path("c/<slug:slug>/roles/<int:role_id>/retire/", views.role_retire, name="role_retire"),
    path("c/<slug:slug>/roles/assign/", views.role_assign, name="role_assign"),
    path("c/<slug:slug>/roles/<int:role_id>/unassign/<int:membership_id>/", views.role_unassign, name="role_unassign"),
]
