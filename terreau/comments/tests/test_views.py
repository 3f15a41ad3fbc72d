"""The thread on a thing's page, the thread's own page, and the forms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.comments.models import Comment
from terreau.comments.selectors import FOLD
from terreau.core.models import Visibility
from terreau.events.tests.factories import make_event
from terreau.knowledge.tests.helpers import make_item
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def _comments(cast, kind, thing, count):
    Comment.objects.bulk_create(
        Comment(community=cast.community, target_kind=kind, target_id=thing.pk, author=cast.observer, body=f"Avis {n}")
        for n in range(count)
    )


def _post_url(cast, kind, pk):
    return reverse("comments:post", args=[cast.community.slug, kind, pk])


def test_a_member_comments_from_the_items_page(client, cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    client.force_login(cast.observer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Your comment" in page and "@julie-martin" in page  # the mention syntax is said
    response = client.post(_post_url(cast, "knowledge_item", item.pk), {"comment-body": "Bravo **Julie**"})
    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url == f"{item.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Julie</strong>" in page and f'id="comment-{comment.pk}"' in page


def test_a_refused_comment_keeps_what_was_typed(client, cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    client.force_login(cast.observer)
    response = client.post(_post_url(cast, "knowledge_item", item.pk), {"comment-body": "Merci @personne-inconnue"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Merci @personne-inconnue" in page and "no member of this community has this name" in page
    assert not Comment.objects.exists()


def test_a_long_thread_is_folded_with_a_link_to_all(client, cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    _comments(cast, "knowledge_item", item, FOLD + 3)
    client.force_login(cast.member)
    page = client.get(item.get_absolute_url()).content.decode()
    assert page.count('class="card comment"') == FOLD
    assert "Avis 7" in page and "Avis 0" not in page  # the latest ones
    assert "See all 8 comments" in page
    thread = client.get(reverse("comments:thread", args=[cast.community.slug, "knowledge_item", item.pk]))
    assert thread.content.decode().count('class="card comment"') == FOLD + 3


@pytest.mark.parametrize("kind", ["knowledge_item", "event", "action"])
def test_a_pages_queries_do_not_grow_with_its_comments(client, cast, kind):
    if kind == "knowledge_item":
        thing = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
        path = thing.get_absolute_url()
    elif kind == "event":
        thing = make_event(cast.community, visibility=Visibility.MEMBERS)
        path = reverse("events:detail", args=[cast.community.slug, thing.pk])
    else:
        thing = Action.objects.create(community=cast.community, title="Carte", visibility=Visibility.MEMBERS)
        path = reverse("launch:action", args=[cast.community.slug, thing.pk])
    client.force_login(cast.member)
    counted = []
    for total in (3, 100):
        Comment.objects.all().delete()
        _comments(cast, kind, thing, total)
        client.get(path)  # warm the caches of the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_the_author_edits_from_the_form(client, cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    comment = Comment.objects.create(
        community=cast.community, target_kind="knowledge_item", target_id=item.pk, author=cast.observer, body="Avant"
    )
    client.force_login(cast.observer)
    edit = reverse("comments:edit", args=[cast.community.slug, comment.pk])
    assert "Avant" in client.get(edit).content.decode()
    response = client.post(edit, {"comment-body": "Après", "comment-version": "1"})
    assert response.status_code == 302
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Après" in page and "edited" in page
    # The stale copy is refused, and what was typed stays.
    response = client.post(edit, {"comment-body": "Encore", "comment-version": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Encore" in page and "Après" in page  # typed, and as it reads now
    client.force_login(cast.member)
    assert client.get(edit).status_code == 403


def test_comments_show_on_the_events_and_the_actions_pages(client, cast):
    event = make_event(cast.community, visibility=Visibility.MEMBERS)
    action = Action.objects.create(community=cast.community, title="Carte", visibility=Visibility.MEMBERS)
    _comments(cast, "event", event, 1)
    _comments(cast, "action", action, 1)
    client.force_login(cast.member)
    for path in (
        reverse("events:detail", args=[cast.community.slug, event.pk]),
        reverse("launch:action", args=[cast.community.slug, action.pk]),
    ):
        page = client.get(path).content.decode()
        assert "Avis 0" in page and "Post the comment" in page
