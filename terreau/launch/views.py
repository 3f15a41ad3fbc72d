from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.charter import exports as charter_exports
from terreau.communities import selectors as community_selectors
from terreau.communities.context import community_context
from terreau.core import csv
from terreau.core.documents import DOCX_TYPE, ODT_TYPE, export_filename
from terreau.core.forms import add_errors
from terreau.core.redirects import safe_next
from terreau.events import selectors as events_selectors
from terreau.events.permissions import may_organise
from terreau.events.services import agenda as agenda_services

from . import pack as pack_module
from . import permissions as launch_permissions
from . import selectors, services
from .forms import ActionFilterForm, ActionForm, ActionReportForm, ActivityForm
from .models import Action, Activity

VIEW = "community.view"


def _page(request, community, section, **extra):
    return community_context(
        request,
        community,
        tab="workspace",
        section=section,
        can_edit=permissions.can(request.user, launch_permissions.EDIT_BY_SECTION[section], community),
        **extra,
    )


def _url(name, community) -> str:
    return reverse(name, args=[community.slug])


# ---------------------------------------------------------------------------------------------
# Launch day: an event of the calendar (terreau/events), its plan that event's agenda


@require_GET
def meeting(request, slug):
    """The launch day as the launch's workspace shows it: the event, its agenda and a link to it;
    before it is planned, the guide's agenda, and for those who plan events the button to plan it."""
    community = permissions.community_for(request.user, slug, VIEW)
    launch_day = agenda_services.launch_day_for(request.user, community)
    return render(
        request,
        "launch/meeting.html",
        _page(
            request,
            community,
            "meeting",
            launch_day=launch_day,
            agenda=agenda_services.agenda_of(launch_day) if launch_day else agenda_services.guide_launch_day(community),
            can_organise=launch_day is not None and may_organise(request.user, community, launch_day),
        ),
    )


@require_POST
def meeting_start(request, slug):
    """Plan the launch day: an event with the guide's agenda, whose date, time and place come next."""
    community = permissions.community_for(request.user, slug, launch_permissions.PLAN_DAY)
    event = agenda_services.launch_day_plan(actor=request.user, community=community)
    messages.success(
        request, _("The launch day is planned with the guide's agenda: set its date, time and place, then its agenda.")
    )
    return redirect("events:edit", community.slug, event.pk)


# ---------------------------------------------------------------------------------------------
# Calendar of activities


@require_GET
def activities(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    can_edit = permissions.can(request.user, launch_permissions.ACTIVITIES_EDIT, community)
    groups = selectors.activities_by_frequency(community, request.user)
    # Each activity with the events that realise it (terreau/events), as this person may see them.
    realised = events_selectors.realising(request.user, community)
    for group in groups:
        for activity in group.activities:
            activity.realised = realised.get(activity.pk)
    return render(
        request,
        "launch/activities.html",
        _page(
            request,
            community,
            "activities",
            groups=groups,
            missing_suggestions=services.missing_suggestions(community) if can_edit else [],
        ),
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, slug, pk=None):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIVITIES_EDIT)
    activity = get_object_or_404(Activity, pk=pk, community=community) if pk else Activity(community=community)
    name = activity.display_title
    form = ActivityForm(request.POST or None, instance=activity, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(actor=request.user, activity=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The activity %(title)s is saved.") % {"title": activity.display_title})
            return redirect(f"{_url('launch:activities', community)}#activity-{activity.pk}")
    context = _page(request, community, "activities", form=form, activity=activity, name=name)
    return render(request, "launch/activity_form.html", context)


@require_POST
def activity_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIVITIES_EDIT)
    activity = get_object_or_404(Activity, pk=pk, community=community)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("The activity %(title)s is removed.") % {"title": activity.display_title})
    return redirect("launch:activities", community.slug)


@require_POST
def activities_suggest(request, slug):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIVITIES_EDIT)
    created = services.activities_suggest(actor=request.user, community=community)
    if created:
        messages.success(
            request,
            _("Added to the calendar: %(titles)s. Adjust them to your community.")
            % {"titles": ", ".join(activity.display_title for activity in created)},
        )
    else:
        messages.info(request, _("The calendar already holds the guide's suggestions."))
    return redirect("launch:activities", community.slug)


# ---------------------------------------------------------------------------------------------
# Action plan


def _plan(request, community):
    form = ActionFilterForm(request.GET, owners=list(selectors.action_owners(community, request.user)))
    filters = form.values()
    today = timezone.localdate()
    return form, filters, selectors.actions_for_plan(community, request.user, today, **filters)


@require_GET
def actions(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    form, filters, plan = _plan(request, community)
    return render(
        request,
        "launch/actions.html",
        _page(
            request,
            community,
            "actions",
            form=form,
            plan=plan,
            actions=selectors.plan_page(plan, request.GET.get("page")),
            filters=filters,
            filtered=bool(filters["status"] or filters["owner"]),
            statuses=Action.Status.choices,
            # The actions this person carries: they give their status and news without being core team
            # (while the community is open).
            owned=launch_permissions.owned_action_ids(request.user, community)
            if permissions.can(request.user, launch_permissions.ACTIONS_UPDATE_OWN, community)
            else set(),
            can_update_all=permissions.can(request.user, launch_permissions.ACTIONS_UPDATE, community),
            query=request.GET.urlencode(),
        ),
    )


@require_GET
def actions_csv(request, slug):
    """The action plan as the page shows it (same filters), for a spreadsheet."""
    community = permissions.community_for(request.user, slug, VIEW)
    _form, _filters, plan = _plan(request, community)
    response = csv.response(export_filename(_("action-plan"), community.slug, "csv"))
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Title"),
            _("Description"),
            _("Owners"),
            _("Theme"),
            _("Due date"),
            _("Status"),
            _("Needs support"),
        ]
    )
    for action in plan.actions:
        writer.writerow(
            [
                action.title,
                action.description,
                ", ".join(owner.user.display_name for owner in action.owners.all()),
                action.theme.name if action.theme else "",
                action.due_date.isoformat() if action.due_date else "",
                action.get_status_display(),
                _("yes") if action.needs_support else _("no"),
            ]
        )
    return response


@require_GET
def action_detail(request, slug, pk):
    """One action of the plan on its own page, with its comments."""
    community = permissions.community_for(request.user, slug, VIEW)
    action = (
        launch_permissions.actions_visible_to(request.user, community)
        .filter(pk=pk)
        .select_related("theme", "community")
        .first()
    )
    if action is None:
        permissions.refuse(request.user, community, readable=False)
    return render(
        request,
        "launch/action_detail.html",
        _page(
            request,
            community,
            "actions",
            action=action,
            owners=list(action.owners.select_related("user").order_by("user__display_name")),
            overdue=action.is_overdue(timezone.localdate()),
            statuses=Action.Status.choices,
        ),
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, slug, pk=None):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIONS_EDIT)
    action = get_object_or_404(Action, pk=pk, community=community) if pk else Action(community=community)
    name = action.title
    form = ActionForm(request.POST or None, instance=action, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                actor=request.user,
                action=form.instance,
                owners=form.cleaned_data["owners"],
                new_theme=form.cleaned_data["new_theme"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action %(title)s is saved.") % {"title": action.title})
            return redirect(f"{_url('launch:actions', community)}?show=all#action-{action.pk}")
    return render(
        request, "launch/action_form.html", _page(request, community, "actions", form=form, action=action, name=name)
    )


@require_POST
def action_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIONS_EDIT)
    action = get_object_or_404(Action, pk=pk, community=community)
    services.action_delete(actor=request.user, action=action)
    messages.success(request, _("The action %(title)s is removed.") % {"title": action.title})
    return redirect(safe_next(request, _url("launch:actions", community)))


@require_POST
def action_status(request, slug, pk):
    community = permissions.community_for(request.user, slug, launch_permissions.ACTIONS_UPDATE)
    action = get_object_or_404(Action, pk=pk, community=community)
    try:
        services.action_set_status(actor=request.user, action=action, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(title)s: %(status)s.") % {"title": action.title, "status": action.get_status_display()},
        )
    return redirect(safe_next(request, _url("launch:actions", community)))


@require_POST
def action_report(request, slug, pk):
    """An owner's (or the core team's) status and news of one action."""
    # Who may is decided on the action itself (its owners), in the service; a visitor signs in first.
    community = permissions.community_for(request.user, slug, "members.view")
    action = get_object_or_404(Action, pk=pk, community=community)
    form = ActionReportForm(request.POST)
    try:
        if not form.is_valid():
            launch_permissions.require_update(request.user, community, action)  # a refusal first
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        services.action_report(actor=request.user, action=action, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(title)s: %(status)s.") % {"title": action.title, "status": action.get_status_display()},
        )
    return redirect(safe_next(request, f"{_url('launch:actions', community)}?show=all#action-{action.pk}"))


# ---------------------------------------------------------------------------------------------
# Launch pack


@require_GET
def pack(request, slug):
    community = permissions.community_for(request.user, slug, launch_permissions.PACK)
    found = pack_module.pack_for(community, request.user, whole=False)
    return render(
        request,
        "launch/pack.html",
        community_context(
            request,
            community,
            tab="workspace",
            pack=found,
            charter_sections=found.charter_version.filled_sections() if found.charter_version else [],
            charter_status=charter_exports.status(found.charter, found.charter_version)
            if found.charter_version
            else "",
            holders_shown=community_selectors.HOLDERS_SHOWN,
            actions=selectors.plan_page(found.plan, 1),
        ),
    )


@require_GET
def pack_download(request, slug, format):
    community = permissions.community_for(request.user, slug, launch_permissions.PACK)
    if format not in ("odt", "docx"):
        raise Http404
    document = pack_module.document(pack_module.pack_for(community, request.user))
    content, content_type = (document.odt(), ODT_TYPE) if format == "odt" else (document.docx(), DOCX_TYPE)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{pack_module.filename(community, format)}"'
    return response
