"""`manage.py search_optimize`: merge the full-text index's segments (daily by `manage.py scheduler`)."""

from django.core.management.base import BaseCommand

from terreau.knowledge import search


class Command(BaseCommand):
    help = "Merge the knowledge search index's segments (SQLite FTS5); nothing to do on PostgreSQL."

    def handle(self, *args, **options):
        search.optimize()
