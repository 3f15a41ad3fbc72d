"""What reaches each person follows what they may see: no title of a core-team-only question or
help post leaves the core team, whatever the path (theme and member follows, question follows,
mentions, the weekly message draft), in the notification centre or by email."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user
from terreau.communities.models import Membership
from terreau.exchanges import mailing, services
from terreau.exchanges.models import HelpPost, Notification, Question

pytestmark = pytest.mark.django_db

SECRET = "Budget confidentiel du noyau"


@pytest.fixture(autouse=True)
def people_read_english(cast):
    from terreau.accounts.models import User

    User.objects.update(language="en")


@pytest.fixture
def core_colleague(cast):
    """A second core-team member, who must keep receiving what the core team sees."""
    return make_member(cast.community, make_user("noyau2@x.test", "Lea Noyau"), is_core_team=True).user


def told(user) -> list[str]:
    return [notification.message for notification in Notification.objects.filter(recipient=user)]


def logistique(cast):
    return cast.community.themes.get(slug="logistique")


def emailed(cast, user, capture) -> str:
    """Everything the rhythm emails `user` at its next pass, tomorrow morning (within sending hours)."""
    morning = (timezone.now() + timedelta(days=1)).replace(hour=9, minute=0)
    with capture(execute=True):
        mailing.rhythm_run(community=cast.community, user_ids=[user.pk], now=morning)
    return "\n".join(message.subject + message.body for message in mail.outbox if message.to == [user.email])


def test_a_theme_follower_outside_the_core_team_hears_nothing_of_a_core_team_question(
    client, cast, core_colleague, django_capture_on_commit_callbacks
):
    for person in (cast.member, cast.facilitator, core_colleague):
        services.follow_toggle(actor=person, community=cast.community, theme=logistique(cast))
    services.question_ask(
        actor=cast.core_member, community=cast.community, title=SECRET, themes=["logistique"], visibility="core_team"
    )
    assert told(cast.member) == [] and told(cast.facilitator) == []
    assert SECRET not in emailed(cast, cast.member, django_capture_on_commit_callbacks)
    client.force_login(cast.member)
    assert SECRET not in client.get(reverse("exchanges:notifications", args=[cast.community.slug])).text
    # The core team still hears of it, in Terreau and by email.
    assert any(SECRET in text for text in told(core_colleague))
    assert SECRET in emailed(cast, core_colleague, django_capture_on_commit_callbacks)


def test_a_members_question_still_reaches_every_theme_follower(cast):
    services.follow_toggle(actor=cast.member, community=cast.community, theme=logistique(cast))
    services.question_ask(actor=cast.core_member, community=cast.community, title="Camion ?", themes=["logistique"])
    assert told(cast.member) == ["New question: Camion ?"]


def test_a_member_following_a_core_team_member_hears_nothing_of_their_core_team_questions(cast, core_colleague):
    author = cast.membership(cast.core_member)
    for person in (cast.member, cast.observer, core_colleague):
        services.follow_toggle(actor=person, community=cast.community, member=author)
    services.question_ask(actor=cast.core_member, community=cast.community, title=SECRET, visibility="core_team")
    assert told(cast.member) == [] and told(cast.observer) == []
    assert any(SECRET in text for text in told(core_colleague))


def test_someone_who_left_the_core_team_is_no_longer_told_of_its_question(cast, core_colleague):
    question = services.question_ask(
        actor=cast.core_member, community=cast.community, title=SECRET, visibility="core_team"
    )
    services.answer_post(actor=core_colleague, question=question, body="Premier avis.")  # now follows it
    Membership.objects.filter(user=core_colleague).update(is_core_team=False)
    Notification.objects.all().delete()
    services.answer_post(actor=cast.core_member, question=question, body="Deuxième avis.")
    assert told(core_colleague) == []


def test_a_former_member_who_followed_a_theme_hears_nothing(cast):
    services.follow_toggle(actor=cast.member, community=cast.community, theme=logistique(cast))
    Membership.objects.filter(user=cast.member).update(status=Membership.Status.LEFT)
    services.question_ask(actor=cast.observer, community=cast.community, title="Camion ?", themes=["logistique"])
    assert told(cast.member) == []


def test_notify_skips_whoever_may_not_see_what_it_names(cast, core_colleague):
    everyone = [cast.member, cast.observer, cast.facilitator, cast.outsider, cast.admin, core_colleague]
    services.notify(community=cast.community, recipients=everyone, kind="followed", text=SECRET, visibility="core_team")
    assert set(Notification.objects.values_list("recipient", flat=True)) == {core_colleague.pk}
    Notification.objects.all().delete()
    services.notify(community=cast.community, recipients=everyone, kind="followed", text="Pour tous")
    members = {cast.member.pk, cast.observer.pk, cast.facilitator.pk, core_colleague.pk}
    assert set(Notification.objects.values_list("recipient", flat=True)) == members  # never the outsider


# Mentions: a member who may not see the thing is not told; the author learns why at once.


def _ask(cast, body):
    return services.question_ask(
        actor=cast.core_member, community=cast.community, title=SECRET, body=body, visibility="core_team"
    )


def _answer(cast, body):
    question = Question.objects.create(
        community=cast.community, author=cast.core_member, title=SECRET, visibility="core_team"
    )
    return services.answer_post(actor=cast.core_member, question=question, body=body)


def _help(cast, body):
    return services.help_post_create(
        actor=cast.core_member,
        community=cast.community,
        kind="request",
        title=SECRET,
        body=body,
        visibility="core_team",
    )


@pytest.mark.parametrize("write", [_ask, _answer, _help], ids=["question", "answer", "help post"])
def test_mentioning_a_member_in_a_core_team_thing_is_refused_and_tells_them_nothing(cast, core_colleague, write):
    with pytest.raises(ValidationError) as refused:
        write(cast, "Qu'en pense @julie-martin ?")
    assert "@julie-martin may not see this (Core team only)" in refused.value.message_dict["body"][0]
    assert told(cast.member) == []
    write(cast, "Qu'en pense @lea-noyau ?")  # the core team is told
    assert any(SECRET in text for text in told(core_colleague))


def test_the_refused_mention_is_explained_on_the_form_with_what_was_typed(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        reverse("exchanges:question_create", args=[cast.community.slug]),
        {"title": SECRET, "body": "Qu'en pense @julie-martin ?", "visibility": "core_team"},
    )
    assert response.status_code == 200
    assert "may not see this" in response.text and "Qu&#x27;en pense @julie-martin ?" in response.text
    assert not Question.objects.exists()


# The weekly message goes to every member: its draft holds only what every member may see.


@pytest.mark.parametrize("drafter", ["facilitator", "core_member"])
def test_the_weekly_draft_holds_nothing_only_the_core_team_may_see(client, cast, drafter):
    community = cast.community
    services.help_post_create(
        actor=cast.core_member, community=community, kind="request", title=SECRET, visibility="core_team"
    )
    services.question_ask(
        actor=cast.core_member, community=community, title="Question du noyau", visibility="core_team"
    )
    services.help_post_create(actor=cast.member, community=community, kind="offer", title="Je prête ma remorque")
    services.question_ask(actor=cast.member, community=community, title="Où vendre le fromage ?")
    client.force_login(getattr(cast, drafter))
    body = client.get(reverse("exchanges:weekly", args=[community.slug])).context["form"].initial["body"]
    assert "Je prête ma remorque" in body and "Où vendre le fromage ?" in body
    assert SECRET not in body and "Question du noyau" not in body
    assert HelpPost.objects.count() == 2
