"""Every URL pattern, visited by every kind of person, answers what it should.

A new URL pattern without an entry here fails `test_every_url_pattern_has_an_entry`.
A person outside a community gets 404 for anything members-only (nothing private
reveals that it exists); a visitor is sent to sign in; a member gets 403 for
what only the core team may do.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_cast, make_user
from terreau.communities import services
from terreau.communities.models import Role, RoleKind
from tests.access import (  # noqa: E402
    LOGIN,
    PEOPLE,
    admin_only,
    allauth,
    core_team_only,
    everyone,
    member_action,
    members_only,
    signed_in,
)


class World:
    """The cast plus one of every object a URL can name."""

    def __init__(self):
        cast = build_cast()
        self.cast = cast
        self.slug = cast.community.slug
        self.observer_membership = cast.membership(cast.observer)
        self.role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
        services.role_assign(actor=cast.core_member, role=self.role, membership=self.observer_membership)
        self.invitation = services.invitation_create(
            actor=cast.core_member, community=cast.community, email="invitee@example.test"
        )
        applicant = make_user("applicant@example.test", "Applicant")
        self.join_request = services.community_join(user=applicant, community=cast.community)
        for module in APP_MODULES:
            if hasattr(module, "prepare"):
                module.prepare(self)


def c(name, *args):
    return lambda w: reverse(f"communities:{name}", args=[w.slug, *[a(w) for a in args]])


member_id = lambda w: w.observer_membership.pk  # noqa: E731
role_id = lambda w: w.role.pk  # noqa: E731

# url name -> (method, path, expected answer per person)
MATRIX = {
    "communities:list": ("get", lambda w: reverse("communities:list"), everyone(200)),
    "communities:create": ("get", lambda w: reverse("communities:create"), admin_only(200)),
    "communities:invitation": ("get", lambda w: w.invitation.get_absolute_url(), everyone(200)),
    "communities:edit": ("get", c("edit"), core_team_only(200)),
    "communities:join": ("post", c("join"), {**signed_in(403), "outsider": 302, "admin": 302}),
    "communities:my_membership": ("get", c("my_membership"), member_action(200)),
    "communities:leave": ("post", c("leave"), member_action(302)),
    "communities:members": ("get", c("members"), members_only(200)),
    "communities:member": ("get", c("member", member_id), members_only(200)),
    "communities:member_core_team": ("post", c("member_core_team", member_id), core_team_only(302)),
    "communities:member_remove": ("post", c("member_remove", member_id), core_team_only(302)),
    "communities:invitations": ("get", c("invitations"), core_team_only(200)),
    "communities:invitation_revoke": (
        "post",
        c("invitation_revoke", lambda w: w.invitation.pk),
        core_team_only(302),
    ),
    "communities:join_requests": ("get", c("join_requests"), core_team_only(200)),
    "communities:join_request_decide": (
        "post",
        c("join_request_decide", lambda w: w.join_request.pk),
        core_team_only(302),
    ),
    "communities:roles": ("get", c("roles"), members_only(200)),
    "communities:who_does_what_csv": ("get", c("who_does_what_csv"), members_only(200)),
    "communities:role_create": ("get", c("role_create"), core_team_only(200)),
    "communities:role_edit": ("get", c("role_edit", role_id), core_team_only(200)),
    "communities:role_retire": ("post", c("role_retire", role_id), core_team_only(302)),
    "communities:role_assign": ("post", c("role_assign"), core_team_only(302)),
    "communities:role_unassign": ("post", c("role_unassign", role_id, member_id), core_team_only(302)),
    "help:index": ("get", lambda w: reverse("help:index"), everyone(200)),
    "help:page": ("get", lambda w: reverse("help:page", args=["core-team"]), everyone(200)),
    "profile": ("get", lambda w: reverse("profile"), signed_in(200)),
    "language_set": ("post", lambda w: reverse("language_set"), everyone(302)),
    # django-allauth: signed-in people are sent away from the entrance pages; sign-up is
    # closed without an invitation (a page that says so).
    "account_login": ("get", lambda w: reverse("account_login"), allauth(200, 302)),
    "account_logout": ("get", lambda w: reverse("account_logout"), allauth(302, 200)),
    "account_inactive": ("get", lambda w: reverse("account_inactive"), everyone(200)),
    "account_signup": ("get", lambda w: reverse("account_signup"), allauth(200, 302)),
    "account_reauthenticate": ("get", lambda w: reverse("account_reauthenticate"), allauth(LOGIN, 200)),
    "account_request_reauthentication_code": (
        "get",
        lambda w: reverse("account_request_reauthentication_code"),
        allauth(LOGIN, 200),
    ),
    "account_confirm_reauthentication_code": (
        "get",
        lambda w: reverse("account_confirm_reauthentication_code"),
        allauth(LOGIN, 302),
    ),
    "account_email": ("get", lambda w: reverse("account_email"), allauth(LOGIN, 200)),
    "account_email_verification_sent": (
        "get",
        lambda w: reverse("account_email_verification_sent"),
        everyone(200),
    ),
    "account_change_password": ("get", lambda w: reverse("account_change_password"), allauth(LOGIN, 200)),
    "account_set_password": ("get", lambda w: reverse("account_set_password"), allauth(LOGIN, 302)),
    "account_reset_password": ("get", lambda w: reverse("account_reset_password"), everyone(200)),
    "account_confirm_login_code": ("get", lambda w: reverse("account_confirm_login_code"), allauth(302, 302)),
    "account_confirm_email": (
        "get",
        lambda w: reverse("account_confirm_email", args=["not-a-key"]),
        everyone(200),
    ),
    "account_reset_password_from_key_done": (
        "get",
        lambda w: reverse("account_reset_password_from_key_done"),
        everyone(200),
    ),
    "account_reset_password_from_key": (
        "get",
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"}),
        everyone(200),
    ),
    "account_reset_password_done": ("get", lambda w: reverse("account_reset_password_done"), everyone(200)),
    "account_request_login_code": ("get", lambda w: reverse("account_request_login_code"), allauth(200, 302)),
    # allauth.mfa: only the cast's admin has an authenticator app (platform admins must); setting
    # one up or seeing the codes first asks to confirm one's password (a forced sign-in is not one).
    "mfa_index": ("get", lambda w: reverse("mfa_index"), allauth(LOGIN, 200)),
    "mfa_authenticate": ("get", lambda w: reverse("mfa_authenticate"), allauth(LOGIN, 302)),
    "mfa_reauthenticate": ("get", lambda w: reverse("mfa_reauthenticate"), {**allauth(LOGIN, 302), "admin": 200}),
    "mfa_activate_totp": ("get", lambda w: reverse("mfa_activate_totp"), allauth(LOGIN, 302)),
    "mfa_deactivate_totp": ("get", lambda w: reverse("mfa_deactivate_totp"), {**allauth(LOGIN, 404), "admin": 302}),
    "mfa_view_recovery_codes": (
        "get",
        lambda w: reverse("mfa_view_recovery_codes"),
        {**allauth(LOGIN, 404), "admin": 302},
    ),
    "mfa_download_recovery_codes": (
        "get",
        lambda w: reverse("mfa_download_recovery_codes"),
        {**allauth(LOGIN, 404), "admin": 302},
    ),
    "mfa_generate_recovery_codes": ("get", lambda w: reverse("mfa_generate_recovery_codes"), allauth(LOGIN, 302)),
}


def _app_modules():
    """Each Terreau app's `tests/access.py`, when it has one."""
    modules = []
    for app in apps.get_app_configs():
        if app.name.startswith("terreau."):
            try:
                modules.append(importlib.import_module(f"{app.name}.tests.access"))
            except ModuleNotFoundError as error:
                if not f"{app.name}.tests.access".startswith(error.name or "-"):
                    raise  # an import inside the module failed: that is a real error
    return modules


APP_MODULES = _app_modules()
for _module in APP_MODULES:
    MATRIX.update(_module.MATRIX)


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # covered by test_admin_is_for_platform_admins_only
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return list(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"URL patterns without an access-matrix entry: {missing}"


def sign_in(client, world, person):
    if person != "anonymous":
        client.force_login(getattr(world.cast, person))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, name):
    method, path_for, expected = MATRIX[name]
    world = World()
    path = path_for(world)
    answers = {}
    for person in PEOPLE:
        # Each person meets the same world: whatever a write changed is rolled back.
        with transaction.atomic():
            client.logout()
            sign_in(client, world, person)
            response = getattr(client, method)(path)
            transaction.set_rollback(True)
        answer = response.status_code
        if answer == 302 and "/accounts/login/" in response["Location"] and expected[person] == LOGIN:
            answer = LOGIN
        answers[person] = answer
    assert answers == expected


@pytest.mark.django_db
def test_admin_is_for_platform_admins_only(client):
    world = World()
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302, url
        client.force_login(world.cast.core_member)
        assert client.get(url).status_code == 302, url
        client.force_login(world.cast.admin)
        assert client.get(url).status_code == 200, url
