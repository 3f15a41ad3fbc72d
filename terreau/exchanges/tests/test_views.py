"""Pages and services of the exchanges: asking, answering, help, kudos, feed, notifications, rhythm."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user
from terreau.communities.models import Membership
from terreau.exchanges import selectors, services
from terreau.exchanges.models import (
    BODY_MAX,
    Answer,
    FeedItem,
    HelpPost,
    Kudos,
    Notification,
    NotificationKind,
    Question,
    WeeklyMessage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(cast):
    """The texts asserted are the English sources (the French catalogue comes later)."""
    from terreau.accounts.models import User

    User.objects.update(language="en")
    for person in ("admin", "core_member", "facilitator", "member", "observer", "outsider"):
        getattr(cast, person).language = "en"


def u(name, cast, *args):
    return reverse(f"exchanges:{name}", args=[cast.community.slug, *args])


def test_a_member_asks_another_answers_the_first_accepts(client, cast):
    client.force_login(cast.member)
    response = client.post(
        u("question_create", cast),
        {
            "title": "Quel prix pour un panier ?",
            "body": "Pour **10 kg**.",
            "themes": [cast.community.themes.get(slug="vente-directe").pk],
            "visibility": "members",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert [theme.name for theme in question.themes.all()] == ["vente directe"] and question.first_answer_at is None

    client.force_login(cast.observer)
    response = client.post(question.get_absolute_url(), {"body": "Entre 15 et 20 euros, @julie-martin."})
    assert response.status_code == 302
    answer = Answer.objects.get()
    question.refresh_from_db()
    assert question.time_to_first_answer is not None
    kinds = set(Notification.objects.filter(recipient=cast.member).values_list("kind", flat=True))
    assert kinds == {NotificationKind.MENTION}  # mentioned: one notification, not two

    # The observer may not accept; the asker does.
    assert client.post(u("answer_accept", cast, answer.pk)).status_code == 403
    client.force_login(cast.member)
    assert client.post(u("answer_vote", cast, answer.pk)).status_code == 302
    assert client.post(u("answer_accept", cast, answer.pk)).status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.time_to_accepted_answer is not None
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<strong>10 kg</strong>" in page, page
    assert "accepted answer" in page
    assert "1 person found it useful" in page
    assert Notification.objects.filter(recipient=cast.observer, kind=NotificationKind.ACCEPTED).exists()


def test_a_facilitator_may_accept_an_answer(cast):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Q ?")
    answer = services.answer_post(actor=cast.observer, question=question, body="R.")
    services.answer_accept(actor=cast.facilitator, answer=answer)
    question.refresh_from_db()
    assert question.accepted_answer == answer


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": "", "visibility": "members"}, "title", "This field is required."),
        ({"title": "x" * 201, "visibility": "members"}, "title", "at most 200 characters"),
        ({"title": "Q", "body": "x" * (BODY_MAX + 1), "visibility": "members"}, "body", "at most 20000"),
        ({"title": "Q", "body": "Voir @personne-inconnue", "visibility": "members"}, "body", "@personne-inconnue"),
    ],
)
def test_bad_questions_are_refused_with_what_was_typed(client, cast, data, field, message):
    client.force_login(cast.member)
    response = client.post(u("question_create", cast), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Question.objects.exists()
    if data.get("body"):
        assert data["body"][:50] in response.content.decode()


def test_mentioning_someone_outside_the_community_is_refused_clearly(client, cast):
    make_user("ailleurs@x.test", "Paul Ailleurs")
    question = services.question_ask(actor=cast.member, community=cast.community, title="Q ?")
    client.force_login(cast.observer)
    response = client.post(question.get_absolute_url(), {"body": "Demande à @paul-ailleurs"})
    assert response.status_code == 200
    assert "no member of this community has this name" in response.content.decode()
    assert "Demande à @paul-ailleurs" in response.content.decode()
    assert not Answer.objects.exists() and not Notification.objects.filter(kind="mention").exists()


def test_an_empty_answer_is_refused(client, cast):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Q ?")
    client.force_login(cast.observer)
    response = client.post(question.get_absolute_url(), {"body": "  "})
    assert response.status_code == 200 and response.context["form"].errors["body"]


def test_the_list_shows_unanswered_questions_first_with_their_waiting_time(client, cast):
    answered = services.question_ask(actor=cast.member, community=cast.community, title="Répondue")
    services.answer_post(actor=cast.observer, question=answered, body="Oui.")
    old = services.question_ask(actor=cast.member, community=cast.community, title="Ancienne")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    services.question_ask(actor=cast.member, community=cast.community, title="Récente")
    client.force_login(cast.observer)
    titles = [q.title for q in client.get(u("questions", cast)).context["page"].object_list]
    assert titles == ["Ancienne", "Récente", "Répondue"]
    assert "waiting for 3" in client.get(u("questions", cast)).content.decode()


def test_help_request_with_people_stepping_in_and_status(client, cast):
    post = services.help_post_create(actor=cast.member, community=cast.community, kind="request", title="Un camion")
    client.force_login(cast.observer)
    client.post(u("help_step_in", cast, post.pk), {"message": "J'en ai un."})
    assert client.post(u("help_status", cast, post.pk), {"status": "matched"}).status_code == 403
    client.force_login(cast.member)
    client.post(u("help_status", cast, post.pk), {"status": "matched"})
    post.refresh_from_db()
    assert post.status == HelpPost.Status.MATCHED
    assert "J&#x27;en ai un." in client.get(post.get_absolute_url()).content.decode()
    assert Notification.objects.filter(recipient=cast.member, kind=NotificationKind.HELP).exists()


def test_kudos_show_on_both_pages_and_in_the_feed(client, cast):
    client.force_login(cast.member)
    receiver = cast.membership(cast.observer)
    response = client.post(u("kudos", cast), {"receiver": receiver.pk, "message": "Merci !", "visibility": "members"})
    assert response.status_code == 302
    assert (
        list(selectors.kudos_for(cast.member, cast.community, cast.observer))
        == list(selectors.kudos_for(cast.member, cast.community, cast.member))
        == [Kudos.objects.get()]
    )
    assert FeedItem.objects.filter(kind=FeedItem.Kind.KUDOS).exists()
    assert client.post(u("kudos", cast), {"receiver": "", "message": "", "visibility": "members"}).status_code == 200


def test_the_feed_respects_visibility_and_filters(client, cast):
    services.question_ask(actor=cast.core_member, community=cast.community, title="Noyau", visibility="core_team")
    services.question_ask(actor=cast.member, community=cast.community, title="Tous", visibility="members")
    client.force_login(cast.observer)
    texts = [item.message for item in client.get(u("feed", cast)).context["page"].object_list]
    assert any("Tous" in text for text in texts) and not any("Noyau" in text for text in texts)
    client.force_login(cast.core_member)
    assert len(client.get(u("feed", cast), {"kind": "question"}).context["page"].object_list) == 2
    assert len(client.get(u("feed", cast), {"kind": "kudos"}).context["page"].object_list) == 0


def test_following_a_theme_brings_its_new_questions(client, cast):
    client.force_login(cast.observer)
    logistique = cast.community.themes.get(slug="logistique")
    client.post(u("follow", cast), {"theme": logistique.pk})
    services.question_ask(actor=cast.member, community=cast.community, title="Camion ?", themes=[logistique])
    assert Notification.objects.filter(recipient=cast.observer, kind=NotificationKind.FOLLOWED).count() == 1
    response = client.post(u("follow", cast), {"theme": "pas un thème"}, follow=True)
    assert "This is not one of the community&#x27;s themes." in response.text
    assert client.get(u("feed", cast)).status_code == 200


def test_the_notification_centre_counts_unread_and_marks_read(client, cast):
    services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text="Bravo")
    client.force_login(cast.member)
    page = client.get(u("notifications", cast))
    assert page.context["unread"] == 1 and "Bravo" in page.content.decode()
    client.post(u("notifications_read", cast))
    assert selectors.unread_count(cast.member, cast.community) == 0


def test_the_weekly_message_is_drafted_sent_and_the_rhythm_page_says_so(client, cast):
    services.question_ask(actor=cast.member, community=cast.community, title="Une question de la semaine")
    client.force_login(cast.facilitator)
    rhythm_page = client.get(u("rhythm", cast)).content.decode()
    assert "No weekly message went out this week." in rhythm_page
    form = client.get(u("weekly", cast)).context["form"]
    assert "Une question de la semaine" in form.initial["body"]
    assert client.post(u("weekly", cast), {"subject": "", "body": ""}).status_code == 200
    response = client.post(u("weekly", cast), {"subject": "La semaine", "body": form.initial["body"]})
    assert response.status_code == 302
    assert WeeklyMessage.objects.get().sent_at is not None
    members = Membership.objects.filter(community=cast.community, status="active").count()
    assert Notification.objects.filter(kind=NotificationKind.WEEKLY_MESSAGE).count() == members
    assert "No weekly message went out this week." not in client.get(u("rhythm", cast)).content.decode()


def test_the_rhythm_page_shows_who_is_out_of_reach_and_newcomers_without_sponsor(client, cast):
    newcomer = make_member(cast.community, make_user("new@x.test", "Nina Nouvelle"))
    Membership.objects.filter(pk=newcomer.pk).update(joined_at=timezone.now() - timedelta(days=8))
    services.preference_update(
        actor=cast.observer,
        community=cast.community,
        frequency="off",
        time_zone="Europe/Brussels",
        unsubscribed_kinds=[],
    )
    client.force_login(cast.core_member)
    response = client.get(u("rhythm", cast))
    assert [row["membership"].user for row in response.context["out_of_reach"]] == [cast.observer]
    assert [row["membership"] for row in response.context["need_sponsor"]] == [newcomer]


def test_the_welcome_hook_sends_the_memo_at_once(cast, django_capture_on_commit_callbacks):
    from django.core import mail

    from terreau.exchanges.models import RhythmPolicy

    RhythmPolicy.objects.create(community=cast.community, welcome_memo="Bienvenue ! Lisez **la charte**.")
    membership = make_member(cast.community, make_user("arrivee@x.test", "Anna Arrivée"))
    services.member_welcome(membership=membership)
    notification = Notification.objects.get(recipient=membership.user)
    assert notification.kind == NotificationKind.WELCOME and notification.is_urgent
    from terreau.exchanges import mailing

    noon = (timezone.now() + timedelta(days=1)).replace(hour=11, minute=0)
    with django_capture_on_commit_callbacks(execute=True):
        mailing.rhythm_run(community=cast.community, user_ids=[membership.user_id], now=noon)
    [message] = mail.outbox
    assert "Lisez **la charte**." in message.body and "<strong>la charte</strong>" in message.alternatives[0].content


def test_preferences_are_saved_and_bad_time_zones_refused(client, cast):
    client.force_login(cast.member)
    assert client.post(u("preferences", cast), {"frequency": "daily", "time_zone": "Mars/Olympus"}).status_code == 200
    response = client.post(
        u("preferences", cast),
        {"frequency": "weekly", "time_zone": "America/Montreal", "unsubscribed_kinds": ["kudos"]},
    )
    assert response.status_code == 302
    preference = cast.membership(cast.member).notification_preference
    assert (preference.frequency, preference.time_zone, preference.unsubscribed_kinds) == (
        "weekly",
        "America/Montreal",
        ["kudos"],
    )


def test_answers_to_calls_are_offered_in_the_email_settings_of_the_core_team_only(client, cast):
    application_box = 'value="application"'
    client.force_login(cast.member)
    assert application_box not in client.get(u("preferences", cast)).content.decode()
    assert 'value="kudos"' in client.get(u("preferences", cast)).content.decode()
    client.force_login(cast.core_member)
    assert application_box in client.get(u("preferences", cast)).content.decode()


# Query counts: flat whatever the data -------------------------------------------------------


def _fill(cast, count):
    for index in range(count):
        question = services.question_ask(actor=cast.member, community=cast.community, title=f"Question {index}")
        services.answer_post(actor=cast.observer, question=question, body=f"Réponse {index}")
        services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text=f"Bravo {index}")
    return question


@pytest.mark.parametrize("name", ["questions", "feed", "notifications", "help_list"])
def test_list_pages_query_count_does_not_grow(client, cast, django_assert_max_num_queries, name):
    client.force_login(cast.member)
    _fill(cast, 2)
    client.get(u(name, cast))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(u(name, cast)).status_code == 200
    _fill(cast, 12)
    with django_assert_max_num_queries(len(small)):
        assert client.get(u(name, cast)).status_code == 200


def test_question_page_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    client.force_login(cast.member)
    question = services.question_ask(actor=cast.member, community=cast.community, title="Q ?")
    services.answer_post(actor=cast.observer, question=question, body="R 1")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(question.get_absolute_url()).status_code == 200
    for index in range(10):
        answer = services.answer_post(actor=cast.core_member, question=question, body=f"R {index}")
        services.answer_vote(actor=cast.member, answer=answer)
    _many_answers(question, 1000, by=cast.core_member)
    services.answer_accept(actor=cast.member, answer=question.answers.last())
    with django_assert_max_num_queries(len(small)):
        assert client.get(question.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(len(small)):
        assert client.get(question.get_absolute_url(), {"page": "20"}).status_code == 200


def _many_answers(question, count, *, by):
    return Answer.objects.bulk_create(
        Answer(question=question, author=by, body=f"Réponse {index} : " + "du fromage de chèvre, " * 12)
        for index in range(count)
    )


def _answer_order(question) -> list[int]:
    """The order the page shows: the accepted answer, then the others oldest first."""
    question.refresh_from_db()
    others = question.answers.exclude(pk=question.accepted_answer_id).order_by("created_at", "pk")
    return [question.accepted_answer_id, *others.values_list("pk", flat=True)]


def test_a_question_with_a_thousand_answers_comes_in_light_pages(client, cast):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Quel fromage ?")
    answers = _many_answers(question, 1000, by=cast.observer)
    services.answer_accept(actor=cast.member, answer=answers[900])
    client.force_login(cast.member)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert len(response.content) < 100_000
    html = response.content.decode()
    assert "1000 answers" in html and "Page 1 of 34" in html
    assert 'href="?page=2#answers"' in html  # a plain link: no JavaScript needed
    order = _answer_order(question)
    shown = [answer.pk for answer in response.context["page"].object_list]
    assert shown == order[:30] and shown[0] == answers[900].pk  # the accepted answer first
    assert f'id="answer-{answers[900].pk}"' in html and "accepted answer" in html
    second = client.get(question.get_absolute_url(), {"page": "2"})
    assert [answer.pk for answer in second.context["page"].object_list] == order[30:60]
    assert "accepted answer" not in second.content.decode()


@pytest.mark.parametrize("index", [0, 29, 30, 499, 999])
def test_a_link_to_an_answer_opens_the_page_that_holds_it(client, cast, index):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Quel fromage ?")
    answers = _many_answers(question, 1000, by=cast.observer)
    services.answer_accept(actor=cast.member, answer=answers[400])
    target = answers[index]
    client.force_login(cast.member)
    response = client.get(target.get_absolute_url())
    assert response.status_code == 200
    assert f'id="answer-{target.pk}"' in response.content.decode()
    assert response.context["page"].number == _answer_order(question).index(target.pk) // 30 + 1


def test_notifications_and_redirects_point_at_the_answers_page(client, cast):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Quel fromage ?")
    _many_answers(question, 40, by=cast.observer)
    client.force_login(cast.observer)
    response = client.post(question.get_absolute_url(), {"body": "Le chèvre frais."})
    answer = Answer.objects.get(body="Le chèvre frais.")
    assert response["Location"] == f"{question.get_absolute_url()}?answer={answer.pk}#answer-{answer.pk}"
    notification = Notification.objects.get(recipient=cast.member, kind=NotificationKind.ANSWER)
    assert notification.url == response["Location"]
    page = client.get(notification.url)
    assert page.context["page"].number == 2 and f'id="answer-{answer.pk}"' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ({"answer": "x"}, 1),
        ({"answer": "²"}, 1),
        ({"answer": "999999"}, 1),
        ({"answer": "9" * 30}, 1),
        ({"page": "x"}, 1),
        ({"page": "0"}, 2),
        ({"page": "9"}, 2),
    ],
)
def test_a_bad_page_or_answer_in_the_address_opens_a_page_anyway(client, cast, query, number):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Quel fromage ?")
    _many_answers(question, 40, by=cast.observer)
    client.force_login(cast.member)
    response = client.get(question.get_absolute_url(), query)
    assert response.status_code == 200 and response.context["page"].number == number


def test_the_welcome_memo_starts_from_the_guides_memo_and_has_a_place_in_the_settings(client, cast):
    from django.utils import translation

    from terreau.exchanges.models import DEFAULT_WELCOME_MEMO, RhythmPolicy

    client.force_login(cast.facilitator)
    page = client.get(u("policy", cast))
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        default = str(DEFAULT_WELCOME_MEMO)
    assert page.context["form"]["welcome_memo"].value() == default
    data = {"daily_ceiling": 3, "weekly_day": 0, "welcome_memo": default.replace("\n", "\r\n")}
    assert client.post(u("policy", cast), data).status_code == 302
    # Left as the guide wrote it, it stays unwritten: each newcomer reads it in their own language.
    assert RhythmPolicy.objects.get(community=cast.community).welcome_memo == ""
    client.post(u("policy", cast), {**data, "welcome_memo": "Bienvenue chez nous !"})
    assert RhythmPolicy.objects.get(community=cast.community).welcome_memo == "Bienvenue chez nous !"
    client.force_login(cast.admin)
    settings_page = client.get(reverse("communities:edit", args=[cast.community.slug]))
    assert f'href="{u("policy", cast)}"' in settings_page.content.decode()
