"""A real `manage.py db_worker` killed while it sends: after a restart the email still goes out, once.

Everything runs in subprocesses against a file-based SQLite database under a temporary
TERREAU_VAR_DIR (the settings of `make run`), so it needs no test database; about 10 seconds.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

QUEUE_AN_EMAIL = (
    "from terreau.emails.services import email_queue_rendered; "
    "email_queue_rendered(to='slow@x.test', subject='Invitation', text='Bonjour', html='', "
    "template='test', language='fr')"
)


def manage(env, *args, timeout=60, **kwargs):
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=timeout, **kwargs)


def rows(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_an_email_whose_worker_is_killed_mid_call_goes_out_after_a_restart(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.emails.tests.worker_settings",
        "DJANGO_DEBUG": "1",
        "TERREAU_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    database, mail, sending = tmp_path / "terreau.sqlite3", tmp_path / "mail", tmp_path / "sending"
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "shell", "-c", QUEUE_AN_EMAIL)

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=settings.BASE_DIR,
        env={**env, "TERREAU_TEST_MAIL_DELAY": "60"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not sending.exists():
            assert worker.poll() is None and time.monotonic() < deadline, "the worker never reached the mail server"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # in the middle of the SMTP call
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    [(status,)] = rows(database, "select status from emails_email")
    assert status != "sent"  # "sending": the row says an attempt began
    assert rows(database, "select status from django_tasks_database_dbtaskresult") == [("RUNNING",)]
    assert not mail.exists() or not list(mail.iterdir())

    # A new worker (here: drain the queue and stop) takes up the task its dead predecessor left.
    manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")

    assert rows(database, "select status from emails_email") == [("sent",)]
    assert rows(database, "select attempts from emails_email") == [(2,)]
    assert rows(database, "select distinct status from django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]
    [message] = list(mail.iterdir())
    assert message.read_text().count("To: slow@x.test") == 1
