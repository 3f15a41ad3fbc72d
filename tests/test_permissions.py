"""The one permission module: yes/no answers, refusals that reveal nothing, queryset forms."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau import permissions
from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.core.models import Visibility
from terreau.permissions import SignInRequired, Standing

pytestmark = pytest.mark.django_db


def test_standing_of_each_kind_of_person(cast):
    from django.contrib.auth.models import AnonymousUser

    community = cast.community
    assert permissions.standing(AnonymousUser(), community) == Standing.VISITOR
    assert permissions.standing(cast.outsider, community) == Standing.OUTSIDER
    assert permissions.standing(cast.member, community) == Standing.MEMBER
    assert permissions.standing(cast.core_member, community) == Standing.CORE_TEAM
    assert permissions.standing(cast.admin, community) == Standing.ADMIN


def test_refusals_never_reveal_a_private_thing(cast):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(SignInRequired):
        permissions.require(AnonymousUser(), "members.view", cast.community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, "members.view", cast.community)
    with pytest.raises(PermissionDenied):
        permissions.require(cast.member, "members.manage", cast.community)


def test_role_actions_follow_the_role_or_the_core_team(cast):
    community = cast.community
    assert permissions.can(cast.facilitator, "exchanges.facilitate", community)  # holds facilitation
    assert not permissions.can(cast.member, "exchanges.facilitate", community)
    assert permissions.can(cast.core_member, "exchanges.facilitate", community)  # carries unheld roles
    assert not permissions.can(cast.member, "knowledge.manage", community)
    content = Role.objects.get(community=community, kind=RoleKind.CONTENT)
    RoleAssignment.objects.create(role=content, membership=cast.membership(cast.member))
    permissions.forget(cast.member, community)
    assert permissions.can(cast.member, "knowledge.manage", community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, "knowledge.manage", community)


def test_visible_filters_a_queryset_by_visibility(cast):
    Role.objects.filter(community=cast.community, kind=RoleKind.WATCH).update(visibility="core_team")
    Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).update(visibility="public")
    roles = Role.objects.filter(community=cast.community)
    kinds = lambda user: {r.kind for r in permissions.visible(user, cast.community, roles)}  # noqa: E731
    assert kinds(cast.outsider) == {RoleKind.LOGISTICS}
    assert RoleKind.WATCH not in kinds(cast.member)
    assert RoleKind.WATCH in kinds(cast.core_member)


def test_private_communities_are_listed_only_for_their_members(cast, public_cast):
    assert list(permissions.communities_listed_for(cast.outsider)) == [public_cast.community]
    assert cast.community in permissions.communities_listed_for(cast.member)


@pytest.mark.parametrize("visibility", Visibility.values)
def test_members_who_may_see_agrees_with_can_see_for_each_person(cast, visibility):
    from conftest import make_member

    make_member(cast.community, cast.admin)  # a platform admin who is also a member sees everything
    thing = Role(community=cast.community, visibility=visibility)
    found = set(permissions.members_who_may_see(cast.community, visibility).values_list("user_id", flat=True))
    for person in ("admin", "core_member", "facilitator", "member", "observer", "outsider"):
        user = getattr(cast, person)
        expected = permissions.membership(user, cast.community) is not None and permissions.can_see(
            user, cast.community, thing
        )
        assert (user.pk in found) == expected, person
