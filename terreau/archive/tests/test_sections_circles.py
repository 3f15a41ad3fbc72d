import json

from terreau.archive.sections.circles import SECTION
from terreau.circles.models import Circle, CircleKind
from terreau.circles.services.circles import core_team_circle
from terreau.circles.tests.factories import add, make_circle, new_member
from terreau.core.models import Visibility

from .fakes import assert_same, export, export_queries, render, round_trip


def circles_of(cast):
    community = cast.community
    core = core_team_circle(community)
    steering = make_circle(community, "Cercle de pilotage", kind=CircleKind.STEERING, purpose="Piloter.")
    group = make_circle(
        community,
        "Groupe Logistique",
        parent=steering,
        purpose="Mutualiser les tournées.",
        information="## Prochaine étape\n\nUn **tableau** partagé.",
        lead_link=cast.membership(cast.facilitator),
        representative=cast.membership(cast.member),
        visibility=Visibility.PUBLIC,
    )
    add(group, cast.membership(cast.member), coordinator=True)
    add(group, cast.membership(cast.observer))
    make_circle(community, "Groupe secret MEMBERS-ONLY", visibility=Visibility.MEMBERS)
    make_circle(community, "Groupe CORE-ONLY", visibility=Visibility.CORE_TEAM)
    return core, steering, group


def test_circles_export_who_belongs_where(cast):
    _core, _steering, group = circles_of(cast)
    records = export([SECTION], cast.community)[0]["circles"]
    by_name = {record["name"]: record for record in records}
    assert "Groupe CORE-ONLY" not in by_name
    logistics = by_name["Groupe Logistique"]
    assert logistics["parent"] == f"circles.circle:{group.parent_id}"
    assert logistics["lead_link"] == f"person:{cast.facilitator.pk}"
    assert [m["person"] for m in logistics["members"]] == [f"person:{cast.member.pk}", f"person:{cast.observer.pk}"]
    assert logistics["members"][0]["coordinator"] is True
    core = by_name[""]
    assert [m["person"] for m in core["members"]] == [f"person:{cast.core_member.pk}"]
    assert "@" not in json.dumps(records)


def test_public_circles_hold_no_members_only_thing_nor_people(public_cast):
    circles_of(public_cast)
    records, ctx = export([SECTION], public_cast.community, "public")
    text = json.dumps(records)
    assert "Groupe Logistique" in text
    assert "MEMBERS-ONLY" not in text and "CORE-ONLY" not in text
    assert ctx.people == {}


def test_nothing_public_of_a_private_community(cast):
    circles_of(cast)
    assert export([SECTION], cast.community, "public")[0]["circles"] == []


def test_circles_come_back_the_same(cast):
    circles_of(cast)
    records, again, target = round_trip([SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Circle.objects.filter(community=target, kind=CircleKind.CORE_TEAM).count() == 1


def test_circles_export_in_flat_queries(cast):
    community = cast.community
    for n in range(10):
        circle = make_circle(community, f"Groupe {n}", lead_link=cast.membership(cast.member))
        add(circle, new_member(community, n))
    few = export_queries(SECTION, community)
    for n in range(10, 100):
        circle = make_circle(community, f"Groupe {n}", lead_link=new_member(community, n))
        add(circle, new_member(community, n))
    assert export_queries(SECTION, community) == few


def test_circles_pages_and_markdown_render(cast):
    circles_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["circles"]
    html = render(SECTION, records["circles"], ctx.people)
    assert records["circles"][0]["title"] in html
