"""The overview pages' number of queries does not grow with the number of members or roles."""

import pytest
from django.urls import reverse

from terreau.accounts.models import User
from terreau.communities.models import Membership
from terreau.communities.tests.test_query_counts import count_queries, grow

pytestmark = pytest.mark.django_db

PAGES = {
    "community home": lambda slug: reverse("overview:community", args=[slug]),
    "home": lambda slug: reverse("home"),
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


def test_community_home_query_count_is_pinned(client, cast, django_assert_num_queries):
    grow(cast.community, 196)
    client.force_login(cast.member)
    # session, user, community with the membership, themes, core team, public roles, member count,
    # phase progress, charter, open calls, next meeting, whether an archive exists
    with django_assert_num_queries(12):
        response = client.get(reverse("overview:community", args=[cast.community.slug]))
    assert response.status_code == 200


def test_the_home_figures_are_counted_without_joining_members_to_requests(client, cast):
    """The home page's figures come from one query whose work does not multiply members by join
    requests: each figure is a subquery of its own (a grouped join of both grew with their product)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from terreau.communities.models import JoinRequest

    grow(cast.community, 96)
    strangers = User.objects.bulk_create(User(email=f"s{i}@ask.test", display_name=f"S {i}") for i in range(5))
    JoinRequest.objects.bulk_create(JoinRequest(community=cast.community, user=user) for user in strangers)
    client.force_login(cast.core_member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    [community] = response.context["my_communities"]
    assert (community.member_count, community.new_member_count, community.pending_request_count) == (100, 100, 5)
    assert community.i_am_core_team
    [figures] = [q["sql"] for q in queries if "communities_community" in q["sql"] and "COUNT" in q["sql"].upper()]
    # A DISTINCT count is the mark of the grouped join, whose rows were members x requests.
    assert "DISTINCT" not in figures.upper()
