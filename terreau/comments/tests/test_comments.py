"""Comments: who reads and writes a thread, mentions and who is told, edits and deletions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau.audit.models import AuditEntry
from terreau.comments import registry, services
from terreau.comments.models import Comment
from terreau.core.exceptions import SignInRequired
from terreau.core.models import Visibility
from terreau.events.tests.factories import make_event
from terreau.exchanges.models import Notification, NotificationKind, Verb
from terreau.knowledge.tests.helpers import make_item

pytestmark = pytest.mark.django_db


def _target(thing):
    kind = registry.kind_of(thing)
    return kind.key, kind.describe(thing)


def post(actor, thing, body):
    key, target = _target(thing)
    return services.comment_post(actor=actor, community=thing.community, target_kind=key, target=target, body=body)


def told(user, kind=None):
    found = Notification.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)


def test_a_comment_tells_the_items_author_once(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    written = post(cast.observer, item, "Très utile, merci.")
    assert written.comment.author == cast.observer and written.comment.target_id == item.pk
    [notification] = told(cast.member)
    assert notification.kind == NotificationKind.COMMENT and notification.verb == Verb.COMMENT_NEW
    assert notification.url == f"{item.get_absolute_url()}#comment-{written.comment.pk}"
    assert not told(cast.observer)  # nobody is told of their own comment


def test_a_mention_names_a_member_who_is_told(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    post(cast.observer, item, "Voir aussi @sophie-lambert et @Julie-Martin.")
    [mention] = told(cast.facilitator)
    assert mention.kind == NotificationKind.MENTION and mention.verb == Verb.COMMENT_MENTION
    # The author is mentioned too: told once, of the mention.
    assert [n.verb for n in told(cast.member)] == [Verb.COMMENT_MENTION]


def test_a_member_who_may_not_see_the_thing_is_not_told(cast):
    event = make_event(cast.community, title="Réunion du noyau", visibility=Visibility.CORE_TEAM)
    written = post(cast.core_member, event, "On en parle avec @julie-martin ?")
    assert written.not_told == [cast.member]
    assert not told(cast.member)


def test_a_name_that_is_no_members_is_refused_with_what_was_typed(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    with pytest.raises(ValidationError) as error:
        post(cast.observer, item, "Merci @Nora-Exterieure")
    assert "@Nora-Exterieure" in str(error.value)
    assert not Comment.objects.exists()


def test_an_outsider_reads_a_public_thread_but_does_not_write(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.PUBLIC)
    with pytest.raises(PermissionDenied):
        post(cast.outsider, item, "Bonjour")
    with pytest.raises(PermissionDenied):  # the platform admin writes only where they joined
        post(cast.admin, item, "Bonjour")


def test_a_draft_takes_no_comment(cast):
    draft = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS, publish=False)
    with pytest.raises((PermissionDenied, Http404)):
        post(cast.member, draft, "Pas encore publié")


def test_the_author_edits_their_comment_marked_edited(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    comment = post(cast.observer, item, "Premiere version").comment
    _key, target = _target(item)
    services.comment_edit(actor=cast.observer, comment=comment, target=target, body="Première version", version=1)
    comment.refresh_from_db()
    assert comment.body == "Première version" and comment.edited_at is not None and comment.version == 2
    with pytest.raises(ValidationError):  # an edit made from the older copy
        services.comment_edit(actor=cast.observer, comment=comment, target=target, body="Autre", version=1)
    with pytest.raises(PermissionDenied):  # nobody edits another's words, not even the core team
        services.comment_edit(actor=cast.core_member, comment=comment, target=target, body="Autre", version=2)


def test_an_edit_tells_only_the_members_newly_mentioned(cast):
    item = make_item(cast, author=cast.core_member, visibility=Visibility.MEMBERS)
    comment = post(cast.observer, item, "Merci @sophie-lambert").comment
    _key, target = _target(item)
    services.comment_edit(
        actor=cast.observer, comment=comment, target=target, body="Merci @sophie-lambert et @julie-martin", version=1
    )
    assert len(told(cast.facilitator)) == 1
    assert [n.verb for n in told(cast.member)] == [Verb.COMMENT_MENTION]
    assert len(told(cast.core_member)) == 1  # the author: the new comment, not the edit


def test_the_author_deletes_and_the_moderators_delete_any(cast):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    own = post(cast.observer, item, "À supprimer").comment
    other = post(cast.observer, item, "Hors sujet").comment
    with pytest.raises(PermissionDenied):
        services.comment_delete(actor=cast.member, comment=other)
    services.comment_delete(actor=cast.observer, comment=own)
    services.comment_delete(actor=cast.facilitator, comment=other)
    assert not Comment.objects.exists()
    # A moderator's deletion is in the change log; one's own is not the community's business.
    [entry] = AuditEntry.objects.filter(action="comment.deleted")
    assert entry.actor == cast.facilitator


def test_a_visitor_never_reads_a_comment_on_a_members_thing(cast, client):
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    post(cast.observer, item, "Réservé aux membres MotSecret")
    thread = f"/c/{cast.community.slug}/comments/knowledge_item/{item.pk}/"
    response = client.get(thread)
    assert response.status_code == 302 and "MotSecret" not in response.content.decode()
    client.force_login(cast.outsider)
    assert client.get(thread).status_code == 404
    with pytest.raises(SignInRequired):
        from django.contrib.auth.models import AnonymousUser

        from terreau.comments.permissions import target_for

        target_for(AnonymousUser(), cast.community, "knowledge_item", item.pk)
