"""The kernel of Terreau's one permission policy: standing, visibilities, the rule table, the refusal.

Every view and service asks here, or in its app's `permissions.py`, which builds only on this
module: `can()` is the yes/no form, `require()` the form that answers a refusal (and
`require_membership()` the one that also returns the membership the action takes), `visible()` and
`communities_listed_for()` the queryset forms. `refuse()` is the one refusal, for actions and for
single things alike: a visitor who is not signed in is sent to sign in first, whatever the
address, which reveals nothing; a person who may not even read the thing (outside the community,
anything members-only) gets 404, so a private thing never reveals that it exists; a person who
reads it but may not do this gets 403. A refusal is never a form error (but for one note, in
exchanges/permissions.py: a platform admin who writes where they hold no membership is told so
in the form, which keeps what they typed).

Actions are named for what they do. This module holds the community's own (below); each feature
app registers its own in its `permissions.py` with `register()`, at import, and its code names
them through the constants that call returns. `can()` and `require()` raise `UnknownAction` (a
`KeyError`) for a name nobody registered, so a misspelt action fails loudly instead of refusing.

| action | least standing |
|---|---|
| `community.view` | visitor |
| `community.join` | outsider (not a member yet) |
| `community.leave`, `membership.engage` | a membership (a platform admin holds none by default) |
| `community.edit` | core team |
| `members.view`, `roles.view` | member |
| `members.invite`, `members.manage`, `members.review_requests`, `core_team.manage`, `roles.manage` | core team |
| `members.find_by_email` (the member picker matches a whole email address) | core team |
| `audit.view` | core team |
| `themes.manage` | core team, and members holding the content-management role |
| `community.create` (platform) | platform admin, and the people they allow (`GRANTABLE`) |
| `profile.edit` (platform) | signed in |
| `account.manage` (platform: their data, sessions, deleting their account) | signed in |
| `account.erase` (platform: deleting someone else's account on request) | platform admin |

A closed community is read-only: `can()` refuses every action of a closed community but those
registered with `reads=True` (they change nothing) or `when_closed=True` (leaving it, reopening
it, building and handing over its archive), and `require()` answers such a refusal with a 403
that says the community is closed. Services ask `require()` before they write, so the rule holds
for every form, every htmx call and every service a page reaches; pages ask `can()` and so offer
no button that would be refused. A write a feature decides by its own rule (an author edits their
own thing) asks `require_open()`, or refuses through `refuse_write()`; a read decided by who may
write (the core team reads the drafts it manages) asks `holds()`, which a closed community still
answers. tests/test_closed_community.py holds every form of the access matrix to this.
"""

from enum import IntEnum
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from terreau.communities.models import Community, Membership, Phase, RoleAssignment, RoleKind
from terreau.core.exceptions import SignInRequired  # in core, whose middleware turns it into a redirect
from terreau.core.models import Visibility


class Standing(IntEnum):
    VISITOR = 0  # not signed in
    OUTSIDER = 1  # signed in, not a member
    MEMBER = 2
    CORE_TEAM = 3
    ADMIN = 4  # platform admin


class UnknownAction(KeyError):
    """An action nobody registered: a misspelt name, or an app's permissions module not imported."""


# The least standing each action needs within a community; apps add theirs with `register()`.
RULES: dict[str, Standing] = {
    "community.view": Standing.VISITOR,
    "community.join": Standing.OUTSIDER,
    "community.leave": Standing.MEMBER,
    "membership.engage": Standing.MEMBER,  # choose one's own engagement level
    "community.edit": Standing.CORE_TEAM,
    "members.view": Standing.MEMBER,
    "members.invite": Standing.CORE_TEAM,
    "members.manage": Standing.CORE_TEAM,
    # The directory shows no email: only the core team finds a member by their address.
    "members.find_by_email": Standing.CORE_TEAM,
    "members.review_requests": Standing.CORE_TEAM,
    "core_team.manage": Standing.CORE_TEAM,
    "roles.view": Standing.MEMBER,
    "roles.manage": Standing.CORE_TEAM,
    "audit.view": Standing.CORE_TEAM,
}

# Actions open to the core team and to the members who hold the role that carries them
# (the core team carries every role nobody holds): action -> RoleKind.
ROLE_RULES: dict[str, str] = {
    "themes.manage": RoleKind.CONTENT,  # add, rename and remove the community's themes
}
RULES["themes.manage"] = Standing.MEMBER

# Actions that take an active membership: a platform admin, who reads every community, does them
# only where they joined.
MEMBERSHIP_RULES: set[str] = {"community.leave", "membership.engage"}

# Actions that change nothing: a closed community still answers them.
READS: set[str] = {"community.view", "members.view", "roles.view", "audit.view"}
# Actions that write yet stay open in a closed community: a member may still leave it.
WHEN_CLOSED: set[str] = {"community.leave"}

CLOSED_REFUSAL = _(
    "This community is closed: everything in it stays readable, but nothing can be added or changed any more."
)

# Platform-wide actions.
PLATFORM_RULES: dict[str, Standing] = {
    "community.create": Standing.ADMIN,
    "profile.edit": Standing.OUTSIDER,
    # A person's own account: their data, their sessions, its deletion.
    "account.manage": Standing.OUTSIDER,
    # Deleting someone else's account, on their request.
    "account.erase": Standing.ADMIN,
}

# Platform-wide actions the platform admin may open to chosen people: the Django permission that
# allows it, given to the person or to one of their groups on their page of the Django admin.
GRANTABLE: dict[str, str] = {
    "community.create": "communities.add_community",
}

# What a refused platform-wide action says (the refusal page's words are otherwise about the core
# team, which a platform-wide action has nothing to do with).
PLATFORM_REFUSALS: dict[str, StrOrPromise] = {
    "community.create": _(
        "Only the platform admin, or the people they allow, can create a community. "
        "If your group needs one, ask the platform admin."
    ),
}


def register(
    action: str,
    standing: Standing,
    *,
    role: str | None = None,
    needs_membership: bool = False,
    platform: bool = False,
    reads: bool = False,
    when_closed: bool = False,
) -> str:
    """Add an app's action to the rule table and return its name (for the app's constant).

    `role`: members holding this role kind may do it too (the core team always may; `standing`
    is then MEMBER). `needs_membership`: it takes an active membership, whatever the standing.
    `platform`: a platform-wide action, asked without a community. `reads`: it changes nothing,
    so a closed community still answers it; `when_closed`: it writes, yet a closed community
    still allows it (every other write of a closed community is refused).
    """
    if reads and when_closed:
        raise ValueError(f"{action!r}: an action that only reads is open when closed already")
    if reads:
        READS.add(action)
    if when_closed:
        WHEN_CLOSED.add(action)
    if platform:
        if role is not None or needs_membership:
            raise ValueError(f"{action!r}: a platform-wide action has no role nor membership")
        if PLATFORM_RULES.get(action, standing) != standing:
            raise ValueError(f"{action!r} is already registered with another rule")
        PLATFORM_RULES[action] = standing
        return action
    if role is not None and standing != Standing.MEMBER:
        raise ValueError(f"{action!r}: an action carried by a role is open from the standing of a member")
    rule = (standing, role, needs_membership)
    if action in RULES and _rule(action) != rule:
        raise ValueError(f"{action!r} is already registered with another rule")
    RULES[action] = standing
    if role is not None:
        ROLE_RULES[action] = role
    if needs_membership:
        MEMBERSHIP_RULES.add(action)
    return action


def _rule(action: str) -> tuple[Standing, str | None, bool]:
    return RULES[action], ROLE_RULES.get(action), action in MEMBERSHIP_RULES


def needed(action: str, *, platform: bool = False) -> Standing:
    """The least standing `action` needs; an unknown action is an error, never a refusal."""
    table = PLATFORM_RULES if platform else RULES
    if action not in table:
        where = "platform-wide" if platform else "in a community"
        raise UnknownAction(f"no action {action!r} {where}: register it in its app's permissions module")
    return table[action]


VISIBLE_AT: dict[Standing, list[str]] = {
    Standing.VISITOR: [Visibility.PUBLIC],
    Standing.OUTSIDER: [Visibility.PUBLIC],
    Standing.MEMBER: [Visibility.PUBLIC, Visibility.MEMBERS],
    Standing.CORE_TEAM: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
    Standing.ADMIN: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
}


def _active_memberships(user) -> QuerySet[Membership]:
    """The person's active memberships, each with the kinds of the roles it holds (`role_kinds`,
    comma-separated): who is asking is known in one query, roles included."""
    kinds = (
        RoleAssignment.objects.filter(membership=OuterRef("pk"), role__retired_at__isnull=True)
        .order_by()
        .values("membership")
        .annotate(kinds=StringAgg("role__kind", delimiter=Value(",")))
        .values("kinds")
    )
    return (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("sponsor__user")
        .annotate(role_kinds=Subquery(kinds))
    )


def _remember(user, community: Community, found: Membership | None) -> None:
    user.__dict__.setdefault("_terreau_memberships", {})[community.pk] = found
    if found is not None:
        kinds = set(filter(None, (getattr(found, "role_kinds", None) or "").split(",")))
        user.__dict__.setdefault("_terreau_role_kinds", {})[community.pk] = kinds


def membership(user, community: Community) -> Membership | None:
    """The person's active membership, looked up once per request and user object."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.get("_terreau_memberships", {})
    if community.pk not in cache:
        _remember(user, community, _active_memberships(user).filter(community=community).first())
    return user.__dict__["_terreau_memberships"][community.pk]


def require_membership(user, action: str, community: Community) -> Membership:
    """`require()` for an action that takes an active membership; returns that membership."""
    require(user, action, community)
    found = membership(user, community)
    if found is None:
        # can() refuses an action of MEMBERSHIP_RULES without one: only a rule registered without
        # `needs_membership` gets here, which is a mistake in the code, not a refusal.
        raise LookupError(f"{action!r} needs an active membership: register it with needs_membership=True")
    return found


def forget(user, community: Community) -> None:
    """Drop the cached membership and roles after a service changed them."""
    user.__dict__.get("_terreau_memberships", {}).pop(community.pk, None)
    user.__dict__.get("_terreau_role_kinds", {}).pop(community.pk, None)


def standing(user, community: Community) -> Standing:
    if not user.is_authenticated:
        return Standing.VISITOR
    if user.is_platform_admin:
        return Standing.ADMIN
    found = membership(user, community)
    if found is None:
        return Standing.OUTSIDER
    return Standing.CORE_TEAM if found.is_core_team else Standing.MEMBER


def platform_standing(user) -> Standing:
    if not user.is_authenticated:
        return Standing.VISITOR
    return Standing.ADMIN if user.is_platform_admin else Standing.OUTSIDER


def is_closed(community: Community) -> bool:
    return community.phase == Phase.CLOSED


def frozen(action: str, community: Community) -> bool:
    """Whether `action` is refused because the community is closed (whoever asks)."""
    return is_closed(community) and action not in READS and action not in WHEN_CLOSED


def can(user, action: str, community: Community | None = None) -> bool:
    if community is not None and frozen(action, community):
        needed(action)  # a misspelt action still fails loudly
        return False
    return _allowed(user, action, community)


def holds(user, action: str, community: Community) -> bool:
    """Whether the person holds what `action` needs, the community closed or not: for a read
    decided by who may write (the core team reads the drafts it manages, after closing too)."""
    return _allowed(user, action, community)


def _allowed(user, action: str, community: Community | None) -> bool:
    """`can()` as if the community were open."""
    required = needed(action, platform=community is None)
    if community is None:
        if platform_standing(user) >= required:
            return True
        granted_by = GRANTABLE.get(action)
        return granted_by is not None and user.is_authenticated and user.has_perm(granted_by)
    have = standing(user, community)
    if action == "community.join":
        # A platform admin who is not a member may join like anyone else (but for a closed
        # community, which `can()` refuses with the rest of its writes, saying why).
        return membership(user, community) is None and have >= Standing.OUTSIDER
    if action in MEMBERSHIP_RULES and membership(user, community) is None:
        return False  # even an admin leaves, or writes as a member, only where they joined
    if action in ROLE_RULES:
        return have >= Standing.CORE_TEAM or (have >= required and holds_role(user, community, ROLE_RULES[action]))
    return have >= required


def require(user, action: str, community: Community | None = None) -> None:
    """`can()`, or the kernel's refusal: a members-only action is not even readable from outside."""
    if can(user, action, community):
        return
    if community is None:
        refuse(user, None, readable=True, reason=PLATFORM_REFUSALS.get(action, ""))
    outside = needed(action) >= Standing.MEMBER and not is_member(user, community)
    if not outside and frozen(action, community) and _allowed(user, action, community):
        refuse(user, community, readable=True, reason=CLOSED_REFUSAL)
    refuse(user, community, readable=not outside)


def require_open(user, community: Community, *, readable: bool = True) -> None:
    """For a write a feature decides by its own rule (its author edits it): a closed community
    refuses it as it refuses every registered write. `readable`: whether the person reads the
    thing (someone who does not gets the same 404 as in an open community)."""
    if is_closed(community):
        refuse(user, community, readable=readable, reason=CLOSED_REFUSAL)


def refuse_write(user, community: Community, readable: bool) -> NoReturn:
    """`refuse()` for a write a feature decides by its own rule: in a closed community, whoever
    reads the thing is told that the community is closed (nobody may change it any more)."""
    require_open(user, community, readable=readable)
    refuse(user, community, readable=readable)


def refuse(user, community: Community | None, readable: bool, reason: StrOrPromise = "") -> NoReturn:
    """The one refusal, for an action or for one thing: sign in first; 404 when the person may not
    even read what they are refused (it does not reveal itself); 403 when they read it.

    An app passes `readable` False for a thing the person may not see, and for anything
    members-only when they are outside the community. `reason`, for a 403, says who may do it
    (the refusal page shows it instead of its general words).
    """
    if not user.is_authenticated:
        raise SignInRequired
    if not readable:
        raise Http404
    raise PermissionDenied(str(reason)) if reason else PermissionDenied


def is_member(user, community: Community) -> bool:
    """Inside the community: a member, the core team, or a platform admin (who reads every community)."""
    return standing(user, community) >= Standing.MEMBER


def holds_role(user, community: Community, kind: str) -> bool:
    """Whether the person holds a (not retired) role of this kind here, looked up once per request."""
    found = membership(user, community)
    if found is None:
        return False
    cache = user.__dict__.setdefault("_terreau_role_kinds", {})
    if community.pk not in cache:
        cache[community.pk] = set(
            found.role_assignments.filter(role__retired_at__isnull=True).values_list("role__kind", flat=True)
        )
    return kind in cache[community.pk]


def visibilities(user, community: Community) -> list[str]:
    return VISIBLE_AT[standing(user, community)]


def can_see(user, community: Community, thing) -> bool:
    return thing.visibility in visibilities(user, community)


def visible(user, community: Community, queryset: QuerySet) -> QuerySet:
    """Only the things of `queryset` (which have a `visibility`) this person may see."""
    return queryset.filter(visibility__in=visibilities(user, community))


def members_who_may_see(community: Community, visibility: str) -> QuerySet:
    """The active memberships whose person may see a thing of this `visibility`.

    The queryset form of `can_see` over people, for fan-outs (notifications, emails): one query
    decides for every recipient. Someone who is not an active member is never among them.
    """
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    platform_admin = Q(user__is_active=True, user__is_superuser=True)  # User.is_platform_admin
    if visibility in VISIBLE_AT[Standing.MEMBER]:
        return members
    if visibility in VISIBLE_AT[Standing.CORE_TEAM]:
        return members.filter(Q(is_core_team=True) | platform_admin)
    if visibility in VISIBLE_AT[Standing.ADMIN]:
        return members.filter(platform_admin)
    return members.none()


def communities_listed_for(user) -> QuerySet:
    """Public communities, plus the private ones the person belongs to (all, for an admin)."""
    communities = Community.objects.all()
    if user.is_authenticated and user.is_platform_admin:
        return communities
    listed = Q(listing=Community.Listing.PUBLIC)
    if user.is_authenticated:
        mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("community_id")
        listed |= Q(pk__in=mine)  # a subquery keeps later counts over memberships whole
    return communities.filter(listed)


def community_for(user, slug: str, action: str = "community.view") -> Community:
    """Load a community by its slug and check `action`; the answer to a stranger is the same 404."""
    if not user.is_authenticated and needed(action) > Standing.VISITOR:
        raise SignInRequired  # before any lookup, so a visitor learns nothing
    community = None
    if user.is_authenticated:
        # A member's community comes with their membership and roles: one query for the usual case.
        found = _active_memberships(user).filter(community__slug=slug).select_related("community").first()
        if found is not None:
            community = found.community
            _remember(user, community, found)
    if community is None:
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            raise Http404
        if user.is_authenticated:
            _remember(user, community, None)
    require(user, action, community)
    return community


def visible_rows(user, queryset: QuerySet, community_field: str = "community") -> QuerySet:
    """The rows of `queryset` (things with a `visibility`, in several communities) `user` may see
    now: a person's data export shows them what they took part in, never more than they may read."""
    allowed = Q(pk__in=[])
    for community in Community.objects.filter(pk__in=queryset.values(f"{community_field}_id")):
        allowed |= Q(**{community_field: community, "visibility__in": visibilities(user, community)})
    return queryset.filter(allowed)
