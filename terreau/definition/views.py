from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core import csv as spreadsheet
from terreau.core.forms import add_errors

from . import csv_io, selectors, services
from . import permissions as definition_permissions
from .forms import (
    ConversationForm,
    DefinitionForm,
    NetworkFormSet,
    ObjectivesForm,
    StakeholderForm,
    StakeholderImportForm,
)
from .models import ExistingNetwork, Quadrant, Stakeholder

TABLE_PAGE_SIZE = 50


def _page(request, community, **extra):
    return community_context(
        request,
        community,
        tab="workspace",
        can_edit=permissions.can(request.user, definition_permissions.EDIT_BY_SECTION[extra["section"]], community),
        **extra,
    )


# Stakeholder map ----------------------------------------------------------------------


@require_GET
def stakeholder_list(request, slug):
    community = permissions.community_for(request.user, slug, definition_permissions.VIEW)
    stakeholder_map = selectors.stakeholder_map(community, request.user)
    # The grid draws every stakeholder; the table beside it lists them a page at a time.
    rows = Paginator(stakeholder_map.stakeholders, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "definition/stakeholder_list.html",
        _page(request, community, section="stakeholders", map=stakeholder_map, rows=rows, quadrants=Quadrant),
    )


@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, slug, pk=None):
    community = permissions.community_for(request.user, slug, definition_permissions.STAKEHOLDERS_EDIT)
    if pk is None:
        stakeholder = Stakeholder(community=community)
    else:
        stakeholder = selectors.stakeholder_for(community, request.user, pk)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_save(actor=request.user, stakeholder=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if pk is None:
                messages.success(request, _("%(name)s is on the map.") % {"name": stakeholder.name})
            else:
                messages.success(request, _("The changes are saved."))
            return redirect(stakeholder)
    return render(
        request,
        "definition/stakeholder_form.html",
        _page(request, community, section="stakeholders", form=form, stakeholder=stakeholder),
    )


def _stakeholder_page(request, community, stakeholder, conversation_form, status=200):
    return render(
        request,
        "definition/stakeholder_detail.html",
        _page(
            request,
            community,
            section="stakeholders",
            stakeholder=stakeholder,
            conversations=stakeholder.conversations.all(),
            conversation_form=conversation_form,
        ),
        status=status,
    )


def _conversation_form(request, community, data=None):
    membership = permissions.membership(request.user, community)
    speakers = selectors.conversation_speakers(community)
    initial = {"membership": membership.pk} if membership is not None and membership.is_core_team else {}
    return ConversationForm(data, speakers=speakers, initial=initial)


@require_GET
def stakeholder_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, definition_permissions.VIEW)
    stakeholder = selectors.stakeholder_for(community, request.user, pk)
    form = (
        _conversation_form(request, community)
        if permissions.can(request.user, definition_permissions.CONVERSATIONS_RECORD, community)
        else None
    )
    return _stakeholder_page(request, community, stakeholder, form)


@require_POST
def stakeholder_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug, definition_permissions.STAKEHOLDERS_EDIT)
    stakeholder = selectors.stakeholder_for(community, request.user, pk)
    services.stakeholder_delete(actor=request.user, stakeholder=stakeholder)
    messages.success(request, _("%(name)s is off the map.") % {"name": stakeholder.name})
    return redirect("definition:stakeholders", community.slug)


@require_POST
def conversation_create(request, slug, pk):
    community = permissions.community_for(request.user, slug, definition_permissions.CONVERSATIONS_RECORD)
    stakeholder = selectors.stakeholder_for(community, request.user, pk)
    form = _conversation_form(request, community, request.POST)
    if form.is_valid():
        try:
            services.conversation_add(actor=request.user, stakeholder=stakeholder, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conversation is in the log."))
            return redirect(f"{stakeholder.get_absolute_url()}#conversations")
    return _stakeholder_page(request, community, stakeholder, form)


@require_GET
def stakeholders_csv(request, slug):
    community = permissions.community_for(request.user, slug, definition_permissions.VIEW)
    response = spreadsheet.response(f"{community.slug}-stakeholders.csv")
    csv_io.write(response, selectors.stakeholders_visible(community, request.user))
    return response


@require_http_methods(["GET", "POST"])
def stakeholders_import(request, slug):
    community = permissions.community_for(request.user, slug, definition_permissions.STAKEHOLDERS_EDIT)
    form = StakeholderImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = csv_io.read(form.cleaned_data["file"], community=community)
            row_errors = parsed.errors
            if not row_errors:
                result = services.stakeholders_import(actor=request.user, community=community, rows=parsed.rows)
        except ValidationError as error:
            add_errors(form, ValidationError({"file": error.messages}))
        else:
            if not row_errors:
                text = ngettext("%(created)s stakeholder added", "%(created)s stakeholders added", result.created) % {
                    "created": result.created
                }
                if result.updated:
                    text += ", " + ngettext(
                        "%(updated)s updated (same name and organisation)",
                        "%(updated)s updated (same name and organisation)",
                        result.updated,
                    ) % {"updated": result.updated}
                text += "."
                if parsed.ignored_columns:
                    text += " " + _("These columns were not imported: %(columns)s.") % {
                        "columns": ", ".join(parsed.ignored_columns)
                    }
                messages.success(request, text)
                return redirect("definition:stakeholders", community.slug)
    return render(
        request,
        "definition/stakeholder_import.html",
        _page(
            request,
            community,
            section="stakeholders",
            form=form,
            row_errors=row_errors,
            columns=csv_io.COLUMNS.values(),
            kinds=Stakeholder._meta.get_field("kind").choices,
            max_rows=csv_io.MAX_ROWS,
        ),
    )


# Objectives and scope -----------------------------------------------------------------


@require_GET
def scope(request, slug):
    community = permissions.community_for(request.user, slug, definition_permissions.VIEW)
    return render(
        request,
        "definition/scope.html",
        _page(request, community, section="scope", found=selectors.definition_for(community, request.user)),
    )


@require_http_methods(["GET", "POST"])
def scope_edit(request, slug):
    community = permissions.community_for(request.user, slug, definition_permissions.SCOPE_EDIT)
    found = selectors.definition_for(community, request.user)
    data = request.POST if request.method == "POST" else None
    form = DefinitionForm(data, instance=found.definition)
    objectives_form = ObjectivesForm(data, objectives=found.objectives)
    networks = NetworkFormSet(data, queryset=ExistingNetwork.objects.filter(community=community), prefix="network")
    if data is not None and all([form.is_valid(), objectives_form.is_valid(), networks.is_valid()]):
        kept = [
            {"id": f.instance.pk, **{name: f.cleaned_data[name] for name in services.NETWORK_FIELDS}}
            for f in networks.forms
            if f not in networks.deleted_forms and (f.instance.pk or f.has_changed())
        ]
        removed = [f.instance.pk for f in networks.deleted_forms if f.instance.pk]
        try:
            services.definition_save(
                actor=request.user,
                community=community,
                objectives=objectives_form.objectives(),
                networks=kept,
                removed_networks=removed,
                **{name: form.cleaned_data[name] for name in DefinitionForm.Meta.fields},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The objectives and scope are saved."))
            return redirect("definition:scope", community.slug)
    return render(
        request,
        "definition/scope_form.html",
        _page(
            request,
            community,
            section="scope",
            form=form,
            objectives_form=objectives_form,
            networks=networks,
        ),
    )
