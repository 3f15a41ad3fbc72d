"""What a hostile tester found in the knowledge base (issue 8), each pinned by a test.

The search cases run on the engine of the suite: SQLite here, PostgreSQL with DATABASE_URL.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.knowledge import files, search, services
from terreau.knowledge.models import ActivityTag, ItemType
from terreau.knowledge.tests.helpers import GOOD_PRACTICE, docx_bytes, make_item, odt_bytes, pdf_upload

pytestmark = pytest.mark.django_db

ODT = "application/vnd.oasis.opendocument.text"


def u(cast, name, *args):
    return reverse(f"knowledge:{name}", args=[cast.community.slug, *args])


def hits(client, cast, query, person=None):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(u(cast, "home") + f"?q={query}")
    assert response.status_code == 200
    return response


def found(response):
    return [hit.item.title for hit in response.context["hits"]]


# 1. Search shows only what the reader may see --------------------------------------------------


@pytest.fixture
def public_article(cast):
    """A public article whose attachments are for members and for the core team only."""
    item = make_item(
        cast, type=ItemType.ARTICLE, title="Vente directe à la ferme", body="Un marché le samedi.", visibility="public"
    )
    services.attachment_add(
        actor=cast.member,
        item=item,
        upload=pdf_upload("membres.pdf"),
        summary="Le calendrier des tournées de livraison.",
        visibility=Visibility.MEMBERS,
    )
    services.attachment_add(
        actor=cast.member,
        item=item,
        upload=pdf_upload("noyau.pdf"),
        summary="Négociation confidentielle avec la laiterie.",
        visibility=Visibility.CORE_TEAM,
    )
    return item


def test_a_word_of_a_core_team_attachment_finds_the_item_for_the_core_team_only(client, cast, public_article):
    assert found(hits(client, cast, "laiterie")) == []
    assert found(hits(client, cast, "laiterie", cast.outsider)) == []
    assert found(hits(client, cast, "laiterie", cast.member)) == []
    response = hits(client, cast, "laiterie", cast.core_member)
    assert found(response) == ["Vente directe à la ferme"]
    assert "<mark>laiterie</mark>" in response.content.decode()


def test_a_word_of_a_members_attachment_finds_the_item_for_members_only(client, cast, public_article):
    assert found(hits(client, cast, "tournées")) == []
    assert found(hits(client, cast, "tournées", cast.outsider)) == []
    assert found(hits(client, cast, "tournées", cast.observer)) == ["Vente directe à la ferme"]
    assert found(hits(client, cast, "tournées", cast.core_member)) == ["Vente directe à la ferme"]


def test_words_of_several_tiers_meet_only_for_who_reads_them_all(client, cast, public_article):
    assert found(hits(client, cast, "samedi laiterie", cast.member)) == []
    assert found(hits(client, cast, "samedi laiterie", cast.core_member)) == ["Vente directe à la ferme"]
    assert found(hits(client, cast, "tournées laiterie", cast.member)) == []


def test_a_snippet_holds_only_what_the_reader_may_see(client, cast, public_article):
    for person, seen, unseen in [
        (None, [], ["laiterie", "tournées"]),
        (cast.outsider, [], ["laiterie", "tournées"]),
        (cast.member, ["tournées"], ["laiterie"]),
        (cast.core_member, ["tournées", "laiterie"], []),
    ]:
        response = hits(client, cast, "samedi", person)
        assert found(response) == ["Vente directe à la ferme"], person
        snippet = str(response.context["hits"][0].snippet_html)
        assert "<mark>samedi</mark>" in snippet
        assert all(word in snippet for word in seen), (person, snippet)
        assert not any(word in snippet for word in unseen), (person, snippet)
        assert not any(word in response.content.decode() for word in unseen), person


def test_facet_counts_are_those_of_what_the_reader_may_read(client, cast, public_article):
    make_item(cast, title="Pour les membres", fields={"why": "La laiterie du village."})
    make_item(cast, title="Pour le noyau", visibility=Visibility.CORE_TEAM, fields={"why": "La laiterie."})
    # The counts are those of the search's results: the public article holds the word in its core-team file.
    expected = {
        None: {ItemType.ARTICLE.label: 0, ItemType.GOOD_PRACTICE.label: 0},
        cast.member: {ItemType.ARTICLE.label: 0, ItemType.GOOD_PRACTICE.label: 1},
        cast.core_member: {ItemType.ARTICLE.label: 1, ItemType.GOOD_PRACTICE.label: 2},  # its core-team file
    }
    for person, counts in expected.items():
        response = hits(client, cast, "laiterie", person)
        types = {label: count for label, count, _link, _selected in response.context["entry_points"]["types"]}
        assert {label: types[label] for label in counts} == counts, person
    assert found(hits(client, cast, "laiterie")) == []
    assert found(hits(client, cast, "laiterie", cast.member)) == ["Pour les membres"]


def client_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_hidden_text_does_not_move_a_visible_hit(cast):
    """The ranking a reader gets reads only what they may see: a long hidden summary weighs nothing."""
    plain = make_item(cast, type=ItemType.ARTICLE, title="Marché", body="Le marché du soir.", visibility="public")
    padded = make_item(cast, type=ItemType.ARTICLE, title="Marché", body="Le marché du soir.", visibility="public")
    services.attachment_add(
        actor=cast.member,
        item=padded,
        upload=pdf_upload(),
        summary=" ".join(["Compte rendu détaillé des réunions budgétaires du noyau."] * 40),
        visibility=Visibility.CORE_TEAM,
    )
    ranks = {
        hit.item.pk: hit.rank
        for hit in search.search(community=cast.community, query="marché", visibilities=[Visibility.PUBLIC])
    }
    assert ranks[plain.pk] == pytest.approx(ranks[padded.pk])


def test_an_attachment_removed_leaves_the_search(client, cast, public_article):
    secret = public_article.attachments.get(visibility=Visibility.CORE_TEAM)
    services.attachment_delete(actor=cast.member, attachment=secret)
    assert found(hits(client, cast, "laiterie", cast.core_member)) == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_the_texts_of_existing_items(cast):
    """Items indexed before the fix lose the hidden words from what visitors search."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("knowledge", "0003_search_themes")], [("knowledge", "0004_search_texts_by_visibility")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    item = old.get_model("knowledge", "KnowledgeItem").objects.create(
        community_id=cast.community.pk,
        type=ItemType.ARTICLE,
        title="Vente directe",
        body="Un marché le samedi.",
        status="published",
        visibility="public",
        search_text="Un marché le samedi.\nNégociation confidentielle avec la laiterie.",
        version=1,
    )
    old.get_model("knowledge", "Attachment").objects.create(
        item=item,
        file="knowledge/x.pdf",
        name="x.pdf",
        content_type="application/pdf",
        size=1,
        summary="Négociation confidentielle avec la laiterie.",
        visibility="core_team",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later migrations of every app, too
    from terreau.knowledge.models import KnowledgeItem

    migrated = KnowledgeItem.objects.get(pk=item.pk)
    assert "laiterie" not in migrated.search_text and "laiterie" in migrated.search_text_core
    titles = lambda visibilities: [  # noqa: E731
        hit.item.title for hit in search.search(community=cast.community, query="laiterie", visibilities=visibilities)
    ]
    assert titles([Visibility.PUBLIC]) == [] and titles([Visibility.PUBLIC, Visibility.MEMBERS]) == []
    assert titles(list(Visibility.values)) == ["Vente directe"]
    assert [
        hit.item.title for hit in search.search(community=cast.community, query="samedi", visibilities=["public"])
    ] == ["Vente directe"]


# 2. Zip bombs -------------------------------------------------------------------------------


def zip_bomb(size=200 * 1024 * 1024, member="mimetype", compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip whose `member` is `size` zero bytes, written in chunks so that building it stays small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(member)
        info.compress_type = compression
        with archive.open(info, "w", force_zip64=True) as target:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                target.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def test_a_zip_bomb_is_refused_without_being_inflated(cast, bomb):
    item = make_item(cast)
    assert len(bomb) < 1024 * 1024  # 200 MB of zeros, deflated
    upload = SimpleUploadedFile("bilan.odt", bomb, content_type=ODT)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refusal, translation.override("en"):
            services.attachment_add(actor=cast.member, item=item, upload=upload, visibility="members")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"
    assert "expand" in " ".join(refusal.value.message_dict["file"])
    assert item.attachments.count() == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_zip_bomb_gets_a_clear_message_in_the_members_language(client, cast, bomb, language):
    item = make_item(cast)
    cast.member.language = language
    cast.member.save(update_fields=["language"])
    client.force_login(cast.member)
    upload = SimpleUploadedFile("bilan.odt", bomb, content_type=ODT)
    response = client.post(u(cast, "attachment_add", item.pk), {"file": upload, "visibility": "members"})
    assert response.status_code == 400
    with translation.override(language):
        assert response.context["upload_form"].errors["file"] == [str(files.refused())]
    if language == "en":
        assert "expand far beyond its size" in response.content.decode()
    assert item.attachments.count() == 0


def test_a_bomb_in_another_member_is_refused_too(cast):
    """An OOXML document is recognised by its names only, but a member that expands absurdly is refused."""
    buffer = io.BytesIO(zip_bomb(size=20 * 1024 * 1024, member="word/document.xml"))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(files.Refused):
        files.sniff(SimpleUploadedFile("note.docx", buffer.getvalue()))


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_an_unusual_compression_is_never_decompressed(cast, compression):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("mimetype", ODT)
        archive.writestr("content.xml", "<office:document-content/>")
    assert files.sniff(SimpleUploadedFile("note.odt", buffer.getvalue())) is None


def test_an_archive_of_countless_members_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT)
        for number in range(files.MAX_MEMBERS + 1):
            archive.writestr(f"{number}", b"")
    with pytest.raises(files.Refused):
        files.sniff(SimpleUploadedFile("note.odt", buffer.getvalue()))


def test_real_office_documents_are_still_accepted(cast):
    from terreau.core.documents import Document

    document = Document("Bilan")
    document.paragraph("Le bilan des marchés. " * 2000)
    for name, content in [
        ("a.odt", odt_bytes()),
        ("a.docx", docx_bytes()),
        ("b.odt", document.odt()),
        ("b.docx", document.docx()),
    ]:
        assert files.sniff(SimpleUploadedFile(name, content)) is not None, name


# 3. A field's visibility holds on every route ---------------------------------------------------


@pytest.fixture
def practice(cast):
    """A public good practice whose contact is not a member: the email is for members only."""
    item = make_item(
        cast,
        title="Paniers du village",
        visibility=Visibility.PUBLIC,
        fields={**GOOD_PRACTICE, "contact_name": "Anne Lenoir", "contact_email": "anne.lenoir@ferme-secrete.be"},
    )
    services.item_update(
        actor=cast.member,
        item=item,
        base_version=item.version,
        title="Paniers du village (2)",
        fields={**item.fields, "contact_email": "a.lenoir@ferme-secrete.be"},
        visibility=Visibility.PUBLIC,
    )
    return item


def practice_routes(cast, item):
    return {
        "page": u(cast, "item", item.pk),
        "markdown": u(cast, "item_markdown", item.pk),
        "compare": u(cast, "item_compare", item.pk) + "?from=1&to=2",
        "versions": u(cast, "item_versions", item.pk),
        "search": u(cast, "home") + "?q=Lenoir",
        "feed": u(cast, "feed"),
    }


def test_a_members_only_field_is_hidden_from_visitors_on_every_route(client, cast, practice):
    for person in (None, cast.outsider):
        client.logout()
        if person is not None:
            client.force_login(person)
        for route, path in practice_routes(cast, practice).items():
            response = client.get(path)
            assert response.status_code == 200, (route, person)
            assert b"ferme-secrete" not in response.content, (route, person)
        assert found(hits(client, cast, "ferme-secrete", person)) == []
        assert found(hits(client, cast, "Lenoir", person)) == ["Paniers du village (2)"]


def test_a_members_only_field_is_shown_to_members_on_every_route(client, cast, practice):
    client.force_login(cast.observer)
    for route in ("page", "markdown", "compare"):
        response = client.get(practice_routes(cast, practice)[route])
        assert b"ferme-secrete" in response.content, route
    response = hits(client, cast, "Lenoir", cast.observer)
    assert "ferme-secrete" in str(response.context["hits"][0].snippet_html)
    if not search.is_postgresql():  # PostgreSQL reads an email as one word, never its parts
        assert found(hits(client, cast, "ferme-secrete", cast.observer)) == ["Paniers du village (2)"]
    client.force_login(cast.member)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(u(cast, "export")).streaming_content)))
    assert any(b"ferme-secrete" in archive.read(name) for name in archive.namelist() if name.startswith("items/"))


def test_one_rule_says_which_fields_a_reader_sees(cast, practice):
    from terreau.knowledge import permissions as knowledge_permissions

    visitor_fields = knowledge_permissions.visible_fields(client_user(), cast.community, practice)
    assert "contact_email" not in visitor_fields and visitor_fields["contact_name"] == "Anne Lenoir"
    assert knowledge_permissions.visible_fields(cast.observer, cast.community, practice)["contact_email"]


# 4. Long file names keep their extension ----------------------------------------------------------


def test_a_long_file_name_keeps_its_extension(cast):
    item = make_item(cast)
    attachment = services.attachment_add(
        actor=cast.member, item=item, upload=pdf_upload("r" * 250 + ".pdf"), visibility="members"
    )
    assert attachment.name.endswith(".pdf") and len(attachment.name) <= 200
    assert attachment.name == "r" * 196 + ".pdf"


# 5. Refusals: sign in, then 404 outside the community, then 403 ---------------------------------------


@pytest.fixture
def public_world(cast):
    item = make_item(cast, visibility=Visibility.PUBLIC)
    attachment = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="public")
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Vente")
    activity = services.activity_create(
        actor=cast.core_member, community=cast.community, name="Marchés", kind=ActivityTag.Kind.WORKING_GROUP
    )
    return {
        ("get", "item_edit"): u(cast, "item_edit", item.pk),
        ("post", "item_edit"): u(cast, "item_edit", item.pk),
        ("post", "item_status"): u(cast, "item_status", item.pk),
        ("post", "item_restore"): u(cast, "item_restore", item.pk, 1),
        ("post", "attachment_add"): u(cast, "attachment_add", item.pk),
        ("post", "attachment_delete"): u(cast, "attachment_delete", attachment.pk),
        ("get", "item_create"): u(cast, "item_create", "good_practice"),
        ("post", "item_create"): u(cast, "item_create", "good_practice"),
        ("post", "entry_points"): u(cast, "entry_points"),
        ("post", "theme_delete"): u(cast, "theme_delete", theme.pk),
        ("post", "activity_delete"): u(cast, "activity_delete", activity.pk),
        ("get", "interview_create"): u(cast, "interview_create"),
        ("get", "handover_create"): u(cast, "handover_create"),
        ("get", "review"): u(cast, "review"),
    }


def test_a_visitor_is_sent_to_sign_in_by_every_write_url_of_a_public_item(client, cast, public_world):
    for (method, name), path in public_world.items():
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, name)


def test_an_outsider_is_answered_not_found_by_every_write_url_of_a_public_item(client, cast, public_world):
    client.force_login(cast.outsider)
    for (method, name), path in public_world.items():
        assert getattr(client, method)(path).status_code == 404, (method, name)


def test_a_member_who_may_not_edit_is_refused_with_403(client, cast, public_world):
    client.force_login(cast.observer)
    for (method, name), path in public_world.items():
        if name in ("item_create", "interview_create", "handover_create"):
            continue  # every member may add
        assert getattr(client, method)(path).status_code == 403, (method, name)
