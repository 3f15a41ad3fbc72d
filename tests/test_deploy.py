"""What an operator copies from deploy/ holds together: gunicorn's settings, the units, the Procfile."""

import re
import runpy
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def test_gunicorn_runs_two_threaded_processes_by_default_and_reads_the_environment(monkeypatch):
    for name in ("TERREAU_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "TERREAU_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (config["workers"], config["worker_class"], config["bind"]) == (2, "gthread", ["127.0.0.1:8000"])
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("TERREAU_BIND", "unix:/run/terreau/web.sock")
    monkeypatch.setenv("TERREAU_TRUSTED_PROXIES", "10.0.0.5,unix")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (config["workers"], config["bind"], config["forwarded_allow_ips"]) == (
        4,
        ["unix:/run/terreau/web.sock"],
        "10.0.0.5",
    )


def test_the_units_and_the_procfile_start_web_worker_and_scheduler_with_commands_that_exist():
    commands = get_commands()
    lines = [
        *(
            re.findall(r"^ExecStart(?:Pre)?=(.*)$", unit.read_text(), re.M)
            for unit in (DEPLOY / "systemd").glob("*.service")
        ),
        re.findall(r"^\w+: (.*)$", (DEPLOY / "Procfile").read_text(), re.M),
    ]
    started = [line for group in lines for line in group]
    managed = {line.split("manage.py ")[1].split()[0] for line in started if "manage.py " in line}
    assert {"worker", "scheduler", "migrate", "collectstatic"} <= managed <= set(commands)
    assert sum("gunicorn -c deploy/gunicorn.conf.py terreau.wsgi" in line for line in started) == 2
    assert {path.name for path in (DEPLOY / "systemd").glob("*.service")} == {
        "terreau-web.service",
        "terreau-worker.service",
        "terreau-scheduler.service",
    }
