from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.models import Phase
from terreau.core.forms import add_errors

from . import permissions as lifecycle_permissions
from . import selectors, services
from .forms import AnswerForm
from .models import Answer
from .questions import BY_KEY, ORDER, WORK_PHASES


@require_GET
def workspace(request, slug):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.VIEW)
    phases = selectors.workspace(community, request.user)
    position = ORDER.index(community.phase)
    return render(
        request,
        "lifecycle/workspace.html",
        community_context(
            request,
            community,
            tab="workspace",
            phases=phases,
            current=next((p for p in phases if p.phase == community.phase), None),
            next_phase=Phase(ORDER[position + 1]).label if position + 1 < len(ORDER) else None,
            next_is_closed=position + 1 < len(ORDER) and ORDER[position + 1] == Phase.CLOSED,
            history=selectors.phase_history(community)[:10],
            can_edit=permissions.can(request.user, lifecycle_permissions.MOVE_PHASE, community),
        ),
    )


@require_GET
def phase(request, slug, phase):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.VIEW)
    if phase not in WORK_PHASES:
        raise Http404
    progress = next(p for p in selectors.workspace(community, request.user) if p.phase == phase)
    return render(
        request,
        "lifecycle/phase.html",
        community_context(
            request,
            community,
            tab="workspace",
            progress=progress,
            can_edit=permissions.can(request.user, lifecycle_permissions.ANSWER, community),
        ),
    )


@require_http_methods(["GET", "POST"])
def answer(request, slug, question):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.ANSWER)
    found = BY_KEY.get(question)
    if found is None:
        raise Http404
    instance = Answer.objects.filter(community=community, question=question).first()
    form = AnswerForm(
        request.POST or None, instance=instance, community=community, written_in_tool=found.written_in_tool
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_save(
                actor=request.user, community=community, question=question, **{"text": "", **form.cleaned_data}
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(f"{_phase_url(community, found.phase)}#q-{question}")
    return render(
        request,
        "lifecycle/answer_form.html",
        community_context(
            request,
            community,
            tab="workspace",
            question=found,
            form=form,
            phase_label=Phase(found.phase).label,
            tool_url=selectors.tool_url(found, community),
        ),
    )


def _phase_url(community, phase):
    from django.urls import reverse

    return reverse("lifecycle:phase", args=[community.slug, phase])


@require_POST
def advance(request, slug):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.MOVE_PHASE)
    try:
        change = services.phase_advance(actor=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The community moves to the phase “%(phase)s”.") % {"phase": change.get_to_phase_display()}
        )
    return redirect("lifecycle:workspace", community.slug)


@require_POST
def undo(request, slug):
    community = permissions.community_for(request.user, slug, lifecycle_permissions.MOVE_PHASE)
    try:
        change = services.phase_undo(actor=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Back to the phase “%(phase)s”.") % {"phase": change.get_to_phase_display()})
    return redirect("lifecycle:workspace", community.slug)
