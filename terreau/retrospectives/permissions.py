"""Who may do what with retrospectives, built on the kernel (terreau/permissions.py).

- `retrospectives.view` (whoever may view the community): read the list, a board and its record,
  each retrospective as its visibility allows (`retrospectives_visible_to`).
- `retrospectives.take_part` (an active membership): post cards, vote; the author edits and
  deletes their own cards while the retrospective is open for cards (`can_edit_card`).
- `retrospectives.facilitate` (facilitation role, core team): open one, group cards, run it live,
  move it to the vote, end it and write its record.

Refusals through the kernel's `refuse`: `retrospective_for` (one a person may not see does not
exist: 404). A closed community refuses every write: the services ask `require()` (or
`require_open()` for an author's own card) before they write.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.permissions import Standing

from .models import Card, Retrospective

VIEW = permissions.register("retrospectives.view", Standing.VISITOR, reads=True)
TAKE_PART = permissions.register("retrospectives.take_part", Standing.MEMBER, needs_membership=True)
FACILITATE = permissions.register("retrospectives.facilitate", Standing.MEMBER, role=RoleKind.FACILITATION)


def retrospectives_visible_to(user, community: Community) -> QuerySet[Retrospective]:
    return permissions.visible(user, community, Retrospective.objects.filter(community=community))


def can_read(user, community: Community, retrospective: Retrospective) -> bool:
    return retrospective.community_id == community.pk and permissions.can_see(user, community, retrospective)


def can_take_part(user, community: Community, retrospective: Retrospective) -> bool:
    return can_read(user, community, retrospective) and permissions.can(user, TAKE_PART, community)


def can_facilitate(user, community: Community, retrospective: Retrospective | None = None) -> bool:
    if retrospective is not None and not can_read(user, community, retrospective):
        return False
    return permissions.can(user, FACILITATE, community)


def can_edit_card(user, community: Community, card: Card) -> bool:
    """Its author, while the retrospective is open for cards; the facilitator too (moderation)."""
    retrospective = card.retrospective
    if not retrospective.is_open or permissions.is_closed(community):
        return False
    if can_facilitate(user, community, retrospective):
        return True
    return user.is_authenticated and card.author_id == user.pk and can_take_part(user, community, retrospective)


def retrospective_for(user, community: Community, pk) -> Retrospective:
    """The retrospective `pk` of `community`, for this person to read."""
    found = retrospectives_visible_to(user, community).filter(pk=pk).select_related("community").first()
    if found is None:
        permissions.refuse(user, community, readable=False)
    return found


def require_visible(user, community: Community, retrospective: Retrospective) -> None:
    if not can_read(user, community, retrospective):
        permissions.refuse(user, community, readable=False)
