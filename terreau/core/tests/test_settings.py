import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy_without_warning():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7!Qm2#pL9vR4$tZ8wK1^nB6&hJ3*cF5(dS0)gA-yU+eI=oP~rT",
        "DJANGO_ALLOWED_HOSTS": "terreau.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "terreau.settings", "DJANGO_DEBUG": "0"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


@pytest.mark.django_db
def test_the_interface_is_french_by_default_and_english_on_request(client):
    response = client.get(reverse("home"), headers={"Accept-Language": "en-US,en"})
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.text
    client.post(reverse("language_set"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("home")).text


@pytest.mark.django_db
def test_a_signed_in_person_keeps_their_language_in_their_profile(client, cast):
    client.force_login(cast.member)
    client.post(reverse("language_set"), {"language": "en", "next": "/"})
    cast.member.refresh_from_db()
    assert cast.member.language == "en"


@pytest.mark.django_db
def test_the_language_switch_does_not_redirect_elsewhere(client):
    response = client.post(reverse("language_set"), {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_production_keeps_the_language_cookie_to_https_and_away_from_scripts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7!Qm2#pL9vR4$tZ8wK1^nB6&hJ3*cF5(dS0)gA-yU+eI=oP~rT",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "Lax"], result.stderr


@pytest.mark.django_db
@override_settings(LANGUAGE_COOKIE_SECURE=True)
def test_the_language_cookie_is_set_as_the_settings_say(client, cast):
    response = client.post(reverse("language_set"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")
    client.force_login(cast.member)
    response = client.post(
        reverse("profile"), {"display_name": "Julie Martin", "language": "fr", "bio": "", "expertise": ""}
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")
