import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_member, make_user
from terreau.communities.models import CORE_TEAM_MAX, Community, Invitation, Membership, Role, RoleKind

pytestmark = pytest.mark.django_db


def test_a_duplicate_slug_re_renders_the_form_with_what_was_typed(client, cast):
    client.force_login(cast.admin)
    data = {"name": "Mobilité", "slug": cast.community.slug, "purpose": "Se déplacer", "listing": "public"}
    response = client.post(reverse("communities:create"), data)
    assert response.status_code == 200
    assert "Another community already uses this short address." in response.text or "adresse" in response.text
    assert 'value="Mobilité"' in response.text and "Se déplacer" in response.text
    assert Community.objects.count() == 1


def test_the_admin_creates_a_community_and_is_sent_to_invite_its_core_team(client, cast):
    client.force_login(cast.admin)
    data = {
        "name": "Mobilité",
        "slug": "mobilite",
        "purpose": "Se déplacer",
        "themes": "covoiturage",
        "listing": "public",
    }
    response = client.post(reverse("communities:create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:invitations", args=["mobilite"])
    assert Role.objects.filter(community__slug="mobilite").count() == 8


def test_a_seventh_core_member_gets_the_guides_reason(client, cast):
    for i in range(CORE_TEAM_MAX - 1):
        make_member(cast.community, make_user(f"core{i}@x.test", f"Core {i}"), is_core_team=True)
    client.force_login(cast.core_member)
    target = cast.membership(cast.member)
    response = client.post(reverse("communities:member_core_team", args=[cast.community.slug, target.pk]), follow=True)
    assert "5-6" in response.text
    target.refresh_from_db()
    assert not target.is_core_team


def test_inviting_an_existing_member_shows_the_error_next_to_the_field(client, cast):
    client.force_login(cast.core_member)
    url = reverse("communities:invitations", args=[cast.community.slug])
    response = client.post(url, {"email": cast.member.email, "category": "permanent", "message": "Coucou"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert "Coucou" in response.text
    assert not Invitation.objects.exists()


def test_an_invited_person_signs_up_and_becomes_a_member(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.core_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:invitations", args=[cast.community.slug]),
            {"email": "lea@exemple.be", "category": "expert"},
        )
    invitation = Invitation.objects.get()
    link = invitation.get_absolute_url()
    assert link in mail.outbox[0].body
    client.logout()
    assert client.get(reverse("account_signup")).status_code == 200
    assert "closed" in client.get(reverse("account_signup")).templates[0].name  # no invitation: sign-up is closed
    client.get(link)
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Léa Noël",
            "organisation": "GAL Ardenne",
            "email": "lea@exemple.be",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "accept_terms": "on",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="lea@exemple.be")
    assert membership.community == cast.community and membership.category == "expert"
    assert membership.user.display_name == "Léa Noël"


def test_an_expired_invitation_says_so(client, cast):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.objects.create(
        community=cast.community,
        email="late@x.test",
        invited_by=cast.core_member,
        expires_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(cast.outsider)
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert not Membership.objects.filter(user=cast.outsider).exists()
    assert any("expired" in str(m) or "expiré" in str(m) for m in response.context["messages"])


def test_the_directory_searches_name_organisation_and_expertise(client, cast):
    client.force_login(cast.observer)
    url = reverse("communities:members", args=[cast.community.slug])
    names = lambda response: [m.user.display_name for m in response.context["members"]]  # noqa: E731
    assert names(client.get(url, {"q": "julie"})) == ["Julie Martin"]
    assert names(client.get(url, {"q": "Condroz"})) == ["Marc Dubois"]
    assert names(client.get(url, {"q": "fermiers"})) == ["Julie Martin"]
    assert len(names(client.get(url))) == 4


def test_the_directory_answers_htmx_with_the_results_fragment_only(client, cast):
    client.force_login(cast.observer)
    url = reverse("communities:members", args=[cast.community.slug])
    response = client.get(url, {"q": "julie"}, headers={"HX-Request": "true"})
    assert 'id="results"' in response.text and "<html" not in response.text


def test_a_role_nobody_holds_falls_to_the_core_team(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("communities:roles", args=[cast.community.slug]))
    rows = dict(response.context["rows"])
    core_row = next(cells for member, cells in rows.items() if member.user == cast.core_member)
    logistics = next(role for role, _holds in core_row if role.kind == RoleKind.LOGISTICS)
    assert not logistics.assignments.all()
    assert "○" in response.text


def test_the_who_does_what_downloads_as_csv(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("communities:who_does_what_csv", args=[cast.community.slug]))
    assert response["Content-Type"].startswith("text/csv")
    # Named in the interface's language, like every export.
    assert response["Content-Disposition"] == 'attachment; filename="qui-fait-quoi-circuits-courts.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    facilitation = Role.objects.get(community=cast.community, kind=RoleKind.FACILITATION).display_name
    column = header.index(facilitation)
    sophie = next(row for row in rows if row[0] == "Sophie Lambert")
    assert sophie[column] == "x"
    assert len(header) == 3 + 8


def test_the_who_does_what_csv_writes_hours_as_a_french_spreadsheet_reads_them(client, cast):
    Role.objects.filter(community=cast.community, kind=RoleKind.FACILITATION).update(hours_per_month="4.5")
    Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).update(hours_per_month="2")
    client.force_login(cast.member)  # French, as members are by default
    response = client.get(reverse("communities:who_does_what_csv", args=[cast.community.slug]))
    header, hours = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[:2]
    roles = {role.kind: role.display_name for role in Role.objects.filter(community=cast.community)}
    assert hours[header.index(roles[RoleKind.FACILITATION])] == "4,5"
    assert hours[header.index(roles[RoleKind.LOGISTICS])] == "2"


def test_core_team_only_roles_stay_hidden_from_members(client, cast):
    Role.objects.filter(community=cast.community, kind=RoleKind.WATCH).update(visibility="core_team")
    client.force_login(cast.member)
    roles = client.get(reverse("communities:roles", args=[cast.community.slug])).context["roles"]
    assert RoleKind.WATCH not in {role.kind for role in roles}
    client.force_login(cast.core_member)
    roles = client.get(reverse("communities:roles", args=[cast.community.slug])).context["roles"]
    assert RoleKind.WATCH in {role.kind for role in roles}


def test_the_core_team_adds_edits_and_retires_a_role(client, cast):
    client.force_login(cast.core_member)
    slug = cast.community.slug
    response = client.post(
        reverse("communities:role_create", args=[slug]),
        {
            "name": "Cartographie",
            "description": "Tenir la carte des acteurs",
            "hours_per_month": "1.5",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(community=cast.community, name="Cartographie")
    response = client.post(reverse("communities:role_edit", args=[slug, role.pk]), {"name": "", "hours_per_month": "x"})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(reverse("communities:role_retire", args=[slug, role.pk]))
    role.refresh_from_db()
    assert role.is_retired


def test_a_member_picks_an_engagement_level_with_the_guides_explanation(client, cast):
    client.force_login(cast.observer)
    url = reverse("communities:my_membership", args=[cast.community.slug])
    response = client.get(url)
    assert "without taking part" in response.text or "sans y prendre part" in response.text
    client.post(url, {"engagement": "carrier"})
    assert cast.membership(cast.observer).engagement == "carrier"


def test_the_community_list_counts_every_member_of_a_private_community_i_belong_to(client, cast):
    client.force_login(cast.member)
    [community] = client.get(reverse("communities:list")).context["communities"]
    assert community.member_count == 4


def test_the_directory_pages_fifty_members_at_a_time(client, cast):
    from terreau.communities.tests.test_query_counts import grow

    grow(cast.community, 60)
    client.force_login(cast.member)
    url = reverse("communities:members", args=[cast.community.slug])
    first = client.get(url)
    assert len(first.context["members"]) == 50 and first.context["members"].paginator.count == 64
    second = client.get(url, {"page": 2})
    assert len(second.context["members"]) == 14
    assert "page=2" in first.text


def test_the_directory_hides_core_team_only_roles_from_members(client, cast):
    Role.objects.filter(community=cast.community, kind=RoleKind.FACILITATION).update(visibility="core_team")
    client.force_login(cast.member)
    response = client.get(reverse("communities:members", args=[cast.community.slug]))
    sophie = next(m for m in response.context["members"] if m.user == cast.facilitator)
    assert list(sophie.role_assignments.all()) == []


def test_the_core_team_gives_a_role_from_the_single_form(client, cast):
    client.force_login(cast.core_member)
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    member = cast.membership(cast.member)
    response = client.post(
        reverse("communities:role_assign", args=[cast.community.slug]), {"role": role.pk, "membership": member.pk}
    )
    assert response.status_code == 302
    assert role.assignments.filter(membership=member).exists()
    # a member of another community cannot be given the role
    other = client.post(
        reverse("communities:role_assign", args=[cast.community.slug]), {"role": role.pk, "membership": 999999}
    )
    assert other.status_code == 302 and role.assignments.count() == 1


def test_a_stranger_gets_a_french_not_found_page_for_a_private_thing(client, cast):
    client.force_login(cast.outsider)
    response = client.get(reverse("communities:members", args=[cast.community.slug]))
    assert response.status_code == 404
    assert "Page introuvable" in response.text and '<html lang="fr">' in response.text


def test_a_large_who_does_what_matrix_gives_way_to_its_csv(client, cast):
    from terreau.communities.tests.test_query_counts import grow
    from terreau.communities.views import MATRIX_MAX_ROWS

    grow(cast.community, MATRIX_MAX_ROWS + 5)
    client.force_login(cast.member)
    response = client.get(reverse("communities:roles", args=[cast.community.slug]))
    assert response.context["matrix_too_large"] and 'class="matrix"' not in response.text
    assert reverse("communities:who_does_what_csv", args=[cast.community.slug]) in response.text


def test_a_closed_community_says_so_on_its_pages_and_its_refusals_keep_its_navigation(client, cast):
    Community.objects.filter(pk=cast.community.pk).update(phase="closed")
    client.force_login(cast.core_member)
    page = client.get(reverse("communities:members", args=[cast.community.slug]))
    assert page.status_code == 200
    assert 'class="warning closed-notice"' in page.text
    refused = client.get(reverse("communities:role_create", args=[cast.community.slug]))
    assert refused.status_code == 403
    assert "nothing can be added or changed any more" in refused.text or "clôturée" in refused.text
    assert 'class="community-header"' in refused.text and 'class="warning closed-notice"' in refused.text


def test_a_refusal_outside_a_community_is_the_platforms(client, cast):
    client.force_login(cast.member)
    refused = client.get(reverse("communities:create"))
    assert refused.status_code == 403
    assert 'class="community-header"' not in refused.text
