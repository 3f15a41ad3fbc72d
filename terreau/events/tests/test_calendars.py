"""Calendar feeds and downloads, read back by `icalendar` and expanded by `recurring_ical_events`
(a real consumer: what a calendar application would show)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from dateutil.rrule import rrulestr
from django.urls import reverse

import conftest
from conftest import make_member, make_user
from terreau import permissions
from terreau.communities import services as community_services
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.events import calendars, ical
from terreau.events.models import CalendarKey, Event
from terreau.events.services.calendar_keys import calendar_key_get_or_create, calendar_key_renew
from terreau.events.tests.factories import local, make_event, make_series
from terreau.events.views.feeds import calendar_panel

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def occurrences(series, count):
    """The series' first `count` occurrences stored as events, as the events' services materialise them."""
    zone = ZoneInfo(series.community.time_zone)
    start = series.first_start.astimezone(zone).replace(tzinfo=None)
    rule = rrulestr(series.rule, dtstart=start)
    events = []
    for when in rule[:count]:
        starts_at = when.replace(tzinfo=zone)
        events.append(
            Event.objects.create(
                community=series.community,
                series=series,
                recurrence_id=starts_at,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=series.duration),
                title=series.title,
                kind=series.kind,
                visibility=series.visibility,
            )
        )
    return events


def feed_url(user, name="calendar:feed", *args):
    key = calendar_key_get_or_create(user=user)
    return reverse(name, args=[key.key, *args])


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def expand(body, start=datetime(2025, 1, 1, tzinfo=BRUSSELS), end=datetime(2029, 1, 1, tzinfo=BRUSSELS)):
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(recurring_ical_events.of(calendar).between(start, end), key=lambda e: e.start)


def summaries(body):
    return {str(event["SUMMARY"]) for event in expand(body)}


# The series across the daylight-saving change, its exceptions ---------------------------------------


@pytest.fixture
def meetings(cast):
    """The last Tuesday of each month at 18:00, 2026: in late March and late October the clocks change
    the Sunday before. The March one cancelled, the May one moved to the Wednesday at 19:00."""
    series = make_series(
        cast.community,
        rule="FREQ=MONTHLY;BYDAY=-1TU",
        first_start=local(cast.community, 2026, 1, 27, 18, 0),
        duration=120,
        title="Rencontre mensuelle",
        place="Maison du GAL",
        address="Rue de la Station 4, 5590 Ciney",
        until=local(cast.community, 2026, 12, 29, 18, 0),
    )
    events = occurrences(series, 12)
    march, may = events[2], events[4]
    march.status = Event.Status.CANCELLED
    march.save()
    may.starts_at = local(cast.community, 2026, 5, 27, 19, 0)
    may.ends_at = may.starts_at + timedelta(hours=2)
    may.title = "Rencontre mensuelle (déplacée)"
    may.detached = True
    may.version = 2
    may.save()
    return series, events


def test_a_series_stays_at_18_00_across_the_daylight_saving_change(client, cast, meetings):
    body = read(client, feed_url(cast.member))
    found = [event for event in expand(body) if str(event["SUMMARY"]) == "Rencontre mensuelle"]
    # 12 meetings, one cancelled, one moved (and renamed).
    assert len(found) == 10
    assert {event.start.astimezone(BRUSSELS).hour for event in found} == {18}
    starts = {event.start.astimezone(BRUSSELS).date().isoformat(): event.start for event in found}
    # The UTC hour changes with the clocks: 17:00 in winter, 16:00 in summer.
    assert starts["2026-02-24"].astimezone(ZoneInfo("UTC")).hour == 17
    assert starts["2026-10-27"].astimezone(ZoneInfo("UTC")).hour == 17  # after the change back (25 October)
    assert starts["2026-09-29"].astimezone(ZoneInfo("UTC")).hour == 16
    assert all(event.end - event.start == timedelta(hours=2) for event in found)
    assert "2026-12-29" in starts  # UNTIL is inclusive


def test_a_cancelled_occurrence_is_an_exdate_and_a_moved_one_an_override(client, cast, meetings):
    series, events = meetings
    body = read(client, feed_url(cast.member))
    expanded = expand(body)
    days = [event.start.astimezone(BRUSSELS).date().isoformat() for event in expanded]
    assert "2026-03-31" not in days  # cancelled
    assert "2026-05-26" not in days  # moved away from here...
    moved = next(event for event in expanded if event.start.astimezone(BRUSSELS).date().isoformat() == "2026-05-27")
    assert moved.start.astimezone(BRUSSELS).hour == 19  # ...to here
    assert str(moved["SUMMARY"]) == "Rencontre mensuelle (déplacée)"
    assert moved["SEQUENCE"] == 2
    calendar = icalendar.Calendar.from_ical(body)
    master, override = calendar.walk("VEVENT")
    assert master["UID"] == override["UID"] == ical.series_uid(series)
    assert "RECURRENCE-ID" not in master
    assert override["RECURRENCE-ID"].dt == events[4].recurrence_id
    assert [when.dt for when in master["EXDATE"].dts] == [events[2].recurrence_id]
    assert master["RRULE"]["UNTIL"][0] == series.until
    # Times carry the community's zone, whose definition the file holds.
    assert master["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert "TZID=Europe/Brussels" in master["EXDATE"].to_ical().decode() or master["EXDATE"].params["TZID"]
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_the_feed_is_what_rfc_5545_wants(client, cast, meetings):
    """CRLF line ends, lines of at most 75 octets, the calendar's properties, a VTIMEZONE for every TZID."""
    make_event(cast.community, title="Journée de lancement " * 8, description="Ligne; une, deux\nautre ligne")
    body = read(client, feed_url(cast.member))
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"]
    assert calendar["X-WR-TIMEZONE"] == "Europe/Brussels"
    used = set(re.findall(rb"TZID=([^:;]+)", body))
    defined = {zone["TZID"].encode() for zone in calendar.walk("VTIMEZONE")}
    assert used == defined
    one_off = next(event for event in calendar.walk("VEVENT") if "Journée" in str(event["SUMMARY"]))
    assert str(one_off["DESCRIPTION"]).startswith("Ligne; une, deux\nautre ligne")
    assert b"Ligne\\; une\\, deux\\nautre ligne" in body.replace(b"\r\n ", b"")  # escaped
    assert "LOCATION" not in one_off  # no place given
    for event in calendar.walk("VEVENT"):
        for needed in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "STATUS", "SEQUENCE", "LAST-MODIFIED"):
            assert needed in event, needed
        assert "ORGANIZER" not in event
        assert str(event["URL"]).startswith("http://testserver/c/circuits-courts/")
        assert str(event["URL"]) in str(event["DESCRIPTION"])


def test_uids_stay_the_same_across_reloads_and_edits(client, cast, meetings):
    series, _events = meetings
    one_off = make_event(cast.community, title="Atelier", starts_at=local(cast.community, 2026, 12, 3, 14, 0))
    url = feed_url(cast.member)
    before = {str(e["UID"]) for e in icalendar.Calendar.from_ical(read(client, url)).walk("VEVENT")}
    series.title = "Rencontre du mardi"
    series.save()
    one_off.title = "Atelier (nouveau titre)"
    one_off.save()
    after = {str(e["UID"]) for e in icalendar.Calendar.from_ical(read(client, url)).walk("VEVENT")}
    assert before == after == {ical.series_uid(series), ical.event_uid(one_off)}


def test_a_series_after_this_and_the_following_is_two_masters(client, cast):
    old = make_series(cast.community, first_start=local(cast.community, 2026, 1, 6, 18, 0))
    old.until = local(cast.community, 2026, 6, 2, 18, 0)
    old.save()
    new = make_series(
        cast.community, first_start=local(cast.community, 2026, 7, 7, 19, 0), title="Rencontre du soir", continues=old
    )
    found = expand(read(client, feed_url(cast.member)), end=datetime(2027, 1, 1, tzinfo=BRUSSELS))
    hours = [(e.start.month, e.start.astimezone(BRUSSELS).hour) for e in found]
    assert hours == [(month, 18) for month in range(1, 7)] + [(month, 19) for month in range(7, 13)]
    assert {str(e["UID"]) for e in found} == {ical.series_uid(old), ical.series_uid(new)}


def test_a_cancelled_one_off_stays_with_status_cancelled(client, cast):
    make_event(cast.community, title="Fête", status=Event.Status.CANCELLED)
    (event,) = icalendar.Calendar.from_ical(read(client, feed_url(cast.member))).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Fête"


def test_locations(client, cast):
    make_event(cast.community, title="Sur place", place="Salle", address="Rue 1, Ciney")
    make_event(cast.community, title="En ligne", format="online", online_url="https://meet.example/abc")
    make_event(cast.community, title="Les deux", format="both", place="Salle", online_url="https://meet.example/xyz")
    events = {
        str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(read(client, feed_url(cast.member))).walk("VEVENT")
    }
    assert str(events["Sur place"]["LOCATION"]) == "Salle, Rue 1, Ciney"
    assert str(events["En ligne"]["LOCATION"]) == "https://meet.example/abc"
    assert str(events["Les deux"]["LOCATION"]) == "Salle"
    assert "https://meet.example/xyz" in str(events["Les deux"]["DESCRIPTION"])


# Who sees what ----------------------------------------------------------------------------------


def test_a_private_community_left_is_gone_from_the_feed(client, cast):
    make_event(cast.community, title="Réunion privée", visibility=Visibility.PUBLIC)
    url = feed_url(cast.member)
    community_url = feed_url(cast.member, "calendar:community_feed", cast.community.slug)
    assert summaries(read(client, url)) == {"Réunion privée"}
    community_services.membership_leave(user=cast.member, community=cast.community)
    assert summaries(read(client, url)) == set()
    assert client.get(community_url).status_code == 404


def test_a_members_only_event_of_a_community_not_joined_is_not_shown(client, cast, public_cast):
    make_event(public_cast.community, title="Publique", visibility=Visibility.PUBLIC)
    make_event(public_cast.community, title="Membres", visibility=Visibility.MEMBERS)
    # The member of the private community is not in the public one.
    assert summaries(read(client, feed_url(cast.member))) == set()
    community_url = feed_url(cast.member, "calendar:community_feed", public_cast.community.slug)
    assert summaries(read(client, community_url)) == {"Publique"}
    make_member(public_cast.community, cast.member)
    assert summaries(read(client, feed_url(cast.member))) == {"Publique", "Membres"}


def test_a_core_team_event_is_for_the_core_team(client, cast):
    make_event(cast.community, title="Noyau", visibility=Visibility.CORE_TEAM)
    make_event(cast.community, title="Membres", visibility=Visibility.MEMBERS)
    assert summaries(read(client, feed_url(cast.member))) == {"Membres"}
    assert summaries(read(client, feed_url(cast.core_member))) == {"Noyau", "Membres"}
    member_community = feed_url(cast.member, "calendar:community_feed", cast.community.slug)
    assert summaries(read(client, member_community)) == {"Membres"}


def test_an_occurrence_the_reader_may_not_see_is_taken_out_of_the_series(client, cast):
    series = make_series(cast.community, visibility=Visibility.MEMBERS)
    events = occurrences(series, 3)
    Event.objects.filter(pk=events[1].pk).update(
        visibility=Visibility.CORE_TEAM, title="Noyau seulement", detached=True
    )
    member_body = read(client, feed_url(cast.member))
    assert "Noyau seulement" not in member_body.decode()
    days = [e.start.date() for e in expand(member_body)]
    assert events[1].starts_at.date() not in days and len(days) >= 2
    core = [str(e["SUMMARY"]) for e in expand(read(client, feed_url(cast.core_member)))]
    assert "Noyau seulement" in core


def test_a_series_feed_and_its_rights(client, cast):
    series = make_series(cast.community, visibility=Visibility.CORE_TEAM, title="Noyau mensuel")
    make_event(cast.community, title="Autre chose")
    core_url = feed_url(cast.core_member, "calendar:series_feed", cast.community.slug, series.pk)
    assert summaries(read(client, core_url)) == {"Noyau mensuel"}
    member_url = feed_url(cast.member, "calendar:series_feed", cast.community.slug, series.pk)
    assert client.get(member_url).status_code == 404
    outsider_url = feed_url(cast.outsider, "calendar:series_feed", cast.community.slug, series.pk)
    assert client.get(outsider_url).status_code == 404


def test_a_renewed_key_ends_the_old_addresses(client, cast):
    series = make_series(cast.community)
    old = [
        feed_url(cast.member),
        feed_url(cast.member, "calendar:community_feed", cast.community.slug),
        feed_url(cast.member, "calendar:series_feed", cast.community.slug, series.pk),
    ]
    assert [client.get(url).status_code for url in old] == [200, 200, 200]
    client.force_login(cast.member)
    response = client.post(reverse("calendar:renew"))
    assert response.status_code == 302
    assert [client.get(url).status_code for url in old] == [404, 404, 404]
    assert client.get(feed_url(cast.member)).status_code == 200
    assert client.get(reverse("calendar:feed", args=["not-a-key"])).status_code == 404


def test_a_deactivated_person_s_key_answers_404(client, cast):
    url = feed_url(cast.member)
    type(cast.member).objects.filter(pk=cast.member.pk).update(is_active=False)
    assert client.get(url).status_code == 404


def test_the_standing_of_a_loaded_membership_is_the_kernel_s(cast):
    for person in ("core_member", "facilitator", "member", "observer"):
        user = getattr(cast, person)
        membership = Membership.objects.get(user=user, community=cast.community)
        assert permissions.VISIBLE_AT[calendars.standing_in(user, membership)] == permissions.visibilities(
            user, cast.community
        )
    make_member(cast.community, cast.admin)
    membership = Membership.objects.get(user=cast.admin, community=cast.community)
    assert calendars.standing_in(cast.admin, membership) == permissions.standing(cast.admin, cast.community)


# Public feed, one event ---------------------------------------------------------------------------


def test_the_public_feed_of_a_public_community(client, cast, public_cast):
    make_event(public_cast.community, title="Publique", visibility=Visibility.PUBLIC)
    make_event(public_cast.community, title="Membres", visibility=Visibility.MEMBERS)
    response = client.get(reverse("events:feed", args=[public_cast.community.slug]))
    assert summaries(response.content) == {"Publique"}
    assert "public" in response["Cache-Control"]
    assert client.get(reverse("events:feed", args=[cast.community.slug])).status_code == 404


def test_a_keyed_feed_is_never_kept_by_a_shared_cache(client, cast):
    response = client.get(feed_url(cast.member))
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    again = client.get(feed_url(cast.member), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_one_event_downloads_as_ics(client, cast):
    event = make_event(cast.community, title="Journée de lancement", visibility=Visibility.MEMBERS)
    url = reverse("events:ics", args=[cast.community.slug, event.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="journee-de-lancement-20261201.ics"'
    (found,) = expand(response.content)
    assert found.start == event.starts_at and str(found["UID"]) == ical.event_uid(event)


def test_the_add_to_calendar_panel(rf, cast):
    event = make_event(cast.community, title="Atelier vente", place="Salle", address="Rue 1")
    context = calendar_panel(rf.get("/"), cast.community, event)
    assert context["ics_url"] == reverse("events:ics", args=[cast.community.slug, event.pk])
    assert "dates=20261201T170000Z%2F20261201T190000Z" in context["google_url"]
    assert "text=Atelier+vente" in context["google_url"] and "ctz=Europe%2FBrussels" in context["google_url"]
    assert "startdt=2026-12-01T17%3A00%3A00Z" in context["outlook_url"]
    assert "location=Salle%2C+Rue+1" in context["outlook_url"]
    event.status = Event.Status.CANCELLED
    assert calendar_panel(rf.get("/"), cast.community, event) is None


# My calendars -------------------------------------------------------------------------------------


def test_my_calendars_makes_a_key_and_lists_the_addresses(client, cast, public_cast):
    series = make_series(cast.community, title="Rencontre mensuelle")
    make_series(cast.community, title="Secret du noyau", visibility=Visibility.CORE_TEAM)
    client.force_login(cast.member)
    assert not CalendarKey.objects.filter(user=cast.member).exists()
    response = client.get(reverse("calendar:mine"))
    assert response.status_code == 200
    key = CalendarKey.objects.get(user=cast.member).key
    page = response.content.decode()
    assert f"http://testserver/calendar/{key}.ics" in page
    assert f"webcal://testserver/calendar/{key}.ics" in page
    assert f"/calendar/{key}/c/{cast.community.slug}.ics" in page
    assert f"/calendar/{key}/c/{cast.community.slug}/series/{series.pk}.ics" in page
    assert "Secret du noyau" not in page
    assert public_cast.community.slug not in page  # not a member there
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("calendar:mine")).content.decode().count(key) == 4  # the same key again


def test_renewing_changes_the_key(client, cast):
    old = calendar_key_get_or_create(user=cast.member).key
    assert calendar_key_renew(user=cast.member).key != old
    assert CalendarKey.objects.filter(user=cast.member).count() == 1


# Cheap whatever the number of events ---------------------------------------------------------------


def _communities_with_meetings(person, count, years):
    """`count` communities, each with a monthly series over `years` years (every occurrence stored,
    one cancelled, one moved), two one-offs, and the person a member."""
    admin = make_user(f"admin{count}@bench.test", "Admin", is_staff=True, is_superuser=True)
    for index in range(count):
        community = community_services.community_create(
            actor=admin, name=f"Communauté {count}-{index}", slug=f"c-{count}-{index}", purpose="x", themes="x"
        )
        make_member(community, person, is_core_team=index % 3 == 0)
        series = make_series(community, first_start=local(community, 2025, 12, 2, 18, 0))
        events = occurrences(series, 12 * years)
        Event.objects.filter(pk=events[3].pk).update(status=Event.Status.CANCELLED)
        Event.objects.filter(pk=events[5].pk).update(detached=True, title="Déplacée")
        make_event(community, title="Atelier", visibility=Visibility.CORE_TEAM)
        make_event(community, title="Fête", visibility=Visibility.PUBLIC)


def test_the_person_s_feed_costs_the_same_queries_whatever_its_size(client, django_assert_max_num_queries):
    small = make_user("petit@test.test", "Petit")
    large = make_user("grand@test.test", "Grand")
    _communities_with_meetings(small, 1, 1)
    _communities_with_meetings(large, 12, 3)
    counts = {}
    for person in (small, large):
        url = feed_url(person)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            body = read(client, url)
        counts[person.pk] = len(queries)
        assert expand(body)
    assert counts[small.pk] == counts[large.pk]
    url = feed_url(large)
    # The key and its owner, the memberships, the series, their exceptions, their hidden occurrences, the one-offs.
    with django_assert_max_num_queries(6):
        client.get(url)


def test_my_calendars_costs_the_same_queries_whatever_its_size(client, django_assert_max_num_queries):
    small = make_user("petit@test.test", "Petit")
    large = make_user("grand@test.test", "Grand")
    _communities_with_meetings(small, 1, 1)
    _communities_with_meetings(large, 8, 1)
    counts = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for person in (small, large):
        client.force_login(person)
        client.get(reverse("calendar:mine"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calendar:mine")).status_code == 200
        counts[person.pk] = len(queries)
    assert counts[small.pk] == counts[large.pk]


def test_the_community_of_the_cast_is_private(cast):
    assert cast.community.listing == Community.Listing.PRIVATE


def test_the_event_page_shows_the_calendar_links_and_the_series_page_its_feed(client, cast):
    event = make_event(cast.community, title="Atelier vente")
    series = make_series(cast.community, title="Rencontre mensuelle")
    client.force_login(cast.member)
    page = client.get(reverse("events:detail", args=[cast.community.slug, event.pk])).content.decode()
    assert reverse("events:ics", args=[cast.community.slug, event.pk]) in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    page = client.get(reverse("events:series", args=[cast.community.slug, series.pk])).content.decode()
    assert f'href="{reverse("calendar:mine")}#series-{series.pk}"' in page
    page = client.get(reverse("events:calendar", args=[cast.community.slug])).content.decode()
    assert f'href="{reverse("calendar:mine")}#c-{cast.community.slug}"' in page


# The feed shows what the events' services stored -------------------------------------------------


def _scheduled(community, start, end):
    return sorted(
        (event.starts_at, event.title)
        for event in Event.objects.filter(
            community=community, status=Event.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end
        )
    )


def test_the_feed_expands_to_the_stored_events_after_cancel_move_and_split(client, cast, settings):
    """Planned, cancelled, moved and changed "from this meeting on" with the events' own services:
    a calendar application shows exactly the scheduled events Terreau holds."""
    from terreau.events.services import events as event_services
    from terreau.events.services import series as series_services

    community = cast.community
    series = series_services.series_create(
        actor=cast.core_member,
        community=community,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=local(community, 2026, 12, 1, 18, 0),
        duration=120,
        title="Rencontre mensuelle",
        kind="monthly",
        visibility=Visibility.MEMBERS,
    )
    events = list(Event.objects.filter(series=series).order_by("starts_at"))
    assert len(events) >= 8
    event_services.event_cancel(actor=cast.core_member, event=events[1], reason="Congés")
    moved = events[2]
    event_services.event_update(
        actor=cast.core_member,
        event=moved,
        version=moved.version,
        starts_at=moved.starts_at + timedelta(days=1, hours=1),
        ends_at=moved.ends_at + timedelta(days=1, hours=1),
        title="Rencontre déplacée",
    )
    detached = events[5]
    event_services.event_update(
        actor=cast.core_member,
        event=detached,
        version=detached.version,
        starts_at=detached.starts_at,
        ends_at=detached.ends_at,
        title="Rencontre spéciale",
    )
    # From the fifth meeting on: the third Thursday at 19:00.
    pivot = Event.objects.get(pk=events[4].pk)
    new = series_services.series_split(
        actor=cast.core_member,
        event=pivot,
        rule="FREQ=MONTHLY;BYDAY=3TH",
        first_start=local(community, 2027, 4, 15, 19, 0),
        duration=90,
        title="Rencontre du jeudi",
    )
    new.refresh_from_db()
    # Up to where the occurrences are stored (beyond, the rule goes on: the next ones are not stored yet).
    start, end = local(community, 2026, 11, 1, 0, 0), new.materialised_until - timedelta(days=1)
    body = read(client, feed_url(cast.member))
    shown = sorted((event.start, str(event["SUMMARY"])) for event in expand(body, start, end))
    assert shown == _scheduled(community, start, end)
    assert ("Rencontre spéciale" in {title for _start, title in shown}) and len(shown) > 8
    # Edited alone before the split, it kept the start the old rule gave it, which the new rule does
    # not give: an override of the new series would name no instance of it, and Thunderbird's
    # parser (ical.js) then drops it. It stands on its own.
    (special,) = [e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if e["SUMMARY"] == "Rencontre spéciale"]
    assert "RECURRENCE-ID" not in special and str(special["UID"]) == ical.event_uid(detached)


def test_a_change_shows_at_once_even_without_a_save(client, cast):
    """The VEVENTs' texts kept between requests are keyed on what they show: a bulk update, which
    leaves `updated_at` as it was, shows too."""
    event = make_event(cast.community, title="Avant")
    url = feed_url(cast.member)
    assert summaries(read(client, url)) == {"Avant"}
    Event.objects.filter(pk=event.pk).update(title="Après")
    assert summaries(read(client, url)) == {"Après"}
    Event.objects.filter(pk=event.pk).update(visibility=Visibility.CORE_TEAM)
    assert summaries(read(client, url)) == set()


def test_the_time_zone_is_written_with_yearly_rules(client, cast):
    """As Thunderbird and Google write it: Outlook reads a VTIMEZONE's RRULE, not a list of RDATEs."""
    make_event(cast.community)
    body = read(client, feed_url(cast.member))
    (vtimezone,) = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
    rules = {part.name: dict(part["RRULE"]) for part in vtimezone.subcomponents}
    assert rules == {
        "DAYLIGHT": {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]},
        "STANDARD": {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]},
    }
    assert b"RDATE" not in body
    new_york = ical._compact_vtimezone("America/New_York", 2026, 2020).decode()
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in new_york
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in new_york
    # A zone whose changes follow no yearly rule (Ramadan moves them) keeps every change listed.
    assert ical._compact_vtimezone("Africa/Casablanca", 2026, 2020) is None
    assert b"RDATE" in ical._vtimezone("Africa/Casablanca", 2026)


def test_a_community_elsewhere_keeps_its_own_time(client, cast):
    cast.community.time_zone = "America/New_York"
    cast.community.save()
    series = make_series(cast.community, first_start=local(cast.community, 2027, 1, 5, 18, 0))
    occurrences(series, 12)
    found = expand(read(client, feed_url(cast.member)))
    new_york = ZoneInfo("America/New_York")
    assert [e.start.astimezone(new_york).hour for e in found][:12] == [18] * 12
    assert (
        found[0].start.astimezone(ZoneInfo("UTC")).hour == 23 and found[5].start.astimezone(ZoneInfo("UTC")).hour == 22
    )
