"""The pages that gather several apps: the home page and a community's overview."""

import html
import re

import pytest
from django.urls import reverse

from conftest import make_member, make_user

pytestmark = pytest.mark.django_db


def test_the_community_page_warns_while_the_core_team_is_too_small(client, cast):
    client.force_login(cast.core_member)
    response = client.get(cast.community.get_absolute_url())
    assert response.context["core_team_too_small"] is True
    make_member(cast.community, make_user("second@x.test", "Second"), is_core_team=True)
    response = client.get(cast.community.get_absolute_url())
    assert response.context["core_team_too_small"] is False


def test_the_home_lists_my_communities_with_whats_new(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("home"))
    [community] = response.context["my_communities"]
    assert community.member_count == 4 and community.new_member_count == 4


def test_a_visitor_home_lists_only_public_communities(client, cast, public_cast):
    response = client.get(reverse("home"))
    assert [c.slug for c in response.context["public_communities"]] == [public_cast.community.slug]


def test_the_phase_is_shown_on_the_community_page(client, cast):
    response = client.get(cast.community.get_absolute_url())
    assert 'class="phase phase-define"' in response.text


def test_a_visitor_finds_the_adopted_charter_and_the_open_call_from_the_community_page(client, public_cast):
    from datetime import timedelta

    from django.utils import timezone

    from terreau.calls import services as calls
    from terreau.charter import services as charter
    from terreau.charter.tests import helpers as charter_helpers

    community = public_cast.community
    version = charter.charter_save(
        community=community, actor=public_cast.core_member, sections={"purpose": "Bouger."}, base_number=0
    )
    charter_helpers.adopt(public_cast, version.number, community=community)  # by the core team's consent
    call = calls.call_create(
        actor=public_cast.core_member,
        community=community,
        title="Rejoignez-nous",
        text="Venez.",
        closes_on=timezone.localdate() + timedelta(days=5),
    )
    response = client.get(community.get_absolute_url())
    assert reverse("charter:detail", args=[community.slug]) in response.text
    assert reverse("calls:public", args=[community.slug, call.token]) in response.text


def test_the_facilitators_home_says_when_no_weekly_message_went_out(client, cast):
    from terreau.exchanges import services as exchanges

    client.force_login(cast.facilitator)
    [community] = client.get(reverse("home")).context["my_communities"]
    assert community.i_facilitate and not community.weekly_sent
    exchanges.weekly_message_send(actor=cast.facilitator, community=cast.community, subject="Semaine", body="Nouvelles")
    [community] = client.get(reverse("home")).context["my_communities"]
    assert community.weekly_sent
    client.force_login(cast.member)
    [community] = client.get(reverse("home")).context["my_communities"]
    assert not community.i_facilitate


def _tabs(response):
    nav = response.text.split('<ul class="tabs">', 1)[1].split("</ul>", 1)[0]
    return [
        (href, current, html.unescape(label))
        for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    ]


def test_the_community_tabs_come_from_each_app_in_their_order(client, cast):
    slug = cast.community.slug
    client.force_login(cast.core_member)
    tabs = _tabs(client.get(reverse("communities:members", args=[slug])))
    assert [(href, label) for href, _current, label in tabs] == [
        # What members use most first, the core team's management last.
        (f"/c/{slug}/feed/", "Échanges"),
        (f"/c/{slug}/knowledge/", "Base documentaire"),
        (f"/c/{slug}/events/", "Calendrier"),
        (f"/c/{slug}/decisions/", "Décisions"),
        (f"/c/{slug}/ideas/", "Idées"),
        (f"/c/{slug}/members/", "Membres"),
        (f"/c/{slug}/circles/", "Cercles"),
        (f"/c/{slug}/roles/", "Qui fait quoi"),
        (f"/c/{slug}/surveys/", "Enquêtes"),
        (f"/c/{slug}/", "Vue d'ensemble"),
        (f"/c/{slug}/me/", "Ma participation"),
        (f"/c/{slug}/statistics/", "Statistiques"),
        (f"/c/{slug}/workspace/", "Espace de travail"),
        (f"/c/{slug}/retrospectives/", "Rétrospective"),
        (f"/c/{slug}/invitations/", "Invitations"),
        (f"/c/{slug}/requests/", "Demandes"),
        (f"/c/{slug}/edit/", "Paramètres"),
        (f"/c/{slug}/audit/", "Journal des modifications"),
        (f"/c/{slug}/archive/", "Archives"),
    ]
    assert [label for _href, current, label in tabs if current] == ["Membres"]
    client.force_login(cast.outsider)
    tabs = _tabs(client.get(cast.community.get_absolute_url()))
    assert [(label, bool(current)) for _href, current, label in tabs] == [
        ("Base documentaire", False),
        ("Calendrier", False),
        ("Décisions", False),
        ("Cercles", False),
        ("Vue d'ensemble", True),
    ]


def test_a_members_page_shows_the_panels_the_apps_registered(client, cast):
    from terreau.exchanges import services as exchanges

    exchanges.kudos_give(
        actor=cast.member,
        community=cast.community,
        receiver=cast.membership(cast.observer),
        message="Merci pour la visite !",
    )
    client.force_login(cast.core_member)
    response = client.get(reverse("communities:member", args=[cast.community.slug, cast.membership(cast.observer).pk]))
    assert "Merci pour la visite !" in response.text


def test_the_core_team_home_counts_the_answers_to_calls_nobody_decided_on(client, cast):
    from terreau.calls import services as calls_services
    from terreau.calls.tests.factories import apply, open_call

    call = open_call(cast)
    apply(call, email="a@exemple.be")
    apply(call, email="b@exemple.be")
    decided = apply(call, email="c@exemple.be")
    calls_services.application_decide(actor=cast.core_member, application=decided, decision="decline")
    link = f'<li class="new"><a href="{reverse("calls:list", args=[cast.community.slug])}">2 '
    client.force_login(cast.core_member)
    response = client.get(reverse("home"))
    assert response.context["my_communities"][0].new_application_count == 2
    assert link in response.text
    client.force_login(cast.member)
    assert link not in client.get(reverse("home")).text


def test_a_visitor_finds_the_public_questions_from_a_public_community_page(client, cast, public_cast):
    questions = reverse("exchanges:questions", args=[public_cast.community.slug])
    assert f'href="{questions}"' in client.get(public_cast.community.get_absolute_url()).text
    private = reverse("exchanges:questions", args=[cast.community.slug])
    assert f'href="{private}"' not in client.get(cast.community.get_absolute_url()).text


def test_the_contacts_name_a_few_current_holders_and_link_to_the_others(client, public_cast):
    from terreau.communities.models import Membership, Role, RoleAssignment, RoleKind
    from terreau.communities.selectors import HOLDERS_SHOWN

    cast = public_cast
    role = Role.objects.get(community=cast.community, kind=RoleKind.FACILITATION)
    Role.objects.filter(pk=role.pk).update(visibility="public")
    for i in range(HOLDERS_SHOWN + 3):
        member = make_member(cast.community, make_user(f"a{i}@x.test", f"Animatrice {i:02}"))
        RoleAssignment.objects.create(role=role, membership=member)
    gone = make_member(cast.community, make_user("gone@x.test", "Aaron Parti"))
    RoleAssignment.objects.create(role=role, membership=gone)
    Membership.objects.filter(pk=gone.pk).update(status=Membership.Status.LEFT)
    client.force_login(cast.member)
    response = client.get(cast.community.get_absolute_url())
    assert "Aaron Parti" not in response.text  # a former member is nobody's contact
    assert "Animatrice 00" in response.text and f"Animatrice {HOLDERS_SHOWN + 2:02}" not in response.text
    assert reverse("communities:role", args=[cast.community.slug, role.pk]) in response.text
