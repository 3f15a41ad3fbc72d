"""Recording who came, and the participation rates against figures counted by hand."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import conftest
from conftest import make_member, make_user
from terreau.communities.models import Membership
from terreau.core.models import Visibility
from terreau.events import selectors_participation as participation
from terreau.events.models import Event, Registration
from terreau.events.services import registrations as services

from .factories import make_event, make_series

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
pytestmark = pytest.mark.django_db
Status = Registration.Status


def past(cast, days=2, **fields) -> Event:
    return make_event(cast.community, starts_at=timezone.now() - timedelta(days=days), **fields)


def registered(event, *users, status=Status.REGISTERED):
    return [Registration.objects.create(event=event, user=user, status=status) for user in users]


def test_the_organiser_ticks_who_came_adds_a_walk_in_and_guests(cast):
    event = past(cast)
    julie, thomas, marc = registered(event, cast.member, cast.observer, cast.core_member)
    walk_in = cast.membership(cast.facilitator)
    services.attendance_record(
        actor=cast.facilitator,
        community=cast.community,
        event=event,
        came=[julie.pk, marc.pk],
        walk_ins=[walk_in],
        guests_count=4,
    )
    rows = dict(Registration.objects.filter(event=event).values_list("user_id", "attended"))
    assert rows == {cast.member.pk: True, cast.observer.pk: False, cast.core_member.pk: True, cast.facilitator.pk: True}
    assert Registration.objects.get(event=event, user=cast.facilitator).status == Status.WALK_IN
    figures = participation.event_participation(Event.objects.get(pk=event.pk))
    assert (figures.registered, figures.came, figures.walk_ins, figures.guests) == (3, 2, 1, 4)
    assert figures.attendance == 7
    assert figures.rate == pytest.approx(2 / 3)

    # Recorded again: the walk-in unticked is taken off, Thomas came after all.
    services.attendance_record(
        actor=cast.facilitator, community=cast.community, event=event, came=[julie.pk, thomas.pk], guests_count=0
    )
    figures = participation.event_participation(Event.objects.get(pk=event.pk))
    assert (figures.registered, figures.came, figures.walk_ins, figures.attendance) == (3, 2, 0, 2)
    assert not Registration.objects.filter(event=event, user=cast.facilitator).exists()


def test_someone_on_the_waiting_list_who_came_is_a_walk_in(cast):
    event = past(cast)
    registered(event, cast.member, status=Status.WAITING)
    services.attendance_record(
        actor=cast.core_member, community=cast.community, event=event, came=[], walk_ins=[cast.membership(cast.member)]
    )
    row = Registration.objects.get(event=event, user=cast.member)
    assert (row.status, row.attended) == (Status.WALK_IN, True)


def test_only_the_organisers_record_attendance(cast):
    event = past(cast)
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=cast.member, community=cast.community, event=event, came=[])
    event.organisers.add(cast.membership(cast.member))
    services.attendance_record(actor=cast.member, community=cast.community, event=event, came=[])
    assert Event.objects.get(pk=event.pk).attendance_recorded_at is not None


def test_no_attendance_before_the_start_nor_for_a_cancelled_event(cast):
    for event in (
        make_event(cast.community, starts_at=timezone.now() + timedelta(days=1)),
        past(cast, status="cancelled"),
    ):
        with pytest.raises(ValidationError):
            services.attendance_record(actor=cast.facilitator, community=cast.community, event=event, came=[])


def test_the_attendance_page(client, cast):
    event = past(cast)
    julie, thomas = registered(event, cast.member, cast.observer)
    url = reverse("events:attendance", args=[cast.community.slug, event.pk])
    client.force_login(cast.facilitator)
    page = client.get(url).content.decode()
    assert "Julie Martin" in page and "Thomas Leroy" in page and 'name="guests_count"' in page
    response = client.post(
        url, {"came": [str(julie.pk), "999999"], "walk_ins_member": "Marc Dubois", "guests_count": "3"}, follow=True
    )
    assert "The attendance is saved." in response.content.decode()
    assert set(Registration.objects.filter(event=event, attended=True).values_list("user_id", flat=True)) == {
        cast.member.pk,
        cast.core_member.pk,
    }
    assert Event.objects.get(pk=event.pk).guests_count == 3


def test_the_attendance_form_keeps_what_was_typed(client, cast):
    event = past(cast)
    julie, _thomas = registered(event, cast.member, cast.observer)
    client.force_login(cast.facilitator)
    url = reverse("events:attendance", args=[cast.community.slug, event.pk])
    response = client.post(url, {"came": [str(julie.pk)], "walk_ins_member": "Personne Inconnue", "guests_count": "2"})
    page = response.content.decode()
    assert response.status_code == 200 and "No single member matches" in page
    assert f'value="{julie.pk}" checked' in page and 'value="Personne Inconnue"' in page
    assert Event.objects.get(pk=event.pk).attendance_recorded_at is None


def test_the_attendance_page_says_when_it_opens(client, cast):
    event = make_event(cast.community, starts_at=timezone.now() + timedelta(days=1))
    client.force_login(cast.core_member)
    page = client.get(reverse("events:attendance", args=[cast.community.slug, event.pk])).content.decode()
    assert "once the event has started" in page and '<form method="post" class="attendance"' not in page


def grow(event, n: int, start: int = 0) -> None:
    from terreau.accounts.models import User

    users = User.objects.bulk_create(
        User(email=f"m{i}@example.test", display_name=f"Membre {i:04d}") for i in range(start, start + n)
    )
    Membership.objects.bulk_create(Membership(community=event.community, user=user) for user in users)
    Registration.objects.bulk_create(
        Registration(event=event, user=user, status=Status.REGISTERED, attended=i % 3 != 0)
        for i, user in enumerate(users)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_attendance_page_costs_the_same_with_500_registrations(client, cast):
    event = past(cast)
    Event.objects.filter(pk=event.pk).update(attendance_recorded_at=timezone.now())
    url = reverse("events:attendance", args=[cast.community.slug, event.pk])
    client.force_login(cast.facilitator)
    grow(event, 5)
    small = count_queries(client, url)
    grow(event, 495, start=5)
    large = count_queries(client, url)
    assert large == small
    assert "Membre 0499" in client.get(url).content.decode()


# Rates against hand-counted fixtures -------------------------------------------------------------


def members_for_a_year(cast):
    Membership.objects.filter(community=cast.community).update(joined_at=timezone.now() - timedelta(days=400))


def test_rates_per_series_and_per_member(cast):
    series = make_series(cast.community)
    now = timezone.now()
    members_for_a_year(cast)
    meetings = [
        make_event(
            cast.community,
            series=series,
            starts_at=now - timedelta(days=days),
            recurrence_id=now - timedelta(days=days),
        )
        for days in (90, 60, 30)
    ]
    future = make_event(
        cast.community, series=series, starts_at=now + timedelta(days=5), recurrence_id=now + timedelta(days=5)
    )
    registered(future, cast.member)
    cancelled = make_event(
        cast.community,
        series=series,
        starts_at=now - timedelta(days=45),
        status="cancelled",
        recurrence_id=now - timedelta(days=45),
    )
    registered(cancelled, cast.member)
    # Meeting 1: Julie and Thomas registered, both came; Marc walked in; 2 guests.
    # Meeting 2: Julie, Thomas, Sophie registered, only Sophie came.
    # Meeting 3: Julie registered and came; attendance not recorded -> not counted.
    one, two, three = meetings
    a, b = registered(one, cast.member, cast.observer)
    services.attendance_record(
        actor=cast.core_member,
        community=cast.community,
        event=one,
        came=[a.pk, b.pk],
        walk_ins=[cast.membership(cast.core_member)],
        guests_count=2,
    )
    rows = registered(two, cast.member, cast.observer, cast.facilitator)
    services.attendance_record(actor=cast.core_member, community=cast.community, event=two, came=[rows[2].pk])
    registered(three, cast.member)

    figures = participation.series_participation(series)
    assert [event.pk for event, _f in figures.rows] == [three.pk, two.pk, one.pk]  # cancelled and future left out
    assert (figures.registered, figures.came) == (5, 3)
    assert figures.rate == pytest.approx(3 / 5)
    assert figures.average_attendance == pytest.approx((5 + 1) / 2)

    since = now - timedelta(days=365)
    julie = participation.member_participation(cast.membership(cast.member), since=since)
    assert (julie.events, julie.came, julie.registered) == (2, 1, 2)
    assert julie.rate == pytest.approx(1 / 2)
    marc = participation.member_participation(cast.membership(cast.core_member), since=since)
    assert (marc.events, marc.came, marc.registered) == (2, 1, 0)


def test_a_member_is_measured_on_the_events_they_could_see_while_a_member(cast):
    now = timezone.now()
    members_for_a_year(cast)
    newcomer = make_user("nouveau@example.test", "Nouvelle Venue")
    membership = make_member(cast.community, newcomer, joined_at=now - timedelta(days=20))
    for days, visibility in [(40, Visibility.MEMBERS), (10, Visibility.MEMBERS), (5, Visibility.CORE_TEAM)]:
        event = past(cast, days=days, visibility=visibility)
        services.attendance_record(actor=cast.core_member, community=cast.community, event=event, came=[])
    figures = participation.member_participation(membership, since=now - timedelta(days=365))
    assert figures.events == 1  # before joining, and the core team's, do not count
    core = participation.member_participation(cast.membership(cast.core_member), since=now - timedelta(days=365))
    assert core.events == 3


def test_a_member_page_shows_participation_to_them_and_the_organisers_only(client, cast):
    members_for_a_year(cast)
    event = past(cast)
    (row,) = registered(event, cast.member)
    services.attendance_record(actor=cast.core_member, community=cast.community, event=event, came=[row.pk])
    url = reverse("communities:member", args=[cast.community.slug, cast.membership(cast.member).pk])
    for viewer, shown in [(cast.member, True), (cast.facilitator, True), (cast.observer, False)]:
        client.force_login(viewer)
        page = client.get(url).content.decode()
        assert ("Came to 1 of the 1 event held in the last twelve months" in page) is shown, viewer


def test_the_series_page_shows_the_participation_to_members(client, cast):
    members_for_a_year(cast)
    series = make_series(cast.community)
    start = timezone.now() - timedelta(days=10)
    event = make_event(cast.community, series=series, starts_at=start, recurrence_id=start)
    rows = registered(event, cast.member, cast.observer)
    services.attendance_record(
        actor=cast.core_member, community=cast.community, event=event, came=[rows[0].pk], guests_count=1
    )
    url = reverse("events:series", args=[cast.community.slug, series.pk])
    client.force_login(cast.observer)
    page = client.get(url).content.decode()
    assert "1 of 2 registered people came" in page and "(50 %)" in page
