"""The builder: a survey from the guide's templates, questions added, edited, moved and removed
while it is a draft, frozen once opened; crossed edits refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from terreau.audit.models import AuditEntry
from terreau.surveys import services, survey_templates
from terreau.surveys.models import Question, Status

from .factories import make_survey

pytestmark = pytest.mark.django_db


def test_the_satisfaction_template_asks_on_the_guides_four_axes_in_each_readers_language(cast):
    survey = make_survey(cast, opened=False)
    questions = list(survey.questions.all())
    sections = [question.display_section for question in questions if question.display_section]
    assert sections == [
        "Steering: facilitation, support, responsiveness",
        "Content",
        "Activities",
        "Your individual added value",
    ]
    assert {question.kind for question in questions} == {"likert", "text", "multiple"}
    assert all(question.text == "" for question in questions)  # the guide's words, not copied
    # Looked up when read: the text follows the reader's language until someone edits it.
    with translation.override("fr"):
        assert survey.display_title == str(survey_templates.title("satisfaction"))
    questions[0].section = "Pilotage"
    assert questions[0].display_section == "Pilotage"


def test_the_interest_template_asks_the_define_phases_questions(cast):
    survey = make_survey(cast, template="interest", opened=False)
    kinds = [question.kind for question in survey.questions.all()]
    assert kinds == ["likert", "text", "multiple", "single", "text"]
    assert len(survey.questions.get(guide_key="interest.objectives").choice_list) == 4


def test_questions_are_added_edited_moved_and_removed_while_draft(cast, client):
    client.force_login(cast.core_member)
    survey = make_survey(cast, template="", opened=False, title="Consultation")
    url = reverse("surveys:question_create", args=[cast.community.slug, survey.pk])
    response = client.post(
        url,
        {
            "text": "Quel jour ?",
            "kind": "single",
            "choices": "Mardi",
            "scale": "satisfaction",
            "required": "on",
            "version": survey.version,
        },
    )
    assert response.status_code == 200
    assert "at least two choices" in response.text and "Quel jour ?" in response.text  # kept as typed
    survey.refresh_from_db()
    client.post(
        url,
        {
            "text": "Quel jour ?",
            "kind": "single",
            "choices": "Mardi\nJeudi",
            "scale": "satisfaction",
            "version": survey.version,
        },
    )
    survey.refresh_from_db()
    client.post(url, {"text": "Pourquoi ?", "kind": "text", "scale": "satisfaction", "version": survey.version})
    first, second = survey.questions.all()
    assert [first.text, second.text] == ["Quel jour ?", "Pourquoi ?"]
    services.question_move(actor=cast.core_member, question=second, direction="up")
    assert [q.text for q in survey.questions.all()] == ["Pourquoi ?", "Quel jour ?"]
    with pytest.raises(ValidationError):
        services.question_move(actor=cast.core_member, question=second, direction="up")
    services.question_delete(actor=cast.core_member, question=first)
    assert [q.text for q in survey.questions.all()] == ["Pourquoi ?"]


def test_a_crossed_edit_is_refused_and_what_was_typed_kept(cast, client):
    client.force_login(cast.core_member)
    survey = make_survey(cast, opened=False)
    question = survey.questions.first()
    stale = survey.version
    services.question_delete(actor=cast.core_member, question=survey.questions.last())  # someone else
    url = reverse("surveys:question_edit", args=[cast.community.slug, survey.pk, question.pk])
    response = client.post(
        url, {"text": "Ma nouvelle formulation", "kind": "likert", "scale": "satisfaction", "version": stale}
    )
    assert response.status_code == 200
    assert "Someone else changed this survey" in response.text
    assert "Ma nouvelle formulation" in response.text
    question.refresh_from_db()
    assert question.text == ""


def test_once_opened_the_questions_are_frozen(cast, client):
    survey = make_survey(cast)
    assert survey.status == Status.OPEN
    assert AuditEntry.objects.filter(action="survey.opened").count() == 1
    question = survey.questions.first()
    question.text = "Changée"
    with pytest.raises(ValidationError, match="can no longer change"):
        services.question_save(actor=cast.core_member, question=question, version=None)
    client.force_login(cast.core_member)
    response = client.get(
        reverse("surveys:question_edit", args=[cast.community.slug, survey.pk, question.pk]), follow=True
    )
    assert "can no longer change" in response.text
    assert Question.objects.get(pk=question.pk).text == ""


def test_an_empty_survey_cannot_open_nor_a_member_build(cast):
    survey = make_survey(cast, template="", opened=False, title="Vide")
    with pytest.raises(ValidationError, match="at least one question"):
        services.survey_open(actor=cast.core_member, survey=survey)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.survey_open(actor=cast.member, survey=survey)


def test_closing_stops_the_answers(cast):
    survey = make_survey(cast)
    services.survey_close(actor=cast.core_member, survey=survey)
    survey.refresh_from_db()
    assert survey.is_closed and not survey.is_accepting
    with pytest.raises(ValidationError):
        services.survey_close(actor=cast.core_member, survey=survey)


def test_creating_from_the_form_with_a_template(cast, client):
    client.force_login(cast.core_member)
    url = reverse("surveys:create", args=[cast.community.slug])
    data = {
        "template": "satisfaction",
        "title": "",
        "introduction": "",
        "is_anonymous": "on",
        "audience": "members",
        "opens_on": "2026-12-01",
        "closes_on": "2026-11-20",
        "results_for": "core_team",
    }
    response = client.post(url, data)
    assert "The closing date comes after the opening date." in response.text
    data["closes_on"] = "2026-12-20"
    response = client.post(url, data)
    assert response.status_code == 302
    survey = cast.community.surveys.get()
    assert survey.template == "satisfaction" and survey.title == "" and survey.questions.count() == 11


def test_an_open_surveys_closing_date_changes_and_a_crossed_change_is_refused(cast, client):
    survey = make_survey(cast)
    client.force_login(cast.core_member)
    url = reverse("surveys:edit", args=[cast.community.slug, survey.pk])
    page = client.get(url)
    assert 'name="is_anonymous"' not in page.text and 'name="closes_on"' in page.text
    later = survey.closes_on + timedelta(days=7)
    data = {"closes_on": later.isoformat(), "results_for": "members", "version": survey.version}
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.closes_on == later and survey.results_for == "members"
    response = client.post(url, {**data, "closes_on": (later + timedelta(days=1)).isoformat()})  # stale version
    assert "Someone else changed this survey" in response.text
    response = client.post(url, {**data, "closes_on": "2000-01-01", "version": survey.version})
    assert "Choose a closing date from today on" in response.text
