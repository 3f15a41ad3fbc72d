from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core import markdown
from terreau.core.forms import add_errors
from terreau.core.models import Visibility
from terreau.decisions import permissions as decision_permissions

from . import diff, exports, selectors, services
from . import permissions as charter_permissions
from .forms import CharterForm, CompareForm
from .models import QUESTIONS, Section


def _sections(version, *, include_empty: bool = False) -> list[dict]:
    """The sections of a version ready to show: label, guiding question and rendered Markdown."""
    shown = []
    for section in Section:
        text = version.text(section) if version else ""
        if text.strip() or include_empty:
            shown.append(
                {
                    "key": section.value,
                    "label": section.label,
                    "question": QUESTIONS[section],
                    "html": markdown.render(text),
                }
            )
    return shown


def _decision(user, community, charter):
    """The consent decision that adopted the charter, when this person may read it."""
    found = services.adoption_decision(charter)
    return found if found is not None and decision_permissions.can_read(user, community, found) else None


def _page(request, community, template, status=200, **extra):
    return render(
        request, f"charter/{template}", community_context(request, community, tab="workspace", **extra), status=status
    )


@require_GET
def charter_detail(request, slug):
    community = permissions.community_for(request.user, slug)
    charter = selectors.charter_for(community)
    can_edit = permissions.can(request.user, charter_permissions.EDIT, community)
    if permissions.can(request.user, charter_permissions.HISTORY, community):
        # The core team sees where the work stands: the latest version, adopted or not.
        shown = selectors.latest_version(charter)
    else:
        shown = (
            charter.adopted_version if charter_permissions.can_read_adopted(request.user, community, charter) else None
        )
    return _page(
        request,
        community,
        "charter_detail.html",
        pending=services.open_proposal(community) if can_edit else None,
        decision=_decision(request.user, community, charter) if shown else None,
        can_submit=permissions.can(request.user, charter_permissions.SUBMIT, community),
        charter=charter,
        shown=shown,
        sections=_sections(shown, include_empty=can_edit),
        can_edit=can_edit,
        is_member=permissions.can(request.user, charter_permissions.READ, community),
        kept_by_core_team=charter is not None and charter.visibility == Visibility.CORE_TEAM,
        formats=exports.FORMATS,
    )


@require_http_methods(["GET", "POST"])
def charter_edit(request, slug):
    community = permissions.community_for(request.user, slug, charter_permissions.EDIT)
    charter = selectors.charter_for(community)
    latest = selectors.latest_version(charter)
    conflict = None
    if request.method == "POST":
        form = CharterForm(request.POST)
        if form.is_valid():
            try:
                saved = services.charter_save(
                    community=community,
                    actor=request.user,
                    sections=form.sections(),
                    base_number=form.cleaned_data["base_version"],
                    note=form.cleaned_data["note"],
                    visibility=form.cleaned_data["visibility"],
                )
            except services.CharterConflict as crossed:
                conflict = crossed.newer
                # Keep every word typed; the next save goes on top of the newer version, knowingly.
                data = request.POST.copy()
                data["base_version"] = str(conflict.number)
                form = CharterForm(data)
                form.is_valid()
            except ValidationError as error:
                add_errors(form, error)
            else:
                if saved is None:
                    messages.success(request, _("Who may read the adopted charter is updated."))
                else:
                    messages.success(
                        request,
                        _("Version %(number)s is saved. Adopt it when the community agrees.")
                        % {"number": saved.number},
                    )
                return redirect("charter:detail", community.slug)
    else:
        sections = latest.sections if latest else services.first_draft(community)
        form = CharterForm(
            initial={
                **sections,
                "base_version": latest.number if latest else 0,
                "visibility": charter.visibility if charter else Visibility.PUBLIC,
            }
        )
    rows = []
    for field in form.section_fields():
        theirs = None
        if conflict is not None:
            mine = services.clean_sections({field.name: form.data.get(field.name, "")})[field.name]
            if mine != conflict.text(field.name):
                theirs = conflict.text(field.name)
        rows.append({"field": field, "theirs": theirs})
    return _page(
        request,
        community,
        "charter_edit.html",
        form=form,
        rows=rows,
        differing=[row for row in rows if row["theirs"] is not None],
        latest=latest,
        conflict=conflict,
        prefilled=latest is None,
        status=409 if conflict else 200,
    )


@require_GET
def charter_history(request, slug):
    community = permissions.community_for(request.user, slug, charter_permissions.HISTORY)
    charter = selectors.charter_for(community)
    versions = list(selectors.versions(charter))
    numbers = [version.number for version in versions]
    compare_form = CompareForm(
        numbers=numbers, initial={"a": numbers[1] if len(numbers) > 1 else None, "b": numbers[0] if numbers else None}
    )
    return _page(
        request, community, "charter_history.html", charter=charter, versions=versions, compare_form=compare_form
    )


@require_GET
def charter_compare(request, slug):
    community = permissions.community_for(request.user, slug, charter_permissions.HISTORY)
    charter = selectors.charter_for(community)
    numbers = selectors.version_numbers(charter)
    if "a" in request.GET or "b" in request.GET:
        form = CompareForm(request.GET, numbers=numbers)
    else:
        # With no choice yet: what changed since the adopted version, or since the one before the latest.
        older = charter.adopted_version.number if charter and charter.adopted_version else None
        if older is None or older == (numbers[0] if numbers else None):
            older = numbers[1] if len(numbers) > 1 else None
        form = CompareForm({"a": older, "b": numbers[0] if numbers else None}, numbers=numbers)
    diffs = older = newer = None
    if len(numbers) > 1 and form.is_valid():
        older = selectors.version(charter, form.cleaned_data["a"])
        newer = selectors.version(charter, form.cleaned_data["b"])
        diffs = diff.compare(older, newer)
    return _page(
        request,
        community,
        "charter_compare.html",
        charter=charter,
        form=form,
        enough=len(numbers) > 1,
        older=older,
        newer=newer,
        diffs=diffs,
        changed=sum(1 for found in diffs or [] if found.changed),
    )


@require_GET
def charter_version(request, slug, number):
    community = permissions.community_for(request.user, slug, charter_permissions.HISTORY)
    charter = selectors.charter_for(community)
    version = selectors.version(charter, number)
    if version is None:
        raise Http404
    return _page(
        request,
        community,
        "charter_version.html",
        pending=services.open_proposal(community),
        can_submit=permissions.can(request.user, charter_permissions.SUBMIT, community),
        charter=charter,
        version=version,
        sections=_sections(version),
        formats=exports.FORMATS,
    )


@require_POST
def charter_submit(request, slug, number):
    """Submit a version for adoption: the core team's circle decides by consent."""
    community = permissions.community_for(request.user, slug, charter_permissions.SUBMIT)
    try:
        proposal = services.charter_submit(community=community, number=number, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("charter:detail", community.slug)
    messages.success(
        request,
        _("Version %(number)s is submitted to the core team's circle: it is adopted when the circle consents.")
        % {"number": number},
    )
    return redirect(proposal)


@require_GET
def charter_download(request, slug, format):
    community = permissions.community_for(request.user, slug)
    if format not in exports.FORMATS:
        raise Http404
    charter = selectors.charter_for(community)
    if "version" in request.GET:
        permissions.require(request.user, charter_permissions.HISTORY, community)
        try:
            version = selectors.version(charter, int(request.GET["version"]))
        except ValueError:
            version = None
    elif permissions.can(request.user, charter_permissions.HISTORY, community):
        version = charter.adopted_version or selectors.latest_version(charter) if charter else None
    elif charter_permissions.can_read_adopted(request.user, community, charter):
        version = charter.adopted_version
    else:
        permissions.refuse(request.user, community, readable=False)  # a member may find it after signing in
    if version is None:
        raise Http404
    response = HttpResponse(exports.build(charter, version, format), content_type=exports.FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(charter, version, format)}"'
    return response
