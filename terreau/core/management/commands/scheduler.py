"""`manage.py scheduler`: the one scheduler of periodic work (terreau.core.periodic), long-running.

Run one (or several: they share the work safely, see terreau.core.scheduler) beside the app
servers and the task workers. `--once` runs what is due now and exits (a cron line or a test);
`--only NAME` limits it to some jobs; `--list` shows the jobs and their rhythm.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from terreau.core import periodic, scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (message rhythm, email sweep, search index...) when due; safe with several."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument("--only", action="append", metavar="JOB", help="only this job (repeatable)")
        parser.add_argument("--list", action="store_true", dest="show_list", help="list the jobs and exit")
        parser.add_argument(
            "--interval", type=float, default=30, help="longest wait between two looks, in seconds (default 30)"
        )

    def handle(self, *args, once=False, only=None, show_list=False, interval=30, **options):
        try:
            jobs = scheduler.jobs_selected(only)
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        if show_list:
            for job in sorted(periodic.JOBS.values(), key=lambda job: job.name):
                self.stdout.write(f"{job.name:<32} every {job.every}  {job.run}")
            return
        name = scheduler.scheduler_id()
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            if options["verbosity"]:
                self.stdout.write(f"Scheduler {name}: {len(jobs)} jobs ({', '.join(job.name for job in jobs)}).")
        while True:
            for outcome in scheduler.run_due(scheduler=name, only=only):
                if outcome.ran and options["verbosity"]:
                    state = f"failed: {outcome.error}" if outcome.error else "done"
                    self.stdout.write(
                        f"{timezone.now():%Y-%m-%d %H:%M:%S} {outcome.job} ({outcome.slot:%H:%M}) {state}"
                    )
            if once:
                return
            close_old_connections()
            wait = (scheduler.next_slot(jobs, timezone.now()) - timezone.now()).total_seconds() if jobs else interval
            if stop.wait(max(0.5, min(interval, wait + 0.1))):
                return
