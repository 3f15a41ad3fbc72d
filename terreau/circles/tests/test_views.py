"""The circles' pages through the client: the map, a group's page, the forms; flat query counts."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.circles import services
from terreau.circles.models import Circle, CircleKind, CircleMember, Joining
from terreau.events.models import Event
from terreau.exchanges.models import Question
from terreau.knowledge.models import ActivityTag, ItemStatus, ItemType, KnowledgeItem

from .factories import add, make_circle, new_member

pytestmark = pytest.mark.django_db


def _map(cast):
    return reverse("circles:map", args=[cast.community.slug])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_map_draws_an_accessible_svg_with_the_list_beside(client, cast):
    steering = make_circle(cast.community, "Cercle de pilotage", kind=CircleKind.STEERING)
    group = make_circle(cast.community, "Groupe Logistique", parent=steering)
    add(group, cast.membership(cast.member), coordinator=True)
    client.force_login(cast.member)
    page = client.get(_map(cast)).content.decode()
    assert 'role="img"' in page and '<title id="map-title">' in page and '<desc id="map-desc">' in page
    assert "Groupe Logistique" in page and "Julie Martin" in page  # the coordinator, in the list
    assert "Core team" in page  # the core team's circle, made on first use


def test_a_hidden_circle_and_its_name_as_a_parent_stay_hidden(client, cast):
    hidden = make_circle(cast.community, "Cercle secret", visibility="core_team")
    make_circle(cast.community, "Groupe ouvert", parent=hidden)
    client.force_login(cast.member)
    page = client.get(_map(cast)).content.decode()
    assert "Groupe ouvert" in page and "Cercle secret" not in page


def test_the_map_reads_as_many_queries_for_3_circles_as_for_30(client, cast):
    client.force_login(cast.member)
    people = [new_member(cast.community, n) for n in range(12)]
    for n in range(3):
        circle = make_circle(cast.community, f"Groupe {n}")
        add(circle, people[n], coordinator=True)
    client.get(_map(cast))  # the first visit makes the core team's circle
    few = _queries(client, _map(cast))
    parent = None
    for n in range(3, 30):
        circle = make_circle(cast.community, f"Groupe {n}", parent=parent, lead_link=people[n % 12])
        add(circle, people[n % 12], coordinator=True)
        add(circle, people[(n + 1) % 12])
        parent = circle if n % 5 == 0 else parent
    assert _queries(client, _map(cast)) == few


def _fill(cast, circle, members: int, things: int):
    community = cast.community
    people = [new_member(community, n) for n in range(members)]
    CircleMember.objects.bulk_create(CircleMember(circle=circle, membership=m) for m in people)
    activity = ActivityTag.objects.create(community=community, name=f"Activité {circle.pk}", circle=circle)
    KnowledgeItem.objects.bulk_create(
        KnowledgeItem(
            community=community,
            type=ItemType.ARTICLE,
            title=f"Fiche {n}",
            status=ItemStatus.PUBLISHED,
            activity=activity,
            visibility="members",
        )
        for n in range(things)
    )
    Question.objects.bulk_create(
        Question(community=community, title=f"Question {n}", circle=circle, visibility="members") for n in range(things)
    )
    start = timezone.now() + timedelta(days=3)
    Event.objects.bulk_create(
        Event(
            community=community,
            title=f"Réunion {n}",
            kind="workshop",
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=2),
            circle=circle,
            visibility="members",
        )
        for n in range(things)
    )


def test_a_working_group_page_reads_as_many_queries_for_5_members_as_for_200(client, cast):
    client.force_login(cast.member)
    small = make_circle(cast.community, "Petit groupe", joining=Joining.ON_REQUEST)
    large = make_circle(cast.community, "Grand groupe", joining=Joining.ON_REQUEST)
    _fill(cast, small, members=5, things=2)
    few = _queries(client, small.get_absolute_url())
    CircleMember.objects.all().delete()
    _fill_large = _fill(cast, large, members=200, things=40)  # noqa: F841
    page = client.get(large.get_absolute_url()).content.decode()
    assert "and 170 more" in page  # past 30, the members fold
    assert _queries(client, large.get_absolute_url()) == few


def test_the_group_page_shows_its_panels_and_the_double_link(client, cast):
    group = make_circle(cast.community, "Groupe Logistique", information="**Prochaine étape** : la carte")
    _fill(cast, group, members=2, things=1)
    client.force_login(cast.member)
    page = client.get(group.get_absolute_url()).content.decode()
    for text in ("Fiche 0", "Question 0", "Réunion 0", "The double link", "<strong>Prochaine étape</strong>"):
        assert text in page
    assert "Join this group" in page


def test_a_coordinator_updates_the_information_and_a_stale_form_keeps_what_was_typed(client, cast):
    group = make_circle(cast.community, "Groupe Logistique")
    add(group, cast.membership(cast.member), coordinator=True)
    client.force_login(cast.member)
    edit = reverse("circles:edit", args=[cast.community.slug, group.pk])
    response = client.post(edit, {"purpose": "Mutualiser", "information": "Réunion jeudi", "version": 1})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.information == "Réunion jeudi" and group.version == 2
    response = client.post(edit, {"purpose": "Mutualiser", "information": "Texte en retard", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this circle" in page and "Texte en retard" in page
    assert Circle.objects.get(pk=group.pk).information == "Réunion jeudi"


def test_join_ask_and_leave_through_the_buttons(client, cast):
    open_group = make_circle(cast.community, "Groupe ouvert")
    on_request = make_circle(cast.community, "Groupe sur demande", joining=Joining.ON_REQUEST)
    client.force_login(cast.member)
    slug = cast.community.slug
    client.post(reverse("circles:join", args=[slug, open_group.pk]))
    assert open_group.members.filter(membership__user=cast.member).exists()
    client.post(reverse("circles:ask", args=[slug, on_request.pk]), {"message": "Bonjour"})
    assert on_request.requests.filter(status="pending").count() == 1
    assert "waiting for the coordinator" in client.get(on_request.get_absolute_url()).content.decode()
    client.post(reverse("circles:leave", args=[slug, open_group.pk]))
    assert not open_group.members.exists()


def test_the_member_page_shows_the_person_s_circles(client, cast):
    group = make_circle(cast.community, "Groupe Logistique")
    add(group, cast.membership(cast.member))
    client.force_login(cast.observer)
    url = reverse("communities:member", args=[cast.community.slug, cast.membership(cast.member).pk])
    assert "Groupe Logistique" in client.get(url).content.decode()


def test_the_migrations_give_every_community_its_core_team_circle_and_activities_their_circles(cast):
    Circle.objects.all().delete()
    logistics = ActivityTag.objects.create(community=cast.community, name="Groupe logistique", kind="working_group")
    project = ActivityTag.objects.create(community=cast.community, name="Projet Halle", kind="project")
    event = ActivityTag.objects.create(community=cast.community, name="Rencontre annuelle", kind="event")
    importlib.import_module("terreau.circles.migrations.0002_core_team_circles").core_team_circles(apps, None)
    importlib.import_module("terreau.knowledge.migrations.0009_activities_become_circles").activities_to_circles(
        apps, None
    )
    importlib.import_module("terreau.circles.migrations.0002_core_team_circles").core_team_circles(apps, None)
    assert Circle.objects.filter(community=cast.community, kind="core_team").count() == 1
    for tag in (logistics, project, event):
        tag.refresh_from_db()
    assert logistics.circle.name == "Groupe logistique" and logistics.circle.kind == "working_group"
    assert project.circle.kind == "project" and event.circle is None
    assert services.core_team_circle(cast.community).members.count() == 0  # still the core-team flag


def test_a_question_and_a_meeting_name_their_group_to_whoever_sees_it(client, cast):
    from terreau.events.tests.factories import make_event

    shown = make_circle(cast.community, "Groupe Logistique")
    hidden = make_circle(cast.community, "Cercle secret", visibility="core_team")
    client.force_login(cast.member)
    for circle, seen in ((shown, True), (hidden, False)):
        question = Question.objects.create(
            community=cast.community, author=cast.member, title=f"Question {circle.pk}", circle=circle
        )
        event = make_event(cast.community, title=f"Réunion {circle.pk}", circle=circle, visibility="members")
        for url in (question.get_absolute_url(), reverse("events:detail", args=[cast.community.slug, event.pk])):
            assert (circle.name in client.get(url).content.decode()) is seen, url


def test_a_series_gives_its_group_to_its_meetings(cast):
    from terreau.events.services import series as series_services

    group = make_circle(cast.community, "Groupe Cantines")
    series = series_services.series_create(
        actor=cast.core_member,
        community=cast.community,
        title="Réunion mensuelle du groupe",
        description="",
        kind="monthly",
        visibility="members",
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() + timedelta(days=2),
        duration=90,
        circle=group,
    )
    assert series.events.exists()
    assert set(series.events.values_list("circle", flat=True)) == {group.pk}
