"""Settings of the worker-crash test: `make run`'s (SQLite under TERREAU_VAR_DIR), with a slow mail server."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from terreau.settings import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILERS = {
    "default": {
        "BACKEND": "terreau.emails.tests.backends.SlowFileBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},  # noqa: F405
    }
}
