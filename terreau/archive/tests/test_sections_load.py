"""The archive's own sections load back what they wrote: exported from one community, loaded
into a new one through a plain LoadContext, exported again, the same records (ids aside) and
the same files."""

from django.core.files.base import ContentFile

from terreau.accounts.models import User
from terreau.archive.models import Scope
from terreau.archive.sections import charter, community, knowledge
from terreau.communities.models import Community, Membership
from terreau.definition.models import CommunityDefinition, Objective, ObjectiveKind

from .helpers import build, fill, jsonl, members

SECTIONS = [community.SECTION, charter.SECTION, knowledge.SECTION]


class Loading:
    """A LoadContext over an archive's files (the loader's own is in loader.py)."""

    def __init__(self, files, target, actor):
        self.files, self.community, self.actor = files, target, actor
        self.names = {person["id"]: person["name"] for person in jsonl(files["data/people.jsonl"])}
        self.people, self.things = {}, {}

    def person(self, person_id):
        if person_id is None:
            return None
        if person_id not in self.people:
            self.people[person_id] = User.objects.create_user(
                f"{person_id.replace(':', '-')}@import.test", None, display_name=self.names[person_id]
            )
        return self.people[person_id]

    def membership(self, person_id):
        user = self.person(person_id)
        if user is None:
            return None
        return Membership.objects.get_or_create(
            community=self.community, user=user, defaults={"status": Membership.Status.LEFT}
        )[0]

    def file(self, path):
        return ContentFile(self.files[path], name=path.rsplit("/", 1)[-1])

    def remember(self, record_id, thing):
        self.things[record_id] = thing

    def lookup(self, record_id):
        return self.things.get(record_id)


def without_ids(value):
    """A record with its own and other records' ids blanked (they are the database's)."""
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key not in ("id",)}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


def test_the_sections_load_what_they_export(cast):
    fill(cast)
    CommunityDefinition.objects.create(community=cast.community, why="Vendre en direct.", scope="Les marchés.")
    Objective.objects.create(community=cast.community, kind=ObjectiveKind.values[0], goals="Entraide.")
    data, manifest = build(cast.community, Scope.MEMBERS, sections=SECTIONS)
    files = members(data)
    target = Community.objects.create(name="Circuits courts (archive)", slug="circuits-courts-archive", purpose="")
    context = Loading(files, target, cast.admin)
    for section in SECTIONS:
        section.load(context, jsonl(files[f"data/{section.key}.jsonl"]))

    again, second = build(target, Scope.MEMBERS, sections=SECTIONS)
    files_again = members(again)
    for section in SECTIONS:
        before = without_ids(jsonl(files[f"data/{section.key}.jsonl"]))
        after = without_ids(jsonl(files_again[f"data/{section.key}.jsonl"]))
        if section.key == "community":
            for record in before + after:
                for key in ("name", "slug", "created_at", "listing", "phase"):  # the loader's
                    record.pop(key)
        assert after == before, section.key
    assert jsonl(files_again["data/community.jsonl"])[0]["definition"]["why"] == "Vendre en direct."
    assert jsonl(files_again["data/people.jsonl"]) == jsonl(files["data/people.jsonl"])
    stored = {path: digest for path, digest in manifest["files"].items() if path.startswith("files/")}
    assert stored and stored == {p: d for p, d in second["files"].items() if p.startswith("files/")}
    assert second["counts"] == manifest["counts"]
