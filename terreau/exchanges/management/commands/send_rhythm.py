"""`manage.py send_rhythm`: queue the hourly pass of the message rhythm.

Run it every hour (cron `0 * * * *`, or a systemd timer); the task worker does the work.
With `--now` it runs in this process instead (useful without a worker).
"""

from django.core.management.base import BaseCommand

from terreau.exchanges.tasks import rhythm_run_all


class Command(BaseCommand):
    help = "Queue the hourly pass of the message rhythm (digests, held notifications, the weekly floor)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run in this process rather than through the worker")

    def handle(self, *args, now=False, **options):
        if now:
            totals = rhythm_run_all.call()
            self.stdout.write(
                f"{totals['individual']} individual emails, {totals['digests']} digests, {totals['held']} held."
            )
        else:
            result = rhythm_run_all.enqueue()
            self.stdout.write(f"Queued the rhythm pass ({result.id}).")
