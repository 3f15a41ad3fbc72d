import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member, make_user
from terreau.charter import services
from terreau.charter.models import Charter, CharterVersion, Section
from terreau.communities.models import Role, RoleKind
from terreau.core.models import Visibility
from terreau.decisions import services as decisions
from terreau.decisions.models import Proposal, State

from .helpers import adopt

pytestmark = pytest.mark.django_db


def save(cast, base, actor=None, **sections):
    return services.charter_save(
        community=cast.community, actor=actor or cast.core_member, sections=sections, base_number=base
    )


def test_each_save_keeps_a_new_numbered_version(cast):
    first = save(cast, 0, purpose="Partager.")
    second = save(cast, 1, purpose="Partager les pratiques.", decisions="Par consentement.")
    assert (first.number, second.number) == (1, 2)
    assert first.author == cast.core_member
    first.refresh_from_db()
    assert first.sections["purpose"] == "Partager."  # the older version is untouched
    assert second.text(Section.DECISIONS) == "Par consentement."
    assert CharterVersion.objects.count() == 2


def test_a_save_started_from_an_older_version_is_refused_and_saves_nothing(cast):
    save(cast, 0, purpose="Première rédaction.")
    other = make_member(cast.community, make_user("second@x.test", "Léa Noyau"), is_core_team=True).user
    newer = save(cast, 1, actor=other, purpose="Texte de Léa.")
    with pytest.raises(services.CharterConflict) as crossed:
        save(cast, 1, purpose="Texte de Marc.")
    assert crossed.value.newer == newer
    assert list(CharterVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_a_save_from_a_version_that_does_not_exist_is_refused(cast):
    with pytest.raises(ValidationError):
        save(cast, 4, purpose="x")
    assert not Charter.objects.exists()


def test_an_empty_charter_or_an_unchanged_one_is_not_saved(cast):
    with pytest.raises(ValidationError, match="at least one section"):
        save(cast, 0, purpose="   ")
    save(cast, 0, purpose="Partager.")
    with pytest.raises(ValidationError, match="Nothing has changed"):
        save(cast, 1, purpose="Partager.\r\n")  # only line ends differ


def test_a_too_long_section_is_refused_with_its_name(cast):
    with pytest.raises(ValidationError) as error:
        save(cast, 0, scope="x" * (services.SECTION_MAX_LENGTH + 1))
    assert "scope" in error.value.error_dict


def test_unknown_sections_are_dropped(cast):
    version = save(cast, 0, purpose="Partager.", sneaky="<script>")
    assert "sneaky" not in version.sections
    assert set(version.sections) == set(Section.values)


def test_changing_only_the_visibility_keeps_the_versions(cast):
    save(cast, 0, purpose="Partager.")
    result = services.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": "Partager."},
        base_number=1,
        visibility=Visibility.MEMBERS,
    )
    assert result is None
    assert Charter.objects.get().visibility == Visibility.MEMBERS
    assert CharterVersion.objects.count() == 1


def test_only_the_core_team_saves_or_submits(cast):
    with pytest.raises(PermissionDenied):
        save(cast, 0, actor=cast.member, purpose="Partager.")
    save(cast, 0, purpose="Partager.")
    with pytest.raises(PermissionDenied):
        services.charter_submit(community=cast.community, number=1, actor=cast.facilitator)


def test_submitting_opens_a_consent_decision_of_the_core_team_and_adopts_nothing_yet(cast):
    save(cast, 0, purpose="Partager.")
    proposal = services.charter_submit(community=cast.community, number=1, actor=cast.core_member)
    assert proposal.subject == "charter:1" and proposal.circle.is_core_team
    assert proposal.state == State.CLARIFYING and "Partager." in proposal.text
    assert Charter.objects.get().adopted_version is None
    with pytest.raises(ValidationError, match="in progress"):
        services.charter_submit(community=cast.community, number=1, actor=cast.core_member)


def test_the_version_is_adopted_when_its_decision_is_and_a_later_one_replaces_it(cast):
    save(cast, 0, purpose="Partager.")
    first = adopt(cast, 1)
    assert first.adopted_by == cast.core_member and first.adopted_at is not None
    assert Charter.objects.get().adopted_version == first
    with pytest.raises(ValidationError, match="already the adopted charter"):
        services.charter_submit(community=cast.community, number=1, actor=cast.core_member)
    save(cast, 1, purpose="Partager les pratiques.")  # a new version reopens a decision
    second = adopt(cast, 2)
    assert Charter.objects.get().adopted_version == second
    assert Proposal.objects.filter(subject__startswith="charter:", state=State.ADOPTED).count() == 2


def test_a_withdrawn_decision_adopts_nothing(cast):
    save(cast, 0, purpose="Partager.")
    proposal = services.charter_submit(community=cast.community, number=1, actor=cast.core_member)
    decisions.withdraw(proposal=proposal, actor=cast.core_member)
    assert Charter.objects.get().adopted_version is None
    assert services.charter_submit(community=cast.community, number=1, actor=cast.core_member).pk != proposal.pk


def test_submitting_a_version_that_does_not_exist_is_refused(cast):
    with pytest.raises(ValidationError):
        services.charter_submit(community=cast.community, number=3, actor=cast.core_member)


def test_the_first_draft_starts_from_the_purpose_themes_core_team_and_roles(cast):
    logistics = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    Role.objects.create(community=cast.community, name="Trésorerie secrète", visibility=Visibility.CORE_TEAM)
    draft = services.first_draft(cast.community)
    assert draft["purpose"] == "Partager les pratiques de vente directe."
    assert "logistique, vente directe" in draft["scope"]
    structure = draft["structure"]
    assert "Marc Dubois" in structure  # the core team
    assert "Sophie Lambert" in structure  # holds facilitation
    assert logistics.display_name in structure and "the core team, until a member takes it on" in structure
    assert "Trésorerie secrète" not in structure  # a core-team-only role stays out of the charter
    assert draft["decisions"] == ""


def test_prefill_sources_can_be_extended_piece_by_piece(cast, monkeypatch):
    original = services.prefill_sources

    def with_objectives(community):
        pieces = original(community)
        pieces[Section.OBJECTIVES].append("Entraide entre GAL.")
        return pieces

    monkeypatch.setattr(services, "prefill_sources", with_objectives)
    assert services.first_draft(cast.community)["objectives"] == "Entraide entre GAL."


def test_the_first_draft_takes_the_objectives_and_scope_of_the_definition(cast):
    from terreau.charter.services import first_draft
    from terreau.definition.models import CommunityDefinition, Objective

    CommunityDefinition.objects.create(community=cast.community, scope="La Wallonie rurale.")
    Objective.objects.create(community=cast.community, kind="mutual_help", goals="S'entraider sur la logistique.")
    draft = first_draft(cast.community)
    assert "La Wallonie rurale." in draft["scope"]
    assert "S'entraider sur la logistique." in draft["objectives"]


def test_the_first_draft_takes_why_and_the_objectives_written_in_the_definition_phase(cast, client):
    # Written through the definition's page, the one place for them (the workspace points there).
    from terreau.definition.models import Objective

    client.force_login(cast.core_member)
    response = client.post(
        f"/c/{cast.community.slug}/scope/edit/",
        {
            "why": "Les GAL apprennent peu les uns des autres.",
            "objectives_summary": "Surtout de l'entraide, puis des pratiques éprouvées.",
            "mutual_help_chosen": "on",
            "mutual_help_goals": "Répondre en une semaine.",
            "visibility": "members",
            "network-TOTAL_FORMS": "0",
            "network-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Objective.objects.filter(community=cast.community).count() == 1
    draft = services.first_draft(cast.community)
    assert draft["purpose"] == "Partager les pratiques de vente directe.\n\nLes GAL apprennent peu les uns des autres."
    assert draft["objectives"].startswith("Surtout de l'entraide, puis des pratiques éprouvées.\n\n### ")
    assert "Répondre en une semaine." in draft["objectives"]
