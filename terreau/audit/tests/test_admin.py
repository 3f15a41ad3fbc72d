"""The platform admin reads the whole log in the Django admin, and can change nothing in it."""

import pytest
from django.urls import reverse

from terreau.audit import services as audit
from terreau.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(cast):
    return audit.record(
        actor=cast.core_member,
        community=cast.community,
        action="core_team.added",
        target=cast.membership(cast.member),
        before={"core_team": False},
        after={"core_team": True},
    )


def test_the_admin_lists_searches_and_filters_the_log(client, cast, entry):
    client.force_login(cast.admin)
    changelist = reverse("admin:audit_auditentry_changelist")
    response = client.get(changelist)
    assert response.status_code == 200 and "Julie Martin" in response.text
    assert "Added to the core team" in response.text
    assert "Julie Martin" in client.get(changelist + "?q=Julie").text
    assert "Julie Martin" not in client.get(changelist + "?q=Personne").text
    assert "Julie Martin" not in client.get(changelist + "?action=role.assigned").text
    assert "Julie Martin" in client.get(changelist + "?action=core_team.added").text


def test_the_admin_reads_an_entry_but_cannot_add_change_or_delete(client, cast, entry):
    client.force_login(cast.admin)
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"action": "role.assigned"}).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "core_team.added"
    assert AuditEntry.objects.count() == 1
