"""`manage.py email_sweep`: take up tasks a dead worker left and queue every email that is due.

`manage.py scheduler` runs it every 5 minutes (job `emails.sweep`); this command does it by hand.
It runs in this process, so it works even when no worker is alive.
"""

from django.core.management.base import BaseCommand

from terreau.emails.services import emails_sweep


class Command(BaseCommand):
    help = "Recover tasks cut short by a dead worker and queue the emails that are due (retries)."

    def handle(self, *args, **options):
        outcome = emails_sweep()
        self.stdout.write(
            f"{outcome['tasks']} tasks recovered, {outcome['stalled']} emails left sending, "
            f"{outcome['queued']} due emails queued."
        )
