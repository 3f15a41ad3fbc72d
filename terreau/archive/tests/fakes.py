"""Simple stand-ins for the builder's ExportContext and the loader's LoadContext, and the round
trip the section tests share: export → JSON → load into a new community → export again."""

import itertools
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from terreau.communities import services
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility

SCOPE_VISIBILITIES = {
    "public": [Visibility.PUBLIC],
    "members": [Visibility.PUBLIC, Visibility.MEMBERS],
}

_copies = itertools.count(1)


class FakeExport:
    def __init__(self, community, scope: str = "members"):
        self.community = community
        self.scope = scope
        self.visibilities = list(SCOPE_VISIBILITIES[scope])
        self.people: dict[str, str] = {}  # person id -> name
        self._ids: dict[int, str] = {}  # user pk -> person id
        self.files: list[str] = []

    def person(self, user_or_membership):
        if user_or_membership is None:
            return None
        user = user_or_membership.user if isinstance(user_or_membership, Membership) else user_or_membership
        if user.pk not in self._ids:
            self._ids[user.pk] = f"person:{user.pk}"
            self.people[self._ids[user.pk]] = str(user)
        return self._ids[user.pk]

    def file(self, field_file, name=None):
        path = f"files/{len(self.files)}/{name or field_file.name.rsplit('/', 1)[-1]}"
        self.files.append(path)
        return path


class FakeLoad:
    def __init__(self, community, actor, people: dict[str, str]):
        self.community = community
        self.actor = actor
        self.people = people
        self.users: dict[str, object] = {}
        self.things: dict[str, object] = {}

    def person(self, person_id):
        from terreau.accounts.models import User

        if person_id is None:
            return None
        if person_id not in self.users:
            number = person_id.split(":")[1]
            self.users[person_id] = User.objects.create_user(
                f"archived-{number}-{self.community.slug}@archive.invalid",
                None,
                display_name=self.people.get(person_id, person_id),
            )
        return self.users[person_id]

    def membership(self, person_id):
        if person_id is None:
            return None
        membership, _created = Membership.objects.get_or_create(
            community=self.community, user=self.person(person_id), defaults={"status": Membership.Status.LEFT}
        )
        return membership

    def file(self, path):
        raise NotImplementedError

    def remember(self, record_id, thing):
        self.things[record_id] = thing

    def lookup(self, record_id):
        return self.things.get(record_id) if record_id else None


def new_community(actor, source) -> Community:
    number = next(_copies)
    return services.community_create(
        actor=actor,
        name=f"{source.name} (archive {number})",
        slug=f"{source.slug}-archive-{number}",
        purpose=source.purpose,
        themes="",
        listing=source.listing,
    )


def export(sections, community, scope: str = "members") -> tuple[dict[str, list], FakeExport]:
    ctx = FakeExport(community, scope)
    # Through JSON, as the ZIP holds them.
    return {section.key: json.loads(json.dumps(list(section.export(ctx)))) for section in sections}, ctx


def load(sections, records: dict[str, list], target, actor, people) -> FakeLoad:
    ctx = FakeLoad(target, actor, people)
    for section in sections:
        section.load(ctx, iter(records[section.key]))
    return ctx


_ID = re.compile(r"^([a-z_]+(?:\.[a-z_]+)?):(\d+)$")


def normalise(value):
    """Record ids and person ids renumbered by order of first appearance, per kind: two exports of
    the same things in two communities compare equal."""
    numbers: dict[str, dict[str, int]] = {}

    def walk(thing):
        if isinstance(thing, dict):
            return {key: walk(item) for key, item in thing.items()}
        if isinstance(thing, list):
            return [walk(item) for item in thing]
        if isinstance(thing, str):
            found = _ID.match(thing)
            if found and (found.group(1) == "person" or "." in found.group(1)):
                seen = numbers.setdefault(found.group(1), {})
                return f"{found.group(1)}:#{seen.setdefault(thing, len(seen) + 1)}"
        return thing

    return walk(value)


def round_trip(sections, community, actor, scope: str = "members"):
    """Export `sections` of `community`, load them into a new community, export that: both returned."""
    records, ctx = export(sections, community, scope)
    target = new_community(actor, community)
    load(sections, records, target, actor, ctx.people)
    again, _ctx = export(sections, target, scope)
    return records, again, target


def export_queries(section, community, scope: str = "members") -> int:
    ctx = FakeExport(community, scope)
    with CaptureQueriesContext(connection) as queries:
        records = list(section.export(ctx))
        json.dumps(records)
    return len(queries)


def difference(first, second, path="") -> str | None:
    """Where two normalised exports first differ ("decisions[2].steps[0].at: … != …"), or None."""
    if isinstance(first, dict) and isinstance(second, dict):
        for key in sorted(set(first) | set(second)):
            found = difference(first.get(key), second.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(first, list) and isinstance(second, list):
        if len(first) != len(second):
            return f"{path}: {len(first)} items != {len(second)}"
        for n, (a, b) in enumerate(zip(first, second, strict=True)):
            found = difference(a, b, f"{path}[{n}]")
            if found:
                return found
        return None
    return None if first == second else f"{path}: {first!r} != {second!r}"


def assert_same(records, again) -> None:
    found = difference(normalise(records), normalise(again))
    assert found is None, found


def _knowledge_export(ctx):
    from terreau.knowledge.models import ItemStatus, KnowledgeItem

    items = KnowledgeItem.objects.filter(community=ctx.community, visibility__in=ctx.visibilities).exclude(
        status=ItemStatus.DRAFT
    )
    for item in items.order_by("pk"):
        yield {
            "kind": "knowledge.item",
            "id": f"knowledge.item:{item.pk}",
            "title": item.title,
            "type": item.type,
            "status": item.status,
            "visibility": item.visibility,
        }


def _knowledge_load(ctx, records):
    from terreau.knowledge.models import KnowledgeItem

    for record in records:
        item = KnowledgeItem.objects.create(
            community=ctx.community,
            type=record["type"],
            title=record["title"],
            status=record["status"],
            visibility=record["visibility"],
        )
        ctx.remember(record["id"], item)


def knowledge_stub():
    """The knowledge section's place (the archive-build branch writes the real one): the items'
    ids, so that the records naming them are resolved on load."""
    from terreau.archive.sections.base import Section

    return Section(
        key="knowledge", title="Knowledge", kinds=("knowledge.item",), export=_knowledge_export, load=_knowledge_load
    )


def render(section, records: list, people: dict) -> str:
    """Every record's page and Markdown, as the builder writes them (checks the templates render)."""
    from django.template.loader import render_to_string

    out = []
    for record in records:
        if section.page_template:
            out.append(
                render_to_string(section.page_template, {"record": record, "people": people, "section": section})
            )
        if section.markdown:
            out.append(section.markdown(record))
        out.append(section.label(record))
    return "\n".join(out)
