"""The notification centre across communities (/notifications/)."""

import pytest
from django.urls import reverse

from conftest import make_member
from terreau.exchanges import services
from terreau.exchanges.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.urls("terreau.exchanges.tests.urls_with_global")]


def test_it_gathers_every_community_and_marks_read(client, cast, public_cast):
    other = public_cast.community
    make_member(other, cast.member)
    public_member = public_cast.member
    services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text="Bravo du privé")
    services.notify(community=other, recipients=[cast.member], kind="kudos", text="Bravo de la mobilité")
    services.notify(community=other, recipients=[public_member], kind="kudos", text="Bravo à quelqu'un d'autre")
    client.force_login(cast.member)
    page = client.get(reverse("notifications:all"))
    text = page.content.decode()
    assert page.status_code == 200 and "Bravo du privé" in text and "Bravo de la mobilité" in text
    assert "quelqu" not in text and other.name in text
    assert page.context["unread"] == 2
    assert client.post(reverse("notifications:read"), {"next": "//evil.example"}).url == reverse("notifications:all")
    assert not Notification.objects.filter(recipient=cast.member, read_at__isnull=True).exists()
    # Only one's own: another person's id marks nothing of theirs.
    [theirs] = Notification.objects.filter(recipient=public_member)
    client.post(reverse("notifications:read"), {"notification": str(theirs.pk)})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("notifications:all"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_query_count_does_not_grow_with_the_notifications(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notifications:all")).status_code == 200
        return len(captured.captured_queries)

    client.force_login(cast.member)
    services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text="Un")
    queries()  # the session and the language settle on the first request
    few = queries()
    for index in range(12):
        services.notify(community=cast.community, recipients=[cast.member], kind="kudos", text=f"Bravo {index}")
    assert queries() == few
