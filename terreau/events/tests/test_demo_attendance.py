from datetime import timedelta

import pytest
from django.utils import timezone

from terreau.communities.models import Membership
from terreau.events import selectors_participation as participation
from terreau.events.demo import demo_attendance
from terreau.events.models import Event, Registration

from .factories import make_event, make_series

pytestmark = pytest.mark.django_db


def test_demo_attendance_fills_a_year_of_meetings_with_realistic_rates(cast):
    series = make_series(cast.community)
    now = timezone.now()
    starts = [now + timedelta(days=30 * month, hours=1) for month in range(-11, 2)]
    events = [
        make_event(cast.community, series=series, starts_at=start, recurrence_id=start, capacity=3 if i == 12 else None)
        for i, start in enumerate(starts)
    ]
    Event.objects.filter(pk=events[5].pk).update(status=Event.Status.CANCELLED)
    events[5].status = Event.Status.CANCELLED
    members = list(Membership.objects.filter(community=cast.community))
    assert demo_attendance(events, members) > 0
    assert not Registration.objects.filter(event=events[5]).exists()
    figures = participation.series_participation(series)
    assert len(figures.recorded) == 10  # 11 past, one cancelled
    assert figures.rate is not None and 0.4 <= figures.rate <= 1
    assert not Registration.objects.filter(event=events[-1], attended__isnull=False).exists()  # still to come
    assert Registration.objects.filter(event=events[-1], status="registered").count() <= 3
