"""Brings Terreau's production set-up up on this machine, from a fresh data set, and down again.

    with Stack(engine="postgresql", port=8302) as stack:   # or engine="sqlite" (the embedded default)
        ... stack.url ...

PostgreSQL + Redis: two gunicorn processes (deploy/gunicorn.conf.py), the RQ worker and the
scheduler, with the settings an operator would set (DJANGO_DEBUG=0, DATABASE_URL,
TERREAU_REDIS_URL), plain HTTP on 127.0.0.1 (TERREAU_HTTPS=0). SQLite: the same processes with no
Redis: cache, sessions and the task queue in the database. The data set: `manage.py demo_data`,
plus LOAD_MEMBERS members of the running community (charge<N>@terreau.test, the demo password),
and a few coming events of that community with a limited number of places (the members register
to them, fill them, wait, cancel).

The PostgreSQL database (STACK_DATABASE, default terreau_stack) is DROPPED and created afresh, and
the Redis database (STACK_REDIS_URL, default redis://127.0.0.1:6379/8) is FLUSHED: point them at
nothing you keep. Every process is started here and stopped here, by its own process group.
"""

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("STACK_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/8")
COMMUNITY = "circuits-courts"

ADD_MEMBERS = """
import sys
from allauth.account.models import EmailAddress
from terreau.accounts import consent
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.demo.data import DEMO_PASSWORD
community = Community.objects.get(slug="{community}")
for index in range({count}):
    email = f"charge{{index}}@terreau.test"
    user = User.objects.create_user(email, DEMO_PASSWORD, display_name=f"Membre de charge {{index}}")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    consent.accept(user=user)  # they accepted the terms when they signed up
    Membership.objects.create(community=community, user=user)
"""

# Coming workshops with places: the load's members fill them, the waiting list moves when one cancels.
ADD_EVENTS = """
from datetime import timedelta
from django.utils import timezone
from terreau.communities.models import Community
from terreau.core.models import Visibility
from terreau.events.models import Event, EventKind
community = Community.objects.get(slug="{community}")
start = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
for index in range({count}):
    starts_at = start + timedelta(days=7 * (index + 1))
    Event.objects.create(
        community=community, kind=EventKind.WORKSHOP, title=f"Atelier de charge {{index + 1}}",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity={capacity},
        visibility=Visibility.MEMBERS, place="Maison de la ruralité",
    )
"""


def pg_answers() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception as error:  # any failure to connect means: no PostgreSQL here
        return f"PostgreSQL does not answer at {PG_SERVER} ({type(error).__name__})"
    return None


def redis_answers() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure to connect means: no Redis here
        return f"Redis does not answer at {REDIS_URL} ({type(error).__name__})"
    return None


class Stack:
    def __init__(self, *, engine: str = "postgresql", port: int = 8302, members: int = 60, workers: int = 2):
        assert engine in ("postgresql", "sqlite")
        self.engine, self.port, self.members, self.workers = engine, port, members, workers
        self.url = f"http://127.0.0.1:{port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.var = Path(tempfile.mkdtemp(prefix=f"terreau-stack-{engine}-"))
        self.logs = self.var / "logs"
        self.logs.mkdir()
        self.database = os.environ.get("STACK_DATABASE", "terreau_stack")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TERREAU_", "DATABASE_URL"))},
            "DJANGO_SETTINGS_MODULE": "terreau.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TERREAU_HTTPS": "0",
            "TERREAU_SMTP": "0",  # emails as files under the stack's var/mail
            "TERREAU_SITE_URL": self.url,
            "TERREAU_VAR_DIR": str(self.var),
            # The load test's members come from many addresses, as through a proxy (rate limits per person).
            "TERREAU_BEHIND_PROXY": "1",
            "TERREAU_TRUSTED_PROXIES": "127.0.0.1",
            "TERREAU_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESSLOG": str(self.logs / "access.log"),
            "PYTHONUNBUFFERED": "1",
        }
        if engine == "postgresql":
            self.env["DATABASE_URL"] = f"{PG_SERVER}/{self.database}"
            self.env["TERREAU_REDIS_URL"] = REDIS_URL

    # Set-up -----------------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> None:
        (self.var / "mail").mkdir(exist_ok=True)
        if self.engine == "postgresql":
            import psycopg
            import redis

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{self.database}"')
            redis.Redis.from_url(REDIS_URL).flushdb()
        self.manage("migrate", "--no-input", "-v0")
        self.manage("createcachetable")
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("demo_data")
        self.manage("shell", "-c", ADD_MEMBERS.format(community=COMMUNITY, count=self.members))
        self.manage("shell", "-c", ADD_EVENTS.format(community=COMMUNITY, count=4, capacity=max(self.members // 4, 2)))

    def start(self) -> None:
        self._spawn(
            "web", [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "terreau.wsgi"]
        )
        self._spawn("worker", [sys.executable, "manage.py", "worker"])
        self._spawn("scheduler", [sys.executable, "manage.py", "scheduler"])
        deadline = time.monotonic() + 60
        while True:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"the {name} stopped at start:\n{self.log(name)[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app servers never answered:\n{self.log('web')[-3000:]}")
            time.sleep(0.5)

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (kept open for the process's life)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def gunicorn_processes(self) -> int:
        """How many gunicorn worker processes serve (children of the master)."""
        master = self.processes["web"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return len(children.read_text().split()) if children.exists() else 0

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)  # its own session: gunicorn's workers, rq's work horse
                except ProcessLookupError:
                    pass
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self) -> "Stack":
        try:
            self.prepare()
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
