"""The charter pages make the same number of queries with 2 versions as with 40."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.charter.models import Charter, CharterVersion, Section

from .helpers import adopt, write

pytestmark = pytest.mark.django_db


def grow(cast, total: int) -> None:
    """Bring the charter to `total` versions, each with every section written."""
    charter = Charter.objects.get(community=cast.community)
    start = charter.versions.count()
    CharterVersion.objects.bulk_create(
        CharterVersion(
            charter=charter,
            number=number,
            sections={section.value: f"Texte {number} de {section.label}." for section in Section},
            author=cast.core_member,
        )
        for number in range(start + 1, total + 1)
    )


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = {
    "charter as core team": ("core_member", lambda slug: reverse("charter:detail", args=[slug])),
    "charter as member": ("member", lambda slug: reverse("charter:detail", args=[slug])),
    "history": ("core_member", lambda slug: reverse("charter:history", args=[slug])),
    "compare": ("core_member", lambda slug: reverse("charter:compare", args=[slug])),
    "version": ("core_member", lambda slug: reverse("charter:version", args=[slug, 2])),
    "edit": ("core_member", lambda slug: reverse("charter:edit", args=[slug])),
    "download": ("member", lambda slug: reverse("charter:download", args=[slug, "docx"])),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_the_same_with_2_and_40_versions(client, cast, page):
    person, url_for = PAGES[page]
    write(cast, "Un.", "Deux.")
    adopt(cast, 1)
    client.force_login(getattr(cast, person))
    url = url_for(cast.community.slug)
    small = count(client, url)
    grow(cast, 40)
    assert count(client, url) == small


def test_charter_page_query_count_is_pinned(client, cast, django_assert_num_queries):
    write(cast, "Un.", "Deux.")
    adopt(cast, 2)
    grow(cast, 40)
    client.force_login(cast.core_member)
    # session, user, community with the membership, charter with its adopted version, latest version,
    # the consent decision on the charter in progress (none), the decision that adopted version 2
    with django_assert_num_queries(7):
        response = client.get(reverse("charter:detail", args=[cast.community.slug]))
    assert response.status_code == 200
