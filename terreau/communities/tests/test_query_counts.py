"""A page's number of queries does not grow with the number of members or roles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.accounts.models import User
from terreau.communities.models import Membership, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def grow(community, members: int, roles: int = 0) -> None:
    users = User.objects.bulk_create(
        User(email=f"m{i}@grow.test", display_name=f"Membre {i}", organisation="GAL", expertise="tourisme")
        for i in range(members)
    )
    memberships = Membership.objects.bulk_create(Membership(community=community, user=user) for user in users)
    new_roles = Role.objects.bulk_create(Role(community=community, name=f"Rôle {i}") for i in range(roles))
    every_role = list(Role.objects.filter(community=community))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(role=every_role[i % len(every_role)], membership=membership)
        for i, membership in enumerate(memberships)
    )
    for i, membership in enumerate(memberships[1:], start=1):
        membership.sponsor = memberships[i - 1]
    Membership.objects.bulk_update(memberships, ["sponsor"])
    return new_roles


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = {
    "directory": lambda slug: reverse("communities:members", args=[slug]),
    "who does what": lambda slug: reverse("communities:roles", args=[slug]),
    "who does what csv": lambda slug: reverse("communities:who_does_what_csv", args=[slug]),
    "community list": lambda slug: reverse("communities:list"),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_the_same_with_10_and_200_members(client, cast, page):
    client.force_login(cast.core_member)
    url = PAGES[page](cast.community.slug)
    grow(cast.community, 6, roles=2)  # 4 + 6 = 10 members
    small = count_queries(client, url)
    Membership.objects.filter(user__email__endswith="@grow.test").delete()
    User.objects.filter(email__endswith="@grow.test").delete()
    grow(cast.community, 196, roles=22)  # 200 members, 30 roles
    assert count_queries(client, url) == small


def test_directory_query_count_is_pinned(client, cast, django_assert_num_queries):
    grow(cast.community, 196)
    client.force_login(cast.member)
    # session, user, community with the membership, count for the pages, members, their role assignments
    with django_assert_num_queries(6):
        response = client.get(reverse("communities:members", args=[cast.community.slug]))
    assert response.status_code == 200


def test_who_does_what_query_count_is_pinned(client, cast, django_assert_num_queries):
    grow(cast.community, 196, roles=22)
    client.force_login(cast.member)
    # session, user, community with the membership and its roles, roles with their holder counts,
    # their first holders, the matrix's members (one more than fits), then the count of them all
    with django_assert_num_queries(7):
        response = client.get(reverse("communities:roles", args=[cast.community.slug]))
    assert response.status_code == 200
