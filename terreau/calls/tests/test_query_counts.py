"""The core team's pages keep the same number of queries however many applications arrive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.calls.models import Application

from .factories import open_call

pytestmark = pytest.mark.django_db


def grow(call, n: int, decided_by) -> None:
    statuses = list(Application.Status.values)
    themes = list(call.community.themes.all())
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            name=f"Personne {i}",
            email=f"p{i}@exemple.be",
            organisation="GAL",
            motivation="Motivée",
            engagement="resource",
            other_themes="tourisme",
            answers=[{"question": "Territoire ?", "answer": "Condroz"}],
            status=statuses[i % len(statuses)],
            decided_by=decided_by if i % 2 else None,
            decided_at=timezone.now() if i % 2 else None,
        )
        for i in range(n)
    )
    Application.themes.through.objects.bulk_create(
        Application.themes.through(application_id=application.pk, theme_id=theme.pk)
        for application in applications
        for theme in themes
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["applications", "list"])
def test_query_count_is_the_same_with_3_and_120_applications(client, cast, page):
    call = open_call(cast, questions=[("Territoire ?", True)])
    other = open_call(cast, title="Deuxième appel")
    client.force_login(cast.core_member)
    url = (
        reverse("calls:applications", args=[cast.community.slug, call.pk])
        if page == "applications"
        else reverse("calls:list", args=[cast.community.slug])
    )
    grow(call, 3, cast.core_member)
    small = count_queries(client, url)
    grow(call, 117, cast.facilitator)
    grow(other, 40, cast.core_member)
    for _ in range(3):
        open_call(cast, title="Encore un appel")
    assert count_queries(client, url) == small
