"""Rate limits say so in the visitor's language."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


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
