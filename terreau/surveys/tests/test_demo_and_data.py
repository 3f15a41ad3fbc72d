"""The surveys' demo, and what a person's data holds of their answers."""

import pytest

from terreau.surveys import demo, personal_data, selectors, services
from terreau.surveys.models import Participation, Response, Status

from .factories import full_answers, make_survey

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_closed_satisfaction_survey_and_an_open_consultation(cast):
    demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    closed, consultation = cast.community.surveys.order_by("opens_on")
    assert closed.template == "satisfaction" and closed.is_closed and closed.is_anonymous
    assert closed.responses.count() == 15
    assert not closed.responses.filter(respondent__isnull=False).exists()
    assert consultation.status == Status.OPEN and consultation.is_accepting
    found, responses = selectors.question_results(closed)
    assert responses == 15 and any(result.texts for result in found)


def test_the_export_of_a_named_answer_holds_it_and_of_an_anonymous_one_only_the_fact(cast):
    named = make_survey(cast, is_anonymous=False, template="interest")
    anonymous = make_survey(cast)
    services.response_submit(survey=named, user=cast.member, answers=full_answers(named, "Mes besoins"))
    services.response_submit(survey=anonymous, user=cast.member, answers=full_answers(anonymous, "Secret"))
    rows = personal_data.exporter(cast.member).data["surveys"]
    by_anonymity = {row["anonymous"]: row for row in rows}
    assert "Mes besoins" in by_anonymity[False]["answers"].values()
    assert set(by_anonymity[True]) == {"community", "survey", "anonymous", "answered"}
    assert "Secret" not in str(rows)


def test_erasing_keeps_the_answers_without_the_person(cast):
    named = make_survey(cast, is_anonymous=False)
    services.response_submit(survey=named, user=cast.member, answers=full_answers(named))
    personal_data.eraser(cast.member, "Former member")
    assert not Participation.objects.filter(user=cast.member).exists()
    kept = Response.objects.get(survey=named)
    assert kept.respondent is None and kept.name == "" and kept.answers
