"""Development launcher for `make run`: the web server, the task worker and the scheduler together.

In production the same three parts are a process manager's job (see deploy/): gunicorn, the task
worker (`manage.py db_worker`, or `manage.py rqworker` with Redis) and `manage.py scheduler`,
which runs the periodic jobs (terreau.core.periodic: the message rhythm, the email sweep, the
search index...), each restarted when it dies.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

WATCH_EVERY_SECONDS = 2


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
    import django

    django.setup()
    from terreau.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD

    address = f"http://{args.host}:{args.port}/"
    manage = [sys.executable, "manage.py"]

    def start_worker():
        # Terreau's db_worker first takes up the tasks and emails a dead worker left behind.
        return subprocess.Popen([*manage, "db_worker", "--no-reload", "--interval", "1"])

    def start_scheduler():
        # The periodic jobs, each once per slot (terreau.core.scheduler).
        return subprocess.Popen([*manage, "scheduler", "-v0"])

    starters = {"worker": start_worker, "scheduler": start_scheduler}
    processes = {name: start() for name, start in starters.items()}
    processes["server"] = subprocess.Popen([*manage, "runserver", "--noreload", f"{args.host}:{args.port}"])
    print(
        f"\n  Terreau runs at {address}\n"
        f"  Demo accounts (password: {DEMO_PASSWORD}):\n"
        + "".join(f"    {email:<28} {name}\n" for email, name, *_rest in DEMO_ACCOUNTS)
        + "  Emails sent land in var/mail/ and in the admin under Emails.\n"
        "  Stop with Ctrl+C.\n",
        flush=True,
    )
    try:
        while processes["server"].poll() is None:
            # Killed or crashed (Ctrl+C stops it with 0); poll() reaped it, so its process id is gone.
            for name, start in starters.items():
                if processes[name].poll() not in (None, 0):
                    print(f"  The {name} stopped; starting it again.", flush=True)
                    processes[name] = start()
            time.sleep(WATCH_EVERY_SECONDS)
        return processes["server"].returncode
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
