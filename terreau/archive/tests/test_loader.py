"""The loader: what it refuses (creating nothing), and what it gives the sections."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

import conftest
from conftest import make_user
from terreau.accounts.models import User
from terreau.archive import loader, sections
from terreau.archive.models import Archive
from terreau.archive.sections import Section
from terreau.audit.models import AuditEntry
from terreau.communities.models import Community, Membership, Phase, Role

from .import_helpers import build_zip, sha256

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PEOPLE = [{"id": "person:1", "name": "Léa Semis"}, {"id": "person:2", "name": "Marc Bouture"}]


class Notes:
    """A section for the tests only: each record names an author, maybe a file, maybe a parent."""

    def __init__(self):
        self.loaded = []
        self.given = None

    def load(self, context, records):
        self.given = records
        for record in records:
            if record.get("fail"):
                raise ValidationError("Une note refusée.")
            thing = {
                "record": record,
                "author": context.person(record.get("author")),
                "membership": context.membership(record.get("author")),
                "parent": context.lookup(record.get("parent")),
            }
            if record.get("file"):
                archive = Archive(community=context.community, scope="members", file=context.file(record["file"]))
                archive.save()
                thing["archive"] = archive
            context.remember(record["id"], thing)
            self.loaded.append(thing)


@pytest.fixture
def notes(monkeypatch):
    found = Notes()
    section = Section(
        key="notes", title="Notes", kinds=("test.note",), export=lambda context: iter(()), load=found.load
    )
    monkeypatch.setattr(sections, "SECTIONS", [section])
    return found


def note(number, **fields):
    return {"kind": "test.note", "id": f"test.note:{number}", "title": f"Note {number}", **fields}


def nothing_created(before_users):
    return not Community.objects.filter(slug="jardins-partages").exists() and User.objects.count() == before_users


# What it creates ----------------------------------------------------------------------------


def test_the_new_community_takes_the_archives_name_and_continues_the_work(cast, notes):
    community = loader.load(build_zip(people=PEOPLE, data={"notes": []}), actor=cast.admin)
    assert (community.name, community.slug) == ("Jardins partagés", "jardins-partages")
    assert community.purpose == "Partager les semences et les savoir-faire."
    assert community.listing == Community.Listing.PRIVATE
    assert community.phase == Phase.RUN
    assert community.created_by == cast.admin
    mine = Membership.objects.get(community=community, user=cast.admin)
    assert mine.is_active and mine.is_core_team
    assert AuditEntry.objects.filter(community=community, action="community.imported").count() == 1
    # The guide's roles, as for any new community.
    assert Role.objects.filter(community=community).count() == 8


def test_a_name_and_short_address_given_replace_the_archives(cast, notes):
    community = loader.load(build_zip(), actor=cast.admin, name="Jardins, la suite", slug="jardins-suite")
    assert (community.name, community.slug) == ("Jardins, la suite", "jardins-suite")


def test_someone_allowed_to_create_communities_may_import(cast, notes):
    cast.member.user_permissions.add(Permission.objects.get(codename="add_community"))
    member = User.objects.get(pk=cast.member.pk)
    community = loader.load(build_zip(), actor=member)
    assert Membership.objects.get(community=community, user=member).is_core_team


def test_nobody_else_may_import(cast, notes):
    with pytest.raises(PermissionDenied):
        loader.load(build_zip(), actor=cast.core_member)
    assert not Community.objects.filter(slug="jardins-partages").exists()


def test_records_come_streamed_in_order_and_name_earlier_ones(cast, notes):
    records = [note(1), note(2, parent="test.note:1"), note(3, parent="test.note:99")]
    loader.load(build_zip(data={"notes": records}), actor=cast.admin)
    assert not isinstance(notes.given, (list, tuple))
    assert [thing["record"]["id"] for thing in notes.loaded] == ["test.note:1", "test.note:2", "test.note:3"]
    assert notes.loaded[1]["parent"] is notes.loaded[0]
    assert notes.loaded[2]["parent"] is None  # a record this archive did not hold


def test_people_become_former_members_with_their_name_only(cast, notes):
    before = User.objects.count()
    records = [note(1, author="person:1"), note(2, author="person:1"), note(3), note(4, author="person:9")]
    community = loader.load(build_zip(people=PEOPLE, data={"notes": records}), actor=cast.admin)
    lea = notes.loaded[0]["author"]
    assert notes.loaded[1]["author"] == lea  # one account per person, however often named
    assert notes.loaded[2]["author"] is None and notes.loaded[2]["membership"] is None
    assert lea.display_name == "Léa Semis"
    assert lea.email.startswith("archived-") and lea.email.endswith("@archive.invalid")
    assert not lea.is_active and not lea.has_usable_password()
    assert not lea.is_staff and not lea.is_superuser
    membership = notes.loaded[0]["membership"]
    assert membership.community == community and membership.user == lea
    assert membership.status == Membership.Status.LEFT and not membership.is_core_team
    # Someone the records name but people.jsonl does not: the neutral name of a deleted account.
    assert str(notes.loaded[3]["author"]) == "Former member"
    # Marc is named by no record: nobody stands for him.
    assert User.objects.count() == before + 2
    assert not User.objects.filter(display_name="Marc Bouture").exists()


def test_an_attachment_comes_back_with_its_content(cast, notes):
    buffer = build_zip(
        data={"notes": [note(1, file=f"files/{sha256(PDF)}/compte-rendu.pdf")]}, files={"compte-rendu.pdf": PDF}
    )
    loader.load(buffer, actor=cast.admin)
    stored = notes.loaded[0]["archive"].file
    assert stored.name.endswith("compte-rendu.pdf")
    with stored.open("rb") as handle:
        assert handle.read() == PDF


def test_a_file_the_manifest_does_not_vouch_for_is_refused(cast, notes):
    path = f"files/{sha256(PDF)}/x.pdf"
    buffer = build_zip(data={"notes": [note(1, file=path)]}, files={"x.pdf": PDF}, unlisted=(path,))
    with pytest.raises(ValidationError, match="damaged"):
        loader.load(buffer, actor=cast.admin)


def test_an_archive_at_the_zips_root_loads_too(cast, notes):
    community = loader.load(build_zip(folder="", data={"notes": [note(1)]}), actor=cast.admin)
    assert community.slug == "jardins-partages" and len(notes.loaded) == 1


# What it refuses, creating nothing ----------------------------------------------------------


def refused(buffer, actor, match, **kwargs):
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        loader.load(buffer, actor=actor, **kwargs)
    assert match in " ".join(caught.value.messages)
    assert nothing_created(before)
    return caught.value


def test_a_file_that_is_no_zip_is_refused(cast, notes):
    refused(io.BytesIO(b"%PDF-1.4 not a zip at all" * 100), cast.admin, "not a ZIP")
    refused(io.BytesIO(b""), cast.admin, "not a ZIP")


def test_a_zip_that_is_no_terreau_archive_is_refused(cast, notes):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "hello")
    refused(buffer, cast.admin, "not a Terreau archive")
    refused(build_zip(manifest={"format": "something-else"}), cast.admin, "not a Terreau archive")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x-archive/manifest.json", "{not json")
    refused(buffer, cast.admin, "not a Terreau archive")


def test_an_archive_of_a_newer_version_is_refused(cast, notes):
    refused(build_zip(manifest={"version": 99}), cast.admin, "newer version of Terreau")


def test_a_file_changed_after_the_archive_was_made_is_refused(cast, notes):
    buffer = build_zip(data={"notes": [note(1)]}, manifest={"files": {"data/notes.jsonl": "0" * 64}})
    refused(buffer, cast.admin, "“data/notes.jsonl” does not match")
    buffer = build_zip(data={"notes": [note(1)]}, manifest={"files": {"data/gone.jsonl": "0" * 64}})
    refused(buffer, cast.admin, "“data/gone.jsonl” does not match")


@pytest.mark.parametrize(
    "path", ["../../etc/evil.txt", "jardins-partages-archive/../../x", "/etc/passwd", "C:/x", "a\\..\\b"]
)
def test_a_path_leaving_the_folder_is_refused(cast, notes, path):
    refused(build_zip(extra={path: b"x"}), cast.admin, "leaves its folder")


def test_an_archive_larger_than_the_cap_is_refused(cast, notes, settings):
    settings.TERREAU_ARCHIVE_IMPORT_MAX_BYTES = 500
    refused(build_zip(data={"notes": [note(1)]}), cast.admin, "larger than 500")


def test_an_archive_that_unpacks_past_the_cap_is_refused_before_any_inflating(cast, notes, settings, monkeypatch):
    settings.TERREAU_ARCHIVE_IMPORT_MAX_EXPANDED_BYTES = 10_000
    buffer = build_zip(extra={"bomb.txt": b"0" * 20_000})
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: pytest.fail("inflated a member"))
    refused(buffer, cast.admin, "Once unpacked")


def test_a_member_claiming_a_huge_ratio_is_refused(cast, notes):
    refused(build_zip(extra={"bomb.txt": b"\0" * (3 * 1024 * 1024)}), cast.admin, "Once unpacked")


def test_too_many_members_are_refused_from_the_end_record(cast, notes, settings):
    settings.TERREAU_ARCHIVE_IMPORT_MAX_MEMBERS = 2
    refused(build_zip(data={"notes": [note(1)]}), cast.admin, "too many files")


def test_a_short_address_taken_is_refused_with_a_free_one(cast, notes):
    error = refused(build_zip(slug="circuits-courts"), cast.admin, "“circuits-courts” is already taken")
    assert "“circuits-courts-2”" in error.messages[0]
    assert error.error_dict["slug"][0].params["free"] == "circuits-courts-2"


def test_a_record_that_is_not_json_is_refused(cast, notes):
    buffer = build_zip(data={"notes": [note(1)]})
    # Rewritten with a broken second line, fingerprinted as the builder would have.
    with zipfile.ZipFile(buffer) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    import json

    broken = members["jardins-partages-archive/data/notes.jsonl"] + b"{oops\n"
    members["jardins-partages-archive/data/notes.jsonl"] = broken
    manifest = json.loads(members["jardins-partages-archive/manifest.json"])
    manifest["files"]["data/notes.jsonl"] = sha256(broken)
    members["jardins-partages-archive/manifest.json"] = json.dumps(manifest).encode()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as archive:
        for path, content in members.items():
            archive.writestr(path, content)
    refused(rebuilt, cast.admin, "Line 2 of “data/notes.jsonl”")


def test_a_section_that_fails_leaves_nothing_behind_not_even_files(cast, notes):
    path = f"files/{sha256(PDF)}/compte-rendu.pdf"
    buffer = build_zip(
        people=PEOPLE,
        data={"notes": [note(1, author="person:1", file=path), note(2, fail=True)]},
        files={"compte-rendu.pdf": PDF},
    )
    refused(buffer, cast.admin, "Une note refusée.")
    saved = notes.loaded[0]["archive"].file.name
    assert saved and not default_storage.exists(saved)
    assert not Archive.objects.exists()
    assert not User.objects.filter(display_name="Léa Semis").exists()


def test_read_checks_without_importing(cast, notes):
    manifest = loader.read(build_zip())
    assert manifest["community"]["slug"] == "jardins-partages"
    assert not Community.objects.filter(slug="jardins-partages").exists()


def test_an_importer_who_is_no_admin_needs_the_grant(db, notes):
    someone = make_user("quelquun@exemple.test", "Quelqu'un")
    with pytest.raises(PermissionDenied):
        loader.load(build_zip(), actor=someone)
