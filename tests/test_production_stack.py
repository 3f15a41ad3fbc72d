"""The production set-up on this machine, walked over HTTP: bin/prod-smoke (`make test-stack`) runs it.

Two gunicorn processes (deploy/gunicorn.conf.py), PostgreSQL, Redis, the RQ worker and the
scheduler, started as an operator would (bench/stack.py). A member asks a question, another answers
it, and the notification email goes out through RQ. Skipped when PostgreSQL or Redis does not answer.
"""

import re
import time

import pytest

pytestmark = pytest.mark.stack


@pytest.fixture
def stack(production_stack):
    return production_stack


class Visitor:
    """A browser without a browser: a session that signs in, reads pages and posts forms."""

    def __init__(self, stack):
        import requests

        self.stack, self.session = stack, requests.Session()

    def get(self, path: str):
        response = self.session.get(f"{self.stack.url}{path}", timeout=30)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def post(self, path: str, data: dict):
        data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        return self.session.post(f"{self.stack.url}{path}", data=data, timeout=30, allow_redirects=False)

    def sign_in(self, email: str) -> None:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": email, "password": "terreau-demo"})
        assert response.status_code == 302, response.text[:500]


def test_two_app_servers_serve_pages_and_static_files_on_postgresql_and_redis(stack):
    assert stack.gunicorn_processes() == 2
    visitor = Visitor(stack)
    home = visitor.get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
    static = visitor.session.get(f"{stack.url}{stylesheet}", timeout=30)
    # WhiteNoise: a hashed name, cached for ever.
    assert static.status_code == 200 and "max-age=315360000" in static.headers["Cache-Control"]
    visitor.sign_in("membre@terreau.test")
    for path in ["/", "/c/circuits-courts/", "/c/circuits-courts/knowledge/", "/c/circuits-courts/questions/"]:
        visitor.get(path)
    visitor.get("/c/circuits-courts/knowledge/?q=circuits")
    # Sessions live in Redis (cached_db): the session key is found there.
    import redis

    from bench.stack import REDIS_URL

    assert any(b"django.contrib.sessions" in key for key in redis.Redis.from_url(REDIS_URL).keys("*"))


def daytime_zone() -> str:
    """A time zone where it is mid-afternoon now: emails wait for the recipient's sending hours (8-21)."""
    from datetime import UTC, datetime

    offset = 14 - datetime.now(UTC).hour  # -9 ... +14, all fixed-offset zones that exist
    return "Etc/GMT" + (f"-{offset}" if offset > 0 else f"+{-offset}" if offset < 0 else "")


LIVES_IN = """
from terreau.communities.models import Membership
from terreau.exchanges.models import NotificationPreference
membership = Membership.objects.get(user__email="charge0@terreau.test", community__slug="circuits-courts")
NotificationPreference.objects.create(membership=membership, frequency="immediate", time_zone="{zone}")
"""


def test_an_answer_notifies_the_asker_by_an_email_the_rq_worker_sends(stack):
    stack.manage("shell", "-c", LIVES_IN.format(zone=daytime_zone()))
    asker, helper = Visitor(stack), Visitor(stack)
    asker.sign_in("charge0@terreau.test")
    title = f"Qui prête une remorque frigorifique ? ({time.time():.0f})"
    response = asker.post(
        "/c/circuits-courts/questions/ask/",
        {"title": title, "body": "Pour le marché de Ciney.", "visibility": "members"},
    )
    assert response.status_code == 302, response.text[:1000]
    question = response.headers["Location"]
    helper.sign_in("animatrice@terreau.test")
    answered = helper.post(question, {"body": "La coopérative de Gedinne en a une, je vous mets en contact."})
    assert answered.status_code == 302, answered.text[:1000]

    mail = stack.var / "mail"
    deadline = time.monotonic() + 60
    while True:
        sent = [path.read_text(errors="replace") for path in mail.iterdir()]
        if any("To: charge0@terreau.test" in text and "Gedinne" in text for text in sent):
            break
        assert time.monotonic() < deadline, f"no email to the asker; worker log:\n{stack.log('worker')[-3000:]}"
        time.sleep(0.5)
    # Through RQ: the worker ran the delivery task from the `high` queue.
    assert "deliver_email" in stack.log("worker")


def test_the_scheduler_claimed_its_jobs(stack):
    jobs = "from terreau.core.models import ScheduledRun; print(*ScheduledRun.objects.values_list('job', flat=True))"
    output = stack.manage("shell", "-c", jobs)
    assert {"emails.sweep", "exchanges.rhythm", "knowledge.search_optimize"} <= set(output.split()), output
