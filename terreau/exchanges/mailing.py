"""The scheduler's side of the rhythm: load a batch of members, ask `rhythm.decide`, send.

Everything is loaded and written in bulk, so a batch of 500 members costs the same dozen
queries as a batch of 5 (`test_mailing.py` asserts it). Emails are rendered with
`terreau.emails.services.render_triplet` and stored as `Email` rows in one insert
(`emails_queue`); the worker delivers them once the transaction commits, each on its own, with
retries.

Queued is not sent. A notification taken into an email gets `email` at once (no later pass takes
it again) and `emailed_at` only when that email went out (`email_went_out`). Its `SentMessage`
counts toward the member's rhythm from the start: at the moment it went out once sent, as *now*
while it waits for a retry (so a late email still counts on the day it lands and the ceiling
holds), and not at all once FAILED.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from terreau import permissions
from terreau.communities.models import Community, Membership
from terreau.core import markdown
from terreau.emails.models import Email
from terreau.emails.services import emails_queue, render_triplet

from . import rhythm
from .models import (
    FeedItem,
    Notification,
    NotificationKind,
    NotificationPreference,
    RhythmPolicy,
    SentMessage,
    WeeklyMessage,
    default_welcome_memo,
)

BATCH_SIZE = 500
# How much of a notification's text an email carries: enough to read an answer on a phone; a
# longer one ends on a word with a link to the rest. A digest, listing many, carries less of each.
EMAIL_TEXT_MAX = 1500
DIGEST_TEXT_MAX = 300
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

    highlights: list[FeedItem]
    memo: str
    rendered: dict = field(default_factory=dict)  # weekly message id -> HTML, rendered once per pass


def week_in(community: Community, policy: RhythmPolicy, now: datetime) -> WeekInCommunity:
    since = now - timedelta(days=7)
    highlights = list(
        FeedItem.objects.filter(community=community, visibility__in=["public", "members"], created_at__gte=since)
        .select_related("actor")
        .order_by("-created_at")[:10]
    )
    return WeekInCommunity(highlights=highlights, memo=policy.welcome_memo)


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
    """Apply the rhythm to every active member of `community` (or those of `user_ids`).

    `now` replays a pass at another moment (tests, benchmarks); its emails are then stamped sent
    at that moment too.
    """
    replay = now
    now = now or timezone.now()
    # One pass at a time per community (the hourly pass, a member's immediate email, a recovered
    # task): two would both take the same pending notifications.
    Community.objects.select_for_update().filter(pk=community.pk).first()
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
        _run_batch(community, policy, ids[start : start + batch_size], now, week, outcome, replay)
    return outcome


def _run_batch(community, policy, membership_ids, now, week, outcome, replay) -> None:
    memberships = list(
        Membership.objects.filter(pk__in=membership_ids).select_related("user", "notification_preference")
    )
    user_ids = [membership.user_id for membership in memberships]
    window = now - timedelta(days=rhythm.DEFAULT_FLOOR_DAYS + 2)
    history = defaultdict(list)
    for user_id, sent_at, is_digest, status in SentMessage.objects.filter(
        community=community, recipient_id__in=user_ids, sent_at__gte=window
    ).values_list("recipient_id", "sent_at", "is_digest", "email__status"):
        if status == Email.Status.FAILED:
            continue  # it never reached the member
        in_flight = status in (Email.Status.QUEUED, Email.Status.SENDING)
        history[user_id].append(rhythm.Sent(at=max(now, sent_at) if in_flight else sent_at, digest=is_digest))
    pending = defaultdict(list)
    for notification in (
        Notification.objects.filter(
            community=community,
            recipient_id__in=user_ids,
            emailed_at__isnull=True,
            email__isnull=True,
            email_wanted=True,
            created_at__lte=now,
        )
        .select_related("actor", "weekly_message")
        .order_by("created_at", "pk")
    ):
        pending[notification.recipient_id].append(notification)

    emails, sent_rows, carried = [], [], []  # carried: (notification, index of its email, digest row)
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
        may_read = _may_read(membership)
        for notification_id in decision.individual:
            notification = waiting[notification_id]
            emails.append(_individual_email(community, user, notification, week, may_read))
            sent_rows.append(SentMessage(recipient=user, community=community, sent_at=now, kind=notification.kind))
            carried.append((notification, len(emails) - 1, None))
            outcome.individual += 1
        if decision.send_digest:
            items = [waiting[notification_id] for notification_id in decision.digest]
            emails.append(_digest_email(community, user, items, week, may_read))
            digest_row = SentMessage(recipient=user, community=community, sent_at=now, is_digest=True, kind="digest")
            sent_rows.append(digest_row)
            for notification in items:
                carried.append((notification, len(emails) - 1, digest_row))
            outcome.digests += 1

    created = emails_queue(emails, now=replay)  # sent by the worker once the pass commits
    for email, row in zip(created, sent_rows, strict=True):
        row.email = email
    SentMessage.objects.bulk_create(sent_rows, batch_size=500)
    changed = []
    for notification, index, digest_row in carried:
        notification.email = created[index]
        notification.digested_in = digest_row
        changed.append(notification)
    if changed:
        Notification.objects.bulk_update(changed, ["email", "digested_in"], batch_size=500)
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


def _may_read(membership: Membership) -> list[str]:
    """The visibilities this member may read now (standing as of this pass, not of the notification)."""
    if membership.user.is_platform_admin:
        standing = permissions.Standing.ADMIN
    else:
        standing = permissions.Standing.CORE_TEAM if membership.is_core_team else permissions.Standing.MEMBER
    return permissions.VISIBLE_AT[standing]


@dataclass
class Excerpt:
    text: str  # Markdown as written, for the plain-text part
    html: str  # rendered and sanitised
    cut: bool  # the text goes on: the email links to the rest


def excerpt(notification: Notification, may_read: list[str], limit: int) -> Excerpt | None:
    """The notification's text as an email carries it, or None: no text, or one the recipient may not see."""
    text = notification.body.strip()
    if not text or notification.body_visibility not in may_read:
        return None
    cut = len(text) > limit
    if cut:
        text = text[:limit]
        # End at a paragraph, a line or a word rather than inside one.
        for separator in ("\n\n", "\n", " "):
            at = text.rfind(separator)
            if at > limit // 2:
                text = text[:at]
                break
        text = text.rstrip() + " …"
    return Excerpt(text=text, html=markdown.render(text), cut=cut)


def _individual_email(community, user, notification: Notification, week: WeekInCommunity, may_read) -> Email:
    url = unsubscribe_url(community=community, user_id=user.pk, kind=notification.kind)
    context = {
        "community": community,
        "notification": notification,
        "kind_label": NotificationKind(notification.kind).label,
        "unsubscribe_url": url,
        "excerpt": excerpt(notification, may_read, EMAIL_TEXT_MAX),
    }
    if notification.kind == NotificationKind.WELCOME:
        memo = week.memo or default_welcome_memo(user.language)
        context.update(memo_text=memo, memo_html=markdown.render(memo))
    weekly = notification.weekly_message if notification.kind == NotificationKind.WEEKLY_MESSAGE else None
    if weekly is not None:
        context.update(weekly_message=weekly, weekly_html=_rendered_once(weekly, week))
    return _email(
        user=user, template="exchanges/emails/notification", context=context, headers=unsubscribe_headers(url)
    )


@dataclass
class WeeklyInDigest:
    subject: str
    body: str
    html: str


def _digest_email(community, user, items: list[Notification], week: WeekInCommunity, may_read) -> Email:
    url = unsubscribe_url(community=community, user_id=user.pk, kind=ALL_KINDS)
    # The weekly messages the digest carries are those of its notifications, each with its own text.
    weekly_messages = {
        item.weekly_message_id: WeeklyInDigest(
            item.weekly_message.subject, item.weekly_message.body, _rendered_once(item.weekly_message, week)
        )
        for item in items
        if item.kind == NotificationKind.WEEKLY_MESSAGE and item.weekly_message is not None
    }
    for item in items:
        item.excerpt = excerpt(item, may_read, DIGEST_TEXT_MAX)
    context = {
        "community": community,
        "items": items,
        "highlights": week.highlights,
        "weekly_messages": list(weekly_messages.values()),
        "unsubscribe_url": url,
    }
    return _email(user=user, template="exchanges/emails/digest", context=context, headers=unsubscribe_headers(url))


def _rendered_once(weekly: WeeklyMessage, week: WeekInCommunity) -> str:
    if weekly.pk not in week.rendered:
        week.rendered[weekly.pk] = markdown.render(weekly.body)
    return week.rendered[weekly.pk]


# Once an email went out ----------------------------------------------------------------------


def email_went_out(sender, *, email: Email, **kwargs) -> None:
    """Receiver of `terreau.emails.signals.email_sent`: the notifications it carries are emailed."""
    SentMessage.objects.filter(email=email).update(sent_at=email.sent_at)
    Notification.objects.filter(email=email).update(emailed_at=email.sent_at)
