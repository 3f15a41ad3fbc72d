import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import conftest
from terreau.communities.models import Community
from terreau.lifecycle import selectors, services
from terreau.lifecycle.models import Answer, PhaseChange
from terreau.lifecycle.questions import QUESTIONS, WORK_PHASES, for_phase

pytestmark = pytest.mark.django_db


def test_every_working_phase_has_the_guides_questions():
    assert all(for_phase(phase) for phase in WORK_PHASES)
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)


def save(cast, key="define.needs", status="settled", visibility="members", assignee=None):
    return services.answer_save(
        actor=cast.core_member,
        community=cast.community,
        question=key,
        text="Réponse",
        status=status,
        assignee=assignee,
        visibility=visibility,
    )


def test_the_core_team_answers_and_assigns_a_question(cast):
    answer = save(cast, status="in_progress", assignee=cast.membership(cast.core_member))
    assert answer.assignee.user == cast.core_member
    save(cast)  # the same question again updates the same answer
    assert Answer.objects.get().status == "settled"


def test_only_a_core_team_member_can_take_a_question_on(cast):
    with pytest.raises(ValidationError):
        save(cast, assignee=cast.membership(cast.member))


def test_members_cannot_answer(cast):
    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=cast.member,
            community=cast.community,
            question="define.why",
            text="x",
            status="open",
            assignee=None,
            visibility="members",
        )


def test_progress_counts_settled_questions_of_the_current_phase(cast):
    save(cast, "define.why")
    save(cast, "define.scope", status="in_progress")
    progress = selectors.current_progress(cast.community)
    assert (progress.settled, progress.total) == (1, len(for_phase("define")))


def test_moving_phase_is_recorded_and_can_be_undone(cast):
    change = services.phase_advance(actor=cast.core_member, community=cast.community)
    assert (change.from_phase, change.to_phase, change.changed_by) == ("define", "design", cast.core_member)
    assert Community.objects.get().phase == "design"
    services.phase_undo(actor=cast.core_member, community=cast.community)
    assert Community.objects.get().phase == "define"
    assert PhaseChange.objects.count() == 2
    with pytest.raises(ValidationError):  # an undo is not undone
        services.phase_undo(actor=cast.core_member, community=cast.community)


def test_closing_dates_the_community_and_reopening_clears_the_date(client, cast):
    Community.objects.filter(pk=cast.community.pk).update(phase="close")
    cast.community.refresh_from_db()
    change = services.phase_advance(actor=cast.core_member, community=cast.community)
    closed = Community.objects.get()
    assert (closed.phase, closed.closed_at) == ("closed", change.changed_at)
    client.force_login(cast.member)
    page = client.get(reverse("lifecycle:workspace", args=[cast.community.slug])).text
    assert "This community has been closed since" in page or "clôturée depuis" in page
    services.phase_undo(actor=cast.core_member, community=closed)
    assert Community.objects.get().closed_at is None


def test_core_team_only_answers_stay_hidden_from_members(client, cast):
    save(cast, "define.needs", visibility="core_team")
    client.force_login(cast.member)
    response = client.get(reverse("lifecycle:phase", args=[cast.community.slug, "define"]))
    assert "Réponse" not in response.text
    client.force_login(cast.core_member)
    response = client.get(reverse("lifecycle:phase", args=[cast.community.slug, "define"]))
    assert "Réponse" in response.text


def test_a_bad_answer_form_keeps_what_was_typed(client, cast):
    client.force_login(cast.core_member)
    url = reverse("lifecycle:answer", args=[cast.community.slug, "define.needs"])
    response = client.post(url, {"text": "Mon texte", "status": "nonsense", "visibility": "members"})
    assert response.status_code == 200 and response.context["form"].errors["status"]
    assert "Mon texte" in response.text
    assert not Answer.objects.exists()


def test_the_community_page_shows_what_is_left_in_the_phase(client, cast):
    client.force_login(cast.member)
    response = client.get(cast.community.get_absolute_url())
    assert response.context["phase_progress"].left == len(for_phase("define"))


def test_workspace_query_count_does_not_grow_with_answers(client, cast, django_assert_num_queries):
    client.force_login(cast.member)
    url = reverse("lifecycle:workspace", args=[cast.community.slug])
    save(cast, "define.why")
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    for question in QUESTIONS:
        save(cast, question.key)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


english = pytest.fixture(name="english")(conftest.in_english)


@pytest.mark.usefixtures("english")
def test_the_workspace_counts_questions_in_progress_apart_from_open_ones(client, cast):
    total = len(for_phase("define"))
    save(cast, "define.why")
    save(cast, "define.scope", status="in_progress")
    save(cast, "define.members", status="in_progress")
    save(cast, "define.needs", status="open")
    progress = selectors.current_progress(cast.community)
    assert (progress.open, progress.in_progress, progress.settled) == (total - 3, 2, 1)
    client.force_login(cast.core_member)
    response = client.get(reverse("lifecycle:workspace", args=[cast.community.slug]))
    text = " ".join(response.text.split())
    assert f"Open: {total - 3} · In progress: 2 · Settled: 1 (of the {total} questions of this phase)." in text
    assert "still open" not in text
    assert f"{total - 1} questions of this phase are not settled yet" in text
    define = next(progress for progress in response.context["phases"] if progress.phase == "define")
    assert (define.open, define.in_progress, define.settled) == (total - 3, 2, 1)


@pytest.mark.parametrize("key", ["define.why", "define.objectives"])
def test_why_and_the_objectives_are_written_in_the_definition_not_in_the_workspace(client, cast, key):
    client.force_login(cast.core_member)
    url = reverse("lifecycle:answer", args=[cast.community.slug, key])
    scope_url = reverse("definition:scope", args=[cast.community.slug])
    page = client.get(url)
    assert "text" not in page.context["form"].fields  # no second place to write it
    assert f'href="{scope_url}"' in page.text
    response = client.post(url, {"text": "Ailleurs", "status": "in_progress", "visibility": "members"})
    assert response.status_code == 302
    answer = Answer.objects.get(question=key)
    assert (answer.status, answer.text) == ("in_progress", "")
    phase = client.get(reverse("lifecycle:phase", args=[cast.community.slug, "define"]))
    row = next(row for row in phase.context["progress"].rows if row.question.key == key)
    assert row.tool_url == scope_url and f'href="{scope_url}"' in phase.text
