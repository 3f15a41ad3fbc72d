"""Settings of the two-schedulers test: `make run`'s (or DATABASE_URL's), the database queue, one test job.

Both processes wait here until TERREAU_TEST_START_AT (a Unix time) so that they claim at the same moment.
"""

import os
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_DEBUG", "1")

from terreau.core import periodic  # noqa: E402
from terreau.settings import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
periodic.register("test.one_email", every=timedelta(hours=1), run="terreau.core.tests.periodic_jobs.queue_one_email")
time.sleep(max(0.0, float(os.environ.get("TERREAU_TEST_START_AT", "0")) - time.time()))
