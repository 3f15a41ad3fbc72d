"""The evaluations' pages: the list, one evaluation in steps, and the core team's forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.documents import DOCX_TYPE, ODT_TYPE
from terreau.core.forms import add_errors
from terreau.launch import permissions as launch_permissions

from . import document as evaluation_document
from . import permissions as evaluation_permissions
from . import selectors, services
from .forms import AssessmentForm, ConcludeForm, InterviewForm, RenewalItemForm
from .models import AXIS_HELP, Axis, Evaluation, Interview, RenewalItem

VIEW = evaluation_permissions.VIEW
MANAGE = evaluation_permissions.MANAGE


def _page(request, community, **extra):
    return community_context(
        request,
        community,
        tab="workspace",
        can_work=permissions.can(request.user, MANAGE, community),
        **extra,
    )


def _detail_url(evaluation: Evaluation, anchor: str = "") -> str:
    url = reverse("evaluations:detail", args=[evaluation.community.slug, evaluation.pk])
    return f"{url}#{anchor}" if anchor else url


def _readable(request, slug, pk):
    """The community and the evaluation as the person may read it; else the one refusal."""
    community = permissions.community_for(request.user, slug, VIEW)
    evaluation = selectors.evaluation_for(request.user, community, pk)
    if evaluation is None:
        permissions.refuse(request.user, community, readable=False)
    return community, evaluation


def _managed(request, slug, pk):
    community = permissions.community_for(request.user, slug, MANAGE)
    return community, get_object_or_404(Evaluation.objects.select_related("community"), pk=pk, community=community)


def _failed(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_GET
def evaluation_list(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    return render(
        request,
        "evaluations/list.html",
        _page(request, community, listing=selectors.evaluations_for(request.user, community)),
    )


@require_GET
def detail(request, slug, pk):
    community, evaluation = _readable(request, slug, pk)
    can_work = permissions.can(request.user, MANAGE, community)
    open_ = can_work and not evaluation.is_concluded
    mine = permissions.membership(request.user, community)
    return render(
        request,
        "evaluations/detail.html",
        _page(
            request,
            community,
            evaluation=evaluation,
            figures=selectors.figures(evaluation),
            surveys=selectors.survey_summaries(evaluation),
            interviews=list(evaluation.interviews.all()),
            plan=selectors.renewal_plan(evaluation),
            visible_actions=selectors.visible_action_ids(request.user, community, evaluation),
            may_read_notes=evaluation_permissions.may_read_notes(request.user, community),
            can_edit=open_,
            can_make_actions=can_work
            and permissions.can(request.user, launch_permissions.ACTIONS_EDIT, community)
            and evaluation.status != Evaluation.Status.PLANNED,
            interview_form=InterviewForm(
                community=community,
                initial={"interviewer": mine, "held_on": selectors.today_in(community)},
                auto_id="interview_%s",
            )
            if open_
            else None,
            item_form=RenewalItemForm(community=community, auto_id="item_%s") if open_ else None,
        ),
    )


@require_POST
def start(request, slug, pk):
    community, evaluation = _managed(request, slug, pk)
    try:
        services.evaluation_start(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        _failed(request, error)
    else:
        messages.success(request, _("The evaluation has started."))
    return redirect(_detail_url(evaluation))


# Interviews ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def interview_edit(request, slug, pk, interview=None):
    community, evaluation = _managed(request, slug, pk)
    found = (
        get_object_or_404(Interview, pk=interview, evaluation=evaluation)
        if interview
        else Interview(evaluation=evaluation)
    )
    initial = {} if interview else {"interviewer": permissions.membership(request.user, community)}
    form = InterviewForm(request.POST or None, instance=found, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_save(actor=request.user, interview=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The interview is recorded."))
            return redirect(_detail_url(evaluation, "interviews"))
    return render(
        request, "evaluations/interview_form.html", _page(request, community, evaluation=evaluation, form=form)
    )


@require_POST
def interview_delete(request, slug, pk, interview):
    community, evaluation = _managed(request, slug, pk)
    found = get_object_or_404(Interview, pk=interview, evaluation=evaluation)
    try:
        services.interview_delete(actor=request.user, interview=found)
    except ValidationError as error:
        _failed(request, error)
    else:
        messages.success(request, _("The interview is removed."))
    return redirect(_detail_url(evaluation, "interviews"))


# Assessment ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment(request, slug, pk):
    community, evaluation = _managed(request, slug, pk)
    form = AssessmentForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=request.user,
                evaluation=evaluation,
                version=form.cleaned_data.get("version") or 0,
                **form.values(),
            )
        except services.StaleEdit as error:
            add_errors(form, error)
            # What was typed stays; sent again, it is saved over the other change, knowingly.
            form.data = form.data.copy()
            form.data["version"] = str(Evaluation.objects.get(pk=evaluation.pk).version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect(_detail_url(evaluation, "assessment"))
    axes = [
        {"label": axis.label, "help": AXIS_HELP[axis], "text": form[axis.value], "rating": form[f"{axis.value}_rating"]}
        for axis in Axis
    ]
    return render(
        request,
        "evaluations/assessment_form.html",
        _page(request, community, evaluation=evaluation, form=form, axes=axes),
    )


# Renewal plan --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def renewal_edit(request, slug, pk, item=None):
    community, evaluation = _managed(request, slug, pk)
    found = (
        get_object_or_404(RenewalItem, pk=item, evaluation=evaluation) if item else RenewalItem(evaluation=evaluation)
    )
    form = RenewalItemForm(request.POST or None, instance=found, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.renewal_item_save(actor=request.user, item=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The renewal plan is saved."))
            return redirect(_detail_url(evaluation, f"item-{found.pk}"))
    return render(
        request,
        "evaluations/renewal_form.html",
        _page(request, community, evaluation=evaluation, form=form, item=found),
    )


@require_POST
def renewal_delete(request, slug, pk, item):
    community, evaluation = _managed(request, slug, pk)
    found = get_object_or_404(RenewalItem, pk=item, evaluation=evaluation)
    try:
        services.renewal_item_delete(actor=request.user, item=found)
    except ValidationError as error:
        _failed(request, error)
    else:
        messages.success(request, _("The item is removed from the renewal plan."))
    return redirect(_detail_url(evaluation, "renewal"))


@require_POST
def renewal_action(request, slug, pk, item):
    """The item becomes an action of the action plan."""
    community, evaluation = _managed(request, slug, pk)
    found = get_object_or_404(RenewalItem.objects.select_related("owner"), pk=item, evaluation=evaluation)
    try:
        action = services.renewal_item_to_action(actor=request.user, item=found)
    except ValidationError as error:
        _failed(request, error)
    else:
        messages.success(
            request, _("The item is now an action of the action plan: %(title)s.") % {"title": action.title}
        )
    return redirect(_detail_url(evaluation, f"item-{found.pk}"))


# Conclude, reopen, download ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def conclude(request, slug, pk):
    community, evaluation = _managed(request, slug, pk)
    form = ConcludeForm(
        request.POST or None, initial={"visibility": evaluation.visibility, "version": evaluation.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_conclude(
                actor=request.user,
                evaluation=evaluation,
                version=form.cleaned_data.get("version") or 0,
                visibility=form.cleaned_data["visibility"],
            )
        except services.StaleEdit as error:
            add_errors(form, error)
            form.data = form.data.copy()
            form.data["version"] = str(Evaluation.objects.get(pk=evaluation.pk).version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The evaluation is concluded."))
            return redirect(_detail_url(evaluation))
    return render(request, "evaluations/conclude.html", _page(request, community, evaluation=evaluation, form=form))


@require_POST
def reopen(request, slug, pk):
    community, evaluation = _managed(request, slug, pk)
    try:
        services.evaluation_reopen(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        _failed(request, error)
    else:
        messages.success(request, _("The evaluation is open again."))
    return redirect(_detail_url(evaluation))


@require_GET
def download(request, slug, pk, format):
    community, evaluation = _readable(request, slug, pk)
    if format not in ("odt", "docx"):
        raise Http404
    doc = evaluation_document.document(evaluation, notes=evaluation_permissions.may_read_notes(request.user, community))
    content, content_type = (doc.odt(), ODT_TYPE) if format == "odt" else (doc.docx(), DOCX_TYPE)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{evaluation_document.filename(evaluation, format)}"'
    return response
