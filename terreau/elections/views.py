"""The pages of the election without candidates. Thin: permissions in permissions.py, writes in services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.circles.services import core_team_circle
from terreau.communities.context import community_context
from terreau.core.forms import add_errors, object_id

from . import permissions as election_permissions
from . import selectors
from .forms import AnswerForm, ElectionForm, NominationForm, ProposalForm
from .models import Election, Phase, Round
from .services import elections as services

PAGE_SIZE = 30


def _page(request, community, **extra):
    # The elections fill the who-does-what's roles: its tab stays the current one.
    return community_context(request, community, tab="roles", **extra)


def _election_or_404(request, community, pk) -> Election:
    found = object_id(pk)
    election = None
    if found is not None:
        election = selectors.election_for(election_permissions.elections_visible_to(request.user, community), found)
    if election is None:
        raise Http404
    return election


@require_GET
def election_list(request, slug):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    elections = selectors.election_list(election_permissions.elections_visible_to(request.user, community))
    return render(
        request,
        "elections/election_list.html",
        _page(
            request,
            community,
            elections=Paginator(elections, PAGE_SIZE).get_page(request.GET.get("page")),
            can_start=permissions.can(request.user, election_permissions.START, community),
        ),
    )


@require_http_methods(["GET", "POST"])
def election_create(request, slug):
    community = permissions.community_for(request.user, slug, election_permissions.START)
    core_team_circle(community)  # the core team takes part by default: its circle exists
    me = permissions.membership(request.user, community)
    initial = {"circle": core_team_circle(community), "facilitator": me, "term_months": 12}
    form = ElectionForm(request.POST or None, community=community, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = services.election_create(
                actor=request.user,
                community=community,
                subject=data["subject"],
                role=data["role"],
                circle=data["circle"],
                description=data["description"],
                term_months=data["term_months"],
                facilitator=data["facilitator"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The election is set up. Open the nominations when the participants are ready.")
            )
            return redirect("elections:detail", community.slug, election.pk)
    return render(request, "elections/election_form.html", _page(request, community, form=form))


def _detail_context(request, community, election, **forms):
    user = request.user
    me = permissions.membership(user, community)
    people = selectors.participants(election)
    participant_ids = {p.pk for p in people}
    is_participant = me is not None and me.pk in participant_ids and me.is_active
    may_facilitate = election_permissions.may_facilitate(user, community, election)
    frozen = permissions.is_closed(community)
    mine = list(selectors.nominations_for(election, me).filter(nominator=me)) if me else []
    round_now = {Phase.NOMINATION: Round.NOMINATION, Phase.CHANGE: Round.CHANGE}.get(election.phase)
    turn = election.change_turn if round_now == Round.CHANGE else 0
    wrote_now = any(n.round == round_now and n.turn == turn for n in mine) if round_now else False
    proposal = selectors.open_proposal(election) if election.phase == Phase.CONSENT else None
    answered = {a.membership_id for a in proposal.answers.all()} if proposal else set()
    waiting = services.others_waiting(proposal) if proposal else []
    is_nominee = proposal is not None and me is not None and proposal.nominee_id == me.pk
    may_answer = (
        proposal is not None
        and me is not None
        and me.pk not in answered
        and ((is_participant and not is_nominee) or (is_nominee and not waiting))
    )
    may_nominate = is_participant and round_now is not None and not wrote_now and not frozen
    support = selectors.current_support(election)
    context = {
        "election": election,
        "participants": people,
        "is_participant": is_participant,
        "may_facilitate": may_facilitate and not frozen,
        "frozen": frozen,
        "my_nominations": mine,
        "may_nominate": may_nominate,
        "wrote_now": wrote_now,
        "nominated_ids": selectors.who_nominated(election, round_now, turn) if round_now else set(),
        "nominations": list(selectors.nominations_for(election, me)) if election.is_revealed else [],
        "support": support,
        "proposal": proposal,
        "waiting": waiting,
        "is_nominee": is_nominee,
        "may_answer": may_answer and not frozen,
        "answered_ids": answered,
        "proposals": list(selectors.proposals(election))
        if election.phase in (Phase.CONSENT, Phase.DONE, Phase.CHANGE, Phase.CANCELLED)
        else [],
        "steps": list(selectors.steps(election)),
        "has_objection": proposal is not None and any(a.choice == "object" for a in proposal.answers.all()),
        "Phase": Phase,
    }
    # A refused form comes back with what was typed, whatever the step now.
    if may_nominate or forms.get("nomination_form"):
        context["nomination_form"] = forms.get("nomination_form") or NominationForm(community=community)
    if may_answer or forms.get("answer_form"):
        context["answer_form"] = forms.get("answer_form") or AnswerForm(community=community)
    return context


@require_GET
def election_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    election = _election_or_404(request, community, pk)
    return render(
        request,
        "elections/election_detail.html",
        _page(request, community, **_detail_context(request, community, election)),
    )


def _live_context(request, community, election, **forms):
    context = _detail_context(request, community, election)
    people = context["participants"]
    active = [p for p in people if p.is_active]
    if election.phase in (Phase.NOMINATION, Phase.CHANGE):
        context["record_nomination"] = forms.get("nomination_form") or NominationForm(
            community=community, participants=[p for p in active if p.pk not in context["nominated_ids"]]
        )
    if context["proposal"] is not None:
        proposal = context["proposal"]
        pending = [p for p in active if p.pk not in context["answered_ids"] and p.pk != proposal.nominee_id]
        if not pending and proposal.nominee_id not in context["answered_ids"]:
            pending = [proposal.nominee]
        if pending:
            context["record_answer"] = forms.get("answer_form") or AnswerForm(community=community, participants=pending)
    if election.phase == Phase.PROPOSAL or (election.phase == Phase.CONSENT and context["has_objection"]):
        support = context["support"]
        initial = {}
        if support:
            top = support[0]
            initial = {"nominee": top.nominee, "reason": "\n".join(n.reason for n in top.nominations)}
        context["proposal_form"] = forms.get("proposal_form") or ProposalForm(community=community, initial=initial)
    return context


@require_GET
def election_live(request, slug, pk):
    """The facilitator's page for a meeting: the rounds, recording for the people present."""
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    election = _election_or_404(request, community, pk)
    election_permissions.require_facilitate(request.user, community, election)
    return render(
        request,
        "elections/election_live.html",
        _page(request, community, **_live_context(request, community, election)),
    )


def _back(request, community, election):
    if request.POST.get("from") == "live":
        return redirect("elections:live", community.slug, election.pk)
    return redirect("elections:detail", community.slug, election.pk)


def _failed(request, community, election, error, **forms):
    """The page again, with what was typed and why it was refused (409 when someone moved it on)."""
    fresh = Election.objects.select_related("community", "role", "circle", "facilitator__user", "elected__user").get(
        pk=election.pk
    )
    status = 409 if isinstance(error, services.Conflict) else 200
    if not forms:
        messages.error(request, " ".join(error.messages))
    live = request.POST.get("from") == "live" and election_permissions.may_facilitate(request.user, community, fresh)
    if live:
        context = _live_context(request, community, fresh, **forms)
        template = "elections/election_live.html"
    else:
        context = _detail_context(request, community, fresh, **forms)
        template = "elections/election_detail.html"
    return render(request, template, _page(request, community, **context), status=status)


def _version(request) -> int:
    found = object_id(request.POST.get("version", ""))
    return found or 0


@require_POST
def election_move(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    permissions.require_open(request.user, community)  # a closed community takes no write
    election = _election_or_404(request, community, pk)
    election_permissions.require_facilitate(request.user, community, election)
    move = request.POST.get("move", "")
    reason = request.POST.get("reason", "")[:2000]
    try:
        if move == "cancel":
            services.election_cancel(actor=request.user, election=election, version=_version(request), reason=reason)
        elif move == "go_back":
            services.go_back(actor=request.user, election=election, version=_version(request), reason=reason)
        else:
            services.election_move(actor=request.user, election=election, version=_version(request), move=move)
    except ValidationError as error:
        return _failed(request, community, election, error)
    messages.success(request, _("Done: the election is at its next step."))
    return _back(request, community, election)


@require_POST
def election_nominate(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    permissions.require_open(request.user, community)
    election = _election_or_404(request, community, pk)
    live = "for_member" in request.POST
    people = selectors.participants(election) if live else None
    form = NominationForm(request.POST, community=community, participants=people)
    if form.is_valid():
        try:
            services.nominate(
                actor=request.user,
                election=election,
                nominee=form.cleaned_data["nominee"],
                reason=form.cleaned_data["reason"],
                for_member=form.cleaned_data.get("for_member"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # Never whom: the page after a nomination must not show it to a facilitator recording it.
            messages.success(request, _("The nomination is written. It stays secret until the reveal."))
            return _back(request, community, election)
    return _failed(request, community, election, ValidationError(""), nomination_form=form)


@require_POST
def election_propose(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    permissions.require_open(request.user, community)
    election = _election_or_404(request, community, pk)
    election_permissions.require_facilitate(request.user, community, election)
    form = ProposalForm(request.POST, community=community)
    if form.is_valid():
        try:
            services.propose(
                actor=request.user,
                election=election,
                version=_version(request),
                nominee=form.cleaned_data["nominee"],
                reason=form.cleaned_data["reason"],
            )
        except services.Conflict as error:
            return _failed(request, community, election, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The proposal is made: the consent round is open."))
            return _back(request, community, election)
    return _failed(request, community, election, ValidationError(""), proposal_form=form)


@require_POST
def election_answer(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.VIEW)
    permissions.require_open(request.user, community)
    election = _election_or_404(request, community, pk)
    live = "for_member" in request.POST
    people = selectors.participants(election) + [p.nominee for p in election.proposals.all()] if live else None
    form = AnswerForm(request.POST, community=community, participants=people)
    if form.is_valid():
        try:
            services.answer(
                actor=request.user,
                election=election,
                choice=form.cleaned_data["choice"],
                reason=form.cleaned_data["reason"],
                for_member=form.cleaned_data.get("for_member"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The answer is recorded."))
            return _back(request, community, election)
    return _failed(request, community, election, ValidationError(""), answer_form=form)
