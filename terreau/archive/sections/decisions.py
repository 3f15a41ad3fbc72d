"""The decisions by consent: the proposals adopted or withdrawn with every step, text and round,
and the tensions they came from.

The elections' outcome (a role, its holder, its term) is in the roles section, with the
who-does-what it fills: the nominations and their reasons are never archived.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.circles.services.circles import core_team_circle
from terreau.decisions.models import Proposal, ProposalRevision, ProposalStep, Question, Response, State, Tension

from ._kit import create_dated, dated, day, iso, moment, names_people, reads, rid, stream, theme_names, themes_for
from .base import Section

PROPOSAL = "decisions.proposal"
TENSION = "decisions.tension"
CIRCLE = "circles.circle"


def _tensions(ctx):
    # Tensions are read by members (decisions.view), each as its circle is seen.
    if not reads(ctx, "decisions.view"):
        return
    tensions = (
        Tension.objects.filter(community=ctx.community, circle__visibility__in=ctx.visibilities)
        .select_related("raised_by")
        .order_by("created_at", "pk")
    )
    for tension in stream(tensions):
        yield {
            "kind": TENSION,
            "id": rid(TENSION, tension.pk),
            "title": tension.title,
            "text": tension.text,
            "circle": rid(CIRCLE, tension.circle_id),
            "raised_by": ctx.person(tension.raised_by),
            "status": tension.status,
            "created_at": iso(tension.created_at),
            "closed_at": iso(tension.closed_at),
            "closing_note": tension.closing_note,
        }


def _proposals(ctx):
    members = reads(ctx, "decisions.view")
    if not members and not reads(ctx, "community.view"):
        return
    # Outside the community, the decision log only: adopted decisions (decisions.visible_decisions).
    states = [State.ADOPTED, State.WITHDRAWN] if members else [State.ADOPTED]
    proposals = (
        Proposal.objects.filter(community=ctx.community, state__in=states, visibility__in=ctx.visibilities)
        .select_related("proposer", "circle")
        .prefetch_related(
            "themes",
            Prefetch("revisions", ProposalRevision.objects.select_related("author").order_by("number")),
            Prefetch("questions", Question.objects.select_related("asker").order_by("asked_at", "pk")),
            Prefetch("responses", Response.objects.select_related("membership__user").order_by("created_at", "pk")),
            Prefetch("steps", ProposalStep.objects.select_related("actor").order_by("at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    with_people = names_people(ctx)
    for proposal in stream(proposals):
        responses = list(proposal.responses.all())
        circle_seen = proposal.circle.visibility in ctx.visibilities
        yield {
            "kind": PROPOSAL,
            "id": rid(PROPOSAL, proposal.pk),
            "title": proposal.title,
            "text": proposal.text,
            "circle": rid(CIRCLE, proposal.circle_id) if circle_seen else None,
            "circle_name": proposal.circle.display_name if circle_seen else "",
            "proposer": ctx.person(proposal.proposer),
            "state": proposal.state,
            "visibility": proposal.visibility,
            "subject": proposal.subject,
            "created_at": iso(proposal.created_at),
            "deadline": iso(proposal.deadline),
            "decided_at": iso(proposal.decided_at),
            "review_on": iso(proposal.review_on),
            "themes": theme_names(proposal.themes.all()),
            "tension": rid(TENSION, proposal.tension_id) if members else None,
            # In the order they first spoke.
            "participants": list(dict.fromkeys(ctx.person(r.membership) for r in responses)) if with_people else [],
            "revisions": [
                {
                    "number": revision.number,
                    "title": revision.title,
                    "text": revision.text,
                    "note": revision.note,
                    "author": ctx.person(revision.author),
                    "created_at": iso(revision.created_at),
                }
                for revision in proposal.revisions.all()
            ],
            "questions": [
                {
                    "asker": ctx.person(question.asker),
                    "text": question.text,
                    "answer": question.answer,
                    "asked_at": iso(question.asked_at),
                    "answered_at": iso(question.answered_at),
                }
                for question in proposal.questions.all()
            ],
            # The reactions, consents and objections, and how each objection was integrated.
            "responses": [
                {
                    "person": ctx.person(response.membership),
                    "response_kind": response.kind,
                    "text": response.text,
                    "status": response.status,
                    "created_at": iso(response.created_at),
                    "resolved_at": iso(response.resolved_at),
                }
                for response in responses
            ],
            "steps": [
                {
                    "step": step.kind,
                    "actor": ctx.person(step.actor),
                    "on_behalf_of": step.on_behalf_of,
                    "note": step.note,
                    "at": iso(step.at),
                }
                for step in proposal.steps.all()
            ],
        }


def export(ctx):
    yield from _tensions(ctx)
    yield from _proposals(ctx)


def _circle(ctx, record):
    # A proposal belongs to a circle: one the archive did not hold becomes the core team's.
    return ctx.lookup(record["circle"]) or core_team_circle(ctx.community)


def _load_tension(ctx, record):
    tension = Tension.objects.create(
        community=ctx.community,
        circle=_circle(ctx, record),
        title=record["title"],
        text=record["text"],
        raised_by=ctx.person(record["raised_by"]),
        status=record["status"],
        closed_at=moment(record["closed_at"]),
        closing_note=record["closing_note"],
    )
    ctx.remember(record["id"], dated(tension, created_at=moment(record["created_at"])))


def _load_proposal(ctx, record):
    proposal = Proposal.objects.create(
        community=ctx.community,
        circle=_circle(ctx, record),
        title=record["title"],
        text=record["text"],
        proposer=ctx.person(record["proposer"]),
        deadline=moment(record["deadline"]),
        review_on=day(record["review_on"]),
        visibility=record["visibility"],
        subject=record["subject"],
        state=record["state"],
        decided_at=moment(record["decided_at"]),
        tension=ctx.lookup(record["tension"]),
    )
    dated(proposal, created_at=moment(record["created_at"]))
    proposal.themes.set(themes_for(ctx.community, record["themes"]))
    create_dated(
        ProposalRevision,
        [
            (
                ProposalRevision(
                    proposal=proposal,
                    number=revision["number"],
                    title=revision["title"],
                    text=revision["text"],
                    note=revision["note"],
                    author=ctx.person(revision["author"]),
                ),
                {"created_at": moment(revision["created_at"])},
            )
            for revision in record["revisions"]
        ],
    )
    create_dated(
        Question,
        [
            (
                Question(
                    proposal=proposal,
                    asker=ctx.person(question["asker"]),
                    text=question["text"],
                    answer=question["answer"],
                    answered_at=moment(question["answered_at"]),
                ),
                {"asked_at": moment(question["asked_at"])},
            )
            for question in record["questions"]
        ],
    )
    create_dated(
        Response,
        [
            (
                Response(
                    proposal=proposal,
                    membership=ctx.membership(response["person"]),
                    kind=response["response_kind"],
                    text=response["text"],
                    status=response["status"],
                    resolved_at=moment(response["resolved_at"]),
                ),
                {"created_at": moment(response["created_at"])},
            )
            for response in record["responses"]
            if response["person"]
        ],
    )
    ProposalStep.objects.bulk_create(
        ProposalStep(
            proposal=proposal,
            kind=step["step"],
            actor=ctx.person(step["actor"]),
            on_behalf_of=step["on_behalf_of"],
            note=step["note"],
            at=moment(step["at"]),
        )
        for step in record["steps"]
    )
    ctx.remember(record["id"], proposal)


def load(ctx, records):
    for record in records:
        if record["kind"] == TENSION:
            _load_tension(ctx, record)
        else:
            _load_proposal(ctx, record)


def markdown(record) -> str:
    if record["kind"] == TENSION:
        return f"# {record['title']}\n\n{record['text']}\n"
    heading = " · ".join(part for part in (record["circle_name"], record["decided_at"] or "") if part)
    lines = [f"# {record['title']}", "", f"*{heading}*" if heading else "", "", record["text"], ""]
    if record["review_on"]:
        lines += [f"{_('Review date')}: {record['review_on']}", ""]
    objections = [r for r in record["responses"] if r["response_kind"] == Response.Kind.OBJECTION]
    if objections:
        lines += [f"## {_('Objections')}", ""]
        lines += [f"- {objection['text']} ({objection['status']})" for objection in objections]
        lines.append("")
    if len(record["revisions"]) > 1:
        lines += [f"## {_('Revisions')}", ""]
        for revision in record["revisions"]:
            lines += [f"### {revision['number']}. {revision['title']}", "", revision["text"], ""]
    return "\n".join(lines)


SECTION = Section(
    key="decisions",
    title=gettext_lazy("Decisions"),
    kinds=(TENSION, PROPOSAL),
    export=export,
    load=load,
    page_template="archive/site/sections/decisions.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
