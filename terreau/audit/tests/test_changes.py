"""Each change the log covers writes exactly one entry, with who, the object, before and after;
a call that changes nothing writes none."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from conftest import make_user
from terreau.audit.tests.helpers import Recorded
from terreau.calls import services as calls
from terreau.calls.models import Application, site_today
from terreau.charter import services as charter
from terreau.charter.models import Charter
from terreau.communities import services
from terreau.communities.models import Community, Membership, Role, RoleKind
from terreau.core.models import Visibility
from terreau.definition import services as definition
from terreau.definition.models import CommunityDefinition, ExistingNetwork, Objective, Stakeholder
from terreau.events.models import AgendaItem, Event
from terreau.events.services import agenda as event_agenda
from terreau.knowledge import services as knowledge
from terreau.knowledge.models import ContributorInterview, Handover
from terreau.knowledge.tests.helpers import make_item, pdf_upload
from terreau.launch import services as launch
from terreau.launch.models import Action, Activity
from terreau.lifecycle import services as lifecycle

pytestmark = pytest.mark.django_db


def is_about(entry, target) -> bool:
    return entry.target_type == ContentType.objects.get_for_model(target) and entry.target_id == target.pk


# Membership ------------------------------------------------------------------------------


def test_joining_a_public_community_is_recorded_as_done_by_the_newcomer(public_cast):
    newcomer = public_cast.outsider
    with Recorded() as recorded:
        membership = services.community_join(user=newcomer, community=public_cast.community)
    entry = recorded.one()
    assert (entry.action, entry.actor, entry.community) == ("membership.joined", newcomer, public_cast.community)
    assert is_about(entry, membership) and entry.target_label == "Nora Extérieure"
    assert entry.before is None
    assert entry.after == {"status": "active", "category": "permanent", "core_team": False}


def test_coming_back_after_leaving_shows_the_earlier_status(public_cast):
    services.membership_leave(user=public_cast.member, community=public_cast.community)
    with Recorded() as recorded:
        services.community_join(user=public_cast.member, community=public_cast.community)
    assert recorded.one().before == {"status": "left"}


def test_a_request_approved_is_a_joining_made_by_the_core_member(cast):
    join_request = services.community_join(user=cast.outsider, community=cast.community)
    with Recorded() as recorded:
        services.join_request_decide(actor=cast.core_member, join_request=join_request, approve=True)
    entry = recorded.one()
    assert (entry.action, entry.actor, entry.target_label) == ("membership.joined", cast.core_member, "Nora Extérieure")


def test_a_request_declined_is_recorded(cast):
    join_request = services.community_join(user=cast.outsider, community=cast.community)
    with Recorded() as recorded:
        services.join_request_decide(actor=cast.core_member, join_request=join_request, approve=False)
    entry = recorded.one()
    assert entry.action == "join_request.declined" and is_about(entry, join_request)
    assert (entry.before, entry.after) == ({"status": "pending"}, {"status": "declined"})
    assert entry.target_label == "Nora Extérieure"


def test_an_invitation_to_the_core_team_accepted_is_one_joining_into_the_core_team(cast):
    invitation = services.invitation_create(
        actor=cast.core_member, community=cast.community, email="nouvelle@example.test", core_team=True
    )
    newcomer = make_user("nouvelle@example.test", "Nouvelle")
    with Recorded() as recorded:
        services.invitation_accept(invitation=invitation, user=newcomer)
    entry = recorded.one()
    assert (entry.action, entry.actor) == ("membership.joined", newcomer)
    assert entry.after == {"status": "active", "category": "permanent", "core_team": True}


def test_leaving_keeps_the_roles_the_member_held(cast):
    with Recorded() as recorded:
        services.membership_leave(user=cast.facilitator, community=cast.community)
    entry = recorded.one()
    assert (entry.action, entry.actor) == ("membership.left", cast.facilitator)
    assert entry.before == {"status": "active", "core_team": False, "roles": ["Facilitation"]}
    assert entry.after == {"status": "left"}


def test_a_removal_is_recorded_with_who_removed(cast):
    with Recorded() as recorded:
        services.membership_remove(actor=cast.core_member, membership=cast.membership(cast.member))
    entry = recorded.one()
    assert (entry.action, entry.actor, entry.target_label) == ("membership.removed", cast.core_member, "Julie Martin")
    assert (entry.before["status"], entry.after) == ("active", {"status": "removed"})


def test_a_membership_changed_through_its_form_records_the_stored_values_before(cast):
    membership = cast.membership(cast.member)
    sponsor = cast.membership(cast.facilitator)
    # A bound ModelForm has already set the new values on the instance the view passes.
    membership.category = Membership.Category.EXPERT
    with Recorded() as recorded:
        services.membership_update(
            actor=cast.core_member, membership=membership, category=Membership.Category.EXPERT, sponsor=sponsor
        )
    entry = recorded.one()
    assert entry.action == "membership.changed"
    assert entry.before == {"category": "permanent", "sponsor": None}
    assert entry.after == {"category": "expert", "sponsor": "Sophie Lambert"}
    with Recorded() as recorded:
        services.membership_update(
            actor=cast.core_member, membership=membership, category=Membership.Category.EXPERT, sponsor=sponsor
        )
    recorded.none()


# Core team and roles ---------------------------------------------------------------------


def test_adding_to_and_taking_out_of_the_core_team(cast):
    membership = cast.membership(cast.member)
    with Recorded() as recorded:
        services.core_team_add(actor=cast.core_member, membership=membership)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == ("core_team.added", {"core_team": False}, {"core_team": True})
    with Recorded() as recorded:
        services.core_team_add(actor=cast.core_member, membership=membership)
    recorded.none()
    with Recorded() as recorded:
        services.core_team_remove(actor=cast.core_member, membership=membership)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == ("core_team.removed", {"core_team": True}, {"core_team": False})
    with Recorded() as recorded:
        services.core_team_remove(actor=cast.core_member, membership=membership)
    recorded.none()


def test_giving_and_taking_back_a_role(cast):
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    membership = cast.membership(cast.member)
    with Recorded() as recorded:
        services.role_assign(actor=cast.core_member, role=role, membership=membership)
    entry = recorded.one()
    assert (entry.action, entry.after, entry.target_label) == ("role.assigned", {"role": "Logistics"}, "Julie Martin")
    with Recorded() as recorded:
        services.role_assign(actor=cast.core_member, role=role, membership=membership)
    recorded.none()
    with Recorded() as recorded:
        services.role_unassign(actor=cast.core_member, role=role, membership=membership)
    entry = recorded.one()
    assert (entry.action, entry.before) == ("role.unassigned", {"role": "Logistics"})
    with Recorded() as recorded:
        services.role_unassign(actor=cast.core_member, role=role, membership=membership)
    recorded.none()


# Visibility ------------------------------------------------------------------------------
# Each case builds the object, then returns a function that saves it with a new visibility.


def _role(cast):
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    role.visibility = Visibility.CORE_TEAM  # as RoleForm leaves it on the instance

    return role, lambda: services.role_save(actor=cast.core_member, role=role)


def _answer(cast):
    def save(visibility):
        return lifecycle.answer_save(
            actor=cast.core_member,
            community=cast.community,
            question="define.why",
            text="Parce que",
            status="settled",
            assignee=None,
            visibility=visibility,
        )

    answer = save(Visibility.MEMBERS)
    return answer, lambda: save(Visibility.CORE_TEAM)


def _stakeholder(cast):
    stakeholder = Stakeholder.objects.create(
        community=cast.community, name="Commune de Gesves", kind="municipality", visibility=Visibility.MEMBERS
    )
    stakeholder.visibility = Visibility.CORE_TEAM
    return stakeholder, lambda: definition.stakeholder_save(actor=cast.core_member, stakeholder=stakeholder)


def _stakeholder_imported(cast):
    stakeholder = Stakeholder.objects.create(
        community=cast.community, name="Commune de Gesves", kind="municipality", visibility=Visibility.MEMBERS
    )
    row = {"name": "Commune de Gesves", "organisation": "", "visibility": Visibility.CORE_TEAM}
    return stakeholder, lambda: definition.stakeholders_import(
        actor=cast.core_member, community=cast.community, rows=[row]
    )


def _definition(cast):
    def save(visibility):
        definition.definition_save(
            actor=cast.core_member, community=cast.community, objectives={}, networks=[], visibility=visibility
        )
        return CommunityDefinition.objects.get(community=cast.community)

    found = save(Visibility.MEMBERS)
    return found, lambda: save(Visibility.CORE_TEAM)


def _charter(cast):
    charter.charter_save(
        community=cast.community, actor=cast.core_member, sections={"purpose": "Partager."}, base_number=0
    )
    found = Charter.objects.get(community=cast.community)
    return found, lambda: charter.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": "Partager."},
        base_number=1,
        visibility=Visibility.CORE_TEAM,
    )


def _call(cast):
    call = calls.call_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rejoignez-nous",
        text="Nous cherchons des producteurs.",
        closes_on=site_today() + timedelta(days=30),
    )
    return call, lambda: calls.call_update(
        actor=cast.core_member,
        call=call,
        title=call.title,
        text=call.text,
        closes_on=call.closes_on,
        visibility=Visibility.MEMBERS,
        questions=[],
    )


def _item(cast):
    item = make_item(cast, visibility=Visibility.MEMBERS)
    return item, lambda: knowledge.item_update(
        actor=cast.core_member,
        item=item,
        base_version=item.version,
        title=item.title,
        fields=item.fields,
        visibility=Visibility.CORE_TEAM,
    )


def _interview(cast):
    interview = ContributorInterview.objects.create(
        community=cast.community,
        interviewee_name="Paul",
        held_on=date(2025, 3, 1),
        questions_answers="## Q\nR",
        created_by=cast.member,
    )
    interview.visibility = Visibility.PUBLIC
    return interview, lambda: knowledge.interview_save(actor=cast.core_member, interview=interview)


def _handover(cast):
    handover = Handover.objects.create(
        community=cast.community,
        title="Halle fermière",
        held_on=date(2025, 3, 1),
        finishing_team="GAL Condroz",
        starting_teams="GAL Famenne",
        questions="Comment commencer ?",
        created_by=cast.member,
    )
    handover.visibility = Visibility.CORE_TEAM
    return handover, lambda: knowledge.handover_save(actor=cast.core_member, handover=handover)


def _activity(cast):
    activity = launch.activity_save(actor=cast.core_member, activity=Activity(community=cast.community, title="Marché"))
    activity.visibility = Visibility.PUBLIC
    return activity, lambda: launch.activity_save(actor=cast.core_member, activity=activity)


def _action(cast):
    action = launch.action_save(actor=cast.core_member, action=Action(community=cast.community, title="Enquête"))
    action.visibility = Visibility.CORE_TEAM
    return action, lambda: launch.action_save(actor=cast.core_member, action=action)


VISIBILITY_CHANGES = {
    "role": _role,
    "lifecycle answer": _answer,
    "stakeholder": _stakeholder,
    "stakeholder imported again": _stakeholder_imported,
    "definition": _definition,
    "charter": _charter,
    "call": _call,
    "knowledge item": _item,
    "contributor interview": _interview,
    "handover": _handover,
    "calendar activity": _activity,
    "action": _action,
}


@pytest.mark.parametrize("kind", VISIBILITY_CHANGES)
def test_a_change_of_visibility_is_recorded_with_before_and_after(cast, kind):
    target, change = VISIBILITY_CHANGES[kind](cast)
    before = type(target).objects.get(pk=target.pk).visibility
    with Recorded() as recorded:
        change()
    entry = recorded.one()
    after = type(target).objects.get(pk=target.pk).visibility
    assert before != after
    assert (entry.action, entry.actor, entry.community) == ("visibility.changed", cast.core_member, cast.community)
    assert is_about(entry, target)
    assert (entry.before, entry.after) == ({"visibility": before}, {"visibility": after})


@pytest.mark.parametrize("kind", ["role", "stakeholder", "calendar activity", "action"])
def test_an_edit_that_keeps_the_visibility_records_nothing(cast, kind):
    target, change = VISIBILITY_CHANGES[kind](cast)
    target.visibility = type(target).objects.get(pk=target.pk).visibility
    with Recorded() as recorded:
        change()
    recorded.none()


def test_a_new_object_records_no_change_of_visibility(cast):
    with Recorded() as recorded:
        launch.action_save(
            actor=cast.core_member,
            action=Action(community=cast.community, title="Enquête", visibility=Visibility.PUBLIC),
        )
    recorded.none()


def test_the_community_listing_is_its_visibility(cast):
    with Recorded() as recorded:
        services.community_update(actor=cast.core_member, community=cast.community, listing=Community.Listing.PUBLIC)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == (
        "visibility.changed",
        {"listing": "private"},
        {"listing": "public"},
    )
    with Recorded() as recorded:
        services.community_update(actor=cast.core_member, community=cast.community, name="Circuits courts wallons")
    recorded.none()


# Phase, charter, calls -------------------------------------------------------------------


def test_a_phase_move_and_its_undo(cast):
    with Recorded() as recorded:
        lifecycle.phase_advance(actor=cast.core_member, community=cast.community)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == ("phase.moved", {"phase": "define"}, {"phase": "design"})
    assert is_about(entry, cast.community)
    with Recorded() as recorded:
        lifecycle.phase_undo(actor=cast.core_member, community=cast.community)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == ("phase.undone", {"phase": "design"}, {"phase": "define"})


def test_adopting_a_charter_version_names_the_one_it_replaces(cast):
    # charter_mark_adopted is what the charter runs when its consent decision is adopted.
    for number, purpose in enumerate(["Partager.", "Partager les pratiques."]):
        charter.charter_save(
            community=cast.community, actor=cast.core_member, sections={"purpose": purpose}, base_number=number
        )
    with Recorded() as recorded:
        first = charter.charter_mark_adopted(community=cast.community, number=1, actor=cast.core_member)
    entry = recorded.one()
    assert (entry.action, entry.before, entry.after) == ("charter.adopted", {"version": None}, {"version": 1})
    assert is_about(entry, first)
    with Recorded() as recorded:
        charter.charter_mark_adopted(community=cast.community, number=1, actor=cast.core_member)
    recorded.none()
    with Recorded() as recorded:
        charter.charter_mark_adopted(community=cast.community, number=2, actor=cast.core_member)
    assert (recorded.one().before, recorded.one().after) == ({"version": 1}, {"version": 2})


@pytest.mark.parametrize(
    "decision, action, status",
    [
        ("accept", "call.application_accepted", "accepted"),
        ("decline", "call.application_declined", "declined"),
        ("contact", "call.application_contacted", "contacted"),
    ],
)
def test_a_decision_on_an_application(cast, decision, action, status):
    call = calls.call_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rejoignez-nous",
        text="Nous cherchons des producteurs.",
        closes_on=site_today() + timedelta(days=30),
    )
    application = calls.application_submit(
        call=call, name="Léa Candidate", email="lea@example.test", motivation="Je vends.", engagement="carrier"
    )
    with Recorded() as recorded:
        calls.application_decide(actor=cast.core_member, application=application, decision=decision)
    entry = recorded.one()
    assert (entry.action, entry.actor) == (action, cast.core_member)
    assert is_about(entry, application) and entry.target_label.startswith("Léa Candidate")
    assert (entry.before, entry.after) == ({"status": Application.Status.NEW}, {"status": status})


# Deletions -------------------------------------------------------------------------------
# Each case builds the object, then returns (its name, a function that deletes it).


def _delete_stakeholder(cast):
    stakeholder = Stakeholder.objects.create(community=cast.community, name="Commune de Gesves", kind="municipality")
    return stakeholder, lambda: definition.stakeholder_delete(actor=cast.core_member, stakeholder=stakeholder)


def _delete_network(cast):
    definition.definition_save(
        actor=cast.core_member,
        community=cast.community,
        objectives={},
        networks=[{"name": "Réseau wallon", "url": "https://example.org", "relation": "Partenaire"}],
    )
    network = ExistingNetwork.objects.get()
    return network, lambda: definition.networks_save(
        actor=cast.core_member, community=cast.community, networks=[], removed=[network.pk]
    )


def _delete_objective(cast):
    definition.objectives_set(
        actor=cast.core_member,
        community=cast.community,
        objectives={"mutual_help": "Répondre aux questions", "content": "Des fiches"},
    )
    objective = Objective.objects.get(kind="mutual_help")
    return objective, lambda: definition.objectives_set(
        actor=cast.core_member, community=cast.community, objectives={"content": "Des fiches"}
    )


def _delete_item(cast):
    item = make_item(cast)
    return item, lambda: knowledge.item_delete(actor=cast.core_member, item=item)


def _delete_attachment(cast):
    item = make_item(cast)
    attachment = knowledge.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    return attachment, lambda: knowledge.attachment_delete(actor=cast.core_member, attachment=attachment)


def _delete_theme(cast):
    theme = services.theme_create(actor=cast.core_member, community=cast.community, name="Cantines")
    return theme, lambda: knowledge.theme_delete(actor=cast.core_member, theme=theme)


def _delete_activity_tag(cast):
    tag = knowledge.activity_create(actor=cast.core_member, community=cast.community, name="Marchés", kind="project")
    return tag, lambda: knowledge.activity_delete(actor=cast.core_member, activity=tag)


def _delete_agenda_item(cast):
    event = Event.objects.create(
        community=cast.community, title="Rencontre", starts_at=timezone.now(), ends_at=timezone.now()
    )
    item = event_agenda.item_save(
        actor=cast.core_member, item=AgendaItem(event=event, title="Verre de l'amitié", duration=30)
    )
    return item, lambda: event_agenda.item_delete(actor=cast.core_member, item=item)


def _delete_activity(cast):
    activity = launch.activity_save(actor=cast.core_member, activity=Activity(community=cast.community, title="Marché"))
    return activity, lambda: launch.activity_delete(actor=cast.core_member, activity=activity)


def _delete_action(cast):
    action = launch.action_save(actor=cast.core_member, action=Action(community=cast.community, title="Enquête"))
    return action, lambda: launch.action_delete(actor=cast.core_member, action=action)


DELETIONS = {
    "stakeholder.deleted": (_delete_stakeholder, "Commune de Gesves"),
    "network.deleted": (_delete_network, "Réseau wallon"),
    "objective.deleted": (_delete_objective, "Mutual help"),
    "knowledge_item.deleted": (_delete_item, "Carte des points de vente"),
    "attachment.deleted": (_delete_attachment, "bilan.pdf"),
    "theme.deleted": (_delete_theme, "Cantines"),
    "activity_tag.deleted": (_delete_activity_tag, "Marchés"),
    "event_agenda_item.deleted": (_delete_agenda_item, "Verre de l'amitié"),
    "activity.deleted": (_delete_activity, "Marché"),
    "action.deleted": (_delete_action, "Enquête"),
}


@pytest.mark.parametrize("action", DELETIONS)
def test_a_deletion_keeps_what_the_object_held(cast, action):
    build, name = DELETIONS[action]
    target, delete = build(cast)
    model, pk = type(target), target.pk
    with Recorded() as recorded:
        delete()
    assert not model.objects.filter(pk=pk).exists()
    entry = recorded.one()
    assert (entry.action, entry.actor, entry.community) == (action, cast.core_member, cast.community)
    assert entry.target_type == ContentType.objects.get_for_model(model) and entry.target_id == pk
    assert entry.target_label == name
    assert entry.after is None
    assert entry.before and "id" not in entry.before and "community" not in entry.before


def test_a_deleted_item_keeps_its_text_and_names_its_author(cast):
    item = make_item(cast, type="article", body="Un long texte sur les marchés.", fields={})
    with Recorded() as recorded:
        knowledge.item_delete(actor=cast.core_member, item=item)
    entry = recorded.one()
    assert entry.before["body"] == "Un long texte sur les marchés."
    assert entry.before["author"] == "Julie Martin"
    assert "search_text" not in entry.before
    assert dict(entry.before_display)["text"] == "Un long texte sur les marchés."


def test_a_member_choosing_another_engagement_level_is_a_change_of_membership(cast):
    with Recorded() as recorded:
        services.membership_set_engagement(
            user=cast.observer, community=cast.community, engagement=Membership.Engagement.CARRIER
        )
    entry = recorded.one()
    assert (entry.action, entry.actor, entry.target_label) == ("membership.changed", cast.observer, "Thomas Leroy")
    assert (entry.before, entry.after) == ({"engagement": "observer"}, {"engagement": "carrier"})
    assert entry.after_display == [("engagement", "Carrier")]
    with Recorded() as recorded:
        services.membership_set_engagement(
            user=cast.observer, community=cast.community, engagement=Membership.Engagement.CARRIER
        )
    recorded.none()
