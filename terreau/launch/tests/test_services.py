"""Writes of the launch: the guide's agenda, moving items, the calendar's suggestions, the plan."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member, make_user
from terreau.communities.models import Community
from terreau.launch import services
from terreau.launch.models import Action, Activity, ActivityGuide, Frequency

pytestmark = pytest.mark.django_db


def test_the_guides_suggestions_are_added_once(cast):
    created = services.activities_suggest(actor=cast.core_member, community=cast.community)
    assert [a.guide_key for a in created] == ActivityGuide.values
    weekly = Activity.objects.get(guide_key=ActivityGuide.WEEKLY_MESSAGE)
    assert weekly.frequency == Frequency.WEEKLY
    assert weekly.owner == cast.membership(cast.facilitator)  # the facilitator's weekly hour
    assert Activity.objects.get(guide_key=ActivityGuide.MONTHLY_MEETING).frequency == Frequency.MONTHLY
    assert services.activities_suggest(actor=cast.core_member, community=cast.community) == []
    weekly.delete()
    again = services.activities_suggest(actor=cast.core_member, community=cast.community)
    assert [a.guide_key for a in again] == [ActivityGuide.WEEKLY_MESSAGE]
    assert Activity.objects.filter(community=cast.community).count() == 4


def test_an_activity_needs_a_title_unless_the_guide_gives_one(cast):
    with pytest.raises(ValidationError) as error:
        services.activity_save(actor=cast.core_member, activity=Activity(community=cast.community, participants="Tous"))
    assert "title" in error.value.error_dict


def test_the_status_of_an_action_changes_and_only_to_a_known_status(cast):
    action = services.action_save(actor=cast.core_member, action=Action(community=cast.community, title="Enquête"))
    assert action.created_by == cast.core_member
    services.action_set_status(actor=cast.core_member, action=action, status=Action.Status.BLOCKED)
    action.refresh_from_db()
    assert action.status == Action.Status.BLOCKED
    with pytest.raises(ValidationError):
        services.action_set_status(actor=cast.core_member, action=action, status="finished")
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=cast.member, action=action, status=Action.Status.DONE)
    action.refresh_from_db()
    assert action.status == Action.Status.BLOCKED


def test_owners_of_an_action_are_members_of_the_community(cast):
    other = Community.objects.create(name="Autre", slug="autre", purpose="x")
    stranger = make_member(other, make_user("loin@example.test", "Loin"))
    action = Action(community=cast.community, title="Enquête")
    with pytest.raises(ValidationError):
        services.action_save(actor=cast.core_member, action=action, owners=[stranger])
    assert not Action.objects.exists()  # nothing half-saved
    action = services.action_save(
        actor=cast.core_member, action=action, owners=[cast.membership(cast.member), cast.membership(cast.observer)]
    )
    assert action.owners.count() == 2
