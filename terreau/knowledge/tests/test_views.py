import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import conftest
from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.knowledge import services
from terreau.knowledge.models import ATTACHMENT_MAX_BYTES, ItemStatus, ItemType, KnowledgeItem
from terreau.knowledge.tests.helpers import PDF, make_item, pdf_upload

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def u(cast, name, *args):
    return reverse(f"knowledge:{name}", args=[cast.community.slug, *args])


def good_practice_post(**changes):
    data = {
        "title": "Paniers collectifs",
        "visibility": "members",
        "f-for_whom": "Les producteurs",
        "f-why": "Réduire les trajets",
        "f-key_benefits": "Moins de route",
        "f-in_practice": "Un point de dépôt par village",
        "f-standing": "idea",
    }
    data.update(changes)
    return data


def test_a_member_writes_a_good_practice_with_the_template(client, cast):
    client.force_login(cast.member)
    response = client.post(u(cast, "item_create", "good_practice"), good_practice_post())
    item = KnowledgeItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.fields["why"] == "Réduire les trajets" and item.status == ItemStatus.DRAFT
    page = client.get(item.get_absolute_url())
    assert "Réduire les trajets" in page.content.decode()


def test_bad_input_comes_back_with_what_was_typed(client, cast):
    client.force_login(cast.member)
    response = client.post(
        u(cast, "item_create", "good_practice"), good_practice_post(**{"f-why": "", "f-standing": "proven"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paniers collectifs" in html and "Un point de dépôt par village" in html
    assert response.context["fields_form"].errors.keys() == {"why", "evidence"}
    assert not KnowledgeItem.objects.exists()


def test_an_unknown_type_is_not_found(client, cast):
    client.force_login(cast.member)
    assert client.get(u(cast, "item_create", "poem")).status_code == 404


def test_hostile_markdown_is_neutralised(client, cast):
    item = make_item(
        cast,
        type=ItemType.ARTICLE,
        title="Article",
        body='<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[clic](javascript:alert(3))',
    )
    client.force_login(cast.member)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_a_second_editor_gets_a_conflict_that_loses_nothing(client, cast):
    item = make_item(cast)
    client.force_login(cast.member)
    form = client.get(u(cast, "item_edit", item.pk)).context["form"]
    base = form.initial["base_version"]
    services.item_update(
        actor=cast.core_member,
        item=KnowledgeItem.objects.get(pk=item.pk),
        base_version=base,
        title="Carte relue par le noyau",
        fields=item.fields,
        visibility=item.visibility,
    )
    data = good_practice_post(title="Ma carte", base_version=base)
    response = client.post(u(cast, "item_edit", item.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ma carte" in html and "Carte relue par le noyau" in html  # both texts
    assert response.context["conflict"].version == base + 1
    item.refresh_from_db()
    assert item.title == "Carte relue par le noyau"
    # Saving again, knowingly, replaces the newer version.
    data["base_version"] = response.context["form"].data["base_version"]
    assert client.post(u(cast, "item_edit", item.pk), data).status_code == 302
    item.refresh_from_db()
    assert item.title == "Ma carte" and item.version == base + 2


def test_versions_compare_and_restore(client, cast):
    item = make_item(cast)
    services.item_update(
        actor=cast.member, item=item, base_version=1, title="Carte v2", fields=item.fields, visibility="members"
    )
    client.force_login(cast.member)
    response = client.get(u(cast, "item_compare", item.pk) + "?from=1&to=2")
    kinds = {(row.kind, row.text) for row in response.context["rows"]}
    assert ("removed", "Carte des points de vente") in kinds and ("added", "Carte v2") in kinds
    assert client.get(u(cast, "item_compare", item.pk) + "?from=x&to=99").status_code == 200
    assert client.post(u(cast, "item_restore", item.pk, 1)).status_code == 302
    item.refresh_from_db()
    assert item.title == "Carte des points de vente" and item.version == 3


def test_status_actions_for_content_managers(client, cast):
    item = make_item(cast, publish=False)
    client.force_login(cast.member)
    assert client.post(u(cast, "item_status", item.pk), {"action": "publish"}).status_code == 403
    client.force_login(cast.core_member)
    client.post(u(cast, "item_status", item.pk), {"action": "publish"})
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


def test_home_filters_have_stable_urls_and_counts(client, cast):
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Vente")
    make_item(cast, title="Avec thème", themes=[theme])
    make_item(cast, type=ItemType.ARTICLE, title="Article", body="Texte")
    client.force_login(cast.member)
    response = client.get(u(cast, "home") + f"?theme={theme.pk}")
    assert [item.title for item in response.context["page"].object_list] == ["Avec thème"]
    types = {label: count for label, count, _link, _sel in response.context["entry_points"]["types"]}
    assert types[ItemType.GOOD_PRACTICE.label] == 1 and types[ItemType.ARTICLE.label] == 0
    response = client.get(u(cast, "home") + "?type=article")
    assert [item.title for item in response.context["page"].object_list] == ["Article"]
    assert client.get(u(cast, "home") + "?type=nonsense&theme=x&page=abc").status_code == 200


def test_search_through_the_home(client, cast):
    make_item(cast, title="Évaluation de la communauté", visibility=Visibility.PUBLIC)
    response = client.get(u(cast, "home") + "?q=evaluations")
    assert [hit.item.title for hit in response.context["hits"]] == ["Évaluation de la communauté"]
    assert "<mark>Évaluation</mark>" in response.content.decode()


def _counts(response) -> dict:
    entry_points = response.context["entry_points"]
    return {
        "types": {label: count for label, count, _link, _sel in entry_points["types"] if count},
        "themes": {name: count for name, count, _link, _sel in entry_points["themes"] if count},
    }


def test_the_entry_points_count_what_the_search_finds(client, cast):
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Vente")
    make_item(cast, title="Évaluation des marchés", themes=[theme])
    make_item(cast, type=ItemType.ARTICLE, title="Évaluer une halle", body="Texte")
    make_item(cast, type=ItemType.ARTICLE, title="Une autre fiche", body="Texte", themes=[theme])
    client.force_login(cast.member)
    listed = _counts(client.get(u(cast, "home")))
    assert listed["types"] == {ItemType.GOOD_PRACTICE.label: 1, ItemType.ARTICLE.label: 2}
    assert _counts(client.get(u(cast, "home") + "?q=zzzz")) == {"types": {}, "themes": {}}
    found = _counts(client.get(u(cast, "home") + "?q=evaluation"))
    assert found == {"types": {ItemType.GOOD_PRACTICE.label: 1, ItemType.ARTICLE.label: 1}, "themes": {"Vente": 1}}
    # Each entry point counts with the others chosen: what choosing it would find.
    chosen = _counts(client.get(u(cast, "home") + f"?q=evaluation&theme={theme.pk}"))
    assert chosen == {"types": {ItemType.GOOD_PRACTICE.label: 1}, "themes": {"Vente": 1}}
    chosen = _counts(client.get(u(cast, "home") + "?q=evaluation&type=article"))
    assert chosen == {"types": {ItemType.GOOD_PRACTICE.label: 1, ItemType.ARTICLE.label: 1}, "themes": {}}


def test_entry_point_counts_above_the_cap_say_at_least(client, cast, monkeypatch):
    from terreau.knowledge import search

    monkeypatch.setattr(search, "COUNT_CAP", 1)
    make_item(cast, title="Évaluation des marchés")
    make_item(cast, title="Évaluer une halle")
    client.force_login(cast.member)
    found = _counts(client.get(u(cast, "home") + "?q=evaluation"))
    assert found["types"] in ({ItemType.GOOD_PRACTICE.label: "1+"}, {ItemType.GOOD_PRACTICE.label: "2+"})


def test_visitors_see_public_items_only(client, cast):
    make_item(cast, title="Public", visibility=Visibility.PUBLIC)
    hidden = make_item(cast, title="Membres")
    response = client.get(u(cast, "home"))
    assert [item.title for item in response.context["page"].object_list] == ["Public"]
    assert client.get(hidden.get_absolute_url()).status_code == 302  # to sign in
    client.force_login(cast.outsider)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_query_counts_stay_flat(client, cast, django_assert_max_num_queries):
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Vente")
    make_item(cast, themes=[theme])
    client.force_login(cast.member)

    def count(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.cookies.pop(services.SEEN_COOKIE, None)  # each time a first view, which counts
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    pages = [u(cast, "home"), u(cast, "home") + "?q=carte", u(cast, "review"), u(cast, "transfer")]
    client.force_login(cast.core_member)
    before = [count(path) for path in pages]
    for number in range(12):
        make_item(
            cast, title=f"Carte {number}", themes=[theme], type=ItemType.ARTICLE if number % 2 else "good_practice"
        )
    assert [count(path) for path in pages] == before
    item = KnowledgeItem.objects.first()
    before = count(item.get_absolute_url())
    for _ in range(3):
        services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    assert count(item.get_absolute_url()) == before


def test_markdown_download(client, cast):
    item = make_item(cast, type=ItemType.LESSONS_LEARNED, title="Leçons")
    client.force_login(cast.member)
    response = client.get(u(cast, "item_markdown", item.pk))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    assert text.startswith("---\n") and "# Leçons" in text and "1. Un noyau motivé" in text


def test_the_atom_feed_holds_published_public_items_only(client, cast):
    make_item(cast, title="Public publié", visibility=Visibility.PUBLIC)
    make_item(cast, title="Public brouillon", visibility=Visibility.PUBLIC, publish=False)
    make_item(cast, title="Pour les membres")
    response = client.get(u(cast, "feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Public publié"]


def test_the_zip_holds_an_index_the_items_and_their_files_as_the_person_may_read(client, cast):
    item = make_item(cast, type=ItemType.DOCUMENT, title="Bilan des marchés")
    make_item(cast, title="Noyau seulement", visibility=Visibility.CORE_TEAM)
    services.attachment_add(actor=cast.member, item=item, upload=pdf_upload("secret.pdf"), visibility="core_team")
    client.force_login(cast.member)
    response = client.get(u(cast, "export"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "index.md" in names
    assert any(name.startswith("items/") and "bilan-des-marches" in name for name in names)
    assert not any("noyau-seulement" in name for name in names)
    assert [name for name in names if name.startswith("attachments/")] == [
        f"attachments/{item.pk:05d}/{item.attachments.first().pk}-bilan.pdf"
    ]
    assert archive.read(names[-1] if names[-1].endswith(".pdf") else [n for n in names if n.endswith(".pdf")][0]) == PDF
    assert "Bilan des marchés" in archive.read("index.md").decode()


def test_the_zip_speaks_the_language_of_the_interface(client, cast):
    item = make_item(cast, type=ItemType.DOCUMENT, title="Bilan des marchés")
    services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    client.force_login(cast.member)
    response = client.get(u(cast, "export"))
    assert response["Content-Disposition"] == 'attachment; filename="base-documentaire-circuits-courts.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = archive.read("index.md").decode()
    assert index.startswith("# Circuits courts : base documentaire\n")
    assert "\n## Document\n" in index and "knowledge base" not in index
    with translation.override("fr"):
        assert f"Exporté le {date_format(timezone.localdate(), 'DATE_FORMAT')}." in index  # « 29 novembre 2026 »
    item_text = archive.read(next(name for name in archive.namelist() if name.startswith("items/"))).decode()
    assert "## Pièces jointes" in item_text

    cast.member.language = "en"
    cast.member.save(update_fields=["language"])
    response = client.get(u(cast, "export"))
    assert response["Content-Disposition"] == 'attachment; filename="knowledge-base-circuits-courts.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("index.md").decode().startswith("# Circuits courts: knowledge base\n")


def test_attachments_download_as_files_never_as_pages(client, cast):
    item = make_item(cast)
    attachment = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    client.force_login(cast.observer)
    response = client.get(u(cast, "attachment", attachment.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    secret = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="core_team")
    assert client.get(u(cast, "attachment", secret.pk)).status_code == 404


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, cast):
    item = make_item(cast)
    client.force_login(cast.member)
    response = client.post(
        u(cast, "attachment_add", item.pk),
        {"visibility": "members"},
        CONTENT_LENGTH=str(ATTACHMENT_MAX_BYTES * 2),
    )
    assert response.status_code == 413
    assert item.attachments.count() == 0


def test_an_upload_growing_past_the_limit_is_stopped(client, cast, settings):
    item = make_item(cast)
    client.force_login(cast.member)
    big = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (ATTACHMENT_MAX_BYTES + 10))
    from terreau.knowledge import views

    views.UPLOAD_MARGIN = ATTACHMENT_MAX_BYTES  # let the body through to reach the handler
    try:
        response = client.post(u(cast, "attachment_add", item.pk), {"file": big, "visibility": "members"})
    finally:
        views.UPLOAD_MARGIN = 256 * 1024
    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]
    assert item.attachments.count() == 0


def test_a_lying_upload_is_refused_with_a_message(client, cast):
    item = make_item(cast)
    client.force_login(cast.member)
    fake = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    response = client.post(u(cast, "attachment_add", item.pk), {"file": fake, "visibility": "members"})
    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"]


def test_a_document_is_created_with_its_file(client, cast):
    client.force_login(cast.member)
    response = client.post(
        u(cast, "item_create", "document"),
        {"title": "Bilan", "visibility": "members", "f-summary": "Le bilan", "file": pdf_upload()},
    )
    assert response.status_code == 302
    assert KnowledgeItem.objects.get().attachments.get().name == "bilan.pdf"
    response = client.post(
        u(cast, "item_create", "document"), {"title": "Sans fichier", "visibility": "members", "f-summary": "x"}
    )
    assert response.status_code == 200 and "file" in response.context["file_form"].errors


def test_contact_person_links_to_the_member_page(client, cast):
    membership = cast.membership(cast.facilitator)
    client.force_login(cast.member)
    client.post(u(cast, "item_create", "good_practice"), good_practice_post(contact=membership.pk))
    item = KnowledgeItem.objects.get()
    html = client.get(item.get_absolute_url()).content.decode()
    assert reverse("communities:member", args=[cast.community.slug, membership.pk]) in html


def test_transfer_workshops_are_recorded(client, cast):
    lessons = make_item(cast, type=ItemType.LESSONS_LEARNED, title="Leçons de la halle")
    client.force_login(cast.member)
    response = client.post(
        u(cast, "handover_create"),
        {
            "title": "Halle",
            "held_on": "2025-06-01",
            "finishing_team": "Ciney",
            "starting_teams": "Marche",
            "lessons": [lessons.pk],
            "questions": "Comment ?",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    response = client.post(u(cast, "interview_create"), {"held_on": "2025-06-01", "questions_answers": "## Q\nR"})
    assert response.status_code == 200 and "interviewee_name" in response.context["form"].errors
    response = client.post(
        u(cast, "interview_create"),
        {"held_on": "2025-06-01", "questions_answers": "## Q\nR", "interviewee_name": "Paul", "visibility": "members"},
    )
    assert response.status_code == 302


def test_content_managers_keep_the_entry_points(client, cast):
    client.force_login(cast.core_member)
    response = client.post(u(cast, "entry_points"), {"add": "theme", "theme-name": "Circuits"})
    assert response.status_code == 302
    response = client.post(u(cast, "entry_points"), {"add": "theme", "theme-name": "Circuits"})
    assert response.status_code == 200  # a duplicate comes back with its message
    response = client.post(
        u(cast, "entry_points"), {"add": "activity", "activity-name": "Foire", "activity-kind": "event"}
    )
    assert response.status_code == 302


def test_a_theme_is_renamed_on_the_entry_points_page_and_keeps_its_items(client, cast):
    theme = cast.community.themes.get(slug="logistique")
    item = make_item(cast, title="Tournée", themes=[theme])
    cast.core_member.language = "en"  # the messages below are read in English
    cast.core_member.save(update_fields=["language"])
    client.force_login(cast.core_member)
    field = f"rename-{theme.pk}-name"
    response = client.post(u(cast, "entry_points"), {"add": "rename", "theme": theme.pk, field: "Transport"})
    assert response.status_code == 302
    assert [t.name for t in item.themes.all()] == ["Transport"]
    # A name the community already has comes back open, with what was typed and why.
    response = client.post(u(cast, "entry_points"), {"add": "rename", "theme": theme.pk, field: "VENTE directe"})
    html = response.content.decode()
    assert response.status_code == 200 and "The community already has this theme: vente directe." in html
    assert 'value="VENTE directe"' in html and '<details class="confirm neutral" open>' in html
    theme.refresh_from_db()
    assert theme.name == "Transport"
    client.force_login(cast.member)
    response = client.post(u(cast, "entry_points"), {"add": "rename", "theme": theme.pk, field: "Autre"})
    assert response.status_code == 403


# Themes in the item form ------------------------------------------------------------------------


def test_in_a_community_without_themes_a_core_member_writes_the_items_themes(client, cast):
    cast.community.themes.all().delete()
    client.force_login(cast.core_member)
    page = client.get(u(cast, "item_create", "good_practice"))
    form = page.context["form"]
    assert "themes" not in form.fields  # no label over an empty list of boxes
    assert 'name="new_themes"' in page.content.decode()
    client.post(
        u(cast, "item_create", "good_practice"),
        good_practice_post(new_themes="Vente directe, marchés du soir , vente-directe"),
    )
    item = KnowledgeItem.objects.get()
    assert sorted(theme.name for theme in item.themes.all()) == ["Vente directe", "marchés du soir"]
    assert sorted(cast.community.themes.values_list("name", flat=True)) == ["Vente directe", "marchés du soir"]


def test_a_new_theme_written_beside_the_existing_ones_joins_them(client, cast):
    client.force_login(cast.core_member)
    existing = cast.community.themes.get(name="logistique")
    client.post(
        u(cast, "item_create", "good_practice"),
        good_practice_post(themes=[existing.pk], new_themes="Logistique, Points de dépôt"),
    )
    item = KnowledgeItem.objects.get()
    assert sorted(theme.name for theme in item.themes.all()) == ["Points de dépôt", "logistique"]


english = pytest.fixture(name="english")(conftest.in_english)


@pytest.mark.usefixtures("english")
def test_a_member_who_may_not_add_themes_is_told_who_does_rather_than_shown_an_empty_label(client, cast):
    cast.community.themes.all().delete()
    client.force_login(cast.member)
    page = client.get(u(cast, "item_create", "good_practice"))
    html = page.content.decode()
    assert "themes" not in page.context["form"].fields and 'name="new_themes"' not in html
    assert "Themes" not in html
    assert "The community has no themes yet: the content managers add them" in html
    # A theme written anyway in the request is not created.
    client.post(u(cast, "item_create", "good_practice"), good_practice_post(new_themes="Pirate"))
    assert not cast.community.themes.exists()


def test_a_member_sees_the_communitys_themes_to_tick(client, cast):
    client.force_login(cast.member)
    page = client.get(u(cast, "item_create", "good_practice"))
    html = page.content.decode()
    assert 'name="themes"' in html and "logistique" in html
    assert 'name="new_themes"' not in html
