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
    # phase progress, charter, open calls
    with django_assert_num_queries(10):
        response = client.get(reverse("overview:community", args=[cast.community.slug]))
    assert response.status_code == 200
