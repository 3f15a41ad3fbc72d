"""Building a community's archive: asked by the core team, built in the background."""

import hashlib
import logging
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.communities.models import Community
from terreau.core import events
from terreau.core.models import Visibility

from . import builder
from . import permissions as archive_permissions
from .models import Archive, Scope

logger = logging.getLogger(__name__)

PENDING = [Archive.Status.QUEUED, Archive.Status.BUILDING]


@transaction.atomic
def request(*, actor, community: Community, scope: str) -> Archive:
    """Queue the build of an archive of `scope`; while one of that scope waits, it is the answer."""
    permissions.require(actor, archive_permissions.BUILD, community)
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose what the archive holds: the public part or the members' part.")})
    # Lock the community's row: two clicks at once queue one build.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    waiting = Archive.objects.filter(community=community, scope=scope, status__in=PENDING).first()
    if waiting is not None:
        return waiting
    archive = Archive.objects.create(community=community, scope=scope, requested_by=actor)
    from .tasks import archive_build  # the task module calls this one

    transaction.on_commit(lambda: archive_build.enqueue(archive.pk))
    return archive


def file_name(archive: Archive) -> str:
    return f"{archive.community.slug}-archive-{archive.scope}-{timezone.localdate():%Y-%m-%d}.zip"


def build(archive: Archive) -> Archive:
    """Write the archive's ZIP (to a temporary file, then into storage); ready or failed."""
    claimed = Archive.objects.filter(pk=archive.pk, status=Archive.Status.QUEUED).update(status=Archive.Status.BUILDING)
    if not claimed:
        return archive  # built already, or being built by another worker
    archive.status = Archive.Status.BUILDING
    community = archive.community
    requester = archive.requested_by
    language = getattr(requester, "language", None) or None
    try:
        with tempfile.TemporaryFile() as out:
            manifest = builder.write(community, archive.scope, out, language=language)
            out.seek(0)
            digest = hashlib.sha256()
            while chunk := out.read(builder.CHUNK):
                digest.update(chunk)
            archive.size = out.tell()
            out.seek(0)
            archive.file.save(file_name(archive), File(out), save=False)
    except Exception as error:
        logger.exception("archive %s of %s failed", archive.pk, community.slug)
        archive.status = Archive.Status.FAILED
        archive.error = f"{type(error).__name__}: {error}"[:2000]
        archive.save(update_fields=["status", "error"])
        return archive
    archive.sha256 = digest.hexdigest()
    archive.counts = manifest["counts"]
    archive.status = Archive.Status.READY
    archive.built_at = timezone.now()
    with transaction.atomic():
        archive.save(update_fields=["status", "file", "size", "sha256", "counts", "built_at"])
        events.announce(
            events.ARCHIVE_READY,
            community=community,
            archive=archive,
            scope=archive.scope,
            actor=requester,
            visibility=Visibility.PUBLIC if archive.scope == Scope.PUBLIC else Visibility.MEMBERS,
            url=reverse("archive:list", args=[community.slug]),
        )
    return archive
