"""A circle's members: joining, asking to join, the coordinator's answer, leaving, the core
team's additions; and what a membership that ends takes with it.

The core team's circle holds no `CircleMember`: its members are the core-team memberships, kept
by the communities' own services (the 2-to-6 rule, the last member who cannot leave).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities import services as community_services
from terreau.communities.models import Membership
from terreau.core import events

from .. import permissions as circle_permissions
from ..models import Circle, CircleMember, CircleRequest, Joining


def _open(circle: Circle) -> None:
    if circle.closed_at is not None:
        raise ValidationError(_("This circle is closed."))


def _already(circle: Circle, membership: Membership) -> bool:
    return CircleMember.objects.filter(circle=circle, membership=membership).exists()


def _record(actor, circle: Circle, action: str, membership: Membership, **after) -> None:
    audit.record(
        actor=actor,
        community=circle.community,
        action=action,
        target=circle,
        after={"member": str(membership.user), **after},
    )


@transaction.atomic
def member_add(
    *, actor: User, circle: Circle, membership: Membership, coordinator: bool = False
) -> CircleMember | None:
    """The core team (or a coordinator, for their circle) adds an active member."""
    community = circle.community
    if circle.is_core_team:
        community_services.core_team_add(actor=actor, membership=membership)  # the 2-to-6 rule
        return None
    circle_permissions.require_coordinate(actor, community, circle)
    _open(circle)
    if membership.community_id != community.pk or not membership.is_active:
        raise ValidationError(_("Choose an active member of this community."))
    if _already(circle, membership):
        raise ValidationError(_("%(name)s is already in this circle.") % {"name": membership.user})
    member = CircleMember.objects.create(circle=circle, membership=membership, is_coordinator=coordinator)
    CircleRequest.objects.filter(circle=circle, membership=membership, status=CircleRequest.Status.PENDING).update(
        status=CircleRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=actor
    )
    _record(actor, circle, "circle.member_added", membership, coordinator=coordinator)
    return member


def _let_go(circle: Circle, membership: Membership) -> None:
    """Take the membership out of the circle, and out of the double link it held there."""
    CircleMember.objects.filter(circle=circle, membership=membership).delete()
    if circle.representative_id == membership.pk:
        circle.representative = None
        circle.save(update_fields=["representative"])


@transaction.atomic
def member_remove(*, actor: User, circle: Circle, membership: Membership) -> None:
    community = circle.community
    if circle.is_core_team:
        community_services.core_team_remove(actor=actor, membership=membership)  # never the last one
        return
    circle_permissions.require_coordinate(actor, community, circle)
    if not _already(circle, membership):
        raise ValidationError(_("%(name)s is not in this circle.") % {"name": membership.user})
    _let_go(circle, membership)
    _record(actor, circle, "circle.member_removed", membership)


@transaction.atomic
def coordinator_set(*, actor: User, circle: Circle, membership: Membership, coordinator: bool = True) -> CircleMember:
    """Make a member coordinator of the circle (or no longer); a circle may have several."""
    permissions.require(actor, circle_permissions.MANAGE, circle.community)
    _open(circle)
    member = CircleMember.objects.filter(circle=circle, membership=membership).first()
    if member is None:
        raise ValidationError(_("Only a member of the circle can coordinate it: add them first."))
    if member.is_coordinator != coordinator:
        member.is_coordinator = coordinator
        member.save(update_fields=["is_coordinator"])
        _record(actor, circle, "circle.coordinator_set", membership, coordinator=coordinator)
    return member


def _joinable(user: User, circle: Circle) -> Membership:
    membership = permissions.require_membership(user, circle_permissions.JOIN, circle.community)
    if not permissions.can_see(user, circle.community, circle):
        permissions.refuse(user, circle.community, readable=False)
    _open(circle)
    if circle.is_core_team:
        raise ValidationError(_("The core team is named by the core team: ask one of its members."))
    if _already(circle, membership):
        raise ValidationError(_("You are already in this circle."))
    return membership


@transaction.atomic
def circle_join(*, user: User, circle: Circle) -> CircleMember:
    """A member joins an open circle."""
    membership = _joinable(user, circle)
    if circle.joining != Joining.OPEN:
        raise ValidationError(_("This circle is not open: ask to join it."))
    member = CircleMember.objects.create(circle=circle, membership=membership)
    _record(user, circle, "circle.member_added", membership, joined=True)
    return member


def deciders(circle: Circle):
    """Who answers a request: the circle's coordinators, or the core team when it has none."""
    coordinators = User.objects.filter(
        memberships__circle_memberships__circle=circle,
        memberships__circle_memberships__is_coordinator=True,
        memberships__status=Membership.Status.ACTIVE,
    )
    if coordinators.exists():
        return list(coordinators)
    return [membership.user for membership in community_services.core_team(circle.community)]


@transaction.atomic
def circle_ask(*, user: User, circle: Circle, message: str = "") -> CircleRequest:
    """A member asks to join a circle on request; its coordinators (or the core team) are told."""
    membership = _joinable(user, circle)
    if circle.joining != Joining.ON_REQUEST:
        raise ValidationError(_("This circle does not take requests to join."))
    if CircleRequest.objects.filter(circle=circle, membership=membership, status=CircleRequest.Status.PENDING).exists():
        raise ValidationError(_("Your request is already waiting for an answer."))
    request = CircleRequest.objects.create(circle=circle, membership=membership, message=message.strip())
    events.announce(
        events.CIRCLE_JOIN_REQUESTED,
        community=circle.community,
        circle=circle,
        name=str(user),
        recipients=deciders(circle),
        visibility=circle.visibility,
        url=circle.get_absolute_url(),
    )
    return request


@transaction.atomic
def request_decide(*, actor: User, request: CircleRequest, approve: bool) -> CircleRequest:
    """The coordinator (or the core team) approves or declines; the requester is told either way."""
    circle = request.circle
    circle_permissions.require_coordinate(actor, circle.community, circle)
    current = CircleRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != CircleRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    membership = current.membership
    if approve:
        _open(circle)
        if not membership.is_active:
            raise ValidationError(_("%(name)s is no longer a member of the community.") % {"name": membership.user})
        if not _already(circle, membership):
            CircleMember.objects.create(circle=circle, membership=membership)
    request.status = CircleRequest.Status.APPROVED if approve else CircleRequest.Status.DECLINED
    request.decided_at, request.decided_by = timezone.now(), actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit.record(
        actor=actor,
        community=circle.community,
        action="circle.request_decided",
        target=circle,
        after={"member": str(membership.user), "status": request.status},
    )
    events.announce(
        events.CIRCLE_REQUEST_DECIDED,
        community=circle.community,
        circle=circle,
        requester=membership.user,
        approved=approve,
        actor=actor,
        visibility=circle.visibility,
        url=circle.get_absolute_url(),
    )
    return request


@transaction.atomic
def circle_leave(*, user: User, circle: Circle) -> None:
    """A member leaves a circle (the core team is left through the core team's page)."""
    membership = permissions.require_membership(user, circle_permissions.JOIN, circle.community)
    if circle.is_core_team:
        raise ValidationError(_("To leave the core team, ask another of its members to take you out."))
    if not _already(circle, membership):
        raise ValidationError(_("You are not in this circle."))
    _let_go(circle, membership)
    _record(user, circle, "circle.member_removed", membership, left=True)


def member_left(*, community, membership, status, actor) -> None:
    """A membership ended: it leaves its circles, its requests and the double links it held."""
    for circle in Circle.objects.filter(members__membership=membership):
        _let_go(circle, membership)
    Circle.objects.filter(lead_link=membership).update(lead_link=None)
    Circle.objects.filter(representative=membership).update(representative=None)
    CircleRequest.objects.filter(membership=membership, status=CircleRequest.Status.PENDING).update(
        status=CircleRequest.Status.DECLINED, decided_at=timezone.now()
    )
