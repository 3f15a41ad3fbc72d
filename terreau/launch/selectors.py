"""Reads for the launch: joined so that a page's query count does not grow with its data."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django_stubs_ext import StrOrPromise

from terreau import permissions
from terreau.communities.models import Community, Membership

from . import permissions as launch_permissions
from .models import Action, Activity, Frequency

PLAN_MONTHS = 3


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------
# Calendar of activities


@dataclass
class FrequencyGroup:
    frequency: str
    label: StrOrPromise
    activities: list[Activity] = field(default_factory=list)


def activities_by_frequency(community: Community, user) -> list[FrequencyGroup]:
    """The activities the person may see, in four groups: weekly, monthly, quarterly, yearly
    (every group present, possibly empty)."""
    groups = {value: FrequencyGroup(value, label) for value, label in Frequency.choices}
    activities = permissions.visible(
        user, community, Activity.objects.filter(community=community).select_related("owner__user")
    ).order_by("id")
    for activity in activities:
        groups[activity.frequency].activities.append(activity)
    return list(groups.values())


# ---------------------------------------------------------------------------------------------
# Action plan

# Filters on the action plan beyond the statuses themselves.
NEEDS_HELP = "needs_help"


@dataclass
class Plan:
    actions: QuerySet[Action]  # lazy, in the plan's order, each with `overdue`
    today: date
    horizon: date
    overdue: int
    blocked: int
    needs_support: int
    undated: int

    @property
    def needs_help(self) -> bool:
        return bool(self.overdue or self.blocked or self.needs_support)


def _needs_help(today: date) -> Q:
    open_ = ~Q(status=Action.Status.DONE)
    return (open_ & Q(due_date__lt=today)) | Q(status=Action.Status.BLOCKED) | (open_ & Q(needs_support=True))


def visible_actions(community: Community, user) -> QuerySet[Action]:
    return launch_permissions.actions_visible_to(user, community)


def actions_for_plan(
    community: Community,
    user,
    today: date,
    *,
    status: str = "",
    owner: int | None = None,
    show_all: bool = False,
) -> Plan:
    """The 3-month view of the action plan: what is due by `today` + 3 months and still open
    (overdue included), what is done in that window, and whatever is blocked or needs support
    whatever its date. Overdue, blocked and needs-support actions come first, then by due date.

    `show_all` drops the 3-month window; `status` (a status or NEEDS_HELP) and `owner`
    (a membership id) narrow the list. The counts of the follow-up ignore the filters.
    """
    horizon = add_months(today, PLAN_MONTHS)
    visible = visible_actions(community, user)
    help_rule = _needs_help(today)
    counts = visible.aggregate(
        overdue=Count("pk", filter=~Q(status=Action.Status.DONE) & Q(due_date__lt=today)),
        blocked=Count("pk", filter=Q(status=Action.Status.BLOCKED)),
        needs_support=Count("pk", filter=~Q(status=Action.Status.DONE) & Q(needs_support=True)),
        undated=Count("pk", filter=~Q(status=Action.Status.DONE) & Q(due_date__isnull=True)),
    )
    actions = visible
    if not show_all:
        in_window = Q(due_date__lte=horizon) & (~Q(status=Action.Status.DONE) | Q(due_date__gte=today))
        actions = actions.filter(in_window | help_rule)
    if status == NEEDS_HELP:
        actions = actions.filter(help_rule)
    elif status:
        actions = actions.filter(status=status)
    if owner:
        actions = actions.filter(owners=owner)
    actions = (
        actions.annotate(
            overdue=Case(
                When(~Q(status=Action.Status.DONE) & Q(due_date__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            rank=Case(
                When(help_rule, then=Value(0)),
                When(status=Action.Status.DONE, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("rank", F("due_date").asc(nulls_last=True), "pk")
        .select_related("theme", "note_by")
        .prefetch_related(
            Prefetch("owners", queryset=Membership.objects.select_related("user").order_by("user__display_name"))
        )
    )
    # Left lazy: the page reads one page of it (`plan_page`), the exports all of it.
    return Plan(actions=actions, today=today, horizon=horizon, **counts)


# The action plan's page shows this many actions at a time.
PLAN_PAGE_SIZE = 25


def plan_page(plan: Plan, number) -> Page:
    """One page of the plan's actions (`number` as the request gives it: wrong or missing is the first)."""
    return Paginator(plan.actions, PLAN_PAGE_SIZE).get_page(number)


def action_owners(community: Community, user) -> QuerySet[Membership]:
    """The members who carry at least one action the person may see: the owner filter's choices."""
    return (
        Membership.objects.filter(launch_actions__in=visible_actions(community, user))
        .select_related("user")
        .distinct()
        .order_by("user__display_name", "pk")
    )
