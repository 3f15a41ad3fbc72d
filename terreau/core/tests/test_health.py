"""The health endpoint: database, cache and task queue, 200 or 503, JSON, for any caller."""

import json
import logging
import socket

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse

from terreau.core import health

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def test_the_paths_are_the_named_urls():
    assert reverse("health") == health.HEALTH_PATH == "/health/"
    assert reverse("health_live") == health.LIVE_PATH


def test_all_checks_answer_200_with_each_status_and_timing(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert body["checks"]["cache"]["backend"] == "LocMemCache"
    for check in body["checks"].values():
        assert check["status"] == "ok"
        assert isinstance(check["ms"], float) and check["ms"] < 1000
    # A probe every few seconds must not make a session row each time.
    assert "sessionid" not in response.cookies and not response.cookies


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_database_queue_is_checked_by_a_query_on_its_table(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # SELECT 1, and the queue's table
        body = client.get("/health/").json()
    assert body["checks"]["queue"] == {
        "status": "ok",
        "backend": "DatabaseBackend",
        "ms": body["checks"]["queue"]["ms"],
    }


@pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379")
@override_settings(TASKS=RQ_QUEUE, RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:6379/2"}})
def test_the_rq_queue_is_checked_by_a_ping_of_its_redis(client):
    body = client.get("/health/").json()
    assert body["checks"]["queue"]["status"] == "ok"
    assert body["checks"]["queue"]["backend"] == "RQBackend"


@override_settings(TASKS=RQ_QUEUE, RQ_QUEUES={"default": {"URL": "redis://:hunter2@127.0.0.1:1/2"}})
def test_an_unreachable_redis_gives_503_without_its_address_or_password(client, caplog):
    with caplog.at_level(logging.WARNING, logger="terreau.health"):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["queue"] == {
        "status": "error",
        "error": "ConnectionError",
        "ms": body["checks"]["queue"]["ms"],
    }
    assert body["checks"]["database"]["status"] == "ok"
    assert "hunter2" not in response.text and "6379" not in response.text and ":1" not in response.text
    assert "Health check queue failed" in caplog.text  # the operator finds the cause in the log


def test_a_cache_that_forgets_gives_503(client, monkeypatch):
    from django.core.cache import caches

    monkeypatch.setattr(type(caches["default"]), "get", lambda *args, **kwargs: None)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


def test_a_database_error_gives_503_without_its_message(client, monkeypatch):
    def broken():
        raise OperationalError('connection to server at "db.internal", password=s3cret failed')

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["error"] == "OperationalError"
    assert "s3cret" not in response.text and "db.internal" not in response.text


def test_liveness_touches_nothing(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", lambda: 1 / 0)
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200 and json.loads(response.content) == {"status": "ok"}


@override_settings(
    DEBUG=False,
    ALLOWED_HOSTS=["terreau.example.org"],
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=None,
)
def test_a_probe_by_address_over_http_is_answered_not_redirected(client):
    """Behind the proxy, the orchestrator calls the app server by its address, in plain HTTP."""
    assert client.get("/", headers={"host": "terreau.example.org"}).status_code == 301  # any other page
    assert client.get("/", headers={"host": "10.0.0.5:8000"}).status_code == 400
    response = client.get("/health/", headers={"host": "10.0.0.5:8000"})
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_an_anonymous_probe_is_never_sent_to_sign_in_nor_to_the_friendly_404(client):
    assert client.get("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_health_is_fast(client):
    import time

    client.get("/health/")
    started = time.perf_counter()
    for _ in range(20):
        assert client.get("/health/").status_code == 200
    assert (time.perf_counter() - started) / 20 < 0.05  # measured: about 1 ms per call here
