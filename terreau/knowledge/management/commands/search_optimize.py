"""`manage.py search_optimize`: merge the full-text index's segments, once a day (cron or timer)."""

from django.core.management.base import BaseCommand

from terreau.knowledge import search


class Command(BaseCommand):
    help = "Merge the knowledge search index's segments (SQLite FTS5); nothing to do on PostgreSQL."

    def handle(self, *args, **options):
        search.optimize()
