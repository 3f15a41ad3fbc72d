"""The election without candidates, step by step. Each function takes the person acting.

A facilitator's move names the `version` of the page it was made from: a second facilitator
acting from the same page is told that the election moved on, never obeyed twice. Every move
locks the election's row, so a nomination or an answer arriving with a move is taken before or
after it, never half-way. In a closed community nothing moves.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.circles.models import Circle, CircleMember
from terreau.circles.services import representative_elected
from terreau.communities.models import Community, Membership, Role, RoleAssignment, RoleKind
from terreau.communities.models import Phase as CommunityPhase
from terreau.core import events
from terreau.core.models import Visibility

from .. import permissions as election_permissions
from ..models import (
    Answer,
    Election,
    Nomination,
    Participant,
    Phase,
    Proposal,
    Round,
    Step,
)

TERM_MONTHS_MAX = 48
# The phase each facilitator's move leaves from, and where it leads.
MOVES = {
    "open_nominations": (Phase.SETUP, Phase.NOMINATION),
    "reveal": (Phase.NOMINATION, Phase.REVEAL),
    "open_changes": (Phase.REVEAL, Phase.CHANGE),
    "close_changes": (Phase.CHANGE, Phase.PROPOSAL),
}


class Conflict(ValidationError):
    """Someone else moved the election on since the page was loaded."""


def _refuse_if_frozen(community: Community) -> None:
    # Read again: the community may have closed since the page (or the caller) loaded it.
    if Community.objects.filter(pk=community.pk, phase=CommunityPhase.CLOSED).exists():
        raise PermissionDenied(str(permissions.CLOSED_REFUSAL))


def _locked(election: Election, version: int | None = None) -> Election:
    """The election read again under a row lock; `version` must still be the page's."""
    fresh = Election.objects.select_for_update(of=("self",)).select_related("community").get(pk=election.pk)
    if version is not None and fresh.version != version:
        raise Conflict(
            _("Someone else moved this election on while you were on the page. Here it is as it stands now.")
        )
    _refuse_if_frozen(fresh.community)
    return fresh


def _step(election: Election, actor: User | None, phase: str, note: str = "") -> None:
    election.phase = phase
    election.version += 1
    election.save(update_fields=["phase", "version"])
    Step.objects.create(election=election, phase=phase, actor=actor, note=note)


def _active(memberships, community: Community):
    return memberships.filter(community=community, status=Membership.Status.ACTIVE)


def _circle_memberships(circle: Circle):
    if circle.is_core_team:
        return Membership.objects.filter(community=circle.community_id, is_core_team=True)
    return Membership.objects.filter(
        pk__in=CircleMember.objects.filter(circle=circle).values("membership_id"), community=circle.community_id
    )


def _member_of(community: Community, membership: Membership | None, message: str) -> Membership:
    if membership is None or membership.community_id != community.pk or not membership.is_active:
        raise ValidationError(message)
    return membership


def _eligible(election: Election, nominee: Membership) -> None:
    """A circle's representative speaks for it: one of the circle's members (its participants)."""
    if (
        election.subject == Election.Subject.REPRESENTATIVE
        and not election.participants.filter(membership=nominee).exists()
    ):
        raise ValidationError(_("A representative is one of the circle's own members: name one of them."))


def _may_facilitate_as(membership: Membership) -> bool:
    if membership.is_core_team:
        return True
    return RoleAssignment.objects.filter(
        membership=membership, role__kind=RoleKind.FACILITATION, role__retired_at__isnull=True
    ).exists()


def _validate_setup(election: Election) -> None:
    community = election.community
    if election.subject == Election.Subject.ROLE:
        if election.role is None or election.role.community_id != community.pk or election.role.is_retired:
            raise ValidationError({"role": _("Choose one of the community's roles.")})
        if election.role.visibility == Visibility.CORE_TEAM and election.visibility != Visibility.CORE_TEAM:
            raise ValidationError({"visibility": _("This role is seen by the core team only: so is its election.")})
    else:
        election.role = None
    if election.circle.community_id != community.pk or election.circle.closed_at is not None:
        raise ValidationError({"circle": _("Choose one of the community's circles.")})
    if not 1 <= election.term_months <= TERM_MONTHS_MAX:
        raise ValidationError({"term_months": _("A term lasts from 1 to %(max)s months.") % {"max": TERM_MONTHS_MAX}})
    facilitator = _member_of(community, election.facilitator, _("The facilitator must be a member."))
    if not _may_facilitate_as(facilitator):
        raise ValidationError(
            {"facilitator": _("The facilitator is a member of the core team or holds the facilitation role.")}
        )
    election.full_clean(exclude=["community", "role", "circle", "facilitator", "elected"])


@transaction.atomic
def election_create(
    *,
    actor: User,
    community: Community,
    subject: str,
    circle: Circle,
    description: str,
    term_months: int,
    facilitator: Membership,
    role: Role | None = None,
    visibility: str = "members",
) -> Election:
    permissions.require(actor, election_permissions.START, community)
    _refuse_if_frozen(community)
    election = Election(
        community=community,
        subject=subject,
        role=role,
        circle=circle,
        description=description,
        term_months=term_months,
        facilitator=facilitator,
        visibility=visibility,
        created_by=actor,
    )
    _validate_setup(election)
    election.save()
    Step.objects.create(election=election, phase=Phase.SETUP, actor=actor)
    return election


@transaction.atomic
def election_update(*, actor: User, election: Election, version: int, **fields) -> Election:
    """Change the setup (role, circle, description, term, facilitator) before the nominations open."""
    election_permissions.require_facilitate(actor, election.community, election)
    fresh = _locked(election, version)
    if fresh.phase != Phase.SETUP:
        raise ValidationError(_("The setup can be changed only before the nominations open."))
    allowed = {"subject", "role", "circle", "description", "term_months", "facilitator", "visibility"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"election_update() cannot change {name}")
        setattr(fresh, name, value)
    _validate_setup(fresh)
    fresh.version += 1
    fresh.save()
    return fresh


def _recipients(election: Election) -> list[User]:
    members = _active(
        Membership.objects.filter(pk__in=election.participants.values("membership_id")), election.community
    )
    return list(User.objects.filter(memberships__in=members))


def _announce(event: str, election: Election, actor: User | None, **extra) -> None:
    events.announce(
        event,
        community=election.community,
        election=election,
        visibility=election.visibility,
        url=election.get_absolute_url(),
        **({"actor": actor} if event != events.ELECTION_TERM_ENDING else {}),
        **extra,
    )


@transaction.atomic
def election_move(*, actor: User, election: Election, version: int, move: str) -> Election:
    """One of the facilitator's moves between rounds (MOVES), from the page at `version`."""
    election_permissions.require_facilitate(actor, election.community, election)
    fresh = _locked(election, version)
    if move not in MOVES:
        raise ValidationError(_("This step does not exist."))
    origin, target = MOVES[move]
    if fresh.phase != origin:
        raise ValidationError(_("This step cannot be taken now: the election is at another step."))
    if move == "open_nominations":
        members = list(_active(_circle_memberships(fresh.circle), fresh.community))
        if len(members) < 2:
            raise ValidationError(_("An election needs at least two participants: the circle has fewer members."))
        Participant.objects.bulk_create(Participant(election=fresh, membership=member) for member in members)
    if move == "reveal" and not fresh.nominations.exists():
        raise ValidationError(_("Nobody has nominated anyone yet: wait for the nominations before the reveal."))
    if move == "open_changes":
        fresh.change_turn += 1
        fresh.save(update_fields=["change_turn"])
    _step(fresh, actor, target)
    if move == "open_nominations":
        _announce(events.ELECTION_OPENED, fresh, actor, recipients=_recipients(fresh))
    elif move == "reveal":
        _announce(events.ELECTION_REVEALED, fresh, actor, recipients=_recipients(fresh))
    return fresh


@transaction.atomic
def election_cancel(*, actor: User, election: Election, version: int, reason: str) -> Election:
    election_permissions.require_facilitate(actor, election.community, election)
    fresh = _locked(election, version)
    if fresh.is_final:
        raise ValidationError(_("This election is over."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the election stops.")})
    fresh.proposals.filter(outcome=Proposal.Outcome.OPEN).update(outcome=Proposal.Outcome.SET_ASIDE)
    _step(fresh, actor, Phase.CANCELLED, reason.strip())
    audit.record(
        actor=actor, community=fresh.community, action="election.cancelled", target=fresh, after={"reason": reason}
    )
    return fresh


# The participants' part ----------------------------------------------------------------------


def _participant(election: Election, membership: Membership | None) -> Membership:
    """`membership` as an active participant of `election`, or a refusal that says why."""
    if membership is None or not election.participants.filter(membership=membership).exists():
        raise ValidationError(_("Only the participants of this election take part in its rounds."))
    if not membership.is_active:
        raise ValidationError(_("This person has left the community: they no longer take part."))
    return membership


def _acting_for(actor: User, election: Election, for_member: Membership | None) -> Membership:
    """Who the act is for: the actor's own membership, or (the facilitator recording in a
    meeting) a participant who is present."""
    community = election.community
    if for_member is not None and (for_member.user_id != actor.pk):
        election_permissions.require_facilitate(actor, community, election)
        return _participant(election, Membership.objects.filter(pk=for_member.pk).first())
    mine = permissions.require_membership(actor, election_permissions.TAKE_PART, community)
    return mine


@transaction.atomic
def nominate(
    *,
    actor: User,
    election: Election,
    nominee: Membership,
    reason: str,
    for_member: Membership | None = None,
) -> Nomination:
    """A nomination in the nomination round, or a change in the change round: one of each."""
    fresh = _locked(election)
    nominator = _acting_for(actor, fresh, for_member)
    _participant(fresh, nominator)
    if fresh.phase == Phase.NOMINATION:
        round_ = Round.NOMINATION
    elif fresh.phase == Phase.CHANGE:
        round_ = Round.CHANGE
    else:
        raise ValidationError(_("The nominations are closed: this election is at another step."))
    _member_of(fresh.community, nominee, _("Nominate a member of the community."))
    _eligible(fresh, nominee)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you nominate this person.")})
    turn = fresh.change_turn if round_ == Round.CHANGE else 0
    if Nomination.objects.filter(election=fresh, nominator=nominator, round=round_, turn=turn).exists():
        if round_ == Round.NOMINATION:
            raise ValidationError(_("This nomination is already written: it can be changed in the change round."))
        raise ValidationError(_("This nomination was already changed once."))
    return Nomination.objects.create(
        election=fresh,
        round=round_,
        turn=turn,
        nominator=nominator,
        nominee=nominee,
        reason=reason.strip(),
        recorded_by=actor if nominator.user_id != actor.pk else None,
    )


@transaction.atomic
def propose(*, actor: User, election: Election, version: int, nominee: Membership, reason: str) -> Proposal:
    """The facilitator puts one person to the consent round, with the reasons for them.

    From the proposal step; or again in the consent round, once an objection (or the person
    proposed leaving) set the proposal aside.
    """
    election_permissions.require_facilitate(actor, election.community, election)
    fresh = _locked(election, version)
    current = fresh.proposals.filter(outcome=Proposal.Outcome.OPEN).select_related("nominee").first()
    if fresh.phase == Phase.CONSENT:
        if (
            current is not None
            and current.nominee.is_active
            and not current.answers.filter(choice=Answer.Choice.OBJECT).exists()
        ):
            raise ValidationError(
                _("The consent round is under way: another person can be proposed after an objection.")
            )
    elif fresh.phase != Phase.PROPOSAL:
        raise ValidationError(_("A person can be proposed once the change round is over."))
    _member_of(fresh.community, nominee, _("Propose a member of the community."))
    _eligible(fresh, nominee)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for this person.")})
    if current is not None:
        current.outcome = Proposal.Outcome.SET_ASIDE
        current.save(update_fields=["outcome"])
    proposal = Proposal.objects.create(election=fresh, nominee=nominee, reason=reason.strip(), created_by=actor)
    _step(fresh, actor, Phase.CONSENT, _("Proposed: %(name)s") % {"name": nominee.user.display_name})
    recipients = _recipients(fresh)
    _announce(
        events.ELECTION_PROPOSED,
        fresh,
        actor,
        nominee=nominee.user,
        recipients=[*recipients, *([] if nominee.user in recipients else [nominee.user])],
    )
    return proposal


@transaction.atomic
def go_back(*, actor: User, election: Election, version: int, reason: str = "") -> Election:
    """After an objection, back to the change round: the proposal is set aside."""
    election_permissions.require_facilitate(actor, election.community, election)
    fresh = _locked(election, version)
    if fresh.phase not in (Phase.CONSENT, Phase.PROPOSAL):
        raise ValidationError(_("Going back to the change round is possible from the proposal or the consent round."))
    fresh.proposals.filter(outcome=Proposal.Outcome.OPEN).update(outcome=Proposal.Outcome.SET_ASIDE)
    # The change round opens again: each may change once more.
    fresh.change_turn += 1
    fresh.save(update_fields=["change_turn"])
    _step(fresh, actor, Phase.CHANGE, reason.strip())
    return fresh


def others_waiting(proposal: Proposal) -> list[Membership]:
    """The active participants, the person proposed aside, who have not answered yet."""
    answered = proposal.answers.values("membership_id")
    return list(
        Membership.objects.filter(
            pk__in=proposal.election.participants.values("membership_id"), status=Membership.Status.ACTIVE
        )
        .exclude(pk=proposal.nominee_id)
        .exclude(pk__in=answered)
        .select_related("user")
    )


@transaction.atomic
def answer(
    *,
    actor: User,
    election: Election,
    choice: str,
    reason: str = "",
    for_member: Membership | None = None,
) -> Answer:
    """A participant consents or objects (with a reason); the person proposed answers last."""
    fresh = _locked(election)
    if fresh.phase != Phase.CONSENT:
        raise ValidationError(_("The consent round is not open."))
    proposal = fresh.proposals.filter(outcome=Proposal.Outcome.OPEN).select_related("nominee__user").first()
    if proposal is None:
        raise ValidationError(_("The proposal was set aside: wait for the facilitator's next one."))
    member = _acting_for(actor, fresh, for_member)
    is_nominee = member.pk == proposal.nominee_id
    if not is_nominee:
        _participant(fresh, member)
    if not proposal.nominee.is_active:
        raise ValidationError(
            _("The person proposed has left the community: the facilitator will propose someone else.")
        )
    if choice not in Answer.Choice.values:
        raise ValidationError({"choice": _("Choose: consent or objection.")})
    if choice == Answer.Choice.OBJECT and not reason.strip():
        raise ValidationError({"reason": _("An objection says why: how would this choice harm the community?")})
    if proposal.answers.filter(membership=member).exists():
        raise ValidationError(_("This answer is already given."))
    if is_nominee and others_waiting(proposal):
        raise ValidationError(_("The person proposed answers last, once every other participant has answered."))
    given = Answer.objects.create(
        proposal=proposal,
        membership=member,
        choice=choice,
        reason=reason.strip(),
        recorded_by=actor if member.user_id != actor.pk else None,
    )
    if is_nominee and choice == Answer.Choice.CONSENT:
        if not proposal.answers.filter(choice=Answer.Choice.OBJECT).exists():
            _elect(fresh, proposal, actor)
    return given


def term_end(start: date, months: int) -> date:
    return start + relativedelta(months=months)


def _elect(election: Election, proposal: Proposal, actor: User) -> None:
    """The outcome: the role assignment with its term (or the circle's representative), logged."""
    proposal.outcome = Proposal.Outcome.ACCEPTED
    proposal.save(update_fields=["outcome"])
    holder = proposal.nominee
    today = timezone.localdate()
    election.elected = holder
    election.term_ends_on = term_end(today, election.term_months)
    election.save(update_fields=["elected", "term_ends_on"])
    if election.subject == Election.Subject.ROLE:
        assignment, created = RoleAssignment.objects.get_or_create(
            role=election.role,
            membership=holder,
            defaults={"assigned_by": actor, "term_ends_on": election.term_ends_on},
        )
        if not created:
            assignment.term_ends_on = election.term_ends_on
            assignment.save(update_fields=["term_ends_on"])
        permissions.forget(holder.user, election.community)
    else:
        representative_elected(circle=election.circle, membership=holder, actor=actor)
    audit.record(
        actor=actor,
        community=election.community,
        action="role.elected",
        target=holder,
        after={"role": election.title, "term_ends_on": election.term_ends_on.isoformat()},
    )
    _step(election, actor, Phase.DONE, holder.user.display_name)
    recipients = _recipients(election)
    _announce(
        events.ELECTION_DONE,
        election,
        actor,
        holder=holder.user,
        term_ends_on=election.term_ends_on.isoformat(),
        recipients=[*recipients, *([] if holder.user in recipients else [holder.user])],
    )


# The reminder before a term ends --------------------------------------------------------------

REMIND_DAYS_BEFORE = 30


def term_reminders(now=None) -> int:
    """Remind the holder, the facilitator and the core team a month before an elected term ends: once."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + relativedelta(days=REMIND_DAYS_BEFORE)
    due = Election.objects.filter(
        phase=Phase.DONE, term_ends_on__lte=horizon, term_reminded_at__isnull=True, elected__isnull=False
    ).exclude(community__phase="closed")
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            election = (
                Election.objects.select_for_update(of=("self",))
                .select_related("community", "elected__user", "facilitator__user")
                .filter(pk=pk, term_reminded_at__isnull=True)
                .first()
            )
            if election is None or election.elected is None or election.term_ends_on is None:
                continue  # another run took it
            election.term_reminded_at = now
            election.save(update_fields=["term_reminded_at"])
            core = list(
                User.objects.filter(
                    memberships__in=_active(Membership.objects.filter(is_core_team=True), election.community)
                )
            )
            holder = election.elected.user
            recipients = {holder, election.facilitator.user, *core}
            _announce(
                events.ELECTION_TERM_ENDING,
                election,
                None,
                holder=holder,
                term_ends_on=election.term_ends_on.isoformat(),
                recipients=list(recipients),
            )
            sent += 1
    return sent
