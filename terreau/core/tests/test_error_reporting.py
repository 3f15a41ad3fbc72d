"""sentry-sdk reports errors only when SENTRY_DSN is set, and sends no personal data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terreau.core.errors import sentry_options

ROOT = Path(__file__).resolve().parents[3]
FAKE_DSN = "https://0123456789abcdef@sentry.example.invalid/42"

# Runs in its own process: sentry_sdk.init is global. The transport is replaced by one that keeps
# the envelopes: nothing goes to the network.
SCRIPT = """
import json, sys, types
import django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

client = sentry_sdk.get_client()
report = {"active": client.is_active()}
if client.is_active():
    options = client.options
    report["options"] = {key: options[key] for key in
        ["environment", "release", "traces_sample_rate", "send_default_pii", "max_request_body_size",
         "include_local_variables"]}
    report["integrations"] = sorted(client.integrations)

    events = []

    class Keep(Transport):
        def capture_envelope(self, envelope):
            events.extend(item.payload.json for item in envelope.items if item.type == "event")

    client.transport = Keep(options)

    def boom(request):
        raise RuntimeError("the view failed for julie@example.org")

    urls = types.ModuleType("failing_urls")
    urls.urlpatterns = [path("boom/", boom)]
    urls.handler500 = lambda request: HttpResponse("error", status=500)
    sys.modules["failing_urls"] = urls
    # No database in this process: the session cookie is read without a table.
    sessions = "django.contrib.sessions.backends.signed_cookies"
    with override_settings(ROOT_URLCONF="failing_urls", SESSION_ENGINE=sessions):
        response = Client(raise_request_exception=False).post(
            "/boom/?email=julie%40example.org",
            {"email": "julie@example.org", "note": "Julie Martin"},
            headers={"cookie": "sessionid=s3ss10n-v4lue", "x-forwarded-for": "198.51.100.7"},
        )
    sentry_sdk.flush()
    report["status"] = response.status_code
    report["events"] = events
print("REPORT" + json.dumps(report))
"""


def run(tmp_path, **environ) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings_test",
        "TERREAU_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    for name in ["SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE", "SENTRY_TRACES_SAMPLE_RATE", "DATABASE_URL"]:
        env.pop(name, None)
    env.update(environ)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("REPORT")), None)
    assert line, result.stdout + result.stderr
    return json.loads(line.removeprefix("REPORT"))


def test_without_a_dsn_sentry_is_not_started(tmp_path):
    assert run(tmp_path) == {"active": False}


def test_with_a_dsn_a_failing_view_is_reported_without_personal_data(tmp_path):
    report = run(
        tmp_path,
        SENTRY_DSN=FAKE_DSN,
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="terreau@abc123",
    )
    assert report["active"] is True
    assert report["options"] == {
        "environment": "staging",
        "release": "terreau@abc123",
        "traces_sample_rate": 0.0,
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
    }
    assert "django" in report["integrations"]
    assert report["status"] == 500
    [event] = [event for event in report["events"] if event.get("exception")]
    error = event["exception"]["values"][-1]
    assert error["type"] == "RuntimeError" and error["value"] == "the view failed for [email]"
    assert event["environment"] == "staging" and event["release"] == "terreau@abc123"
    written = json.dumps(event)
    for personal in ["julie", "Julie Martin", "s3ss10n-v4lue", "198.51.100.7"]:
        assert personal not in written


def test_the_traces_sample_rate_comes_from_the_environment():
    assert sentry_options(FAKE_DSN, {})["traces_sample_rate"] == 0
    assert sentry_options(FAKE_DSN, {"SENTRY_TRACES_SAMPLE_RATE": "0.2"})["traces_sample_rate"] == 0.2
    assert sentry_options(FAKE_DSN, {"TERREAU_COMMIT": "abc"})["release"] == "abc"
    with pytest.raises(RuntimeError, match="SENTRY_TRACES_SAMPLE_RATE"):
        sentry_options(FAKE_DSN, {"SENTRY_TRACES_SAMPLE_RATE": "2"})
