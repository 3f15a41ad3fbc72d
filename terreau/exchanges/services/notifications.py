"""Notifications and the activity feed: how the exchanges tell members what happens.

`notify()` and `feed_record()` also carry what happens in the other apps: those announce events
(`terreau.core.events`), which `subscribers.py` answers by calling them.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community
from terreau.core.models import Visibility

from ..models import BODY_MAX, FeedItem, Notification


def notify(
    *,
    community: Community,
    recipients: Iterable[User],
    kind: str,
    verb: str = "",
    params: dict | None = None,
    text: str = "",
    url: str = "",
    actor: User | None = None,
    now: datetime | None = None,
    visibility: str = Visibility.MEMBERS,
    body: str = "",
) -> list[Notification]:
    """Tell members something: in the notification centre at once, by email within their rhythm.

    Say what happened with a `verb` (models.Verb) and its `params` (names, titles): each member
    reads the sentence in their own language. `text` is for a sentence without a verb (it then
    reads the same for everyone). The actor is never notified of their own doing; people who are
    not active members are skipped, and so are those who may not see a thing of `visibility`
    (the visibility of what the notification names: its title must not reach them). `body` is
    the text of that thing (Markdown), which the email carries.
    """
    wanted = {user.pk for user in recipients} - ({actor.pk} if actor else set())
    if not wanted:
        return []
    now = now or timezone.now()
    members = dict(
        permissions.members_who_may_see(community, visibility)
        .filter(user_id__in=wanted)
        .values_list("user_id", "notification_preference__unsubscribed_kinds")
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            community=community,
            kind=kind,
            actor=actor,
            verb=verb,
            params=_params(params),
            text=text[:300],
            url=url,
            body=body[:BODY_MAX],
            body_visibility=visibility,
            created_at=now,
            email_wanted=kind not in (unsubscribed or []),
        )
        for user_id, unsubscribed in members.items()
    )
    emailed = [n.recipient_id for n in notifications if n.email_wanted]
    if emailed:
        from ..tasks import rhythm_run_members

        transaction.on_commit(lambda: rhythm_run_members.enqueue(community.pk, emailed))
    return notifications


def _params(params: dict | None) -> dict:
    """Names and titles as plain strings (a user becomes their display name), kept short."""
    return {key: str(value)[:300] for key, value in (params or {}).items()}


def feed_record(
    *,
    community: Community,
    actor: User | None,
    kind: str,
    verb: str = "",
    params: dict | None = None,
    text: str = "",
    url: str = "",
    visibility: str = "members",
) -> FeedItem:
    """A line of the feed: a `verb` and its `params`, read in each reader's language (or a `text`)."""
    return FeedItem.objects.create(
        community=community,
        actor=actor,
        kind=kind,
        verb=verb,
        params=_params(params),
        text=text[:300],
        url=url,
        visibility=visibility,
        created_at=timezone.now(),
    )


@transaction.atomic
def notifications_mark_read(*, actor: User, community: Community | None = None, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if community is not None:
        unread = unread.filter(community=community)
    if ids:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
