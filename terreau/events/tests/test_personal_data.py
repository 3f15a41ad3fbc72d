"""What the events hold of a person: exported (never their calendar key), erased where the events
app knows the name was put, even a name too short for the registry's sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_member, make_user
from terreau.accounts import services as account_services
from terreau.events import personal_data
from terreau.events.models import CalendarKey, History, Registration
from terreau.events.services import calendar_keys
from terreau.events.services import events as event_services
from terreau.events.services import minutes as minutes_services
from terreau.events.services import registrations as registration_services
from terreau.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def jo(cast):
    user = make_user("jo@exemple.test", "Jo")
    make_member(cast.community, user)
    return user


def test_the_export_holds_the_registrations_and_whether_there_is_a_key_never_the_key(cast, jo):
    event = make_event(cast.community, title="Atelier", starts_at=timezone.now() + timedelta(days=3), created_by=jo)
    registration_services.register(actor=jo, community=cast.community, event=event)
    key = calendar_keys.calendar_key_get_or_create(user=jo).key
    data = personal_data.exporter(jo).data
    assert [(row["title"], row["status"], row["attended"]) for row in data["registrations"]] == [
        ("Atelier", "registered", None)
    ]
    assert [row["title"] for row in data["events_created"]] == ["Atelier"]
    assert data["has_calendar_key"] is True and key not in str(data)


def test_erasing_gives_up_the_places_to_come_keeps_the_past_and_replaces_a_short_name(cast, jo):
    community, now = cast.community, timezone.now()
    coming = make_event(community, title="Atelier", starts_at=now + timedelta(days=3), capacity=1)
    registration_services.register(actor=jo, community=community, event=coming)
    waiting = registration_services.register(actor=cast.member, community=community, event=coming)
    past = make_event(community, title="Rencontre", starts_at=now - timedelta(days=3))
    past.organisers.set([cast.membership(cast.facilitator)])
    Registration.objects.create(event=past, user=jo, attended=True)
    memo = minutes_services.minutes_write(actor=cast.facilitator, event=past)
    assert memo.fields["participants"] == "Jo"
    other = make_event(community, title="Visite", kind="workshop", starts_at=now + timedelta(days=9))
    event_services.event_cancel(actor=cast.facilitator, event=other, reason="Jo est malade, Joël viendra.")
    calendar_keys.calendar_key_get_or_create(user=jo)

    account_services.account_erase(user=jo)

    assert not CalendarKey.objects.filter(user=jo).exists()
    assert Registration.objects.get(event=coming, user=jo).status == Registration.Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert Registration.objects.get(event=past, user=jo).attended is True
    memo.refresh_from_db()
    assert memo.fields["participants"] == "Ancien membre"
    assert History.objects.get(event=other, what=History.What.CANCELLED).reason == (
        "Ancien membre est malade, Joël viendra."
    )
    other.refresh_from_db()
    assert other.cancel_reason == "Ancien membre est malade, Joël viendra."
