"""The facilitator's weekly hour: each task shows while there is something to do, and is marked done
once it is done; the page's query count does not grow with the community."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

import conftest
from conftest import make_member, make_user
from terreau.accounts.models import User
from terreau.calls import services as calls_services
from terreau.calls.tests.factories import apply, open_call
from terreau.communities import services as community_services
from terreau.communities.models import Community, JoinRequest, Membership
from terreau.communities.tests.test_query_counts import count_queries
from terreau.core import weekly
from terreau.emails.models import Email
from terreau.events.models import Event
from terreau.events.tests.factories import make_event
from terreau.exchanges import services as exchanges
from terreau.knowledge.models import KnowledgeItem
from terreau.knowledge.tests.helpers import make_item
from terreau.launch import services as launch
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db

# The tasks read in their English source words, whoever signs in.
english = pytest.fixture(autouse=True, name="english")(conftest.in_english)


def page(client, cast, person=None):
    client.force_login(person or cast.facilitator)
    response = client.get(reverse("overview:weekly_hour", args=[cast.community.slug]))
    assert response.status_code == 200
    return response


def tasks(response) -> dict[str, weekly.Task]:
    return {task.key: task for task in [*response.context["to_do"], *response.context["done"]]}


def to_do(response) -> set[str]:
    return {task.key for task in response.context["to_do"]}


def done(response) -> set[str]:
    return {task.key for task in response.context["done"]}


@pytest.fixture
def reachable(cast):
    """Every member of the cast has a confirmed address (make_user confirms it), else they count
    as out of reach."""
    assert EmailAddress.objects.filter(user=cast.member, verified=True).exists()


def test_the_weekly_message_is_to_do_until_it_is_sent(client, cast, reachable):
    response = page(client, cast)
    assert "weekly_message" in to_do(response)
    assert reverse("exchanges:weekly", args=[cast.community.slug]) in tasks(response)["weekly_message"].url
    exchanges.weekly_message_send(
        actor=cast.facilitator, community=cast.community, subject="Semaine 48", body="Nouvelles"
    )
    response = page(client, cast)
    assert "weekly_message" in done(response)
    assert "Semaine 48" in tasks(response)["weekly_message"].summary


def test_the_monthly_meeting_is_to_do_until_one_is_planned_and_a_cancelled_one_is_said(client, cast, reachable):
    Community.objects.filter(pk=cast.community.pk).update(phase="run")
    make_event(cast.community, starts_at=timezone.now() - timedelta(days=10), status=Event.Status.CANCELLED)
    response = page(client, cast)
    task = tasks(response)["monthly_meeting"]
    assert not task.done and "cancelled" in task.summary
    make_event(cast.community, starts_at=timezone.now() + timedelta(days=12), title="Rencontre de décembre")
    task = tasks(page(client, cast))["monthly_meeting"]
    assert task.done and "Rencontre de décembre" in task.summary and "cancelled" in task.summary


def test_the_meeting_is_not_asked_before_the_launch(client, cast):
    assert "monthly_meeting" not in tasks(page(client, cast))  # the cast's community is being defined


def test_unanswered_questions_are_listed_until_answered(client, cast, reachable):
    question = exchanges.question_ask(actor=cast.member, community=cast.community, title="Quel prix pour le panier ?")
    response = page(client, cast)
    task = tasks(response)["questions"]
    assert not task.done and task.count == 1 and task.entries[0].label == "Quel prix pour le panier ?"
    assert 'href="/c/circuits-courts/questions/' in response.text
    exchanges.answer_post(actor=cast.observer, question=question, body="Autour de 15 euros.")
    assert "questions" in done(page(client, cast))


def test_requests_and_applications_are_the_core_teams_and_done_once_decided(client, cast, reachable):
    stranger = make_user("lea@exemple.be", "Léa Dupont")
    join_request = JoinRequest.objects.create(community=cast.community, user=stranger, message="Bonjour")
    application = apply(open_call(cast), email="paul@exemple.be", name="Paul Martin")
    response = page(client, cast, cast.core_member)
    assert {"join_requests", "applications"} <= to_do(response)
    assert tasks(response)["join_requests"].entries[0].label == "Léa Dupont"
    assert tasks(response)["applications"].entries[0].label == "Paul Martin"
    # A facilitator who is not core team does not decide on them: the tasks are not theirs.
    assert not {"join_requests", "applications"} & set(tasks(page(client, cast)))
    community_services.join_request_decide(actor=cast.core_member, join_request=join_request, approve=True)
    calls_services.application_decide(actor=cast.core_member, application=application, decision="decline")
    response = page(client, cast, cast.core_member)
    assert {"join_requests", "applications"} <= done(response)


def test_approving_a_request_from_the_weekly_hour_comes_back_to_it(client, cast, reachable):
    stranger = make_user("lea@exemple.be", "Léa Dupont")
    JoinRequest.objects.create(community=cast.community, user=stranger)
    response = page(client, cast, cast.core_member)
    [entry] = tasks(response)["join_requests"].entries
    action, fields, _label = entry.form
    response = client.post(action, fields)
    assert response.status_code == 302 and response.url == reverse("overview:weekly_hour", args=[cast.community.slug])
    assert Membership.objects.filter(community=cast.community, user=stranger, status="active").exists()


def test_newcomers_without_a_sponsor_until_they_have_one(client, cast, reachable):
    newcomer = make_member(cast.community, make_user("new@x.test", "Nouvelle Venue"))
    old = make_member(cast.community, make_user("old@x.test", "Ancien Membre"))
    Membership.objects.filter(pk=old.pk).update(joined_at=timezone.now() - timedelta(days=200))
    Membership.objects.filter(community=cast.community).exclude(pk=newcomer.pk).update(
        sponsor=cast.membership(cast.core_member)
    )
    Membership.objects.filter(pk=cast.membership(cast.core_member).pk).update(sponsor=None)  # core team: no sponsor
    task = tasks(page(client, cast))["newcomers"]
    assert [entry.label for entry in task.entries] == ["Nouvelle Venue"] and not task.done
    Membership.objects.filter(pk=newcomer.pk).update(sponsor=cast.membership(cast.member))
    assert "newcomers" in done(page(client, cast))


def test_overdue_and_blocked_actions_until_their_owner_updates_them(client, cast, reachable):
    late = launch.action_save(
        actor=cast.core_member,
        action=Action(
            community=cast.community, title="Lister les marchés", due_date=timezone.localdate() - timedelta(days=3)
        ),
        owners=[cast.membership(cast.member)],
    )
    stuck = launch.action_save(
        actor=cast.core_member,
        action=Action(community=cast.community, title="Trouver une salle", status=Action.Status.BLOCKED),
        owners=[cast.membership(cast.member)],
    )
    launch.action_save(actor=cast.core_member, action=Action(community=cast.community, title="Plus tard"))
    task = tasks(page(client, cast))["actions"]
    assert [entry.label for entry in task.entries] == ["Lister les marchés", "Trouver une salle"]
    for action in (late, stuck):
        launch.action_report(actor=cast.member, action=action, status=Action.Status.DONE, note="Fait")
    assert "actions" in done(page(client, cast))


def test_knowledge_to_review_for_those_who_keep_the_base(client, cast, reachable):
    item = make_item(cast, title="Fiche à revoir")
    KnowledgeItem.objects.filter(pk=item.pk).update(needs_review=True)
    assert "knowledge" in to_do(page(client, cast, cast.core_member))
    assert "knowledge" not in tasks(page(client, cast))  # the facilitator does not review the base
    KnowledgeItem.objects.filter(pk=item.pk).update(needs_review=False)
    assert "knowledge" in done(page(client, cast, cast.core_member))


def test_members_out_of_reach_a_failed_email_or_no_confirmed_address(client, cast, reachable):
    assert "out_of_reach" in done(page(client, cast))
    Email.objects.create(
        to=cast.member.email.upper(), subject="Nouvelles", text="…", template="t", language="fr", status="failed"
    )
    unconfirmed = make_member(cast.community, make_user("sans@x.test", "Sans Adresse"))
    EmailAddress.objects.filter(user=unconfirmed.user).update(verified=False)
    task = tasks(page(client, cast))["out_of_reach"]
    assert {(e.label, str(e.meta)) for e in task.entries} == {
        ("Julie Martin", "an email could not be delivered"),
        ("Sans Adresse", "address not confirmed"),
    }
    assert cast.member.email not in page(client, cast).text  # names only, never the addresses
    EmailAddress.objects.filter(user=unconfirmed.user).update(verified=True)
    Email.objects.update(created_at=timezone.now() - timedelta(days=40))  # an old failure no longer counts
    assert "out_of_reach" in done(page(client, cast))


def test_only_facilitators_and_the_core_team_open_it(client, cast):
    url = reverse("overview:weekly_hour", args=[cast.community.slug])
    client.force_login(cast.member)
    assert client.get(url).status_code == 403
    assert url not in client.get(cast.community.get_absolute_url()).text
    client.force_login(cast.facilitator)
    assert url in client.get(cast.community.get_absolute_url()).text
    assert url in client.get(reverse("home")).text


def test_an_app_adds_its_task_through_the_registry(client, cast, monkeypatch):
    monkeypatch.setattr(weekly, "_sources", dict(weekly._sources))
    weekly.register("evaluation", "terreau.overview.tests.test_weekly_hour.next_evaluation", order=90)
    task = tasks(page(client, cast))["evaluation"]
    assert task.title == "Prepare the evaluation" and not task.done


def next_evaluation(week):
    return weekly.Task("evaluation", "Prepare the evaluation", done=False, summary="In 10 days.")


def _fill(cast, n: int, prefix: str) -> None:
    """n of everything the weekly hour counts (newcomers without a sponsor, questions, actions...)."""
    community = cast.community
    people = User.objects.bulk_create(User(email=f"{prefix}{i}@fill.test", display_name=f"M {i}") for i in range(n))
    users = Membership.objects.bulk_create(Membership(community=community, user=user) for user in people)
    for i in range(n):
        exchanges.question_ask(actor=cast.member, community=community, title=f"Question {i}")
        launch.action_save(
            actor=cast.core_member,
            action=Action(community=community, title=f"Action {i}", due_date=timezone.localdate() - timedelta(days=1)),
            owners=[users[i]],
        )
        make_item(cast, title=f"Fiche {i}")
    KnowledgeItem.objects.update(needs_review=True)
    call = open_call(cast)
    for i in range(n):
        apply(call, email=f"{prefix}{i}@exemple.be")
    strangers = User.objects.bulk_create(User(email=f"{prefix}{i}@ask.test", display_name=f"S {i}") for i in range(n))
    JoinRequest.objects.bulk_create(JoinRequest(community=community, user=user) for user in strangers)
    Email.objects.bulk_create(
        Email(to=user.email, subject="x", text="x", template="t", language="fr", status="failed") for user in people
    )


@pytest.mark.parametrize("person", ["core_member", "facilitator"])
def test_the_query_count_does_not_grow_with_the_community(client, cast, person):
    Community.objects.filter(pk=cast.community.pk).update(phase="run")
    client.force_login(getattr(cast, person))
    url = reverse("overview:weekly_hour", args=[cast.community.slug])
    _fill(cast, 6, "a")  # beyond the 5 a list shows, as the large one
    small = count_queries(client, url)
    _fill(cast, 40, "b")
    assert count_queries(client, url) == small
    assert small <= 25


def test_the_weekly_message_sent_from_the_weekly_hour_comes_back_to_it_and_nowhere_else(client, cast):
    client.force_login(cast.facilitator)
    hour = reverse("overview:weekly_hour", args=[cast.community.slug])
    url = tasks(page(client, cast))["weekly_message"].url
    assert url.endswith(f"?next={hour.replace('/', '%2F')}")
    assert f'name="next" value="{hour}"' in client.get(url).text
    data = {"subject": "Semaine", "body": "Nouvelles", "next": hour}
    assert client.post(url, data).url == hour
    data["next"] = "https://evil.test/"
    rhythm = reverse("exchanges:rhythm", args=[cast.community.slug])
    assert client.post(reverse("exchanges:weekly", args=[cast.community.slug]), data).url == rhythm
