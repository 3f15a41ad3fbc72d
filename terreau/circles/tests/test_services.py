"""Circles' services step by step, valid and invalid, through the actor's permission."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau.audit.models import AuditEntry
from terreau.circles import services
from terreau.circles.models import Circle, CircleKind, CircleMember, CircleRequest, Joining
from terreau.communities import services as community_services
from terreau.exchanges.models import Notification, Verb

from .factories import add, make_circle

pytestmark = pytest.mark.django_db


def test_the_core_team_circle_is_made_once_and_takes_its_members_from_the_core_team_flag(cast):
    first = services.core_team_circle(cast.community)
    assert services.core_team_circle(cast.community) == first
    assert first.kind == CircleKind.CORE_TEAM and str(first) == "Core team"
    assert not CircleMember.objects.filter(circle=first).exists()


def test_the_core_team_creates_a_circle_and_the_change_is_logged(cast):
    circle = services.circle_create(
        actor=cast.core_member, community=cast.community, name="  Groupe Logistique ", purpose="Mutualiser"
    )
    assert circle.name == "Groupe Logistique" and circle.kind == CircleKind.WORKING_GROUP
    assert AuditEntry.objects.filter(action="circle.created", target_id=circle.pk).exists()


def test_a_member_may_not_create_a_circle_and_a_nameless_or_second_core_team_circle_is_refused(cast):
    with pytest.raises(PermissionDenied):
        services.circle_create(actor=cast.member, community=cast.community, name="Groupe")
    with pytest.raises(ValidationError):
        services.circle_create(actor=cast.core_member, community=cast.community, name="  ")
    with pytest.raises(ValidationError):
        services.circle_create(actor=cast.core_member, community=cast.community, name="Noyau 2", kind="core_team")


def test_nesting_refuses_cycles_itself_and_other_communities(cast, public_cast):
    steering = services.circle_create(
        actor=cast.core_member, community=cast.community, name="Pilotage", kind="steering"
    )
    group = services.circle_create(actor=cast.core_member, community=cast.community, name="Logistique", parent=steering)
    sub = services.circle_create(actor=cast.core_member, community=cast.community, name="Sous-groupe", parent=group)
    for parent in (steering, group, sub):
        steering.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.circle_update(actor=cast.core_member, circle=steering, version=steering.version, parent=parent)
        assert "parent" in error.value.error_dict
    elsewhere = make_circle(public_cast.community, "Ailleurs")
    with pytest.raises(ValidationError):
        services.circle_create(actor=cast.core_member, community=cast.community, name="X", parent=elsewhere)
    core = services.core_team_circle(cast.community)
    with pytest.raises(ValidationError):
        services.circle_update(actor=cast.core_member, circle=core, version=core.version, parent=steering)
    sub.refresh_from_db()
    assert sub.parent == group  # nothing moved


def test_a_conflicting_edit_is_detected_by_the_version(cast):
    circle = make_circle(cast.community)
    services.circle_update(actor=cast.core_member, circle=circle, version=1, purpose="Premier")
    stale = Circle.objects.get(pk=circle.pk)
    with pytest.raises(services.StaleEdit):
        services.circle_update(actor=cast.core_member, circle=stale, version=1, purpose="Second")
    assert Circle.objects.get(pk=circle.pk).purpose == "Premier"


def test_a_coordinator_keeps_purpose_and_information_but_nothing_else(cast):
    circle = make_circle(cast.community)
    add(circle, cast.membership(cast.member), coordinator=True)
    services.circle_update(actor=cast.member, circle=circle, version=1, information="Prochaine étape")
    circle.refresh_from_db()
    assert circle.information == "Prochaine étape" and circle.information_updated_at is not None
    with pytest.raises(PermissionDenied):
        services.circle_update(actor=cast.member, circle=circle, version=circle.version, name="Renommé")
    with pytest.raises((PermissionDenied, Http404)):
        services.circle_update(actor=cast.observer, circle=circle, version=circle.version, information="x")


def test_closing_moves_the_children_up_and_declines_the_waiting_requests(cast):
    parent = make_circle(cast.community, "Pilotage", kind="steering")
    circle = make_circle(cast.community, "Logistique", parent=parent, joining=Joining.ON_REQUEST)
    child = make_circle(cast.community, "Sous-groupe", parent=circle)
    request = services.circle_ask(user=cast.member, circle=circle)
    services.circle_close(actor=cast.core_member, circle=circle)
    child.refresh_from_db()
    request.refresh_from_db()
    assert child.parent == parent and request.status == CircleRequest.Status.DECLINED
    with pytest.raises(ValidationError):
        services.circle_close(actor=cast.core_member, circle=circle)
    with pytest.raises(ValidationError):
        services.circle_join(user=cast.observer, circle=circle)
    with pytest.raises(ValidationError):
        services.circle_close(actor=cast.core_member, circle=services.core_team_circle(cast.community))


def test_a_member_joins_an_open_circle_once_and_leaves_it(cast):
    circle = make_circle(cast.community)
    services.circle_join(user=cast.member, circle=circle)
    with pytest.raises(ValidationError):
        services.circle_join(user=cast.member, circle=circle)
    services.circle_leave(user=cast.member, circle=circle)
    assert not circle.members.exists()
    with pytest.raises(ValidationError):
        services.circle_leave(user=cast.member, circle=circle)


def test_joining_a_circle_on_request_or_appointed_directly_is_refused(cast):
    for joining in (Joining.ON_REQUEST, Joining.APPOINTED):
        circle = make_circle(cast.community, f"Groupe {joining}", joining=joining)
        with pytest.raises(ValidationError):
            services.circle_join(user=cast.member, circle=circle)
    with pytest.raises(ValidationError):
        services.circle_ask(user=cast.member, circle=circle)  # appointed: no requests
    with pytest.raises(ValidationError):
        services.circle_join(user=cast.member, circle=services.core_team_circle(cast.community))


def test_an_outsider_neither_joins_nor_sees_a_members_circle(cast):
    circle = make_circle(cast.community)
    with pytest.raises(Http404):
        services.circle_join(user=cast.outsider, circle=circle)
    hidden = make_circle(cast.community, "Caché", visibility="core_team")
    with pytest.raises(Http404):
        services.circle_join(user=cast.member, circle=hidden)


def test_a_request_is_told_to_the_coordinator_approved_and_the_requester_told(cast):
    circle = make_circle(cast.community, joining=Joining.ON_REQUEST)
    add(circle, cast.membership(cast.facilitator), coordinator=True)
    request = services.circle_ask(user=cast.member, circle=circle, message="J'ai un camion")
    assert Notification.objects.filter(recipient=cast.facilitator, verb=Verb.CIRCLE_JOIN_REQUESTED).exists()
    with pytest.raises(ValidationError):
        services.circle_ask(user=cast.member, circle=circle)  # one waiting request
    with pytest.raises((PermissionDenied, Http404)):
        services.request_decide(actor=cast.observer, request=request, approve=True)
    services.request_decide(actor=cast.facilitator, request=request, approve=True)
    assert circle.members.filter(membership__user=cast.member).exists()
    assert Notification.objects.filter(recipient=cast.member, verb=Verb.CIRCLE_REQUEST_APPROVED).exists()
    with pytest.raises(ValidationError):
        services.request_decide(actor=cast.facilitator, request=request, approve=False)  # already answered


def test_a_declined_request_tells_the_requester_and_without_a_coordinator_the_core_team_decides(cast):
    circle = make_circle(cast.community, joining=Joining.ON_REQUEST)
    request = services.circle_ask(user=cast.member, circle=circle)
    assert Notification.objects.filter(recipient=cast.core_member, verb=Verb.CIRCLE_JOIN_REQUESTED).exists()
    services.request_decide(actor=cast.core_member, request=request, approve=False)
    assert not circle.members.exists()
    assert Notification.objects.filter(recipient=cast.member, verb=Verb.CIRCLE_REQUEST_DECLINED).exists()


def test_the_core_team_adds_takes_out_and_names_coordinators(cast):
    circle = make_circle(cast.community)
    member = cast.membership(cast.member)
    services.member_add(actor=cast.core_member, circle=circle, membership=member)
    with pytest.raises(ValidationError):
        services.member_add(actor=cast.core_member, circle=circle, membership=member)
    services.coordinator_set(actor=cast.core_member, circle=circle, membership=member)
    assert circle.members.get(membership=member).is_coordinator
    with pytest.raises(ValidationError):
        services.coordinator_set(actor=cast.core_member, circle=circle, membership=cast.membership(cast.observer))
    with pytest.raises(PermissionDenied):
        services.coordinator_set(actor=cast.member, circle=circle, membership=member)
    services.member_remove(actor=cast.core_member, circle=circle, membership=member)
    assert not circle.members.exists()
    assert AuditEntry.objects.filter(action="circle.member_removed").exists()


def test_the_core_team_circle_keeps_the_2_to_6_rule_and_never_loses_its_last_member(cast):
    core = services.core_team_circle(cast.community)
    with pytest.raises(ValidationError):
        services.member_remove(actor=cast.core_member, circle=core, membership=cast.membership(cast.core_member))
    services.member_add(actor=cast.core_member, circle=core, membership=cast.membership(cast.member))
    assert cast.membership(cast.member).is_core_team
    assert not CircleMember.objects.filter(circle=core).exists()


def test_the_double_link_lead_link_by_the_parent_representative_among_the_members(cast):
    parent = make_circle(cast.community, "Pilotage", kind="steering")
    circle = make_circle(cast.community, "Logistique", parent=parent)
    add(parent, cast.membership(cast.facilitator))
    add(circle, cast.membership(cast.member), coordinator=True)
    services.lead_link_set(actor=cast.facilitator, circle=circle, membership=cast.membership(cast.facilitator))
    with pytest.raises((PermissionDenied, Http404)):
        services.lead_link_set(actor=cast.member, circle=circle, membership=cast.membership(cast.member))
    with pytest.raises(ValidationError):
        services.representative_set(circle, cast.membership(cast.observer), cast.member)  # not in the circle
    services.representative_set(circle, cast.membership(cast.member), cast.member)
    circle.refresh_from_db()
    assert circle.lead_link.user == cast.facilitator and circle.representative.user == cast.member
    assert AuditEntry.objects.filter(action="circle.representative_set").exists()
    with pytest.raises(ValidationError):
        services.lead_link_set(
            actor=cast.core_member, circle=services.core_team_circle(cast.community), membership=None
        )


def test_a_membership_that_ends_leaves_its_circles_and_links(cast):
    circle = make_circle(cast.community, joining=Joining.ON_REQUEST)
    other = make_circle(cast.community, "Cantines", joining=Joining.ON_REQUEST)
    member = cast.membership(cast.member)
    add(circle, member, coordinator=True)
    circle.lead_link = circle.representative = member
    circle.save()
    services.circle_ask(user=cast.member, circle=other)
    community_services.membership_leave(user=cast.member, community=cast.community)
    circle.refresh_from_db()
    assert not circle.members.exists()
    assert circle.lead_link is None and circle.representative is None
    assert not other.requests.filter(status=CircleRequest.Status.PENDING).exists()


def test_a_removed_membership_leaves_its_circles_too(cast):
    circle = make_circle(cast.community)
    add(circle, cast.membership(cast.observer))
    community_services.membership_remove(actor=cast.core_member, membership=cast.membership(cast.observer))
    assert not circle.members.exists()
