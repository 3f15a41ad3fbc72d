"""Imports of an uploaded archive into a new community, run in the background (loader.py does it)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User

from .models import ArchiveImport
from .permissions import IMPORT

logger = logging.getLogger(__name__)


@transaction.atomic
def import_request(*, actor: User, upload, name: str = "", slug: str = "") -> ArchiveImport:
    """Keep the uploaded ZIP and import it in the background."""
    permissions.require(actor, IMPORT)
    found = ArchiveImport(
        file_name=(upload.name or "archive.zip")[-200:],
        size=upload.size or 0,
        name=name,
        slug=slug,
        requested_by=actor,
    )
    found.file.save("archive.zip", upload, save=False)
    found.save()
    _enqueue(found)
    return found


@transaction.atomic
def import_retry(*, actor: User, archive_import: ArchiveImport, name: str = "", slug: str = "") -> ArchiveImport:
    """Try a failed import again, with another name or short address (its ZIP is still kept)."""
    permissions.require(actor, IMPORT)
    if archive_import.status != ArchiveImport.Status.FAILED or not archive_import.file:
        raise ValidationError(_("This import cannot be tried again: upload the archive again."))
    archive_import.name, archive_import.slug = name, slug
    archive_import.status, archive_import.error, archive_import.finished_at = ArchiveImport.Status.QUEUED, "", None
    archive_import.save(update_fields=["name", "slug", "status", "error", "finished_at"])
    _enqueue(archive_import)
    return archive_import


def _enqueue(archive_import: ArchiveImport) -> None:
    from .import_tasks import archive_import_run

    transaction.on_commit(lambda: archive_import_run.enqueue(archive_import.pk))


def import_run(*, archive_import: ArchiveImport) -> ArchiveImport:
    """Run a waiting import: the new community, or the reason it was refused."""
    from . import loader

    claimed = ArchiveImport.objects.filter(pk=archive_import.pk, status=ArchiveImport.Status.QUEUED).update(
        status=ArchiveImport.Status.RUNNING
    )
    if not claimed:
        return archive_import  # another worker has it, or it is over
    archive_import.refresh_from_db()
    keep_file = False
    try:
        actor = archive_import.requested_by
        if actor is None or not actor.is_active:
            raise PermissionDenied
        with archive_import.file.open("rb") as handle:
            community = loader.load(
                handle, actor=actor, name=archive_import.name or None, slug=archive_import.slug or None
            )
    except ValidationError as error:
        archive_import.status = ArchiveImport.Status.FAILED
        archive_import.error = " ".join(error.messages)
        # A short address taken: the same ZIP may be tried again under another.
        keep_file = "slug" in getattr(error, "error_dict", {})
    except PermissionDenied:
        archive_import.status = ArchiveImport.Status.FAILED
        archive_import.error = _("The person who asked for this import may no longer create communities.")
    except Exception:
        logger.exception("archive import %s failed", archive_import.pk)
        archive_import.status = ArchiveImport.Status.FAILED
        # No fault of the archive: the details go to the server's log, not to the page.
        archive_import.error = _(
            "The import stopped on an unexpected error. Nothing was created; "
            "the platform admin can read why in the server's log."
        )
    else:
        archive_import.status = ArchiveImport.Status.DONE
        archive_import.community = community
    archive_import.finished_at = timezone.now()
    if not keep_file and archive_import.file:
        archive_import.file.delete(save=False)
    archive_import.save(update_fields=["status", "error", "community", "finished_at", "file"])
    return archive_import


def imports_of(user: User) -> QuerySet[ArchiveImport]:
    """The imports a person asked for, latest first (every one, for the platform admin)."""
    found = ArchiveImport.objects.select_related("community", "requested_by")
    if user.is_platform_admin:
        return found
    return found.filter(requested_by=user)


def import_for(user: User, token) -> ArchiveImport:
    """An import the person may follow; the same 404 for another's and for none."""
    permissions.require(user, IMPORT)
    found = imports_of(user).filter(token=token).first()
    if found is None:
        raise Http404
    return found
