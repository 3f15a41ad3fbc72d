"""Open role allocation: the core team's call for role volunteers ("appel aux forces vives").

The core team lists the open roles; members volunteer for one with a word on why; the core team
confirms (the role is given: the who-does-what follows) or declines with a word. Each volunteer
is told. In a closed community nothing moves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities import services as community_services
from terreau.communities.models import Community, Membership, Phase, Role
from terreau.core import events
from terreau.core.models import Visibility

from .. import permissions as election_permissions
from ..models import RoleCall, Volunteer


def _refuse_if_frozen(community: Community) -> None:
    # Read again: the community may have closed since the page (or the caller) loaded it.
    if Community.objects.filter(pk=community.pk, phase=Phase.CLOSED).exists():
        raise PermissionDenied(str(permissions.CLOSED_REFUSAL))


def _check_roles(community: Community, roles) -> list[Role]:
    roles = list(roles)
    if not roles:
        raise ValidationError({"roles": _("List at least one open role.")})
    if any(role.community_id != community.pk or role.is_retired for role in roles):
        raise ValidationError({"roles": _("Choose among the community's roles.")})
    return roles


@transaction.atomic
def role_call_create(
    *, actor: User, community: Community, title: str, text: str, roles, visibility: str = "members"
) -> RoleCall:
    permissions.require(actor, election_permissions.CALLS_MANAGE, community)
    _refuse_if_frozen(community)
    roles = _check_roles(community, roles)
    if visibility != Visibility.CORE_TEAM and any(role.visibility == Visibility.CORE_TEAM for role in roles):
        raise ValidationError({"roles": _("A role seen by the core team only cannot be offered to the members.")})
    call = RoleCall(
        community=community, title=title.strip(), text=text.strip(), visibility=visibility, created_by=actor
    )
    call.full_clean(exclude=["community"])
    call.save()
    call.roles.set(roles)
    events.announce(
        events.ROLE_CALL_OPENED,
        community=community,
        call=call,
        actor=actor,
        visibility=call.visibility,
        url=call.get_absolute_url(),
    )
    return call


@transaction.atomic
def role_call_close(*, actor: User, call: RoleCall) -> RoleCall:
    permissions.require(actor, election_permissions.CALLS_MANAGE, call.community)
    if call.closed_at is None:
        call.closed_at = timezone.now()
        call.save(update_fields=["closed_at"])
    return call


@transaction.atomic
def volunteer(*, actor: User, call: RoleCall, role: Role, motivation: str) -> Volunteer:
    community = call.community
    membership = permissions.require_membership(actor, election_permissions.VOLUNTEER, community)
    _refuse_if_frozen(community)
    call = RoleCall.objects.select_for_update().get(pk=call.pk)
    if not call.is_open:
        raise ValidationError(_("This call is closed: ask the core team directly."))
    if not call.roles.filter(pk=role.pk).exists():
        raise ValidationError({"role": _("This role is not among the call's open roles.")})
    if not motivation.strip():
        raise ValidationError({"motivation": _("Say in a word why you would take this role.")})
    if Volunteer.objects.filter(call=call, role=role, membership=membership).exists():
        raise ValidationError(_("You already volunteered for this role."))
    found = Volunteer.objects.create(call=call, role=role, membership=membership, motivation=motivation.strip())
    core = User.objects.filter(
        memberships__community=community, memberships__status=Membership.Status.ACTIVE, memberships__is_core_team=True
    )
    events.announce(
        events.ROLE_VOLUNTEERED,
        community=community,
        call=call,
        role=role.display_name,
        user=actor,
        recipients=list(core),
        visibility=Visibility.CORE_TEAM,
        url=reverse("elections:call_review", args=[community.slug, call.pk]),
    )
    return found


@transaction.atomic
def volunteer_decide(*, actor: User, volunteer: Volunteer, confirm: bool, note: str = "") -> Volunteer:
    """Confirm (the role is given) or decline with a word; the volunteer is told either way."""
    call = volunteer.call
    community = call.community
    permissions.require(actor, election_permissions.CALLS_MANAGE, community)
    _refuse_if_frozen(community)
    volunteer = (
        Volunteer.objects.select_for_update(of=("self",))
        .select_related("membership__user", "role")
        .get(pk=volunteer.pk)
    )
    if volunteer.status != Volunteer.Status.PENDING:
        raise ValidationError(_("This volunteer has already been answered."))
    if not confirm and not note.strip():
        raise ValidationError({"note": _("Say a word to the volunteer: why not now, or what else they could do.")})
    if confirm:
        if not volunteer.membership.is_active:
            raise ValidationError(_("This person has left the community."))
        community_services.role_assign(actor=actor, role=volunteer.role, membership=volunteer.membership)
    else:
        audit.record(
            actor=actor,
            community=community,
            action="role_call.volunteer_declined",
            target=volunteer.membership,
            after={"role": volunteer.role.display_name},
        )
    volunteer.status = Volunteer.Status.CONFIRMED if confirm else Volunteer.Status.DECLINED
    volunteer.note = note.strip()
    volunteer.decided_at = timezone.now()
    volunteer.decided_by = actor
    volunteer.save(update_fields=["status", "note", "decided_at", "decided_by"])
    events.announce(
        events.ROLE_VOLUNTEER_DECIDED,
        community=community,
        call=call,
        role=volunteer.role.display_name,
        user=volunteer.membership.user,
        confirmed=confirm,
        note=volunteer.note,
        actor=actor,
        visibility=call.visibility,
        url=call.get_absolute_url(),
    )
    return volunteer
