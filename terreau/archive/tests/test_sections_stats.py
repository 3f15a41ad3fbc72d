import json
from datetime import date

from terreau.archive.sections.stats import SECTION
from terreau.stats.models import Granularity, PeriodStat, Progress

from .fakes import assert_same, export, export_queries, render, round_trip


def period(cast, granularity, start, end, members=12):
    return PeriodStat.objects.create(
        community=cast.community,
        granularity=granularity,
        start=start,
        end=end,
        members=members,
        active_members=7,
        questions=3,
        first_answer_hours=5.5,
        weekly_messages=4,
        weeks_kept=31337,
        weeks_total=31338,
    )


def stats_of(cast):
    period(cast, Granularity.MONTH, date(2026, 9, 1), date(2026, 9, 30))
    period(cast, Granularity.MONTH, date(2026, 10, 1), date(2026, 10, 31), members=14)
    period(cast, Granularity.YEAR, date(2026, 1, 1), date(2026, 12, 31), members=14)
    period(cast, Granularity.WEEK, date(2026, 10, 5), date(2026, 10, 11))


def test_stats_export_months_and_years_as_numbers(cast):
    stats_of(cast)
    records = export([SECTION], cast.community)[0]["stats"]
    assert [(r["granularity"], r["start"]) for r in records] == [
        ("month", "2026-09-01"),
        ("month", "2026-10-01"),
        ("year", "2026-01-01"),
    ]
    assert records[1]["figures"]["members"] == 14 and records[0]["figures"]["first_answer_hours"] == 5.5
    # The dashboard's figures (the weekly message kept or missed) are the facilitators'.
    assert "31337" not in json.dumps(records) and "weeks_kept" not in json.dumps(records)


def test_no_statistics_in_the_public_archive(public_cast):
    stats_of(public_cast)
    assert export([SECTION], public_cast.community, "public")[0]["stats"] == []


def test_stats_come_back_the_same(cast):
    stats_of(cast)
    records, again, target = round_trip([SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Progress.objects.get(community=target).backfilled_at is not None


def test_stats_export_in_flat_queries(cast):
    for month in range(1, 11):
        period(cast, Granularity.MONTH, date(2020, month, 1), date(2020, month, 28))
    few = export_queries(SECTION, cast.community)
    for year in range(2010, 2019):
        for month in range(1, 11):
            period(cast, Granularity.MONTH, date(year, month, 1), date(year, month, 28))
    assert export_queries(SECTION, cast.community) == few


def test_stats_pages_and_markdown_render(cast):
    stats_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["stats"]
    html = render(SECTION, records["stats"], ctx.people)
    assert records["stats"][0]["title"] in html
