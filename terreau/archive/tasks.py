"""Tasks are adapters: they take ids, load objects and call the services."""

from django.tasks import task

from . import services
from .models import Archive


@task
def archive_build(archive_id: int) -> str | None:
    """Build a queued archive (its ZIP written to storage); returns its status."""
    archive = Archive.objects.select_related("community", "requested_by").filter(pk=archive_id).first()
    if archive is None:
        return None
    return services.build(archive).status
