"""Reads for evaluations: the launch date they are scheduled from, the lists and one evaluation's page."""

from dataclasses import asdict, dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from terreau.communities.models import Community, Membership, Phase
from terreau.events.models import Event, EventKind
from terreau.launch import permissions as launch_permissions
from terreau.lifecycle.models import PhaseChange
from terreau.stats import selectors as stats_selectors
from terreau.surveys import selectors as surveys_selectors

from . import permissions as evaluation_permissions
from . import schedule
from .models import Evaluation, Interview, RenewalItem


def today_in(community: Community) -> date:
    return timezone.localdate(timezone=ZoneInfo(community.time_zone))


def _local_day(community: Community, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(community.time_zone)).date()


def launch_date(community: Community, today: date | None = None) -> date | None:
    """The day the community was launched, which its evaluations are counted from.

    1. Its launch day (an event of the kind "launch day", not cancelled): the last one held by
       today, else the next one planned; the day it starts, in the community's time zone.
    2. Failing that, while the community runs (or closes), the day it last moved to the phase
       "run" (a recorded phase move of the workspace).
    3. Else None: the community is not launched yet, and no evaluation is scheduled.
    """
    today = today or today_in(community)
    launch_days = Event.objects.filter(
        community=community, kind=EventKind.LAUNCH_DAY, status=Event.Status.SCHEDULED
    ).values_list("starts_at", flat=True)
    starts = [_local_day(community, moment) for moment in launch_days]
    held = [day for day in starts if day <= today]
    if held:
        return max(held)
    if starts:
        return min(starts)
    if community.phase in (Phase.RUN, Phase.CLOSE):
        moved = (
            PhaseChange.objects.filter(community=community, to_phase=Phase.RUN, is_undo=False)
            .order_by("-changed_at", "-pk")
            .values_list("changed_at", flat=True)
            .first()
        )
        if moved is not None:
            return _local_day(community, moved)
    return None


def next_evaluation(community: Community) -> Evaluation | None:
    """The coming evaluation (or the oldest not concluded): what the core team prepares next."""
    return (
        Evaluation.objects.filter(community=community)
        .exclude(status=Evaluation.Status.CONCLUDED)
        .order_by("period_end", "pk")
        .first()
    )


@dataclass
class Listing:
    coming: list[Evaluation]  # not concluded, the next first
    past: list[Evaluation]  # concluded, the latest first
    launch: date | None
    next_slot: schedule.Slot | None  # the schedule's coming date, whether or not it exists yet


def evaluations_for(user, community: Community) -> Listing:
    evaluations = list(evaluation_permissions.evaluations_visible_to(user, community).order_by("period_end", "pk"))
    launch = launch_date(community)
    return Listing(
        coming=[e for e in evaluations if not e.is_concluded],
        past=[e for e in reversed(evaluations) if e.is_concluded],
        launch=launch,
        next_slot=schedule.next_slot(launch, today_in(community)) if launch else None,
    )


def evaluation_for(user, community: Community, pk) -> Evaluation | None:
    """One evaluation as its page shows it (interviews and renewal plan joined), if the person may read it."""
    return (
        evaluation_permissions.evaluations_visible_to(user, community)
        .filter(pk=pk)
        .select_related("concluded_by")
        .prefetch_related(
            Prefetch(
                "interviews",
                queryset=Interview.objects.select_related("interviewee__user", "interviewer__user").order_by(
                    "held_on", "pk"
                ),
            ),
            Prefetch(
                "renewal_items",
                queryset=RenewalItem.objects.select_related("owner__user", "action").order_by("pk"),
            ),
        )
        .first()
    )


def renewal_plan(evaluation: Evaluation) -> list[dict]:
    """The renewal plan under the guide's headings, each with its items (from the prefetched ones)."""
    from .models import HEADING_HELP, Heading

    items = list(evaluation.renewal_items.all())
    return [
        {
            "key": heading.value,
            "label": heading.label,
            "help": HEADING_HELP[heading],
            "items": [item for item in items if item.heading == heading],
        }
        for heading in Heading
    ]


def visible_action_ids(user, community: Community, evaluation: Evaluation) -> set[int]:
    """The actions made from the plan's items that this person may see on the action plan (one
    query): an item shows its action's title and status only to them."""
    ids = [item.action_id for item in evaluation.renewal_items.all() if item.action_id]
    if not ids:
        return set()
    return set(launch_permissions.actions_visible_to(user, community).filter(pk__in=ids).values_list("pk", flat=True))


def previous_evaluation(evaluation: Evaluation) -> Evaluation | None:
    return (
        Evaluation.objects.filter(community_id=evaluation.community_id, period_end__lt=evaluation.period_end)
        .order_by("-period_end")
        .first()
    )


# What the statistics and the surveys say of the period ---------------------------------------
# Read through their modules (stats.selectors, surveys.selectors), the contracts they keep; a
# concluded evaluation shows what they said when it was concluded.


def figures(evaluation: Evaluation) -> list[dict]:
    if evaluation.is_concluded:
        return list(evaluation.figures_kept)
    found = stats_selectors.period_figures(evaluation.community, evaluation.period_start, evaluation.period_end)
    return [{**asdict(figure), "label": str(figure.label), "unit": str(figure.unit)} for figure in found]


def survey_summaries(evaluation: Evaluation) -> list[dict]:
    if evaluation.is_concluded:
        return list(evaluation.surveys_kept)
    found = surveys_selectors.period_summaries(evaluation.community, evaluation.period_start, evaluation.period_end)
    return [
        {
            "title": str(summary.title),
            "url": summary.url,
            "responses": summary.responses,
            "lines": [[str(question), str(line)] for question, line in summary.lines],
        }
        for summary in found
    ]


def members_choices(community: Community) -> QuerySet[Membership]:
    """The active members, for the interview's and the renewal item's pickers."""
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
