"""The one scheduler: each periodic job once per slot, whatever the number of schedulers."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from terreau.core import periodic, scheduler
from terreau.core.models import ScheduledRun

CALLS: list[str] = []


def count_a_call() -> None:
    CALLS.append("called")


def fail() -> None:
    raise RuntimeError("the mail server is on fire")


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(periodic, "JOBS", {})
    CALLS.clear()
    periodic.register("test.count", every=timedelta(minutes=5), run=f"{__name__}.count_a_call")
    periodic.register("test.fail", every=timedelta(hours=1), run=f"{__name__}.fail")
    return periodic.JOBS


def test_slots_are_aligned_on_the_period():
    hourly = periodic.Job("h", timedelta(hours=1), "x")
    five = periodic.Job("f", timedelta(minutes=5), "x")
    moment = datetime(2026, 3, 29, 14, 37, 12, tzinfo=UTC)
    assert scheduler.slot_of(hourly, moment) == datetime(2026, 3, 29, 14, 0, tzinfo=UTC)
    assert scheduler.slot_of(five, moment) == datetime(2026, 3, 29, 14, 35, tzinfo=UTC)
    assert scheduler.next_slot([hourly, five], moment) == datetime(2026, 3, 29, 14, 40, tzinfo=UTC)


@pytest.mark.django_db
def test_a_job_runs_once_per_slot_and_a_failure_stops_no_other_job(jobs):
    moment = datetime(2026, 3, 29, 14, 37, tzinfo=UTC)
    first = scheduler.run_due(now=moment, scheduler="a")
    assert [(o.job, o.ran, bool(o.error)) for o in first] == [("test.count", True, False), ("test.fail", True, True)]
    again = scheduler.run_due(now=moment + timedelta(minutes=2), scheduler="b")
    assert [o.ran for o in again] == [False, False] and CALLS == ["called"]
    scheduler.run_due(now=moment + timedelta(minutes=3), scheduler="b")  # 14:40: the next 5-minute slot
    assert CALLS == ["called", "called"]
    assert ScheduledRun.objects.get(job="test.fail").error == "RuntimeError: the mail server is on fire"


@pytest.mark.django_db
def test_a_job_that_is_a_task_is_queued_for_a_worker(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(periodic, "JOBS", {})
    periodic.register("exchanges.rhythm", every=timedelta(hours=1), run="terreau.exchanges.tasks.rhythm_run_all")
    from django.tasks.signals import task_enqueued

    queued = []
    task_enqueued.connect(lambda sender, task_result, **kwargs: queued.append(task_result.task.name), weak=False)
    scheduler.run_due()
    assert queued == ["rhythm_run_all"]


def test_todays_periodic_work_is_registered():
    assert {
        "exchanges.rhythm": timedelta(hours=1),
        "emails.sweep": timedelta(minutes=5),
        "knowledge.search_optimize": timedelta(days=1),
    }.items() <= {name: job.every for name, job in periodic.JOBS.items()}.items()
    call_command("scheduler", "--list")


def manage(env, *args):
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=120, cwd=settings.BASE_DIR)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_started_at_once_run_the_job_once_and_send_one_email(tmp_path):
    """Two real `manage.py scheduler --once` processes, on this run's database (SQLite or PostgreSQL)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "terreau.core.tests.scheduler_settings", "DJANGO_DEBUG": "1"}
    env["TERREAU_VAR_DIR"] = str(tmp_path)
    env.pop("TERREAU_REDIS_URL", None), env.pop("REDIS_URL", None), env.pop("TERREAU_TASKS_BACKEND", None)
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:  # the test database itself: this test commits (transaction=True)
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:  # SQLite: `make run`'s file database, in a temporary directory
        env.pop("DATABASE_URL", None)
        manage(env, "migrate", "--no-input", "-v0")
    env["TERREAU_TEST_START_AT"] = str(time.time() + 6)  # both have imported Django by then
    command = [sys.executable, "manage.py", "scheduler", "--once", "--only", "test.one_email"]
    schedulers = [
        subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60) for process in schedulers]
    assert [process.returncode for process in schedulers] == [0, 0], outputs
    assert sum(out.decode().count("test.one_email") for out, _err in outputs) == 1, outputs

    manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
    sent = [path.read_text() for path in (tmp_path / "mail").iterdir()]
    assert len(sent) == 1 and sent[0].count("To: once@x.test") == 1
    if on_postgresql:
        assert list(ScheduledRun.objects.values_list("job", flat=True)) == ["test.one_email"]


def test_manage_py_worker_runs_the_worker_of_the_configured_queue(monkeypatch, settings):
    from terreau.core.management.commands import worker

    calls = []
    monkeypatch.setattr(worker, "call_command", lambda *args, **options: calls.append((args, options)))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--burst")
    settings.TASKS = {"default": {"BACKEND": "terreau.core.tasks.RQBackend", "QUEUES": ["high", "default"]}}
    call_command("worker")
    assert calls == [
        (("db_worker",), {"reload": False, "batch": True, "verbosity": 1}),
        (
            ("rqworker", "high", "default"),
            {"job_class": "django_tasks_rq.Job", "with_scheduler": True, "burst": False, "verbosity": 1},
        ),
    ]
