"""`manage.py stats_aggregate`: backfill the activity log and recount the statistics by hand.

    manage.py stats_aggregate                       # what the hourly job does, for every community
    manage.py stats_aggregate --community circuits-courts --from 2025-01-01 --to 2025-12-31
    manage.py stats_aggregate --backfill            # first write what the log lacks of the history

Recounting a range replaces its day and period rows: running it twice gives the same figures.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from terreau.communities.models import Community
from terreau.stats import aggregation, backfill, log


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Backfill the activity log from the apps' tables and recount the statistics."

    def add_arguments(self, parser):
        parser.add_argument("--community", help="the community's short address (default: every community)")
        parser.add_argument("--from", dest="first", type=_day, help="first day to recount (default: its history)")
        parser.add_argument("--to", dest="last", type=_day, help="last day to recount (default: today)")
        parser.add_argument("--backfill", action="store_true", help="write what the log lacks of the history first")

    def handle(self, *args, community=None, first=None, last=None, **options):
        communities = Community.objects.order_by("pk")
        if community:
            communities = communities.filter(slug=community)
            if not communities.exists():
                raise CommandError(f"No community {community!r}.")
        for found in communities:
            if options["backfill"]:
                written = backfill.backfill(found)
                self.stdout.write(f"{found.slug}: {written} rows of history written to the log")
            if first is None and last is None and not options["backfill"]:
                aggregation.aggregate_community(found)
            else:
                start = first or aggregation.history_start(found)
                end = last or log.today(found)
                aggregation.aggregate(found, start, end)
            self.stdout.write(f"{found.slug}: counted")
