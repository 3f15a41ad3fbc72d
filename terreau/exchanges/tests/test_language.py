"""What happened is said in the reader's language, whoever did it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from terreau.communities.models import Membership
from terreau.exchanges import mailing, services
from terreau.exchanges.models import FeedItem, Notification, NotificationKind, SentMessage, Verb, verb_text

from .test_mailing import parsed, parts

pytestmark = pytest.mark.django_db


def _next_morning():
    """10:00 in Brussels tomorrow: within the sending hours whatever the time the test runs."""
    local = timezone.localtime(timezone.now() + timedelta(days=1))
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


def test_an_english_speaking_actor_gives_a_french_member_a_french_notification_and_email(
    cast, client, django_capture_on_commit_callbacks
):
    cast.facilitator.language = "en"
    cast.facilitator.save(update_fields=["language"])
    cast.member.language = "fr"
    cast.member.save(update_fields=["language"])
    Membership.objects.filter(community=cast.community).update(joined_at=timezone.now() - timedelta(days=30))
    question = services.question_ask(actor=cast.member, community=cast.community, title="Quel prix pour un panier ?")
    with translation.override("en"):  # the actor's language while they act
        services.answer_post(actor=cast.facilitator, question=question, body="Entre 15 et 20 euros.")

    notification = Notification.objects.get(recipient=cast.member, kind=NotificationKind.ANSWER)
    assert notification.verb == Verb.ANSWER_TO_YOU and notification.text == ""
    assert notification.params == {"name": str(cast.facilitator), "title": "Quel prix pour un panier ?"}
    with translation.override("fr"):
        assert notification.message == f"{cast.facilitator} a répondu à votre question : Quel prix pour un panier ?"
    with translation.override("en"):
        assert notification.message == f"{cast.facilitator} answered your question: Quel prix pour un panier ?"

    # The notification centre, in French for the French member (the app's conftest forces English
    # on requests: read it through the model in French, and check the page shows the same sentence).
    client.force_login(cast.member)
    page = client.get(f"/c/{cast.community.slug}/notifications/").content.decode()
    assert "answered your question: Quel prix pour un panier ?" in page

    # Only this notification is waiting, and the member was reached yesterday (no floor digest due).
    now = _next_morning()
    Notification.objects.filter(recipient=cast.member).exclude(pk=notification.pk).update(emailed_at=now)
    SentMessage.objects.create(recipient=cast.member, community=cast.community, sent_at=now - timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing.rhythm_run(community=cast.community, user_ids=[cast.member.pk], now=now)
    [message] = [m for m in mail.outbox if m.to == [cast.member.email]]
    email = parsed(message)
    assert email["Subject"] == (
        f"[{cast.community.name}] {cast.facilitator} a répondu à votre question : Quel prix pour un panier ?"
    )
    bodies = parts(email)
    assert "a répondu à votre question" in bodies["text/plain"]
    assert "a répondu à votre question" in bodies["text/html"]


def test_the_feed_line_is_read_in_each_readers_language(cast):
    with translation.override("en"):
        services.question_ask(actor=cast.member, community=cast.community, title="Un camion ?")
    item = FeedItem.objects.get(community=cast.community, kind=FeedItem.Kind.QUESTION)
    with translation.override("fr"):
        french = item.message
    with translation.override("en"):
        english = item.message
    assert english == f"{cast.member} asked: Un camion ?"
    assert french != english and "Un camion ?" in french


def test_rows_written_before_verbs_keep_their_sentence(cast):
    [old] = services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text="Bravo !")
    assert old.message == "Bravo !" and str(old) == "Bravo !"
    # A verb whose parameters do not fit its sentence falls back rather than failing a page.
    assert verb_text(Verb.ANSWER_TO_YOU, {"name": "Julie"}, "Julie a répondu") == "Julie a répondu"
    assert verb_text("unknown", {}, "as written") == "as written"


def test_the_email_preference_for_followed_topics_reads_as_following_not_being():
    # "Ce que je suis" read as "what I am". Passes once the French catalogue is regenerated.
    with translation.override("fr"):
        assert str(NotificationKind.FOLLOWED.label) == "Sujets suivis"
