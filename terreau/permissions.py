"""The one place that decides who may do what in Terreau.

Every view asks here: `can()` is the yes/no form, `require()` the form that
answers a refusal, `visible()` and `communities_listed_for()` the queryset forms.
A person outside a community is answered 404 for anything members-only, so a
private thing never reveals that it exists; a visitor who is not signed in is
sent to sign in first, whatever the address, which reveals nothing either.
"""

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from terreau.communities.models import Community, Membership, RoleKind
from terreau.core.exceptions import SignInRequired  # in core, whose middleware turns it into a redirect
from terreau.core.models import Visibility


class Standing(IntEnum):
    VISITOR = 0  # not signed in
    OUTSIDER = 1  # signed in, not a member
    MEMBER = 2
    CORE_TEAM = 3
    ADMIN = 4  # platform admin


# The least standing each action needs within a community.
RULES: dict[str, Standing] = {
    "community.view": Standing.VISITOR,
    "community.join": Standing.OUTSIDER,
    "community.leave": Standing.MEMBER,
    "community.edit": Standing.CORE_TEAM,
    "members.view": Standing.MEMBER,
    "members.invite": Standing.CORE_TEAM,
    "members.manage": Standing.CORE_TEAM,
    "members.review_requests": Standing.CORE_TEAM,
    "core_team.manage": Standing.CORE_TEAM,
    "roles.view": Standing.MEMBER,
    "roles.manage": Standing.CORE_TEAM,
    # The lifecycle workspace (define, design, launch): the core team writes, members read
    # what each thing's visibility allows, visitors only what is public.
    "workspace.view": Standing.MEMBER,
    "workspace.edit": Standing.CORE_TEAM,
    "audit.view": Standing.CORE_TEAM,
}

# Actions open to the core team and to the members who hold the role that carries them
# (the core team carries every role nobody holds).
ROLE_RULES: dict[str, str] = {
    "knowledge.manage": RoleKind.CONTENT,  # publish, archive, review, keep the entry points
    "themes.manage": RoleKind.CONTENT,  # add, rename and remove the community's themes
    "exchanges.facilitate": RoleKind.FACILITATION,  # weekly message, rhythm, accept answers
}
RULES.update(dict.fromkeys(ROLE_RULES, Standing.MEMBER))

# Platform-wide actions.
PLATFORM_RULES: dict[str, Standing] = {
    "community.create": Standing.ADMIN,
    "profile.edit": Standing.OUTSIDER,
}

VISIBLE_AT: dict[Standing, list[str]] = {
    Standing.VISITOR: [Visibility.PUBLIC],
    Standing.OUTSIDER: [Visibility.PUBLIC],
    Standing.MEMBER: [Visibility.PUBLIC, Visibility.MEMBERS],
    Standing.CORE_TEAM: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
    Standing.ADMIN: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
}


def membership(user, community: Community) -> Membership | None:
    """The person's active membership, looked up once per request and user object."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_terreau_memberships", {})
    if community.pk not in cache:
        cache[community.pk] = (
            Membership.objects.filter(user=user, community=community, status=Membership.Status.ACTIVE)
            .select_related("sponsor__user")
            .first()
        )
    return cache[community.pk]


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


def can(user, action: str, community: Community | None = None) -> bool:
    if community is None:
        return platform_standing(user) >= PLATFORM_RULES[action]
    needed = RULES[action]
    have = standing(user, community)
    if action == "community.join":
        # A platform admin who is not a member may join like anyone else.
        return membership(user, community) is None and have >= Standing.OUTSIDER and community.phase != "closed"
    if action == "community.leave":
        return membership(user, community) is not None  # even an admin leaves only what they joined
    if action in ROLE_RULES:
        return have >= Standing.CORE_TEAM or (have >= needed and holds_role(user, community, ROLE_RULES[action]))
    return have >= needed


def require(user, action: str, community: Community | None = None) -> None:
    """Refuse without revealing: sign in first, then 404 outside the community, 403 inside."""
    if can(user, action, community):
        return
    if not user.is_authenticated:
        raise SignInRequired
    needed = PLATFORM_RULES[action] if community is None else RULES[action]
    if community is not None and needed >= Standing.MEMBER and standing(user, community) < Standing.MEMBER:
        raise Http404
    raise PermissionDenied


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


def is_facilitator(user, community: Community) -> bool:
    return holds_role(user, community, RoleKind.FACILITATION)


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
    if not user.is_authenticated and RULES[action] > Standing.VISITOR:
        raise SignInRequired  # before any lookup, so a visitor learns nothing
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise Http404
    require(user, action, community)
    return community
