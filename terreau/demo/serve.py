"""Development launcher for `make run`: the web server, the task worker and their schedule together.

In production the same three parts are a process manager's job: gunicorn, `manage.py db_worker`
(restarted when it dies) and cron or a timer for `manage.py send_rhythm` every hour (it runs the
email sweep too) and `manage.py search_optimize` once a day.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time

RHYTHM_EVERY_SECONDS = 3600  # the message rhythm's hourly pass (`send_rhythm`, which sweeps too)
SWEEP_EVERY_SECONDS = 300  # emails due for a retry, tasks a dead worker left (`email_sweep`)
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

    processes = {"worker": start_worker()}
    processes["server"] = subprocess.Popen([*manage, "runserver", "--noreload", f"{args.host}:{args.port}"])
    stop = threading.Event()

    def scheduler():
        last_rhythm = time.monotonic()
        while not stop.wait(SWEEP_EVERY_SECONDS):
            if time.monotonic() - last_rhythm >= RHYTHM_EVERY_SECONDS:
                last_rhythm = time.monotonic()
                subprocess.run([*manage, "send_rhythm"], check=False)
                # Cheap at demo size; in production a daily timer does it.
                subprocess.run([*manage, "search_optimize"], check=False)
            else:
                subprocess.run([*manage, "email_sweep"], check=False, stdout=subprocess.DEVNULL)

    threading.Thread(target=scheduler, daemon=True).start()
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
            if processes["worker"].poll() not in (None, 0):
                print("  The task worker stopped; starting it again.", flush=True)
                processes["worker"] = start_worker()
            time.sleep(WATCH_EVERY_SECONDS)
        return processes["server"].returncode
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
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
