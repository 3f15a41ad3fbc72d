"""Tasks are adapters: they take ids, load objects and call the import service."""

from django.tasks import task

from . import imports
from .models import ArchiveImport


@task
def archive_import_run(import_id: int) -> None:
    """Import an uploaded archive into a new community (it may be large: never in a request)."""
    found = ArchiveImport.objects.filter(pk=import_id).select_related("requested_by").first()
    if found is not None:
        imports.import_run(archive_import=found)
