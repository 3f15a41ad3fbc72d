import re

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.definition.models import (
    CommunityDefinition,
    ExistingNetwork,
    Objective,
    Stakeholder,
    StakeholderConversation,
)

pytestmark = pytest.mark.django_db


def link(cast, name, *args):
    return reverse(f"definition:{name}", args=[cast.community.slug, *args])


def add(cast, **fields):
    fields = {"name": "Commune de Gesves", "interest": 4, "influence": 5, "visibility": "members", **fields}
    return Stakeholder.objects.create(community=cast.community, **fields)


STAKEHOLDER = {
    "name": "Ferme du Bois",
    "organisation": "",
    "kind": "producer",
    "contact": "",
    "interest": "5",
    "influence": "2",
    "involve": "on",
    "notes": "Deux marchés par semaine",
    "visibility": "core_team",
}


def test_the_core_team_adds_a_stakeholder_and_lands_on_its_page(client, cast):
    client.force_login(cast.core_member)
    response = client.post(link(cast, "stakeholder_create"), STAKEHOLDER)
    stakeholder = Stakeholder.objects.get()
    assert response.status_code == 302 and response["Location"] == stakeholder.get_absolute_url()
    assert stakeholder.involve and stakeholder.influence == 2


def test_a_bad_stakeholder_keeps_what_was_typed(client, cast):
    client.force_login(cast.core_member)
    response = client.post(link(cast, "stakeholder_create"), {**STAKEHOLDER, "name": "", "interest": "7"})
    assert response.status_code == 200
    assert "Deux marchés par semaine" in response.text
    assert set(response.context["form"].errors) == {"name", "interest"}
    assert 'id="id_name_error"' in response.text
    assert not Stakeholder.objects.exists()


def test_the_core_team_edits_and_deletes_a_stakeholder(client, cast):
    stakeholder = add(cast)
    client.force_login(cast.core_member)
    response = client.post(link(cast, "stakeholder_edit", stakeholder.pk), {**STAKEHOLDER, "name": "Commune"})
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Commune"
    response = client.post(link(cast, "stakeholder_delete", stakeholder.pk))
    assert response["Location"] == link(cast, "stakeholders")
    assert not Stakeholder.objects.exists()


def test_a_member_sees_shared_stakeholders_only(client, cast):
    shared = add(cast, name="Partagée")
    secret = add(cast, name="Confidentielle", visibility="core_team")
    client.force_login(cast.member)
    response = client.get(link(cast, "stakeholders"))
    assert "Partagée" in response.text and "Confidentielle" not in response.text
    assert client.get(link(cast, "stakeholder", shared.pk)).status_code == 200
    assert client.get(link(cast, "stakeholder", secret.pk)).status_code == 404
    assert "Add a stakeholder" not in response.text
    export = client.get(link(cast, "stakeholders_csv")).content.decode("utf-8-sig")
    assert "Partagée" in export and "Confidentielle" not in export


def test_another_communitys_stakeholder_is_not_found(client, cast, public_cast):
    elsewhere = add(public_cast)
    client.force_login(cast.core_member)
    assert client.get(link(cast, "stakeholder", elsewhere.pk)).status_code == 404
    assert client.post(link(cast, "stakeholder_delete", elsewhere.pk)).status_code == 404


def test_the_grid_is_an_accessible_svg_with_a_labelled_mark_per_stakeholder(client, cast):
    add(cast, name="Commune de Gesves", interest=5, influence=5, involve=True)
    add(cast, name="Ferme du Bois", organisation="Bio", interest=2, influence=1)
    client.force_login(cast.core_member)
    text = client.get(link(cast, "stakeholders")).text
    svg = re.search(r"<svg[^>]*>.*?</svg>", text, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="grid-title grid-desc"' in svg
    assert re.search(r'<title id="grid-title">[^<]+</title>', svg)
    assert re.search(r'<desc id="grid-desc">[^<]*2 stakeholders', svg)
    marks = re.findall(r'<g class="mark[^"]*">\s*<title>([^<]+)</title>', svg)
    assert len(marks) == 2
    assert any("Commune de Gesves" in mark for mark in marks) and any("Ferme du Bois (Bio)" in mark for mark in marks)
    for label in ("Keep closely involved", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in svg
    assert "style=" not in svg  # the Content-Security-Policy forbids inline styles
    # The table beside it carries the same information.
    table = re.search(r"<table class=\"stakeholders\">.*?</table>", text, re.S).group(0)
    assert "<caption" in table and "Commune de Gesves" in table and "Ferme du Bois" in table and "Bio" in table


def test_a_crowded_cell_shows_a_more_mark(client, cast):
    Stakeholder.objects.bulk_create(
        Stakeholder(community=cast.community, name=f"P{i}", interest=3, influence=3) for i in range(20)
    )
    client.force_login(cast.core_member)
    text = client.get(link(cast, "stakeholders")).text
    assert "+6" in text  # 14 marks and "+6" fill the 15 places of the cell
    assert text.count("<tr>") == 21


def test_a_conversation_is_added_to_the_log(client, cast):
    stakeholder = add(cast)
    client.force_login(cast.core_member)
    page = client.get(link(cast, "stakeholder", stakeholder.pk))
    core = cast.membership(cast.core_member)
    assert page.context["conversation_form"].initial["membership"] == core.pk
    data = {
        "held_on": timezone.localdate().isoformat(),
        "membership": core.pk,
        "spoken_by": "",
        "challenges": "Trop peu de débouchés",
        "needs": "",
        "expectations": "",
    }
    response = client.post(link(cast, "conversation_create", stakeholder.pk), data, follow=True)
    assert "Trop peu de débouchés" in response.text
    assert StakeholderConversation.objects.get().membership == core


def test_an_empty_conversation_keeps_what_was_typed(client, cast):
    stakeholder = add(cast)
    client.force_login(cast.core_member)
    data = {"held_on": timezone.localdate().isoformat(), "membership": "", "spoken_by": "Anne Lejeune"}
    response = client.post(link(cast, "conversation_create", stakeholder.pk), data)
    assert response.status_code == 200
    assert 'value="Anne Lejeune"' in response.text
    assert "needs" in response.context["conversation_form"].errors
    assert not StakeholderConversation.objects.exists()


def test_a_member_reads_the_log_but_cannot_write_in_it(client, cast):
    stakeholder = add(cast)
    client.force_login(cast.member)
    assert client.get(link(cast, "stakeholder", stakeholder.pk)).context["conversation_form"] is None
    response = client.post(link(cast, "conversation_create", stakeholder.pk), {"spoken_by": "x", "needs": "y"})
    assert response.status_code == 403


SCOPE = {
    "mutual_help_chosen": "on",
    "mutual_help_goals": "Répondre aux questions des **GAL**",
    "proven_practices_goals": "",
    "content_goals": "",
    "innovation_chosen": "on",
    "innovation_goals": "Tester la vente en ligne",
    "scope": "Les circuits courts alimentaires en Wallonie",
    "unique_value": "Le seul réseau entre GAL",
    "permanent_members": "Les GAL",
    "guests": "Des experts en logistique",
    "not_members": "Les grandes surfaces",
    "visibility": "members",
    "network-TOTAL_FORMS": "2",
    "network-INITIAL_FORMS": "0",
    "network-0-name": "Réseau wallon de développement rural",
    "network-0-url": "https://www.reseau-pwdr.be",
    "network-0-relation": "Partenaire",
    "network-1-name": "",
    "network-1-url": "",
    "network-1-relation": "",
}


def test_the_core_team_writes_the_objectives_and_scope(client, cast):
    client.force_login(cast.core_member)
    response = client.post(link(cast, "scope_edit"), SCOPE)
    assert response.status_code == 302 and response["Location"] == link(cast, "scope")
    assert sorted(Objective.objects.values_list("kind", flat=True)) == ["innovation", "mutual_help"]
    assert ExistingNetwork.objects.get().name == "Réseau wallon de développement rural"
    page = client.get(link(cast, "scope")).text
    assert "<strong>GAL</strong>" in page and "Les grandes surfaces" in page and "reseau-pwdr.be" in page

    # Removing the network and an objective.
    network = ExistingNetwork.objects.get()
    data = {
        **SCOPE,
        "innovation_chosen": "",
        "innovation_goals": "",
        "network-TOTAL_FORMS": "3",
        "network-INITIAL_FORMS": "1",
        "network-0-id": network.pk,
        "network-0-DELETE": "on",
        "network-2-name": "",
        "network-2-url": "",
        "network-2-relation": "",
    }
    data.pop("innovation_chosen")
    data["network-1-name"] = ""
    assert client.post(link(cast, "scope_edit"), data).status_code == 302
    assert list(Objective.objects.values_list("kind", flat=True)) == ["mutual_help"]
    assert not ExistingNetwork.objects.exists()


def test_bad_objectives_and_networks_keep_what_was_typed(client, cast):
    client.force_login(cast.core_member)
    data = {
        **SCOPE,
        "content_chosen": "on",  # ticked without goals
        "proven_practices_goals": "Des fiches",  # goals without the tick
        "network-1-url": "pas une adresse",
    }
    response = client.post(link(cast, "scope_edit"), data)
    assert response.status_code == 200
    assert set(response.context["objectives_form"].errors) == {"content_goals", "proven_practices_chosen"}
    assert response.context["networks"].errors[1].keys() >= {"url"}
    assert "Des fiches" in response.text and "pas une adresse" in response.text
    assert "Les circuits courts alimentaires en Wallonie" in response.text
    assert not CommunityDefinition.objects.exists() and not Objective.objects.exists()


def test_members_read_the_scope_once_the_core_team_shares_it(client, cast):
    CommunityDefinition.objects.create(community=cast.community, scope="Secret", visibility="core_team")
    client.force_login(cast.member)
    response = client.get(link(cast, "scope"))
    assert response.status_code == 200 and "Secret" not in response.text
    assert not response.context["found"].can_see
    CommunityDefinition.objects.update(visibility="members")
    assert "Secret" in client.get(link(cast, "scope")).text


def test_markdown_in_the_scope_is_sanitised(client, cast):
    CommunityDefinition.objects.create(community=cast.community, scope="<script>alert(1)</script>*ok*")
    client.force_login(cast.member)
    text = client.get(link(cast, "scope")).text
    assert "<script>alert" not in text and "<em>ok</em>" in text
