"""The exchanges pages at scale: as many queries with ten questions as with many, no query that
joins and groups a whole table to count for one page, and the counts they show still right."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.exchanges import services
from terreau.exchanges.models import Answer, FeedItem, HelpPost, HelpStep, Question, UsefulVote, Verb

pytestmark = pytest.mark.django_db


def u(name, cast, *args):
    return reverse(f"exchanges:{name}", args=[cast.community.slug, *args])


def grow(cast, questions: int, answers: int) -> Question:
    """`questions` questions of `answers` answers each, with votes, help posts and people stepping in."""
    asked = Question.objects.bulk_create(
        Question(community=cast.community, author=cast.member, title=f"Question {i}", body="**Détails**")
        for i in range(questions)
    )
    made = Answer.objects.bulk_create(
        Answer(question=question, author=cast.observer, body=f"Réponse *{i}*")
        for question in asked
        for i in range(answers)
    )
    UsefulVote.objects.bulk_create(UsefulVote(answer=answer, voter=cast.core_member) for answer in made[::2])
    posts = HelpPost.objects.bulk_create(
        HelpPost(community=cast.community, author=cast.member, title=f"Aide {i}") for i in range(questions)
    )
    HelpStep.objects.bulk_create(HelpStep(post=post, person=cast.observer) for post in posts)
    FeedItem.objects.bulk_create(
        FeedItem(
            community=cast.community,
            actor=cast.member,
            kind=FeedItem.Kind.QUESTION,
            verb=Verb.QUESTION_ASKED,
            params={"name": "Julie Martin", "title": question.title},
            url=question.get_absolute_url(),
            created_at=timezone.now(),
        )
        for question in asked
    )
    for i in range(questions):
        services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text=f"Bravo {i}")
    return asked[0]


def queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


# session, user, community with the membership and its roles, then the page's own:
PAGES = {
    # themes, count, unread, questions (answers counted), their authors, their themes
    "questions": (lambda cast, question: u("questions", cast), 9),
    # question (following), its themes, count of answers, unread, answers (votes counted)
    "question": (lambda cast, question: question.get_absolute_url(), 8),
    # count, unread, posts (steps counted)
    "help_list": (lambda cast, question: u("help_list", cast), 6),
    # count, items, follows, themes, unread
    "feed": (lambda cast, question: u("feed", cast), 8),
    # count, unread, notifications
    "notifications": (lambda cast, question: u("notifications", cast), 6),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_takes_as_many_queries_with_few_or_many_exchanges(client, cast, page):
    url, expected = PAGES[page]
    client.force_login(cast.member)
    question = grow(cast, 2, 2)
    assert len(queries(client, url(cast, question))) == expected
    Question.objects.all().delete()
    question = grow(cast, 60, 40)
    assert len(queries(client, url(cast, question))) == expected


@pytest.mark.parametrize("page", ["questions", "question", "help_list"])
def test_counting_for_a_page_never_groups_a_whole_table(client, cast, page):
    """Counted row by row for the thirty rows shown, not by joining and grouping every answer."""
    client.force_login(cast.member)
    question = grow(cast, 40, 5)
    for sql in queries(client, PAGES[page][0](cast, question)):
        assert "exchanges_" not in sql or "GROUP BY" not in sql.upper()


def test_the_counts_shown_are_right(client, cast):
    client.force_login(cast.member)
    question = grow(cast, 3, 4)
    lonely = services.question_ask(actor=cast.member, community=cast.community, title="Une seule réponse ?")
    services.answer_post(actor=cast.observer, question=lonely, body="Une.")
    listed = {q.title: q.answer_count for q in client.get(u("questions", cast)).context["page"].object_list}
    assert listed == {"Question 0": 4, "Question 1": 4, "Question 2": 4, "Une seule réponse ?": 1}
    page = client.get(question.get_absolute_url())
    assert [answer.useful for answer in page.context["page"].object_list] == [1, 0, 1, 0]
    assert "<strong>Détails</strong>" in page.content.decode() and "<em>0</em>" in page.content.decode()
    assert {post.step_count for post in client.get(u("help_list", cast)).context["page"].object_list} == {1}
    assert "asked: Question 2" in client.get(u("feed", cast)).content.decode()


def test_whether_the_reader_follows_a_question_comes_with_it(client, cast):
    question = services.question_ask(actor=cast.member, community=cast.community, title="Suivie ?")
    client.force_login(cast.member)  # the asker follows their question
    assert client.get(question.get_absolute_url()).context["question"].following is True
    client.force_login(cast.observer)
    assert client.get(question.get_absolute_url()).context["question"].following is False
