import json
from datetime import date

from terreau.archive.sections.circles import SECTION as CIRCLES
from terreau.archive.sections.roles import SECTION
from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.core.models import Visibility
from terreau.elections.models import Election, Nomination, Phase
from terreau.elections.tests.factories import working_group

from .fakes import assert_same, export, export_queries, render, round_trip


def election(cast, phase=Phase.DONE, visibility=Visibility.MEMBERS, kind=RoleKind.COMMUNICATION):
    role = Role.objects.get(community=cast.community, kind=kind)
    done = Election.objects.create(
        community=cast.community,
        role=role,
        circle=working_group(cast),
        description="Faire connaître la communauté.",
        facilitator=cast.membership(cast.facilitator),
        visibility=visibility,
        phase=phase,
        elected=cast.membership(cast.member) if phase == Phase.DONE else None,
        term_ends_on=date(2027, 9, 30) if phase == Phase.DONE else None,
    )
    Nomination.objects.create(
        election=done,
        nominator=cast.membership(cast.observer),
        nominee=cast.membership(cast.member),
        reason="SECRET-REASON",
    )
    return done


def roles_of(cast):
    community = cast.community
    communication = Role.objects.get(community=community, kind=RoleKind.COMMUNICATION)
    RoleAssignment.objects.create(
        role=communication, membership=cast.membership(cast.member), term_ends_on=date(2027, 9, 30)
    )
    Role.objects.create(community=community, name="Trésorerie", description="Tenir les comptes.", hours_per_month=1)
    Role.objects.create(community=community, name="Rôle CORE-ONLY", visibility=Visibility.CORE_TEAM)
    election(cast)
    election(cast, phase=Phase.NOMINATION)
    election(cast, visibility=Visibility.CORE_TEAM, kind=RoleKind.LOGISTICS)


def test_roles_export_the_who_does_what_and_the_elections_outcome(cast):
    roles_of(cast)
    records = export([SECTION], cast.community)[0]["roles"]
    roles = [record for record in records if record["kind"] == "roles.role"]
    assert [role["title"] for role in roles][-1] == "Trésorerie"
    communication = next(role for role in roles if role["role_kind"] == RoleKind.COMMUNICATION)
    assert communication["assignments"] == [
        {
            "person": f"person:{cast.member.pk}",
            "assigned_at": communication["assignments"][0]["assigned_at"],
            "term_ends_on": "2027-09-30",
        }
    ]
    core_team = next(record for record in records if record["kind"] == "roles.core_team")
    assert core_team["members"] == [f"person:{cast.core_member.pk}"]
    elections = [record for record in records if record["kind"] == "elections.election"]
    assert len(elections) == 1
    assert elections[0]["elected"] == f"person:{cast.member.pk}" and elections[0]["role"] == communication["id"]
    text = json.dumps(records)
    assert "SECRET-REASON" not in text and "CORE-ONLY" not in text and "@" not in text


def test_nothing_of_the_roles_in_the_public_archive(public_cast):
    roles_of(public_cast)
    records, ctx = export([SECTION], public_cast.community, "public")
    assert records["roles"] == [] and ctx.people == {}


def test_roles_come_back_the_same(cast):
    roles_of(cast)
    records, again, target = round_trip([CIRCLES, SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Role.objects.filter(community=target, kind=RoleKind.COMMUNICATION).count() == 1
    assert Election.objects.get(community=target).elected.user.display_name == "Julie Martin"


def test_roles_export_in_flat_queries(cast, django_assert_max_num_queries):
    from terreau.circles.tests.factories import new_member

    role = Role.objects.get(community=cast.community, kind=RoleKind.COMMUNICATION)
    for n in range(10):
        RoleAssignment.objects.create(role=role, membership=new_member(cast.community, n))
        election(cast)
    few = export_queries(SECTION, cast.community)
    for n in range(10, 100):
        RoleAssignment.objects.create(role=role, membership=new_member(cast.community, n))
        Role.objects.create(community=cast.community, name=f"Rôle {n}")
        election(cast)
    assert export_queries(SECTION, cast.community) == few


def test_roles_pages_and_markdown_render(cast):
    roles_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["roles"]
    html = render(SECTION, records["roles"], ctx.people)
    assert records["roles"][0]["title"] in html
