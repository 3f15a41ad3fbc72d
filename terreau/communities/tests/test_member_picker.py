"""The who-does-what of a large community stays light: holders folded, a member picker instead of
a list of every member, and the role's own page for all its holders."""

import pytest
from django.urls import reverse

import conftest
from terreau.accounts.models import User
from terreau.communities.models import Membership, Role, RoleAssignment, RoleKind
from terreau.communities.tests.test_query_counts import count_queries, grow

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True, name="english")(conftest.in_english)

PAGE_LIMIT = 100 * 1024


def crowd(community, members: int, roles: int) -> None:
    """`members` more members, a quarter of them holding a role each, and `roles` more roles."""
    users = User.objects.bulk_create(
        User(email=f"c{i}@crowd.test", display_name=f"Membre {i}", organisation="GAL") for i in range(members)
    )
    memberships = Membership.objects.bulk_create(Membership(community=community, user=user) for user in users)
    Role.objects.bulk_create(Role(community=community, name=f"Rôle {i}") for i in range(roles))
    every_role = list(Role.objects.filter(community=community))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(role=every_role[i % len(every_role)], membership=membership)
        for i, membership in enumerate(memberships[: members // 4])
    )


def test_the_who_does_what_of_2000_members_weighs_under_100_kb_with_the_same_queries(client, cast):
    client.force_login(cast.core_member)
    url = reverse("communities:roles", args=[cast.community.slug])
    small = count_queries(client, url)
    crowd(cast.community, 2000, roles=22)
    with_2000 = count_queries(client, url)
    response = client.get(url)
    assert with_2000 == small
    assert len(response.content) < PAGE_LIMIT
    # No list of every member: the picker asks for a name instead.
    assert "Membre 1999" not in response.text and 'name="member"' in response.text


def test_a_role_names_its_first_holders_and_links_to_all_of_them(client, cast):
    grow(cast.community, 100, roles=0)  # 8 guide roles: a dozen holders each
    role = Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).get()
    holders = role.assignments.count()
    client.force_login(cast.member)
    response = client.get(reverse("communities:roles", args=[cast.community.slug]))
    role_url = reverse("communities:role", args=[cast.community.slug, role.pk])
    assert f"see all {holders} holders" in response.text and role_url in response.text

    page = client.get(role_url)
    assert page.status_code == 200
    assert page.context["holders"].paginator.count == holders


def test_the_role_page_of_a_core_team_only_role_is_not_found_for_a_member(client, cast):
    role = Role.objects.create(community=cast.community, name="Secret", visibility="core_team")
    client.force_login(cast.member)
    assert client.get(reverse("communities:role", args=[cast.community.slug, role.pk])).status_code == 404
    client.force_login(cast.core_member)
    assert client.get(reverse("communities:role", args=[cast.community.slug, role.pk])).status_code == 200


def test_the_picker_offers_a_few_members_matching_what_was_typed(client, cast):
    grow(cast.community, 30)
    client.force_login(cast.core_member)
    url = reverse("communities:member_search", args=[cast.community.slug])
    response = client.get(url, {"member": "Julie", "name": "membership"}, headers={"HX-Request": "true"})
    julie = cast.membership(cast.member)
    assert f'name="membership" value="{julie.pk}"' in response.text
    assert "Thomas" not in response.text
    # Never more than a handful, whatever matches.
    many = client.get(url, {"member": "Membre"})
    assert many.text.count('type="radio"') == 10
    # A field name other than plain letters and underscores falls back to the default.
    odd = client.get(url, {"member": "Julie", "name": '"><script>'})
    assert "<script>" not in odd.text and 'name="membership"' in odd.text


def test_the_picker_finds_a_member_by_their_whole_email_address_only(client, cast):
    client.force_login(cast.core_member)
    url = reverse("communities:member_search", args=[cast.community.slug])
    assert "Julie Martin" in client.get(url, {"member": cast.member.email}).text
    assert "Julie Martin" not in client.get(url, {"member": "membre@"}).text
    # A member, who sees no email in the directory, cannot learn whose address it is.
    client.force_login(cast.observer)
    assert "Julie Martin" not in client.get(url, {"member": cast.member.email}).text


def test_without_javascript_the_typed_name_gives_the_role(client, cast):
    grow(cast.community, 20)
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    julie = cast.membership(cast.member)
    client.force_login(cast.core_member)
    url = reverse("communities:role_assign", args=[cast.community.slug])
    response = client.post(url, {"role": role.pk, "member": "julie martin"})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(role=role, membership=julie).exists()
    # by email too
    thomas = cast.membership(cast.observer)
    client.post(url, {"role": role.pk, "member": cast.observer.email.upper()})
    assert RoleAssignment.objects.filter(role=role, membership=thomas).exists()


def test_a_name_that_matches_several_members_assigns_nobody_and_says_why(client, cast):
    grow(cast.community, 20)
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    before = role.assignments.count()
    client.force_login(cast.core_member)
    response = client.post(
        reverse("communities:role_assign", args=[cast.community.slug]),
        {"role": role.pk, "member": "Membre"},
        follow=True,
    )
    assert role.assignments.count() == before
    assert "No single member matches" in response.text


def test_the_role_page_gives_and_removes_the_role_and_comes_back(client, cast):
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    julie = cast.membership(cast.member)
    role_url = reverse("communities:role", args=[cast.community.slug, role.pk])
    client.force_login(cast.core_member)
    page = client.get(role_url)
    assert 'name="member"' in page.text
    response = client.post(
        reverse("communities:role_assign", args=[cast.community.slug]),
        {"role": role.pk, "membership": julie.pk, "next": role_url},
    )
    assert response["Location"] == role_url
    assert RoleAssignment.objects.filter(role=role, membership=julie).exists()
    response = client.post(
        reverse("communities:role_unassign", args=[cast.community.slug, role.pk, julie.pk]), {"next": role_url}
    )
    assert response["Location"] == role_url
    assert not RoleAssignment.objects.filter(role=role, membership=julie).exists()


def test_a_former_member_is_never_offered(client, cast):
    Membership.objects.filter(pk=cast.membership(cast.member).pk).update(status=Membership.Status.LEFT)
    client.force_login(cast.core_member)
    response = client.get(reverse("communities:member_search", args=[cast.community.slug]), {"member": "Julie"})
    assert "Julie" in response.text and 'type="radio"' not in response.text


def test_a_sponsor_is_chosen_by_name_and_never_oneself(client, cast):
    crowd(cast.community, 300, roles=0)
    julie = cast.membership(cast.member)
    url = reverse("communities:member", args=[cast.community.slug, julie.pk])
    client.force_login(cast.core_member)
    page = client.get(url)
    assert len(page.content) < PAGE_LIMIT and "Membre 299" not in page.text
    response = client.post(url, {"category": julie.category, "sponsor": "", "sponsor_member": "Thomas Leroy"})
    assert response.status_code == 302
    julie.refresh_from_db()
    assert julie.sponsor == cast.membership(cast.observer)
    refused = client.post(url, {"category": julie.category, "sponsor": "", "sponsor_member": "Julie Martin"})
    assert refused.status_code == 200 and "cannot be chosen here" in refused.text
    julie.refresh_from_db()
    assert julie.sponsor == cast.membership(cast.observer)


def test_the_picker_beside_a_form_s_field_sends_its_own_name(client, cast):
    """MemberPickers name the text field `<field>_member`: htmx sends it under that name."""
    client.force_login(cast.core_member)
    response = client.get(
        reverse("communities:member_search", args=[cast.community.slug]),
        {"name": "owners", "multiple": "1", "owners_member": "Julie"},
    )
    page = response.content.decode()
    assert 'name="owners"' in page and "Julie Martin" in page
