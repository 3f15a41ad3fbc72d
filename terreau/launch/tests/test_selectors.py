"""The 3-month view of the action plan and the calendar grouped by frequency."""

from datetime import date

import pytest

from terreau.core.models import Visibility
from terreau.launch import selectors
from terreau.launch.models import Action, Activity, Frequency

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 15)
S = Action.Status


def make(cast, title, due=None, status=S.TODO, needs_support=False, visibility=Visibility.MEMBERS, owners=()):
    action = Action.objects.create(
        community=cast.community,
        title=title,
        due_date=due,
        status=status,
        needs_support=needs_support,
        visibility=visibility,
    )
    action.owners.set(owners)
    return action


def titles(plan) -> list[str]:
    return [action.title for action in plan.actions]


@pytest.fixture
def plan_data(cast):
    make(cast, "in two weeks", date(2025, 3, 29))
    make(cast, "tomorrow", date(2025, 3, 16), status=S.DOING)
    make(cast, "overdue", date(2025, 3, 1))
    make(cast, "blocked, later", date(2025, 5, 1), status=S.BLOCKED)
    make(cast, "support, next week", date(2025, 3, 22), needs_support=True)
    make(cast, "support, far away", date(2025, 12, 1), needs_support=True)
    make(cast, "blocked, no date", None, status=S.BLOCKED)
    make(cast, "done next week", date(2025, 3, 20), status=S.DONE)
    make(cast, "done last month", date(2025, 2, 10), status=S.DONE)
    make(cast, "done but needed support", date(2025, 3, 25), status=S.DONE, needs_support=True)
    make(cast, "in four months", date(2025, 7, 15))
    make(cast, "on the horizon", date(2025, 6, 15))
    make(cast, "no date", None)
    make(cast, "secret overdue", date(2025, 2, 1), visibility=Visibility.CORE_TEAM)


def test_the_3_month_view_puts_what_needs_help_first_then_goes_by_date(cast, plan_data):
    plan = selectors.actions_for_plan(cast.community, cast.member, TODAY)
    assert titles(plan) == [
        # overdue, blocked or needing support, by due date, undated last
        "overdue",
        "support, next week",
        "blocked, later",
        "support, far away",
        "blocked, no date",
        # then the open actions of the next 3 months by due date (horizon included)
        "tomorrow",
        "in two weeks",
        "on the horizon",
        # then what is already done in the window
        "done next week",
        "done but needed support",
    ]
    assert plan.horizon == date(2025, 6, 15)
    overdue = next(a for a in plan.actions if a.title == "overdue")
    assert overdue.overdue and not plan.actions[1].overdue


def test_the_follow_up_counts_what_needs_help_among_what_the_person_sees(cast, plan_data):
    plan = selectors.actions_for_plan(cast.community, cast.member, TODAY)
    assert (plan.overdue, plan.blocked, plan.needs_support, plan.undated) == (1, 2, 2, 2)
    assert plan.needs_help
    core = selectors.actions_for_plan(cast.community, cast.core_member, TODAY)
    assert core.overdue == 2 and "secret overdue" in titles(core)
    visitor = selectors.actions_for_plan(cast.community, cast.outsider, TODAY)
    assert list(visitor.actions) == [] and not visitor.needs_help


def test_all_actions_and_the_filters(cast, plan_data):
    member = cast.membership(cast.member)
    make(cast, "Julie's", date(2025, 4, 1), owners=[member])
    everything = selectors.actions_for_plan(cast.community, cast.member, TODAY, show_all=True)
    assert len(everything.actions) == 14
    assert titles(everything)[-3:] == ["done last month", "done next week", "done but needed support"]
    assert titles(selectors.actions_for_plan(cast.community, cast.member, TODAY, status=S.DOING)) == ["tomorrow"]
    assert titles(selectors.actions_for_plan(cast.community, cast.member, TODAY, owner=member.pk)) == ["Julie's"]
    needs_help = selectors.actions_for_plan(cast.community, cast.member, TODAY, status=selectors.NEEDS_HELP)
    assert set(titles(needs_help)) == {
        "overdue",
        "support, next week",
        "blocked, later",
        "support, far away",
        "blocked, no date",
    }
    assert [m.pk for m in selectors.action_owners(cast.community, cast.member)] == [member.pk]


def test_add_months_keeps_the_end_of_the_month():
    assert selectors.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert selectors.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert selectors.add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_activities_are_grouped_by_frequency_and_filtered_by_visibility(cast):
    Activity.objects.create(community=cast.community, title="Lettre", frequency=Frequency.WEEKLY, participants="Tous")
    Activity.objects.create(community=cast.community, title="Rencontre", frequency=Frequency.MONTHLY, participants="x")
    Activity.objects.create(
        community=cast.community,
        title="Bilan",
        frequency=Frequency.QUARTERLY,
        participants="Noyau",
        visibility=Visibility.CORE_TEAM,
    )
    groups = selectors.activities_by_frequency(cast.community, cast.member)
    assert [g.frequency for g in groups] == ["weekly", "monthly", "quarterly", "yearly"]
    assert [[a.title for a in g.activities] for g in groups] == [["Lettre"], ["Rencontre"], [], []]
    core = selectors.activities_by_frequency(cast.community, cast.core_member)
    assert [a.title for a in core[2].activities] == ["Bilan"]
