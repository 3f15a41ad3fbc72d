"""The round trip: a community's archive, imported into a new community, then archived again,
holds the same content: the same counts per kind, the same records once ids are set aside (every
text, every date, every visibility), the same files with the same fingerprints.

The community holds something of every kind a section archives (the apps' demo data). Ids are compared
by where they appear (the archive's ids are its own: "knowledge.item:12" here may be
"knowledge.item:40" there), people by their name and where they appear.
"""

import hashlib
import io
import json
import re
import zipfile
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

import conftest
from conftest import make_user
from terreau.accounts.models import User
from terreau.archive import format, loader
from terreau.communities.models import Community, Membership, Phase
from terreau.core.models import Visibility

builder = pytest.importorskip(
    "terreau.archive.builder", reason="builder.py (the export half) comes from the archive-build branch"
)

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True, name="english")(conftest.in_english)

SCOPE = "members"
# An archive's id of a record or a person: "knowledge.item:12", "person:3".
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM]
ARCHIVE_ID = re.compile(r"^[a-z][a-z_]*(?:\.[a-z_]+)*:\d+$")


def read(buffer) -> dict:
    """What an archive holds: its manifest, its people, its records by section, its files."""
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
        root = next(name[: -len(format.MANIFEST)] for name in names if name.endswith("/" + format.MANIFEST))

        def lines(path):
            if root + path not in names:
                return []
            text = archive.read(root + path).decode()
            return [json.loads(line) for line in text.splitlines() if line.strip()]

        manifest = json.loads(archive.read(root + format.MANIFEST))
        files = {
            path: hashlib.sha256(archive.read(root + path)).hexdigest()
            for path in manifest["files"]
            if path.startswith("files/")
        }
        return {
            "manifest": manifest,
            "people": {person["id"]: person["name"] for person in lines(format.PEOPLE)},
            "records": {key: lines(format.data_path(key)) for key in manifest["sections"]},
            "files": files,
        }


class Normaliser:
    """Replaces each archive id by its kind and the order it first appears in (records are
    walked in the archive's order, keys sorted), each person by that and their name, and the
    community's short address by a mark. `leave_out`: a person id whose mentions go (from a
    list), with the things about them (a list's entry or a record that names them directly)."""

    def __init__(self, people: dict[str, str], slug: str, leave_out: str | None = None):
        self.people = people
        self.slug = slug
        self.leave_out = leave_out
        self.seen: dict[str, str] = {}
        self.per_kind: Counter = Counter()

    def about_left_out(self, value) -> bool:
        if self.leave_out is None:
            return False
        if isinstance(value, dict):
            return self.leave_out in value.values()
        return value == self.leave_out

    def id(self, value: str) -> str:
        if value not in self.seen:
            kind = value.rsplit(":", 1)[0]
            self.per_kind[kind] += 1
            self.seen[value] = f"{kind}#{self.per_kind[kind]}"
            if kind == "person":
                self.seen[value] += f" ({self.people.get(value, '?')})"
        return self.seen[value]

    def __call__(self, value):
        if isinstance(value, dict):
            return {key: self(value[key]) for key in sorted(value)}
        if isinstance(value, list):
            kept = [self(item) for item in value if not self.about_left_out(item)]
            # In any order: a list of things (an item's themes) may follow the ids, which differ.
            return sorted(kept, key=lambda item: json.dumps(item, sort_keys=True))
        if isinstance(value, str):
            if ARCHIVE_ID.match(value):
                return self.id(value)
            if value == self.slug:
                return "<slug>"
            return value.replace(f"/c/{self.slug}/", "/c/<slug>/")
        return value


def normalised(found: dict, *, leave_out: str | None = None) -> dict[str, list]:
    """The records of each section, normalised; `leave_out`: the name of a person whose mentions
    go (the importing person: the new community's only records of them are about their joining)."""
    person = next((id for id, name in found["people"].items() if name == leave_out), None)
    normalise = Normaliser(found["people"], found["manifest"]["community"]["slug"], person)
    return {
        key: [normalise(record) for record in records if not normalise.about_left_out(record)]
        for key, records in found["records"].items()
    }


def visibilities(found: dict) -> Counter:
    """(kind, visibility) of every record and of every thing inside one."""
    counted: Counter = Counter()

    def walk(value, kind):
        if isinstance(value, dict):
            kind = value.get("kind", kind)
            if "visibility" in value:
                counted[(kind, value["visibility"])] += 1
            for item in value.values():
                walk(item, kind)
        elif isinstance(value, list):
            for item in value:
                walk(item, kind)

    for records in found["records"].values():
        walk(records, None)
    return counted


def assert_same(first: dict, second: dict, *, importer: str) -> None:
    counts = dict(second["manifest"]["counts"])
    before, after = normalised(first), normalised(second, leave_out=importer)
    # The importing person is the one person the second archive names that the first did not.
    assert counts.pop("person", 0) - first["manifest"]["counts"].get("person", 0) in (0, 1)
    expected = {kind: n for kind, n in first["manifest"]["counts"].items() if kind != "person"}
    left_out = Counter(record.get("kind") for records in normalised(second).values() for record in records)
    left_out.subtract(record.get("kind") for records in after.values() for record in records)
    assert {kind: n - left_out.get(kind, 0) for kind, n in counts.items()} == expected
    assert first["manifest"]["sections"] == second["manifest"]["sections"]
    differences = []
    for key in first["manifest"]["sections"]:
        if len(before[key]) != len(after[key]):
            differences.append(f"{key}: {len(before[key])} records, then {len(after[key])}")
            continue
        for was, now in zip(before[key], after[key], strict=True):
            fields = sorted(name for name in set(was) | set(now) if was.get(name) != now.get(name))
            if fields:
                shown = {name: (was.get(name), now.get(name)) for name in fields}
                differences.append(f"{key} {was.get('id')}: {str(shown)[:600]}")
    assert not differences, "\n".join(differences[:20])
    assert first["files"] == second["files"]
    assert visibilities(first) == visibilities(second)


@pytest.fixture
def demo():
    """A running community holding something of every kind: the apps' own demo data (as
    terreau/demo/data.py gives the demo's running community), and attachments of each visibility."""
    from terreau.charter import services as charter
    from terreau.circles import demo as circles_demo
    from terreau.decisions import demo as decisions_demo
    from terreau.definition import demo as definition_demo
    from terreau.events import demo as events_demo
    from terreau.exchanges import demo as exchanges_demo
    from terreau.ideas import demo as ideas_demo
    from terreau.knowledge import demo as knowledge_demo
    from terreau.knowledge import services as knowledge
    from terreau.knowledge.models import KnowledgeItem
    from terreau.stats import demo as stats_demo
    from terreau.surveys import demo as surveys_demo

    cast = conftest.build_cast()
    community = cast.community
    Community.objects.filter(pk=community.pk).update(phase=Phase.RUN)
    community.refresh_from_db()
    core = cast.membership(cast.core_member)
    definition_demo.demo_load(community=community, core=core)
    knowledge_demo.demo_load(community=community, core=core)
    exchanges_demo.demo_load(community=community, core=core)
    draft = charter.first_draft(community)
    draft["working_rules"] = "Chacun·e partage ce qu'il ou elle sait ; on cite ses sources."
    version = charter.charter_save(community=community, actor=cast.core_member, sections=draft, base_number=0)
    decisions_demo.charter_adopted(
        community=community, proposer=cast.core_member, number=version.number, text=charter.charter_markdown(version)
    )
    events_demo.demo_load(community=community, core=core)
    circles_demo.demo_load(community=community, core=core)
    decisions_demo.demo_load(community=community, core=core)
    surveys_demo.demo_load(community=community, core=core)
    ideas_demo.demo_load(community=community, core=core)
    stats_demo.demo_load(community=community)
    _retrospective_and_recognition(community, cast)
    items = KnowledgeItem.objects.filter(community=community).order_by("pk")
    for number, visibility in enumerate(VISIBILITIES):
        item = items[number]
        for copy in range(2):  # the same content twice: stored once in the ZIP
            knowledge.attachment_add(
                actor=cast.admin,
                item=item,
                upload=SimpleUploadedFile(f"fiche-{number}-{copy}.pdf", PDF + visibility.encode(), "application/pdf"),
                summary=f"Fiche {visibility}",
                visibility=visibility,
            )
    return community


def _retrospective_and_recognition(community, cast):
    """The close's own things (their apps' services come from other branches: made as rows)."""
    from django.utils import timezone

    from terreau.closing.models import Recognition
    from terreau.retrospectives.models import Card, CardGroup, Column, Retrospective, Vote

    retrospective = Retrospective.objects.create(
        community=community,
        title="Rétrospective de clôture",
        status=Retrospective.Status.DONE,
        record="Garder les visites de terrain ; arrêter les réunions trop longues.",
        created_by=cast.core_member,
        ended_at=timezone.now(),
        visibility=Visibility.MEMBERS,
    )
    group = CardGroup.objects.create(retrospective=retrospective, column=Column.KEEP, title="Le terrain")
    card = Card.objects.create(
        retrospective=retrospective, column=Column.KEEP, text="Les visites de fermes", group=group, author=cast.member
    )
    Card.objects.create(
        retrospective=retrospective, column=Column.STOP, text="Les réunions de 3 h", author=cast.observer
    )
    Vote.objects.create(retrospective=retrospective, card=card, voter=cast.observer)
    Recognition.objects.create(
        community=community,
        title="Merci à toutes et tous",
        text="## Ce que nous avons appris\n\nLa logistique mutualisée tient.",
        visibility=Visibility.PUBLIC,
        published_at=timezone.now(),
        updated_by=cast.core_member,
    )


def make_importer():
    """Someone the platform admin allowed to create communities, a stranger to the demo."""
    person = make_user("importatrice@autre-instance.test", "Iris Importatrice")
    person.user_permissions.add(Permission.objects.get(codename="add_community"))
    return User.objects.get(pk=person.pk)


def test_an_archive_imported_then_archived_again_holds_the_same_content(demo):
    importer = make_importer()
    first = io.BytesIO()
    manifest = builder.write(demo, SCOPE, first)
    assert sum(n for kind, n in manifest["counts"].items() if kind != "person") > 0
    assert [key for key, records in read(first)["records"].items() if not records] == [], "a section without data"

    first.seek(0)
    community = loader.load(first, actor=importer, name=demo.name, slug="circuits-courts-suite")
    assert community.slug == "circuits-courts-suite" and community.name == demo.name
    second = io.BytesIO()
    builder.write(community, SCOPE, second)

    assert_same(read(first), read(second), importer="Iris Importatrice")


@pytest.mark.django_db(transaction=True)
def test_an_archive_loads_into_an_instance_that_shares_nothing_with_the_one_that_made_it(demo):
    """Another instance: the archive is made, then the database emptied; the archive's ids name
    nothing here. Everything comes back all the same, from the archive alone."""
    first = io.BytesIO()
    builder.write(demo, SCOPE, first)
    call_command("flush", interactive=False, verbosity=0)
    assert not Community.objects.exists() and not User.objects.exists()

    first.seek(0)
    importer = make_importer()
    community = loader.load(first, actor=importer)
    assert community.slug == "circuits-courts"
    second = io.BytesIO()
    builder.write(community, SCOPE, second)

    assert_same(read(first), read(second), importer="Iris Importatrice")
    # The people came back as former members, with their names only.
    former = Membership.objects.filter(community=community).exclude(user=importer).select_related("user")
    assert former and all(m.status == Membership.Status.LEFT and not m.user.is_active for m in former)
    assert all(m.user.email.endswith("@archive.invalid") for m in former)
