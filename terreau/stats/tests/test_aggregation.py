from datetime import date

import pytest

from terreau.stats import aggregation, backfill, selectors
from terreau.stats.models import Activity, DailyStat, Kind, PeriodStat

from . import fixtures

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _row(community, granularity, start):
    if granularity == "day":
        return DailyStat.objects.get(community=community, day=start)
    return PeriodStat.objects.get(community=community, granularity=granularity, start=start)


@pytest.mark.parametrize("case", list(fixtures.EXPECTED), ids=lambda case: f"{case[0]}-{case[1]}")
def test_each_granularity_gives_the_hand_counted_figures(cast, case):
    fixtures.build(cast)
    aggregation.aggregate(cast.community, *YEAR)
    row = _row(cast.community, *case)
    found = {field: getattr(row, field) for field in fixtures.EXPECTED[case]}
    assert found == fixtures.EXPECTED[case]


def test_the_participation_rate_is_who_came_against_the_members_that_day(cast):
    fixtures.build(cast)
    aggregation.aggregate(cast.community, *YEAR)
    march = _row(cast.community, "month", date(2025, 3, 1))
    assert march.participation_rate == 0.5
    assert selectors.value_of(march, "participation_rate") == 50.0
    assert _row(cast.community, "month", date(2025, 4, 1)).participation_rate is None


def _snapshot(community):
    days = list(DailyStat.objects.filter(community=community).order_by("day").values())
    spans = list(PeriodStat.objects.filter(community=community).order_by("granularity", "start").values())
    for row in days + spans:
        row.pop("id"), row.pop("computed_at")
    return days, spans


def test_aggregating_again_over_the_same_or_a_part_of_the_dates_changes_nothing(cast):
    fixtures.build(cast)
    aggregation.aggregate(cast.community, *YEAR)
    first = _snapshot(cast.community)
    aggregation.aggregate(cast.community, *YEAR)
    assert _snapshot(cast.community) == first
    aggregation.aggregate(cast.community, date(2025, 3, 10), date(2025, 4, 15))
    again_days, again_spans = _snapshot(cast.community)
    first_days, first_spans = first
    # The last day computed carries the engagement table; every figure is the same.
    for row in first_days + again_days:
        row.pop("engagement")
    assert (again_days, again_spans) == (first_days, first_spans)
    assert DailyStat.objects.filter(community=cast.community).count() == 365


def test_the_attendance_is_logged_once_however_often_it_is_aggregated(cast):
    fixtures.build(cast)
    aggregation.aggregate(cast.community, *YEAR)
    aggregation.aggregate(cast.community, *YEAR)
    assert Activity.objects.filter(kind=Kind.ATTENDED).count() == 1


def test_period_figures_give_the_period_and_the_one_before(cast):
    fixtures.build(cast)
    aggregation.aggregate(cast.community, *YEAR)
    figures = {
        figure.key: figure for figure in selectors.period_figures(cast.community, date(2025, 4, 1), date(2025, 4, 30))
    }
    # The period before is as long: 1 to 31 March less its first day (2 to 31 March).
    assert (figures["new_members"].value, figures["new_members"].previous) == (1, 2)
    assert (figures["active_members"].value, figures["active_members"].previous) == (2, 2)
    assert (figures["members"].value, figures["members"].previous) == (3, 2)
    assert (figures["answers"].value, figures["answers"].previous) == (1, 0)
    assert (figures["first_answer_hours"].value, figures["first_answer_hours"].previous) == (None, 6.0)
    assert (figures["participation_rate"].value, figures["participation_rate"].previous) == (None, 50.0)
    assert figures["participation_rate"].unit == "%"
    assert (figures["weeks_kept"].value, figures["weeks_missed"].previous) == (0, 4)
    assert all(figure.label for figure in figures.values())


def test_the_backfill_writes_the_history_once(cast):
    from terreau.exchanges.services import questions

    Activity.objects.all().delete()
    question = questions.question_ask(actor=cast.member, community=cast.community, title="Qui livre à Ciney ?")
    questions.answer_post(actor=cast.observer, question=question, body="Moi, le mardi.")
    Activity.objects.all().delete()
    written = backfill.backfill(cast.community)
    assert written == 4 + 2  # the four memberships joined, the question and its answer
    kinds = sorted(Activity.objects.values_list("kind", flat=True))
    assert kinds == sorted([Kind.JOINED] * 4 + [Kind.QUESTION, Kind.ANSWER])
    assert backfill.backfill(cast.community) == 0


def test_the_periodic_job_backfills_once_then_keeps_the_last_days(cast):
    from terreau.stats.models import Progress

    aggregation.aggregate_due()
    progress = Progress.objects.get(community=cast.community)
    assert progress.backfilled_at is not None
    assert DailyStat.objects.filter(community=cast.community).exists()
    count = Activity.objects.count()
    aggregation.aggregate_due()
    assert Activity.objects.count() == count


def test_the_command_backfills_and_recounts_a_range_by_hand(cast):
    from django.core.management import call_command

    fixtures.build(cast)
    call_command("stats_aggregate", community=cast.community.slug, first=date(2025, 1, 1), last=date(2025, 12, 31))
    assert _row(cast.community, "year", date(2025, 1, 1)).active_members == 3
    call_command("stats_aggregate", "--backfill", "--community", cast.community.slug)
    assert Activity.objects.filter(kind=Kind.JOINED).count() == 3 + 1  # the facilitator's joining, backfilled
