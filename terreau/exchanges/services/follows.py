"""Follows: a question, a theme or a member, to be told what comes next."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.communities.models import Community, Theme

from .. import permissions as exchanges_permissions
from ..models import Follow, Question


@transaction.atomic
def follow_toggle(
    *, actor: User, community: Community, question: Question | None = None, theme: Theme | None = None, member=None
) -> bool:
    """Follow, or stop following; returns whether the person now follows."""
    exchanges_permissions.membership_for_posting(actor, community)
    if theme is not None and theme.community_id != community.pk:
        raise ValidationError(_("This is not one of the community's themes."))
    if member is not None and (member.community_id != community.pk or member.user_id == actor.pk):
        raise ValidationError(_("Choose another member of this community."))
    if not (question or theme is not None or member):
        raise ValidationError(_("Choose what to follow."))
    lookup = {"community": community, "follower": actor}
    if question is not None:
        lookup["question"] = question
    elif theme is not None:
        lookup["theme"] = theme
    else:
        lookup["member"] = member.user
    found = Follow.objects.filter(**lookup).first()
    if found:
        found.delete()
        return False
    Follow.objects.create(**lookup)
    return True
