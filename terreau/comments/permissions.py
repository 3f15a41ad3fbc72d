"""Who may do what with comments, built on the kernel (terreau/permissions.py).

A thread is read by whoever may read its thing: the thing's visibility (through the kernel's
`can_see`) and, when the feature says it is narrower (a draft), the feature's own rule
(`Target.readable_by`). Actions, with the least standing each needs:

- `comments.post` (an active membership): comment on a thing one may read, while its thread is
  open; edit and delete one's own comments.
- `comments.moderate` (core team, and members holding the facilitation role): delete anyone's
  comment.

Yes/no forms: `can_read`, `can_post`, `can_edit`, `can_delete`; refusals through the kernel's
`refuse`: `target_for`, `comment_for` (a thing one may not read does not exist: 404).
"""

from typing import NoReturn

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.permissions import Standing

from . import registry
from .models import Comment

POST = permissions.register("comments.post", Standing.MEMBER, needs_membership=True)
MODERATE = permissions.register("comments.moderate", Standing.MEMBER, role=RoleKind.FACILITATION)


def can_read(user, community: Community, target: registry.Target) -> bool:
    if not permissions.can_see(user, community, target):
        return False
    return target.readable_by is None or target.readable_by(user)


def can_post(user, community: Community, target: registry.Target) -> bool:
    return target.open and can_read(user, community, target) and permissions.can(user, POST, community)


def can_edit(user, community: Community, comment: Comment) -> bool:
    """Only its author edits a comment: nobody puts words in another's mouth (nor in a closed community)."""
    return (
        not permissions.is_closed(community)
        and user.is_authenticated
        and comment.author_id == user.pk
        and permissions.membership(user, community) is not None
    )


def can_delete(user, community: Community, comment: Comment) -> bool:
    return can_edit(user, community, comment) or permissions.can(user, MODERATE, community)


def _refuse(user, community: Community, readable: bool) -> NoReturn:
    permissions.refuse(user, community, readable=readable)


def target_for(user, community: Community, key: str, pk, *, post: bool = False) -> registry.Target:
    """The thing `pk` of kind `key`, for this person to read (or comment on)."""
    found = registry.target(key, community, pk)
    if found is None or not can_read(user, community, found):
        _refuse(user, community, False)
    if post and not can_post(user, community, found):
        permissions.refuse_write(user, community, True)
    return found


def comment_for(user, community: Community, pk) -> tuple[Comment, registry.Target]:
    """The comment `pk` with its thing, for this person to read: its thing must be readable."""
    comment = Comment.objects.filter(pk=pk, community=community).select_related("author").first()
    found = registry.target(comment.target_kind, community, comment.target_id) if comment else None
    if comment is None or found is None or not can_read(user, community, found):
        _refuse(user, community, False)
    return comment, found
