"""The evaluations' pages as people use them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.communities.models import Membership
from terreau.evaluations.models import Evaluation, Heading, Interview, RenewalItem
from terreau.launch.models import Action

from .factories import fake_sources, launch_on, make_evaluation


def _url(name, evaluation, *args):
    return reverse(f"evaluations:{name}", args=[evaluation.community.slug, evaluation.pk, *args])


@pytest.fixture
def evaluation(cast):
    return make_evaluation(cast.community, status=Evaluation.Status.IN_PROGRESS)


def test_the_page_gathers_the_period_s_figures_and_surveys(client, cast, evaluation, monkeypatch):
    asked = fake_sources(monkeypatch)
    client.force_login(cast.core_member)
    page = client.get(_url("detail", evaluation)).content.decode()
    assert ("figures", evaluation.period_start, evaluation.period_end) in asked
    for text in [
        "Active members",
        "<td>18</td>",
        "<td>12</td>",
        "23.5 %",
        "Enquête de satisfaction du printemps",
        "17 responses",
        "4.1 / 5",
        "/c/circuits-courts/surveys/1/results/",
    ]:
        assert text in page, text


def test_without_figures_or_surveys_the_page_says_so(client, cast, evaluation, monkeypatch):
    fake_sources(monkeypatch, figures=[], summaries=[])
    client.force_login(cast.core_member)
    page = client.get(_url("detail", evaluation)).content.decode()
    assert "No figure for this period yet." in page and "No survey closed or open in this period." in page


def test_members_read_a_concluded_evaluation_when_its_visibility_allows_but_never_the_notes(client, cast):
    concluded = make_evaluation(
        cast.community, status=Evaluation.Status.CONCLUDED, visibility="members", conclusion="Une belle dynamique."
    )
    Interview.objects.create(
        evaluation=concluded,
        interviewee=cast.membership(cast.member),
        held_on=date(2026, 4, 1),
        notes="Confidentiel : manque de temps",
    )
    hidden = make_evaluation(cast.community, number=2, status=Evaluation.Status.CONCLUDED, visibility="core_team")
    client.force_login(cast.member)
    page = client.get(_url("detail", concluded)).content.decode()
    assert "Une belle dynamique." in page and "Julie Martin" in page
    assert "Confidentiel" not in page
    assert client.get(_url("detail", hidden)).status_code == 404
    listing = client.get(reverse("evaluations:list", args=[cast.community.slug])).content.decode()
    assert "Evaluation at 3 months" in listing and "Evaluation at 6 months" not in listing
    client.force_login(cast.core_member)
    assert "Confidentiel" in client.get(_url("detail", concluded)).content.decode()


def test_an_evaluation_in_progress_is_the_core_team_s(client, cast, evaluation):
    client.force_login(cast.member)
    assert client.get(_url("detail", evaluation)).status_code == 404
    client.force_login(cast.core_member)
    assert client.get(_url("detail", evaluation)).status_code == 200


def test_the_list_shows_the_next_evaluation_and_the_launch_it_counts_from(client, cast):
    launch_on(cast.community, date(2026, 1, 15))
    make_evaluation(cast.community, launch=date(2026, 1, 15))
    client.force_login(cast.core_member)
    page = client.get(reverse("evaluations:list", args=[cast.community.slug])).content.decode()
    assert "Evaluation at 3 months" in page and "15 April 2026" in page
    assert "Counted from the launch on 15 January 2026." in page


def test_recording_an_interview_and_the_assessment(client, cast, evaluation):
    client.force_login(cast.core_member)
    member = cast.membership(cast.member)
    response = client.post(
        _url("interview_create", evaluation),
        {"interviewee": member.pk, "held_on": "2026-04-02", "notes": "Les rencontres aident.", "interviewer": ""},
    )
    assert response.status_code == 302
    assert Interview.objects.get(evaluation=evaluation).interviewee == member
    response = client.post(
        _url("assessment", evaluation),
        {"version": evaluation.version, "culture": "Confiance", "culture_rating": "3", "tools": "Trop d'outils"},
    )
    assert response.status_code == 302
    saved = Evaluation.objects.get(pk=evaluation.pk)
    assert (saved.culture, saved.culture_rating, saved.tools) == ("Confiance", 3, "Trop d'outils")


def test_a_crossed_assessment_keeps_what_was_typed_and_says_why(client, cast, evaluation):
    client.force_login(cast.core_member)
    opened = evaluation.version
    client.post(_url("assessment", evaluation), {"version": opened, "culture": "Première"})
    response = client.post(_url("assessment", evaluation), {"version": opened, "culture": "Seconde version tapée"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this evaluation" in page and "Seconde version tapée" in page
    assert Evaluation.objects.get(pk=evaluation.pk).culture == "Première"
    # Sent again, knowingly, it is saved.
    again = client.post(_url("assessment", evaluation), {"version": opened + 1, "culture": "Seconde version tapée"})
    assert again.status_code == 302


def test_a_renewal_item_becomes_an_action_that_shows_in_the_plan_and_its_status_here(client, cast, evaluation):
    client.force_login(cast.core_member)
    response = client.post(
        _url("renewal_create", evaluation),
        {"heading": Heading.ACTIVITIES, "text": "Une visite d'exploitation par trimestre", "due_date": "2026-06-30"},
    )
    assert response.status_code == 302
    item = RenewalItem.objects.get(evaluation=evaluation)
    assert client.post(_url("renewal_action", evaluation, item.pk)).status_code == 302
    action = Action.objects.get(community=cast.community)
    plan = client.get(reverse("launch:actions", args=[cast.community.slug]) + "?show=all").content.decode()
    assert "Une visite d&#x27;exploitation par trimestre" in plan
    action.status = Action.Status.DOING
    action.save()
    page = client.get(_url("detail", evaluation)).content.decode()
    assert f"#action-{action.pk}" in page and "In progress" in page


def test_concluding_without_an_assessment_says_why(client, cast, evaluation):
    client.force_login(cast.core_member)
    response = client.post(_url("conclude", evaluation), {"visibility": "members", "version": evaluation.version})
    assert response.status_code == 200
    assert "Write the team&#x27;s assessment on at least one axis" in response.content.decode()


def test_the_summary_downloads_as_a_document(client, cast, monkeypatch):
    fake_sources(monkeypatch)
    concluded = make_evaluation(cast.community, status=Evaluation.Status.CONCLUDED, culture="Confiance")
    client.force_login(cast.core_member)
    response = client.get(_url("download", concluded, "docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evaluation-3-months-circuits-courts.docx"'
    assert client.get(_url("download", concluded, "pdf")).status_code == 404


def _grow(evaluation, cast, count):
    members = [
        Membership.objects.create(
            community=cast.community,
            user=cast.admin.__class__.objects.create_user(
                f"m{evaluation.pk}-{n}-{count}@example.org", "pw", display_name=f"Membre {n}"
            ),
        )
        for n in range(count)
    ]
    Interview.objects.bulk_create(
        Interview(evaluation=evaluation, interviewee=m, interviewer=m, held_on=date(2026, 3, 1), notes="n")
        for m in members
    )
    items = RenewalItem.objects.bulk_create(
        RenewalItem(evaluation=evaluation, heading=Heading.THEMES, text=f"Item {n}", owner=m)
        for n, m in enumerate(members)
    )
    for item in items[::2]:
        item.action = Action.objects.create(community=cast.community, title=item.text)
        item.save(update_fields=["action"])


@pytest.mark.parametrize("person", ["core_member", "member"])
def test_the_page_s_query_count_does_not_grow_with_interviews_and_items(
    client, cast, django_assert_num_queries, person
):
    evaluation = make_evaluation(cast.community, status=Evaluation.Status.CONCLUDED, visibility="members")
    client.force_login(getattr(cast, person))
    _grow(evaluation, cast, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url("detail", evaluation)).status_code == 200
    _grow(evaluation, cast, 30)
    with django_assert_num_queries(len(small)):
        assert client.get(_url("detail", evaluation)).status_code == 200


def test_an_item_shows_its_action_only_to_those_who_may_see_the_action(client, cast):
    concluded = make_evaluation(cast.community, status=Evaluation.Status.CONCLUDED, visibility="members")
    hidden = Action.objects.create(community=cast.community, title="Action du noyau seulement", visibility="core_team")
    RenewalItem.objects.create(evaluation=concluded, heading=Heading.CORE_TEAM, text="Renouveler", action=hidden)
    client.force_login(cast.member)
    assert "Action du noyau seulement" not in client.get(_url("detail", concluded)).content.decode()
    client.force_login(cast.core_member)
    assert "Action du noyau seulement" in client.get(_url("detail", concluded)).content.decode()


def test_the_list_s_query_count_does_not_grow_with_the_evaluations(client, cast, django_assert_num_queries):
    launch_on(cast.community, date(2020, 1, 15))
    client.force_login(cast.core_member)
    url = reverse("evaluations:list", args=[cast.community.slug])
    make_evaluation(cast.community, launch=date(2020, 1, 15), number=1, status=Evaluation.Status.CONCLUDED)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(2, 12):
        make_evaluation(cast.community, launch=date(2020, 1, 15), number=number, status=Evaluation.Status.CONCLUDED)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
