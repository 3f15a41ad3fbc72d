"""Kudos: thanks from one member to another, in the feed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.communities.models import Community, Membership

from .. import permissions as exchanges_permissions
from ..models import FeedItem, Kudos, NotificationKind, Verb
from .notifications import feed_record, notify


@transaction.atomic
def kudos_give(*, actor: User, community: Community, receiver: Membership, message: str, visibility="members") -> Kudos:
    exchanges_permissions.membership_for_posting(actor, community)
    if receiver.community_id != community.pk or receiver.status != Membership.Status.ACTIVE:
        raise ValidationError({"receiver": _("Choose a member of this community.")})
    if receiver.user_id == actor.pk:
        raise ValidationError({"receiver": _("Kudos go to someone else.")})
    kudos = Kudos(community=community, giver=actor, receiver=receiver.user, message=message.strip())
    kudos.visibility = visibility
    kudos.full_clean()
    kudos.save()
    from django.urls import reverse

    url = reverse("communities:member", args=[community.slug, receiver.pk])
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.KUDOS,
        verb=Verb.KUDOS_GIVEN,
        params={"giver": actor, "receiver": receiver.user},
        url=url,
        visibility=visibility,
    )
    notify(
        community=community,
        recipients=[receiver.user],
        kind=NotificationKind.KUDOS,
        verb=Verb.KUDOS_RECEIVED,
        params={"giver": actor, "message": kudos.message[:200]},
        url=url,
        actor=actor,
        visibility=visibility,
    )
    return kudos
