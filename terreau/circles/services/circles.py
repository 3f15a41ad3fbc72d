"""Creating, editing, nesting and closing circles; the double link (lead link, representative)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership

from .. import permissions as circle_permissions
from ..models import Circle, CircleKind, Joining

# What a coordinator keeps; the core team changes every field.
COORDINATOR_FIELDS = {"purpose", "information"}
CORE_TEAM_FIELDS = {"name", "kind", "purpose", "information", "parent", "joining", "visibility"}


class StaleEdit(ValidationError):
    """The circle changed since the form was opened: nothing saved."""


def core_team_circle(community: Community) -> Circle:
    """The community's core-team circle, made on first use (its members are the core-team memberships)."""
    circle, _created = Circle.objects.get_or_create(
        community=community,
        kind=CircleKind.CORE_TEAM,
        defaults={"joining": Joining.APPOINTED},
    )
    return circle


def _check_parent(circle: Circle, parent: Circle | None) -> None:
    """A parent of the same community, open, never the circle itself nor one nested under it."""
    if parent is None:
        return
    if circle.is_core_team:
        raise ValidationError({"parent": _("The core team's circle is nested under no other circle.")})
    if parent.community_id != circle.community_id or parent.closed_at is not None:
        raise ValidationError({"parent": _("Choose an open circle of this community.")})
    seen = set()
    step: Circle | None = parent
    while step is not None and step.pk not in seen:
        if circle.pk is not None and step.pk == circle.pk:
            raise ValidationError({"parent": _("A circle cannot be nested under itself or one of its own circles.")})
        seen.add(step.pk)
        step = step.parent


def _check_name(circle: Circle) -> None:
    if not circle.is_core_team and not circle.name.strip():
        raise ValidationError({"name": _("Give the circle a name.")})
    if circle.kind == CircleKind.CORE_TEAM and not circle.is_core_team:
        raise ValidationError({"kind": _("A community has one core team's circle.")})


@transaction.atomic
def circle_create(
    *,
    actor: User,
    community: Community,
    name: str,
    kind: str = CircleKind.WORKING_GROUP,
    purpose: str = "",
    parent: Circle | None = None,
    joining: str = Joining.OPEN,
    visibility: str = "members",
    information: str = "",
) -> Circle:
    permissions.require(actor, circle_permissions.MANAGE, community)
    if kind == CircleKind.CORE_TEAM:
        raise ValidationError({"kind": _("A community has one core team's circle.")})
    circle = Circle(
        community=community,
        name=name.strip(),
        kind=kind,
        purpose=purpose,
        parent=parent,
        joining=joining,
        visibility=visibility,
        information=information,
        information_updated_at=timezone.now() if information else None,
        created_by=actor,
    )
    _check_name(circle)
    _check_parent(circle, parent)
    circle.full_clean()
    circle.save()
    audit.record(actor=actor, community=community, action="circle.created", target=circle, after=_snapshot(circle))
    return circle


def _snapshot(circle: Circle) -> dict:
    return {
        "name": circle.display_name,
        "kind": circle.kind,
        "parent": str(circle.parent) if circle.parent_id else None,
        "joining": circle.joining,
        "visibility": circle.visibility,
        "purpose": circle.purpose,
    }


@transaction.atomic
def circle_update(*, actor: User, circle: Circle, version: int, **fields) -> Circle:
    """Edit a circle from a form opened at `version`; a change made since is not overwritten.

    The core team changes everything; a coordinator the purpose and the information only.
    """
    community = circle.community
    allowed = COORDINATOR_FIELDS
    if permissions.can(actor, circle_permissions.MANAGE, community):
        allowed = CORE_TEAM_FIELDS
    else:
        circle_permissions.require_coordinate(actor, community, circle)
    unknown = set(fields) - CORE_TEAM_FIELDS
    if unknown:
        raise TypeError(f"circle_update: unknown fields {sorted(unknown)}")
    if set(fields) - allowed:
        permissions.refuse(actor, community, readable=True)
    current = Circle.objects.select_for_update().get(pk=circle.pk)
    if current.closed_at is not None:
        raise ValidationError(_("This circle is closed: it changes no more."))
    if current.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this circle while you were editing it. Nothing was saved: "
                "check the circle's page, then make your change again."
            )
        )
    before = _snapshot(current)
    if circle.is_core_team:
        fields.pop("kind", None)
        fields.pop("name", None)
    for name, value in fields.items():
        setattr(circle, name, value.strip() if name == "name" else value)
    _check_name(circle)
    _check_parent(circle, circle.parent)
    if "information" in fields and fields["information"] != current.information:
        circle.information_updated_at = timezone.now()
    circle.version = current.version + 1
    circle.full_clean()
    audit.record_visibility(actor=actor, community=community, target=circle)
    circle.save()
    after = _snapshot(circle)
    if after != before or circle.information != current.information:
        audit.record(
            actor=actor, community=community, action="circle.changed", target=circle, before=before, after=after
        )
    return circle


@transaction.atomic
def circle_close(*, actor: User, circle: Circle) -> Circle:
    """Close a circle: it keeps its history; its open children move up to its parent."""
    permissions.require(actor, circle_permissions.MANAGE, circle.community)
    if circle.is_core_team:
        raise ValidationError(_("The core team's circle cannot be closed."))
    if circle.closed_at is not None:
        raise ValidationError(_("This circle is already closed."))
    circle.closed_at = timezone.now()
    circle.version += 1
    circle.save(update_fields=["closed_at", "version"])
    Circle.objects.filter(parent=circle, closed_at__isnull=True).update(parent=circle.parent)
    circle.requests.filter(status="pending").update(status="declined", decided_at=circle.closed_at, decided_by=actor)
    audit.record(actor=actor, community=circle.community, action="circle.closed", target=circle)
    return circle


def _check_member_of(circle: Circle, membership: Membership | None) -> None:
    if membership is None:
        return
    if membership.community_id != circle.community_id or not membership.is_active:
        raise ValidationError(_("Choose an active member of this community."))


@transaction.atomic
def lead_link_set(*, actor: User, circle: Circle, membership: Membership | None) -> Circle:
    """Name the circle's lead link (the parent circle's voice in it), or none."""
    circle_permissions.require_name_lead_link(actor, circle.community, circle)
    if circle.is_core_team:
        raise ValidationError(_("The core team's circle has no parent circle, and so no lead link."))
    _check_member_of(circle, membership)
    before = str(circle.lead_link.user) if circle.lead_link is not None else None
    circle.lead_link = membership
    circle.save(update_fields=["lead_link"])
    audit.record(
        actor=actor,
        community=circle.community,
        action="circle.lead_link_set",
        target=circle,
        before={"lead_link": before},
        after={"lead_link": str(membership.user) if membership else None},
    )
    return circle


@transaction.atomic
def representative_set(circle: Circle, membership: Membership | None, actor: User) -> Circle:
    """Record the representative the circle elected (its voice in the parent circle), or none.

    The circle elects them (a plain form today, an election without candidates later); the
    coordinator or the core team records the outcome. The representative is one of its members.
    """
    circle_permissions.require_coordinate(actor, circle.community, circle)
    return representative_elected(circle=circle, membership=membership, actor=actor)


def representative_elected(*, circle: Circle, membership: Membership | None, actor: User) -> Circle:
    """Record the representative an election without candidates chose: the circle decided, so
    whoever ran the election (terreau/elections checked they may) records it, coordinator or not."""
    community = circle.community
    if circle.is_core_team:
        raise ValidationError(_("The core team's circle has no parent circle to send a representative to."))
    _check_member_of(circle, membership)
    if membership is not None and not circle.members.filter(membership=membership).exists():
        raise ValidationError(_("The representative is one of the circle's members."))
    before = str(circle.representative.user) if circle.representative is not None else None
    circle.representative = membership
    circle.save(update_fields=["representative"])
    audit.record(
        actor=actor,
        community=community,
        action="circle.representative_set",
        target=circle,
        before={"representative": before},
        after={"representative": str(membership.user) if membership else None},
    )
    return circle
