"""`audit.record()`: in the transaction of the change, with names that outlive what they name."""

import pytest
from django.db import transaction

from conftest import build_cast, make_user
from terreau.audit import services as audit
from terreau.audit.models import AuditEntry
from terreau.communities import services
from terreau.communities.models import JoinRequest, Membership
from terreau.definition.models import Stakeholder
from terreau.definition.services import stakeholder_delete


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    cast = build_cast()
    with pytest.raises(RuntimeError):
        audit.record(
            actor=cast.core_member,
            community=cast.community,
            action="core_team.added",
            target=cast.membership(cast.member),
        )
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_service_that_fails_after_recording_leaves_no_entry_and_no_change(monkeypatch):
    cast = build_cast()
    applicant = make_user("candidat@example.test", "Candidat")
    join_request = services.community_join(user=applicant, community=cast.community)

    def mail_down(**kwargs):
        raise ConnectionError("mail server down")

    # The approval's email is queued after the membership and its entry are written.
    monkeypatch.setattr(services, "email_queue", mail_down)
    with pytest.raises(ConnectionError):
        services.join_request_decide(actor=cast.core_member, join_request=join_request, approve=True)
    assert not AuditEntry.objects.exists()
    assert not Membership.objects.filter(user=applicant).exists()
    assert JoinRequest.objects.get(pk=join_request.pk).status == JoinRequest.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_change_and_its_entry_are_committed_together():
    cast = build_cast()
    membership = cast.membership(cast.member)
    services.core_team_add(actor=cast.core_member, membership=membership)
    entry = AuditEntry.objects.get()
    assert entry.action == "core_team.added"
    with pytest.raises(RuntimeError), transaction.atomic():
        services.core_team_remove(actor=cast.core_member, membership=membership)
        raise RuntimeError("the caller's transaction fails later")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["core_team.added"]


@pytest.mark.django_db
def test_an_unknown_action_is_refused_so_every_entry_has_a_label(cast):
    with pytest.raises(ValueError):
        audit.record(actor=cast.core_member, community=cast.community, action="core_team.kicked", target=None)


@pytest.mark.django_db
def test_an_entry_is_never_changed(cast):
    entry = audit.record(
        actor=cast.core_member,
        community=cast.community,
        action="core_team.added",
        target=cast.membership(cast.member),
    )
    entry.action = "core_team.removed"
    with pytest.raises(ValueError):
        entry.save()


@pytest.mark.django_db
def test_the_entry_keeps_the_names_after_the_account_and_the_object_are_gone(cast):
    stakeholder = Stakeholder.objects.create(community=cast.community, name="Commune de Gesves", kind="municipality")
    stakeholder_delete(actor=cast.core_member, stakeholder=stakeholder)
    cast.core_member.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_name == "Marc Dubois"
    assert entry.target_label == "Commune de Gesves"
    assert entry.before["name"] == "Commune de Gesves"
    assert entry.target_kind == "stakeholder"
