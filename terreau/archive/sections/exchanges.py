"""The exchanges: questions and their answers (the accepted one marked), help asked and offered,
and the weekly messages sent. Notifications and email settings are no part of the archive."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.exchanges.models import Answer, HelpPost, HelpStep, Question, UsefulVote, WeeklyMessage
from terreau.knowledge.models import ItemStatus

from ._kit import create_dated, dated, iso, moment, names_people, reads, rid, stream, theme_names, themes_for
from .base import Section

QUESTION = "exchanges.question"
HELP = "exchanges.help"
WEEKLY = "exchanges.weekly_message"
CIRCLE = "circles.circle"
KNOWLEDGE_ITEM = "knowledge.item"


def _questions(ctx, with_people):
    # In a public community anyone reads the public questions (exchanges.can_read_questions).
    if not (reads(ctx, "exchanges.view") or reads(ctx, "community.view") and ctx.community.is_public):
        return
    answers = Answer.objects.select_related("author").annotate(useful=Count("votes")).order_by("created_at", "pk")
    if with_people:
        answers = answers.prefetch_related(Prefetch("votes", UsefulVote.objects.select_related("voter").order_by("pk")))
    questions = (
        Question.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("author", "circle", "knowledge_item")
        .prefetch_related("themes", Prefetch("answers", answers))
        .order_by("created_at", "pk")
    )
    for question in stream(questions):
        item = question.knowledge_item
        yield {
            "kind": QUESTION,
            "id": rid(QUESTION, question.pk),
            "title": question.title,
            "body": question.body,
            "author": ctx.person(question.author),
            "themes": theme_names(question.themes.all()),
            "circle": rid(CIRCLE, question.circle_id)
            if question.circle and question.circle.visibility in ctx.visibilities
            else None,
            "visibility": question.visibility,
            "created_at": iso(question.created_at),
            "first_answer_at": iso(question.first_answer_at),
            "accepted_at": iso(question.accepted_at),
            "knowledge_item": rid(KNOWLEDGE_ITEM, item.pk)
            if item and item.visibility in ctx.visibilities and item.status != ItemStatus.DRAFT
            else None,
            "answers": [
                {
                    "author": ctx.person(answer.author),
                    "body": answer.body,
                    "created_at": iso(answer.created_at),
                    "accepted": answer.pk == question.accepted_answer_id,
                    "useful": answer.useful,
                    "voters": [ctx.person(vote.voter) for vote in answer.votes.all()] if with_people else [],
                }
                for answer in question.answers.all()
            ],
        }


def _help_posts(ctx, with_people):
    if not reads(ctx, "exchanges.view"):
        return
    posts = (
        HelpPost.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("author")
        .prefetch_related(Prefetch("steps", HelpStep.objects.select_related("person").order_by("created_at", "pk")))
        .order_by("created_at", "pk")
    )
    for post in stream(posts):
        yield {
            "kind": HELP,
            "id": rid(HELP, post.pk),
            "help_kind": post.kind,
            "title": post.title,
            "body": post.body,
            "author": ctx.person(post.author),
            "status": post.status,
            "visibility": post.visibility,
            "created_at": iso(post.created_at),
            "steps": [
                {"person": ctx.person(step.person), "message": step.message, "created_at": iso(step.created_at)}
                for step in post.steps.all()
            ]
            if with_people
            else [],
        }


def _weekly_messages(ctx):
    # Sent to the members: read by them only (exchanges.view).
    if not reads(ctx, "exchanges.view"):
        return
    messages = (
        WeeklyMessage.objects.filter(community=ctx.community, sent_at__isnull=False)
        .select_related("author")
        .order_by("sent_at", "pk")
    )
    for message in stream(messages):
        yield {
            "kind": WEEKLY,
            "id": rid(WEEKLY, message.pk),
            "title": message.subject,
            "body": message.body,
            "author": ctx.person(message.author),
            "created_at": iso(message.created_at),
            "sent_at": iso(message.sent_at),
        }


def export(ctx):
    with_people = names_people(ctx)
    yield from _questions(ctx, with_people)
    yield from _help_posts(ctx, with_people)
    yield from _weekly_messages(ctx)


def _load_question(ctx, record):
    question = Question.objects.create(
        community=ctx.community,
        author=ctx.person(record["author"]),
        title=record["title"],
        body=record["body"],
        circle=ctx.lookup(record["circle"]),
        visibility=record["visibility"],
        first_answer_at=moment(record["first_answer_at"]),
        accepted_at=moment(record["accepted_at"]),
        knowledge_item=ctx.lookup(record["knowledge_item"]),
    )
    dated(question, created_at=moment(record["created_at"]))
    question.themes.set(themes_for(ctx.community, record["themes"]))
    answers = create_dated(
        Answer,
        [
            (
                Answer(question=question, author=ctx.person(answer["author"]), body=answer["body"]),
                {"created_at": moment(answer["created_at"])},
            )
            for answer in record["answers"]
        ],
    )
    votes = []
    for answer, archived in zip(answers, record["answers"], strict=True):
        if archived["accepted"]:
            Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
        votes += [UsefulVote(answer=answer, voter=ctx.person(voter)) for voter in archived["voters"] if voter]
    UsefulVote.objects.bulk_create(votes)
    ctx.remember(record["id"], question)


def _load_help(ctx, record):
    post = HelpPost.objects.create(
        community=ctx.community,
        author=ctx.person(record["author"]),
        kind=record["help_kind"],
        title=record["title"],
        body=record["body"],
        status=record["status"],
        visibility=record["visibility"],
    )
    dated(post, created_at=moment(record["created_at"]))
    create_dated(
        HelpStep,
        [
            (
                HelpStep(post=post, person=ctx.person(step["person"]), message=step["message"]),
                {"created_at": moment(step["created_at"])},
            )
            for step in record["steps"]
            if step["person"]
        ],
    )
    ctx.remember(record["id"], post)


def _load_weekly(ctx, record):
    message = WeeklyMessage.objects.create(
        community=ctx.community,
        author=ctx.person(record["author"]),
        subject=record["title"],
        body=record["body"],
        sent_at=moment(record["sent_at"]),
    )
    ctx.remember(record["id"], dated(message, created_at=moment(record["created_at"])))


LOADERS = {QUESTION: _load_question, HELP: _load_help, WEEKLY: _load_weekly}


def load(ctx, records):
    for record in records:
        LOADERS[record["kind"]](ctx, record)


def markdown(record) -> str:
    lines = [f"# {record['title']}", "", record["body"], ""]
    for answer in record.get("answers", []):
        heading = _("Accepted answer") if answer["accepted"] else _("Answer")
        lines += [f"## {heading}", "", answer["body"], ""]
    return "\n".join(lines)


SECTION = Section(
    key="exchanges",
    title=gettext_lazy("Exchanges"),
    kinds=(QUESTION, HELP, WEEKLY),
    export=export,
    load=load,
    page_template="archive/site/sections/exchanges.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
