"""Reads for retrospectives: the board in a fixed number of queries, whatever its cards, and the
record's draft from its results.

Until the end, only an active member's votes count: a member who left keeps their cards on the
board, not the weight of their votes. The end drops the votes of those who left (services) and
fixes the results: a member leaving afterwards changes nothing of them. Votes counted by hand in
a meeting (live mode) are added to the members' own.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.communities.models import Community, Membership

from .models import QUESTIONS, Card, CardGroup, Column, Retrospective, Vote
from .permissions import retrospectives_visible_to

TOP = 3  # the record's draft names the first three of each column


@dataclass
class Item:
    """What a column shows and what is voted on: a group with its cards, or a card on its own."""

    group: CardGroup | None = None
    card: Card | None = None
    cards: list[Card] = field(default_factory=list)
    votes: int = 0  # members' votes (active members only) and the room's
    mine: int = 0  # the reader's votes on it

    @property
    def thing(self) -> CardGroup | Card:
        thing = self.group or self.card
        assert thing is not None, "an item is a group or a card"
        return thing

    @property
    def key(self) -> str:
        return f"{'group' if self.group else 'card'}-{self.thing.pk}"

    @property
    def title(self) -> str:
        return self.group.title if self.group else self.thing.text  # type: ignore[union-attr]

    @property
    def hand_votes(self) -> int:
        return self.thing.hand_votes

    @property
    def member_votes(self) -> int:
        """The votes members cast in Terreau (and, for a group, on its cards in the room)."""
        return self.votes - self.hand_votes


@dataclass
class BoardColumn:
    column: str
    label: str
    question: str
    items: list[Item]
    cards: list[Card]  # every card of the column, in the order they came

    @property
    def loose_cards(self) -> list[Card]:
        return [card for card in self.cards if card.group_id is None]


def retrospectives(user, community: Community) -> QuerySet[Retrospective]:
    """The list: each with its count of cards, newest first."""
    return (
        retrospectives_visible_to(user, community)
        .annotate(cards_count=Count("cards", distinct=True))
        .select_related("community")
        .order_by("-created_at", "-pk")
    )


def _count(model_field: str, user_ids=None) -> Coalesce:
    votes = Vote.objects.filter(**{model_field: OuterRef("pk")}).order_by()
    if user_ids is not None:
        votes = votes.filter(voter__in=user_ids)
    return Coalesce(
        Subquery(votes.values(model_field).annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def _counted(queryset: QuerySet, model_field: str, retrospective: Retrospective, user) -> QuerySet:
    active = None
    if not retrospective.is_done:
        active = Membership.objects.filter(
            community_id=retrospective.community_id, status=Membership.Status.ACTIVE
        ).values("user_id")
    queryset = queryset.annotate(member_votes=_count(model_field, active))
    if user.is_authenticated:
        return queryset.annotate(my_votes=_count(model_field, [user.pk]))
    return queryset.annotate(my_votes=Value(0, output_field=IntegerField()))


def _votes(card: Card) -> int:
    return card.member_votes + card.hand_votes  # type: ignore[attr-defined]


def board(user, retrospective: Retrospective, *, by_votes: bool | None = None) -> list[BoardColumn]:
    """The five columns, each with its groups and loose cards as items, and all its cards.

    Items come in the order they were posted while cards are posted and voted on, by votes once
    the retrospective has ended (or when `by_votes` says so)."""
    cards = list(
        _counted(
            Card.objects.filter(retrospective=retrospective).select_related("author"), "card", retrospective, user
        ).order_by("pk")
    )
    groups = list(_counted(CardGroup.objects.filter(retrospective=retrospective), "group", retrospective, user))
    by_group: dict[int, list[Card]] = {}
    for card in cards:
        card.retrospective = retrospective  # read by the permissions of each card, not fetched again
        if card.group_id is not None:
            by_group.setdefault(card.group_id, []).append(card)
    if by_votes is None:
        by_votes = retrospective.is_done
    columns = []
    for value, label in Column.choices:
        items = []
        for group in groups:
            if group.column != value:
                continue
            members = by_group.get(group.pk, [])
            votes = group.member_votes + group.hand_votes + sum(_votes(c) for c in members)
            first = min((c.pk for c in members), default=0)
            items.append((first, Item(group=group, cards=members, votes=votes, mine=group.my_votes)))
        for card in cards:
            if card.column == value and card.group_id is None:
                mine = card.my_votes
                items.append((card.pk, Item(card=card, cards=[card], votes=_votes(card), mine=mine)))
        items.sort(key=lambda pair: pair[0])
        ordered = [item for _first, item in items]
        if by_votes:
            ordered.sort(key=lambda item: -item.votes)  # stable: posting order among equals
        columns.append(
            BoardColumn(
                column=value,
                label=str(label),
                question=str(QUESTIONS[Column(value)]),
                items=ordered,
                cards=[card for card in cards if card.column == value],
            )
        )
    return columns


def votes_left(user, retrospective: Retrospective) -> int:
    if not user.is_authenticated:
        return 0
    used = Vote.objects.filter(retrospective=retrospective, voter=user).count()
    return max(retrospective.votes_per_member - used, 0)


def record_draft(retrospective: Retrospective, columns: list[BoardColumn]) -> str:
    """The record pre-filled as Markdown: each column's first items by votes, for the facilitator
    to edit before saving."""
    lines = [
        _("Retrospective “%(title)s”, ended on %(date)s.")
        % {
            "title": retrospective.title,
            "date": (retrospective.ended_at or retrospective.created_at).date().isoformat(),
        }
    ]
    for column in columns:
        lines += ["", f"## {column.label}", "", f"*{column.question}*", ""]
        top = sorted(column.items, key=lambda item: -item.votes)[:TOP]
        if not top:
            lines.append(_("- Nothing was said here."))
        for item in top:
            title = " ".join(item.title.split())
            votes = ngettext("%(count)s vote", "%(count)s votes", item.votes) % {"count": item.votes}
            lines.append(f"- **{title}** ({votes})")
            if item.group is not None:
                lines += [f"  - {' '.join(card.text.split())}" for card in item.cards]
    lines += ["", "## " + _("What we do next"), "", "- "]
    return "\n".join(lines)
