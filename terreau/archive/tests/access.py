"""Access-matrix entries of the archive (see tests/test_access_matrix.py).

Whoever may view the community sees its archives page and downloads its public archive; the
members' archive is the members' (a stranger is told it does not exist); the core team asks for
a new one. The archives are built when first downloaded, after every app planted its markers:
the matrix reads each ZIP through, so no marker a person may not see may be in the archive
they download.

The import of an archive, at the site's root, is a platform action: the platform admin, and the
people allowed to create communities (none in the cast).
"""

import io

from django.core.files.base import ContentFile
from django.urls import reverse

from terreau.archive import builder
from terreau.archive.models import Archive, ArchiveImport, Scope
from tests.access import admin_only, core_team_only, everyone, members_only, url


def prepare(place):
    cast = place.cast
    place.archive_import = ArchiveImport.objects.create(
        file_name="circuits-courts-archive.zip",
        size=1234,
        status=ArchiveImport.Status.DONE,
        community=cast.community,
        requested_by=cast.admin,
    )


def _archive(place, scope):
    """The archive of `scope` of the place's community, built once (a ready archive)."""
    name = f"archive_{scope}"
    if name not in vars(place):
        out = io.BytesIO()
        community = place.cast.community
        manifest = builder.write(community, scope, out)
        archive = Archive(community=community, scope=scope, status=Archive.Status.READY, counts=manifest["counts"])
        archive.file.save(f"{community.slug}-{scope}.zip", ContentFile(out.getvalue()), save=False)
        archive.size = len(out.getvalue())
        from django.utils import timezone

        archive.built_at = timezone.now()
        archive.save()
        setattr(place, name, archive)
    return getattr(place, name)


def _download(scope):
    return url("archive:download", lambda place: _archive(place, scope).token)


MATRIX = {
    "archive:list": ("get", url("archive:list"), everyone(200)),
    # An empty scope is refused with a message, back to the list.
    "archive:request": ("post", url("archive:request"), core_team_only(302)),
    "archive:download": ("get", _download(Scope.PUBLIC), everyone(200)),
    "archive:download (members)": ("get", _download(Scope.MEMBERS), members_only(200)),
    "archive:import": ("get", lambda p: reverse("archive:import"), admin_only(200)),
    # Someone else's import answers 404 (imports.import_for); the cast's only importer is the admin.
    "archive:import_status": (
        "get",
        lambda p: reverse("archive:import_status", args=[p.archive_import.token]),
        admin_only(200),
    ),
}
