from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.communities.models import Membership
from terreau.stats import aggregation, log
from terreau.stats.models import Activity, Kind

pytestmark = pytest.mark.django_db


def _url(cast, name="stats:dashboard", **query):
    url = reverse(name, args=[cast.community.slug])
    return f"{url}?g={query['g']}" if query else url


def _drivers_quiet_but_the_core_member(cast):
    """Everyone joined 100 days ago; only the core member (a driver) contributed since."""
    Membership.objects.filter(community=cast.community).update(joined_at=timezone.now() - timedelta(days=100))
    log.record(cast.community, Kind.QUESTION, membership=cast.membership(cast.core_member))
    log.record(
        cast.community,
        Kind.CONNECTION,
        membership=cast.membership(cast.facilitator),
        occurred_at=timezone.now() - timedelta(days=70),
    )
    aggregation.aggregate_due()


def test_the_facilitator_sees_the_whole_dashboard_and_the_quiet_drivers(client, cast):
    _drivers_quiet_but_the_core_member(cast)
    client.force_login(cast.facilitator)
    response = client.get(_url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Engagement declared and measured" in page
    assert "Drivers who have been quiet lately" in page
    quiet = page.split("Drivers who have been quiet lately")[1]
    assert "Sophie Lambert" in quiet  # the facilitator, a driver: seen 70 days ago, no contribution
    assert "Marc Dubois" not in quiet  # the core member asked a question today
    assert 'role="img"' in page and "<desc" in page and "<table" in page
    assert reverse("stats:csv", args=[cast.community.slug]) in page
    assert len(response.content) < 100_000


def test_a_member_sees_the_lighter_figures_without_names_nor_export(client, cast):
    _drivers_quiet_but_the_core_member(cast)
    client.force_login(cast.member)
    response = client.get(_url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Members and active members" in page
    assert "Drivers who have been quiet lately" not in page
    assert "Sophie Lambert" not in page
    assert "The weekly message" not in page
    assert reverse("stats:csv", args=[cast.community.slug]) not in page
    assert client.get(_url(cast, "stats:csv")).status_code == 403


@pytest.mark.parametrize("granularity", ["day", "week", "month", "quarter", "year", "fortnight"])
def test_every_granularity_draws(client, cast, granularity):
    aggregation.aggregate_due()
    client.force_login(cast.core_member)
    assert client.get(_url(cast, g=granularity)).status_code == 200


def test_the_csv_opens_in_a_spreadsheet(client, cast):
    aggregation.aggregate_due()
    client.force_login(cast.facilitator)
    response = client.get(_url(cast, "stats:csv", g="week"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffStart;End;Period;Members;Active members")
    assert len(text.strip().splitlines()) == 1 + 26


def _history(community, months: int):
    """A member visiting, reading and asking every other day for `months` months, aggregated."""
    membership = Membership.objects.filter(community=community).first()
    today = log.today(community)
    first = today - timedelta(days=30 * months)
    rows = []
    day = first
    while day <= today:
        moment = aggregation.day_start(community, day) + timedelta(hours=12)
        for kind in (Kind.CONNECTION, Kind.QUESTION):
            rows.append(log.row(community, kind, membership=membership, occurred_at=moment, object_id=day.toordinal()))
        day += timedelta(days=2)
    Activity.objects.bulk_create(rows)
    aggregation.aggregate(community, first, today)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("granularity", ["day", "week", "month", "quarter", "year"])
def test_the_dashboards_query_count_does_not_grow_with_the_history(client, cast, public_cast, granularity):
    _history(cast.community, 1)
    _history(public_cast.community, 24)
    client.force_login(cast.core_member)
    small = _queries(client, _url(cast, g=granularity))
    client.force_login(public_cast.core_member)
    assert (
        _queries(client, reverse("stats:dashboard", args=[public_cast.community.slug]) + f"?g={granularity}") == small
    )


def test_the_summary_reads_the_current_and_the_previous_period(client, cast):
    Activity.objects.all().delete()
    today = log.today(cast.community)
    log.record(cast.community, Kind.JOINED, membership=cast.membership(cast.member))
    aggregation.aggregate(cast.community, today - timedelta(days=3), today)
    client.force_login(cast.core_member)
    response = client.get(_url(cast, g="day"))
    assert response.context["current"].new_members == 1
    assert response.context["current"].start == today
    assert response.context["previous"].start == today - timedelta(days=1)
