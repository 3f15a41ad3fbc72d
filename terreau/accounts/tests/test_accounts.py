import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password(client, cast):
    response = client.post(reverse("account_login"), {"login": cast.member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def test_login_attempts_are_rate_limited(client, cast):
    cache.clear()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": cast.member.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": cast.member.email, "password": PASSWORD})
    # Even the right password is refused once the limit is reached.
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(reverse("profile")).status_code == 302  # still signed out
    cache.clear()


def test_sign_in_by_a_one_time_code_sent_by_email(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": cast.member.email})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert "Terreau" in body
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def test_password_reset_sends_a_link(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": cast.member.email})
    assert mail.outbox[-1].to == [cast.member.email]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_profile_edit_keeps_what_was_typed_on_error(client, cast):
    client.force_login(cast.member)
    response = client.post(
        reverse("profile"), {"display_name": "", "organisation": "GAL Nouveau", "language": "fr", "bio": "Ma bio"}
    )
    assert response.status_code == 200 and response.context["form"].errors["display_name"]
    assert "GAL Nouveau" in response.text and "Ma bio" in response.text


def test_profile_edit_saves_the_profile(client, cast):
    client.force_login(cast.member)
    client.post(
        reverse("profile"),
        {
            "display_name": "Julie M.",
            "organisation": "GAL X",
            "territory": "Couvin",
            "bio": "",
            "expertise": "a, b",
            "language": "en",
        },
    )
    cast.member.refresh_from_db()
    assert cast.member.expertise_list == ["a", "b"] and cast.member.language == "en"


def test_sign_up_is_closed_without_an_invitation(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "X",
            "email": "x@x.test",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    from terreau.accounts.models import User

    assert not User.objects.filter(email="x@x.test").exists()
    assert response.status_code == 200
