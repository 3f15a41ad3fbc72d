"""The idea box: proposing, supporting, the core team's answer step by step, and what follows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau.audit.models import AuditEntry
from terreau.core.models import Visibility
from terreau.exchanges.models import FeedItem, Notification, NotificationKind, Verb
from terreau.ideas import services
from terreau.ideas.models import Idea, Support
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def propose(cast, actor=None, **fields):
    fields.setdefault("title", "Un marché de producteurs itinérant")
    fields.setdefault("text", "Un marché qui passe de village en village.")
    return services.idea_propose(actor=actor or cast.member, community=cast.community, **fields)


def test_a_member_proposes_an_idea_which_the_feed_tells(cast):
    idea = propose(cast)
    assert idea.status == Idea.Status.OPEN and idea.author == cast.member
    [line] = FeedItem.objects.filter(kind=FeedItem.Kind.IDEA)
    assert line.verb == Verb.IDEA_PROPOSED and line.url == idea.get_absolute_url()


def test_proposing_takes_a_membership(cast):
    for person in (cast.outsider, cast.admin):
        with pytest.raises((PermissionDenied, Http404)):
            propose(cast, actor=person)


def test_one_support_per_member_toggled(cast):
    idea = propose(cast)
    assert services.support_toggle(actor=cast.observer, idea=idea) is True
    assert services.support_toggle(actor=cast.facilitator, idea=idea) is True
    assert Idea.objects.get(pk=idea.pk).supports_count == 2
    assert services.support_toggle(actor=cast.observer, idea=idea) is False
    assert Idea.objects.get(pk=idea.pk).supports_count == 1
    assert list(Support.objects.values_list("user", flat=True)) == [cast.facilitator.pk]


def test_a_member_cannot_support_an_idea_they_may_not_see(cast):
    idea = propose(cast, actor=cast.core_member, visibility=Visibility.CORE_TEAM)
    with pytest.raises(Http404):
        services.support_toggle(actor=cast.member, idea=idea)


def test_the_answer_step_by_step(cast):
    idea = propose(cast)
    services.support_toggle(actor=cast.observer, idea=idea)
    with pytest.raises(PermissionDenied):  # a member does not answer
        services.idea_answer(actor=cast.member, idea=idea, status="taken_up", answer="Oui")
    with pytest.raises(ValidationError):  # open is no answer
        services.idea_answer(actor=cast.core_member, idea=idea, status="open", answer="Plus tard")
    with pytest.raises(ValidationError):  # an answer comes with a word
        services.idea_answer(actor=cast.core_member, idea=idea, status="not_now", answer="  ")
    services.idea_answer(actor=cast.core_member, idea=idea, status="not_now", answer="Après l'été.")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NOT_NOW and idea.answered_by == cast.core_member and idea.answer
    assert idea.supports_count == 1  # the answer keeps the supports' count
    # The proposer and the supporter are told, each once, in their own language.
    for person in (cast.member, cast.observer):
        [notification] = Notification.objects.filter(recipient=person, kind=NotificationKind.IDEA)
        assert notification.verb == Verb.IDEA_NOT_NOW and "Après l'été." in notification.message
    services.idea_answer(actor=cast.core_member, idea=idea, status="taken_up", answer="On s'y met.")
    assert Notification.objects.filter(recipient=cast.member, verb=Verb.IDEA_TAKEN_UP).count() == 1
    assert AuditEntry.objects.filter(action="idea.answered").count() == 2
    # The same answer again tells nobody again.
    services.idea_answer(actor=cast.core_member, idea=idea, status="taken_up", answer="On s'y met.")
    assert Notification.objects.filter(recipient=cast.member, kind=NotificationKind.IDEA).count() == 2


def test_an_idea_taken_up_becomes_an_action_once(cast):
    idea = propose(cast, visibility=Visibility.MEMBERS)
    with pytest.raises(ValidationError):  # not taken up yet
        services.idea_to_action(actor=cast.core_member, idea=idea)
    services.idea_answer(actor=cast.core_member, idea=idea, status="taken_up", answer="Bonne idée.")
    action = services.idea_to_action(actor=cast.core_member, idea=idea)
    assert isinstance(action, Action) and action.title == idea.title and action.visibility == idea.visibility
    assert idea.get_absolute_url() in action.description  # the action links back to the idea
    assert Idea.objects.get(pk=idea.pk).action == action
    with pytest.raises(ValidationError):
        services.idea_to_action(actor=cast.core_member, idea=idea)
    with pytest.raises(ValidationError):  # carried on as an action, it stays taken up
        services.idea_answer(actor=cast.core_member, idea=idea, status="declined", answer="Finalement non.")


def test_a_taken_up_idea_becomes_a_draft_proposal_of_the_core_team(cast):
    from terreau.decisions.models import State

    idea = propose(cast)
    with pytest.raises(ValidationError):  # not taken up yet
        services.idea_to_proposal(actor=cast.core_member, idea=idea)
    services.idea_answer(actor=cast.core_member, idea=idea, status="taken_up", answer="À décider ensemble.")
    with pytest.raises(PermissionDenied):
        services.idea_to_proposal(actor=cast.member, idea=idea)
    proposal = services.idea_to_proposal(actor=cast.core_member, idea=idea)
    assert proposal.title == idea.title and idea.text in proposal.text
    assert proposal.circle.is_core_team and proposal.proposer == cast.core_member
    assert proposal.state == State.DRAFT and proposal.visibility == idea.visibility
    assert Idea.objects.get(pk=idea.pk).proposal_url == proposal.get_absolute_url()
    with pytest.raises(ValidationError):  # once
        services.idea_to_proposal(actor=cast.core_member, idea=idea)


def test_the_proposer_edits_while_it_waits_for_an_answer(cast):
    idea = propose(cast)
    services.idea_update(
        actor=cast.member,
        idea=idea,
        title="Marché itinérant",
        text="Mieux dit.",
        theme=None,
        visibility="members",
        version=1,
    )
    with pytest.raises(ValidationError):  # from an older copy
        services.idea_update(
            actor=cast.member, idea=idea, title="X", text="Y", theme=None, visibility="members", version=1
        )
    services.idea_answer(actor=cast.core_member, idea=idea, status="not_now", answer="Plus tard.")
    with pytest.raises(PermissionDenied):
        services.idea_update(
            actor=cast.member, idea=idea, title="X", text="Y", theme=None, visibility="members", version=2
        )


def test_the_proposer_withdraws_an_idea_nobody_else_supports(cast):
    idea = propose(cast)
    services.support_toggle(actor=cast.observer, idea=idea)
    idea = Idea.objects.get(pk=idea.pk)
    with pytest.raises(PermissionDenied):
        services.idea_delete(actor=cast.member, idea=idea)
    services.idea_delete(actor=cast.core_member, idea=idea)
    assert not Idea.objects.exists()
    assert AuditEntry.objects.filter(action="idea.deleted").exists()


def test_an_idea_narrowed_to_the_core_team_narrows_its_feed_line(cast):
    idea = propose(cast, actor=cast.core_member)
    services.idea_update(
        actor=cast.core_member,
        idea=idea,
        title=idea.title,
        text=idea.text,
        theme=None,
        visibility="core_team",
        version=1,
    )
    assert FeedItem.objects.get(kind=FeedItem.Kind.IDEA).visibility == Visibility.CORE_TEAM
