"""`manage.py worker`: the task worker of the configured queue, so that one command serves every set-up.

The database queue (the embedded default): `manage.py db_worker --no-reload` (terreau.emails' own,
which first takes up what a dead worker left). RQ on Redis (TERREAU_REDIS_URL): `manage.py rqworker
--job-class django_tasks_rq.Job --with-scheduler high default` (the `high` queue first, deferred
tasks such as email retries moved to their queue on time). `--burst` drains the queue and exits.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

RQ_BACKEND = "terreau.core.tasks.RQBackend"


class Command(BaseCommand):
    help = "Run the task worker of the configured queue (database or RQ)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, burst=False, **options):
        verbosity = options["verbosity"]
        if settings.TASKS["default"]["BACKEND"] == RQ_BACKEND:
            queues = settings.TASKS["default"].get("QUEUES", ["default"])
            rq = {"job_class": "django_tasks_rq.Job", "with_scheduler": True, "burst": burst}
            call_command("rqworker", *queues, **rq, verbosity=verbosity)
        else:
            call_command("db_worker", reload=False, batch=burst, verbosity=verbosity)
