"""The events' demo: a year of monthly meetings, one cancelled, the next one's cancellation refused."""

import pytest
from django.utils import timezone

from terreau.events import demo
from terreau.events.models import Event, EventKind, History

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_year_of_meetings_one_cancelled_and_one_refused(cast, monkeypatch):
    calls = []
    monkeypatch.setattr(demo, "STEPS", ["terreau.events.tests.test_demo.record_step"])
    monkeypatch.setattr("terreau.events.tests.test_demo.CALLS", calls)
    loaded = demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    meetings = loaded.series.events.all()
    assert meetings.filter(starts_at__lt=timezone.now()).count() >= 9
    assert meetings.filter(starts_at__gte=timezone.now()).count() >= 3
    cancelled = Event.objects.get(status=Event.Status.CANCELLED)
    assert cancelled == loaded.cancelled and cancelled.cancel_reason
    refused = loaded.refused
    assert not Event.objects.get(pk=refused.pk).is_cancelled
    assert History.objects.filter(event=refused, what=History.What.CANCEL_REFUSED).exists()
    assert {event.kind for event in loaded.one_offs} == {EventKind.WORKSHOP, EventKind.GATHERING}
    assert calls == [loaded]


CALLS: list = []


def record_step(*, demo):
    CALLS.append(demo)
