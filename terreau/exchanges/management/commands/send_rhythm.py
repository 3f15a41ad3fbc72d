"""`manage.py send_rhythm`: queue the hourly pass of the message rhythm, after the email sweep.

`manage.py scheduler` queues the pass every hour (job `exchanges.rhythm`); this command does it by
hand. The task worker does the work.
Before queueing, it runs the email sweep in this process (`manage.py email_sweep`): tasks a dead
worker left RUNNING go back to the queue and emails due for a retry are queued again.
With `--now` the pass runs in this process too (useful without a worker).
"""

from django.core.management.base import BaseCommand

from terreau.emails.services import emails_sweep
from terreau.exchanges.tasks import rhythm_run_all


class Command(BaseCommand):
    help = "Queue the hourly pass of the message rhythm (digests, held notifications, the weekly floor) and retries."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run in this process rather than through the worker")

    def handle(self, *args, now=False, **options):
        swept = emails_sweep()
        self.stdout.write(
            f"Email sweep: {swept['tasks']} tasks recovered, {swept['stalled']} emails left sending, "
            f"{swept['queued']} due emails queued."
        )
        if now:
            totals = rhythm_run_all.call()
            self.stdout.write(
                f"{totals['individual']} individual emails, {totals['digests']} digests, {totals['held']} held."
            )
        else:
            result = rhythm_run_all.enqueue()
            self.stdout.write(f"Queued the rhythm pass ({result.id}).")
