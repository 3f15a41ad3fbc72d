"""Registering, the waiting list and its promotions, the refusals, the race for the last place."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import conftest
from conftest import build_cast, make_member, make_user
from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.events.models import Event, Registration
from terreau.events.services import registrations as services
from terreau.exchanges.models import Notification, Verb

from .factories import make_event

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
pytestmark = pytest.mark.django_db
Status = Registration.Status


def soon(cast, **fields) -> Event:
    return make_event(cast.community, starts_at=timezone.now() + timedelta(days=5), **fields)


def people(cast, n: int, start: int = 0):
    users = []
    for i in range(start, start + n):
        user = make_user(f"p{i}@example.test", f"Personne {i:02d}")
        make_member(cast.community, user)
        users.append(user)
    return users


def status_of(event, user) -> str:
    return Registration.objects.get(event=event, user=user).status


def test_a_member_registers_once(cast):
    event = soon(cast)
    first = services.register(actor=cast.member, community=cast.community, event=event)
    again = services.register(actor=cast.member, community=cast.community, event=event)
    assert first.pk == again.pk and first.status == Status.REGISTERED
    assert Registration.objects.filter(event=event).count() == 1


def test_when_full_people_wait_in_order_and_the_first_is_promoted_and_told(cast):
    event = soon(cast, capacity=2)
    a, b, c, d = people(cast, 4)
    for user in (a, b, c, d):
        services.register(actor=user, community=cast.community, event=event)
    assert [status_of(event, user) for user in (a, b, c, d)] == [Status.REGISTERED] * 2 + [Status.WAITING] * 2
    waiting_c = Registration.objects.get(event=event, user=c)
    waiting_d = Registration.objects.get(event=event, user=d)
    assert (services.waiting_position(waiting_c), services.waiting_position(waiting_d)) == (1, 2)

    services.unregister(actor=a, community=cast.community, event=event)

    assert status_of(event, a) == Status.CANCELLED
    assert status_of(event, c) == Status.REGISTERED  # the first waiting
    assert Registration.objects.get(event=event, user=c).promoted_at is not None
    assert status_of(event, d) == Status.WAITING
    assert services.waiting_position(Registration.objects.get(event=event, user=d)) == 1
    told = Notification.objects.get(recipient=c, verb=Verb.EVENT_PLACE_FREED)
    assert told.kind == "event" and told.is_urgent and "Rencontre mensuelle" in told.message
    assert not Notification.objects.filter(recipient=d, verb=Verb.EVENT_PLACE_FREED).exists()


def test_leaving_the_waiting_list_frees_no_place(cast):
    event = soon(cast, capacity=1)
    a, b, c = people(cast, 3)
    for user in (a, b, c):
        services.register(actor=user, community=cast.community, event=event)
    services.unregister(actor=b, community=cast.community, event=event)
    assert [status_of(event, user) for user in (a, b, c)] == [Status.REGISTERED, Status.CANCELLED, Status.WAITING]
    assert services.waiting_position(Registration.objects.get(event=event, user=c)) == 1
    assert not Notification.objects.filter(verb=Verb.EVENT_PLACE_FREED).exists()


def test_coming_back_after_cancelling_goes_to_the_end_of_the_list(cast):
    event = soon(cast, capacity=1)
    a, b, c = people(cast, 3)
    for user in (a, b, c):
        services.register(actor=user, community=cast.community, event=event)
    services.unregister(actor=b, community=cast.community, event=event)
    services.register(actor=b, community=cast.community, event=event)
    assert services.waiting_position(Registration.objects.get(event=event, user=c)) == 1
    assert services.waiting_position(Registration.objects.get(event=event, user=b)) == 2


def test_raising_the_capacity_promotes_the_first_waiting(cast):
    event = soon(cast, capacity=1)
    a, b, c, d = people(cast, 4)
    for user in (a, b, c, d):
        services.register(actor=user, community=cast.community, event=event)
    Event.objects.filter(pk=event.pk).update(capacity=3)
    promoted = services.places_fill(event, community=cast.community)
    assert [registration.user for registration in promoted] == [b, c]
    assert [status_of(event, user) for user in (b, c, d)] == [Status.REGISTERED, Status.REGISTERED, Status.WAITING]
    assert Notification.objects.filter(verb=Verb.EVENT_PLACE_FREED).count() == 2


def test_lowering_the_capacity_keeps_the_places_taken(cast):
    event = soon(cast, capacity=3)
    users = people(cast, 3)
    for user in users:
        services.register(actor=user, community=cast.community, event=event)
    Event.objects.filter(pk=event.pk).update(capacity=1)
    assert services.places_fill(event) == []
    assert all(status_of(event, user) == Status.REGISTERED for user in users)
    newcomer = people(cast, 1, start=10)[0]
    assert services.register(actor=newcomer, community=cast.community, event=event).status == Status.WAITING


def test_removing_the_limit_promotes_everyone(cast):
    event = soon(cast, capacity=1)
    users = people(cast, 3)
    for user in users:
        services.register(actor=user, community=cast.community, event=event)
    Event.objects.filter(pk=event.pk).update(capacity=None)
    assert len(services.places_fill(event)) == 2


# Refusals ------------------------------------------------------------------------------------


def test_someone_who_is_not_a_member_may_not_register(cast):
    event = soon(cast)
    with pytest.raises((PermissionDenied, Http404)):
        services.register(actor=cast.outsider, community=cast.community, event=event)


def test_a_platform_admin_without_membership_may_not_register(cast):
    with pytest.raises(PermissionDenied):
        services.register(actor=cast.admin, community=cast.community, event=soon(cast))


def test_someone_who_left_may_not_register(cast):
    event = soon(cast)
    communities.membership_leave(user=cast.member, community=cast.community)
    from terreau import permissions

    permissions.forget(cast.member, cast.community)
    with pytest.raises((PermissionDenied, Http404)):
        services.register(actor=cast.member, community=cast.community, event=event)


def test_no_registration_on_a_cancelled_event(cast):
    event = soon(cast, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.register(actor=cast.member, community=cast.community, event=event)


def test_no_registration_once_the_event_started(cast):
    event = make_event(cast.community, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="started"):
        services.register(actor=cast.member, community=cast.community, event=event)


def test_a_member_may_not_register_to_a_core_team_event(cast):
    event = soon(cast, visibility=Visibility.CORE_TEAM)
    with pytest.raises(Http404):
        services.register(actor=cast.member, community=cast.community, event=event)
    assert services.register(actor=cast.core_member, community=cast.community, event=event).status == Status.REGISTERED


def test_no_promotion_once_the_event_started(cast):
    event = soon(cast, capacity=1)
    a, b = people(cast, 2)
    for user in (a, b):
        services.register(actor=user, community=cast.community, event=event)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        services.unregister(actor=a, community=cast.community, event=event)
    assert status_of(event, b) == Status.WAITING


# The race for the last place -------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once(monkeypatch):
    cast = build_cast()
    event = make_event(cast.community, starts_at=timezone.now() + timedelta(days=3), capacity=1)
    a, b = people(cast, 2)
    counted = services._registered_count

    def slow_count(event):
        found = counted(event)
        time.sleep(0.5)  # both would have read "one place left" without the lock
        return found

    monkeypatch.setattr(services, "_registered_count", slow_count)
    barrier = threading.Barrier(2)
    errors = []

    def take(user):
        try:
            barrier.wait()
            services.register(actor=user, community=cast.community, event=Event.objects.get(pk=event.pk))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [Status.REGISTERED, Status.WAITING]


# Pages ---------------------------------------------------------------------------------------


def test_the_register_and_unregister_buttons(client, cast):
    event = soon(cast, capacity=1)
    client.force_login(cast.member)
    response = client.post(reverse("events:register", args=[cast.community.slug, event.pk]), follow=True)
    assert "You are registered." in response.content.decode()
    assert status_of(event, cast.member) == Status.REGISTERED
    client.force_login(cast.observer)
    response = client.post(reverse("events:register", args=[cast.community.slug, event.pk]), follow=True)
    assert "waiting list, number 1" in response.content.decode()
    client.force_login(cast.member)
    client.post(reverse("events:unregister", args=[cast.community.slug, event.pk]))
    assert status_of(event, cast.observer) == Status.REGISTERED


def test_registering_to_a_cancelled_event_says_why(client, cast):
    event = soon(cast, status=Event.Status.CANCELLED)
    client.force_login(cast.member)
    response = client.post(reverse("events:register", args=[cast.community.slug, event.pk]), follow=True)
    assert "This event is cancelled." in response.content.decode()
    assert not Registration.objects.exists()


def render_panel(rf, user, cast, event, key="registration"):
    from django.template.loader import render_to_string

    from terreau.events import panels

    request = rf.get("/")
    request.user = user
    panel = panels.PANELS[key]
    context = panel.context(request, cast.community, event)
    return None if context is None else render_to_string(panel.template, context, request=request)


def test_the_registration_panel_says_where_one_stands(rf, cast):
    from django.contrib.auth.models import AnonymousUser

    event = soon(cast, capacity=1)
    assert "Register" in render_panel(rf, cast.member, cast, event)
    services.register(actor=cast.member, community=cast.community, event=event)
    html = render_panel(rf, cast.member, cast, event)
    assert "You are registered." in html and "Cancel my registration" in html and "0 places left out of 1" in html
    html = render_panel(rf, cast.observer, cast, event)
    assert "Join the waiting list" in html
    services.register(actor=cast.observer, community=cast.community, event=event)
    assert "You are on the waiting list, number 1." in render_panel(rf, cast.observer, cast, event)
    assert "Members of the community register" in render_panel(rf, cast.outsider, cast, event)
    assert "Sign in to register." in render_panel(rf, AnonymousUser(), cast, event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    event.refresh_from_db()
    assert "This event is cancelled." in render_panel(rf, cast.facilitator, cast, event)


def test_an_edit_with_more_places_promotes_the_first_waiting(cast):
    from terreau.events.services import events as event_services

    event = soon(cast, capacity=1)
    a, b, c = people(cast, 3)
    for user in (a, b, c):
        services.register(actor=user, community=cast.community, event=event)
    event.refresh_from_db()
    event_services.event_update(
        actor=cast.core_member,
        event=event,
        version=event.version,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=2,
    )
    assert [status_of(event, user) for user in (a, b, c)] == [Status.REGISTERED, Status.REGISTERED, Status.WAITING]
    assert Notification.objects.filter(recipient=b, verb=Verb.EVENT_PLACE_FREED).exists()


def test_a_series_edit_with_more_places_promotes_in_each_coming_meeting(cast):
    from terreau.events.services import series as series_services

    series = series_services.series_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rencontre mensuelle",
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() + timedelta(days=2),
        duration=120,
        capacity=1,
    )
    first = series.events.order_by("starts_at").first()
    a, b = people(cast, 2)
    for user in (a, b):
        services.register(actor=user, community=cast.community, event=first)
    series_services.series_update(actor=cast.core_member, series=series, capacity=5)
    assert status_of(first, b) == Status.REGISTERED


def test_a_moved_event_is_reminded_again(cast):
    from terreau.events.services import events as event_services

    event = soon(cast)
    Event.objects.filter(pk=event.pk).update(reminder_sent_at=timezone.now())
    event.refresh_from_db()
    event_services.event_update(
        actor=cast.core_member,
        event=event,
        version=event.version,
        starts_at=event.starts_at + timedelta(days=7),
        ends_at=event.ends_at + timedelta(days=7),
    )
    assert Event.objects.get(pk=event.pk).reminder_sent_at is None
