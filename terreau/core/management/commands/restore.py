"""`manage.py restore ARCHIVE [--force]`: bring a backup back into an empty instance.

Every hash of the manifest is checked before anything is touched; every table is counted again
after, and every file hashed again. See terreau/core/backup.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from terreau.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if this instance holds data: everything it holds is replaced.",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables, files = manifest["tables"], manifest["storage"]["files"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(tables)} tables, "
            f"{sum(tables.values())} rows, {len(files)} files, all checked."
        )
