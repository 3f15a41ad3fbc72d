"""The knowledge base: each item with its versions and attachments, as the knowledge base shows
it to the archive's reader (published and archived items of the scope's visibilities; the
fields and attachments of those visibilities; never an email address)."""

import json
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.communities.models import Theme
from terreau.knowledge import permissions as knowledge_permissions
from terreau.knowledge import search
from terreau.knowledge.item_types import ItemType, field_labels
from terreau.knowledge.models import ActivityTag, Attachment, ItemStatus, KnowledgeItem, KnowledgeVersion
from terreau.knowledge.services import search_texts

from .base import ExportContext, LoadContext, Record, Section

KIND = "knowledge.item"
# What a member reads on a published item's page: drafts are their author's and the content managers'.
SHOWN = [ItemStatus.PUBLISHED, ItemStatus.ARCHIVED]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _fields(visibilities, fields: dict) -> dict:
    """The fields this scope reads, without any email address (a contact's email stays in Terreau)."""
    return {
        name: value
        for name, value in knowledge_permissions.fields_for(visibilities, fields).items()
        if "email" not in name
    }


def theme_id(theme) -> str:
    return f"community.theme:{theme.pk}"


def export(ctx: ExportContext) -> Iterator[Record]:
    visibilities = ctx.visibilities
    items = (
        KnowledgeItem.objects.filter(community=ctx.community, status__in=SHOWN, visibility__in=visibilities)
        .select_related("author", "contact__user", "activity")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("pk")),
            Prefetch("versions", queryset=KnowledgeVersion.objects.select_related("author").order_by("number")),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(visibility__in=visibilities)
                .select_related("uploaded_by")
                .order_by("pk"),
            ),
        )
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=200):
        attachments = []
        for attachment in item.attachments.all():
            try:
                path = ctx.file(attachment.file, attachment.name)
            except FileNotFoundError:
                continue  # a file lost from the storage: the item is archived without it
            attachments.append(
                {
                    "name": attachment.name,
                    "path": path,
                    "content_type": attachment.content_type,
                    "size": attachment.size,
                    "summary": attachment.summary,
                    "visibility": attachment.visibility,
                    "uploaded_by": ctx.person(attachment.uploaded_by),
                    "uploaded_at": _iso(attachment.uploaded_at),
                }
            )
        activity = None
        if item.activity is not None:
            activity = {
                "name": item.activity.name,
                "kind": item.activity.kind,
                "circle": f"circles.circle:{item.activity.circle_id}" if item.activity.circle_id else None,
            }
        record = {
            "kind": KIND,
            "id": f"{KIND}:{item.pk}",
            "type": item.type,
            "title": item.title,
            "fields": _fields(visibilities, item.fields),
            "body": item.body,
            "status": item.status,
            "visibility": item.visibility,
            "themes": [{"id": theme_id(theme), "name": theme.name} for theme in item.themes.all()],
            "activity": activity,
            "author": ctx.person(item.author),
            "contact": ctx.person(item.contact),
            "version": item.version,
            "created_at": _iso(item.created_at),
            "updated_at": _iso(item.updated_at),
            "published_at": _iso(item.published_at),
            "versions": [
                {
                    "number": version.number,
                    "title": version.title,
                    "fields": _fields(visibilities, version.fields),
                    "body": version.body,
                    "author": ctx.person(version.author),
                    "saved_at": _iso(version.saved_at),
                    "note": version.note,
                }
                for version in item.versions.all()
            ],
            "attachments": attachments,
        }
        # A prefetched queryset names its item back (a cycle only the garbage collector frees):
        # broken here, the chunk of items goes as soon as it is read.
        item._prefetched_objects_cache = {}
        yield record


def _theme(ctx: LoadContext, theme: dict) -> Theme:
    found = ctx.lookup(theme["id"])
    if found is None:
        found = Theme.objects.filter(community=ctx.community, name=theme["name"]).first()
        if found is None:
            found = Theme(community=ctx.community, name=theme["name"])
            found.save()
        ctx.remember(theme["id"], found)
    return found


def _activity(ctx: LoadContext, activity: dict | None) -> ActivityTag | None:
    if not activity:
        return None
    found, _created = ActivityTag.objects.get_or_create(
        community=ctx.community,
        name=activity["name"],
        defaults={"kind": activity["kind"], "circle": ctx.lookup(activity.get("circle"))},
    )
    return found


def load(ctx: LoadContext, records) -> None:
    for record in records:
        item = KnowledgeItem.objects.create(
            community=ctx.community,
            type=record["type"],
            title=record["title"],
            fields=record["fields"],
            body=record["body"],
            status=record["status"],
            visibility=record["visibility"],
            activity=_activity(ctx, record.get("activity")),
            author=ctx.person(record.get("author")),
            contact=ctx.membership(record.get("contact")),
            version=record["version"],
            published_at=record.get("published_at"),
        )
        item.themes.set([_theme(ctx, theme) for theme in record.get("themes", [])])
        for version in record.get("versions", []):
            saved = KnowledgeVersion.objects.create(
                item=item,
                number=version["number"],
                title=version["title"],
                fields=version["fields"],
                body=version["body"],
                author=ctx.person(version.get("author")),
                note=version.get("note", ""),
            )
            KnowledgeVersion.objects.filter(pk=saved.pk).update(saved_at=version["saved_at"])
        attachments = []
        for entry in record.get("attachments", []):
            attachment = Attachment(
                item=item,
                name=entry["name"],
                content_type=entry["content_type"],
                size=entry["size"],
                summary=entry.get("summary", ""),
                visibility=entry["visibility"],
                uploaded_by=ctx.person(entry.get("uploaded_by")),
            )
            attachment.file.save(entry["name"], ctx.file(entry["path"]), save=False)
            attachment.save()
            Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=entry["uploaded_at"])
            attachments.append(attachment)
        for visibility, text in search_texts(item, attachments).items():
            setattr(item, search.TEXT_FIELDS[visibility], text)
        item.save(update_fields=list(search.TEXT_FIELDS.values()))
        KnowledgeItem.objects.filter(pk=item.pk).update(
            created_at=record["created_at"], updated_at=record["updated_at"]
        )
        item.refresh_from_db()
        search.index(item)
        ctx.remember(record["id"], item)


def item_fields(record: Record) -> list[tuple[str, object, bool]]:
    """(label, value, is Markdown) of the item's fields that have a value, in its type's order."""
    try:
        labels = field_labels(record["type"])
    except KeyError:
        labels = [(name, name, False) for name in record.get("fields", {})]
    fields = record.get("fields") or {}
    return [
        (label, fields[name], is_markdown) for name, label, is_markdown in labels if fields.get(name) not in (None, "")
    ]


def type_label(record: Record) -> str:
    try:
        return str(ItemType(record["type"]).label)
    except ValueError:
        return record["type"]


def markdown(record: Record) -> str:
    meta = {
        "id": record["id"],
        _("title"): record["title"],
        _("type"): type_label(record),
        _("status"): str(ItemStatus(record["status"]).label),
        _("themes"): ", ".join(theme["name"] for theme in record["themes"]),
        _("community activity"): record["activity"]["name"] if record["activity"] else "",
        _("created"): record["created_at"],
        _("updated"): record["updated_at"],
        _("version"): record["version"],
        _("visibility"): record["visibility"],
    }
    lines = ["---"] + [f"{key}: {json.dumps(str(value), ensure_ascii=False)}" for key, value in meta.items()]
    lines += ["---", "", f"# {record['title']}", ""]
    for label, value, _is_markdown in item_fields(record):
        lines += [f"## {label}", "", str(value), ""]
    if record["body"]:
        lines += [record["body"], ""]
    if record["attachments"]:
        lines += ["## " + _("Attachments"), ""]
        for attachment in record["attachments"]:
            summary = f": {attachment['summary']}" if attachment["summary"] else ""
            lines.append(f"- [{attachment['name']}](../../{attachment['path']}){summary}")
        lines.append("")
    return "\n".join(lines)


SECTION = Section(
    key="knowledge",
    title=gettext_lazy("Knowledge base"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/knowledge.html",
    markdown=markdown,
    label=lambda record: record["title"],
    date=lambda record: record.get("published_at") or record.get("created_at") or "",
)
