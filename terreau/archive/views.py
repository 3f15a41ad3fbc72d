"""The community's archives: the list with their downloads, the core team's request for a new
one, and the download itself."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from terreau import permissions
from terreau.communities.context import community_context

from . import permissions as archive_permissions
from . import selectors, services
from .models import Archive, Scope


@require_GET
def archive_list(request, slug):
    community = permissions.community_for(request.user, slug, archive_permissions.VIEW)
    rows = selectors.by_scope(request.user, community)
    can_build = permissions.can(request.user, archive_permissions.BUILD, community)
    pending = any(archive.status in services.PENDING for row in rows for archive in row["others"])
    return render(
        request,
        "archive/archive_list.html",
        community_context(
            request,
            community,
            tab="archive",
            rows=rows,
            can_build=can_build,
            pending=pending,
            statuses=Archive.Status,
        ),
    )


@require_POST
def archive_request(request, slug):
    community = permissions.community_for(request.user, slug, archive_permissions.VIEW)
    scope = request.POST.get("scope", "")
    try:
        services.request(actor=request.user, community=community, scope=scope)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The archive is being built: this page shows it as soon as it is ready. It takes a few minutes."),
        )
    return redirect("archive:list", community.slug)


@require_GET
def archive_download(request, slug, token):
    community = permissions.community_for(request.user, slug, archive_permissions.VIEW)
    archive = Archive.objects.filter(community=community, token=token, status=Archive.Status.READY).first()
    if archive is None or not archive.file:
        raise Http404
    if not selectors.can_read(request.user, archive):
        # The members' archive does not exist for someone outside (the kernel's one refusal).
        permissions.refuse(request.user, community, readable=False)
    return FileResponse(
        archive.file.open("rb"),
        as_attachment=True,
        filename=f"{community.slug}-archive-{archive.scope}-{archive.built_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


SCOPES = Scope
