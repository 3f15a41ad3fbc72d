"""The closed community's demo data of the close phase."""

import pytest
from django.utils import timezone

from terreau.closing import demo
from terreau.closing.models import Closure, Recipient, Recognition
from terreau.communities.models import Phase
from terreau.core import events
from terreau.emails.models import Email

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_closed_community_close_phase(cast, monkeypatch):
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    told = []
    monkeypatch.setitem(events._handlers, events.ARCHIVE_READY, [lambda **payload: told.append(payload)])
    built = demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    recognition = Recognition.objects.get()
    assert recognition.published_at and recognition.visibility == "public"
    assert "Marc Dubois" in recognition.text or "Sophie Lambert" in recognition.text
    assert sorted(Recipient.objects.values_list("access", flat=True)) == ["archive", "read"]
    assert all(recipient.is_given for recipient in Recipient.objects.all())
    assert built["celebration"].starts_at < timezone.now() and built["celebration"].kind == "celebration"
    assert Closure.objects.get().members_told_at is not None  # nobody emailed by the demo
    assert not Email.objects.filter(template="closing/emails/members_told").exists()
