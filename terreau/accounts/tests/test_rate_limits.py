"""Rate limits count each visitor behind the reverse proxy, and say so in the visitor's language."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
behind_the_proxy = override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24"])


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def fail_logins_from(client, forwarded: str, peer: str = PROXY) -> None:
    # 10 failed sign-ins a minute from one address (allauth's "10/m/ip"), each for another email
    # so that the per-account limit is not what stops them.
    for n in range(10):
        sign_in(client, f"nobody{n}@exemple.be", "wrong", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)


@behind_the_proxy
def test_behind_a_trusted_proxy_failed_sign_ins_lock_out_only_their_sender(client, cast):
    fail_logins_from(client, "198.51.100.1")
    blocked = sign_in(client, cast.member.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert blocked.status_code != 302
    response = sign_in(client, cast.member.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 302  # another visitor behind the same proxy signs in


@behind_the_proxy
def test_a_visitor_outside_the_proxy_cannot_escape_the_limit_with_a_forged_header(client, cast):
    attacker = "203.0.113.66"
    for n in range(10):
        sign_in(client, f"nobody{n}@exemple.be", "wrong", REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, cast.member.email, PASSWORD, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code != 302


def too_many_password_resets(client, **extra):
    # allauth: 5 requests a minute for one address ("5/m/key"), then 429.
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": "someone@exemple.be"}, **extra)
    return client.post(reverse("account_reset_password"), {"email": "someone@exemple.be"}, **extra)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_too_many_requests_page_speaks_the_visitors_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = too_many_password_resets(client)
    assert response.status_code == 429
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.text
    with translation.override(language):
        assert f"<h1>{gettext('Too many attempts')}</h1>" in response.text
        assert gettext("Back to the home page") in response.text
    assert ("Retour à l'accueil" in response.text) == (language == "fr")
    assert "Too Many Requests" not in response.text  # allauth's bare English page
