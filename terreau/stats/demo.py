"""A year of activity for the demo's running community, so that its dashboard tells a story.

The history the features hold (joins, questions, answers, items, events and who came) is
backfilled; visits, reads and most weekly messages, which no table keeps, are drawn at random
(seeded) by engagement level: drivers come most days, observers now and then. One driver, not
of the demo's accounts, has said nothing for three months: the facilitators see them, gently.
Then the whole year is aggregated.
"""

import random
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from terreau.communities.models import Community, Membership
from terreau.events.models import Registration
from terreau.exchanges.models import Question
from terreau.knowledge.models import KnowledgeItem

from . import aggregation, backfill, log
from .models import CONTRIBUTIONS, Activity, Kind, Progress

# The chance that a member of each level visits on a given day.
VISITS = {
    Membership.Engagement.DRIVER: 0.45,
    Membership.Engagement.CARRIER: 0.25,
    Membership.Engagement.RESOURCE: 0.1,
    Membership.Engagement.OBSERVER: 0.04,
}
DEMO_EMAIL_DOMAIN = "@terreau.test"


def demo_load(*, community: Community, seed: int = 14) -> None:
    rng = random.Random(seed)
    today = log.today(community)
    first = today - timedelta(days=365)
    memberships = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")
    )
    # The events' demo registers members without regard to when they joined: a member who came
    # to a meeting joined before it.
    came = (
        Registration.objects.filter(event__community=community, attended=True)
        .values("user_id")
        .annotate(first=Min("event__starts_at"))
    )
    first_came = {row["user_id"]: row["first"] for row in came}
    for membership in memberships:
        earliest = first_came.get(membership.user_id)
        if earliest is not None and earliest < membership.joined_at:
            membership.joined_at = earliest - timedelta(days=1)
    Membership.objects.bulk_update(memberships, ["joined_at"])
    Activity.objects.filter(community=community).delete()
    backfill.backfill(community)
    recent = set(
        Activity.objects.filter(
            community=community, kind__in=CONTRIBUTIONS, day__gt=today - timedelta(days=90)
        ).values_list("membership_id", flat=True)
    )
    quiet = next(
        (
            m
            for m in memberships
            if not m.user.email.endswith(DEMO_EMAIL_DOMAIN)
            and not m.is_core_team
            and m.pk not in recent
            and m.joined_at < timezone.now() - timedelta(days=150)
        ),
        None,
    )
    if quiet is not None:
        Membership.objects.filter(pk=quiet.pk).update(engagement=Membership.Engagement.DRIVER)
        quiet.engagement = Membership.Engagement.DRIVER
    items = list(KnowledgeItem.objects.filter(community=community, status="published").values_list("pk", flat=True))
    questions = list(Question.objects.filter(community=community).values_list("pk", flat=True))
    facilitator = next((m for m in memberships if m.user.email == "animatrice" + DEMO_EMAIL_DOMAIN), None)
    rows = []
    for offset in range(366):
        day = first + timedelta(days=offset)
        moment = aggregation.day_start(community, day) + timedelta(hours=rng.randint(8, 20))
        # The community grows into its rhythm: fewer visits a year ago than now.
        warmth = 0.6 + 0.4 * offset / 365
        for membership in memberships:
            if log.local_day(community, membership.joined_at) > day:
                continue
            if membership is quiet and day > today - timedelta(days=90):
                continue
            if rng.random() >= VISITS.get(membership.engagement, 0.05) * warmth:
                continue
            rows.append(log.row(community, Kind.CONNECTION, membership=membership, occurred_at=moment))
            for _read in range(rng.choice([0, 0, 1, 1, 2])):
                kind, pool = (
                    ("knowledge.knowledgeitem", items) if rng.random() < 0.6 else ("exchanges.question", questions)
                )
                if pool:
                    rows.append(
                        log.row(
                            community,
                            Kind.CONSULTATION,
                            membership=membership,
                            object_type=kind,
                            object_id=rng.choice(pool),
                            occurred_at=moment,
                        )
                    )
        # The weekly message, most Mondays (the guide: at least one message a week).
        if facilitator is not None and day.weekday() == 0 and rng.random() < 0.8:
            rows.append(log.row(community, Kind.WEEKLY_MESSAGE, membership=facilitator, occurred_at=moment))
    Activity.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    aggregation.aggregate(community, min(first, aggregation.history_start(community)), today)
    Progress.objects.update_or_create(
        community=community, defaults={"backfilled_at": timezone.now(), "aggregated_through": today}
    )
