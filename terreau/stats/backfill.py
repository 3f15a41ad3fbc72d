"""The activity log's history, rebuilt from the features' own tables.

A community that existed before the log (or the demo, built in bulk) gets its joins and
departures, questions, answers, published items, weekly messages, planned and cancelled events
and attendances from where they are kept. Only what the log lacks is written (a thing already
logged is skipped), so running it twice writes nothing the second time. Visits and reads were
never kept anywhere: they start with the log.
"""

from django.db import transaction

from terreau.communities.models import Community, Membership
from terreau.events.models import Event, Registration, Series
from terreau.exchanges.models import Answer, Question, WeeklyMessage
from terreau.knowledge.models import KnowledgeItem

from . import log
from .models import Activity, Kind


def _logged(community: Community, kind: str, object_type: str) -> set[int]:
    logged = Activity.objects.filter(community=community, kind=kind, object_type=object_type)
    return set(logged.values_list("object_id", flat=True))


def _things(community, kind, queryset, when, who, by_user, object_type) -> list[Activity]:
    """Rows for the things of `queryset` the log lacks; `when` and `who` name their fields."""
    done = _logged(community, kind, object_type)
    rows = []
    for pk, moment, user_id in queryset.values_list("pk", when, who):
        if pk in done or moment is None:
            continue
        membership = by_user.get(user_id)
        rows.append(
            Activity(
                community=community,
                kind=kind,
                membership=membership,
                user_id=user_id,
                object_type=object_type,
                object_id=pk,
                occurred_at=moment,
                day=log.local_day(community, moment),
            )
        )
    return rows


def attendances(community: Community, since=None) -> list[Activity]:
    """A row for each member who came to an event held (not yet in the log: written once)."""
    came = Registration.objects.filter(
        event__community=community,
        attended=True,
        status__in=[Registration.Status.REGISTERED, Registration.Status.WALK_IN],
        event__status=Event.Status.SCHEDULED,
    )
    if since is not None:
        came = came.filter(event__starts_at__gte=since)
    by_user = dict(Membership.objects.filter(community=community).values_list("user_id", "pk"))
    rows = []
    for event_id, starts_at, user_id in came.values_list("event_id", "event__starts_at", "user_id"):
        if user_id in by_user:
            rows.append(
                Activity(
                    community=community,
                    kind=Kind.ATTENDED,
                    membership_id=by_user[user_id],
                    user_id=user_id,
                    object_type="events.event",
                    object_id=event_id,
                    occurred_at=starts_at,
                    day=log.local_day(community, starts_at),
                )
            )
    return rows


@transaction.atomic
def backfill(community: Community) -> int:
    """Write what the log lacks of the community's history; returns the number of rows written."""
    memberships = list(Membership.objects.filter(community=community))
    by_user = {membership.user_id: membership for membership in memberships}
    rows: list[Activity] = []
    joined = _logged(community, Kind.JOINED, "communities.membership")
    left = _logged(community, Kind.LEFT, "communities.membership")
    for membership in memberships:
        if membership.pk not in joined:
            rows.append(
                log.row(
                    community, Kind.JOINED, membership=membership, thing=membership, occurred_at=membership.joined_at
                )
            )
        if membership.ended_at and not membership.is_active and membership.pk not in left:
            rows.append(
                log.row(community, Kind.LEFT, membership=membership, thing=membership, occurred_at=membership.ended_at)
            )
    sources = [
        (Kind.QUESTION, Question.objects.filter(community=community), "created_at", "author_id", "exchanges.question"),
        (
            Kind.ANSWER,
            Answer.objects.filter(question__community=community),
            "created_at",
            "author_id",
            "exchanges.answer",
        ),
        (
            Kind.KNOWLEDGE_PUBLISHED,
            KnowledgeItem.objects.filter(community=community, published_at__isnull=False),
            "published_at",
            "author_id",
            "knowledge.knowledgeitem",
        ),
        (
            Kind.WEEKLY_MESSAGE,
            WeeklyMessage.objects.filter(community=community, sent_at__isnull=False),
            "sent_at",
            "author_id",
            "exchanges.weeklymessage",
        ),
        (
            Kind.EVENT_PLANNED,
            Event.objects.filter(community=community, series=None),
            "created_at",
            "created_by_id",
            "events.event",
        ),
        (
            Kind.EVENT_CANCELLED,
            Event.objects.filter(community=community, status=Event.Status.CANCELLED),
            "cancelled_at",
            "cancelled_by_id",
            "events.event",
        ),
    ]
    for kind, queryset, when, who, object_type in sources:
        rows += _things(community, kind, queryset, when, who, by_user, object_type)
    # A series is planned once; its meetings come with it.
    rows += _things(
        community,
        Kind.EVENT_PLANNED,
        Series.objects.filter(community=community),
        "created_at",
        "created_by_id",
        by_user,
        "events.series",
    )
    Activity.objects.bulk_create(rows, batch_size=2000)
    attended = attendances(community)
    log.record_once(attended)
    return len(rows) + len(attended)
