import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from terreau.definition import selectors, services
from terreau.definition.models import (
    CommunityDefinition,
    ExistingNetwork,
    Objective,
    Quadrant,
    Stakeholder,
    StakeholderConversation,
)

pytestmark = pytest.mark.django_db


def stakeholder(cast, **fields):
    fields = {"name": "Commune de Gesves", "interest": 4, "influence": 5, **fields}
    return services.stakeholder_save(
        actor=cast.core_member, stakeholder=Stakeholder(community=cast.community, **fields)
    )


def test_the_core_team_adds_a_stakeholder_kept_to_itself_by_default(cast):
    added = stakeholder(cast, name="  Commune de Gesves  ")
    assert added.name == "Commune de Gesves"
    assert added.visibility == "core_team"
    assert added.quadrant == Quadrant.INVOLVE_CLOSELY


def test_a_member_cannot_add_a_stakeholder_and_an_outsider_learns_nothing(cast):
    with pytest.raises(PermissionDenied):
        services.stakeholder_save(actor=cast.member, stakeholder=Stakeholder(community=cast.community, name="X"))
    with pytest.raises(Http404):
        services.stakeholder_save(actor=cast.outsider, stakeholder=Stakeholder(community=cast.community, name="X"))
    assert not Stakeholder.objects.exists()


def test_interest_and_influence_stay_between_1_and_5(cast):
    with pytest.raises(ValidationError) as error:
        stakeholder(cast, interest=0, influence=6)
    assert {"interest", "influence"} <= set(error.value.message_dict)


@pytest.mark.parametrize(
    ("interest", "influence", "quadrant"),
    [
        (5, 5, Quadrant.INVOLVE_CLOSELY),
        (4, 4, Quadrant.INVOLVE_CLOSELY),
        (3, 5, Quadrant.KEEP_SATISFIED),
        (5, 3, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_a_quadrant_counts_4_and_5_as_high(interest, influence, quadrant):
    assert Quadrant.of(interest=interest, influence=influence) == quadrant


def test_a_conversation_names_who_spoke_and_what_they_said(cast):
    target = stakeholder(cast)
    conversation = services.conversation_add(
        actor=cast.core_member,
        stakeholder=target,
        held_on=timezone.localdate(),
        membership=cast.membership(cast.core_member),
        needs="Un lieu de stockage partagé",
    )
    assert conversation.speaker_name == "Marc Dubois"
    with pytest.raises(ValidationError) as error:
        services.conversation_add(actor=cast.core_member, stakeholder=target, held_on=timezone.localdate())
    assert {"spoken_by", "needs"} <= set(error.value.message_dict)
    assert StakeholderConversation.objects.count() == 1


def test_a_conversation_cannot_be_in_the_future_nor_held_by_another_communitys_member(cast, public_cast):
    target = stakeholder(cast)
    with pytest.raises(ValidationError) as error:
        services.conversation_add(
            actor=cast.core_member,
            stakeholder=target,
            held_on=timezone.localdate() + datetime.timedelta(days=2),
            spoken_by="Anne",
            needs="x",
        )
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.conversation_add(
            actor=cast.core_member,
            stakeholder=target,
            held_on=timezone.localdate(),
            membership=public_cast.membership(public_cast.core_member),
            needs="x",
        )


def test_deleting_a_stakeholder_deletes_its_conversations(cast):
    target = stakeholder(cast)
    services.conversation_add(
        actor=cast.core_member, stakeholder=target, held_on=timezone.localdate(), spoken_by="Anne", needs="x"
    )
    services.stakeholder_delete(actor=cast.core_member, stakeholder=target)
    assert not StakeholderConversation.objects.exists()


def test_an_import_updates_a_stakeholder_with_the_same_name_and_organisation(cast):
    stakeholder(cast, name="Commune de Gesves", organisation="", interest=2)
    row = {"name": "commune de gesves", "organisation": "", "kind": "municipality", "contact": "", "notes": ""}
    result = services.stakeholders_import(
        actor=cast.core_member,
        community=cast.community,
        rows=[
            {**row, "interest": 5, "influence": 5, "involve": True, "visibility": "members"},
            {**row, "name": "Ferme du Bois", "interest": 3, "influence": 1, "involve": False, "visibility": "members"},
        ],
    )
    assert (result.created, result.updated) == (1, 1)
    assert Stakeholder.objects.get(name__iexact="commune de gesves").interest == 5


def test_the_definition_is_saved_in_one_go(cast):
    services.definition_save(
        actor=cast.core_member,
        community=cast.community,
        objectives={"mutual_help": "Répondre aux questions", "innovation": "Tester la vente en ligne"},
        networks=[{"name": "Réseau wallon", "url": "https://example.org", "relation": "Partenaire"}],
        scope="Les circuits courts alimentaires",
        unique_value="Le seul réseau entre GAL",
        visibility="members",
    )
    summary = selectors.definition_summary(cast.community)
    assert [o["kind"] for o in summary["objectives"]] == ["mutual_help", "innovation"]
    assert summary["objectives"][0]["label"] in ("Mutual help", "Entraide")
    assert summary["scope"] == "Les circuits courts alimentaires"
    assert summary["unique_value"] == "Le seul réseau entre GAL"
    assert summary["existing_networks"][0]["name"] == "Réseau wallon"

    network = ExistingNetwork.objects.get()
    services.definition_save(
        actor=cast.core_member,
        community=cast.community,
        objectives={"content": "Une base de fiches"},
        networks=[],
        removed_networks=[network.pk],
        scope="",
    )
    assert list(Objective.objects.values_list("kind", flat=True)) == ["content"]
    assert not ExistingNetwork.objects.exists()
    assert CommunityDefinition.objects.count() == 1


def test_an_objective_without_goals_is_refused_and_nothing_is_half_saved(cast):
    with pytest.raises(ValidationError):
        services.definition_save(
            actor=cast.core_member,
            community=cast.community,
            objectives={"mutual_help": "  "},
            networks=[],
            scope="Un périmètre",
        )
    assert not CommunityDefinition.objects.exists()


def test_a_member_cannot_change_the_definition(cast):
    with pytest.raises(PermissionDenied):
        services.definition_save(actor=cast.member, community=cast.community, objectives={}, networks=[])


def test_the_summary_of_a_community_without_a_definition_is_empty(cast):
    summary = selectors.definition_summary(cast.community)
    assert summary["objectives"] == [] and summary["scope"] == "" and summary["unique_value"] == ""


def test_the_demo_data_loads_and_reads_back(cast):
    from terreau.definition import demo

    demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    summary = selectors.definition_summary(cast.community)
    assert len(summary["objectives"]) == 2 and summary["scope"]
    stakeholder_map = selectors.stakeholder_map(cast.community, cast.member)
    assert 0 < len(stakeholder_map.stakeholders) < Stakeholder.objects.count()  # the core team's stay hidden


def test_the_charter_gets_markdown_pieces(cast):
    services.definition_save(
        actor=cast.core_member,
        community=cast.community,
        objectives={"content": "Une base de fiches"},
        networks=[{"name": "Réseau wallon", "url": "https://example.org", "relation": "Partenaire"}],
        unique_value="Le seul réseau entre GAL",
        guests="Des experts",
    )
    pieces = selectors.definition_markdown(cast.community)
    assert "Une base de fiches" in pieces["objectives"] and pieces["objectives"].startswith("### ")
    assert pieces["scope"] == ""
    assert "[Réseau wallon](https://example.org)" in pieces["added_value"] and "Le seul réseau" in pieces["added_value"]
    assert "Des experts" in pieces["members"]
