"""The log's page and its CSV cost the same number of queries with 10 entries or 200."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.audit.models import AuditEntry
from terreau.communities.models import Membership, Role
from terreau.definition.models import Stakeholder

pytestmark = pytest.mark.django_db


def grow(cast, count: int) -> None:
    """Entries of every shape: about memberships, roles and deleted objects, by several people."""
    AuditEntry.objects.all().delete()
    memberships = list(Membership.objects.filter(community=cast.community))
    roles = list(Role.objects.filter(community=cast.community))
    kinds = [
        (ContentType.objects.get_for_model(Membership), "core_team.added", lambda i: memberships[i % len(memberships)]),
        (ContentType.objects.get_for_model(Role), "visibility.changed", lambda i: roles[i % len(roles)]),
        (ContentType.objects.get_for_model(Stakeholder), "stakeholder.deleted", lambda i: None),
    ]
    actors = [cast.core_member, cast.facilitator, cast.admin]
    rows = []
    for i in range(count):
        target_type, action, target = kinds[i % len(kinds)]
        found = target(i)
        rows.append(
            AuditEntry(
                community=cast.community,
                actor=actors[i % len(actors)],
                actor_name=str(actors[i % len(actors)]),
                action=action,
                target_type=target_type,
                target_id=found.pk if found else 10_000 + i,
                target_label=str(found) if found else f"Partie prenante {i}",
                before={"name": f"Partie prenante {i}", "interest": 3, "notes": "x"}
                if not found
                else {"core_team": False},
                after=None if not found else {"core_team": True},
            )
        )
    AuditEntry.objects.bulk_create(rows)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


PAGES = {
    "log": lambda slug: reverse("audit:log", args=[slug]),
    "log filtered": lambda slug: reverse("audit:log", args=[slug]) + "?action=deletion&since=2000-01-01",
    "csv": lambda slug: reverse("audit:csv", args=[slug]),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_the_same_with_10_and_200_entries(client, cast, page):
    client.force_login(cast.core_member)
    url = PAGES[page](cast.community.slug)
    grow(cast, 10)
    small = count_queries(client, url)
    grow(cast, 200)
    assert count_queries(client, url) == small


def test_log_page_query_count_is_pinned(client, cast, django_assert_num_queries):
    grow(cast, 200)
    client.force_login(cast.core_member)
    # session, user, community with the membership, the people to filter on, count for the pages, entries
    with django_assert_num_queries(6):
        response = client.get(reverse("audit:log", args=[cast.community.slug]))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 50
