"""Who is asking (membership, standing, roles) is known in one query per request, whatever the roles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Membership, Role, RoleAssignment, RoleKind
from terreau.permissions import Standing

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    """The user as a new request loads it: nothing known yet about its memberships."""
    return User.objects.get(pk=user.pk)


def test_a_member_with_roles_is_known_in_one_query(cast, django_assert_num_queries):
    membership = cast.membership(cast.member)
    content = Role.objects.get(community=cast.community, kind=RoleKind.CONTENT)
    RoleAssignment.objects.create(role=content, membership=membership)
    watch = Role.objects.get(community=cast.community, kind=RoleKind.WATCH)
    RoleAssignment.objects.create(role=watch, membership=membership)
    Role.objects.filter(pk=watch.pk).update(retired_at=timezone.now())  # a retired role counts no more
    member = fresh(cast.member)
    with django_assert_num_queries(1):
        community = permissions.community_for(member, cast.community.slug, "members.view")
        assert permissions.membership(member, community).pk == membership.pk
        assert permissions.standing(member, community) == Standing.MEMBER
        assert permissions.holds_role(member, community, RoleKind.CONTENT)
        assert not permissions.holds_role(member, community, RoleKind.WATCH)
        assert not permissions.holds_role(member, community, RoleKind.FACILITATION)
        assert permissions.can(member, "themes.manage", community)


def test_the_core_team_and_a_member_without_roles_in_one_query(cast, django_assert_num_queries):
    for person, standing in [(cast.core_member, Standing.CORE_TEAM), (cast.observer, Standing.MEMBER)]:
        person = fresh(person)
        with django_assert_num_queries(1):
            community = permissions.community_for(person, cast.community.slug)
            assert permissions.standing(person, community) == standing
            assert not permissions.holds_role(person, community, RoleKind.FACILITATION)


def test_someone_outside_the_community_takes_two_queries_and_a_stranger_one(cast, django_assert_num_queries):
    outsider = fresh(cast.outsider)
    with django_assert_num_queries(2):  # no membership, then the community alone
        community = permissions.community_for(outsider, cast.community.slug)
        assert permissions.membership(outsider, community) is None
        assert permissions.standing(outsider, community) == Standing.OUTSIDER
    with django_assert_num_queries(1):
        community = permissions.community_for(AnonymousUser(), cast.community.slug)
        assert permissions.standing(AnonymousUser(), community) == Standing.VISITOR
    admin = fresh(cast.admin)
    with django_assert_num_queries(2):
        community = permissions.community_for(admin, cast.community.slug, "members.view")
        assert permissions.standing(admin, community) == Standing.ADMIN


def test_a_membership_that_ended_is_no_membership(cast):
    Membership.objects.filter(user=cast.observer).update(status=Membership.Status.LEFT)
    observer = fresh(cast.observer)
    community = permissions.community_for(observer, cast.community.slug)
    assert permissions.membership(observer, community) is None
    assert permissions.standing(observer, community) == Standing.OUTSIDER


def test_an_unknown_community_is_not_found_for_members_too(cast):
    with pytest.raises(Http404):
        permissions.community_for(fresh(cast.member), "nowhere")


def test_a_role_given_during_the_request_counts_once_forgotten(cast):
    member = fresh(cast.member)
    community = permissions.community_for(member, cast.community.slug)
    assert not permissions.holds_role(member, community, RoleKind.CONTENT)
    RoleAssignment.objects.create(
        role=Role.objects.get(community=cast.community, kind=RoleKind.CONTENT), membership=cast.membership(member)
    )
    permissions.forget(member, community)
    assert permissions.holds_role(member, community, RoleKind.CONTENT)
