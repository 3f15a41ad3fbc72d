"""The health endpoint, for the reverse proxy, the orchestrator or a monitoring probe.

    GET /health/       the database (a trivial query), the cache (a key set and read back) and the
                       task queue (the database queue's table, or a ping of RQ's Redis): 200 when all
                       answer, 503 when one does not, JSON with each check's status and time in ms
    GET /health/live/  the process answers at all (no dependency): 200. A liveness probe uses it,
                       so that a database outage does not restart every app server.

`HealthCheckMiddleware` stands first in MIDDLEWARE and answers these two paths itself: no
session, no sign-in or second-factor redirect, no friendly 404 page, no HTTPS redirect (the probe
talks plain HTTP to the app server behind the proxy), no ALLOWED_HOSTS check (a probe calls
the server by its address), no rate limit, and no access-log line for every probe. Nothing in the
answer is a secret or a person's data: the name of a failed check's exception class only; the
exception itself goes to the log.
"""

import json
import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("terreau.health")

HEALTH_PATH = "/health/"
LIVE_PATH = "/health/live/"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    cache = caches["default"]
    key, token = f"terreau:health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=30)
    found = cache.get(key)
    cache.delete(key)
    if found != token:
        raise RuntimeError("the cache did not give back the value just set")
    return type(cache).__name__


def check_queue() -> str:
    """The configured task backend is reachable: its table (database queue) or its Redis (RQ)."""
    from django.tasks import task_backends

    backend = task_backends["default"]
    module = type(backend).__module__
    if module.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.order_by().values_list("pk").first()
    elif module.startswith("django_tasks_rq"):
        import django_rq

        for name in sorted(getattr(backend, "queues", None) or ["default"]):
            django_rq.get_connection(name).ping()
    # Any other backend (the immediate one of the tests, a dummy) runs in this process.
    return type(backend).__name__


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}


def run_checks() -> tuple[bool, dict]:
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            backend = check()
            result = {"status": "ok", "backend": backend}
        except Exception as error:  # every failure is a 503, never a 500
            healthy = False
            result = {"status": "error", "error": type(error).__name__}
            logger.warning("Health check %s failed", name, exc_info=True)
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return healthy, results


def _json(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def health(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _json(405, {"status": "error", "error": "method not allowed"})
    healthy, checks = run_checks()
    return _json(200 if healthy else 503, {"status": "ok" if healthy else "error", "checks": checks})


def live(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _json(405, {"status": "error", "error": "method not allowed"})
    return _json(200, {"status": "ok"})


VIEWS = {HEALTH_PATH: health, LIVE_PATH: live}


class HealthCheckMiddleware:
    """Answers the health paths before any other middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
