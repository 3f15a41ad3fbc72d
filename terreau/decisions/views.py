"""Pages of decisions by consent: the log, the proposals, a proposal and its rounds, the live mode
of a meeting, the tensions. Every step is a plain form post, so everything works without script."""

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.models import Membership
from terreau.core import csv
from terreau.core.forms import add_errors
from terreau.core.text import as_id

from . import permissions as decision_permissions
from . import selectors, services
from .forms import AmendForm, LogFilter, ProposalForm, SayForm, TensionForm, circles_for, end_of_day
from .models import Proposal, Question, Response, State, Tension

LOG_PAGE = 20
LIST_PAGE = 25


def _page(request, community, template, status=200, **extra):
    return render(
        request,
        f"decisions/{template}",
        community_context(request, community, tab="decisions", **extra),
        status=status,
    )


def _proposal_or_404(request, community, pk) -> Proposal:
    proposal = Proposal.objects.filter(community=community, pk=pk).select_related("circle", "proposer").first()
    if proposal is None:
        permissions.refuse(request.user, community, readable=False)
    decision_permissions.require_read(request.user, community, proposal)
    return proposal


def _version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# The decision log -----------------------------------------------------------------------------


@require_GET
def decision_log(request, slug):
    community = permissions.community_for(request.user, slug)
    form = LogFilter(request.GET or None, community=community, user=request.user)
    circle = theme = None
    if form.is_bound and form.is_valid():
        circle, theme = form.cleaned_data["circle"], form.cleaned_data["theme"]
    decisions = selectors.decision_log(request.user, community, circle=circle, theme=theme)
    page = Paginator(decisions, LOG_PAGE).get_page(request.GET.get("page"))
    rows = [{"decision": decision, "took_part": selectors.took_part(decision)} for decision in page.object_list]
    return _page(
        request,
        community,
        "log.html",
        form=form,
        page=page,
        rows=rows,
        can_view=permissions.can(request.user, decision_permissions.VIEW, community),
        can_propose=permissions.can(request.user, decision_permissions.PROPOSE, community),
    )


@require_GET
def decision_log_csv(request, slug):
    community = permissions.community_for(request.user, slug)
    decisions = selectors.decision_log(request.user, community)
    zone = ZoneInfo(community.time_zone)

    def rows():
        yield [_("Adopted on"), _("Circle"), _("Title"), _("Decision"), _("Took part"), _("Review date"), _("Themes")]
        for decision in decisions.iterator(chunk_size=200):
            yield [
                timezone.localtime(decision.decided_at, zone).date().isoformat() if decision.decided_at else "",
                decision.circle.display_name,
                decision.title,
                decision.text,
                ", ".join(selectors.took_part(decision)),
                decision.review_on.isoformat() if decision.review_on else "",
                ", ".join(theme.name for theme in decision.themes.all()),
            ]

    return csv.streaming_response(f"decisions-{community.slug}.csv", rows())


# Proposals ------------------------------------------------------------------------------------


@require_GET
def proposal_list(request, slug):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    page = Paginator(selectors.proposals_for(request.user, community), LIST_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        community,
        "proposal_list.html",
        page=page,
        can_propose=permissions.can(request.user, decision_permissions.PROPOSE, community),
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request, slug):
    community = permissions.community_for(request.user, slug, decision_permissions.PROPOSE)
    tension = None
    tension_id = request.POST.get("tension") or request.GET.get("tension")
    if as_id(tension_id) is not None:
        tension = (
            _visible_tensions(request.user, community).filter(pk=as_id(tension_id), status=Tension.Status.OPEN).first()
        )
    initial = {}
    if tension is not None:
        initial = {
            "title": tension.title,
            "circle": tension.circle_id,
            "text": _("Tension: %(text)s\n\nProposal: ") % {"text": tension.text},
        }
    form = ProposalForm(request.POST or None, community=community, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                community=community,
                actor=request.user,
                circle=data["circle"],
                title=data["title"],
                text=data["text"],
                deadline=form.deadline_at(),
                review_on=data["review_on"],
                themes=data["themes"],
                visibility=data["visibility"],
                tension=tension,
            )
            if "open" in request.POST:
                services.proposal_open(proposal=proposal, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your proposal is open to the circle: its members may now ask their questions.")
                if proposal.state == State.CLARIFYING
                else _("Your proposal is saved as a draft. Open it to the circle when it is ready."),
            )
            return redirect(proposal)
    return _page(request, community, "proposal_form.html", form=form, tension=tension)


@require_GET
def proposal_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    proposal = _proposal_or_404(request, community, pk)
    user = request.user
    me = services.participant_of(proposal, user)
    board = selectors.board(proposal)
    my_seat = next((seat for seat in board.seats if me is not None and seat.membership.pk == me.pk), None)
    return _page(
        request,
        community,
        "proposal_detail.html",
        proposal=proposal,
        board=board,
        me=me,
        my_seat=my_seat,
        questions=list(proposal.questions.select_related("asker")),
        steps=list(proposal.steps.select_related("actor")),
        revisions=list(proposal.revisions.all()),
        themes=list(proposal.themes.all()),
        is_proposer=user.is_authenticated and proposal.proposer_id == user.pk,
        may_steer=services.may_steer(user, proposal),
        may_facilitate=permissions.can(user, decision_permissions.FACILITATE, community),
        deadline_passed=timezone.now() >= proposal.deadline,
        closed=community.phase == "closed",
    )


STEPS = {
    "open": services.proposal_open,
    "reactions": services.reactions_open,
    "close": services.round_close,
    "keep": services.keep,
}


@require_POST
def proposal_step(request, slug, pk):
    """One button of the proposal's page: open it, open the reactions, close a round, keep the text, withdraw."""
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)  # before anything: a closed community takes no write
    proposal = _proposal_or_404(request, community, pk)
    action = request.POST.get("action", "")
    try:
        if action == "deadline":
            try:
                day = date.fromisoformat(request.POST.get("deadline", ""))
            except ValueError:
                raise ValidationError(_("Choose a deadline in the future.")) from None
            services.deadline_move(
                proposal=proposal, actor=request.user, deadline=end_of_day(community, day), version=_version(request)
            )
            messages.success(request, _("The deadline is moved."))
        elif action == "withdraw":
            services.withdraw(
                proposal=proposal, actor=request.user, note=request.POST.get("note", ""), version=_version(request)
            )
        elif action in STEPS:
            STEPS[action](proposal=proposal, actor=request.user, version=_version(request))
        else:
            raise ValidationError(_("Unknown step."))
    except ValidationError as error:
        _refused(request, error)
    return redirect(request.POST.get("next") == "live" and "decisions:live" or "decisions:proposal", community.slug, pk)


@require_POST
def proposal_respond(request, slug, pk):
    """A reaction, consent or objection: one's own, or written down by a facilitator in a meeting."""
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)
    proposal = _proposal_or_404(request, community, pk)
    form = SayForm(request.POST)
    live = request.POST.get("next") == "live"
    if form.is_valid():
        on_behalf = None
        if form.cleaned_data["membership"]:
            on_behalf = Membership.objects.filter(community=community, pk=form.cleaned_data["membership"]).first()
            if on_behalf is None:
                raise Http404
        try:
            services.respond(
                proposal=proposal,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                for_membership=on_behalf,
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Written down."))
    else:
        messages.error(request, _("Choose consent or objection."))
    return redirect("decisions:live" if live else "decisions:proposal", community.slug, pk)


@require_POST
def proposal_ask(request, slug, pk):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)
    proposal = _proposal_or_404(request, community, pk)
    try:
        services.question_ask(proposal=proposal, actor=request.user, text=request.POST.get("text", ""))
    except ValidationError as error:
        _refused(request, error)
    return redirect("decisions:proposal", community.slug, pk)


@require_POST
def question_answer(request, slug, pk):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)
    question = Question.objects.filter(proposal__community=community, pk=pk).select_related("proposal").first()
    if question is None:
        raise Http404
    decision_permissions.require_read(request.user, community, question.proposal)
    try:
        services.question_answer(question=question, actor=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        _refused(request, error)
    return redirect("decisions:proposal", community.slug, question.proposal_id)


@require_http_methods(["GET", "POST"])
def proposal_amend(request, slug, pk):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    proposal = _proposal_or_404(request, community, pk)
    if proposal.proposer_id != request.user.pk:
        permissions.refuse(request.user, community, readable=True, reason=_("Only the proposer amends the text."))
    objections = []
    if proposal.state == State.INTEGRATING:
        objections = list(services.blocking_objections(proposal).select_related("membership__user"))
    form = AmendForm(
        request.POST or None,
        objections=objections,
        initial={"title": proposal.title, "text": proposal.text, "version": proposal.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.amend(
                proposal=proposal,
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                integrated=form.cleaned_data.get("integrated") or [],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The new text is saved; the former one stays in the proposal's history."))
            return redirect("decisions:proposal", community.slug, pk)
    if proposal.state not in (State.AMENDMENT, State.INTEGRATING) and not form.errors:
        messages.info(request, _("The text is amended after the reactions, or to integrate objections."))
        return redirect("decisions:proposal", community.slug, pk)
    return _page(request, community, "proposal_amend.html", proposal=proposal, form=form, objections=objections)


@require_POST
def objection_withdraw(request, slug, pk):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)
    objection = (
        Response.objects.filter(proposal__community=community, pk=pk, kind=Response.Kind.OBJECTION)
        .select_related("proposal")
        .first()
    )
    if objection is None:
        raise Http404
    decision_permissions.require_read(request.user, community, objection.proposal)
    try:
        services.objection_withdraw(objection=objection, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The objection is withdrawn."))
    target = "decisions:live" if request.POST.get("next") == "live" else "decisions:proposal"
    return redirect(target, community.slug, objection.proposal_id)


@require_GET
def proposal_live(request, slug, pk):
    """The facilitator's page in a meeting: each participant's say written down in one click."""
    community = permissions.community_for(request.user, slug, decision_permissions.FACILITATE)
    proposal = _proposal_or_404(request, community, pk)
    return _page(
        request,
        community,
        "proposal_live.html",
        proposal=proposal,
        board=selectors.board(proposal),
        questions=list(proposal.questions.select_related("asker")),
        deadline_passed=timezone.now() >= proposal.deadline,
    )


# Tensions -------------------------------------------------------------------------------------


def _visible_tensions(user, community):
    return selectors.tensions_for(community).filter(circle__visibility__in=permissions.visibilities(user, community))


@require_GET
def tension_list(request, slug):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    page = Paginator(_visible_tensions(request.user, community), LIST_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        community,
        "tension_list.html",
        page=page,
        can_propose=permissions.can(request.user, decision_permissions.PROPOSE, community),
        may_facilitate=permissions.can(request.user, decision_permissions.FACILITATE, community),
    )


@require_http_methods(["GET", "POST"])
def tension_create(request, slug):
    community = permissions.community_for(request.user, slug, decision_permissions.PROPOSE)
    form = TensionForm(request.POST or None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.tension_raise(
                community=community,
                actor=request.user,
                circle=form.cleaned_data["circle"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your tension is raised: the circle sees it in its list."))
            return redirect("decisions:tensions", community.slug)
    return _page(
        request, community, "tension_form.html", form=form, no_circle=not circles_for(request.user, community).exists()
    )


@require_POST
def tension_close(request, slug, pk):
    community = permissions.community_for(request.user, slug, decision_permissions.VIEW)
    permissions.require_open(request.user, community)
    tension = _visible_tensions(request.user, community).filter(pk=pk).first()
    if tension is None:
        raise Http404
    try:
        services.tension_close(tension=tension, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The tension is closed."))
    return redirect("decisions:tensions", community.slug)
