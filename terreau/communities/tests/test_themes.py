"""A community's themes: one Theme row per theme, whatever the case, accents or punctuation of its
name; the core team and the content managers add, rename and remove them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

import conftest
from terreau.accounts.models import User
from terreau.communities import services
from terreau.communities.models import Role, RoleAssignment, RoleKind, Theme
from terreau.communities.themes import resolve, split_names, theme_slug

pytestmark = pytest.mark.django_db


english = pytest.fixture(autouse=True, name="english")(conftest.in_english)  # messages read in English


def test_two_names_that_differ_by_case_accents_or_punctuation_are_one_theme():
    assert theme_slug("Évaluation") == theme_slug("evaluation") == "evaluation"
    assert theme_slug("Vente-Directe ") == theme_slug("vente directe") == "vente-directe"
    assert theme_slug("Cœur de village") == "coeur-de-village"
    assert theme_slug("Ελαιόλαδο") == "ελαιόλαδο"  # a name without Latin letters keeps its own
    assert theme_slug(" !? ") == ""
    assert split_names(" Vente directe, ,LOGISTIQUE, vente-directe,  Cantines  ") == [
        "Vente directe",
        "LOGISTIQUE",
        "Cantines",
    ]


def test_the_communitys_themes_text_becomes_its_themes(cast):
    assert [(theme.name, theme.slug) for theme in cast.community.themes.all()] == [
        ("logistique", "logistique"),
        ("vente directe", "vente-directe"),
    ]


def test_a_name_the_community_already_has_is_refused_with_its_name(cast):
    with pytest.raises(ValidationError) as refused:
        services.theme_create(actor=cast.core_member, community=cast.community, name="Vente-Directe")
    assert refused.value.message_dict == {"name": ["The community already has this theme: vente directe."]}
    assert services.theme_get_or_create(actor=cast.member, community=cast.community, name="VENTE DIRECTE").name == (
        "vente directe"
    )
    with pytest.raises(ValidationError) as refused:
        services.theme_create(actor=cast.core_member, community=cast.community, name="!?")
    assert refused.value.message_dict == {"name": ["Give the theme a name with letters or digits."]}
    assert cast.community.themes.count() == 2


def test_another_community_may_have_a_theme_of_the_same_name(cast, public_cast):
    mine = services.theme_create(actor=cast.core_member, community=cast.community, name="Covoiturage")
    theirs = services.theme_create(actor=public_cast.core_member, community=public_cast.community, name="covoiturage")
    assert mine.slug == theirs.slug == "covoiturage" and mine.pk != theirs.pk


def test_renaming_keeps_the_theme_and_refuses_a_name_taken(cast):
    theme = cast.community.themes.get(slug="logistique")
    renamed = services.theme_rename(actor=cast.core_member, theme=theme, name="  Logistique   partagée ")
    assert (renamed.pk, renamed.name, renamed.slug) == (theme.pk, "Logistique partagée", "logistique-partagee")
    with pytest.raises(ValidationError):
        services.theme_rename(actor=cast.core_member, theme=renamed, name="Vente directe")
    assert (renamed.name, renamed.slug) == ("Logistique partagée", "logistique-partagee")  # as it still is
    renamed.refresh_from_db()
    assert renamed.name == "Logistique partagée"
    # A change of case or accents only is a rename of the theme to itself.
    assert services.theme_rename(actor=cast.core_member, theme=renamed, name="LOGISTIQUE PARTAGÉE").pk == theme.pk


def test_a_rename_is_in_the_change_log_with_both_names_and_a_refused_one_is_not(cast):
    from terreau.audit.models import AuditEntry

    theme = cast.community.themes.get(slug="logistique")
    services.theme_rename(actor=cast.core_member, theme=theme, name="Transport")
    with pytest.raises(ValidationError):
        services.theme_rename(actor=cast.core_member, theme=theme, name="Vente directe")
    entries = AuditEntry.objects.filter(community=cast.community, action="theme.renamed")
    assert [(e.actor_id, e.before, e.after) for e in entries] == [
        (cast.core_member.pk, {"name": "logistique"}, {"name": "Transport"})
    ]


def test_the_core_team_and_the_content_managers_keep_the_themes(cast):
    theme = cast.community.themes.get(slug="logistique")
    for refused in (cast.member, cast.facilitator):
        with pytest.raises(PermissionDenied):
            services.theme_rename(actor=refused, theme=theme, name="Transport")
        with pytest.raises(PermissionDenied):
            services.theme_create(actor=refused, community=cast.community, name="Transport")
        with pytest.raises(PermissionDenied):
            services.theme_get_or_create(actor=refused, community=cast.community, name="Transport")
    with pytest.raises(Http404):  # outside the community, nothing reveals the theme
        services.theme_delete(actor=cast.outsider, theme=theme)
    RoleAssignment.objects.create(
        role=Role.objects.get(community=cast.community, kind=RoleKind.CONTENT), membership=cast.membership(cast.member)
    )
    content_manager = User.objects.get(pk=cast.member.pk)  # its roles are read once per request
    services.theme_rename(actor=content_manager, theme=theme, name="Transport")
    services.theme_delete(actor=cast.core_member, theme=theme)
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_resolve_matches_names_and_creates_the_missing_ones_once(cast):
    themes = resolve(Theme, cast.community.pk, ["Logistique", "Cantines", "cantines", "LOGISTIQUE", "?"])
    assert [theme.name for theme in themes] == ["logistique", "Cantines"]
    assert [theme.slug for theme in cast.community.themes.all()] == ["cantines", "logistique", "vente-directe"]
