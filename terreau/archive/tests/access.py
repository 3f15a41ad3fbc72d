"""Access-matrix entries of the archive: the import of an archive, at the site's root (a platform
action: the platform admin, and the people allowed to create communities, none in the cast)."""

from django.urls import reverse

from terreau.archive.models import ArchiveImport
from tests.access import admin_only


def prepare(place):
    cast = place.cast
    place.archive_import = ArchiveImport.objects.create(
        file_name="circuits-courts-archive.zip",
        size=1234,
        status=ArchiveImport.Status.DONE,
        community=cast.community,
        requested_by=cast.admin,
    )


MATRIX = {
    "archive:import": ("get", lambda p: reverse("archive:import"), admin_only(200)),
    # Someone else's import answers 404 (imports.import_for); the cast's only importer is the admin.
    "archive:import_status": (
        "get",
        lambda p: reverse("archive:import_status", args=[p.archive_import.token]),
        admin_only(200),
    ),
}
