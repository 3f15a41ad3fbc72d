import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone, translation

from terreau import permissions
from terreau.communities import services as communities
from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.core.models import Visibility
from terreau.knowledge import permissions as knowledge_permissions
from terreau.knowledge import selectors, services
from terreau.knowledge.models import Attachment, ItemStatus, ItemType, KnowledgeItem
from terreau.knowledge.tests.helpers import FIELDS, PNG, docx_bytes, make_item, odt_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def update(cast, item, actor=None, base_version=None, **changes):
    values = {
        "title": item.title,
        "fields": dict(item.fields),
        "body": item.body,
        "visibility": item.visibility,
        "themes": list(item.themes.all()),
    }
    return services.item_update(
        actor=actor or cast.member,
        item=item,
        base_version=item.version if base_version is None else base_version,
        **{**values, **changes},
    )


def test_a_member_adds_a_draft_with_its_first_version(cast):
    item = make_item(cast, publish=False)
    assert item.status == ItemStatus.DRAFT
    assert item.version == 1
    assert list(item.versions.values_list("number", "author")) == [(1, cast.member.pk)]


def test_an_outsider_or_observer_cannot_add_but_any_member_can(cast):
    with pytest.raises(Http404):
        make_item(cast, author=cast.outsider)
    assert make_item(cast, author=cast.observer, publish=False).author == cast.observer


def test_the_type_fields_are_validated_whoever_calls(cast):
    with pytest.raises(ValidationError) as error:
        make_item(cast, fields={"why": ""})
    assert "why" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_item(cast, fields={"standing": "proven", "evidence": ""})
    assert "evidence" in error.value.message_dict


def test_lessons_learned_keep_ten_points_at_most(cast):
    with pytest.raises(ValidationError):
        make_item(
            cast, type=ItemType.LESSONS_LEARNED, fields={"top_points": "\n".join(f"point {n}" for n in range(11))}
        )
    item = make_item(cast, type=ItemType.LESSONS_LEARNED, fields={"top_points": "- un\n- deux"})
    assert item.fields["top_points"] == "un\ndeux"


def test_every_save_keeps_a_version_and_an_old_one_can_be_restored(cast):
    item = make_item(cast)
    update(cast, item, title="Carte partagée")
    update(cast, item, actor=cast.core_member, title="Carte partagée des marchés")
    assert list(item.versions.values_list("number", flat=True)) == [3, 2, 1]
    with translation.override("en"):
        services.item_restore(actor=cast.member, item=item, version=item.versions.get(number=1))
    item.refresh_from_db()
    assert item.version == 4
    assert item.title == "Carte des points de vente"
    assert item.versions.get(number=4).note.startswith("Restored")


def test_a_stale_save_is_a_conflict_and_nothing_is_saved(cast):
    item = make_item(cast)
    opened_at = item.version
    update(cast, item, actor=cast.core_member, title="Saved first")
    stale = KnowledgeItem.objects.get(pk=item.pk)
    with pytest.raises(services.EditConflict) as conflict:
        update(cast, stale, base_version=opened_at, title="Saved second")
    assert conflict.value.item.title == "Saved first"
    item.refresh_from_db()
    assert item.title == "Saved first"
    assert item.versions.count() == 2


def test_only_authors_and_content_managers_edit(cast):
    item = make_item(cast)
    with pytest.raises(PermissionDenied):
        update(cast, item, actor=cast.facilitator)
    role = Role.objects.get(community=cast.community, kind=RoleKind.CONTENT)
    RoleAssignment.objects.create(role=role, membership=cast.membership(cast.facilitator))
    permissions.forget(cast.facilitator, cast.community)  # the role changed behind the cached answer
    assert knowledge_permissions.is_content_manager(cast.facilitator, cast.community)
    update(cast, item, actor=cast.facilitator, title="Relu par la gestion des contenus")


def test_only_content_managers_publish_archive_and_mark_for_review(cast):
    item = make_item(cast, publish=False)
    with pytest.raises(PermissionDenied):
        services.item_set_status(actor=cast.member, item=item, action="publish")
    services.item_set_status(actor=cast.core_member, item=item, action="publish")
    assert item.status == ItemStatus.PUBLISHED and item.published_at
    services.item_set_status(actor=cast.core_member, item=item, action="review")
    assert item.needs_review
    services.item_set_status(actor=cast.core_member, item=item, action="archive")
    assert item.status == ItemStatus.ARCHIVED
    with pytest.raises(ValidationError):
        services.item_set_status(actor=cast.core_member, item=item, action="explode")


def test_items_not_updated_for_a_year_are_listed_for_review(cast):
    fresh = make_item(cast, title="Récent")
    old = make_item(cast, title="Ancien")
    KnowledgeItem.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=400))
    assert [item.title for item in selectors.to_review(cast.core_member, cast.community)] == ["Ancien"]
    services.item_set_status(actor=cast.core_member, item=fresh, action="review")
    assert {item.title for item in selectors.to_review(cast.core_member, cast.community)} == {"Ancien", "Récent"}


def test_views_are_counted_in_one_update(cast, django_assert_num_queries):
    item = make_item(cast)
    with django_assert_num_queries(1):
        services.item_record_view(item)
    item.refresh_from_db()
    assert item.view_count == 1


def test_related_items_share_a_theme_or_the_activity(cast):
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Marchés")
    activity = services.activity_create(
        actor=cast.core_member, community=cast.community, name="Projet halle", kind="project"
    )
    item = make_item(cast, themes=[theme])
    same_theme = make_item(cast, title="Même thème", themes=[theme])
    same_activity = make_item(cast, title="Même activité", activity=activity)
    make_item(cast, title="Sans lien")
    hidden = make_item(cast, title="Réservé au noyau", themes=[theme], visibility=Visibility.CORE_TEAM)
    item.activity = activity
    item.save()
    related = selectors.related(cast.member, cast.community, item)
    assert {other.pk for other in related} == {same_theme.pk, same_activity.pk}
    assert hidden.pk not in {other.pk for other in related}


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("bilan.pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("anim.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
        ("note.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("note.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_files_get_the_type_read_from_their_content(cast, name, content, content_type):
    item = make_item(cast)
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    attachment = services.attachment_add(actor=cast.member, item=item, upload=upload, visibility="members")
    assert attachment.content_type == content_type


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("bilan.pdf", b"<html><script>alert(1)</script></html>"),  # a lying extension
        ("photo.png", b"%PDF-1.4 ..."),  # the content is a PDF
        ("virus.exe", b"MZ\x90\x00"),
        ("archive.zip", b"PK\x03\x04garbage"),
        ("image.svg", b"<svg onload='alert(1)'/>"),
    ],
)
def test_other_files_and_lying_extensions_are_refused_and_not_stored(cast, settings, name, content):
    item = make_item(cast)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.attachment_add(actor=cast.member, item=item, upload=upload, visibility="members")
    assert item.attachments.count() == 0
    stored = settings.MEDIA_ROOT / "knowledge"
    assert not stored.exists() or not any(stored.rglob("*.*"))


def test_a_document_needs_its_file(cast):
    with pytest.raises(ValidationError):
        services.item_create(
            actor=cast.member,
            community=cast.community,
            type=ItemType.DOCUMENT,
            title="Bilan",
            fields=FIELDS[ItemType.DOCUMENT],
            visibility="members",
        )
    item = make_item(cast, type=ItemType.DOCUMENT, upload=pdf_upload())
    assert item.attachments.get().content_type == "application/pdf"


def test_entry_points_belong_to_the_community(cast, public_cast):
    foreign = communities.theme_create(actor=public_cast.core_member, community=public_cast.community, name="Ailleurs")
    with pytest.raises(ValidationError):
        make_item(cast, themes=[foreign])
    with pytest.raises(PermissionDenied):
        communities.theme_create(actor=cast.member, community=cast.community, name="Nouveau")


def test_a_deletion_rolled_back_keeps_the_attachments_file(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    item = make_item(cast, author=cast.member)
    attachment = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    pk, storage, name = attachment.pk, attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.attachment_delete(actor=cast.member, attachment=attachment)
        raise RuntimeError  # something later in the same change fails
    attachment = Attachment.objects.get(pk=pk)  # the row is back
    assert storage.exists(name)  # and so is its file
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(actor=cast.member, attachment=attachment)
    assert not storage.exists(name)
