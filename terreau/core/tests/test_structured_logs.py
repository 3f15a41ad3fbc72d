"""TERREAU_LOG_FORMAT=json: one JSON object per line on stdout, one line per request, no emails."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from terreau.core.logs import JsonFormatter, RequestLogMiddleware, request_context

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import logging, sys
import django
django.setup()
from django.test import Client
client = Client()
response = client.get("/nothing/here/julie@example.org/?q=secret-search", headers={"X-Request-ID": "proxy-42"})
print("STATUS", response.status_code, response["X-Request-ID"], file=sys.stderr)
logging.getLogger("terreau.demo").warning("Message sent to %s", "julie.martin@example.org")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("terreau.demo").exception("It broke for marc@example.org")
"""


def run(log_format: str | None, tmp_path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings_test",
        "TERREAU_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("TERREAU_LOG_FORMAT", None)
    env.pop("DATABASE_URL", None)  # the 404 page reads no table; SQLite in tmp_path is enough
    if log_format:
        env["TERREAU_LOG_FORMAT"] = log_format
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_json_logs_are_one_object_per_line_on_stdout_without_emails(tmp_path):
    result = run("json", tmp_path)
    assert "STATUS 404 proxy-42" in result.stderr, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]  # every line is JSON
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    request = next(line for line in lines if line["logger"] == "terreau.request")
    assert request["level"] == "INFO"
    assert request["request_id"] == "proxy-42"
    assert request["method"] == "GET" and request["status"] == 404
    assert request["path"] == "/nothing/here/[email]/"
    assert isinstance(request["duration_ms"], float)
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == "proxy-42" and not_found["status_code"] == 404  # same request, same id
    sent = next(line for line in lines if line["message"].startswith("Message sent"))
    assert sent["message"] == "Message sent to [email]" and sent["level"] == "WARNING"
    assert "request_id" not in sent  # logged outside any request
    broken = next(line for line in lines if line["message"].startswith("It broke"))
    assert "ZeroDivisionError" in broken["exception"] and broken["level"] == "ERROR"
    assert "example.org" not in result.stdout and "secret-search" not in result.stdout
    assert result.stdout.endswith("\n") and "Traceback" not in result.stderr


def test_default_logs_stay_human_readable_on_stderr(tmp_path):
    result = run(None, tmp_path)
    assert result.stdout == ""
    assert "Message sent to julie.martin@example.org" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "GET /nothing" not in result.stderr  # no request line unless asked (TERREAU_REQUEST_LOG_LEVEL)


def test_an_unknown_log_format_is_refused(tmp_path):
    result = run("xml", tmp_path)
    assert result.returncode != 0 and "TERREAU_LOG_FORMAT" in result.stderr


def test_the_formatter_never_writes_djangos_request_object():
    request = RequestFactory().get("/", HTTP_COOKIE="sessionid=abcdef")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None)
    record.request = request
    record.status_code = 404
    record.colour = "blue"  # whatever a caller puts in `extra` stays out
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Not Found: /x/" and line["status_code"] == 404
    assert "abcdef" not in json.dumps(line) and "request" not in line and "colour" not in line
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize(
    "given,kept",
    [("3f2a-proxy.1_x", True), ("", False), ("evil\nline", False), ("x" * 65, False), ("a b", False)],
)
def test_the_request_id_comes_from_the_proxy_when_it_is_a_plain_token(given, kept):
    seen = {}

    def view(request):
        seen.update(request_context.get())
        return HttpResponse("ok")

    headers = {"HTTP_X_REQUEST_ID": given} if given else {}
    response = RequestLogMiddleware(view)(RequestFactory().get("/p/", **headers))
    assert (response["X-Request-ID"] == given) is kept
    assert seen["request_id"] == response["X-Request-ID"] and len(response["X-Request-ID"]) <= 64
    assert request_context.get() is None  # the context ends with the request


def test_the_request_middleware_is_installed_after_health():
    middleware = settings.MIDDLEWARE
    assert middleware[:2] == ["terreau.core.health.HealthCheckMiddleware", "terreau.core.logs.RequestLogMiddleware"]
