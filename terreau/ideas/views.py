"""The idea box: the list, an idea's page, proposing and editing, supporting, and the core team's
answer; an idea taken up is carried on as an action or a proposal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.comments import selectors as comment_selectors
from terreau.communities.context import community_context
from terreau.core.forms import add_errors

from . import permissions as idea_permissions
from . import selectors, services
from .forms import AnswerForm, IdeaFilterForm, IdeaForm
from .models import Idea

PAGE_SIZE = 20


def _page(request, community, **extra):
    return community_context(
        request,
        community,
        tab="ideas",
        can_propose=permissions.can(request.user, idea_permissions.PROPOSE, community),
        can_answer=permissions.can(request.user, idea_permissions.ANSWER, community),
        can_support=permissions.can(request.user, idea_permissions.SUPPORT, community),
        **extra,
    )


@require_GET
def idea_list(request, slug):
    community = permissions.community_for(request.user, slug)
    form = IdeaFilterForm(request.GET or None, community=community)
    filters = form.values()
    page = Paginator(selectors.ideas(request.user, community, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    comments = comment_selectors.counts(community, "idea", [idea.pk for idea in page.object_list])
    for idea in page.object_list:
        idea.comments_count = comments.get(idea.pk, 0)
    return render(
        request,
        "ideas/idea_list.html",
        _page(
            request,
            community,
            form=form,
            page=page,
            filtered=bool(filters["status"] or filters["theme"]),
            counts=[
                (value, label, counted.get(value, 0))
                for counted in [selectors.status_counts(request.user, community)]
                for value, label in Idea.Status.choices
            ],
        ),
    )


@require_http_methods(["GET", "POST"])
def idea_create(request, slug):
    community = permissions.community_for(request.user, slug, idea_permissions.PROPOSE)
    form = IdeaForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_propose(
                actor=request.user,
                community=community,
                title=data["title"],
                text=data["text"],
                theme=data["theme"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your idea is in the idea box."))
            return redirect(idea.get_absolute_url())
    return render(request, "ideas/idea_form.html", _page(request, community, form=form, idea=None))


@require_GET
def idea_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    idea = idea_permissions.idea_for(request.user, community, pk)
    return _detail(request, community, idea)


def _detail(request, community, idea, answer_form=None, status=200):
    user = request.user
    return render(
        request,
        "ideas/idea_detail.html",
        _page(
            request,
            community,
            idea=idea,
            can_edit=idea_permissions.can_edit(user, community, idea),
            can_delete=idea_permissions.can_delete(user, community, idea),
            answer_form=answer_form
            or AnswerForm(initial={"status": idea.status if idea.is_answered else "", "answer": idea.answer}),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def idea_edit(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    idea = idea_permissions.idea_for(request.user, community, pk)
    idea_permissions.require_edit(request.user, community, idea)
    form = IdeaForm(request.POST or None, instance=idea, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_update(
                actor=request.user,
                idea=idea,
                title=data["title"],
                text=data["text"],
                theme=data["theme"],
                visibility=data["visibility"],
                version=data.get("version") or 0,
            )
        except services.StaleEdit as error:
            add_errors(form, error)
            form.data = form.data.copy()
            form.data["version"] = str(Idea.objects.get(pk=idea.pk).version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The idea is saved."))
            return redirect(idea.get_absolute_url())
    return render(request, "ideas/idea_form.html", _page(request, community, form=form, idea=idea))


@require_POST
def idea_delete(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    idea = idea_permissions.idea_for(request.user, community, pk)
    services.idea_delete(actor=request.user, idea=idea)
    messages.success(request, _("The idea %(title)s is deleted.") % {"title": idea.title})
    return redirect("ideas:list", community.slug)


@require_POST
def support(request, slug, pk):
    community = permissions.community_for(request.user, slug, idea_permissions.SUPPORT)
    idea = idea_permissions.idea_for(request.user, community, pk)
    if services.support_toggle(actor=request.user, idea=idea):
        messages.success(request, _("You support the idea %(title)s.") % {"title": idea.title})
    else:
        messages.success(request, _("You no longer support the idea %(title)s.") % {"title": idea.title})
    back = request.POST.get("next", "")
    list_url = reverse("ideas:list", args=[community.slug])
    # Back to the list (with its filters) or to the idea: never elsewhere.
    if back.partition("?")[0] == list_url:
        return redirect(f"{back}#idea-{idea.pk}" if "#" not in back else back)
    return redirect(idea.get_absolute_url())


@require_POST
def answer(request, slug, pk):
    community = permissions.community_for(request.user, slug, idea_permissions.ANSWER)
    idea = idea_permissions.idea_for(request.user, community, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.idea_answer(
                actor=request.user, idea=idea, status=form.cleaned_data["status"], answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your answer is on the idea; the proposer and the supporters are told."))
            return redirect(idea.get_absolute_url())
    idea = idea_permissions.idea_for(request.user, community, pk)
    return _detail(request, community, idea, answer_form=form)


@require_POST
def to_action(request, slug, pk):
    community = permissions.community_for(request.user, slug, idea_permissions.ANSWER)
    idea = idea_permissions.idea_for(request.user, community, pk)
    try:
        action = services.idea_to_action(actor=request.user, idea=idea)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(idea.get_absolute_url())
    messages.success(request, _("The idea is now an action of the action plan: give it owners and a due date."))
    return redirect("launch:action_edit", community.slug, action.pk)


@require_POST
def to_proposal(request, slug, pk):
    community = permissions.community_for(request.user, slug, idea_permissions.ANSWER)
    idea = idea_permissions.idea_for(request.user, community, pk)
    try:
        proposal = services.idea_to_proposal(actor=request.user, idea=idea)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(idea.get_absolute_url())
    messages.success(request, _("The idea is now a draft proposal: read it over, then open it to the circle."))
    return redirect(proposal.get_absolute_url())
