"""The calendar, the month, a series and an event keep the same number of queries with a year
of events and 500 registrations as with a handful."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, make_user
from terreau.events.models import Event, Registration
from terreau.events.services import series as series_services

from .factories import make_event

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(cast, series, *, one_offs: int, registrations: int) -> None:
    """One-off events around now, and registrations of many members spread over the events."""
    community = cast.community
    start = timezone.now() - timedelta(days=180)
    for day in range(one_offs):
        event = make_event(
            community, title=f"Atelier {day}", kind="workshop", starts_at=start + timedelta(days=day * 3)
        )
        event.organisers.add(cast.membership(cast.facilitator), cast.membership(cast.core_member))
    known = Registration.objects.count()
    people = [
        make_member(community, make_user(f"p{known + i}@exemple.be", f"Personne {known + i}")).user
        for i in range(registrations // 10 or 1)
    ]
    events = list(Event.objects.filter(community=community))
    rows = []
    for i in range(registrations):
        event, person = events[i % len(events)], people[i % len(people)]
        rows.append(Registration(event=event, user=person))
    Registration.objects.bulk_create(rows, ignore_conflicts=True)


@pytest.mark.parametrize("page", ["calendar", "past", "month", "series", "detail"])
def test_query_count_does_not_grow_with_a_year_of_events_and_500_registrations(client, cast, page):
    series = series_services.series_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rencontre mensuelle",
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() - timedelta(days=40),
        duration=120,
        organisers=[cast.membership(cast.facilitator)],
    )
    event = series.events.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    slug = cast.community.slug
    now = timezone.now()
    url = {
        "calendar": reverse("events:calendar", args=[slug]),
        "past": reverse("events:calendar", args=[slug]) + "?past=1",
        "month": reverse("events:month", args=[slug, now.year, now.month]),
        "series": reverse("events:series", args=[slug, series.pk]) + "?past=1",
        "detail": reverse("events:detail", args=[slug, event.pk]),
    }[page]
    client.force_login(cast.facilitator)
    grow(cast, series, one_offs=2, registrations=5)
    small = count_queries(client, url)
    grow(cast, series, one_offs=120, registrations=500)
    assert Event.objects.count() > 130 and Registration.objects.count() >= 500
    assert count_queries(client, url) <= small
