"""Writes for comments: post, edit and delete, each checking who acts and telling who should know."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community
from terreau.core import events

from . import mentions, registry
from . import permissions as comment_permissions
from .models import Comment


@dataclass
class Written:
    """A comment just written, and the members it mentions who may not read its thing (not told)."""

    comment: Comment
    not_told: list[User] = field(default_factory=list)


class StaleEdit(ValidationError):
    """The comment changed since the form was opened (another tab, another device)."""


def _told(community: Community, target: registry.Target, users: list[User]) -> tuple[list[User], list[User]]:
    seeing, hidden = mentions.who_may_see(community, users, target.visibility)
    if target.readable_by is not None:
        hidden += [user for user in seeing if not target.readable_by(user)]
        seeing = [user for user in seeing if target.readable_by(user)]
    return seeing, hidden


def _announce(comment: Comment, target: registry.Target, actor: User, mentioned: list[User], people: list[User]):
    mentioned_ids = {user.pk for user in mentioned}
    events.announce(
        events.COMMENT_POSTED,
        community=comment.community,
        comment=comment,
        title=target.title,
        actor=actor,
        visibility=target.visibility,
        url=f"{target.url}#comment-{comment.pk}",
        mentioned=mentioned,
        # Told once: a person both mentioned and carrying the thing hears of the mention.
        people=[user for user in people if user is not None and user.pk not in mentioned_ids],
    )


@transaction.atomic
def comment_post(*, actor: User, community: Community, target_kind: str, target: registry.Target, body: str) -> Written:
    """Write a comment on `target` (of kind `target_kind`); the members it mentions who may read
    the thing are told, and so are the people who carry the thing."""
    # can_post asks the kernel for comments.post too: someone who reads the thing is refused (403).
    if not comment_permissions.can_post(actor, community, target):
        permissions.refuse(actor, community, readable=comment_permissions.can_read(actor, community, target))
    comment = Comment(community=community, target_kind=target_kind, target_id=target.thing.pk, author=actor, body=body)
    comment.full_clean()
    told, not_told = _told(community, target, mentions.mentioned(community, body))
    comment.save()
    _announce(comment, target, actor, told, list(target.people))
    return Written(comment, not_told)


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, target: registry.Target, body: str, version: int) -> Written:
    """Change one's own comment, marked edited; only the members newly mentioned are told."""
    community = comment.community
    if not comment_permissions.can_edit(actor, community, comment):
        permissions.refuse_write(actor, community, readable=comment_permissions.can_read(actor, community, target))
    stored = Comment.objects.select_for_update().get(pk=comment.pk)
    if stored.version != version:
        raise StaleEdit(
            {
                "body": _(
                    "This comment changed since you opened it: it now reads as shown above. "
                    "Here is what you typed; save again to keep it."
                )
            }
        )
    before = {user.pk for user in mentions.mentioned(community, stored.body, strict=False)}
    comment.body = body
    comment.full_clean()
    new = [user for user in mentions.mentioned(community, body) if user.pk not in before]
    told, not_told = _told(community, target, new)
    comment.edited_at = timezone.now()
    comment.version = stored.version + 1
    comment.save(update_fields=["body", "edited_at", "version"])
    if told:
        _announce(comment, target, actor, told, [])
    return Written(comment, not_told)


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> None:
    """Delete one's own comment, or, moderating, anyone's (kept in the change log)."""
    community = comment.community
    if not comment_permissions.can_delete(actor, community, comment):
        permissions.refuse_write(actor, community, readable=True)
    if comment.author_id != actor.pk:
        audit.record_deletion(actor=actor, community=community, action="comment.deleted", target=comment)
    comment.delete()
