"""Mentions: `@julie-martin` in a text names a member, who is told."""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.core.text import fold

from ..models import NotificationKind
from .notifications import notify

MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*\w|\w)")


def handle(user: User) -> str:
    """How to mention someone: @ and their name with hyphens (`@julie-martin`)."""
    return slugify(fold(user.display_name)) or f"user-{user.pk}"


def mentioned(community: Community, *texts: str, visibility: str = Visibility.MEMBERS) -> list[User]:
    """The members `@`-named in the texts; a name that is not a member's is refused clearly, and so
    is a member who may not see a thing of `visibility` (they would not be told)."""
    # "@Hélène-Cœur" names the member whose handle is "helene-coeur"; a refusal quotes what was typed.
    typed = {fold(match): match for text in texts for match in MENTION.findall(text or "")}
    wanted = set(typed)
    if not wanted:
        return []
    found = {}
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")
    for membership in members:
        name = handle(membership.user)
        if name in wanted:
            found[name] = membership.user
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(
            {
                "body": _(
                    "%(names)s: no member of this community has this name, so nobody would be told. "
                    "Check the spelling (a member's name with hyphens, like @julie-martin) or remove the @."
                )
                % {"names": ", ".join(f"@{typed[name]}" for name in unknown)}
            }
        )
    allowed = set(
        permissions.members_who_may_see(community, visibility)
        .filter(user_id__in=[user.pk for user in found.values()])
        .values_list("user_id", flat=True)
    )
    hidden = sorted(name for name, user in found.items() if user.pk not in allowed)
    if hidden:
        raise ValidationError(
            {
                "body": _(
                    "%(names)s may not see this (%(visibility)s), so they would not be told. "
                    "Remove the @ before their name."
                )
                % {"names": ", ".join(f"@{typed[name]}" for name in hidden), "visibility": Visibility(visibility).label}
            }
        )
    return list(found.values())


def _notify_mentions(community, users, actor, verb, params, url, visibility, body=""):
    notify(
        community=community,
        recipients=users,
        kind=NotificationKind.MENTION,
        verb=verb,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
        body=body,
    )
