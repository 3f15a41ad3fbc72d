"""The close phase's services: the recognition document, the transfer, the close and the members told."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from terreau.archive.models import Archive, Scope
from terreau.audit.models import AuditEntry
from terreau.closing import recognition as gatherer
from terreau.closing import services
from terreau.closing.models import Closure, Recipient, Recognition
from terreau.communities.models import Phase
from terreau.core import events
from terreau.definition.models import Stakeholder
from terreau.emails.models import Email
from terreau.knowledge.item_types import ItemType
from terreau.knowledge.models import ItemStatus, KnowledgeItem

from .helpers import built_archive, to_close_phase

pytestmark = pytest.mark.django_db


def _item(cast, title, type, visibility="members"):
    return KnowledgeItem.objects.create(
        community=cast.community,
        type=type,
        title=title,
        status=ItemStatus.PUBLISHED,
        visibility=visibility,
        author=cast.member,
        published_at=timezone.now(),
    )


# Recognition ---------------------------------------------------------------------------------


def test_the_draft_gathers_the_community_life(cast):
    _item(cast, "La logistique mutualisée", ItemType.GOOD_PRACTICE)
    _item(cast, "Ce que le marché d'hiver nous a appris", ItemType.LESSONS_LEARNED)
    _item(cast, "Une note du noyau dur", ItemType.GOOD_PRACTICE, visibility="core_team")
    recognition = services.recognition_generate(actor=cast.core_member, community=cast.community)
    text = recognition.text
    for heading in ("## Purpose", "## Figures", "## Main practices", "## Lessons learned", "## Decisions"):
        assert heading in text
    assert "Partager les pratiques de vente directe." in text
    assert "La logistique mutualisée" in text and "Ce que le marché d'hiver nous a appris" in text
    assert "Une note du noyau dur" not in text  # a members' document names no core-team item
    assert "**Julie Martin**: 3 items written" in text
    assert "Sophie Lambert" in text  # holds the facilitation role
    assert "4 members" in text


def test_a_public_draft_names_only_public_things(cast):
    _item(cast, "Fiche publique", ItemType.GOOD_PRACTICE, visibility="public")
    _item(cast, "Fiche des membres", ItemType.GOOD_PRACTICE)
    text = gatherer.draft(cast.community, "public")
    assert "Fiche publique" in text and "Fiche des membres" not in text


def test_generating_again_replaces_the_text_and_bumps_the_version(cast):
    first = services.recognition_generate(actor=cast.core_member, community=cast.community)
    again = services.recognition_generate(actor=cast.core_member, community=cast.community)
    assert again.pk == first.pk and again.version == first.version + 1


def test_a_conflicting_edit_is_detected(cast):
    recognition = services.recognition_generate(actor=cast.core_member, community=cast.community)
    opened_at = recognition.version
    services.recognition_save(
        actor=cast.core_member,
        recognition=recognition,
        title="Merci",
        text="## A",
        visibility="members",
        version=opened_at,
    )
    with pytest.raises(services.StaleEdit):
        services.recognition_save(
            actor=cast.core_member,
            recognition=Recognition.objects.get(),
            title="Autre",
            text="## B",
            visibility="public",
            version=opened_at,
        )
    assert Recognition.objects.get().text == "## A"


def test_only_the_core_team_edits_and_publishes(cast):
    with pytest.raises(PermissionDenied):
        services.recognition_generate(actor=cast.member, community=cast.community)
    recognition = services.recognition_generate(actor=cast.core_member, community=cast.community)
    with pytest.raises(PermissionDenied):
        services.recognition_publish(actor=cast.facilitator, recognition=recognition)
    services.recognition_publish(actor=cast.core_member, recognition=recognition)
    assert recognition.published_at is not None
    assert AuditEntry.objects.filter(action="recognition.published").count() == 1


# Transfer ------------------------------------------------------------------------------------


def test_a_stakeholder_becomes_a_recipient_with_its_email(cast):
    stakeholder = Stakeholder.objects.create(
        community=cast.community, name="Anne Petit", organisation="Maison du tourisme", contact="anne@mt.test"
    )
    recipient = services.recipient_from_stakeholder(
        actor=cast.core_member, community=cast.community, stakeholder=stakeholder
    )
    assert (recipient.organisation, recipient.contact_name, recipient.email) == (
        "Maison du tourisme",
        "Anne Petit",
        "anne@mt.test",
    )
    with pytest.raises(ValidationError):
        services.recipient_from_stakeholder(actor=cast.core_member, community=cast.community, stakeholder=stakeholder)


def test_giving_the_archive_emails_a_secret_link_and_is_audited(cast):
    recipient = services.recipient_add(
        actor=cast.core_member, community=cast.community, organisation="Université", email="lire@univ.test"
    )
    given = services.transfer_give(actor=cast.core_member, recipient=recipient, access=Recipient.Access.ARCHIVE)
    assert given.scope == Scope.PUBLIC  # the public archive unless chosen otherwise
    email = Email.objects.get(to="lire@univ.test")
    assert str(given.token) in email.text and "/transfer/" in email.text
    assert AuditEntry.objects.filter(action="transfer.given").count() == 1
    old_token = given.token
    again = services.transfer_give(
        actor=cast.core_member, recipient=given, access=Recipient.Access.READ, scope=Scope.MEMBERS
    )
    assert again.token != old_token and again.scope == Scope.MEMBERS
    assert services.recipient_by_token(cast.community.slug, old_token, Recipient.Access.ARCHIVE) is None
    assert services.recipient_by_token(cast.community.slug, again.token, Recipient.Access.READ) == again


def test_a_revoked_or_expired_link_no_longer_works(cast):
    recipient = services.recipient_add(
        actor=cast.core_member, community=cast.community, organisation="GAL", email="gal@gal.test"
    )
    services.transfer_give(actor=cast.core_member, recipient=recipient, access=Recipient.Access.READ)
    recipient.refresh_from_db()
    slug, token = cast.community.slug, recipient.token
    Recipient.objects.filter(pk=recipient.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.recipient_by_token(slug, token, Recipient.Access.READ) is None
    Recipient.objects.filter(pk=recipient.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert services.recipient_by_token(slug, token, Recipient.Access.READ) is not None
    services.transfer_revoke(actor=cast.core_member, recipient=recipient)
    assert services.recipient_by_token(slug, token, Recipient.Access.READ) is None
    assert services.recipient_by_token("autre", token, Recipient.Access.READ) is None


def test_giving_needs_an_email_and_a_future_date(cast):
    recipient = services.recipient_add(actor=cast.core_member, community=cast.community, organisation="Sans adresse")
    with pytest.raises(ValidationError):
        services.transfer_give(actor=cast.core_member, recipient=recipient, access=Recipient.Access.ARCHIVE)
    recipient.email = "x@x.test"
    recipient.save()
    with pytest.raises(ValidationError):
        services.transfer_give(
            actor=cast.core_member,
            recipient=recipient,
            access=Recipient.Access.ARCHIVE,
            expires_on=timezone.localdate(),
        )


def test_the_transfer_goes_on_once_closed(cast):
    recipient = services.recipient_add(
        actor=cast.core_member, community=cast.community, organisation="GAL", email="gal@gal.test"
    )
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    services.transfer_give(actor=cast.core_member, recipient=recipient, access=Recipient.Access.ARCHIVE)
    with pytest.raises(PermissionDenied):
        services.recognition_generate(actor=cast.core_member, community=cast.community)


# The close and the members told --------------------------------------------------------------


def test_the_community_closes_only_from_its_close_phase(cast):
    with pytest.raises(ValidationError):
        services.community_close(actor=cast.core_member, community=cast.community, confirm=True)
    to_close_phase(cast.community)
    with pytest.raises(ValidationError):
        services.community_close(actor=cast.core_member, community=cast.community, confirm=False)
    with pytest.raises(PermissionDenied):
        services.community_close(actor=cast.member, community=cast.community, confirm=True)
    services.community_close(actor=cast.core_member, community=cast.community, confirm=True)
    assert cast.community.phase == Phase.CLOSED
    closure = Closure.objects.get()
    assert closure.closed_by == cast.core_member and closure.community.closed_at is not None
    # Both archives are asked for.
    assert set(Archive.objects.filter(community=cast.community).values_list("scope", flat=True)) >= {
        Scope.PUBLIC,
        Scope.MEMBERS,
    }


def _ready(cast, scope):
    archive = built_archive(cast.community, scope)
    events.announce(
        events.ARCHIVE_READY,
        community=cast.community,
        archive=archive,
        scope=scope,
        actor=cast.core_member,
        visibility="members",
        url=f"/c/{cast.community.slug}/archive/",
    )


def test_the_members_are_told_once_when_the_members_archive_is_ready(cast):
    to_close_phase(cast.community)
    services.community_close(actor=cast.core_member, community=cast.community, confirm=True)
    Email.objects.all().delete()
    _ready(cast, Scope.PUBLIC)
    assert not Email.objects.exists()  # the public archive alone tells nobody
    _ready(cast, Scope.MEMBERS)
    told = Email.objects.filter(template="closing/emails/members_told")
    assert sorted(told.values_list("to", flat=True)) == sorted(
        [cast.core_member.email, cast.facilitator.email, cast.member.email, cast.observer.email]
    )
    assert "/c/circuits-courts/archive/" in told.first().text
    _ready(cast, Scope.MEMBERS)  # rebuilt: nobody is told twice
    assert Email.objects.filter(template="closing/emails/members_told").count() == 4


def test_an_archive_of_an_open_community_tells_nobody(cast):
    _ready(cast, Scope.MEMBERS)
    assert not Email.objects.filter(template="closing/emails/members_told").exists()
