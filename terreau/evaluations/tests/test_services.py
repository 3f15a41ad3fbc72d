"""The core team's work on an evaluation: its states, the assessment's conflicting edits, the
interviews, the renewal plan and its items made actions of the action plan."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau.audit.models import AuditEntry
from terreau.core.models import Visibility
from terreau.evaluations import services
from terreau.evaluations.models import Evaluation, Heading, Interview, RenewalItem
from terreau.launch.models import Action

from .factories import FIGURES, SUMMARIES, fake_sources, make_evaluation


@pytest.fixture
def evaluation(cast):
    return make_evaluation(cast.community)


def _assess(cast, evaluation, **fields):
    fields.setdefault("culture", "La confiance s'installe ; les membres osent poser leurs questions.")
    return services.assessment_save(
        actor=cast.core_member,
        evaluation=evaluation,
        version=Evaluation.objects.get(pk=evaluation.pk).version,
        **fields,
    )


def _status(evaluation):
    return Evaluation.objects.get(pk=evaluation.pk).status


def test_planned_in_progress_concluded_reopened_step_by_step(cast, evaluation, monkeypatch):
    fake_sources(monkeypatch)
    actor = cast.core_member
    with pytest.raises(ValidationError, match="not started"):
        services.evaluation_conclude(
            actor=actor, evaluation=evaluation, version=evaluation.version, visibility="members"
        )
    with pytest.raises(ValidationError, match="not concluded"):
        services.evaluation_reopen(actor=actor, evaluation=evaluation)

    services.evaluation_start(actor=actor, evaluation=evaluation)
    assert _status(evaluation) == "in_progress"
    with pytest.raises(ValidationError, match="already started"):
        services.evaluation_start(actor=actor, evaluation=evaluation)
    version = Evaluation.objects.get(pk=evaluation.pk).version
    with pytest.raises(ValidationError, match="assessment on at least one axis"):
        services.evaluation_conclude(actor=actor, evaluation=evaluation, version=version, visibility="members")

    _assess(cast, evaluation, culture_rating=3)
    version = Evaluation.objects.get(pk=evaluation.pk).version
    services.evaluation_conclude(actor=actor, evaluation=evaluation, version=version, visibility="members")
    concluded = Evaluation.objects.get(pk=evaluation.pk)
    assert (concluded.status, concluded.visibility, concluded.concluded_by) == ("concluded", "members", actor)
    with pytest.raises(ValidationError, match="already concluded"):
        services.evaluation_conclude(actor=actor, evaluation=concluded, version=concluded.version, visibility="members")
    with pytest.raises(ValidationError, match="reopen it"):
        _assess(cast, concluded, tools="Trop d'outils.")
    assert AuditEntry.objects.filter(action="evaluation.concluded", target_id=evaluation.pk).exists()

    services.evaluation_reopen(actor=actor, evaluation=concluded)
    assert _status(evaluation) == "in_progress"
    assert AuditEntry.objects.filter(action="evaluation.reopened", target_id=evaluation.pk).exists()


def test_the_first_thing_recorded_starts_a_planned_evaluation(cast, evaluation):
    services.interview_save(
        actor=cast.core_member,
        interview=Interview(
            evaluation=evaluation,
            interviewee=cast.membership(cast.member),
            interviewer=cast.membership(cast.core_member),
            held_on=date(2026, 4, 2),
            notes="Julie apprécie les rencontres mensuelles mais manque de temps.",
        ),
    )
    assert _status(evaluation) == "in_progress"


def test_concluding_keeps_the_period_s_figures_and_surveys(cast, evaluation, monkeypatch):
    asked = fake_sources(monkeypatch)
    _assess(cast, evaluation)
    services.evaluation_conclude(
        actor=cast.core_member,
        evaluation=evaluation,
        version=Evaluation.objects.get(pk=evaluation.pk).version,
        visibility="core_team",
    )
    assert asked == [
        ("figures", evaluation.period_start, evaluation.period_end),
        ("surveys", evaluation.period_start, evaluation.period_end),
    ]
    concluded = Evaluation.objects.get(pk=evaluation.pk)
    assert [f["key"] for f in concluded.figures_kept] == [f.key for f in FIGURES]
    assert concluded.figures_kept[1] == {
        "key": "active_members",
        "label": "Active members",
        "value": 18,
        "previous": 12,
        "unit": "",
    }
    assert concluded.surveys_kept[0]["title"] == SUMMARIES[0].title
    assert concluded.surveys_kept[0]["lines"][0] == ["Animation", "4.1 / 5"]
    # What the statistics say later no longer changes a concluded evaluation.
    fake_sources(monkeypatch, figures=[], summaries=[])
    from terreau.evaluations import selectors

    assert len(selectors.figures(concluded)) == 3 and len(selectors.survey_summaries(concluded)) == 1


def test_a_stale_assessment_is_refused_and_nothing_is_saved(cast, evaluation):
    opened_at = evaluation.version
    _assess(cast, evaluation, culture="Première version")
    with pytest.raises(services.StaleEdit):
        services.assessment_save(actor=cast.core_member, evaluation=evaluation, version=opened_at, culture="Autre")
    assert Evaluation.objects.get(pk=evaluation.pk).culture == "Première version"


def test_a_rating_outside_1_to_4_is_refused(cast, evaluation):
    with pytest.raises(ValidationError):
        _assess(cast, evaluation, tools_rating=5)


def test_an_interview_names_someone(cast, evaluation):
    with pytest.raises(ValidationError) as error:
        services.interview_save(
            actor=cast.core_member,
            interview=Interview(evaluation=evaluation, held_on=date(2026, 4, 2), notes="…"),
        )
    assert "interviewee" in error.value.error_dict
    outside = Interview(
        evaluation=evaluation, interviewee_name="Coopérative Paysans-Artisans", held_on=date(2026, 4, 2), notes="…"
    )
    services.interview_save(actor=cast.core_member, interview=outside)
    assert outside.created_by == cast.core_member


def test_only_the_core_team_works_on_an_evaluation(cast, evaluation):
    for person in (cast.member, cast.facilitator):
        with pytest.raises((PermissionDenied, Http404)):
            services.evaluation_start(actor=person, evaluation=evaluation)
        with pytest.raises((PermissionDenied, Http404)):
            services.renewal_item_save(
                actor=person, item=RenewalItem(evaluation=evaluation, heading=Heading.THEMES, text="x")
            )


def test_a_renewal_item_becomes_an_action_linked_both_ways(cast, evaluation):
    owner = cast.membership(cast.member)
    item = services.renewal_item_save(
        actor=cast.core_member,
        item=RenewalItem(
            evaluation=evaluation,
            heading=Heading.RECRUITMENT,
            text="Parrainer chaque nouveau membre\nUn parrain ou une marraine dès l'inscription.",
            owner=owner,
            due_date=date(2026, 6, 30),
        ),
    )
    action = services.renewal_item_to_action(actor=cast.core_member, item=item)
    assert action.title == "Parrainer chaque nouveau membre"
    assert list(action.owners.all()) == [owner] and action.due_date == date(2026, 6, 30)
    assert f"/c/{cast.community.slug}/evaluations/{evaluation.pk}/" in action.description
    item.refresh_from_db()
    assert item.action == action and list(action.renewal_items.all()) == [item]
    assert action.visibility == Visibility.MEMBERS  # the action plan is the community's
    with pytest.raises(ValidationError, match="already an action"):
        services.renewal_item_to_action(actor=cast.core_member, item=item)
    assert Action.objects.filter(community=cast.community).count() == 1


def test_a_concluded_evaluation_s_items_still_become_actions(cast, evaluation, monkeypatch):
    fake_sources(monkeypatch)
    item = services.renewal_item_save(
        actor=cast.core_member, item=RenewalItem(evaluation=evaluation, heading=Heading.THEMES, text="Ajouter le vrac")
    )
    _assess(cast, evaluation)
    services.evaluation_conclude(
        actor=cast.core_member,
        evaluation=evaluation,
        version=Evaluation.objects.get(pk=evaluation.pk).version,
        visibility="members",
    )
    action = services.renewal_item_to_action(actor=cast.core_member, item=item)
    assert action.title == "Ajouter le vrac" and list(action.owners.all()) == []
    with pytest.raises(ValidationError, match="reopen it"):
        services.renewal_item_save(
            actor=cast.core_member, item=RenewalItem(evaluation=evaluation, heading=Heading.THEMES, text="Encore")
        )


def test_an_owner_from_elsewhere_is_refused(cast, public_cast, evaluation):
    stranger = public_cast.membership(public_cast.member)
    with pytest.raises(ValidationError) as error:
        services.renewal_item_save(
            actor=cast.core_member,
            item=RenewalItem(evaluation=evaluation, heading=Heading.ROLES, text="Un rôle de veille", owner=stranger),
        )
    assert "owner" in error.value.error_dict


def test_deleting_an_interview_or_an_item_is_in_the_change_log(cast, evaluation):
    interview = services.interview_save(
        actor=cast.core_member,
        interview=Interview(
            evaluation=evaluation, interviewee_name="Groupe logistique", held_on=date(2026, 4, 1), notes="n"
        ),
    )
    item = services.renewal_item_save(
        actor=cast.core_member, item=RenewalItem(evaluation=evaluation, heading=Heading.CORE_TEAM, text="Un·e de plus")
    )
    services.interview_delete(actor=cast.core_member, interview=interview)
    services.renewal_item_delete(actor=cast.core_member, item=item)
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"interview.deleted", "renewal_item.deleted"}
