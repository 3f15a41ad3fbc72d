"""The import of an archive into a new community: at the site's root (urls_global.py), a platform
action (the platform admin and the people allowed to create communities)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from terreau import permissions
from terreau.core.forms import add_errors

from . import imports, loader
from .import_forms import ImportForm, RetryForm
from .models import ArchiveImport
from .permissions import IMPORT

# Room for the form's other fields and the multipart boundaries around the file.
UPLOAD_MARGIN = 64 * 1024
RECENT = 10
# Seconds between two looks of the status page while the import runs.
REFRESH_SECONDS = 3


class LimitedUploadHandler(FileUploadHandler):
    """Stops the file as soon as it grows past the cap: nothing larger reaches the disk."""

    def __init__(self, request=None, limit: int = 0):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.archive_upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def _too_large_message() -> str:
    return _("The archive is larger than %(max)s: it cannot be imported here.") % {
        "max": filesizeformat(loader.max_bytes())
    }


def upload_guard(view):
    """Refuse, before reading the body, someone who may not import and a body larger than the cap;
    stop a file that grows past it while it arrives. The handler must be in place before the CSRF
    check reads the body, hence csrf_exempt outside and csrf_protect inside (Django's pattern)."""
    protected = csrf_protect(view)

    @csrf_exempt
    def guarded(request, *args, **kwargs):
        permissions.require(request.user, IMPORT)
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > loader.max_bytes() + UPLOAD_MARGIN:
                return HttpResponse(_too_large_message(), status=413, content_type="text/plain; charset=utf-8")
            request.upload_handlers.insert(0, LimitedUploadHandler(request, limit=loader.max_bytes()))
        return protected(request, *args, **kwargs)

    guarded.__name__ = view.__name__
    guarded.__doc__ = view.__doc__
    return guarded


@upload_guard
@require_http_methods(["GET", "POST"])
def import_form(request):
    """Upload an archive; its import then runs in the background (the status page follows it)."""
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        if getattr(request, "archive_upload_too_large", False):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", _too_large_message())
        elif form.is_valid():
            try:
                found = imports.import_request(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    name=form.cleaned_data["name"],
                    slug=form.cleaned_data["slug"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(found)
    recent = imports.imports_of(request.user)[:RECENT]
    return render(request, "archive/import_form.html", {"form": form, "recent": recent}, status=200)


def _free_slug(found: ArchiveImport) -> str:
    """A free short address near the archive's own, read from its manifest (no fingerprint read)."""
    try:
        with found.file.open("rb") as handle:
            archive = loader.Archive(handle)
            archive.close()
    except (ValidationError, OSError):
        return ""
    slug = str((archive.manifest.get("community") or {}).get("slug") or "")
    return loader.free_slug(slug) if slug else ""


@require_http_methods(["GET", "POST"])
def import_status(request, token):
    """Where an import stands; it looks again every few seconds until it is over. A failed import
    whose short address was taken may be tried again under another, without sending the ZIP again."""
    found = imports.import_for(request.user, token)
    retry = None
    if found.status == ArchiveImport.Status.FAILED and found.file:
        retry = RetryForm(
            request.POST if request.method == "POST" else None,
            initial={"name": found.name, "slug": found.slug or _free_slug(found)},
        )
        if request.method == "POST" and retry.is_valid():
            try:
                imports.import_retry(
                    actor=request.user,
                    archive_import=found,
                    name=retry.cleaned_data["name"],
                    slug=retry.cleaned_data["slug"],
                )
            except ValidationError as error:
                add_errors(retry, error)
            else:
                return redirect(found)
    elif request.method == "POST":
        return redirect(found)
    response = render(request, "archive/import_status.html", {"found": found, "retry": retry})
    if not found.is_finished:
        # A plain HTTP refresh: the page follows the import without JavaScript.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
