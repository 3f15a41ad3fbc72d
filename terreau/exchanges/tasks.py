"""Tasks are adapters: they take ids, load objects and call the scheduler."""

from datetime import datetime

from django.tasks import task

from terreau.communities.models import Community, Phase

from . import mailing


@task
def rhythm_run_all(now: str | None = None) -> dict:
    """The hourly pass over every community that is not closed (`manage.py send_rhythm`).

    `now` (ISO 8601) replays a pass at another moment: the tests walk weeks through the queue.
    """
    moment = datetime.fromisoformat(now) if now else None
    totals = {"individual": 0, "digests": 0, "held": 0}
    for community in Community.objects.exclude(phase=Phase.CLOSED).order_by("pk"):
        outcome = mailing.rhythm_run(community=community, now=moment)
        totals["individual"] += outcome.individual
        totals["digests"] += outcome.digests
        totals["held"] += outcome.held
    return totals


@task
def rhythm_run_members(community_id: int, user_ids: list[int]) -> None:
    """Right after a notification: immediate members get their email without waiting for the hour."""
    community = Community.objects.filter(pk=community_id).first()
    if community is not None:
        mailing.rhythm_run(community=community, user_ids=user_ids)
