"""The consent decision's state machine, step by step, with every step that does not belong."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import make_member, make_user
from terreau import permissions
from terreau.audit.models import AuditEntry
from terreau.communities.models import Membership
from terreau.core import events
from terreau.decisions import services
from terreau.decisions.models import Proposal, ProposalRevision, ProposalStep, Response, State, Tension
from terreau.exchanges.models import Notification

from .helpers import proposal, working_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(cast):
    """A working group of three: the member (proposer), the facilitator, the observer."""
    return working_group(cast.community, cast.member, cast.facilitator, cast.observer)


@pytest.fixture
def draft(cast, circle):
    return proposal(cast, circle=circle, proposer=cast.member, opened=False)


def steps(found):
    return list(ProposalStep.objects.filter(proposal=found).values_list("kind", flat=True))


def to_objections(found, cast):
    found = services.reactions_open(proposal=found, actor=cast.member)
    for user in (cast.member, cast.facilitator, cast.observer):
        services.respond(proposal=found, actor=user, kind="reaction", text="Bonne idée.")
    found.refresh_from_db()
    return services.keep(proposal=found, actor=cast.member)


# Who takes part -----------------------------------------------------------------------------


def test_participants_are_the_circle_members_or_the_core_team(cast, circle):
    assert {m.user for m in services.participants(circle)} == {cast.member, cast.facilitator, cast.observer}
    from terreau.circles.services import core_team_circle

    assert {m.user for m in services.participants(core_team_circle(cast.community))} == {cast.core_member}


# The whole way, step by step ------------------------------------------------------------------


def test_a_proposal_goes_through_every_step_with_one_objection_integrated(cast, circle, draft):
    assert draft.state == State.DRAFT
    opened = services.proposal_open(proposal=draft, actor=cast.member, version=draft.version)
    assert opened.state == State.CLARIFYING

    question = services.question_ask(proposal=opened, actor=cast.observer, text="Quel coût par GAL ?")
    with pytest.raises(ValidationError, match="answer them before"):
        services.reactions_open(proposal=opened, actor=cast.member)
    services.question_answer(question=question, actor=cast.member, answer="Environ 2 000 € par an.")
    reacting = services.reactions_open(proposal=opened, actor=cast.member)
    assert reacting.state == State.REACTIONS

    services.respond(proposal=reacting, actor=cast.member, kind="reaction", text="Je porte.")
    services.respond(proposal=reacting, actor=cast.facilitator, kind="reaction", text="Pourquoi pas.")
    assert Proposal.objects.get(pk=draft.pk).state == State.REACTIONS
    services.respond(proposal=reacting, actor=cast.observer, kind="reaction", text="Et l'assurance ?")
    amending = Proposal.objects.get(pk=draft.pk)
    assert amending.state == State.AMENDMENT  # the round closed by itself: everyone reacted

    objecting = services.amend(
        proposal=amending,
        actor=cast.member,
        title="Camion partagé",
        text="Avec l'assurance comprise.",
        note="assurance",
    )
    assert objecting.state == State.OBJECTIONS
    services.respond(proposal=objecting, actor=cast.member, kind="consent")
    services.respond(proposal=objecting, actor=cast.facilitator, kind="consent")
    objection = services.respond(
        proposal=objecting, actor=cast.observer, kind="objection", text="Les petits GAL ne peuvent pas payer autant."
    )
    integrating = Proposal.objects.get(pk=draft.pk)
    assert integrating.state == State.INTEGRATING

    adopted = services.amend(
        proposal=integrating,
        actor=cast.member,
        title="Camion partagé",
        text="Avec l'assurance comprise, coût au prorata du nombre de communes.",
        integrated=[objection.pk],
    )
    assert adopted.state == State.ADOPTED and adopted.decided_at is not None
    assert Response.objects.get(pk=objection.pk).status == Response.Status.INTEGRATED
    assert list(ProposalRevision.objects.filter(proposal=draft).values_list("number", flat=True)) == [1, 2, 3]
    assert steps(draft) == [
        "created",
        "opened",
        "asked",
        "answered",
        "reactions",
        "reacted",
        "reacted",
        "reacted",
        "amendment",
        "amended",
        "objections",
        "consented",
        "consented",
        "objected",
        "integrating",
        "amended",
        "integrated",
        "adopted",
    ]
    assert AuditEntry.objects.filter(action="decision.adopted").count() == 1


def test_an_objection_withdrawn_by_its_author_adopts_the_proposal(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    objection = services.respond(proposal=found, actor=cast.observer, kind="objection", text="Trop cher.")
    services.respond(proposal=found, actor=cast.member, kind="consent")
    services.respond(proposal=found, actor=cast.facilitator, kind="consent")
    with pytest.raises(PermissionDenied):
        services.objection_withdraw(objection=objection, actor=cast.member)  # not theirs
    services.objection_withdraw(objection=objection, actor=cast.observer)
    assert Proposal.objects.get(pk=draft.pk).state == State.ADOPTED


# Refused steps -------------------------------------------------------------------------------


INVALID = {
    # state: the steps that do not belong to it
    State.DRAFT: ["ask", "reactions", "react", "consent", "close", "keep", "amend"],
    State.CLARIFYING: ["open", "react", "consent", "close", "keep", "amend"],
    State.REACTIONS: ["open", "ask", "reactions", "consent", "keep", "amend"],
    State.AMENDMENT: ["open", "ask", "reactions", "react", "consent", "close"],
    State.OBJECTIONS: ["open", "ask", "reactions", "react", "keep", "amend"],
    State.ADOPTED: ["open", "ask", "reactions", "react", "consent", "close", "keep", "amend", "withdraw"],
    State.WITHDRAWN: ["open", "ask", "reactions", "react", "consent", "close", "keep", "amend", "withdraw"],
}


def _attempt(step, found, cast):
    proposer = cast.member
    actions = {
        "open": lambda: services.proposal_open(proposal=found, actor=proposer),
        "ask": lambda: services.question_ask(proposal=found, actor=cast.observer, text="?"),
        "reactions": lambda: services.reactions_open(proposal=found, actor=proposer),
        "react": lambda: services.respond(proposal=found, actor=cast.observer, kind="reaction", text="Oui."),
        "consent": lambda: services.respond(proposal=found, actor=cast.observer, kind="consent"),
        "close": lambda: services.round_close(proposal=found, actor=proposer),
        "keep": lambda: services.keep(proposal=found, actor=proposer),
        "amend": lambda: services.amend(proposal=found, actor=proposer, title="T", text="Texte."),
        "withdraw": lambda: services.withdraw(proposal=found, actor=proposer),
    }
    actions[step]()


def _at(state, cast, draft):
    found = draft
    if state == State.DRAFT:
        return found
    found = services.proposal_open(proposal=found, actor=cast.member)
    if state == State.CLARIFYING:
        return found
    found = services.reactions_open(proposal=found, actor=cast.member)
    if state == State.REACTIONS:
        return found
    if state == State.WITHDRAWN:
        return services.withdraw(proposal=found, actor=cast.member)
    found = services.round_close(proposal=found, actor=cast.member)
    if state == State.AMENDMENT:
        return found
    found = services.keep(proposal=found, actor=cast.member)
    if state == State.OBJECTIONS:
        return found
    for user in (cast.member, cast.facilitator, cast.observer):
        services.respond(proposal=found, actor=user, kind="consent")
    return Proposal.objects.get(pk=found.pk)


@pytest.mark.parametrize(("state", "step"), [(state, step) for state, found in INVALID.items() for step in found])
def test_a_step_that_does_not_belong_to_the_state_is_refused_with_a_reason(cast, circle, draft, state, step):
    found = _at(state, cast, draft)
    assert found.state == state
    before = (found.state, found.version, ProposalStep.objects.filter(proposal=found).count())
    with pytest.raises(ValidationError) as refused:
        _attempt(step, found, cast)
    assert refused.value.messages[0]
    found.refresh_from_db()
    assert (found.state, found.version, ProposalStep.objects.filter(proposal=found).count()) == before


def test_integrating_needs_the_objections_the_new_text_answers(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    services.respond(proposal=found, actor=cast.observer, kind="objection", text="Trop cher.")
    services.respond(proposal=found, actor=cast.member, kind="consent")
    services.respond(proposal=found, actor=cast.facilitator, kind="consent")
    with pytest.raises(ValidationError, match="Tick the objections"):
        services.amend(proposal=found, actor=cast.member, title="T", text="Nouveau texte.")


def test_an_objection_must_say_how_it_harms_the_aim(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    with pytest.raises(ValidationError, match="harm the community's aim"):
        services.respond(proposal=found, actor=cast.observer, kind="objection", text="  ")


def test_each_participant_says_their_word_once_and_outsiders_of_the_circle_not_at_all(cast, circle, draft):
    found = services.reactions_open(
        proposal=services.proposal_open(proposal=draft, actor=cast.member), actor=cast.member
    )
    services.respond(proposal=found, actor=cast.observer, kind="reaction", text="Oui.")
    with pytest.raises(ValidationError, match="already said"):
        services.respond(proposal=found, actor=cast.observer, kind="reaction", text="Encore.")
    with pytest.raises(PermissionDenied):
        services.respond(proposal=found, actor=cast.core_member, kind="reaction", text="Moi aussi.")


def test_only_the_proposer_or_a_facilitator_moves_the_proposal_on(cast, circle, draft):
    with pytest.raises(PermissionDenied):
        services.proposal_open(proposal=draft, actor=cast.observer)
    found = services.proposal_open(proposal=draft, actor=cast.facilitator)  # in a meeting
    with pytest.raises(PermissionDenied):
        services.withdraw(proposal=found, actor=cast.facilitator)  # only the proposer withdraws


# Late words, leavers, two facilitators, a closed community ----------------------------------


def test_a_reaction_or_objection_after_the_deadline_is_refused(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    Proposal.objects.filter(pk=found.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="deadline"):
        services.respond(proposal=found, actor=cast.observer, kind="objection", text="Trop tard ?")
    # After the deadline the round closes; silence counted as consent.
    adopted = services.round_close(proposal=found, actor=cast.member)
    assert adopted.state == State.ADOPTED


def test_the_objection_round_does_not_close_early(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    with pytest.raises(ValidationError, match="not before"):
        services.round_close(proposal=found, actor=cast.member)


def test_a_reaction_after_the_round_ended_is_refused(cast, circle, draft):
    found = services.reactions_open(
        proposal=services.proposal_open(proposal=draft, actor=cast.member), actor=cast.member
    )
    services.round_close(proposal=found, actor=cast.member)
    with pytest.raises(ValidationError, match="cannot be done now"):
        services.respond(proposal=found, actor=cast.observer, kind="reaction", text="En retard.")


def test_someone_who_leaves_no_longer_blocks_the_round_nor_with_their_objection(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    services.respond(proposal=found, actor=cast.observer, kind="objection", text="Non.")
    services.respond(proposal=found, actor=cast.member, kind="consent")
    Membership.objects.filter(community=cast.community, user=cast.observer).update(status=Membership.Status.LEFT)
    # The facilitator's consent completes the round: the leaver's objection blocks nothing.
    services.respond(proposal=found, actor=cast.facilitator, kind="consent")
    assert Proposal.objects.get(pk=found.pk).state == State.ADOPTED
    assert Response.objects.get(kind="objection").status == Response.Status.OPEN  # kept in the record


def test_a_pending_turn_of_someone_who_left_no_longer_blocks(cast, circle, draft):
    found = services.reactions_open(
        proposal=services.proposal_open(proposal=draft, actor=cast.member), actor=cast.member
    )
    services.respond(proposal=found, actor=cast.member, kind="reaction", text="Oui.")
    services.respond(proposal=found, actor=cast.facilitator, kind="reaction", text="Oui.")
    assert [m.user for m in services.missing_turns(Proposal.objects.get(pk=found.pk))] == [cast.observer]
    Membership.objects.filter(community=cast.community, user=cast.observer).update(status=Membership.Status.LEFT)
    assert not services.missing_turns(Proposal.objects.get(pk=found.pk)).exists()


def test_two_facilitators_pressing_the_same_button_move_it_once(cast, circle, draft):
    found = services.proposal_open(proposal=draft, actor=cast.member)
    seen = found.version  # both pages show this version
    services.reactions_open(proposal=found, actor=cast.facilitator, version=seen)
    with pytest.raises(services.ProposalConflict):
        services.reactions_open(proposal=found, actor=cast.core_member, version=seen)
    with pytest.raises(services.ProposalConflict):
        services.round_close(proposal=found, actor=cast.core_member, version=seen)
    assert steps(found).count("reactions") == 1


def test_nothing_moves_in_a_closed_community(cast, circle, draft):
    found = services.proposal_open(proposal=draft, actor=cast.member)
    cast.community.phase = "closed"
    cast.community.save(update_fields=["phase"])
    for attempt in (
        lambda: services.question_ask(proposal=found, actor=cast.observer, text="?"),
        lambda: services.reactions_open(proposal=found, actor=cast.member),
        lambda: services.withdraw(proposal=found, actor=cast.member),
    ):
        with pytest.raises(PermissionDenied, match="closed"):
            attempt()
    with pytest.raises(PermissionDenied, match="closed"):
        services.tension_raise(community=cast.community, actor=cast.member, circle=circle, title="T", text="X")
    assert Proposal.objects.get(pk=found.pk).state == State.CLARIFYING


def test_a_facilitator_writes_down_each_say_in_a_meeting(cast, circle, draft):
    found = services.reactions_open(
        proposal=services.proposal_open(proposal=draft, actor=cast.member), actor=cast.member
    )
    observer = Membership.objects.get(community=cast.community, user=cast.observer)
    response = services.respond(
        proposal=found, actor=cast.facilitator, kind="reaction", text="Dit en réunion.", for_membership=observer
    )
    assert response.membership == observer and response.recorded_by == cast.facilitator
    with pytest.raises(PermissionDenied):
        services.respond(
            proposal=found,
            actor=cast.member,
            kind="reaction",
            text="Pour lui.",
            for_membership=Membership.objects.get(community=cast.community, user=cast.facilitator),
        )
    step = ProposalStep.objects.get(proposal=found, kind="reacted")
    assert step.on_behalf_of == str(cast.observer)


# Notifications, reminders ------------------------------------------------------------------------


def test_participants_are_told_when_a_round_opens_and_when_adopted(cast, circle, draft):
    services.proposal_open(proposal=draft, actor=cast.member)
    told = set(Notification.objects.filter(verb="decision_questions_opened").values_list("recipient", flat=True))
    assert told == {cast.facilitator.pk, cast.observer.pk}  # not the proposer who opened it
    found = to_objections(Proposal.objects.get(pk=draft.pk), cast)
    assert Notification.objects.filter(verb="decision_objections_opened").count() == 2
    for user in (cast.member, cast.facilitator, cast.observer):
        services.respond(proposal=found, actor=user, kind="consent")
    assert Notification.objects.filter(verb="decision_adopted").count() >= 2


def test_the_review_reminder_goes_out_once_some_days_before(cast, circle, draft, monkeypatch):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    for user in (cast.member, cast.facilitator, cast.observer):
        services.respond(proposal=found, actor=user, kind="consent")
    today = timezone.localdate()
    Proposal.objects.filter(pk=found.pk).update(review_on=today + timedelta(days=30))
    heard = []
    monkeypatch.setattr(
        events, "_handlers", {**events._handlers, events.DECISION_REVIEW_DUE: [lambda **kw: heard.append(kw)]}
    )
    assert services.remind_reviews(today) == 0  # too early
    assert services.remind_reviews(today + timedelta(days=20)) == 1
    assert services.remind_reviews(today + timedelta(days=21)) == 0  # never twice
    assert len(heard) == 1 and {user.pk for user in heard[0]["recipients"]} == {
        cast.member.pk,
        cast.facilitator.pk,
        cast.observer.pk,
    }


def test_the_review_reminder_notifies_the_circle(cast, circle, draft):
    found = to_objections(services.proposal_open(proposal=draft, actor=cast.member), cast)
    for user in (cast.member, cast.facilitator, cast.observer):
        services.respond(proposal=found, actor=user, kind="consent")
    Proposal.objects.filter(pk=found.pk).update(review_on=timezone.localdate() + timedelta(days=3))
    services.remind_reviews()
    services.remind_reviews()
    assert Notification.objects.filter(verb="decision_review_due").count() == 3


# Tensions -----------------------------------------------------------------------------------------


def test_a_tension_becomes_a_proposal_or_is_closed(cast, circle):
    tension = services.tension_raise(
        community=cast.community,
        actor=cast.observer,
        circle=circle,
        title="Camion vide",
        text="Le camion roule à vide.",
    )
    found = proposal(cast, circle=circle, proposer=cast.member, tension=tension)
    assert Tension.objects.get(pk=tension.pk).status == Tension.Status.PROPOSED
    services.withdraw(proposal=found, actor=cast.member)
    assert Tension.objects.get(pk=tension.pk).status == Tension.Status.OPEN  # the tension is still there
    with pytest.raises(PermissionDenied):
        services.tension_close(tension=tension, actor=cast.member)  # neither its author nor a facilitator
    services.tension_close(tension=tension, actor=cast.observer, note="Réglé autrement.")
    assert Tension.objects.get(pk=tension.pk).status == Tension.Status.CLOSED
    with pytest.raises(ValidationError):
        services.tension_close(tension=tension, actor=cast.observer)


def test_an_outsider_raises_no_tension_a_member_does(cast, circle):
    stranger = make_user("x@t.test", "X")
    with pytest.raises(Http404):  # outside, the community's members-only things do not show
        services.tension_raise(community=cast.community, actor=stranger, circle=circle, title="T", text="X")
    make_member(cast.community, stranger)
    permissions.forget(stranger, cast.community)
    assert services.tension_raise(community=cast.community, actor=stranger, circle=circle, title="T", text="X").pk
