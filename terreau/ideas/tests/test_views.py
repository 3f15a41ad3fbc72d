"""The idea box's pages: the list with its filters, an idea's page, the core team's forms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.comments.models import Comment
from terreau.core.models import Visibility
from terreau.ideas import services
from terreau.ideas.models import Idea, Support
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def _url(name, cast, *args):
    return reverse(f"ideas:{name}", args=[cast.community.slug, *args])


def test_a_member_proposes_from_the_form(client, cast):
    client.force_login(cast.member)
    response = client.post(
        _url("create", cast), {"title": "Un frigo partagé", "text": "Pour les invendus.", "visibility": "members"}
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    response = client.post(_url("create", cast), {"title": "", "text": "Sans titre", "visibility": "members"})
    assert response.status_code == 200 and "Sans titre" in response.content.decode()


def test_the_list_sorts_and_filters(client, cast):
    first = services.idea_propose(actor=cast.member, community=cast.community, title="Idée A", text="a")
    second = services.idea_propose(actor=cast.member, community=cast.community, title="Idée B", text="b")
    services.support_toggle(actor=cast.observer, idea=first)
    services.idea_answer(actor=cast.core_member, idea=second, status="declined", answer="Hors de notre champ.")
    client.force_login(cast.observer)
    page = client.get(_url("list", cast)).content.decode()
    assert page.index("Idée B") < page.index("Idée A")  # newest first
    page = client.get(_url("list", cast) + "?sort=supported").content.decode()
    assert page.index("Idée A") < page.index("Idée B")
    page = client.get(_url("list", cast) + "?status=declined").content.decode()
    assert "Idée B" in page and "Idée A" not in page
    assert "I support it (take back)" in client.get(_url("list", cast) + "?status=open").content.decode()


def test_support_from_the_list_comes_back_to_it(client, cast):
    idea = services.idea_propose(actor=cast.member, community=cast.community, title="Idée", text="a")
    client.force_login(cast.observer)
    back = _url("list", cast) + "?sort=supported"
    response = client.post(_url("support", cast, idea.pk), {"next": back})
    assert response.status_code == 302 and response.url == f"{back}#idea-{idea.pk}"
    assert Support.objects.filter(user=cast.observer).exists()
    response = client.post(_url("support", cast, idea.pk), {"next": "https://evil.example/"})
    assert response.url == idea.get_absolute_url()


def test_the_list_queries_do_not_grow_with_the_ideas(client, cast):
    client.force_login(cast.member)
    counted = []
    for total in (3, 30):
        Idea.objects.all().delete()
        ideas = Idea.objects.bulk_create(
            Idea(community=cast.community, title=f"Idée {n}", text="x", author=cast.observer) for n in range(total)
        )
        Comment.objects.bulk_create(
            Comment(community=cast.community, target_kind="idea", target_id=idea.pk, author=cast.member, body="ok")
            for idea in ideas
        )
        client.get(_url("list", cast))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("list", cast)).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_the_core_team_answers_and_turns_the_idea_into_an_action(client, cast):
    idea = services.idea_propose(actor=cast.member, community=cast.community, title="Frigo partagé", text="x")
    client.force_login(cast.core_member)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "The core team's answer" in page and "Turn into an action" not in page
    response = client.post(_url("answer", cast, idea.pk), {"status": "taken_up", "answer": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = client.post(_url("answer", cast, idea.pk), {"status": "taken_up", "answer": "Allons-y."})
    assert response.status_code == 302
    response = client.post(_url("to_action", cast, idea.pk))
    action = Action.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "launch:action_edit", args=[cast.community.slug, action.pk]
    )
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Allons-y." in page and reverse("launch:action", args=[cast.community.slug, action.pk]) in page
    action_page = client.get(reverse("launch:action", args=[cast.community.slug, action.pk])).content.decode()
    assert idea.get_absolute_url() in action_page  # and back


def test_a_visitor_sees_only_public_ideas(client, cast):
    services.idea_propose(
        actor=cast.member, community=cast.community, title="Idée publique", text="x", visibility=Visibility.PUBLIC
    )
    services.idea_propose(actor=cast.member, community=cast.community, title="Idée des membres", text="x")
    page = client.get(_url("list", cast)).content.decode()
    assert "Idée publique" in page and "Idée des membres" not in page
