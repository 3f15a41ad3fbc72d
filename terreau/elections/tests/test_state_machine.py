"""The election without candidates, step by step, with the refusals the quality bar names."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from terreau.audit.models import AuditEntry
from terreau.communities import services as community_services
from terreau.communities.models import Phase as CommunityPhase
from terreau.communities.models import RoleAssignment
from terreau.core.models import ScheduledRun  # noqa: F401  (the periodic table exists)
from terreau.exchanges.models import Notification

from ..models import Answer, Election, Nomination, Phase, Proposal, Step
from ..services import elections as services
from .factories import make_election, move, working_group


@pytest.fixture
def election(cast):
    return make_election(cast)


def _m(cast, person):
    return cast.membership(getattr(cast, person))


def _nominate_all(cast, election, choices):
    for person, nominee in choices.items():
        services.nominate(
            actor=getattr(cast, person), election=election, nominee=_m(cast, nominee), reason=f"{person} pour {nominee}"
        )


def _to_consent(cast, election, nominee="member"):
    move(election, cast.facilitator, "open_nominations")
    _nominate_all(
        cast,
        election,
        {"core_member": "member", "facilitator": "member", "member": "observer", "observer": "member"},
    )
    move(election, cast.facilitator, "reveal")
    move(election, cast.facilitator, "open_changes")
    move(election, cast.facilitator, "close_changes")
    election.refresh_from_db()
    services.propose(
        actor=cast.facilitator,
        election=election,
        version=election.version,
        nominee=_m(cast, nominee),
        reason="Trois soutiens",
    )
    election.refresh_from_db()
    return election


def test_an_election_goes_through_every_step_and_gives_the_role_with_its_term(cast, election):
    assert election.phase == Phase.SETUP
    move(election, cast.facilitator, "open_nominations")
    election.refresh_from_db()
    assert election.phase == Phase.NOMINATION
    assert election.participants.count() == 4
    _nominate_all(
        cast,
        election,
        {"core_member": "member", "facilitator": "observer", "member": "observer", "observer": "member"},
    )
    move(election, cast.facilitator, "reveal")
    move(election, cast.facilitator, "open_changes")
    # One change, with its reason; the first nomination is kept.
    services.nominate(actor=cast.facilitator, election=election, nominee=_m(cast, "member"), reason="Convaincue")
    assert Nomination.objects.filter(election=election, nominator=_m(cast, "facilitator")).count() == 2
    move(election, cast.facilitator, "close_changes")
    from ..selectors import current_support

    election.refresh_from_db()
    support = current_support(election)
    assert support[0].nominee == _m(cast, "member") and support[0].count == 3
    services.propose(
        actor=cast.facilitator, election=election, version=election.version, nominee=_m(cast, "member"), reason="3"
    )
    for person in ["core_member", "facilitator", "observer"]:
        services.answer(actor=getattr(cast, person), election=election, choice=Answer.Choice.CONSENT)
    services.answer(actor=cast.member, election=election, choice=Answer.Choice.CONSENT)
    election.refresh_from_db()
    assert election.phase == Phase.DONE
    assert election.elected == _m(cast, "member")
    assignment = RoleAssignment.objects.get(role=election.role, membership=_m(cast, "member"))
    assert assignment.term_ends_on == services.term_end(timezone.localdate(), 12)
    assert AuditEntry.objects.filter(community=cast.community, action="role.elected").exists()
    phases = list(Step.objects.filter(election=election).values_list("phase", flat=True))
    assert phases == ["setup", "nomination", "reveal", "change", "proposal", "consent", "done"]


def test_the_nominee_answers_last(cast, election):
    _to_consent(cast, election)
    with pytest.raises(ValidationError, match="answers last"):
        services.answer(actor=cast.member, election=election, choice=Answer.Choice.CONSENT)


def test_an_objection_needs_a_reason_and_lets_the_facilitator_propose_someone_else(cast, election):
    _to_consent(cast, election)
    with pytest.raises(ValidationError):
        services.answer(actor=cast.observer, election=election, choice=Answer.Choice.OBJECT)
    services.answer(actor=cast.observer, election=election, choice=Answer.Choice.OBJECT, reason="Déjà trop chargée")
    election.refresh_from_db()
    services.propose(
        actor=cast.facilitator, election=election, version=election.version, nominee=_m(cast, "observer"), reason="2e"
    )
    assert list(election.proposals.values_list("outcome", flat=True)) == [
        Proposal.Outcome.SET_ASIDE,
        Proposal.Outcome.OPEN,
    ]


def test_a_second_proposal_is_refused_while_the_consent_round_has_no_objection(cast, election):
    _to_consent(cast, election)
    with pytest.raises(ValidationError):
        services.propose(
            actor=cast.facilitator,
            election=election,
            version=election.version,
            nominee=_m(cast, "observer"),
            reason="x",
        )


def test_after_an_objection_the_facilitator_can_go_back_to_the_change_round(cast, election):
    _to_consent(cast, election)
    services.answer(actor=cast.observer, election=election, choice=Answer.Choice.OBJECT, reason="Pas maintenant")
    election.refresh_from_db()
    services.go_back(actor=cast.facilitator, election=election, version=election.version, reason="On rediscute")
    election.refresh_from_db()
    assert election.phase == Phase.CHANGE
    # Each may change once more in the new change round.
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "core_member"), reason="Autre idée")


@pytest.mark.parametrize(
    ("phase_moves", "bad_move"),
    [
        ([], "reveal"),
        ([], "open_changes"),
        (["open_nominations"], "close_changes"),
        (["open_nominations"], "open_nominations"),
    ],
)
def test_invalid_transitions_are_refused(cast, election, phase_moves, bad_move):
    for name in phase_moves:
        move(election, cast.facilitator, name)
    with pytest.raises(ValidationError):
        move(election, cast.facilitator, bad_move)


def test_an_unknown_move_is_refused(cast, election):
    with pytest.raises(ValidationError):
        move(election, cast.facilitator, "skip_to_the_end")


def test_the_reveal_needs_a_nomination(cast, election):
    move(election, cast.facilitator, "open_nominations")
    with pytest.raises(ValidationError, match="Nobody has nominated"):
        move(election, cast.facilitator, "reveal")


def test_a_proposal_before_the_change_round_ends_is_refused(cast, election):
    move(election, cast.facilitator, "open_nominations")
    with pytest.raises(ValidationError):
        services.propose(
            actor=cast.facilitator, election=election, version=2, nominee=_m(cast, "member"), reason="Trop tôt"
        )


def test_a_late_nomination_is_refused(cast, election):
    move(election, cast.facilitator, "open_nominations")
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="Présente")
    move(election, cast.facilitator, "reveal")
    with pytest.raises(ValidationError, match="closed"):
        services.nominate(actor=cast.observer, election=election, nominee=_m(cast, "member"), reason="En retard")


def test_a_nomination_before_the_nominations_open_is_refused(cast, election):
    with pytest.raises(ValidationError):
        services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="Trop tôt")


def test_a_double_nomination_is_refused(cast, election):
    move(election, cast.facilitator, "open_nominations")
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="Une")
    with pytest.raises(ValidationError, match="already written"):
        services.nominate(actor=cast.member, election=election, nominee=_m(cast, "core_member"), reason="Deux")


def test_a_nomination_needs_a_reason_and_a_member(cast, election):
    move(election, cast.facilitator, "open_nominations")
    with pytest.raises(ValidationError):
        services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="  ")
    outsider = community_services.Membership.objects.create(community=cast.community, user=cast.outsider)
    outsider.status = "left"
    outsider.save()
    with pytest.raises(ValidationError):
        services.nominate(actor=cast.member, election=election, nominee=outsider, reason="Partie")


def test_someone_outside_the_circle_cannot_nominate(cast):
    election = make_election(cast, circle=working_group(cast, people=("core_member", "facilitator", "member")))
    move(election, cast.facilitator, "open_nominations")
    with pytest.raises(ValidationError, match="participants"):
        services.nominate(actor=cast.observer, election=election, nominee=_m(cast, "member"), reason="Moi aussi")


def test_the_facilitator_records_a_nomination_for_someone_present(cast, election):
    move(election, cast.facilitator, "open_nominations")
    found = services.nominate(
        actor=cast.facilitator,
        election=election,
        nominee=_m(cast, "core_member"),
        reason="Dit en réunion",
        for_member=_m(cast, "observer"),
    )
    assert found.nominator == _m(cast, "observer") and found.recorded_by == cast.facilitator
    # A member cannot write for someone else.
    with pytest.raises(Exception):  # noqa: B017  (refused: 403)
        services.nominate(
            actor=cast.member,
            election=election,
            nominee=_m(cast, "core_member"),
            reason="À sa place",
            for_member=_m(cast, "core_member"),
        )


def test_a_participant_who_leaves_mid_process_no_longer_takes_part_nor_counts(cast, election):
    move(election, cast.facilitator, "open_nominations")
    services.nominate(actor=cast.observer, election=election, nominee=_m(cast, "member"), reason="Avant de partir")
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "core_member"), reason="Solide")
    community_services.membership_leave(user=cast.observer, community=cast.community)
    with pytest.raises(Exception):  # noqa: B017  (no membership any more: refused)
        services.nominate(actor=cast.observer, election=election, nominee=_m(cast, "member"), reason="Encore")
    move(election, cast.facilitator, "reveal")
    from ..selectors import current_support

    election.refresh_from_db()
    assert [s.nominee for s in current_support(election)] == [_m(cast, "core_member")]


def test_a_nominee_who_leaves_during_the_consent_round_lets_the_facilitator_propose_again(cast, election):
    _to_consent(cast, election, nominee="observer")
    community_services.membership_leave(user=cast.observer, community=cast.community)
    with pytest.raises(ValidationError, match="left the community"):
        services.answer(actor=cast.member, election=election, choice=Answer.Choice.CONSENT)
    election.refresh_from_db()
    services.propose(
        actor=cast.facilitator, election=election, version=election.version, nominee=_m(cast, "member"), reason="Autre"
    )


def test_a_participant_who_left_is_not_awaited_in_the_consent_round(cast, election):
    _to_consent(cast, election)
    for person in ["core_member", "facilitator"]:
        services.answer(actor=getattr(cast, person), election=election, choice=Answer.Choice.CONSENT)
    community_services.membership_leave(user=cast.observer, community=cast.community)
    services.answer(actor=cast.member, election=election, choice=Answer.Choice.CONSENT)
    election.refresh_from_db()
    assert election.phase == Phase.DONE


def test_a_double_answer_is_refused(cast, election):
    _to_consent(cast, election)
    services.answer(actor=cast.observer, election=election, choice=Answer.Choice.CONSENT)
    with pytest.raises(ValidationError, match="already given"):
        services.answer(actor=cast.observer, election=election, choice=Answer.Choice.OBJECT, reason="Changé")


def test_two_facilitators_acting_from_the_same_page_the_second_is_told(cast, election):
    version = election.version
    services.election_move(actor=cast.facilitator, election=election, version=version, move="open_nominations")
    with pytest.raises(services.Conflict):
        services.election_move(actor=cast.core_member, election=election, version=version, move="open_nominations")
    with pytest.raises(services.Conflict):
        services.election_cancel(actor=cast.core_member, election=election, version=version, reason="Doublon")
    election.refresh_from_db()
    assert election.phase == Phase.NOMINATION
    assert election.participants.count() == 4  # opened once


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_at_the_same_moment_only_one_move_is_taken(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are PostgreSQL's (SQLite serialises every writer)")
    election = make_election(cast)
    version = election.version
    outcomes = []
    barrier = threading.Barrier(2)

    def act(user):
        from django.db import connections

        try:
            barrier.wait()
            services.election_move(actor=user, election=election, version=version, move="open_nominations")
            outcomes.append("moved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(u,)) for u in (cast.facilitator, cast.core_member)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["moved", "refused"]
    assert Election.objects.get(pk=election.pk).participants.count() == 4


def test_a_member_cannot_move_an_election(cast, election):
    with pytest.raises(Exception):  # noqa: B017  (403)
        move(election, cast.member, "open_nominations")


def test_a_community_closed_mid_process_allows_nothing_more(cast, election):
    move(election, cast.facilitator, "open_nominations")
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="Avant")
    cast.community.phase = CommunityPhase.CLOSED
    cast.community.save(update_fields=["phase"])
    with pytest.raises(PermissionDenied, match="closed"):
        services.nominate(actor=cast.observer, election=election, nominee=_m(cast, "member"), reason="Après")
    with pytest.raises(PermissionDenied, match="closed"):
        move(election, cast.facilitator, "reveal")
    with pytest.raises(PermissionDenied, match="closed"):
        election.refresh_from_db()
        services.election_cancel(actor=cast.facilitator, election=election, version=election.version, reason="Fin")
    with pytest.raises(PermissionDenied, match="closed"):
        make_election(cast)


def test_cancelling_an_election_is_dated_and_final(cast, election):
    services.election_cancel(actor=cast.facilitator, election=election, version=election.version, reason="Plus utile")
    election.refresh_from_db()
    assert election.phase == Phase.CANCELLED
    with pytest.raises(ValidationError):
        move(election, cast.facilitator, "open_nominations")


def test_the_setup_is_checked(cast):
    with pytest.raises(ValidationError):
        make_election(cast, term_months=0)
    with pytest.raises(ValidationError):
        community_services_member = cast.membership(cast.member)
        services.election_create(
            actor=cast.facilitator,
            community=cast.community,
            subject=Election.Subject.ROLE,
            role=None,
            circle=working_group(cast, name="Autre"),
            description="x",
            term_months=12,
            facilitator=community_services_member,  # neither core team nor facilitation role
        )


def test_an_election_of_a_representative_sets_the_circle_representative(cast):
    circle = working_group(cast)
    election = make_election(cast, circle=circle, subject=Election.Subject.REPRESENTATIVE)
    _to_consent(cast, election)
    for person in ["core_member", "facilitator", "observer"]:
        services.answer(actor=getattr(cast, person), election=election, choice=Answer.Choice.CONSENT)
    services.answer(actor=cast.member, election=election, choice=Answer.Choice.CONSENT)
    circle.refresh_from_db()
    assert circle.representative == _m(cast, "member")


def test_a_representative_is_nominated_among_the_circles_members(cast):
    circle = working_group(cast, people=("core_member", "facilitator", "member"))
    election = make_election(cast, circle=circle, subject=Election.Subject.REPRESENTATIVE)
    move(election, cast.facilitator, "open_nominations")
    with pytest.raises(ValidationError):  # the observer is a member of the community, not of the circle
        services.nominate(actor=cast.member, election=election, nominee=_m(cast, "observer"), reason="Disponible")
    services.nominate(actor=cast.member, election=election, nominee=_m(cast, "facilitator"), reason="Disponible")


def test_the_term_reminder_is_sent_once_before_the_term_ends(cast, election):
    _to_consent(cast, election)
    for person in ["core_member", "facilitator", "observer", "member"]:
        services.answer(actor=getattr(cast, person), election=election, choice=Answer.Choice.CONSENT)
    election.refresh_from_db()
    assert services.term_reminders() == 0  # a year away
    Election.objects.filter(pk=election.pk).update(term_ends_on=timezone.localdate() + timezone.timedelta(days=20))
    before = Notification.objects.filter(verb="election_term_ending").count()
    assert services.term_reminders() == 1
    assert services.term_reminders() == 0
    reminded = Notification.objects.filter(verb="election_term_ending")
    assert reminded.count() > before
    assert set(reminded.values_list("recipient", flat=True)) >= {cast.member.pk, cast.facilitator.pk}


def test_the_outcome_is_told_with_the_term_end_in_the_readers_words(cast, election):
    _to_consent(cast, election)
    for person in ["core_member", "facilitator", "observer", "member"]:
        services.answer(actor=getattr(cast, person), election=election, choice=Answer.Choice.CONSENT)
    told = Notification.objects.get(recipient=cast.observer, verb="election_done")
    election.refresh_from_db()
    assert str(election.term_ends_on.year) in told.message and "-" not in told.message.split("until")[-1]
