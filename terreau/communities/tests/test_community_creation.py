"""Who creates a community: the platform admin, and the people they allow; the short address
comes from the name."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from conftest import in_english
from terreau import permissions
from terreau.communities import selectors, services
from terreau.communities.models import Community, Membership

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True, name="english")(in_english)


def allow(user, *, through_group=False):
    """What the platform admin does on the person's page of the Django admin."""
    permission = Permission.objects.get(codename="add_community", content_type__app_label="communities")
    if through_group:
        group = Group.objects.create(name="Créateurs de communautés")
        group.permissions.add(permission)
        user.groups.add(group)
    else:
        user.user_permissions.add(permission)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


def data(**overrides):
    return {
        "name": "Mobilité douce",
        "slug": "",
        "purpose": "Se déplacer",
        "themes": "",
        "listing": "public",
    } | overrides


def test_someone_not_allowed_is_told_who_creates_communities(client, cast):
    client.force_login(cast.facilitator)
    response = client.get(reverse("communities:create"))
    assert response.status_code == 403
    assert "Only the platform admin, or the people they allow, can create a community" in response.text
    assert "core team" not in response.text
    assert reverse("communities:create") not in client.get(reverse("communities:list")).text


@pytest.mark.parametrize("through_group", [False, True])
def test_a_person_the_admin_allows_creates_a_community_and_seats_its_core_team(client, cast, through_group):
    allow(cast.facilitator, through_group=through_group)
    client.force_login(cast.facilitator)
    assert reverse("communities:create") in client.get(reverse("communities:list")).text
    response = client.post(reverse("communities:create"), data())
    assert response.status_code == 302
    community = Community.objects.get(slug="mobilite-douce")
    assert response["Location"] == reverse("communities:invitations", args=[community.slug])
    membership = Membership.objects.get(community=community, user=cast.facilitator)
    assert membership.is_core_team and membership.engagement == Membership.Engagement.DRIVER
    assert client.get(response["Location"]).status_code == 200  # they invite the others


def test_the_platform_admin_creates_without_joining(cast):
    community = services.community_create(actor=cast.admin, name="Tourisme", slug="tourisme", purpose="p")
    assert not Membership.objects.filter(community=community).exists()
    assert permissions.can(cast.admin, "community.create")


def test_the_short_address_is_made_from_the_name_when_left_empty(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("communities:create"), data(name="Circuits courts à Liège, œuvres & Cœur"))
    assert Community.objects.filter(slug="circuits-courts-a-liege-oeuvres-coeur").exists()
    client.post(reverse("communities:create"), data(name="Circuits courts à Liège, œuvres & Cœur"))
    assert Community.objects.filter(slug="circuits-courts-a-liege-oeuvres-coeur-2").exists()


def test_a_short_address_someone_wrote_is_kept(client, cast):
    client.force_login(cast.admin)
    client.post(reverse("communities:create"), data(slug="velo"))
    assert Community.objects.filter(slug="velo", name="Mobilité douce").exists()


def test_a_form_sent_back_shows_the_suggested_short_address(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("communities:create"), data(purpose=""))
    assert response.status_code == 200
    assert 'value="mobilite-douce"' in response.text
    assert not Community.objects.filter(slug="mobilite-douce").exists()


def test_the_suggestion_fills_the_field_as_the_name_is_typed(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("communities:create")).text
    suggest = reverse("communities:slug_suggest")
    assert f'hx-get="{suggest}"' in page and 'hx-target="#slug-input"' in page
    assert "<script>" not in page  # htmx, no inline script (CSP)

    fragment = client.get(suggest, {"name": "Énergie citoyenne", "slug": ""}).text
    assert 'id="slug-input"' in fragment and 'value="energie-citoyenne"' in fragment
    # The suggestion follows the name while nobody changed it...
    fragment = client.get(
        suggest,
        {"name": "Énergie citoyenne du Condroz", "slug": "energie-citoyenne", "slug_suggested": "energie-citoyenne"},
    ).text
    assert 'value="energie-citoyenne-du-condroz"' in fragment
    # ...and a short address the person wrote stays.
    fragment = client.get(
        suggest, {"name": "Énergie citoyenne du Condroz", "slug": "energie", "slug_suggested": "energie-citoyenne"}
    ).text
    assert 'value="energie"' in fragment


def test_a_suggestion_avoids_the_addresses_taken(cast):
    services.community_create(actor=cast.admin, name="Vélo", slug="velo", purpose="p")
    assert selectors.community_slug_suggest("Vélo") == "velo-2"
    assert selectors.community_slug_suggest("自転車") == ""
