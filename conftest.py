"""The seeded cast every test reuses: one person of each kind the access matrix knows."""

import os
import time

import pytest
from django.utils import translation

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.accounts.models import User
from terreau.accounts.services import second_factor_activate
from terreau.communities import services
from terreau.communities.models import Community, Membership, Role, RoleAssignment, RoleKind

PASSWORD = "a-long-test-password"
# The cast's platform admin signs in with this authenticator app (platform admins must have one).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, step: int = 0) -> str:
    """The authenticator app's code `step` periods from now (allauth accepts one period either side)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + step))


def make_user(email: str, name: str, **fields) -> User:
    user = User.objects.create_user(email, PASSWORD, display_name=name, **fields)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def make_member(community: Community, user: User, **fields) -> Membership:
    return Membership.objects.create(community=community, user=user, **fields)


class Cast:
    """admin, core_member, facilitator, member, observer, outsider, and a community they share."""

    def __init__(self, community: Community, **people):
        self.community = community
        self.__dict__.update(people)

    def membership(self, user) -> Membership:
        return Membership.objects.get(community=self.community, user=user)


def build_cast(*, listing: str = Community.Listing.PRIVATE, slug: str = "circuits-courts") -> Cast:
    admin = make_user(f"admin@{slug}.test", "Camille Admin", is_staff=True, is_superuser=True)
    second_factor_activate(user=admin, secret=ADMIN_TOTP_SECRET)
    community = services.community_create(
        actor=admin,
        name="Circuits courts",
        slug=slug,
        purpose="Partager les pratiques de vente directe.",
        themes="vente directe, logistique",
        listing=listing,
    )
    people = {
        "admin": admin,
        "core_member": make_user(f"noyau@{slug}.test", "Marc Dubois", organisation="GAL Condroz"),
        "facilitator": make_user(f"animatrice@{slug}.test", "Sophie Lambert", organisation="GAL Famenne"),
        "member": make_user(
            f"membre@{slug}.test",
            "Julie Martin",
            organisation="GAL Entre-Sambre-et-Meuse",
            expertise="marchés fermiers",
        ),
        "observer": make_user(f"observateur@{slug}.test", "Thomas Leroy", territory="Gesves"),
        "outsider": make_user(f"dehors@{slug}.test", "Nora Extérieure"),
    }
    make_member(community, people["core_member"], is_core_team=True, engagement=Membership.Engagement.DRIVER)
    facilitator = make_member(community, people["facilitator"], engagement=Membership.Engagement.DRIVER)
    make_member(community, people["member"], engagement=Membership.Engagement.CARRIER)
    make_member(community, people["observer"], engagement=Membership.Engagement.OBSERVER)
    RoleAssignment.objects.create(
        role=Role.objects.get(community=community, kind=RoleKind.FACILITATION), membership=facilitator
    )
    return Cast(community, **people)


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def public_cast(db) -> Cast:
    return build_cast(listing=Community.Listing.PUBLIC, slug="mobilite")


# Shared by the apps' conftests, which make them autouse with `pytest.fixture(autouse=True)(...)`.


def in_english(monkeypatch):
    """Tests that read the English source strings: the interface answers in English, whoever signs in."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))
    with translation.override("en"):
        yield


def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


# The task queues: the same task tests run on the database queue and on RQ (Redis) -------------

# Redis for the RQ runs: one database per pytest-xdist worker (gw0 -> base, gw1 -> base + 1, ...),
# flushed before and after each test; TERREAU_TEST_REDIS_URL names the base (database 9 by default).
REDIS_TEST_URL = os.environ.get("TERREAU_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
TASK_QUEUE_NAMES = ["high", "default"]


def redis_test_url(worker_id: str) -> str:
    base, _, number = REDIS_TEST_URL.rpartition("/")
    offset = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return f"{base}/{(int(number or 0) + offset) % 16}"


def redis_answers(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


class TaskQueue:
    """The queue a test enqueues on, and `drain()`: one worker run that empties it, as `--batch`/`--burst`."""

    def __init__(self, name: str, drain):
        self.name = name
        self.drain = drain


def _drain_database_queue() -> None:
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)


def _drain_rq() -> None:
    """An RQ worker in this process (so it sees the test's database), in burst mode, `high` first."""
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queues = [django_rq.get_queue(name, job_class=Job) for name in TASK_QUEUE_NAMES]
    SimpleWorker(queues, connection=queues[0].connection, job_class=Job).work(burst=True, logging_level="WARNING")


@pytest.fixture(params=["db", "rq"])
def task_queue(request, settings):
    """Parametrises a test over the database queue (the embedded default) and RQ on Redis."""
    if request.param == "db":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        yield TaskQueue("db", _drain_database_queue)
        return
    url = redis_test_url(os.environ.get("PYTEST_XDIST_WORKER", "master"))
    if not redis_answers(url):
        pytest.skip(f"RQ task tests skipped: Redis does not answer at {url} (start it: redis-server --daemonize yes).")
    import redis

    connection = redis.Redis.from_url(url)
    connection.flushdb()
    settings.RQ_QUEUES = {name: {"URL": url, "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUE_NAMES}
    settings.TASKS = {"default": {"BACKEND": "terreau.core.tasks.RQBackend", "QUEUES": TASK_QUEUE_NAMES}}
    try:
        yield TaskQueue("rq", _drain_rq)
    finally:
        connection.flushdb()


@pytest.fixture(scope="session")
def production_stack():
    """The production set-up brought up once for the `stack` tests (bench/stack.py); skipped without PG or Redis."""
    from bench.stack import Stack, pg_answers, redis_answers

    missing = pg_answers() or redis_answers()
    if missing:
        pytest.skip(f"Production set-up tests skipped: {missing}.")
    with Stack(engine="postgresql", port=int(os.environ.get("STACK_PORT", "8302")), members=2) as stack:
        yield stack
