"""Writes for retrospectives: open one, post cards, group them, vote, end it and write its record.

A retrospective goes one way: open for cards → voting → done (`TRANSITIONS`); any other move is
refused with a ValidationError. The facilitator's actions (grouping, moving it on, the counts
of the room, the record) carry the `version` of the board they saw: two facilitators acting at
once are told (`Conflict`), never silently overwritten. Members' cards and votes do not bump it:
a card posted meanwhile does not stop the facilitator.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core import events
from terreau.core.models import Visibility

from . import permissions as retro_permissions
from .models import Card, CardGroup, Column, Retrospective, Vote

Status = Retrospective.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.VOTING,),
    Status.VOTING: (Status.DONE,),
    Status.DONE: (),
}
MAX_VOTES = 20
MAX_HAND_VOTES = 10_000


class Conflict(ValidationError):
    """Another facilitator changed the board since this one was shown."""


def _conflict() -> Conflict:
    return Conflict(
        _(
            "Another facilitator changed this retrospective since you opened it: "
            "look at it again, then redo your change."
        )
    )


def _locked(retrospective: Retrospective, version: int | None) -> Retrospective:
    """The stored retrospective, locked for this change; a stale `version` is a conflict."""
    stored = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
    if version is not None and stored.version != version:
        raise _conflict()
    return stored


def _bump(retrospective: Retrospective, stored: Retrospective, **fields) -> None:
    """Save `fields` and the next version, on both the stored row and the caller's object."""
    fields["version"] = stored.version + 1
    Retrospective.objects.filter(pk=stored.pk).update(**fields)
    for name, value in fields.items():
        setattr(retrospective, name, value)


def _require_readable(actor, retrospective: Retrospective) -> Community:
    community = retrospective.community
    retro_permissions.require_visible(actor, community, retrospective)
    return community


def _check_column(column: str) -> None:
    if column not in Column.values:
        raise ValidationError({"column": _("Choose one of the five columns.")})


def _check_status(retrospective: Retrospective, status: str, message: str) -> None:
    if retrospective.status != status:
        raise ValidationError(message)


def _cards_closed() -> str:
    return _("Cards are posted while the retrospective is open for cards: it has moved on.")


@transaction.atomic
def retrospective_open(
    *,
    actor: User,
    community: Community,
    title: str,
    visibility: str = Visibility.MEMBERS,
    votes_per_member: int = 5,
) -> Retrospective:
    permissions.require(actor, retro_permissions.FACILITATE, community)
    retrospective = Retrospective(
        community=community,
        title=(title or "").strip(),
        visibility=visibility,
        votes_per_member=votes_per_member,
        created_by=actor,
    )
    if not 1 <= (votes_per_member or 0) <= MAX_VOTES:
        raise ValidationError({"votes_per_member": _("Give each member from 1 to %(max)s votes.") % {"max": MAX_VOTES}})
    retrospective.full_clean()
    retrospective.save()
    return retrospective


# Cards ---------------------------------------------------------------------------------------


def _card(retrospective: Retrospective, column: str, text: str, author: User | None) -> Card:
    _check_column(column)
    _check_status(retrospective, Status.OPEN, _cards_closed())
    card = Card(retrospective=retrospective, column=column, text=(text or "").strip(), author=author)
    if not card.text:
        raise ValidationError({"text": _("Write what you would say on the card.")})
    card.full_clean()
    card.save()
    return card


@transaction.atomic
def card_post(*, actor: User, retrospective: Retrospective, column: str, text: str) -> Card:
    community = retrospective.community
    permissions.require(actor, retro_permissions.TAKE_PART, community)
    _require_readable(actor, retrospective)
    stored = Retrospective.objects.select_for_update().get(pk=retrospective.pk)  # not while it moves on
    return _card(stored, column, text, actor)


@transaction.atomic
def card_post_for_room(
    *, actor: User, retrospective: Retrospective, column: str, text: str, author: Membership | None = None
) -> Card:
    """Live mode: the facilitator types the room's card, signed by nobody or by a named member."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.FACILITATE, community)
    _require_readable(actor, retrospective)
    if author is not None and (author.community_id != community.pk or author.status != Membership.Status.ACTIVE):
        raise ValidationError({"author": _("Choose a member of this community, or nobody.")})
    stored = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
    return _card(stored, column, text, author.user if author is not None else None)


@transaction.atomic
def card_update(*, actor: User, card: Card, text: str, column: str) -> Card:
    community = card.retrospective.community
    permissions.require_open(actor, community)
    _require_readable(actor, card.retrospective)
    Retrospective.objects.select_for_update().filter(pk=card.retrospective_id).first()
    card.retrospective.refresh_from_db(fields=["status"])
    if not retro_permissions.can_edit_card(actor, community, card):
        if not card.retrospective.is_open:
            raise ValidationError(_cards_closed())
        permissions.refuse(actor, community, readable=True)
    _check_column(column)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you would say on the card.")})
    if column != card.column and card.group_id is not None:
        # A card changing column leaves its group, which stays in its own column.
        card.group = None
    card.text, card.column = text, column
    card.full_clean()
    card.save(update_fields=["text", "column", "group"])
    return card


@transaction.atomic
def card_delete(*, actor: User, card: Card) -> None:
    community = card.retrospective.community
    permissions.require_open(actor, community)
    _require_readable(actor, card.retrospective)
    Retrospective.objects.select_for_update().filter(pk=card.retrospective_id).first()
    card.retrospective.refresh_from_db(fields=["status"])
    if not retro_permissions.can_edit_card(actor, community, card):
        if not card.retrospective.is_open:
            raise ValidationError(_("Cards are deleted while the retrospective is open for cards: it has moved on."))
        permissions.refuse(actor, community, readable=True)
    group = card.group
    card.delete()
    if group is not None and not group.cards.exists():
        group.delete()  # a group of no card says nothing


# Groups --------------------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *, actor: User, retrospective: Retrospective, column: str, cards: list[Card], title: str, version: int | None
) -> CardGroup:
    """Gather cards of one column under a title (cards already in a group move to this one)."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.FACILITATE, community)
    _require_readable(actor, retrospective)
    stored = _locked(retrospective, version)
    _check_status(stored, Status.OPEN, _("Cards are grouped while the retrospective is open for cards."))
    _check_column(column)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the group a title: what its cards say together.")})
    ids = {card.pk for card in cards}
    found = list(Card.objects.filter(retrospective=stored, pk__in=ids))
    if len(found) < 2 or len(found) != len(ids):
        raise ValidationError({"cards": _("Choose at least two cards of this retrospective to group.")})
    if any(card.column != column for card in found):
        raise ValidationError({"cards": _("A group gathers cards of one column.")})
    group = CardGroup(retrospective=stored, column=column, title=title)
    group.full_clean()
    group.save()
    before = {card.group_id for card in found if card.group_id is not None}
    Card.objects.filter(pk__in=ids).update(group=group)
    CardGroup.objects.filter(pk__in=before, cards__isnull=True).delete()
    _bump(retrospective, stored)
    return group


@transaction.atomic
def group_dissolve(*, actor: User, group: CardGroup, version: int | None) -> None:
    """Ungroup: its cards stand on their own again."""
    retrospective = group.retrospective
    permissions.require(actor, retro_permissions.FACILITATE, retrospective.community)
    _require_readable(actor, retrospective)
    stored = _locked(retrospective, version)
    _check_status(stored, Status.OPEN, _("Cards are ungrouped while the retrospective is open for cards."))
    Card.objects.filter(group=group).update(group=None)
    group.delete()
    _bump(retrospective, stored)


# The state machine ---------------------------------------------------------------------------


@transaction.atomic
def retrospective_move(*, actor: User, retrospective: Retrospective, to: str, version: int | None) -> Retrospective:
    """Open for cards → voting → done; the only moves there are."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.FACILITATE, community)
    _require_readable(actor, retrospective)
    stored = _locked(retrospective, version)
    if to not in TRANSITIONS.get(Status(stored.status), ()):
        labels = dict(Status.choices)
        raise ValidationError(
            _(
                "This retrospective is “%(status)s”: it cannot go to “%(to)s”. "
                "It goes from the cards to the vote, then to its end."
            )
            % {"status": labels.get(stored.status, stored.status), "to": labels.get(to, to)}
        )
    if to == Status.VOTING and not Card.objects.filter(retrospective=stored).exists():
        raise ValidationError(_("Nobody posted a card yet: there is nothing to vote on."))
    fields: dict[str, object] = {"status": to}
    if to == Status.DONE:
        fields["ended_at"] = timezone.now()
        # The results are fixed at the end: the votes of those who left by then count no more.
        active = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).values("user_id")
        Vote.objects.filter(retrospective=stored).exclude(voter__in=active).delete()
    _bump(retrospective, stored, **fields)
    return retrospective


# Votes ---------------------------------------------------------------------------------------


def _target(retrospective: Retrospective, card: Card | None, group: CardGroup | None) -> dict:
    if (card is None) == (group is None):
        raise ValidationError(_("Vote for one card or one group."))
    if card is not None:
        card = Card.objects.filter(pk=card.pk, retrospective=retrospective).first()  # its group as stored now
        if card is None:
            raise ValidationError(_("Vote for a card of this retrospective."))
        if card.group_id is not None:
            raise ValidationError(_("This card is in a group: vote for the group."))
        return {"card": card}
    if group is None or group.retrospective_id != retrospective.pk:
        raise ValidationError(_("Vote for a group of this retrospective."))
    return {"group": group}


def votes_used(user, retrospective: Retrospective) -> int:
    if not user.is_authenticated:
        return 0
    return Vote.objects.filter(retrospective=retrospective, voter=user).count()


@transaction.atomic
def vote_cast(
    *, actor: User, retrospective: Retrospective, card: Card | None = None, group: CardGroup | None = None
) -> Vote:
    """One of the member's votes on a card or a group (several on one, if they like)."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.TAKE_PART, community)
    _require_readable(actor, retrospective)
    stored = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
    if stored.status != Status.VOTING:
        raise ValidationError(_("Votes are cast while the retrospective is at the vote."))
    target = _target(stored, card, group)
    if votes_used(actor, stored) >= stored.votes_per_member:
        raise ValidationError(
            _("You have used your %(count)s votes: take one back to vote elsewhere.")
            % {"count": stored.votes_per_member}
        )
    return Vote.objects.create(retrospective=stored, voter=actor, **target)


@transaction.atomic
def vote_take_back(
    *, actor: User, retrospective: Retrospective, card: Card | None = None, group: CardGroup | None = None
) -> None:
    community = retrospective.community
    permissions.require(actor, retro_permissions.TAKE_PART, community)
    _require_readable(actor, retrospective)
    stored = Retrospective.objects.select_for_update().get(pk=retrospective.pk)
    if stored.status != Status.VOTING:
        raise ValidationError(_("Votes are taken back while the retrospective is at the vote."))
    target = _target(stored, card, group)
    vote = Vote.objects.filter(retrospective=stored, voter=actor, **target).order_by("-pk").first()
    if vote is None:
        raise ValidationError(_("You have no vote there to take back."))
    vote.delete()


@transaction.atomic
def hand_votes_set(
    *,
    actor: User,
    retrospective: Retrospective,
    cards: dict[int, int],
    groups: dict[int, int],
    version: int | None,
) -> None:
    """Live mode: the votes counted in the room, one count per card and per group."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.FACILITATE, community)
    _require_readable(actor, retrospective)
    stored = _locked(retrospective, version)
    if stored.status != Status.VOTING:
        raise ValidationError(_("The room's votes are counted while the retrospective is at the vote."))
    for count in [*cards.values(), *groups.values()]:
        if not 0 <= count <= MAX_HAND_VOTES:
            raise ValidationError(_("A count of votes is a whole number from 0 to %(max)s.") % {"max": MAX_HAND_VOTES})
    for card in Card.objects.filter(retrospective=stored, pk__in=cards):
        if card.hand_votes != cards[card.pk]:
            Card.objects.filter(pk=card.pk).update(hand_votes=cards[card.pk])
    for group in CardGroup.objects.filter(retrospective=stored, pk__in=groups):
        if group.hand_votes != groups[group.pk]:
            CardGroup.objects.filter(pk=group.pk).update(hand_votes=groups[group.pk])
    _bump(retrospective, stored)


# The record ----------------------------------------------------------------------------------


@transaction.atomic
def record_save(*, actor: User, retrospective: Retrospective, record: str, version: int | None) -> Retrospective:
    """The record of the community, written (and rewritten) once the retrospective has ended;
    its first writing is announced."""
    community = retrospective.community
    permissions.require(actor, retro_permissions.FACILITATE, community)
    _require_readable(actor, retrospective)
    stored = _locked(retrospective, version)
    if stored.status != Status.DONE:
        raise ValidationError(_("The record is written once the retrospective has ended."))
    record = (record or "").replace("\r\n", "\n").strip()
    if not record:
        raise ValidationError({"record": _("Write the record: what the community keeps of this retrospective.")})
    first = stored.recorded_at is None
    retrospective.record = record
    retrospective.full_clean(exclude=["community", "created_by", "recorded_by"])
    _bump(retrospective, stored, record=record, recorded_at=timezone.now(), recorded_by=actor)
    if first:
        events.announce(
            events.RETROSPECTIVE_RECORDED,
            community=community,
            retrospective=retrospective,
            actor=actor,
            visibility=retrospective.visibility,
            url=retrospective.get_absolute_url(),
        )
    return retrospective
