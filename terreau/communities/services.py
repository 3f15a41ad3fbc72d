"""Writes on communities, members, core team and roles. Each takes the person acting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.core import events
from terreau.emails.services import email_queue

from . import themes as theme_names
from .models import (
    CORE_TEAM_MAX,
    GUIDE_ROLES,
    Community,
    Invitation,
    JoinRequest,
    Membership,
    Phase,
    Role,
    RoleAssignment,
    Theme,
)


def core_team_full_message() -> str:
    return _(
        "The core team already has %(max)s members. The guide advises a core team of "
        "“2-3 people minimum, 5-6 people maximum” who take on the roles the community "
        "needs to develop and draw up a first proposal for its structure and way of working. "
        "Its make-up can change over the community's life: take someone out before adding someone."
    ) % {"max": CORE_TEAM_MAX}


# Communities --------------------------------------------------------------------------


@transaction.atomic
def community_create(
    *,
    actor: User,
    name: str,
    slug: str,
    purpose: str,
    themes: str | list[str] = "",
    listing: str = Community.Listing.PUBLIC,
) -> Community:
    """A new community, its guide roles and its first themes (a list of names, or one text with
    the names separated by commas).

    Someone the platform admin allowed to create communities (not the admin, who reads every
    community) becomes its first core team member: they invite the others.
    """
    permissions.require(actor, "community.create")
    community = Community(name=name, slug=slug, purpose=purpose, listing=listing, created_by=actor)
    community.full_clean()
    community.save()
    roles_create_from_guide(community=community)
    if not actor.is_platform_admin:
        _membership_activate(
            community=community,
            user=actor,
            category=Membership.Category.PERMANENT,
            actor=actor,
            core_team=True,
            engagement=Membership.Engagement.DRIVER,
        )
        permissions.forget(actor, community)
    names = theme_names.split_names(themes) if isinstance(themes, str) else themes
    for theme_name in names:
        theme_get_or_create(actor=actor, community=community, name=theme_name)
    return community


def roles_create_from_guide(*, community: Community) -> list[Role]:
    return Role.objects.bulk_create(
        Role(community=community, kind=kind, hours_per_month=hours, position=position)
        for position, (kind, (_description, hours)) in enumerate(GUIDE_ROLES.items())
    )


@transaction.atomic
def community_update(*, actor: User, community: Community, **fields) -> Community:
    permissions.require(actor, "community.edit", community)
    allowed = {"name", "purpose", "listing", "phase"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"community_update() cannot change {name}")
        setattr(community, name, value)
    community.full_clean()
    audit.record_visibility(actor=actor, community=community, target=community, field="listing")
    community.save(update_fields=list(fields))
    return community


# Themes -------------------------------------------------------------------------------
# Questions, follows, knowledge items, applications and actions point to a theme: renaming it
# keeps them all; removing it unties them (a follow of it ends).


def _theme_save(theme: Theme, *, update_fields=None) -> Theme:
    theme.full_clean(exclude=["community"])  # Theme.clean() refuses a name the community already has
    theme.save(update_fields=update_fields)
    return theme


@transaction.atomic
def theme_create(*, actor: User, community: Community, name: str) -> Theme:
    permissions.require(actor, "themes.manage", community)
    return _theme_save(Theme(community=community, name=name))


@transaction.atomic
def theme_get_or_create(*, actor: User, community: Community, name: str) -> Theme:
    """The community's theme of this name (whatever its case, accents or punctuation), added when
    it has none: for the forms that let a theme be written rather than chosen."""
    found = Theme.objects.filter(community=community, slug=theme_names.theme_slug(name)).first()
    if found is not None and theme_names.theme_slug(name):
        return found
    return theme_create(actor=actor, community=community, name=name)


@transaction.atomic
def theme_rename(*, actor: User, theme: Theme, name: str) -> Theme:
    """Everything that pointed to the theme points to it under its new name."""
    permissions.require(actor, "themes.manage", theme.community)
    before = theme.name, theme.slug
    theme.name = name
    try:
        _theme_save(theme, update_fields=["name", "slug"])
    except ValidationError:
        theme.name, theme.slug = before  # the page goes on showing the theme as it is
        raise
    if theme.name != before[0]:
        audit.record(
            actor=actor,
            community=theme.community,
            action="theme.renamed",
            target=theme,
            before={"name": before[0]},
            after={"name": theme.name},
        )
    return theme


@transaction.atomic
def theme_delete(*, actor: User, theme: Theme) -> None:
    permissions.require(actor, "themes.manage", theme.community)
    audit.record_deletion(actor=actor, community=theme.community, action="theme.deleted", target=theme)
    theme.delete()


# Membership ---------------------------------------------------------------------------


def _membership_activate(
    *, community: Community, user: User, category: str, actor: User, core_team: bool = False, engagement: str = ""
) -> Membership:
    """Create the membership, or bring back one that had ended (its history stays); announce it.

    `engagement`: the level the person chose before joining (in an application), if any.
    """
    found = Membership.objects.filter(community=community, user=user).first()
    before = {"status": found.status} if found else None
    if found is None:
        found = Membership.objects.create(
            community=community, user=user, category=category, **({"engagement": engagement} if engagement else {})
        )
    else:
        found.status = Membership.Status.ACTIVE
        found.category = category
        found.joined_at = timezone.now()
        found.ended_at = None
        found.is_core_team = False
        found.engagement = engagement or found.engagement
        found.save(update_fields=["status", "category", "joined_at", "ended_at", "is_core_team", "engagement"])
    if core_team:
        found.is_core_team = True
        found.save(update_fields=["is_core_team"])
    after = {"status": found.status, "category": found.category, "core_team": found.is_core_team}
    audit.record(actor=actor, community=community, action="membership.joined", target=found, before=before, after=after)
    events.announce(events.MEMBER_JOINED, community=community, membership=found)
    return found


@transaction.atomic
def community_join(*, user: User, community: Community, message: str = "") -> Membership | JoinRequest:
    """Join a public community at once; ask the core team of a private one."""
    permissions.require(user, "community.join", community)
    if community.is_public:
        membership = _membership_activate(
            community=community, user=user, category=Membership.Category.PERMANENT, actor=user
        )
        permissions.forget(user, community)
        return membership
    pending = JoinRequest.objects.filter(community=community, user=user, status=JoinRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    join_request = JoinRequest.objects.create(community=community, user=user, message=message)
    for core in core_team(community):
        email_queue(
            to=core.user.email,
            template="communities/emails/join_request",
            context={"join_request": join_request, "community": community, "recipient": core.user},
            language=core.user.language,
        )
    return join_request


@transaction.atomic
def join_request_decide(*, actor: User, join_request: JoinRequest, approve: bool) -> JoinRequest:
    community = join_request.community
    permissions.require(actor, "members.review_requests", community)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        _membership_activate(
            community=community, user=join_request.user, category=Membership.Category.PERMANENT, actor=actor
        )
    else:
        audit.record(
            actor=actor,
            community=community,
            action="join_request.declined",
            target=join_request,
            before={"status": JoinRequest.Status.PENDING},
            after={"status": join_request.status},
        )
    email_queue(
        to=join_request.user.email,
        template="communities/emails/join_request_approved" if approve else "communities/emails/join_request_declined",
        context={"community": community, "recipient": join_request.user},
        language=join_request.user.language,
    )
    return join_request


@transaction.atomic
def membership_leave(*, user: User, community: Community) -> Membership:
    membership = permissions.require_membership(user, "community.leave", community)
    if membership.is_core_team:
        _refuse_emptying_the_core_team(membership)
    membership_end(membership, Membership.Status.LEFT, actor=user)
    permissions.forget(user, community)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> Membership:
    permissions.require(actor, "members.manage", membership.community)
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the community yourself, use “Leave the community”."))
    membership_end(membership, Membership.Status.REMOVED, actor=actor)
    return membership


def _refuse_emptying_the_core_team(membership: Membership) -> None:
    """The core team carries every role nobody holds: a community without one is adrift."""
    others = core_team(membership.community).exclude(pk=membership.pk)
    if membership.community.phase != Phase.CLOSED and not others.exists():
        raise ValidationError(
            _(
                "%(name)s is the last member of the core team. Add someone else to the core team first: "
                "the core team carries every role nobody holds."
            )
            % {"name": membership.user}
        )


def membership_end(membership: Membership, status: str, actor: User) -> None:
    before = {
        "status": membership.status,
        "core_team": membership.is_core_team,
        "roles": [a.role.display_name for a in membership.role_assignments.select_related("role")],
    }
    membership.status = status
    membership.ended_at = timezone.now()
    membership.is_core_team = False
    membership.sponsor = None
    membership.save(update_fields=["status", "ended_at", "is_core_team", "sponsor"])
    membership.role_assignments.all().delete()
    Membership.objects.filter(sponsor=membership).update(sponsor=None)
    action = "membership.left" if status == Membership.Status.LEFT else "membership.removed"
    audit.record(
        actor=actor,
        community=membership.community,
        action=action,
        target=membership,
        before=before,
        after={"status": status},
    )
    # The apps holding this membership elsewhere (a circle's members) let it go, in this transaction.
    events.announce(
        events.MEMBER_LEFT, community=membership.community, membership=membership, status=status, actor=actor
    )


@transaction.atomic
def membership_set_engagement(*, user: User, community: Community, engagement: str) -> Membership:
    """Only the member chooses their own engagement level."""
    membership = permissions.require_membership(user, "membership.engage", community)
    before = {"engagement": membership.engagement}
    membership.engagement = engagement
    membership.full_clean()
    membership.save(update_fields=["engagement"])
    if before["engagement"] != engagement:
        audit.record(
            actor=user,
            community=community,
            action="membership.changed",
            target=membership,
            before=before,
            after={"engagement": engagement},
        )
    return membership


@transaction.atomic
def membership_update(*, actor: User, membership: Membership, category: str, sponsor: Membership | None) -> Membership:
    community = membership.community
    permissions.require(actor, "members.manage", community)
    if sponsor is not None:
        if sponsor.pk == membership.pk:
            raise ValidationError({"sponsor": _("A member cannot sponsor themselves.")})
        if sponsor.community_id != community.pk or not sponsor.is_active:
            raise ValidationError({"sponsor": _("The sponsor must be a member of this community.")})
    new_sponsor = sponsor if sponsor is not None and sponsor.pk != membership.sponsor_id else None
    stored = Membership.objects.select_related("sponsor__user").get(pk=membership.pk)  # a form may have changed it
    before = {"category": stored.category, "sponsor": str(stored.sponsor.user) if stored.sponsor else None}
    membership.category = category
    membership.sponsor = sponsor
    membership.full_clean()
    membership.save(update_fields=["category", "sponsor"])
    after = {"category": category, "sponsor": str(sponsor.user) if sponsor else None}
    if after != before:
        audit.record(
            actor=actor, community=community, action="membership.changed", target=membership, before=before, after=after
        )
    if new_sponsor is not None:
        email_queue(
            to=new_sponsor.user.email,
            template="communities/emails/sponsor_assigned",
            context={"community": community, "recipient": new_sponsor.user, "newcomer": membership.user},
            language=new_sponsor.user.language,
        )
    return membership


# Core team ----------------------------------------------------------------------------


def core_team(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE, is_core_team=True)
        .select_related("user")
        .order_by("user__display_name")
    )


@transaction.atomic
def core_team_add(*, actor: User, membership: Membership) -> Membership:
    community = membership.community
    permissions.require(actor, "core_team.manage", community)
    if not membership.is_active:
        raise ValidationError(_("Only an active member can join the core team."))
    # Lock the community row so that two additions at once cannot make a seventh.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    if membership.is_core_team:
        return membership
    if core_team(community).count() >= CORE_TEAM_MAX:
        raise ValidationError(core_team_full_message())
    membership.is_core_team = True
    membership.save(update_fields=["is_core_team"])
    audit.record(
        actor=actor,
        community=community,
        action="core_team.added",
        target=membership,
        before={"core_team": False},
        after={"core_team": True},
    )
    return membership


@transaction.atomic
def core_team_remove(*, actor: User, membership: Membership) -> Membership:
    permissions.require(actor, "core_team.manage", membership.community)
    if membership.is_core_team:
        _refuse_emptying_the_core_team(membership)
        audit.record(
            actor=actor,
            community=membership.community,
            action="core_team.removed",
            target=membership,
            before={"core_team": True},
            after={"core_team": False},
        )
    membership.is_core_team = False
    membership.save(update_fields=["is_core_team"])
    permissions.forget(actor, membership.community)
    return membership


# Invitations --------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    community: Community,
    email: str,
    category: str = Membership.Category.PERMANENT,
    message: str = "",
    core_team: bool = False,
    engagement: str = "",
    name: str = "",
    organisation: str = "",
) -> Invitation:
    """Invite someone by email. `engagement`, `name` and `organisation` are what an applicant to a
    call already said: the membership starts at that engagement, the sign-up form shows the rest."""
    permissions.require(actor, "members.invite", community)
    if community.phase == Phase.CLOSED:
        raise ValidationError(_("This community is closed: it no longer takes new members."))
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.filter(
        community=community, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        raise ValidationError({"email": _("This person is already a member of the community.")})
    open_invitations = Invitation.objects.filter(
        community=community,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if open_invitations.exists():
        raise ValidationError({"email": _("An invitation is already waiting for this address.")})
    invitation = Invitation(
        community=community,
        email=email,
        category=category,
        message=message,
        core_team=core_team,
        invited_by=actor,
        engagement=engagement,
        name=name.strip(),
        organisation=organisation.strip(),
    )
    invitation.full_clean()
    invitation.save()
    invitee = User.objects.filter(email__iexact=email).first()
    invitation.outgoing_email = email_queue(
        to=email,
        template="communities/emails/invitation",
        context={"invitation": invitation, "community": community, "inviter": actor},
        language=invitee.language if invitee else None,
    )
    invitation.save(update_fields=["outgoing_email"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    community = invitation.community
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn by the core team."))
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation expired on %(date)s. Ask the core team of %(community)s for a new one.")
            % {"date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"), "community": community.name}
        )
    if community.phase == Phase.CLOSED:
        raise ValidationError(_("This community is closed: it no longer takes new members."))
    if permissions.membership(user, community) is not None:
        raise ValidationError(_("You are already a member of this community."))
    membership = _membership_activate(
        community=community,
        user=user,
        category=invitation.category,
        actor=user,
        core_team=invitation.core_team and core_team(community).count() < CORE_TEAM_MAX,
        engagement=invitation.engagement,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    JoinRequest.objects.filter(community=community, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=invitation.invited_by
    )
    permissions.forget(user, community)
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    permissions.require(actor, "members.invite", invitation.community)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


# Roles --------------------------------------------------------------------------------


@transaction.atomic
def role_save(*, actor: User, role: Role) -> Role:
    """Create or edit a role of the community it names."""
    permissions.require(actor, "roles.manage", role.community)
    role.full_clean()
    audit.record_visibility(actor=actor, community=role.community, target=role)
    role.save()
    return role


@transaction.atomic
def role_retire(*, actor: User, role: Role, retire: bool = True) -> Role:
    permissions.require(actor, "roles.manage", role.community)
    role.retired_at = timezone.now() if retire else None
    role.save(update_fields=["retired_at", "updated_at"])
    return role


@transaction.atomic
def role_assign(*, actor: User, role: Role, membership: Membership) -> RoleAssignment:
    permissions.require(actor, "roles.manage", role.community)
    if membership.community_id != role.community_id or not membership.is_active:
        raise ValidationError(_("Only a member of this community can hold one of its roles."))
    if role.is_retired:
        raise ValidationError(_("This role is retired; bring it back before assigning it."))
    assignment, created = RoleAssignment.objects.get_or_create(
        role=role, membership=membership, defaults={"assigned_by": actor}
    )
    if created:
        audit.record(
            actor=actor,
            community=role.community,
            action="role.assigned",
            target=membership,
            after={"role": role.display_name},
        )
    return assignment


@transaction.atomic
def role_unassign(*, actor: User, role: Role, membership: Membership) -> None:
    permissions.require(actor, "roles.manage", role.community)
    deleted, _by_model = RoleAssignment.objects.filter(role=role, membership=membership).delete()
    if deleted:
        audit.record(
            actor=actor,
            community=role.community,
            action="role.unassigned",
            target=membership,
            before={"role": role.display_name},
        )
