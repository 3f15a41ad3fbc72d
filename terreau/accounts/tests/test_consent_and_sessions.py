"""Consent to the terms and the privacy notice, recorded with its version; sessions that expire
when unused, that a person sees and ends."""

from importlib import import_module

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from terreau.accounts import sessions
from terreau.accounts.models import Consent
from terreau.communities.models import Invitation

pytestmark = pytest.mark.django_db

UA_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
UA_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)


@pytest.fixture
def consent_required(settings):
    settings.TERREAU_CONSENT_REQUIRED = True
    return settings


def test_sign_up_records_the_consent_with_its_version(cast, client, consent_required):
    invitation = Invitation.objects.create(community=cast.community, email="nouvelle@gal.test", invited_by=cast.admin)
    client.get(invitation.get_absolute_url())
    data = {
        "email": "nouvelle@gal.test",
        "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide",
        "display_name": "Aline Nouvelle",
    }
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert "Cochez cette case pour accepter les conditions d&#x27;utilisation." in response.text
    assert 'value="Aline Nouvelle"' in response.text  # what was typed stays
    response = client.post(reverse("account_signup"), {**data, "accept_terms": "on", "accept_privacy": "on"})
    assert response.status_code == 302
    consents = Consent.objects.filter(user__email="nouvelle@gal.test")
    assert {(c.document, c.version) for c in consents} == {
        ("terms", settings.TERREAU_TERMS_VERSION),
        ("privacy", settings.TERREAU_PRIVACY_VERSION),
    }


def test_a_new_version_asks_signed_in_people_to_accept_again(cast, client, consent_required):
    Consent.objects.create(user=cast.member, document="terms", version=settings.TERREAU_TERMS_VERSION)
    Consent.objects.create(user=cast.member, document="privacy", version=settings.TERREAU_PRIVACY_VERSION)
    client.force_login(cast.member)
    assert client.get(reverse("profile")).status_code == 200
    consent_required.TERREAU_PRIVACY_VERSION = "2027-01-01"
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_consent"))
    assert client.get(reverse("help:page", args=["privacy"])).status_code == 200  # the notice stays readable
    response = client.post(reverse("account_consent") + "?next=/profile/", {"accept_terms": "on"})
    assert "Cochez cette case pour indiquer que vous avez lu la notice de vie privée." in response.text
    response = client.post(
        reverse("account_consent"), {"accept_terms": "on", "accept_privacy": "on", "next": "/profile/"}
    )
    assert response.status_code == 302 and response.url == "/profile/"
    assert Consent.objects.filter(user=cast.member, document="privacy", version="2027-01-01").exists()
    assert client.get(reverse("profile")).status_code == 200


def test_the_privacy_notice_names_the_cookies(client):
    text = client.get(reverse("help:page", args=["privacy"])).text
    assert "terreau_seen" in text and "sessionid" in text


def _signed_in(user, user_agent: str) -> Client:
    """Signed in through allauth's form, as a person does (which writes the session's row)."""
    browser = Client(HTTP_USER_AGENT=user_agent)
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_a_person_sees_their_sessions_and_ends_another(cast):
    laptop = _signed_in(cast.member, UA_FIREFOX)
    phone = _signed_in(cast.member, UA_PHONE)
    page = laptop.get(reverse("account_sessions")).text
    assert "Firefox · Windows" in page and "Chrome · Android" in page
    assert "127.0.0.…" in page
    assert page.count("cet appareil") == 1
    phone_session = UserSession.objects.get(user=cast.member, user_agent=UA_PHONE)
    response = laptop.post(reverse("account_sessions_end"), {"session": phone_session.pk})
    assert response.status_code == 302
    # Ended through the configured engine: the phone is signed out at once.
    engine = import_module(settings.SESSION_ENGINE)
    assert not engine.SessionStore().exists(phone_session.session_key)
    assert phone.get(reverse("profile")).status_code == 302
    assert laptop.get(reverse("profile")).status_code == 200


def test_one_cannot_end_someone_elses_session(cast):
    _signed_in(cast.observer, UA_PHONE)
    theirs = UserSession.objects.get(user=cast.observer)
    laptop = _signed_in(cast.member, UA_FIREFOX)
    laptop.post(reverse("account_sessions_end"), {"session": theirs.pk})
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_a_session_is_touched_at_most_once_per_interval(cast, django_assert_max_num_queries, settings):
    """Activity moves the session's expiry (idle timeout) without a write on every page."""
    settings.TERREAU_SESSION_TOUCH_SECONDS = 300
    browser = _signed_in(cast.member, UA_FIREFOX)
    row = UserSession.objects.get(user=cast.member)
    seen = row.last_seen_at
    browser.get(reverse("profile"))
    row.refresh_from_db()
    assert row.last_seen_at == seen  # within the interval: no write
    settings.TERREAU_SESSION_TOUCH_SECONDS = 0  # as if the interval had passed
    browser.get(reverse("profile"))
    row.refresh_from_db()
    assert row.last_seen_at > seen


def test_sessions_expire_after_the_idle_delay():
    assert settings.SESSION_COOKIE_AGE == settings.TERREAU_SESSION_IDLE_MINUTES * 60
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)


def test_device_and_place_are_read_roughly():
    assert sessions.device(UA_PHONE) == "Chrome · Android"
    assert sessions.masked("192.168.10.42") == "192.168.10.…"
    assert sessions.masked("2001:db8:abcd:12::1") == "2001:db8:abcd:…"
    assert sessions.masked("not an address") == ""
