"""The closing page and its checklist, the recognition document, the transfer to organisations,
and the secret links an organisation is given (a download, or a read access to the archive)."""

import mimetypes
import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from terreau import permissions
from terreau.archive.models import Scope
from terreau.communities.context import community_context
from terreau.communities.models import Phase
from terreau.core.forms import add_errors, object_id
from terreau.core.markdown import render as markdown_render
from terreau.definition.models import Stakeholder
from terreau.lifecycle import permissions as lifecycle_permissions

from . import permissions as closing_permissions
from . import recognition as gatherer
from . import selectors, services
from .forms import CloseForm, GiveForm, RecipientForm, RecognitionForm
from .models import Recipient, Recognition


def _page(request, community, **extra):
    return community_context(request, community, tab="closing", **extra)


# The closing page ----------------------------------------------------------------------------


@require_GET
def closing_page(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.VIEW)
    return _closing(request, community)


def _closing(request, community, close_form=None):
    user = request.user
    found = selectors.checklist(user, community)
    return render(
        request,
        "closing/closing.html",
        _page(
            request,
            community,
            found=found,
            Scope=Scope,
            in_close_phase=community.phase == Phase.CLOSE,
            is_closed=community.phase == Phase.CLOSED,
            can_edit_recognition=permissions.can(user, closing_permissions.RECOGNITION_EDIT, community),
            can_give=permissions.can(user, closing_permissions.TRANSFER_GIVE, community),
            can_close=permissions.can(user, lifecycle_permissions.MOVE_PHASE, community),
            can_build=permissions.can(user, "archive.build", community),
            can_plan=permissions.can(user, "events.manage", community),
            archive_url=selectors.url_or_none("archive:list", community.slug),
            retrospectives_url=selectors.url_or_none("retrospectives:list", community.slug),
            celebration_url=reverse("events:create", args=[community.slug]) + "?kind=celebration",
            close_form=close_form or CloseForm(),
            now=timezone.now(),
        ),
    )


@require_POST
def close(request, slug):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.MOVE_PHASE)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.community_close(actor=request.user, community=community, confirm=True)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The community is closed: it stays readable; its archives are being built, "
                    "then its members are told."
                ),
            )
            return redirect("closing:page", community.slug)
    return _closing(request, community, close_form=form)


# Recognition ---------------------------------------------------------------------------------


@require_GET
def recognition(request, slug):
    community = permissions.community_for(request.user, slug)
    found = closing_permissions.recognition_for(request.user, community)
    return render(
        request,
        "closing/recognition.html",
        _page(
            request,
            community,
            recognition=found,
            can_edit=permissions.can(request.user, closing_permissions.RECOGNITION_EDIT, community),
        ),
    )


@require_GET
def recognition_download(request, slug, extension):
    community = permissions.community_for(request.user, slug)
    found = closing_permissions.recognition_for(request.user, community)
    if extension not in gatherer.FORMATS:
        raise Http404
    response = HttpResponse(gatherer.build(found, extension), content_type=gatherer.FORMATS[extension])
    response["Content-Disposition"] = f'attachment; filename="{gatherer.filename(found, extension)}"'
    return response


@require_http_methods(["GET", "POST"])
def recognition_edit(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.RECOGNITION_EDIT)
    found = Recognition.objects.filter(community=community).first()
    if found is None:
        return render(request, "closing/recognition_form.html", _page(request, community, recognition=None))
    form = RecognitionForm(request.POST or None, instance=found)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = markdown_render(data["text"])
        else:
            try:
                services.recognition_save(
                    actor=request.user,
                    recognition=found,
                    title=data["title"],
                    text=data["text"],
                    visibility=data["visibility"],
                    version=data.get("version") or 0,
                )
            except services.StaleEdit as error:
                add_errors(form, error)
                form.data = form.data.copy()
                form.data["version"] = str(Recognition.objects.get(pk=found.pk).version)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The recognition document is saved."))
                return redirect("closing:recognition_edit", community.slug)
    return render(
        request,
        "closing/recognition_form.html",
        _page(request, community, recognition=found, form=form, preview=preview),
    )


@require_POST
def recognition_generate(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.RECOGNITION_EDIT)
    services.recognition_generate(actor=request.user, community=community)
    messages.success(request, _("The draft is generated from the community's life: read it over and complete it."))
    return redirect("closing:recognition_edit", community.slug)


@require_POST
def recognition_publish(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.RECOGNITION_EDIT)
    found = get_object_or_404(Recognition, community=community)
    try:
        services.recognition_publish(actor=request.user, recognition=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("closing:recognition_edit", community.slug)
    messages.success(request, _("The recognition document is published."))
    return redirect("closing:recognition", community.slug)


# Transfer ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def transfer(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.TRANSFER_GIVE)
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_add(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The organisation is in the list: give it the archive or a read access."))
            return redirect("closing:transfer", community.slug)
    return render(
        request,
        "closing/transfer.html",
        _page(
            request,
            community,
            form=form,
            recipients=list(selectors.recipients(community)),
            stakeholders=list(selectors.stakeholders_to_add(community)),
            ready=selectors.checklist(request.user, community).ready,
        ),
    )


@require_POST
def transfer_stakeholder(request, slug):
    community = permissions.community_for(request.user, slug, closing_permissions.TRANSFER_GIVE)
    stakeholder = Stakeholder.objects.filter(community=community, pk=object_id(request.POST.get("stakeholder"))).first()
    if stakeholder is None:
        messages.error(request, _("Choose a stakeholder of this community's map."))
        return redirect("closing:transfer", community.slug)
    try:
        services.recipient_from_stakeholder(actor=request.user, community=community, stakeholder=stakeholder)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The organisation is in the list: give it the archive or a read access."))
    return redirect("closing:transfer", community.slug)


def _recipient(community, pk) -> Recipient:
    return get_object_or_404(Recipient, community=community, pk=pk)


@require_http_methods(["GET", "POST"])
def transfer_give(request, slug, pk):
    community = permissions.community_for(request.user, slug, closing_permissions.TRANSFER_GIVE)
    recipient = _recipient(community, pk)
    form = GiveForm(request.POST or None, initial={"scope": Scope.PUBLIC, "access": Recipient.Access.ARCHIVE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_give(
                actor=request.user,
                recipient=recipient,
                access=data["access"],
                scope=data["scope"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Sent to %(email)s: the link works until the date you chose.") % {"email": recipient.email}
            )
            return redirect("closing:transfer", community.slug)
    return render(
        request,
        "closing/transfer_give.html",
        _page(request, community, form=form, recipient=recipient),
    )


@require_POST
def transfer_revoke(request, slug, pk):
    community = permissions.community_for(request.user, slug, closing_permissions.TRANSFER_GIVE)
    recipient = _recipient(community, pk)
    services.transfer_revoke(actor=request.user, recipient=recipient)
    messages.success(request, _("The link given to %(name)s no longer works.") % {"name": recipient.organisation})
    return redirect("closing:transfer", community.slug)


# The links given to organisations: no account, the secret is the token. A link taken back,
# expired or unknown answers 404, the same for all (nothing tells which).


def _not_built(request, recipient):
    return render(request, "closing/archive_not_built.html", {"community": recipient.community, "recipient": recipient})


def _secret_headers(response):
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def recipient_download(request, slug, token):
    recipient = services.recipient_by_token(slug, token, Recipient.Access.ARCHIVE)
    if recipient is None:
        raise Http404
    archive = services.latest_archive(recipient.community, recipient.scope or Scope.PUBLIC)
    if archive is None:
        return _secret_headers(_not_built(request, recipient))
    name = f"{recipient.community.slug}-{recipient.scope or Scope.PUBLIC}-archive.zip"
    response = FileResponse(archive.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip")
    return _secret_headers(response)


def _root(names: list[str]) -> str:
    """The folder every entry of the ZIP sits in (`<slug>-archive/`), or "" when there is none."""
    first = names[0].split("/", 1)[0] + "/" if names and "/" in names[0] else ""
    return first if first and all(name.startswith(first) for name in names) else ""


@require_safe
def recipient_browse(request, slug, token, path):
    """The archive's static website, one file at a time, read from inside its ZIP."""
    recipient = services.recipient_by_token(slug, token, Recipient.Access.READ)
    if recipient is None:
        raise Http404
    archive = services.latest_archive(recipient.community, recipient.scope or Scope.PUBLIC)
    if archive is None:
        return _secret_headers(_not_built(request, recipient))
    if not path or path.endswith("/"):
        path += "index.html"
    with archive.file.open("rb") as stored, zipfile.ZipFile(stored) as bundle:
        names = bundle.namelist()
        name = _root(names) + path
        if name not in names or name.endswith("/"):
            raise Http404
        content = bundle.read(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in ("application/json", "application/javascript"):
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Read-only pages: nothing in them runs, posts or frames.
    response["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return _secret_headers(response)
