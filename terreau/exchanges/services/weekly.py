"""The rhythm's settings and the community's messages: email preferences, unsubscribing,
the facilitator's policy, the weekly message and the welcome.

When the emails go out is the pure policy of `terreau.exchanges.rhythm`; these are its writes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core import events

from .. import mailing
from .. import permissions as exchanges_permissions
from ..models import (
    DEFAULT_WELCOME_MEMO,
    FeedItem,
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    RhythmPolicy,
    Verb,
    WeeklyMessage,
)
from .notifications import feed_record, notify


@transaction.atomic
def preference_update(
    *, actor: User, community: Community, frequency: str, time_zone: str, unsubscribed_kinds: list[str]
) -> NotificationPreference:
    membership = permissions.require_membership(actor, exchanges_permissions.EMAIL_SETTINGS, community)
    preference, _created = NotificationPreference.objects.get_or_create(membership=membership)
    preference.frequency = frequency
    preference.time_zone = time_zone
    preference.unsubscribed_kinds = sorted(set(unsubscribed_kinds) & set(NotificationKind.values))
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def unsubscribe(*, community: Community, token: str) -> tuple[User, str]:
    """One click from an email, no sign-in: the signed token names the member and the kind."""
    read = mailing.unsubscribe_read(token)
    if read is None or read[1] != community.pk:
        raise ValidationError(_("This unsubscribe link is not valid. Change your email settings after signing in."))
    user_id, _community_id, kind = read
    membership = Membership.objects.filter(community=community, user_id=user_id).select_related("user").first()
    if membership is None:
        raise ValidationError(_("This unsubscribe link is not valid. Change your email settings after signing in."))
    preference, _created = NotificationPreference.objects.get_or_create(membership=membership)
    if kind == mailing.ALL_KINDS:
        preference.frequency = Frequency.OFF
    elif kind not in preference.unsubscribed_kinds:
        preference.unsubscribed_kinds = [*preference.unsubscribed_kinds, kind]
    preference.save()
    if kind != mailing.ALL_KINDS:
        Notification.objects.filter(
            recipient_id=user_id, community=community, kind=kind, emailed_at__isnull=True
        ).update(email_wanted=False)
    return membership.user, kind


@transaction.atomic
def policy_update(*, actor: User, community: Community, daily_ceiling: int, weekly_day: int, welcome_memo: str):
    permissions.require(actor, exchanges_permissions.FACILITATE, community)
    policy, _created = RhythmPolicy.objects.get_or_create(community=community)
    policy.daily_ceiling = daily_ceiling
    policy.weekly_day = weekly_day
    welcome_memo = welcome_memo.strip().replace("\r\n", "\n")
    # The guide's memo left as it is stays unwritten, so each newcomer reads it in their language.
    policy.welcome_memo = "" if welcome_memo == str(DEFAULT_WELCOME_MEMO).strip() else welcome_memo
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def weekly_message_send(*, actor: User, community: Community, subject: str, body: str) -> WeeklyMessage:
    """The facilitator's message goes to every member, as one email each within their rhythm."""
    permissions.require(actor, exchanges_permissions.FACILITATE, community)
    message = WeeklyMessage(community=community, author=actor, subject=subject.strip(), body=body.strip())
    message.full_clean()
    message.sent_at = timezone.now()
    message.save()
    from django.urls import reverse

    url = reverse("exchanges:weekly_detail", args=[community.slug, message.pk])
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.WEEKLY_MESSAGE,
        verb=Verb.WEEKLY_MESSAGE,
        params={"subject": message.subject},
        url=url,
    )
    recipients = User.objects.filter(memberships__community=community, memberships__status=Membership.Status.ACTIVE)
    notifications = notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.WEEKLY_MESSAGE,
        verb=Verb.WEEKLY_MESSAGE,
        params={"subject": message.subject},
        url=url,
        actor=None,  # the author receives it too: it is the community's message
    )
    # Each email carries this message's own text, even when a second one follows in the week.
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(weekly_message=message)
    events.announce(
        events.WEEKLY_MESSAGE_SENT, community=community, message=message, actor=actor, visibility="members", url=url
    )
    return message


def member_welcome(*, membership: Membership) -> None:
    """Answers communities' MEMBER_JOINED event (subscribers.py): a membership became active.

    The welcome memo goes to the newcomer (at once, whatever their rhythm), the feed says
    who joined.
    """
    community = membership.community
    from django.urls import reverse

    url = reverse("communities:member", args=[community.slug, membership.pk])
    feed_record(
        community=community,
        actor=membership.user,
        kind=FeedItem.Kind.MEMBER_JOINED,
        verb=Verb.MEMBER_JOINED,
        params={"name": membership.user},
        url=url,
    )
    notify(
        community=community,
        recipients=[membership.user],
        kind=NotificationKind.WELCOME,
        verb=Verb.WELCOME,
        params={"community": community.name},
        url=community.get_absolute_url(),
    )
