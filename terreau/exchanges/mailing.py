"""The scheduler's side of the rhythm: load a batch of members, ask `rhythm.decide`, send.

Everything is loaded and written in bulk, so a batch of 500 members costs the same dozen
queries as a batch of 5 (`test_mailing.py` asserts it). Emails are rendered with
`terreau.emails.services.render_triplet` and stored as `Email` rows in one insert; one task
delivers the whole batch once the transaction commits.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from terreau.communities.models import Community, Membership
from terreau.core import markdown
from terreau.emails.models import Email
from terreau.emails.services import render_triplet

from . import rhythm
from .models import (
    FeedItem,
    Notification,
    NotificationKind,
    NotificationPreference,
    RhythmPolicy,
    SentMessage,
    WeeklyMessage,
)

BATCH_SIZE = 500
UNSUBSCRIBE_SALT = "terreau.exchanges.unsubscribe"
ALL_KINDS = "all"  # the token of a digest: stop every email of the community


# Unsubscribe tokens --------------------------------------------------------------------------


def unsubscribe_token(*, user_id: int, community_id: int, kind: str) -> str:
    return signing.dumps([user_id, community_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, int, str] | None:
    try:
        user_id, community_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind != ALL_KINDS and kind not in NotificationKind.values:
        return None
    return int(user_id), int(community_id), kind


def unsubscribe_url(*, community: Community, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, community_id=community.pk, kind=kind)
    return settings.SITE_URL + reverse("exchanges:unsubscribe", args=[community.slug, token])


def unsubscribe_headers(url: str) -> dict:
    # RFC 8058: mail clients offer a one-click button that POSTs to the address.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# Loading a batch -----------------------------------------------------------------------------


def policy_for(community: Community) -> RhythmPolicy:
    found = RhythmPolicy.objects.filter(community=community).first()
    return found or RhythmPolicy(community=community)


def member_rhythm(membership: Membership, preference: NotificationPreference | None, policy: RhythmPolicy):
    return rhythm.Rhythm(
        frequency=rhythm.Frequency(preference.frequency if preference else rhythm.Frequency.IMMEDIATE),
        since=membership.joined_at,
        time_zone=preference.time_zone if preference else settings.TIME_ZONE,
        ceiling=policy.daily_ceiling,
        weekly_day=policy.weekly_day,
    )


@dataclass
class WeekInCommunity:
    """What every digest of the community carries, loaded once per batch."""

    weekly_message: WeeklyMessage | None
    highlights: list[FeedItem]
    memo: str


def week_in(community: Community, policy: RhythmPolicy, now: datetime) -> WeekInCommunity:
    since = now - timedelta(days=7)
    weekly = WeeklyMessage.objects.filter(community=community, sent_at__gte=since).order_by("-sent_at").first()
    highlights = list(
        FeedItem.objects.filter(community=community, visibility__in=["public", "members"], created_at__gte=since)
        .select_related("actor")
        .order_by("-created_at")[:10]
    )
    return WeekInCommunity(weekly_message=weekly, highlights=highlights, memo=policy.welcome_memo)


@dataclass
class Outcome:
    individual: int = 0
    digests: int = 0
    held: int = 0
    emails: list[int] | None = None


@transaction.atomic
def rhythm_run(
    *, community: Community, user_ids: list[int] | None = None, now: datetime | None = None, batch_size=BATCH_SIZE
) -> Outcome:
    """Apply the rhythm to every active member of `community` (or those of `user_ids`)."""
    now = now or timezone.now()
    policy = policy_for(community)
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    ids = list(members.order_by("pk").values_list("pk", flat=True))
    outcome = Outcome(emails=[])
    week = None
    for start in range(0, len(ids), batch_size):
        if week is None:
            week = week_in(community, policy, now)
        _run_batch(community, policy, ids[start : start + batch_size], now, week, outcome)
    if outcome.emails:
        from .tasks import deliver_emails

        email_ids = list(outcome.emails)
        transaction.on_commit(lambda: deliver_emails.enqueue(email_ids))
    return outcome


def _run_batch(community, policy, membership_ids, now, week, outcome) -> None:
    memberships = list(
        Membership.objects.filter(pk__in=membership_ids).select_related("user", "notification_preference")
    )
    user_ids = [membership.user_id for membership in memberships]
    window = now - timedelta(days=rhythm.DEFAULT_FLOOR_DAYS + 2)
    history = defaultdict(list)
    for user_id, sent_at, is_digest in SentMessage.objects.filter(
        community=community, recipient_id__in=user_ids, sent_at__gte=window
    ).values_list("recipient_id", "sent_at", "is_digest"):
        history[user_id].append(rhythm.Sent(at=sent_at, digest=is_digest))
    pending = defaultdict(list)
    for notification in (
        Notification.objects.filter(
            community=community,
            recipient_id__in=user_ids,
            emailed_at__isnull=True,
            email_wanted=True,
            created_at__lte=now,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    ):
        pending[notification.recipient_id].append(notification)

    emails, sent_rows, notification_updates = [], [], []
    for membership in memberships:
        preference = getattr(membership, "notification_preference", None)
        member = member_rhythm(membership, preference, policy)
        waiting = {notification.pk: notification for notification in pending[membership.user_id]}
        decision = rhythm.decide(
            member,
            history[membership.user_id],
            [rhythm.Pending(id=n.pk, created_at=n.created_at, urgent=n.is_urgent) for n in waiting.values()],
            now,
        )
        outcome.held += len(decision.held)
        user = membership.user
        for notification_id in decision.individual:
            notification = waiting[notification_id]
            emails.append(_individual_email(community, user, notification, week))
            sent_rows.append(SentMessage(recipient=user, community=community, sent_at=now, kind=notification.kind))
            notification.emailed_at = now
            notification_updates.append((notification, None))
            outcome.individual += 1
        if decision.send_digest:
            items = [waiting[notification_id] for notification_id in decision.digest]
            emails.append(_digest_email(community, user, items, week))
            digest_row = SentMessage(recipient=user, community=community, sent_at=now, is_digest=True, kind="digest")
            sent_rows.append(digest_row)
            for notification in items:
                notification.emailed_at = now
                notification_updates.append((notification, digest_row))
            outcome.digests += 1

    created = Email.objects.bulk_create(emails, batch_size=500)
    for email, row in zip(created, sent_rows, strict=True):
        row.email = email
    SentMessage.objects.bulk_create(sent_rows, batch_size=500)
    changed = []
    for notification, digest_row in notification_updates:
        notification.digested_in = digest_row
        changed.append(notification)
    if changed:
        Notification.objects.bulk_update(changed, ["emailed_at", "digested_in"], batch_size=500)
    outcome.emails.extend(email.pk for email in created)


def _email(*, user, template: str, context: dict, headers: dict) -> Email:
    subject, text, html = render_triplet(template, {"recipient": user, **context}, user.language)
    return Email(
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        template=template,
        language=user.language,
        headers=headers,
    )


def _individual_email(community, user, notification: Notification, week: WeekInCommunity) -> Email:
    url = unsubscribe_url(community=community, user_id=user.pk, kind=notification.kind)
    context = {
        "community": community,
        "notification": notification,
        "kind_label": NotificationKind(notification.kind).label,
        "unsubscribe_url": url,
    }
    if notification.kind == NotificationKind.WELCOME and week.memo:
        context.update(memo_text=week.memo, memo_html=markdown.render(week.memo))
    if notification.kind == NotificationKind.WEEKLY_MESSAGE and week.weekly_message:
        context.update(weekly_message=week.weekly_message, weekly_html=_rendered_once(week.weekly_message))
    return _email(
        user=user, template="exchanges/emails/notification", context=context, headers=unsubscribe_headers(url)
    )


def _digest_email(community, user, items: list[Notification], week: WeekInCommunity) -> Email:
    url = unsubscribe_url(community=community, user_id=user.pk, kind=ALL_KINDS)
    weekly = week.weekly_message
    context = {
        "community": community,
        "items": items,
        "highlights": week.highlights,
        "weekly_message": weekly,
        "weekly_html": _rendered_once(weekly),
        "unsubscribe_url": url,
    }
    return _email(user=user, template="exchanges/emails/digest", context=context, headers=unsubscribe_headers(url))


def _rendered_once(weekly: WeeklyMessage | None):
    if weekly is None:
        return ""
    if not hasattr(weekly, "_html"):
        weekly._html = markdown.render(weekly.body)
    return weekly._html
