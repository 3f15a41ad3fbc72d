"""What moves a consent decision on, step by step, and what changes tensions.

Every step takes the proposal's row lock and, when it moves the proposal to another step, the
version the person's page showed: two facilitators pressing the same button, the second is told
where things stand instead of moving it twice. A step that does not belong to the current state
is refused with a sentence saying why; so is anything in a closed community.

Participants are the members of the proposal's circle, as they are now (`participants`): someone
who leaves the community mid-process no longer has a turn to wait for, and their open objection
no longer blocks the adoption (nobody could integrate it with them, nor could they withdraw it);
it stays in the record, shown as the objection of someone who left.

Rules of the rounds:
- reactions: each participant reacts once; the round closes by itself when everyone has, or
  when the proposer or a facilitator closes it (those who did not react simply did not).
- objections: each participant consents or objects once, before the deadline; an objection says
  how the proposal harms the community's aim. The round closes by itself when everyone has
  answered, or after the deadline, when the proposer or a facilitator closes it: silence until
  the deadline counts as consent (the participant had the whole round to object).
- integrating: the proposer amends the text and marks the objections it integrates; an objector
  may withdraw theirs. The proposal is adopted as soon as no objection remains.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.circles.models import Circle
from terreau.communities.models import Community, Membership, Phase, Theme
from terreau.core import events
from terreau.core.models import Visibility
from terreau.core.text import typed

from . import permissions as decision_permissions
from .models import (
    OPEN_STATES,
    Proposal,
    ProposalRevision,
    ProposalStep,
    Question,
    Response,
    State,
    Tension,
)

TITLE_MAX = 200
TEXT_MAX = 20000
SAY_MAX = 4000
REVIEW_REMINDER_DAYS = 14  # the circle is reminded this many days before a review date


class ProposalConflict(ValidationError):
    """The page the person acted from is older than the proposal: someone moved it on meanwhile."""


# Who takes part ------------------------------------------------------------------------------


def participants(circle: Circle) -> QuerySet[Membership]:
    """The active memberships whose say a proposal of `circle` waits for: the core-team members for
    the core team's circle (the memberships' flag is the one truth), the circle's members otherwise."""
    members = Membership.objects.filter(community_id=circle.community_id, status=Membership.Status.ACTIVE)
    if circle.is_core_team:
        return members.filter(is_core_team=True)
    return members.filter(circle_memberships__circle=circle)


def participant_of(proposal: Proposal, user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return participants(proposal.circle).filter(user=user).first()


def may_steer(user: User, proposal: Proposal) -> bool:
    """The proposer moves their proposal on; a facilitator (or the core team) may too, in a meeting."""
    return (user.is_authenticated and proposal.proposer_id == user.pk) or permissions.can(
        user, decision_permissions.FACILITATE, proposal.community
    )


def missing_turns(proposal: Proposal) -> QuerySet[Membership]:
    """The participants who have not said their word in the current round."""
    kinds = _round_kinds(proposal.state)
    if not kinds:
        return Membership.objects.none()
    said = Response.objects.filter(proposal=proposal, kind__in=kinds).values("membership_id")
    return participants(proposal.circle).exclude(pk__in=said).select_related("user").order_by("user__display_name")


def blocking_objections(proposal: Proposal) -> QuerySet[Response]:
    """Open objections of people still taking part."""
    return Response.objects.filter(proposal=proposal, kind=Response.Kind.OBJECTION, status=Response.Status.OPEN).filter(
        membership__in=participants(proposal.circle)
    )


def _round_kinds(state: str) -> list[str]:
    if state == State.REACTIONS:
        return [Response.Kind.REACTION]
    if state == State.OBJECTIONS:
        return [Response.Kind.CONSENT, Response.Kind.OBJECTION]
    return []


# Guards --------------------------------------------------------------------------------------


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends, with its community."""
    return Proposal.objects.select_for_update().select_related("community", "circle").get(pk=proposal.pk)


def _guard(actor: User, proposal: Proposal, *, states: Iterable[str], version: int | None = None) -> None:
    permissions.require_open(actor, proposal.community)  # its decisions stay as they are
    if version is not None and version != proposal.version:
        raise ProposalConflict(
            _("Someone moved this proposal on while you were reading it. Here is where it stands now.")
        )
    states = list(states)
    if proposal.state not in states:
        raise ValidationError(
            _("This cannot be done now: the proposal is at the step “%(step)s”.")
            % {"step": State(proposal.state).label}
        )


def _require_steer(actor: User, proposal: Proposal) -> None:
    if not may_steer(actor, proposal):
        permissions.refuse(
            actor,
            proposal.community,
            readable=decision_permissions.can_read(actor, proposal.community, proposal),
            reason=_("Only the proposer, a facilitator or the core team moves a proposal on."),
        )


def _before_deadline(proposal: Proposal) -> None:
    if timezone.now() >= proposal.deadline:
        raise ValidationError(_("The deadline of this proposal has passed: nothing more can be said in this round."))


def _step(proposal: Proposal, kind: str, actor: User | None, *, on_behalf_of: str = "", note: str = "") -> None:
    ProposalStep.objects.create(
        proposal=proposal, kind=kind, actor=actor, on_behalf_of=on_behalf_of, note=note[:500], at=timezone.now()
    )


def _move(proposal: Proposal, state: str, fields: Iterable[str] = ()) -> None:
    proposal.state = state
    proposal.version += 1
    proposal.save(update_fields=["state", "version", *fields])


def _announce_round(proposal: Proposal, actor: User | None) -> None:
    events.announce(
        events.DECISION_ROUND_OPENED,
        community=proposal.community,
        proposal=proposal,
        step=proposal.state,
        recipients=[membership.user for membership in participants(proposal.circle).select_related("user")],
        actor=actor,
        visibility=proposal.visibility,
        url=proposal.get_absolute_url(),
    )


def _clean_text(title: str, text: str) -> tuple[str, str]:
    title, text = typed(title), typed(text.replace("\r\n", "\n"))
    errors = {}
    if not title:
        errors["title"] = _("Give the proposal a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX}
    if not text:
        errors["text"] = _("Write what you propose.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Keep the text under %(max)s characters.") % {"max": f"{TEXT_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    return title, text


# The proposal's steps ------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    community: Community,
    actor: User,
    circle: Circle,
    title: str,
    text: str,
    deadline: datetime,
    review_on: date | None = None,
    themes: Iterable[Theme] = (),
    visibility: str = Visibility.MEMBERS,
    subject: str = "",
    tension: Tension | None = None,
) -> Proposal:
    """A draft proposal; its proposer opens it to the circle when ready (`proposal_open`)."""
    permissions.require_membership(actor, decision_permissions.PROPOSE, community)
    title, text = _clean_text(title, text)
    errors = {}
    if circle.community_id != community.pk or circle.closed_at is not None:
        errors["circle"] = _("Choose one of the community's circles.")
    if deadline <= timezone.now():
        errors["deadline"] = _("Choose a deadline in the future.")
    if review_on is not None and review_on <= timezone.localdate():
        errors["review_on"] = _("Choose a review date in the future, or none.")
    # Nobody writes what they could not read back: a member's proposal is at most the members'.
    if visibility not in permissions.visibilities(actor, community):
        errors["visibility"] = _("Choose who may read the decision.")
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        community=community,
        circle=circle,
        title=title,
        text=text,
        proposer=actor,
        deadline=deadline,
        review_on=review_on,
        visibility=visibility,
        subject=subject,
        tension=tension,
    )
    proposal.themes.set([theme for theme in themes if theme.community_id == community.pk])
    ProposalRevision.objects.create(proposal=proposal, number=1, title=title, text=text, author=actor)
    _step(proposal, ProposalStep.Kind.CREATED, actor)
    if tension is not None:
        Tension.objects.filter(pk=tension.pk).update(status=Tension.Status.PROPOSED)
    return proposal


@transaction.atomic
def proposal_open(*, proposal: Proposal, actor: User, version: int | None = None) -> Proposal:
    """draft → clarifying: the circle reads the proposal and asks its questions."""
    proposal = _locked(proposal)
    _require_steer(actor, proposal)
    _guard(actor, proposal, states=[State.DRAFT], version=version)
    _before_deadline(proposal)
    _move(proposal, State.CLARIFYING)
    _step(proposal, ProposalStep.Kind.OPENED, actor)
    _announce_round(proposal, actor)
    return proposal


@transaction.atomic
def question_ask(*, proposal: Proposal, actor: User, text: str) -> Question:
    proposal = _locked(proposal)
    _guard(actor, proposal, states=[State.CLARIFYING])
    _before_deadline(proposal)
    if participant_of(proposal, actor) is None and not may_steer(actor, proposal):
        permissions.refuse(
            actor, proposal.community, readable=True, reason=_("Only the circle's members take part in its decisions.")
        )
    text = typed(text)
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep your question under %(max)s characters.") % {"max": 2000}})
    question = Question.objects.create(proposal=proposal, asker=actor, text=text)
    _step(proposal, ProposalStep.Kind.ASKED, actor, note=text)
    return question


@transaction.atomic
def question_answer(*, question: Question, actor: User, answer: str) -> Question:
    proposal = _locked(question.proposal)
    if proposal.proposer_id != actor.pk:
        permissions.refuse(actor, proposal.community, readable=True, reason=_("The proposer answers the questions."))
    _guard(actor, proposal, states=[State.CLARIFYING])
    answer = typed(answer)
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    question.answer = answer[:4000]
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    _step(proposal, ProposalStep.Kind.ANSWERED, actor, note=answer)
    return question


@transaction.atomic
def reactions_open(*, proposal: Proposal, actor: User, version: int | None = None) -> Proposal:
    """clarifying → reactions, once every question has its answer."""
    proposal = _locked(proposal)
    _require_steer(actor, proposal)
    _guard(actor, proposal, states=[State.CLARIFYING], version=version)
    if proposal.questions.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("Some questions wait for the proposer's answer: answer them before the reactions."))
    _move(proposal, State.REACTIONS)
    _step(proposal, ProposalStep.Kind.REACTIONS, actor)
    _announce_round(proposal, actor)
    return proposal


@transaction.atomic
def respond(
    *,
    proposal: Proposal,
    actor: User,
    kind: str,
    text: str = "",
    for_membership: Membership | None = None,
) -> Response:
    """A participant's reaction (reactions round), consent or objection (objections round).

    `for_membership`: a facilitator writes it down in a meeting on that participant's behalf.
    The round closes by itself once every participant has said their word.
    """
    proposal = _locked(proposal)
    _guard(actor, proposal, states=[State.REACTIONS] if kind == Response.Kind.REACTION else [State.OBJECTIONS])
    if kind not in _round_kinds(proposal.state):
        raise ValidationError(_("Choose consent or objection."))
    _before_deadline(proposal)
    if for_membership is not None:
        if not permissions.can(actor, decision_permissions.FACILITATE, proposal.community):
            permissions.refuse(
                actor, proposal.community, readable=True, reason=_("Only a facilitator writes down someone's say.")
            )
        membership = participants(proposal.circle).filter(pk=for_membership.pk).select_related("user").first()
        if membership is None:
            raise ValidationError(_("This person does not take part in this circle's decisions."))
    else:
        membership = participant_of(proposal, actor)
        if membership is None:
            permissions.refuse(
                actor,
                proposal.community,
                readable=True,
                reason=_("Only the circle's members take part in its decisions."),
            )
    text = typed(text)
    if len(text) > SAY_MAX:
        raise ValidationError({"text": _("Keep it under %(max)s characters.") % {"max": f"{SAY_MAX:,}"}})
    if kind == Response.Kind.REACTION and not text:
        raise ValidationError({"text": _("Write your reaction (a sentence is enough).")})
    if kind == Response.Kind.OBJECTION and not text:
        raise ValidationError({"text": _("Say how the proposal would harm the community's aim: that is an objection.")})
    said = Response.objects.filter(proposal=proposal, membership=membership, kind__in=_round_kinds(proposal.state))
    if said.exists():
        raise ValidationError(_("%(name)s has already said their word in this round.") % {"name": membership.user})
    try:
        with transaction.atomic():
            response = Response.objects.create(
                proposal=proposal,
                membership=membership,
                kind=kind,
                text=text,
                recorded_by=actor if for_membership is not None else None,
            )
    except IntegrityError as error:  # pragma: no cover - the lock above makes it the exception
        raise ValidationError(_("This word was already said in this round.")) from error
    step_kinds: dict[str, str] = {
        Response.Kind.REACTION: ProposalStep.Kind.REACTED,
        Response.Kind.CONSENT: ProposalStep.Kind.CONSENTED,
        Response.Kind.OBJECTION: ProposalStep.Kind.OBJECTED,
    }
    step_kind = step_kinds[kind]
    _step(
        proposal,
        step_kind,
        actor,
        on_behalf_of=str(membership.user) if for_membership is not None else "",
    )
    if not missing_turns(proposal).exists():
        _close_round(proposal, None)  # closed by itself: nobody's doing
    return response


def _close_round(proposal: Proposal, actor: User | None) -> None:
    if proposal.state == State.REACTIONS:
        _move(proposal, State.AMENDMENT)
        _step(proposal, ProposalStep.Kind.AMENDMENT, actor)
    elif proposal.state == State.OBJECTIONS:
        if blocking_objections(proposal).exists():
            _move(proposal, State.INTEGRATING)
            _step(proposal, ProposalStep.Kind.INTEGRATING, actor)
        else:
            _adopt(proposal, actor)


@transaction.atomic
def round_close(*, proposal: Proposal, actor: User, version: int | None = None) -> Proposal:
    """Close the reactions round now, or the objections round once its deadline has passed."""
    proposal = _locked(proposal)
    _require_steer(actor, proposal)
    _guard(actor, proposal, states=[State.REACTIONS, State.OBJECTIONS], version=version)
    if proposal.state == State.OBJECTIONS and timezone.now() < proposal.deadline and missing_turns(proposal).exists():
        raise ValidationError(
            _("The round of objections closes when everyone has answered, or at the deadline: not before.")
        )
    _close_round(proposal, actor)
    return proposal


@transaction.atomic
def amend(
    *,
    proposal: Proposal,
    actor: User,
    title: str,
    text: str,
    note: str = "",
    integrated: Iterable[int] = (),
    version: int | None = None,
) -> Proposal:
    """The proposer's new text: after the reactions (then the objections round opens), or while
    integrating objections (`integrated`: the objections this text answers)."""
    proposal = _locked(proposal)
    if proposal.proposer_id != actor.pk:
        permissions.refuse(actor, proposal.community, readable=True, reason=_("Only the proposer amends the text."))
    _guard(actor, proposal, states=[State.AMENDMENT, State.INTEGRATING], version=version)
    title, text = _clean_text(title, text)
    integrated = set(integrated)
    if proposal.state == State.INTEGRATING and not integrated:
        raise ValidationError({"integrated": _("Tick the objections your new text integrates.")})
    number = proposal.revisions.count() + 1
    ProposalRevision.objects.create(
        proposal=proposal, number=number, title=title, text=text, note=typed(note)[:500], author=actor
    )
    proposal.title, proposal.text = title, text
    _step(proposal, ProposalStep.Kind.AMENDED, actor, note=note)
    if proposal.state == State.AMENDMENT:
        _move(proposal, State.OBJECTIONS, ["title", "text"])
        _step(proposal, ProposalStep.Kind.OBJECTIONS, actor)
        _announce_round(proposal, actor)
        return proposal
    proposal.version += 1
    proposal.save(update_fields=["title", "text", "version"])
    objections = Response.objects.filter(
        proposal=proposal, pk__in=integrated, kind=Response.Kind.OBJECTION, status=Response.Status.OPEN
    ).select_related("membership__user")
    for objection in objections:
        objection.status = Response.Status.INTEGRATED
        objection.resolved_at = timezone.now()
        objection.save(update_fields=["status", "resolved_at"])
        _step(proposal, ProposalStep.Kind.INTEGRATED, actor, on_behalf_of=str(objection.membership.user))
    if not blocking_objections(proposal).exists():
        _adopt(proposal, actor)
    return proposal


@transaction.atomic
def keep(*, proposal: Proposal, actor: User, version: int | None = None) -> Proposal:
    """After the reactions the proposer keeps the text as it is: the objections round opens."""
    proposal = _locked(proposal)
    if proposal.proposer_id != actor.pk and not permissions.can(
        actor, decision_permissions.FACILITATE, proposal.community
    ):
        permissions.refuse(actor, proposal.community, readable=True, reason=_("Only the proposer amends the text."))
    _guard(actor, proposal, states=[State.AMENDMENT], version=version)
    _step(proposal, ProposalStep.Kind.KEPT, actor)
    _move(proposal, State.OBJECTIONS)
    _step(proposal, ProposalStep.Kind.OBJECTIONS, actor)
    _announce_round(proposal, actor)
    return proposal


@transaction.atomic
def objection_withdraw(*, objection: Response, actor: User) -> Response:
    """The objector (or a facilitator, in a meeting, on their word) withdraws their objection."""
    proposal = _locked(objection.proposal)
    objection = Response.objects.select_related("membership__user").get(pk=objection.pk)
    mine = objection.membership.user_id == actor.pk
    if not mine and not permissions.can(actor, decision_permissions.FACILITATE, proposal.community):
        permissions.refuse(
            actor, proposal.community, readable=True, reason=_("Only its author withdraws an objection.")
        )
    _guard(actor, proposal, states=[State.OBJECTIONS, State.INTEGRATING])
    if objection.kind != Response.Kind.OBJECTION or objection.status != Response.Status.OPEN:
        raise ValidationError(_("This objection is no longer open."))
    objection.status = Response.Status.WITHDRAWN
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["status", "resolved_at"])
    _step(
        proposal,
        ProposalStep.Kind.OBJECTION_WITHDRAWN,
        actor,
        on_behalf_of="" if mine else str(objection.membership.user),
    )
    proposal.version += 1
    proposal.save(update_fields=["version"])
    if proposal.state == State.INTEGRATING and not blocking_objections(proposal).exists():
        _adopt(proposal, actor)
    return objection


@transaction.atomic
def withdraw(*, proposal: Proposal, actor: User, note: str = "", version: int | None = None) -> Proposal:
    """The proposer withdraws their proposal, at any step before its adoption."""
    proposal = _locked(proposal)
    if proposal.proposer_id != actor.pk:
        permissions.refuse(
            actor, proposal.community, readable=True, reason=_("Only the proposer withdraws their proposal.")
        )
    _guard(actor, proposal, states=[State.DRAFT, *OPEN_STATES], version=version)
    proposal.decided_at = timezone.now()
    _move(proposal, State.WITHDRAWN, ["decided_at"])
    _step(proposal, ProposalStep.Kind.WITHDRAWN, actor, note=note)
    audit.record(
        actor=actor, community=proposal.community, action="decision.withdrawn", target=proposal, after={"note": note}
    )
    if proposal.tension_id:
        Tension.objects.filter(pk=proposal.tension_id, status=Tension.Status.PROPOSED).update(
            status=Tension.Status.OPEN
        )
    return proposal


@transaction.atomic
def deadline_move(*, proposal: Proposal, actor: User, deadline: datetime, version: int | None = None) -> Proposal:
    """A later deadline, when the circle needs more time (a facilitator or the proposer)."""
    proposal = _locked(proposal)
    _require_steer(actor, proposal)
    _guard(actor, proposal, states=[State.DRAFT, *OPEN_STATES], version=version)
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("Choose a deadline in the future.")})
    proposal.deadline = deadline
    proposal.version += 1
    proposal.save(update_fields=["deadline", "version"])
    _step(proposal, ProposalStep.Kind.DEADLINE, actor, note=timezone.localtime(deadline).isoformat(timespec="minutes"))
    return proposal


def _adopt(proposal: Proposal, actor: User | None) -> None:
    proposal.decided_at = timezone.now()
    _move(proposal, State.ADOPTED, ["decided_at"])
    _step(proposal, ProposalStep.Kind.ADOPTED, actor)
    audit.record(
        actor=actor,
        community=proposal.community,
        action="decision.adopted",
        target=proposal,
        after={"title": proposal.title, "subject": proposal.subject},
    )
    took_part = Response.objects.filter(proposal=proposal).values("membership_id")
    events.announce(
        events.DECISION_ADOPTED,
        community=proposal.community,
        proposal=proposal,
        subject=proposal.subject,
        recipients=list(
            User.objects.filter(memberships__in=took_part, memberships__status=Membership.Status.ACTIVE).distinct()
        ),
        actor=actor,
        visibility=proposal.visibility,
        url=proposal.get_absolute_url(),
    )


# The review reminder (a periodic job) ---------------------------------------------------------


def remind_reviews(today: date | None = None) -> int:
    """Remind each circle, once, of its decisions coming up for review within REVIEW_REMINDER_DAYS."""
    today = today or timezone.localdate()
    due = Proposal.objects.filter(
        state=State.ADOPTED,
        review_on__isnull=False,
        review_on__lte=today + timedelta(days=REVIEW_REMINDER_DAYS),
        review_on__gte=today,
        review_reminded_at__isnull=True,
    ).exclude(community__phase=Phase.CLOSED)
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            # Marked first, in the same transaction: a second run (or scheduler) finds nothing to do.
            if not Proposal.objects.filter(pk=pk, review_reminded_at__isnull=True).update(
                review_reminded_at=timezone.now()
            ):
                continue
            proposal = Proposal.objects.select_related("community", "circle").get(pk=pk)
            events.announce(
                events.DECISION_REVIEW_DUE,
                community=proposal.community,
                proposal=proposal,
                recipients=[membership.user for membership in participants(proposal.circle).select_related("user")],
                review_on=proposal.review_on,
                visibility=proposal.visibility,
                url=proposal.get_absolute_url(),
            )
            sent += 1
    return sent


# Tensions ------------------------------------------------------------------------------------


@transaction.atomic
def tension_raise(*, community: Community, actor: User, circle: Circle, title: str, text: str) -> Tension:
    permissions.require_membership(actor, decision_permissions.PROPOSE, community)
    errors = {}
    title, text = typed(title), typed(text)
    if not title:
        errors["title"] = _("Say in a few words what does not work.")
    if not text:
        errors["text"] = _("Describe what does not work, and what it causes.")
    if circle.community_id != community.pk:
        errors["circle"] = _("Choose one of the community's circles.")
    if errors:
        raise ValidationError(errors)
    return Tension.objects.create(
        community=community, circle=circle, title=title[:200], text=text[:5000], raised_by=actor
    )


@transaction.atomic
def tension_close(*, tension: Tension, actor: User, note: str = "") -> Tension:
    """Its author, a facilitator or the core team closes a tension (solved, or not a tension after all)."""
    tension = Tension.objects.select_for_update().select_related("community").get(pk=tension.pk)
    permissions.require_open(actor, tension.community)
    if tension.raised_by_id != actor.pk and not permissions.can(
        actor, decision_permissions.FACILITATE, tension.community
    ):
        permissions.refuse(
            actor,
            tension.community,
            readable=True,
            reason=_("Its author, a facilitator or the core team closes a tension."),
        )
    if tension.status == Tension.Status.CLOSED:
        raise ValidationError(_("This tension is already closed."))
    tension.status = Tension.Status.CLOSED
    tension.closed_at = timezone.now()
    tension.closing_note = typed(note)[:500]
    tension.save(update_fields=["status", "closed_at", "closing_note"])
    return tension
