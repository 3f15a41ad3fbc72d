"""Shared by the close phase's tests: a community in its close phase, a built archive."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from terreau.archive.models import Archive
from terreau.communities.models import Community, Phase


def to_close_phase(community: Community) -> Community:
    Community.objects.filter(pk=community.pk).update(phase=Phase.CLOSE)
    community.refresh_from_db()
    return community


def built_archive(community: Community, scope: str, pages: dict[str, str] | None = None) -> Archive:
    """A ready archive whose ZIP holds the static website under `<slug>-archive/`."""
    pages = pages or {
        "index.html": "<!doctype html><title>Archive</title><h1>Archive de la communauté</h1>",
        "knowledge/index.html": "<h1>Base documentaire</h1>",
        "assets/style.css": "body { color: #222; }",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, text in pages.items():
            bundle.writestr(f"{community.slug}-archive/{name}", text)
    archive = Archive.objects.create(
        community=community, scope=scope, status=Archive.Status.READY, built_at=timezone.now()
    )
    archive.file.save("archive.zip", ContentFile(buffer.getvalue()))
    return archive
