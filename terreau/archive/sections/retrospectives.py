"""The retrospectives: the guide's five columns, the cards and their groups with the votes each
got, and the record the community kept. Members read them (retrospectives.view), each as its
visibility allows; the cards are kept without their authors, as the board shows them."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.retrospectives.models import Card, CardGroup, Column, Retrospective, Vote

from ._kit import create_dated, dated, iso, moment, reads, rid, stream
from .base import Section

KIND = "retrospectives.retrospective"


def export(ctx):
    if not reads(ctx, "retrospectives.view"):
        return
    retrospectives = (
        Retrospective.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("groups", CardGroup.objects.annotate(vote_count=Count("votes")).order_by("pk")),
            Prefetch("cards", Card.objects.annotate(vote_count=Count("votes")).order_by("pk")),
        )
        .order_by("created_at", "pk")
    )
    for retrospective in stream(retrospectives):
        groups = list(retrospective.groups.all())
        number = {group.pk: n for n, group in enumerate(groups, start=1)}
        yield {
            "kind": KIND,
            "id": rid(KIND, retrospective.pk),
            "title": retrospective.title,
            "status": retrospective.status,
            "visibility": retrospective.visibility,
            "votes_per_member": retrospective.votes_per_member,
            "record": retrospective.record,
            "created_by": ctx.person(retrospective.created_by),
            "created_at": iso(retrospective.created_at),
            "ended_at": iso(retrospective.ended_at),
            # A group is named by its number within the retrospective.
            "groups": [
                {"number": number[group.pk], "column": group.column, "title": group.title, "votes": group.vote_count}
                for group in groups
            ],
            "cards": [
                {
                    "column": card.column,
                    "text": card.text,
                    "group": number.get(card.group_id),
                    "votes": card.vote_count,
                    "created_at": iso(card.created_at),
                }
                for card in retrospective.cards.all()
            ],
        }


def load(ctx, records):
    for record in records:
        retrospective = Retrospective.objects.create(
            community=ctx.community,
            title=record["title"],
            status=record["status"],
            visibility=record["visibility"],
            votes_per_member=record["votes_per_member"],
            record=record["record"],
            created_by=ctx.person(record["created_by"]),
            ended_at=moment(record["ended_at"]),
        )
        dated(retrospective, created_at=moment(record["created_at"]))
        groups = CardGroup.objects.bulk_create(
            CardGroup(retrospective=retrospective, column=group["column"], title=group["title"])
            for group in record["groups"]
        )
        by_number = {group["number"]: made for group, made in zip(record["groups"], groups, strict=True)}
        cards = create_dated(
            Card,
            [
                (
                    Card(
                        retrospective=retrospective,
                        column=card["column"],
                        text=card["text"],
                        group=by_number.get(card["group"]),
                    ),
                    {"created_at": moment(card["created_at"])},
                )
                for card in record["cards"]
            ],
        )
        # The archive keeps how many votes each card and group got, not who gave them: the
        # votes come back in the name of the person importing, so that the counts stay the same.
        votes = [
            Vote(retrospective=retrospective, group=made, voter=ctx.actor)
            for group, made in zip(record["groups"], groups, strict=True)
            for _n in range(group["votes"])
        ]
        votes += [
            Vote(retrospective=retrospective, card=made, voter=ctx.actor)
            for card, made in zip(record["cards"], cards, strict=True)
            for _n in range(card["votes"])
        ]
        Vote.objects.bulk_create(votes, batch_size=500)
        ctx.remember(record["id"], retrospective)


def markdown(record) -> str:
    lines = [f"# {record['title']}", ""]
    if record["record"]:
        lines += [record["record"], ""]
    for column in Column:
        cards = [card for card in record["cards"] if card["column"] == column]
        if not cards:
            continue
        lines += [f"## {column.label}", ""]
        for card in cards:
            lines.append(f"- {card['text']} ({_('votes: %(count)s') % {'count': card['votes']}})")
        lines.append("")
    return "\n".join(lines)


SECTION = Section(
    key="retrospectives",
    title=gettext_lazy("Retrospectives"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/sections/retrospectives.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
