"""The archive's builder: the ZIP's layout, its manifest, its data, Markdown and pages."""

import json

from terreau.archive import format
from terreau.archive.models import Scope
from terreau.archive.sections import SECTIONS

from .helpers import PDF, build, fill, jsonl, members, sha


def test_manifest_counts_and_hashes_every_file(cast):
    fill(cast)
    data, manifest = build(cast.community, Scope.MEMBERS)
    files = members(data)
    assert manifest["format"] == format.FORMAT and manifest["version"] == format.VERSION
    assert manifest["scope"] == "members"
    assert manifest["community"]["slug"] == cast.community.slug
    assert manifest["sections"] == [section.key for section in SECTIONS]
    assert manifest["sections"][:4] == ["community", "circles", "charter", "knowledge"]
    # Public and members' items, not the core team's nor the draft.
    assert manifest["counts"]["knowledge.item"] == 2
    assert manifest["counts"]["charter.version"] == 1
    assert manifest["counts"]["community.community"] == 1
    assert json.loads(files[format.MANIFEST]) == manifest
    assert set(manifest["files"]) == set(files) - {format.MANIFEST}
    for path, digest in manifest["files"].items():
        assert sha(files[path]) == digest, path


def test_data_is_json_lines_with_people_by_name_only(cast):
    fill(cast)
    data, manifest = build(cast.community, Scope.MEMBERS)
    files = members(data)
    items = jsonl(files["data/knowledge.jsonl"])
    assert [item["title"] for item in items] == ["Carte des points de vente", "Bilan des marchés"]
    people = jsonl(files[format.PEOPLE])
    assert {person["name"] for person in people} >= {"Julie Martin"}
    assert all(set(person) == {"id", "name"} for person in people)
    names = {person["id"]: person["name"] for person in people}
    assert names[items[0]["author"]] == "Julie Martin"
    everything = b"".join(files.values())
    for user in (cast.member, cast.core_member, cast.admin):
        assert user.email.encode() not in everything


def test_attachment_stored_once_by_its_content(cast):
    fill(cast)
    data, manifest = build(cast.community, Scope.MEMBERS)
    files = members(data)
    document = next(item for item in jsonl(files["data/knowledge.jsonl"]) if item["type"] == "document")
    path = document["attachments"][0]["path"]
    assert path == format.file_path(sha(PDF), "bilan.pdf")
    assert files[path] == PDF
    assert sum(1 for name in files if name.startswith("files/")) == 1


def test_markdown_and_pages_for_each_record(cast):
    fill(cast)
    data, manifest = build(cast.community, Scope.MEMBERS)
    files = members(data)
    for item in jsonl(files["data/knowledge.jsonl"]):
        name = format.record_name(item["id"])
        markdown = files[format.markdown_path("knowledge", name)].decode()
        assert f"# {item['title']}" in markdown
        page = files[format.page_path("knowledge", name)].decode()
        assert item["title"] in page and 'lang="' in page and "../assets/style.css" in page
    index = files["index.html"].decode()
    assert cast.community.name in index and 'href="knowledge/index.html"' in index
    assert "Partager les pratiques" in files[format.markdown_path("charter", "charter-version-1")].decode()
    assert b"index.html" in files["README.txt"]


def test_list_pages_are_paged(cast, monkeypatch):
    fill(cast)
    monkeypatch.setattr(format, "PAGE_SIZE", 1)
    data, manifest = build(cast.community, Scope.MEMBERS)
    files = members(data)
    assert "knowledge/index.html" in files and "knowledge/page-2.html" in files
    assert "knowledge/page-3.html" not in files
    assert 'href="../knowledge/page-2.html"' in files["knowledge/index.html"].decode()


def test_public_archive_of_the_same_community(cast):
    fill(cast)
    data, manifest = build(cast.community, Scope.PUBLIC)
    files = members(data)
    assert [item["title"] for item in jsonl(files["data/knowledge.jsonl"])] == ["Carte des points de vente"]
    # The community is private: its charter is for members only.
    assert manifest["counts"]["charter.version"] == 0


def test_same_community_same_bytes_but_the_build_time(cast):
    fill(cast)
    first, one = build(cast.community, Scope.MEMBERS)
    second, two = build(cast.community, Scope.MEMBERS)
    assert one["files"].keys() == two["files"].keys()
    different = {path for path in one["files"] if one["files"][path] != two["files"][path]}
    assert different <= {"index.html", "README.txt"}  # they say when the archive was built
