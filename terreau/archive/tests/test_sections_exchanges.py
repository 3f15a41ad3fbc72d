import json

from django.utils import timezone

from terreau.archive.sections.circles import SECTION as CIRCLES
from terreau.archive.sections.exchanges import SECTION
from terreau.circles.tests.factories import make_circle
from terreau.communities.models import Theme
from terreau.core.models import Visibility
from terreau.exchanges.models import (
    Answer,
    HelpPost,
    HelpStep,
    Notification,
    Question,
    UsefulVote,
    WeeklyMessage,
)

from .fakes import assert_same, export, export_queries, knowledge_stub, render, round_trip


def question(cast, title, visibility=Visibility.PUBLIC, circle=None):
    asked = Question.objects.create(
        community=cast.community,
        author=cast.member,
        title=title,
        body="Des **détails**.",
        visibility=visibility,
        circle=circle,
    )
    asked.themes.set(Theme.objects.filter(community=cast.community)[:1])
    first = Answer.objects.create(question=asked, author=cast.facilitator, body="Une première réponse.")
    accepted = Answer.objects.create(question=asked, author=cast.core_member, body="La bonne réponse.")
    UsefulVote.objects.create(answer=accepted, voter=cast.member)
    UsefulVote.objects.create(answer=accepted, voter=cast.observer)
    Question.objects.filter(pk=asked.pk).update(
        accepted_answer=accepted, accepted_at=timezone.now(), first_answer_at=first.created_at
    )
    return asked


def exchanges_of(cast):
    circle = make_circle(cast.community, "Groupe Logistique", visibility=Visibility.PUBLIC)
    question(cast, "Quel camion partager ?", circle=circle)
    question(cast, "Question MEMBERS-ONLY", Visibility.MEMBERS)
    question(cast, "Question CORE-ONLY", Visibility.CORE_TEAM)
    post = HelpPost.objects.create(
        community=cast.community, author=cast.member, title="Aide MEMBERS-ONLY", visibility=Visibility.PUBLIC
    )
    HelpStep.objects.create(post=post, person=cast.facilitator, message="Je peux aider.")
    HelpPost.objects.create(community=cast.community, author=cast.member, title="CORE-ONLY", visibility="core_team")
    WeeklyMessage.objects.create(
        community=cast.community,
        author=cast.facilitator,
        subject="Semaine MEMBERS-ONLY",
        body="Des nouvelles.",
        sent_at=timezone.now(),
    )
    WeeklyMessage.objects.create(community=cast.community, author=cast.facilitator, subject="Brouillon", body="x")
    Notification.objects.create(
        recipient=cast.member, community=cast.community, kind="mention", body="NOTIFICATION", created_at=timezone.now()
    )


def test_exchanges_export_questions_help_and_weekly_messages(cast):
    exchanges_of(cast)
    records = export([SECTION], cast.community)[0]["exchanges"]
    assert [record["title"] for record in records] == [
        "Quel camion partager ?",
        "Question MEMBERS-ONLY",
        "Aide MEMBERS-ONLY",
        "Semaine MEMBERS-ONLY",
    ]
    answers = records[0]["answers"]
    assert [answer["accepted"] for answer in answers] == [False, True]
    assert answers[1]["useful"] == 2 and len(answers[1]["voters"]) == 2
    assert records[2]["steps"][0]["message"] == "Je peux aider."
    text = json.dumps(records)
    assert "CORE-ONLY" not in text and "NOTIFICATION" not in text and "Brouillon" not in text
    assert "@" not in text


def test_public_exchanges_are_the_public_questions(public_cast):
    exchanges_of(public_cast)
    records, ctx = export([SECTION], public_cast.community, "public")
    assert [record["title"] for record in records["exchanges"]] == ["Quel camion partager ?"]
    text = json.dumps(records)
    assert "MEMBERS-ONLY" not in text and "CORE-ONLY" not in text
    assert records["exchanges"][0]["answers"][1]["voters"] == []


def test_exchanges_come_back_the_same(cast):
    exchanges_of(cast)
    records, again, target = round_trip([knowledge_stub(), CIRCLES, SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Question.objects.get(community=target, title="Quel camion partager ?").accepted_answer.body == (
        "La bonne réponse."
    )


def test_exchanges_export_in_flat_queries(cast):
    for n in range(10):
        question(cast, f"Question {n}")
    few = export_queries(SECTION, cast.community)
    for n in range(10, 100):
        question(cast, f"Question {n}")
        WeeklyMessage.objects.create(
            community=cast.community, author=cast.facilitator, subject=f"S{n}", body="x", sent_at=timezone.now()
        )
    assert export_queries(SECTION, cast.community) == few


def test_exchanges_pages_and_markdown_render(cast):
    exchanges_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["exchanges"]
    html = render(SECTION, records["exchanges"], ctx.people)
    assert records["exchanges"][0]["title"] in html
