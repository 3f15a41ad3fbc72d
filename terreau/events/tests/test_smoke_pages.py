from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.events.services import series as series_services

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_pages_render(client, cast):
    community = cast.community
    event = make_event(community, starts_at=timezone.now() + timedelta(days=3))
    series = series_services.series_create(
        actor=cast.core_member,
        community=community,
        title="Rencontre",
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() - timedelta(days=100),
        duration=120,
    )
    client.force_login(cast.core_member)
    slug = community.slug
    now = timezone.now()
    for url in [
        reverse("events:calendar", args=[slug]),
        reverse("events:calendar", args=[slug]) + "?past=1",
        reverse("events:month", args=[slug, now.year, now.month]),
        reverse("events:detail", args=[slug, event.pk]),
        reverse("events:edit", args=[slug, event.pk]),
        reverse("events:cancel", args=[slug, event.pk]),
        reverse("events:create", args=[slug]),
        reverse("events:series_create", args=[slug]),
        reverse("events:series", args=[slug, series.pk]),
        reverse("events:series_edit", args=[slug, series.pk]),
        reverse("events:series_split", args=[slug, series.events.last().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
