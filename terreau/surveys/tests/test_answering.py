"""Answering: members once (named: changed until closing), stakeholders by link (rate-limited),
what was typed kept on error, a closed survey refusing clearly; the opening told and the
reminder sent once; the results and their export; the evaluations' summaries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.exchanges.models import FeedItem, Notification
from terreau.surveys import selectors, services
from terreau.surveys.models import Participation, Response, Survey

from .factories import full_answers, make_survey, post_data

pytestmark = pytest.mark.django_db


def _answer_url(cast, survey):
    return reverse("surveys:answer", args=[cast.community.slug, survey.pk])


def test_a_member_answers_an_anonymous_survey_once(cast, client):
    survey = make_survey(cast)
    client.force_login(cast.member)
    response = client.post(_answer_url(cast, survey), post_data(survey))
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1
    assert Response.objects.get(survey=survey).respondent is None
    response = client.post(_answer_url(cast, survey), post_data(survey, "Encore"))
    assert response.status_code == 409
    assert "cannot be changed" in response.text
    assert Response.objects.filter(survey=survey).count() == 1
    with pytest.raises(ValidationError, match="already answered"):
        services.response_submit(survey=survey, user=cast.member, answers=full_answers(survey))


def test_a_named_answer_is_changed_until_closing(cast, client):
    survey = make_survey(cast, is_anonymous=False)
    client.force_login(cast.member)
    client.post(_answer_url(cast, survey), post_data(survey, "Premier avis"))
    page = client.get(_answer_url(cast, survey))
    assert "Premier avis" in page.text  # the form comes back filled
    client.post(_answer_url(cast, survey), post_data(survey, "Avis corrigé"))
    found = Response.objects.get(survey=survey)
    assert found.respondent == cast.member and "Avis corrigé" in found.answers.values()
    services.survey_close(actor=cast.core_member, survey=survey)
    response = client.post(_answer_url(cast, survey), post_data(survey, "Trop tard"))
    assert response.status_code == 409
    assert "This survey is closed" in response.text


def test_a_missing_required_answer_keeps_what_was_typed(cast, client):
    survey = make_survey(cast)
    client.force_login(cast.member)
    data = post_data(survey, "Mon texte soigneusement écrit")
    data.pop(f"q{survey.questions.filter(kind='likert').first().pk}")
    response = client.post(_answer_url(cast, survey), data)
    assert response.status_code == 200
    assert "Mon texte soigneusement écrit" in response.text
    assert "This field is required" in response.text
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_a_survey_to_come_or_past_refuses_answers(cast, client):
    today = timezone.localdate()
    later = make_survey(cast, opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=9))
    with pytest.raises(ValidationError, match="opens on"):
        services.response_submit(survey=later, user=cast.member, answers={})
    past = make_survey(cast)
    Survey.objects.filter(pk=past.pk).update(closes_on=today - timedelta(days=1))
    past.refresh_from_db()
    client.force_login(cast.member)
    response = client.get(_answer_url(cast, past))
    assert "This survey is closed" in response.text and '<form method="post" novalidate' not in response.text


def test_a_circle_survey_is_answered_by_its_circle_only(cast):
    from terreau.circles.services import core_team_circle

    survey = make_survey(cast, audience="circle", circle=core_team_circle(cast.community))
    with pytest.raises(ValidationError, match="not addressed to you"):
        services.response_submit(survey=survey, user=cast.member, answers={})
    services.response_submit(survey=survey, user=cast.core_member, answers=full_answers(survey))
    assert list(services.audience_users(survey)) == [cast.core_member]


def test_stakeholders_answer_by_the_link_without_an_account_and_are_rate_limited(cast, client):
    cache.clear()
    survey = make_survey(cast, template="interest", audience="stakeholders")
    url = reverse("surveys:link", args=[cast.community.slug, survey.token])
    assert client.get(url).status_code == 200
    for _number in range(10):
        assert client.post(url, post_data(survey)).status_code == 302
    response = client.post(url, post_data(survey, "Onzième"))
    assert response.status_code == 429 and "Onzième" in response.text
    assert Response.objects.filter(survey=survey).count() == 10
    assert client.get(reverse("surveys:link", args=[cast.community.slug, "not-the-token"])).status_code == 404
    cache.clear()


def test_opening_tells_the_audience_and_the_reminder_goes_once_to_those_who_have_not_answered(cast):
    today = timezone.localdate()
    survey = make_survey(cast, closes_on=today + timedelta(days=10))
    told = set(Notification.objects.filter(verb="survey_opened").values_list("recipient", flat=True))
    assert told == {cast.member.pk, cast.observer.pk, cast.facilitator.pk}  # not the one who opened it
    assert FeedItem.objects.filter(verb="survey_opened").count() == 1
    services.response_submit(survey=survey, user=cast.member, answers=full_answers(survey))
    assert services.send_reminders() == 0  # too early
    Survey.objects.filter(pk=survey.pk).update(opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=2))
    assert services.send_reminders() == 1
    reminded = set(Notification.objects.filter(verb="survey_reminder").values_list("recipient", flat=True))
    assert reminded == {cast.observer.pk, cast.facilitator.pk, cast.core_member.pk}
    assert services.send_reminders() == 0  # once
    assert Notification.objects.filter(verb="survey_reminder").count() == 3


def test_a_survey_opened_ahead_is_announced_on_its_day(cast):
    today = timezone.localdate()
    survey = make_survey(cast, opens_on=today + timedelta(days=2), closes_on=today + timedelta(days=9))
    assert not Notification.objects.filter(verb="survey_opened").exists()
    assert services.announce_due() == 0
    Survey.objects.filter(pk=survey.pk).update(opens_on=today)
    assert services.announce_due() == 1
    assert services.announce_due() == 0
    assert Notification.objects.filter(verb="survey_opened").count() == 4  # nobody opened it today: all four


def _answer_many(cast, survey, count):
    for number in range(count):
        services.response_submit(survey=survey, answers=full_answers(survey, f"Texte {number}"))


def test_the_results_show_charts_tables_and_texts_with_a_flat_query_count(cast, client):
    survey = make_survey(cast, audience="stakeholders", results_for="members")
    client.force_login(cast.member)
    url = reverse("surveys:results", args=[cast.community.slug, survey.pk])
    _answer_many(cast, survey, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _answer_many(cast, survey, 29)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.text.count('role="img"') == 8  # seven scales and one multiple choice
    assert "average 4.0 / 5" in response.text
    assert "All 32 answers" in response.text
    texts = client.get(
        reverse(
            "surveys:text_answers",
            args=[cast.community.slug, survey.pk, survey.questions.filter(kind="text").first().pk],
        )
    )
    assert "Page 1 of 2" in texts.text


def test_results_are_for_the_core_team_unless_the_survey_says_members(cast, client):
    survey = make_survey(cast)
    client.force_login(cast.member)
    assert client.get(reverse("surveys:results", args=[cast.community.slug, survey.pk])).status_code == 403
    client.force_login(cast.core_member)
    assert client.get(reverse("surveys:results", args=[cast.community.slug, survey.pk])).status_code == 200


def test_the_csv_of_an_anonymous_survey_has_no_column_that_says_who(cast, client):
    survey = make_survey(cast)
    services.response_submit(survey=survey, user=cast.member, answers=full_answers(survey, "Avis libre"))
    services.response_submit(survey=survey, user=cast.observer, answers=full_answers(survey, "Avis libre"))
    services.response_submit(survey=survey, user=cast.facilitator, answers=full_answers(survey, "Avis libre"))
    client.force_login(cast.core_member)
    content = client.get(reverse("surveys:results_csv", args=[cast.community.slug, survey.pk])).content.decode()
    header, row = content.lstrip("\ufeff").splitlines()[:2]
    assert "Name" not in header and "Date" not in header
    assert "Avis libre" in row and cast.member.display_name not in content
    named = make_survey(cast, is_anonymous=False)
    services.response_submit(survey=named, user=cast.member, answers=full_answers(named))
    content = client.get(reverse("surveys:results_csv", args=[cast.community.slug, named.pk])).content.decode()
    assert cast.member.display_name in content


def test_period_summaries_give_each_surveys_figures(cast):
    today = timezone.localdate()
    survey = make_survey(cast)
    services.response_submit(survey=survey, user=cast.member, answers=full_answers(survey))
    services.response_submit(survey=survey, user=cast.observer, answers=full_answers(survey, "Autre"))
    services.response_submit(survey=survey, user=cast.facilitator, answers=full_answers(survey, "Autre"))
    make_survey(cast, opened=False)  # a draft is not summarised
    found = selectors.period_summaries(cast.community, today - timedelta(days=30), today)
    assert len(found) == 1
    summary = found[0]
    assert summary.responses == 3 and summary.url.endswith(f"/surveys/{survey.pk}/results/")
    assert summary.rate == 0.75  # 3 of the 4 members
    assert summary.lines[0][1] == "4.0 / 5 (3 answers)"
    assert ("Which subjects or contents are missing?", "3 written answers") in summary.lines
    assert selectors.period_summaries(cast.community, today + timedelta(days=30), today + timedelta(days=60)) == []


def test_an_anonymous_surveys_results_wait_for_three_answers(cast, client):
    survey = make_survey(cast, results_for="members")
    services.response_submit(survey=survey, user=cast.member, answers=full_answers(survey, "Seul avis"))
    services.response_submit(survey=survey, user=cast.observer, answers=full_answers(survey, "Second avis"))
    client.force_login(cast.core_member)
    page = client.get(reverse("surveys:results", args=[cast.community.slug, survey.pk]))
    assert "show once 3 people have answered" in page.text and "Seul avis" not in page.text
    csv_text = client.get(reverse("surveys:results_csv", args=[cast.community.slug, survey.pk])).content.decode()
    assert "Seul avis" not in csv_text
    assert selectors.period_summaries(cast.community, survey.opens_on, survey.closes_on)[0].lines == []
    services.response_submit(survey=survey, user=cast.facilitator, answers=full_answers(survey, "Troisième"))
    page = client.get(reverse("surveys:results", args=[cast.community.slug, survey.pk]))
    assert "Seul avis" in page.text
