"""A built archive of a community: one ZIP of one scope, built in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community


class Scope(models.TextChoices):
    """Whose eyes the archive is for: it holds only what they may see."""

    PUBLIC = "public", pgettext_lazy("archive scope", "Public: what visitors may see")
    MEMBERS = "members", pgettext_lazy("archive scope", "Members: what members may see")


def archive_path(archive: "Archive", filename: str) -> str:
    return f"archives/{archive.community_id}/{archive.token}/{filename}"


class Archive(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("archive status", "Waiting to be built")
        BUILDING = "building", pgettext_lazy("archive status", "Being built")
        READY = "ready", pgettext_lazy("archive status", "Ready")
        FAILED = "failed", pgettext_lazy("archive status", "Failed")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="archives")
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    # In the file's path, so an archive's address cannot be guessed from another's.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField(_("file"), upload_to=archive_path, blank=True, max_length=300)
    size = models.BigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # {record kind: count}, as the manifest says.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("archive")
        verbose_name_plural = _("archives")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.community} ({self.scope}, {self.requested_at:%Y-%m-%d})"


def import_path(archive_import: "ArchiveImport", filename: str) -> str:
    return f"archive-imports/{archive_import.token}/{filename}"


class ArchiveImport(models.Model):
    """An archive uploaded to become a new community, imported in the background (loader.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("archive import status", "Waiting to be imported")
        RUNNING = "running", pgettext_lazy("archive import status", "Being imported")
        DONE = "done", pgettext_lazy("archive import status", "Imported")
        FAILED = "failed", pgettext_lazy("archive import status", "Failed")

    # In the status page's address, so that one import's page cannot be guessed from another's.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # The uploaded ZIP, kept until the import succeeds (or fails for good).
    file = models.FileField(_("file"), upload_to=import_path, blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.BigIntegerField(_("size"), default=0)
    # What the person asked instead of the archive's own name and short address (blank: the archive's).
    name = models.CharField(_("name"), max_length=120, blank=True)
    slug = models.SlugField(_("short address"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("community")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    def get_absolute_url(self):
        return reverse("archive:import_status", args=[self.token])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
