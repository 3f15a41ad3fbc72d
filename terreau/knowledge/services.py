"""Writes of the knowledge base. Every save of an item keeps a version and updates the search index."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.audit import services as audit
from terreau.communities import services as communities
from terreau.communities.models import Community, Membership, Theme
from terreau.core import events
from terreau.core.models import Visibility

from . import files, search
from . import permissions as knowledge_permissions
from .item_types import clean_fields, text_field_names
from .models import (
    ActivityTag,
    Attachment,
    ContributorInterview,
    Handover,
    ItemStatus,
    ItemType,
    KnowledgeItem,
    KnowledgeVersion,
)


class EditConflict(Exception):
    """Someone saved the item since the editor opened it: nothing is saved, nothing is lost."""

    def __init__(self, item: KnowledgeItem):
        super().__init__(f"item {item.pk} is at version {item.version}")
        self.item = item


# Entry points ------------------------------------------------------------------------------


@transaction.atomic
def theme_delete(*, actor, theme: Theme) -> None:
    """Remove one of the community's themes; the items it tagged leave its list in the search."""
    items = list(KnowledgeItem.objects.filter(themes=theme).values_list("pk", flat=True))
    communities.theme_delete(actor=actor, theme=theme)
    search.reindex(KnowledgeItem.objects.filter(pk__in=items))


@transaction.atomic
def theme_rename(*, actor, theme: Theme, name: str) -> Theme:
    """Rename one of the community's themes; the items it tags are found by its new name."""
    before = theme.name
    theme = communities.theme_rename(actor=actor, theme=theme, name=name)
    if theme.name != before:
        search.reindex(KnowledgeItem.objects.filter(themes=theme))
    return theme


@transaction.atomic
def activity_create(*, actor, community: Community, name: str, kind: str, circle=None) -> ActivityTag:
    permissions.require(actor, knowledge_permissions.ENTRY_POINTS, community)
    if circle is not None and circle.community_id != community.pk:
        raise ValidationError({"circle": _("Choose a circle of this community.")})
    activity = ActivityTag(community=community, name=name.strip(), kind=kind, circle=circle)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: ActivityTag) -> None:
    permissions.require(actor, knowledge_permissions.ENTRY_POINTS, activity.community)
    items = list(activity.items.values_list("pk", flat=True))
    audit.record_deletion(actor=actor, community=activity.community, action="activity_tag.deleted", target=activity)
    activity.delete()
    search.reindex(KnowledgeItem.objects.filter(pk__in=items))


# Items ---------------------------------------------------------------------------------------


def search_texts(item: KnowledgeItem, attachments=None) -> dict[str, str]:
    """The words the search reads besides the title, by who may read them: {visibility: text}.

    PUBLIC holds what every reader of the item sees (its fields, text and contact person);
    MEMBERS and CORE_TEAM what only such readers see: a field narrower than the item (see
    knowledge_permissions.FIELD_VISIBILITY) and the summaries of the attachments of that visibility. The
    search matches and quotes only the texts of the visibilities its reader has.
    """
    parts: dict[str, list[str]] = {visibility: [] for visibility in Visibility.values}
    words = text_field_names(item.type)
    for name, value in item.fields.items():
        if value and name in words and isinstance(value, str):
            parts[knowledge_permissions.field_visibility(name)].append(value)
    parts[Visibility.PUBLIC].append(item.body)
    if item.contact is not None:  # a null foreign key reads as None without a query
        parts[Visibility.PUBLIC].append(str(item.contact.user))
    if attachments is None:
        attachments = [] if item.pk is None else item.attachments.only("summary", "visibility")
    for attachment in attachments:
        if attachment.summary:
            parts[attachment.visibility].append(attachment.summary)
    return {visibility: "\n".join(part for part in texts if part) for visibility, texts in parts.items()}


def _set_search_texts(item: KnowledgeItem, attachments=None) -> None:
    for visibility, text in search_texts(item, attachments).items():
        setattr(item, search.TEXT_FIELDS[visibility], text)


def _check_entry_points(community, themes, activity, contact):
    if any(theme.community_id != community.pk for theme in themes):
        raise ValidationError({"themes": _("Choose themes of this community.")})
    if activity is not None and activity.community_id != community.pk:
        raise ValidationError({"activity": _("Choose an activity of this community.")})
    if contact is not None and (contact.community_id != community.pk or contact.status != Membership.Status.ACTIVE):
        raise ValidationError({"contact": _("Choose a member of this community.")})


def _with_new_themes(actor, community, themes, new_themes) -> list[Theme]:
    themes = list(themes)
    for name in new_themes:
        theme = communities.theme_get_or_create(actor=actor, community=community, name=name)
        if theme not in themes:
            themes.append(theme)
    return themes


def _keep_version(item: KnowledgeItem, actor, note: str = "") -> KnowledgeVersion:
    return KnowledgeVersion.objects.create(
        item=item, number=item.version, title=item.title, fields=item.fields, body=item.body, author=actor, note=note
    )


@transaction.atomic
def item_create(
    *,
    actor,
    community: Community,
    type: str,
    title: str,
    fields: dict,
    body: str = "",
    themes=(),
    new_themes=(),
    activity: ActivityTag | None = None,
    visibility: str,
    contact: Membership | None = None,
    upload=None,
) -> KnowledgeItem:
    """A member adds an item, as a draft; a document comes with its file.

    `new_themes` are names written in the form: the community's themes of those names, added
    when missing (by a member allowed to keep the themes).
    """
    permissions.require(actor, knowledge_permissions.ADD, community)
    themes = _with_new_themes(actor, community, themes, new_themes)
    _check_entry_points(community, themes, activity, contact)
    if type == ItemType.DOCUMENT and upload is None:
        raise ValidationError({"file": _("A document needs its file.")})
    item = KnowledgeItem(
        community=community,
        type=type,
        title=title.strip(),
        fields=clean_fields(type, fields),
        body=body if type == ItemType.ARTICLE else "",
        contact=contact if type == ItemType.GOOD_PRACTICE else None,
        visibility=visibility,
        activity=activity,
        author=actor,
        version=1,
    )
    _set_search_texts(item, attachments=[])
    item.full_clean()
    item.save()
    item.themes.set(themes)
    _keep_version(item, actor)
    if upload is not None:
        _attach(actor=actor, item=item, upload=upload, summary="", visibility=visibility)
    search.index(item)
    return item


@transaction.atomic
def item_update(
    *,
    actor,
    item: KnowledgeItem,
    base_version: int | None,
    title: str,
    fields: dict,
    body: str = "",
    themes=(),
    new_themes=(),
    activity: ActivityTag | None = None,
    visibility: str,
    contact: Membership | None = None,
    note: str = "",
) -> KnowledgeItem:
    """Save a new version, unless someone saved since `base_version` (then EditConflict, nothing saved)."""
    community = item.community
    knowledge_permissions.require_edit(actor, community, item)
    themes = _with_new_themes(actor, community, themes, new_themes)
    _check_entry_points(community, themes, activity, contact)
    cleaned = clean_fields(item.type, fields)
    # One conditional UPDATE claims the next version number: of two saves from the same
    # version, exactly one gets it, on SQLite as on PostgreSQL.
    # A form that lost the version it started from claims none: it is a conflict.
    claimed = base_version is not None and (
        KnowledgeItem.objects.filter(pk=item.pk, version=base_version).update(version=F("version") + 1)
    )
    if not claimed:
        item.refresh_from_db()
        raise EditConflict(item)
    item.version = (base_version or 0) + 1
    item.title = title.strip()
    item.fields = cleaned
    item.body = body if item.type == ItemType.ARTICLE else ""
    item.contact = contact if item.type == ItemType.GOOD_PRACTICE else None
    item.visibility = visibility
    item.activity = activity
    _set_search_texts(item)
    item.full_clean()
    audit.record_visibility(actor=actor, community=community, target=item)
    item.save()
    item.themes.set(themes)
    _keep_version(item, actor, note)
    search.index(item)
    events.announce(
        events.KNOWLEDGE_UPDATED,
        community=community,
        item=item,
        actor=actor,
        visibility=item.visibility,
        url=item.get_absolute_url(),
        note=note.strip(),
        published=item.status == ItemStatus.PUBLISHED,
    )
    return item


def item_restore(*, actor, item: KnowledgeItem, version: KnowledgeVersion) -> KnowledgeItem:
    """An old version becomes the newest one (the versions in between are kept)."""
    if version.item_id != item.pk:
        raise ValidationError(_("This version belongs to another item."))
    return item_update(
        actor=actor,
        item=item,
        base_version=item.version,
        title=version.title,
        fields=version.fields,
        body=version.body,
        themes=list(item.themes.all()),
        activity=item.activity,
        visibility=item.visibility,
        contact=item.contact,
        note=_("Restored from version %(number)s") % {"number": version.number},
    )


STATUS_ACTIONS = {
    "publish": ItemStatus.PUBLISHED,
    "archive": ItemStatus.ARCHIVED,
    "unpublish": ItemStatus.DRAFT,
}


@transaction.atomic
def item_set_status(*, actor, item: KnowledgeItem, action: str) -> KnowledgeItem:
    """Content managers publish, archive, send back to draft, and mark for review (or clear the mark)."""
    permissions.require(actor, knowledge_permissions.PUBLISH, item.community)
    first_publication = action == "publish" and item.published_at is None
    if action in STATUS_ACTIONS:
        item.status = STATUS_ACTIONS[action]
        if item.status == ItemStatus.PUBLISHED and item.published_at is None:
            item.published_at = timezone.now()
        fields = ["status", "published_at"]
    elif action in ("review", "reviewed"):
        item.needs_review = action == "review"
        fields = ["needs_review"]
    else:
        raise ValidationError(_("Choose what to do with the item."))
    if action == "reviewed":
        fields.append("updated_at")  # reviewed: it counts as up to date again
    item.save(update_fields=fields)
    search.index(item)
    if first_publication:
        events.announce(
            events.KNOWLEDGE_PUBLISHED,
            community=item.community,
            item=item,
            actor=actor,
            visibility=item.visibility,
            themes=[theme.pk for theme in item.themes.all()],
            url=item.get_absolute_url(),
        )
    return item


def item_record_view(item: KnowledgeItem) -> None:
    """One UPDATE, no read: counting views does not slow the page (the index is not concerned)."""
    KnowledgeItem.objects.filter(pk=item.pk).update(view_count=F("view_count") + 1)


# The items a browser opened today, kept in a cookie, so that an item's views count each reader
# once a day, and reading it again writes nothing: "<day>.<id>.<id>…", the latest ids last.
SEEN_COOKIE = "terreau_seen"
SEEN_MAX = 60


def items_seen_today(cookie: str | None, today: str) -> list[int]:
    """The item ids the cookie says were seen on `today` (YYYYMMDD); nothing for another day or a
    cookie that does not read right."""
    day, _dot, ids = (cookie or "").partition(".")
    if day != today:
        return []
    return [int(part) for part in ids.split(".") if part.isdigit() and len(part) < 19][-SEEN_MAX:]


def item_record_view_once(item: KnowledgeItem, seen: list[int]) -> list[int] | None:
    """Count a view of `item` unless it is among `seen` today; the new list to remember when it
    was counted, None when it was not (nothing to write, nor to remember). A closed community's
    figures stay as they were when it closed (as its archive shows them)."""
    if item.pk in seen or permissions.is_closed(item.community):
        return None
    item_record_view(item)
    return [*seen, item.pk][-SEEN_MAX:]


@transaction.atomic
def item_delete(*, actor, item: KnowledgeItem) -> None:
    permissions.require(actor, knowledge_permissions.DELETE, item.community)
    pk = item.pk
    audit.record_deletion(actor=actor, community=item.community, action="knowledge_item.deleted", target=item)
    for attachment in item.attachments.all():
        _delete_file_once_committed(attachment)
    item.delete()
    search.remove(pk)


# Attachments ---------------------------------------------------------------------------------


def _delete_file_once_committed(attachment: Attachment) -> None:
    """A file cannot be rolled back: it goes only when the deletion of its row is committed."""
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _attach(*, actor, item, upload, summary, visibility) -> Attachment:
    try:
        found = files.sniff(upload)
    except files.Refused as refusal:
        raise ValidationError({"file": str(refusal)}) from None
    if found is None:
        raise ValidationError({"file": _("This kind of file is not accepted: PDF, office documents and images only.")})
    content_type, extensions = found
    if not files.extension_agrees(upload.name, extensions):
        raise ValidationError(
            {"file": _("The file's name does not match its content (it is a %(kind)s file).") % {"kind": extensions[0]}}
        )
    name_length = Attachment._meta.get_field("name").max_length
    assert name_length is not None  # a CharField's; the stubs type every field's as optional
    name = files.shortened(get_valid_filename(PurePath(upload.name).name), name_length) or f"document{extensions[0]}"
    attachment = Attachment(
        item=item,
        name=name,
        content_type=content_type,
        size=upload.size,
        summary=summary,
        visibility=visibility,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_add(*, actor, item: KnowledgeItem, upload, summary: str = "", visibility: str) -> Attachment:
    knowledge_permissions.require_edit(actor, item.community, item)
    attachment = _attach(actor=actor, item=item, upload=upload, summary=summary, visibility=visibility)
    _reindex_text(item)
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    item = attachment.item
    knowledge_permissions.require_edit(actor, item.community, item)
    audit.record_deletion(actor=actor, community=item.community, action="attachment.deleted", target=attachment)
    _delete_file_once_committed(attachment)
    attachment.delete()
    _reindex_text(item)


def _reindex_text(item: KnowledgeItem) -> None:
    _set_search_texts(item)
    item.save(update_fields=[*search.TEXT_FIELDS.values(), "updated_at"])
    search.index(item)


# Transfer workshops ----------------------------------------------------------------------------


@transaction.atomic
def interview_save(*, actor, interview: ContributorInterview, items=()) -> ContributorInterview:
    community = interview.community
    if interview.pk:
        knowledge_permissions.require_edit_record(actor, community, interview)
    else:
        permissions.require(actor, knowledge_permissions.TRANSFER_RECORD, community)
        interview.created_by = actor
    if any(item.community_id != community.pk for item in items):
        raise ValidationError({"items": _("Choose items of this community.")})
    interview.full_clean()
    audit.record_visibility(actor=actor, community=community, target=interview)
    interview.save()
    interview.items.set(items)
    return interview


@transaction.atomic
def handover_save(*, actor, handover: Handover, lessons=()) -> Handover:
    community = handover.community
    if handover.pk:
        knowledge_permissions.require_edit_record(actor, community, handover)
    else:
        permissions.require(actor, knowledge_permissions.TRANSFER_RECORD, community)
        handover.created_by = actor
    if any(item.community_id != community.pk or item.type != ItemType.LESSONS_LEARNED for item in lessons):
        raise ValidationError({"lessons": _("Choose lessons learned of this community.")})
    handover.full_clean()
    audit.record_visibility(actor=actor, community=community, target=handover)
    handover.save()
    handover.lessons.set(lessons)
    return handover
