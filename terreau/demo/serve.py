"""Development launcher for `make run`: the web server and the task worker together."""

import argparse
import os
import signal
import subprocess
import sys
import threading

RHYTHM_EVERY_SECONDS = 3600  # in production: cron or a timer runs `manage.py send_rhythm` hourly


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
    worker = subprocess.Popen([*manage, "db_worker", "--no-reload", "--interval", "1"])
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"{args.host}:{args.port}"])
    stop = threading.Event()

    def rhythm_scheduler():
        # The message rhythm decides, hour after hour, who gets which email or digest.
        while not stop.wait(RHYTHM_EVERY_SECONDS):
            subprocess.run([*manage, "send_rhythm"], check=False)

    threading.Thread(target=rhythm_scheduler, daemon=True).start()
    print(
        f"\n  Terreau runs at {address}\n"
        f"  Demo accounts (password: {DEMO_PASSWORD}):\n"
        + "".join(f"    {email:<28} {name}\n" for email, name, *_rest in DEMO_ACCOUNTS)
        + "  Emails sent land in var/mail/ and in the admin under Emails.\n"
        "  Stop with Ctrl+C.\n",
        flush=True,
    )
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        for process in (server, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in (server, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
