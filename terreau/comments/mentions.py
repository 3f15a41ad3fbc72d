"""Mentions in a comment: `@julie-martin`, a member's name in lower case with hyphens.

The same handle as in the exchanges (a member's name without accents, words joined by hyphens),
resolved here against the community's members: comments sit below the features and import none.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core.text import fold

MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*\w|\w)")


def handle(user: User) -> str:
    return slugify(fold(user.display_name)) or f"user-{user.pk}"


def mentioned(community: Community, text: str, *, strict: bool = True) -> list[User]:
    """The active members `@`-named in `text`; a name that is no member's is refused (`strict`),
    quoted as typed, or left aside."""
    typed = {fold(match): match for match in MENTION.findall(text or "")}
    if not typed:
        return []
    found: dict[str, User] = {}
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")
    for membership in members:
        name = handle(membership.user)
        if name in typed:
            found[name] = membership.user
    unknown = sorted(set(typed) - set(found))
    if unknown and strict:
        raise ValidationError(
            {
                "body": _(
                    "%(names)s: no member of this community has this name, so nobody would be told. "
                    "Check the spelling (a member's name with hyphens, like @julie-martin) or remove the @."
                )
                % {"names": ", ".join(f"@{typed[name]}" for name in unknown)}
            }
        )
    return list(found.values())


def who_may_see(community: Community, users: list[User], visibility: str) -> tuple[list[User], list[User]]:
    """`users` split in two: those who may see a thing of `visibility`, and the others."""
    allowed = set(
        permissions.members_who_may_see(community, visibility)
        .filter(user_id__in=[user.pk for user in users])
        .values_list("user_id", flat=True)
    )
    return [user for user in users if user.pk in allowed], [user for user in users if user.pk not in allowed]
