"""`manage.py backup [--output DIR]`: the database, the uploaded files and a manifest, in one archive.

See terreau/core/backup.py for what the archive holds and why it is consistent.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from terreau.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup (database, uploaded files, manifest) as a timestamped .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Directory the archive is written to (default: var/backups). An existing file is never replaced.",
        )

    def handle(self, *args, **options):
        try:
            path = backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
