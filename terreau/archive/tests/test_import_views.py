"""The import page and its status page: upload, background import, refusals."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

import conftest
from conftest import make_user
from terreau.accounts.models import User
from terreau.archive import sections
from terreau.archive.models import ArchiveImport
from terreau.communities.models import Community, Membership

from .import_helpers import build_zip

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)


@pytest.fixture(autouse=True)
def no_sections(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])


def upload(buffer, name="jardins-partages-archive.zip"):
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def post(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("archive:import"), data)


def test_the_admin_uploads_an_archive_and_follows_its_import(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.admin)
    assert client.get(reverse("archive:import")).status_code == 200
    response = post(client, {"file": upload(build_zip())}, django_capture_on_commit_callbacks)
    found = ArchiveImport.objects.get()
    assert response.status_code == 302 and response.url == found.get_absolute_url()
    # The tests' task backend runs it at once.
    found.refresh_from_db()
    assert found.status == ArchiveImport.Status.DONE, found.error
    community = Community.objects.get(slug="jardins-partages")
    assert found.community == community and found.requested_by == cast.admin
    assert not found.file  # the ZIP is not kept once imported
    page = client.get(found.get_absolute_url())
    assert "Refresh" not in page
    assert community.get_absolute_url() in page.content.decode()


def test_the_status_page_looks_again_while_the_import_runs(client, cast):
    client.force_login(cast.admin)
    found = ArchiveImport.objects.create(file_name="a.zip", requested_by=cast.admin)
    page = client.get(found.get_absolute_url())
    assert page.status_code == 200 and page["Refresh"] == "3"


def test_someone_allowed_to_create_communities_imports_and_sees_only_their_imports(
    client, cast, django_capture_on_commit_callbacks
):
    cast.member.user_permissions.add(Permission.objects.get(codename="add_community"))
    client.force_login(cast.member)
    post(client, {"file": upload(build_zip()), "name": "Jardins, la suite"}, django_capture_on_commit_callbacks)
    found = ArchiveImport.objects.get()
    assert found.status == ArchiveImport.Status.DONE, found.error
    community = Community.objects.get(slug="jardins-partages")
    assert community.name == "Jardins, la suite"
    assert Membership.objects.get(community=community, user=cast.member).is_core_team
    others = ArchiveImport.objects.create(file_name="b.zip", requested_by=cast.admin)
    assert client.get(others.get_absolute_url()).status_code == 404
    assert "b.zip" not in client.get(reverse("archive:import")).content.decode()


def test_a_member_may_not_import(client, cast):
    client.force_login(cast.core_member)
    response = client.post(reverse("archive:import"), {"file": upload(build_zip())})
    assert response.status_code == 403
    assert not ArchiveImport.objects.exists()


def test_what_is_quick_to_see_is_said_in_the_form(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("archive:import"), {"file": upload(build_zip(manifest={"version": 7}))})
    assert response.status_code == 200
    assert "newer version of Terreau" in response.content.decode()
    response = client.post(reverse("archive:import"), {"file": SimpleUploadedFile("x.zip", b"hello")})
    assert "not a ZIP" in response.content.decode()
    assert not ArchiveImport.objects.exists()


def test_a_short_address_taken_is_said_with_a_free_one_filled_in(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("archive:import"), {"file": upload(build_zip(slug="circuits-courts"))})
    content = response.content.decode()
    assert "is already taken" in content and 'value="circuits-courts-2"' in content
    assert not ArchiveImport.objects.exists()


def test_an_upload_larger_than_the_cap_is_stopped_as_it_arrives(client, cast, settings):
    settings.TERREAU_ARCHIVE_IMPORT_MAX_BYTES = 300
    client.force_login(cast.admin)
    response = client.post(reverse("archive:import"), {"file": upload(build_zip())})
    assert response.status_code == 200
    assert "larger than 300" in response.content.decode()
    assert not ArchiveImport.objects.exists()


def test_a_body_announced_larger_than_the_cap_is_not_read(client, cast, settings):
    settings.TERREAU_ARCHIVE_IMPORT_MAX_BYTES = 300
    client.force_login(cast.admin)
    response = client.post(
        reverse("archive:import"), {"file": upload(build_zip())}, CONTENT_LENGTH=str(10 * 1024 * 1024)
    )
    assert response.status_code == 413


def test_an_archive_refused_in_the_background_says_why_and_keeps_nothing(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.admin)
    buffer = build_zip(manifest={"files": {"data/x.jsonl": "0" * 64}})
    post(client, {"file": upload(buffer)}, django_capture_on_commit_callbacks)
    found = ArchiveImport.objects.get()
    assert found.status == ArchiveImport.Status.FAILED
    assert "does not match" in found.error
    assert not found.file
    page = client.get(found.get_absolute_url()).content.decode()
    assert "does not match" in page


def test_a_short_address_taken_meanwhile_may_be_tried_again_without_sending_the_zip(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.admin)
    post(client, {"file": upload(build_zip())}, django_capture_on_commit_callbacks)
    first = ArchiveImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        second = ArchiveImport.objects.create(file_name="again.zip", requested_by=cast.admin)
        second.file.save("archive.zip", upload(build_zip()))
    from terreau.archive import imports

    imports.import_run(archive_import=second)
    second.refresh_from_db()
    assert second.status == ArchiveImport.Status.FAILED and "already taken" in second.error
    assert second.file and default_storage.exists(second.file.name)
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'name="slug"' in page and 'value="jardins-partages-2"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(second.get_absolute_url(), {"slug": "jardins-partages-2", "name": ""})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ArchiveImport.Status.DONE, second.error
    assert second.community.slug == "jardins-partages-2" and first.pk != second.pk


def test_the_command_imports_as_the_person_named(cast, tmp_path, capsys):
    path = tmp_path / "archive.zip"
    path.write_bytes(build_zip().getvalue())
    call_command("import_archive", str(path), "--as", cast.admin.email, "--slug", "jardins", "--public")
    community = Community.objects.get(slug="jardins")
    assert community.listing == Community.Listing.PUBLIC
    assert "jardins" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already taken"):
        call_command("import_archive", str(path), "--as", cast.admin.email, "--slug", "jardins")
    with pytest.raises(CommandError, match="may not create communities"):
        call_command("import_archive", str(path), "--as", cast.member.email)
    with pytest.raises(CommandError, match="No active account"):
        call_command("import_archive", str(path), "--as", "nobody@example.test")


def test_the_import_page_counts_few_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    for number in range(5):
        ArchiveImport.objects.create(file_name=f"{number}.zip", requested_by=cast.admin, community=cast.community)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("archive:import")).status_code == 200


def test_an_importer_whose_account_went_inactive_fails_cleanly(db, django_capture_on_commit_callbacks):
    someone = make_user("quelquun@exemple.test", "Quelqu'un", is_superuser=True)
    found = ArchiveImport.objects.create(file_name="a.zip", requested_by=someone)
    found.file.save("archive.zip", upload(build_zip()))
    User.objects.filter(pk=someone.pk).update(is_active=False)
    from terreau.archive import imports

    imports.import_run(archive_import=ArchiveImport.objects.get(pk=found.pk))
    found.refresh_from_db()
    assert found.status == ArchiveImport.Status.FAILED and "no longer create" in found.error


def test_the_status_page_counts_few_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    found = ArchiveImport.objects.create(
        file_name="a.zip", requested_by=cast.admin, community=cast.community, status=ArchiveImport.Status.DONE
    )
    with django_assert_max_num_queries(6):
        assert client.get(found.get_absolute_url()).status_code == 200
