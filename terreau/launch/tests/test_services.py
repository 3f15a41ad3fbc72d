"""Writes of the launch: the guide's agenda, moving items, the calendar's suggestions, the plan."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import make_member, make_user
from terreau.communities.models import Community
from terreau.launch import selectors, services
from terreau.launch.models import Action, Activity, ActivityGuide, AgendaGuide, AgendaItem, Frequency, LaunchMeeting

pytestmark = pytest.mark.django_db


def titles(meeting) -> list[str]:
    return [item.display_title for item in meeting.items.order_by("position", "id")]


def test_a_plan_opened_for_the_first_time_holds_the_guides_agenda(cast):
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    with translation.override("en"):
        assert titles(meeting) == [
            "Expectations of the participants",
            "Purpose, scope and objectives",
            "How we will work together",
            "Lunch break",
            "Who holds which role?",
            "First thematic work",
            "The 3-6 month action plan",
        ]
        working = meeting.items.get(guide_key=AgendaGuide.WORKING_TOGETHER)
        assert "Governance" in working.display_notes and "charter" in working.display_notes
    assert [item.position for item in meeting.items.all()] == [1, 2, 3, 4, 5, 6, 7]


def test_the_guides_agenda_fills_a_day_and_shows_in_the_readers_language(cast):
    services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    meeting = selectors.meeting_with_items(cast.community)
    assert meeting.start_time == time(9, 30)
    assert meeting.total_minutes == 435  # 7 h 15 with an hour for lunch
    assert meeting.ends_at == time(16, 45)
    items = list(meeting.items.all())
    assert (items[0].starts_at, items[0].ends_at) == (time(9, 30), time(10, 15))
    assert items[3].starts_at == time(12, 30)  # lunch
    assert items[0].title == ""  # stored empty: the guide's wording follows the reader's language


def test_opening_the_plan_again_changes_nothing(cast):
    first = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    first.items.first().delete()
    again = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    assert again.pk == first.pk
    assert again.items.count() == 6
    assert LaunchMeeting.objects.count() == 1


def test_only_the_core_team_prepares_the_launch_day(cast):
    with pytest.raises(PermissionDenied):
        services.launch_meeting_prepare(actor=cast.facilitator, community=cast.community)
    assert not LaunchMeeting.objects.exists()


def test_an_item_moves_up_and_down_and_stays_put_at_either_end(cast):
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    first, second, third = meeting.items.order_by("position")[:3]
    services.agenda_item_move(actor=cast.core_member, item=second, direction="up")
    assert [i.pk for i in meeting.items.order_by("position")[:3]] == [second.pk, first.pk, third.pk]
    services.agenda_item_move(actor=cast.core_member, item=second, direction="down")
    services.agenda_item_move(actor=cast.core_member, item=second, direction="down")
    assert [i.pk for i in meeting.items.order_by("position")[:3]] == [first.pk, third.pk, second.pk]
    services.agenda_item_move(actor=cast.core_member, item=first, direction="up")  # already first
    last = meeting.items.order_by("position").last()
    services.agenda_item_move(actor=cast.core_member, item=last, direction="down")  # already last
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert meeting.items.order_by("position").first().pk == first.pk


def test_a_move_needs_a_direction(cast):
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    with pytest.raises(ValidationError):
        services.agenda_item_move(actor=cast.core_member, item=meeting.items.first(), direction="sideways")


def test_a_new_item_goes_to_the_end_and_a_facilitator_must_be_a_member(cast):
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    item = services.agenda_item_save(
        actor=cast.core_member,
        item=AgendaItem(
            meeting=meeting, title="Verre de l'amitié", duration=30, facilitator=cast.membership(cast.facilitator)
        ),
    )
    assert item.position == 8
    other = Community.objects.create(name="Autre", slug="autre", purpose="x")
    stranger = make_member(other, make_user("loin@example.test", "Loin"))
    with pytest.raises(ValidationError) as error:
        services.agenda_item_save(
            actor=cast.core_member, item=AgendaItem(meeting=meeting, title="Intrus", duration=30, facilitator=stranger)
        )
    assert "facilitator" in error.value.error_dict


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
