"""The transfer of what was learned: contributor interviews and handovers (passages de témoin),
read by the members (transfer.view), each as its visibility allows."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.knowledge.models import ContributorInterview, Handover, ItemStatus, KnowledgeItem

from ._kit import dated, day, iso, moment, reads, rid, stream
from .base import Section

INTERVIEW = "transfer.interview"
HANDOVER = "transfer.handover"
KNOWLEDGE_ITEM = "knowledge.item"


def _items(ctx, name: str) -> Prefetch:
    """The knowledge items named, those the scope sees only (as the knowledge section holds them)."""
    shown = (
        KnowledgeItem.objects.filter(visibility__in=ctx.visibilities)
        .exclude(status=ItemStatus.DRAFT)
        .only("pk")
        .order_by("pk")
    )
    return Prefetch(name, shown)


def _interviews(ctx):
    interviews = (
        ContributorInterview.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("interviewee__user", "interviewer__user", "created_by")
        .prefetch_related(_items(ctx, "items"))
        .order_by("held_on", "pk")
    )
    for interview in stream(interviews):
        yield {
            "kind": INTERVIEW,
            "id": rid(INTERVIEW, interview.pk),
            "title": interview.interviewee_display,
            "interviewee": ctx.person(interview.interviewee),
            "interviewee_name": interview.interviewee_name,
            "interviewer": ctx.person(interview.interviewer),
            "held_on": iso(interview.held_on),
            "questions_answers": interview.questions_answers,
            "items": [rid(KNOWLEDGE_ITEM, item.pk) for item in interview.items.all()],
            "visibility": interview.visibility,
            "created_by": ctx.person(interview.created_by),
            "created_at": iso(interview.created_at),
            "updated_at": iso(interview.updated_at),
        }


def _handovers(ctx):
    handovers = (
        Handover.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("created_by")
        .prefetch_related(_items(ctx, "lessons"))
        .order_by("held_on", "pk")
    )
    for handover in stream(handovers):
        yield {
            "kind": HANDOVER,
            "id": rid(HANDOVER, handover.pk),
            "title": handover.title,
            "held_on": iso(handover.held_on),
            "finishing_team": handover.finishing_team,
            "starting_teams": handover.starting_teams,
            "lessons": [rid(KNOWLEDGE_ITEM, item.pk) for item in handover.lessons.all()],
            "questions": handover.questions,
            "answers": handover.answers,
            "visibility": handover.visibility,
            "created_by": ctx.person(handover.created_by),
            "created_at": iso(handover.created_at),
            "updated_at": iso(handover.updated_at),
        }


def export(ctx):
    if not reads(ctx, "transfer.view"):
        return
    yield from _interviews(ctx)
    yield from _handovers(ctx)


def _found(ctx, ids) -> list:
    return [thing for thing in (ctx.lookup(record_id) for record_id in ids) if thing is not None]


def load(ctx, records):
    for record in records:
        if record["kind"] == INTERVIEW:
            thing = ContributorInterview.objects.create(
                community=ctx.community,
                interviewee=ctx.membership(record["interviewee"]),
                interviewee_name=record["interviewee_name"],
                interviewer=ctx.membership(record["interviewer"]),
                held_on=day(record["held_on"]),
                questions_answers=record["questions_answers"],
                visibility=record["visibility"],
                created_by=ctx.person(record["created_by"]),
            )
            thing.items.set(_found(ctx, record["items"]))
        else:
            thing = Handover.objects.create(
                community=ctx.community,
                title=record["title"],
                held_on=day(record["held_on"]),
                finishing_team=record["finishing_team"],
                starting_teams=record["starting_teams"],
                questions=record["questions"],
                answers=record["answers"],
                visibility=record["visibility"],
                created_by=ctx.person(record["created_by"]),
            )
            thing.lessons.set(_found(ctx, record["lessons"]))
        dated(thing, created_at=moment(record["created_at"]), updated_at=moment(record["updated_at"]))
        ctx.remember(record["id"], thing)


def markdown(record) -> str:
    if record["kind"] == INTERVIEW:
        return f"# {record['title']}\n\n*{record['held_on']}*\n\n{record['questions_answers']}\n"
    return "\n".join(
        [
            f"# {record['title']}",
            "",
            f"*{record['held_on']}*",
            "",
            f"## {_('The team that finished the project')}",
            "",
            record["finishing_team"],
            "",
            f"## {_('The teams starting a similar project')}",
            "",
            record["starting_teams"],
            "",
            f"## {_('Questions')}",
            "",
            record["questions"],
            "",
            f"## {_('Answers')}",
            "",
            record["answers"],
            "",
        ]
    )


def label(record) -> str:
    return f"{record['held_on']} {record['title']}"


SECTION = Section(
    key="transfer",
    title=gettext_lazy("Interviews and handovers"),
    kinds=(INTERVIEW, HANDOVER),
    export=export,
    load=load,
    page_template="archive/site/sections/transfer.html",
    markdown=markdown,
    label=label,
)
