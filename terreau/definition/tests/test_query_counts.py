"""The definition pages' number of queries does not grow with their data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.definition.models import (
    CommunityDefinition,
    ExistingNetwork,
    Objective,
    Stakeholder,
    StakeholderConversation,
)

pytestmark = pytest.mark.django_db


def grow(cast, n: int) -> None:
    community = cast.community
    Stakeholder.objects.filter(community=community).delete()
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            community=community,
            name=f"Partie prenante {i}",
            organisation=f"Org {i % 7}",
            kind=["lag", "municipality", "producer", "association"][i % 4],
            interest=1 + i % 5,
            influence=1 + (i * 3) % 5,
            involve=i % 2 == 0,
            visibility=["core_team", "members"][i % 2],
        )
        for i in range(n)
    )
    core = cast.membership(cast.core_member)
    StakeholderConversation.objects.bulk_create(
        StakeholderConversation(
            stakeholder=s, held_on=timezone.localdate(), membership=core if i % 2 else None, spoken_by="Anne", needs="x"
        )
        for i, s in enumerate(stakeholders)
        for _ in range(2)
    )
    ExistingNetwork.objects.filter(community=community).delete()
    ExistingNetwork.objects.bulk_create(
        ExistingNetwork(community=community, name=f"Réseau {i}") for i in range(n // 10)
    )
    CommunityDefinition.objects.get_or_create(community=community, defaults={"scope": "x"})
    for kind in ["mutual_help", "content"] if n > 10 else ["mutual_help"]:
        Objective.objects.get_or_create(community=community, kind=kind, defaults={"goals": "x"})


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = {
    "stakeholder map": lambda slug: reverse("definition:stakeholders", args=[slug]),
    "stakeholders csv": lambda slug: reverse("definition:stakeholders_csv", args=[slug]),
    "objectives and scope": lambda slug: reverse("definition:scope", args=[slug]),
    "scope edit": lambda slug: reverse("definition:scope_edit", args=[slug]),
}


@pytest.mark.parametrize(
    ("page", "person"),
    # A member may not edit the scope: the core team's case only.
    [
        (page, person)
        for page in PAGES
        for person in ["core_member", "member"]
        if (page, person) != ("scope edit", "member")
    ],
)
def test_query_count_is_the_same_with_10_and_300_stakeholders(client, cast, page, person):
    client.force_login(getattr(cast, person))
    url = PAGES[page](cast.community.slug)
    grow(cast, 10)
    small = count(client, url)
    grow(cast, 300)
    assert count(client, url) == small


def test_a_stakeholders_page_does_not_grow_with_its_conversations(client, cast):
    grow(cast, 3)
    stakeholder = Stakeholder.objects.first()
    client.force_login(cast.core_member)
    url = reverse("definition:stakeholder", args=[cast.community.slug, stakeholder.pk])
    small = count(client, url)
    core = cast.membership(cast.core_member)
    StakeholderConversation.objects.bulk_create(
        StakeholderConversation(stakeholder=stakeholder, held_on=timezone.localdate(), membership=core, needs="x")
        for _ in range(40)
    )
    assert count(client, url) == small


def test_the_stakeholder_map_takes_a_fixed_handful_of_queries(client, cast, django_assert_max_num_queries):
    grow(cast, 300)
    client.force_login(cast.core_member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("definition:stakeholders", args=[cast.community.slug]))
    assert response.status_code == 200
    assert len(response.content) < 100 * 1024  # the grid draws them all, the table lists 50 at a time
    assert response.text.count("<tr><td>") == 50
    last = client.get(reverse("definition:stakeholders", args=[cast.community.slug]), {"page": 6})
    assert last.text.count("<tr><td>") == 50  # 300 stakeholders, the 6th page
