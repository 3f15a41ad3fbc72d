"""Grow: recruitment by month (hand-counted), partner communities as the person may see them,
outside networks with what they bring."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import make_member, make_user
from terreau.calls.models import Application
from terreau.calls.tests.factories import apply, open_call
from terreau.communities import services as community_services
from terreau.communities.models import Community, Invitation, JoinRequest, Membership
from terreau.communities.tests.test_query_counts import count_queries
from terreau.definition.models import ExistingNetwork
from terreau.overview import grow

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 15)


def at(community, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(community.time_zone))


def test_month_starts_cross_the_year():
    assert grow.month_starts(date(2026, 2, 10), 4) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_recruitment_is_counted_by_month_in_the_communitys_time_zone(cast):
    community = cast.community
    call = open_call(cast)
    # Applications: 2 in September (one became a member), 1 on 1 November at 00:30 local time
    # (still 31 October in UTC), 1 long ago (outside the twelve months).
    september = [apply(call, email="ana@exemple.be", name="Ana"), apply(call, email="bob@exemple.be", name="Bob")]
    november = apply(call, email="cleo@exemple.be", name="Cléo")
    old = apply(call, email="dan@exemple.be", name="Dan")
    Application.objects.filter(pk__in=[a.pk for a in september]).update(created_at=at(community, 2026, 9, 3, 10))
    Application.objects.filter(pk=november.pk).update(created_at=at(community, 2026, 11, 1, 0, 30))
    Application.objects.filter(pk=old.pk).update(created_at=at(community, 2025, 10, 20, 10))
    ana = make_member(community, make_user("ANA@exemple.be", "Ana"))  # the address, whatever its case
    # Invitations: 2 sent in October, one accepted in November.
    for email in ("e@x.test", "f@x.test"):
        community_services.invitation_create(actor=cast.core_member, community=community, email=email)
    Invitation.objects.update(created_at=at(community, 2026, 10, 5, 9))
    Invitation.objects.filter(email="e@x.test").update(accepted_at=at(community, 2026, 11, 2, 9))
    # Requests: one received in October and approved in November, one received in November, waiting.
    first = JoinRequest.objects.create(community=community, user=make_user("g@x.test", "G"))
    second = JoinRequest.objects.create(community=community, user=make_user("h@x.test", "H"))
    JoinRequest.objects.filter(pk=first.pk).update(
        created_at=at(community, 2026, 10, 30, 9), status="approved", decided_at=at(community, 2026, 11, 3, 9)
    )
    JoinRequest.objects.filter(pk=second.pk).update(created_at=at(community, 2026, 11, 4, 9))
    # New members: the cast joined "now" (outside the window, after TODAY); Ana in September.
    Membership.objects.filter(community=community).exclude(pk=ana.pk).update(joined_at=at(community, 2024, 1, 1))
    Membership.objects.filter(pk=ana.pk).update(joined_at=at(community, 2026, 9, 20, 9))

    table = grow.recruitment_by_month(community, TODAY)
    assert [month.start for month in table][0] == date(2025, 12, 1) and table[-1].start == date(2026, 11, 1)
    rows = {
        month.start.month: (
            month.applications,
            month.converted,
            month.invitations,
            month.accepted,
            month.requests,
            month.approved,
            month.joined,
        )
        for month in table
        if month.start.year == 2026 and month.start.month >= 9
    }
    assert rows == {
        9: (2, 1, 0, 0, 0, 0, 1),
        10: (0, 0, 2, 0, 1, 0, 0),
        11: (1, 0, 0, 1, 1, 1, 0),
    }
    assert sum(m.applications for m in table) == 3  # Dan's of October 2025 is outside
    assert [(call.received, call.converted) for call in grow.calls_with_counts(community)] == [(4, 1)]


def test_the_page_draws_the_chart_and_the_table_for_the_core_team_only(client, cast):
    url = reverse("overview:grow", args=[cast.community.slug])
    client.force_login(cast.facilitator)
    assert client.get(url).status_code == 403
    client.force_login(cast.core_member)
    response = client.get(url)
    assert response.status_code == 200
    assert '<svg class="chart"' in response.text and 'role="img"' in response.text
    assert '<caption id="months-caption">' in response.text
    assert len(response.context["months"]) == 12


def test_partner_communities_share_a_theme_and_respect_visibility(client, cast):
    def other(slug, listing, themes):
        return community_services.community_create(
            actor=cast.admin, name=slug.title(), slug=slug, purpose=f"But de {slug}.", themes=themes, listing=listing
        )

    public = other("paniers", Community.Listing.PUBLIC, "Vente directe, cantines")
    private = other("secrete", Community.Listing.PRIVATE, "logistique")
    other("tourisme", Community.Listing.PUBLIC, "gîtes")  # no shared theme
    client.force_login(cast.core_member)
    url = reverse("overview:grow", args=[cast.community.slug])
    partners = client.get(url).context["partners"]
    assert [(p.community.slug, p.shared) for p in partners] == [("paniers", ["Vente directe"])]
    assert "secrete" not in client.get(url).text  # a private community is not listed to outsiders
    make_member(private, cast.core_member)
    partners = client.get(url).context["partners"]
    assert {p.community.slug for p in partners} == {"paniers", "secrete"}
    assert public.purpose in client.get(url).text


def test_outside_networks_are_listed_with_what_they_bring(client, cast):
    ExistingNetwork.objects.create(
        community=cast.community, name="Collège des producteurs", brings="Des fiches techniques et des experts."
    )
    client.force_login(cast.core_member)
    text = client.get(reverse("overview:grow", args=[cast.community.slug])).text
    assert "Collège des producteurs" in text and "Des fiches techniques et des experts." in text
    assert reverse("definition:scope_edit", args=[cast.community.slug]) in text


def test_what_a_network_brings_is_saved_from_the_scope_form(cast):
    from terreau.definition import services

    [network] = services.networks_save(
        actor=cast.core_member,
        community=cast.community,
        networks=[{"name": "Réseau rural", "url": "", "relation": "Voisin", "brings": "Une tribune"}],
    )
    assert ExistingNetwork.objects.get(pk=network.pk).brings == "Une tribune"


def test_the_query_count_does_not_grow_with_the_history(client, cast):
    client.force_login(cast.core_member)
    url = reverse("overview:grow", args=[cast.community.slug])
    call = open_call(cast)
    for i in range(3):
        apply(call, email=f"a{i}@exemple.be")
    small = count_queries(client, url)
    for i in range(30):
        apply(open_call(cast, title=f"Appel {i}"), email=f"b{i}@exemple.be")
        JoinRequest.objects.create(community=cast.community, user=make_user(f"r{i}@x.test", f"R {i}"))
    assert count_queries(client, url) == small
