"""The knowledge base outside Terreau: an item as Markdown, the whole base as a ZIP, the Atom feed.

Nothing disappears into a black hole: the ZIP holds one Markdown file per item (its metadata in a
front matter block), the attachments, and an index.md, readable with any text editor.
"""

import tempfile
import zipfile

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.core import markdown
from terreau.core.models import Visibility

from . import permissions as knowledge_permissions
from .item_types import ItemType, field_labels
from .models import ItemStatus, KnowledgeItem


def _yaml(value) -> str:
    """A YAML scalar in double quotes (JSON string escaping is valid YAML)."""
    import json

    return json.dumps(str(value), ensure_ascii=False)


def item_filename(item: KnowledgeItem) -> str:
    return f"{item.pk:05d}-{slugify(item.title)[:60] or 'item'}.md"


def _value(name, value) -> str:
    if name == "standing":
        return {"idea": _("Good idea"), "proven": _("Proven practice")}.get(value, value)
    if name == "top_points":
        return "\n".join(f"{number}. {point}" for number, point in enumerate(str(value).splitlines(), start=1))
    return str(value)


def item_markdown(
    item: KnowledgeItem, attachments=(), *, visibilities, base_url: str = "", attachment_path=None
) -> str:
    """One item as a Markdown document with a YAML front matter; every field a reader seeing
    `visibilities` may see has its heading (`attachments`: those they may see)."""
    fields = knowledge_permissions.fields_for(visibilities, item.fields)
    meta = {
        _("title"): item.title,
        _("type"): ItemType(item.type).label,
        _("status"): ItemStatus(item.status).label,
        _("themes"): ", ".join(theme.name for theme in item.themes.all()),
        _("community activity"): item.activity.name if item.activity_id else _("The community as a whole"),
        _("author"): str(item.author) if item.author_id else "",
        _("created"): timezone.localtime(item.created_at).isoformat(timespec="minutes"),
        _("updated"): timezone.localtime(item.updated_at).isoformat(timespec="minutes"),
        _("version"): item.version,
        _("visibility"): item.get_visibility_display(),
    }
    if base_url:
        meta["url"] = base_url + item.get_absolute_url()
    lines = ["---"] + [f"{key}: {_yaml(value)}" for key, value in meta.items()] + ["---", "", f"# {item.title}", ""]
    for name, label, _is_markdown in field_labels(item.type):
        value = fields.get(name)
        if value in (None, ""):
            continue
        lines += [f"## {label}", "", _value(name, value), ""]
    if item.type == ItemType.GOOD_PRACTICE and item.contact_id:
        lines += ["## " + _("Contact person"), "", str(item.contact.user), ""]
    if item.body:
        lines += [item.body, ""]
    if attachments:
        lines += ["## " + _("Attachments"), ""]
        for attachment in attachments:
            target = attachment_path(attachment) if attachment_path else attachment.name
            lines.append(f"- [{attachment.name}]({target})" + (f": {attachment.summary}" if attachment.summary else ""))
        lines.append("")
    return "\n".join(lines)


def _attachment_zip_path(attachment) -> str:
    return f"attachments/{attachment.item_id:05d}/{attachment.pk}-{attachment.name}"


def knowledge_zip(user, community, *, base_url: str = ""):
    """A temporary file holding the ZIP of every item and attachment this person may read."""
    visibilities = permissions.visibilities(user, community)
    items = (
        knowledge_permissions.items_visible_to(user, community)
        .select_related("author", "activity", "contact__user", "community")
        .prefetch_related("themes", "attachments")
        .order_by("type", "title", "pk")
    )
    output = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)
    index = [
        # Outside an f-string: makemessages does not find the strings inside one.
        "# " + _("%(community)s: knowledge base") % {"community": community.name},
        "",
        _("Exported on %(date)s.") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")},
        "",
    ]
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        current_type = None
        for item in items:
            attachments = [a for a in item.attachments.all() if a.visibility in visibilities]
            name = f"items/{item_filename(item)}"
            archive.writestr(
                name,
                item_markdown(
                    item,
                    attachments,
                    visibilities=visibilities,
                    base_url=base_url,
                    attachment_path=lambda a: "../" + _attachment_zip_path(a),
                ),
            )
            for attachment in attachments:
                try:
                    with (
                        attachment.file.open("rb") as source,
                        archive.open(_attachment_zip_path(attachment), "w") as target,
                    ):
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
                except FileNotFoundError:
                    continue
            if item.type != current_type:
                current_type = item.type
                index += ["", f"## {ItemType(item.type).label}", ""]
            status = "" if item.status == ItemStatus.PUBLISHED else f" ({ItemStatus(item.status).label})"
            index.append(f"- [{item.title}]({name}){status}")
        archive.writestr("index.md", "\n".join(index) + "\n")
    output.seek(0)
    return output


def atom_feed(community, *, base_url: str, feed_url: str, limit: int = 30) -> Atom1Feed:
    """The newest published public items of `community`."""
    feed = Atom1Feed(
        title=_("%(community)s: knowledge base") % {"community": community.name},
        link=base_url + community.get_absolute_url(),
        description=_("Items newly published in the knowledge base of %(community)s.") % {"community": community.name},
        feed_url=feed_url,
        language="fr",
    )
    items = (
        KnowledgeItem.objects.filter(community=community, status=ItemStatus.PUBLISHED, visibility="public")
        .select_related("author", "community")
        .order_by("-published_at", "-pk")[:limit]
    )
    for item in items:
        fields = knowledge_permissions.fields_for([Visibility.PUBLIC], item.fields)  # a feed is read by anyone
        summary = fields.get("digest") or fields.get("summary") or fields.get("why") or item.body or ""
        feed.add_item(
            title=item.title,
            link=base_url + item.get_absolute_url(),
            description=str(markdown.render(str(summary)[:2000])),
            unique_id=base_url + item.get_absolute_url(),
            pubdate=item.published_at or item.created_at,
            updateddate=item.updated_at,
            author_name=str(item.author) if item.author_id else None,
            categories=[ItemType(item.type).label],
        )
    return feed
