from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities import services as communities
from terreau.communities.context import community_context
from terreau.communities.models import Theme
from terreau.core import diff
from terreau.core.documents import export_filename
from terreau.core.forms import add_errors

from . import exports, files, search, selectors, services
from . import permissions as knowledge_permissions
from .forms import (
    ActivityTagForm,
    DocumentFileForm,
    FilterForm,
    HandoverForm,
    InterviewForm,
    ItemForm,
    ThemeForm,
    UploadForm,
)
from .item_types import FIELD_FORMS, ItemType, field_labels
from .models import (
    ATTACHMENT_MAX_BYTES,
    ActivityTag,
    ContributorInterview,
    Handover,
    ItemStatus,
    KnowledgeItem,
)

VIEW = "community.view"
PAGE_SIZE = 30
SEEN_COOKIE_AGE = 24 * 60 * 60  # the cookie only matters the day it was written
# What a multipart body may hold besides the file: the form's other fields.
UPLOAD_MARGIN = 256 * 1024


def _page(request, community, section="home", **extra):
    user = request.user
    return community_context(
        request,
        community,
        tab="knowledge",
        section=section,
        is_member=permissions.is_member(user, community),
        is_content_manager=knowledge_permissions.is_content_manager(user, community),
        **extra,
    )


def upload_guard(view):
    """Refuse a body larger than the limit before reading it, and stop a file that grows past it
    while it arrives. The upload handler must be in place before the CSRF check reads the body,
    hence csrf_exempt outside and csrf_protect inside (Django's documented pattern)."""
    protected = csrf_protect(view)

    @csrf_exempt
    def guarded(request, *args, **kwargs):
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > ATTACHMENT_MAX_BYTES + UPLOAD_MARGIN:
                return HttpResponse(
                    _("The file is larger than 10 MB: it was not received."), status=413, content_type="text/plain"
                )
            request.upload_handlers.insert(0, files.LimitedUploadHandler(request))
        return protected(request, *args, **kwargs)

    guarded.__name__ = view.__name__
    guarded.__doc__ = view.__doc__
    return guarded


def _too_large(request, form, field="file"):
    if getattr(request, "knowledge_upload_too_large", False):
        form.errors.pop(field, None)
        form.add_error(field, _("The file is larger than 10 MB."))


# Knowledge home: entry points, filters, search ----------------------------------------------


def _link(params: dict, **changes) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({key: value for key, value in merged.items() if value not in (None, "")})


@require_GET
def home(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    user = request.user
    theme_list, activity_list = selectors.themes(community), selectors.activities(community)
    statuses = [("mine", _("My items"))]
    if knowledge_permissions.reads_drafts(user, community):
        statuses = [
            ("draft", ItemStatus.DRAFT.label),
            ("archived", ItemStatus.ARCHIVED.label),
            ("review", _("To review")),
        ] + statuses
    elif not user.is_authenticated:
        statuses = [("archived", ItemStatus.ARCHIVED.label)]
    else:
        statuses = [("archived", ItemStatus.ARCHIVED.label)] + statuses
    form = FilterForm(request.GET or None, themes=theme_list, activities=activity_list, statuses=statuses)
    values = form.values()
    params = {key: value for key, value in values.items() if value not in (None, "")}
    facets = {key: values[key] for key in ("type", "theme", "activity")}

    hits, page = None, None
    if values["q"]:
        statuses_searched = [values["status"]] if values["status"] in ("draft", "archived") else None
        asked = {
            "community": community,
            "query": values["q"],
            "visibilities": permissions.visibilities(user, community),
            "statuses": statuses_searched or [ItemStatus.PUBLISHED, ItemStatus.ARCHIVED],
            "type": values["type"] or None,
            "theme_id": values["theme"],
            "activity_id": values["activity"],
        }
        hits = search.search(
            **asked, queryset=selectors.for_list(KnowledgeItem.objects.all()).defer(None).defer("fields", "body")
        )
        counts = search.facet_counts(**asked)  # the entry points count what the search finds
        if counts["capped"]:  # counted among the first matches only: at least this many
            counts = {
                kind: {key: f"{n}+" for key, n in found.items()} for kind, found in counts.items() if kind != "capped"
            }
    else:
        listed = selectors.filtered(user, community, status=values["status"])
        counts = selectors.entry_point_counts(
            listed, type=values["type"], theme=values["theme"], activity=values["activity"]
        )
        items = selectors.for_list(selectors.filtered(user, community, status=values["status"], **facets))
        page = Paginator(items.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    entry_points = {
        "types": [
            (label, counts["types"].get(value, 0), _link(params, type=value, page=None), values["type"] == value)
            for value, label in ItemType.choices
        ],
        "themes": [
            (
                theme.name,
                counts["themes"].get(theme.pk, 0),
                _link(params, theme=theme.pk, page=None),
                values["theme"] == theme.pk,
            )
            for theme in theme_list
        ],
        "activities": [
            (
                f"{activity.name} ({activity.get_kind_display().lower()})",
                counts["activities"].get(activity.pk, 0),
                _link(params, activity=activity.pk, page=None),
                values["activity"] == activity.pk,
            )
            for activity in activity_list
        ],
    }
    chosen = [
        (label, _link(params, **{key: None, "page": None}))
        for key, label in (
            ("type", ItemType(values["type"]).label if values["type"] else None),
            ("theme", next((t.name for t in theme_list if t.pk == values["theme"]), None)),
            ("activity", next((a.name for a in activity_list if a.pk == values["activity"]), None)),
            ("status", dict(statuses).get(values["status"])),
        )
        if label
    ]
    return render(
        request,
        "knowledge/home.html",
        _page(
            request,
            community,
            form=form,
            values=values,
            entry_points=entry_points,
            chosen=chosen,
            hits=hits,
            page=page,
            feed_url=reverse("knowledge:feed", args=[community.slug]),
        ),
    )


# Items -------------------------------------------------------------------------------------


@require_GET
def item_new(request, slug):
    community = permissions.community_for(request.user, slug, knowledge_permissions.ADD)
    return render(request, "knowledge/item_new.html", _page(request, community, types=ItemType.choices))


def _fields_initial(item):
    return dict(item.fields) if item else {}


def _item_forms(request, community, item_type, item=None, data=None):
    initial = {}
    if item is not None:
        initial = {
            "title": item.title,
            "themes": [theme.pk for theme in item.themes.all()],
            "activity": item.activity_id,
            "visibility": item.visibility,
            "base_version": item.version,
            "contact": item.contact_id,
            "body": item.body,
        }
    form = ItemForm(
        data,
        initial=initial,
        community=community,
        item_type=item_type,
        editing=item is not None,
        can_add_themes=permissions.can(request.user, "themes.manage", community),
    )
    fields_form = FIELD_FORMS[item_type](data, initial=_fields_initial(item), prefix="f")
    return form, fields_form


def _save_kwargs(form, fields_form, item_type):
    data = form.cleaned_data
    return {
        "title": data["title"],
        "fields": fields_form.values(),
        "body": data.get("body", ""),
        "themes": data.get("themes", []),
        "new_themes": data.get("new_themes", []),
        "activity": data["activity"],
        "visibility": data["visibility"],
        "contact": data.get("contact"),
    }


@upload_guard
@require_http_methods(["GET", "POST"])
def item_create(request, slug, type):
    community = permissions.community_for(request.user, slug, knowledge_permissions.ADD)
    if type not in ItemType.values:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form, fields_form = _item_forms(request, community, type, data=data)
    file_form = DocumentFileForm(data, request.FILES or None) if type == ItemType.DOCUMENT else None
    if request.method == "POST":
        valid = form.is_valid() & fields_form.is_valid() & (file_form is None or file_form.is_valid())
        if file_form is not None:
            _too_large(request, file_form)
            valid = valid and not file_form.errors
        if valid:
            try:
                item = services.item_create(
                    actor=request.user,
                    community=community,
                    type=type,
                    upload=file_form.cleaned_data["file"] if file_form else None,
                    **_save_kwargs(form, fields_form, type),
                )
            except ValidationError as error:
                add_errors(form, error)
                if file_form is not None:
                    add_errors(file_form, ValidationError({k: v for k, v in error.message_dict.items() if k == "file"}))
            else:
                messages.success(request, _("The item is saved as a draft. A content manager publishes it."))
                return redirect(item)
    return render(
        request,
        "knowledge/item_form.html",
        _page(
            request,
            community,
            form=form,
            fields_form=fields_form,
            file_form=file_form,
            item_type=type,
            type_label=ItemType(type).label,
        ),
    )


@require_GET
def item_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk)
    today = timezone.localdate().strftime("%Y%m%d")
    seen = services.item_record_view_once(
        item, services.items_seen_today(request.COOKIES.get(services.SEEN_COOKIE), today)
    )
    user = request.user
    fields = knowledge_permissions.visible_fields(user, community, item)
    response = render(
        request,
        "knowledge/item_detail.html",
        _page(
            request,
            community,
            item=item,
            fields=fields,
            rows=_rows(item, fields),
            top_points=fields.get("top_points", "").splitlines() if item.type == ItemType.LESSONS_LEARNED else [],
            can_edit=knowledge_permissions.can_edit(user, community, item),
            related=selectors.related(user, community, item),
            can_see_members=permissions.can(user, "members.view", community),
            upload_form=UploadForm(initial={"visibility": item.visibility}),
        ),
    )
    if seen is not None:
        response.set_cookie(
            services.SEEN_COOKIE,
            ".".join([today, *map(str, seen)]),
            max_age=SEEN_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _rows(item, fields):
    rows = []
    for name, label, is_markdown in field_labels(item.type):
        value = fields.get(name)
        if value in (None, "") or name in ("top_points", "contact_name", "contact_email", "standing"):
            continue
        rows.append({"name": name, "label": label, "value": value, "markdown": is_markdown})
    return rows


@require_http_methods(["GET", "POST"])
def item_edit(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk, edit=True)
    data = request.POST if request.method == "POST" else None
    form, fields_form = _item_forms(request, community, item.type, item=item, data=data)
    conflict = None
    if request.method == "POST" and form.is_valid() & fields_form.is_valid():
        try:
            services.item_update(
                actor=request.user,
                item=item,
                base_version=form.cleaned_data["base_version"],
                note=form.cleaned_data["note"],
                **_save_kwargs(form, fields_form, item.type),
            )
        except services.EditConflict as error:
            conflict = error.item
            # The typed text stays in the form; saving again now knowingly replaces the newer version.
            form.data = form.data.copy()
            form.data["base_version"] = conflict.version
            form.add_error(
                None,
                _(
                    "Someone else saved this item while you were editing it (version %(number)s). "
                    "Your text is below, unsaved; the saved version is shown beside it. "
                    "Bring in what you need from it, then save again."
                )
                % {"number": conflict.version},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is saved (version %(number)s).") % {"number": item.version})
            return redirect(item)
    return render(
        request,
        "knowledge/item_form.html",
        _page(
            request,
            community,
            form=form,
            fields_form=fields_form,
            item=item,
            item_type=item.type,
            type_label=ItemType(item.type).label,
            conflict=conflict,
            conflict_text=exports.item_markdown(
                conflict, visibilities=permissions.visibilities(request.user, community)
            )
            if conflict
            else "",
        ),
    )


@require_POST
def item_status(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk)
    permissions.require(request.user, knowledge_permissions.PUBLISH, community)
    try:
        services.item_set_status(actor=request.user, item=item, action=request.POST.get("action", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The item is now: %(status)s.") % {"status": _status_text(item)})
    return redirect(item)


def _status_text(item):
    text = str(ItemStatus(item.status).label)
    return text + (", " + _("needs review") if item.needs_review else "")


@require_GET
def item_versions(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk)
    return render(
        request,
        "knowledge/item_versions.html",
        _page(
            request,
            community,
            item=item,
            versions=selectors.versions(item),
            can_edit=knowledge_permissions.can_edit(request.user, community, item),
        ),
    )


def _version_text(version, fields) -> str:
    lines = [version.title, ""]
    for name, label, _is_markdown in field_labels(version.item.type):
        value = fields.get(name)
        if value not in (None, ""):
            lines += [f"## {label}", str(value), ""]
    if version.body:
        lines.append(version.body)
    return "\n".join(lines)


@require_GET
def item_compare(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk)
    versions = {version.number: version for version in selectors.versions(item)}
    try:
        old, new = int(request.GET.get("from", item.version - 1)), int(request.GET.get("to", item.version))
    except ValueError:
        old, new = item.version - 1, item.version
    if old not in versions or new not in versions:
        old, new = max(1, item.version - 1), item.version
    for version in versions.values():
        version.item = item
    rows = []
    if old in versions and new in versions:
        texts = [
            _version_text(
                versions[number], knowledge_permissions.visible_fields(request.user, community, versions[number])
            )
            for number in (old, new)
        ]
        rows = diff.lines(*texts, words=False, blank_lines=True)
    return render(
        request,
        "knowledge/item_compare.html",
        _page(
            request,
            community,
            item=item,
            versions=list(versions.values()),
            old=versions.get(old),
            new=versions.get(new),
            rows=rows,
            changed=any(row.kind != "same" for row in rows),
        ),
    )


@require_POST
def item_restore(request, slug, pk, number):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk, edit=True)
    version = get_object_or_404(item.versions, number=number)
    services.item_restore(actor=request.user, item=item, version=version)
    messages.success(
        request,
        _("Version %(old)s is restored as version %(new)s.") % {"old": version.number, "new": item.version},
    )
    return redirect(item)


@require_GET
def item_markdown(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk)
    text = exports.item_markdown(
        item,
        item.visible_attachments,
        visibilities=permissions.visibilities(request.user, community),
        base_url=request.build_absolute_uri("/")[:-1],
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.item_filename(item)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Attachments -----------------------------------------------------------------------------


@upload_guard
@require_POST
def attachment_add(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    item = knowledge_permissions.item_for(request.user, community, pk, edit=True)
    form = UploadForm(request.POST, request.FILES)
    valid = form.is_valid()
    _too_large(request, form)
    if valid and not form.errors:
        try:
            services.attachment_add(
                actor=request.user,
                item=item,
                upload=form.cleaned_data["file"],
                summary=form.cleaned_data["summary"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(f"{item.get_absolute_url()}#attachments")
    return render(
        request,
        "knowledge/attachment_form.html",
        _page(request, community, item=item, upload_form=form),
        status=400,
    )


@require_GET
def attachment_download(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    attachment = knowledge_permissions.attachment_for(request.user, community, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download, with the type read from the content: never shown as a page.
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def attachment_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    attachment = knowledge_permissions.attachment_for(request.user, community, pk)
    item = attachment.item
    knowledge_permissions.require_edit(request.user, community, item)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file %(name)s is removed.") % {"name": attachment.name})
    return redirect(f"{item.get_absolute_url()}#attachments")


# Review, feed, export -------------------------------------------------------------------------


@require_GET
def review(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    permissions.require(request.user, knowledge_permissions.REVIEW, community)
    items = selectors.to_review(request.user, community)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/review.html", _page(request, community, "review", page=page))


@require_GET
def feed(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    base_url = request.build_absolute_uri("/")[:-1]
    atom = exports.atom_feed(community, base_url=base_url, feed_url=request.build_absolute_uri())
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


@require_GET
def export_zip(request, slug):
    community = permissions.community_for(request.user, slug, knowledge_permissions.EXPORT)
    archive = exports.knowledge_zip(request.user, community, base_url=request.build_absolute_uri("/")[:-1])
    return FileResponse(
        archive,
        as_attachment=True,
        filename=export_filename(_("knowledge-base"), community.slug, "zip"),
        content_type="application/zip",
    )


# Entry points kept by the content managers -----------------------------------------------------


@require_http_methods(["GET", "POST"])
def entry_points(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    permissions.require(request.user, knowledge_permissions.ENTRY_POINTS, community)
    what = request.POST.get("add", "") if request.method == "POST" else ""
    themes = selectors.themes(community)
    theme_form = ThemeForm(request.POST if what == "theme" else None, prefix="theme")
    activity_form = ActivityTagForm(
        request.POST if what == "activity" else None, prefix="activity", user=request.user, community=community
    )
    renamed = next((theme for theme in themes if what == "rename" and str(theme.pk) == request.POST.get("theme")), None)
    for theme in themes:
        theme.rename_form = ThemeForm(
            request.POST if theme is renamed else None,
            prefix=f"rename-{theme.pk}",
            initial={"name": theme.name},
            label=_("New name"),
        )
    if request.method == "POST":
        form = {"theme": theme_form, "activity": activity_form}.get(what, renamed.rename_form if renamed else None)
        try:
            if what == "theme" and theme_form.is_valid():
                communities.theme_create(actor=request.user, community=community, name=theme_form.cleaned_data["name"])
                messages.success(request, _("The theme is added."))
                return redirect("knowledge:entry_points", community.slug)
            if what == "activity" and activity_form.is_valid():
                services.activity_create(actor=request.user, community=community, **activity_form.cleaned_data)
                messages.success(request, _("The activity is added."))
                return redirect("knowledge:entry_points", community.slug)
            if renamed is not None and renamed.rename_form.is_valid():
                services.theme_rename(actor=request.user, theme=renamed, name=renamed.rename_form.cleaned_data["name"])
                messages.success(request, _("The theme is renamed; everything tagged with it keeps it."))
                return redirect("knowledge:entry_points", community.slug)
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        "knowledge/entry_points.html",
        _page(
            request,
            community,
            "entry_points",
            themes=themes,
            activities=selectors.activities(community),
            theme_form=theme_form,
            activity_form=activity_form,
            renamed=renamed,
        ),
    )


@require_POST
def theme_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    permissions.require(request.user, knowledge_permissions.ENTRY_POINTS, community)
    theme = get_object_or_404(Theme, pk=pk, community=community)
    services.theme_delete(actor=request.user, theme=theme)
    messages.success(
        request, _("The theme %(name)s is removed; its items keep their other tags.") % {"name": theme.name}
    )
    return redirect("knowledge:entry_points", community.slug)


@require_POST
def activity_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, VIEW)
    permissions.require(request.user, knowledge_permissions.ENTRY_POINTS, community)
    activity = get_object_or_404(ActivityTag, pk=pk, community=community)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("The activity %(name)s is removed.") % {"name": activity.name})
    return redirect("knowledge:entry_points", community.slug)


# Transfer workshops ------------------------------------------------------------------------------


@require_GET
def transfer(request, slug):
    community = permissions.community_for(request.user, slug, knowledge_permissions.TRANSFER_VIEW)
    user = request.user
    interviews = knowledge_permissions.records_visible_to(user, community, ContributorInterview).select_related(
        "interviewee__user", "interviewer__user"
    )
    handovers = knowledge_permissions.records_visible_to(user, community, Handover)
    return render(
        request,
        "knowledge/transfer.html",
        _page(request, community, "transfer", interviews=interviews, handovers=handovers),
    )


@require_http_methods(["GET", "POST"])
def interview_edit(request, slug, pk=None):
    community = permissions.community_for(request.user, slug, knowledge_permissions.TRANSFER_RECORD)
    interview = (
        knowledge_permissions.record_for(request.user, community, ContributorInterview, pk, edit=True)
        if pk
        else ContributorInterview(community=community)
    )
    items = knowledge_permissions.items_visible_to(request.user, community).order_by("title")
    form = InterviewForm(request.POST or None, instance=interview, community=community, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_save(actor=request.user, interview=form.instance, items=form.cleaned_data["items"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The interview is saved."))
            return redirect(interview)
    return render(
        request,
        "knowledge/record_form.html",
        _page(request, community, "transfer", form=form, record=interview, kind="interview"),
    )


@require_GET
def interview_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, knowledge_permissions.TRANSFER_VIEW)
    interview = knowledge_permissions.record_for(request.user, community, ContributorInterview, pk)
    items = knowledge_permissions.items_visible_to(request.user, community, interview.items.all())
    return render(
        request,
        "knowledge/interview_detail.html",
        _page(
            request,
            community,
            "transfer",
            interview=interview,
            items=items,
            can_edit=knowledge_permissions.can_edit_record(request.user, community, interview),
        ),
    )


@require_http_methods(["GET", "POST"])
def handover_edit(request, slug, pk=None):
    community = permissions.community_for(request.user, slug, knowledge_permissions.TRANSFER_RECORD)
    handover = (
        knowledge_permissions.record_for(request.user, community, Handover, pk, edit=True)
        if pk
        else Handover(community=community)
    )
    lessons = (
        knowledge_permissions.items_visible_to(request.user, community)
        .filter(type=ItemType.LESSONS_LEARNED)
        .order_by("title")
    )
    form = HandoverForm(request.POST or None, instance=handover, community=community, lessons=lessons)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_save(actor=request.user, handover=form.instance, lessons=form.cleaned_data["lessons"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The handover is saved."))
            return redirect(handover)
    return render(
        request,
        "knowledge/record_form.html",
        _page(request, community, "transfer", form=form, record=handover, kind="handover"),
    )


@require_GET
def handover_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, knowledge_permissions.TRANSFER_VIEW)
    handover = knowledge_permissions.record_for(request.user, community, Handover, pk)
    lessons = knowledge_permissions.items_visible_to(request.user, community, handover.lessons.all())
    return render(
        request,
        "knowledge/handover_detail.html",
        _page(
            request,
            community,
            "transfer",
            handover=handover,
            lessons=lessons,
            can_edit=knowledge_permissions.can_edit_record(request.user, community, handover),
        ),
    )
