"""Who may do what in the knowledge base, built on the kernel (terreau/permissions.py).

Content managers are the core team (and platform admins) plus whoever holds the guide's
content management role. Members add items; their authors and the content managers edit
them; content managers publish, archive and mark for review. Drafts are read by their author
and the content managers only; everything else follows the item's visibility. Whoever may view
the community (`community.view`) reads the items this allows.

Actions, with the least standing each needs ("content role": the core team, and the members
holding the content management role):

- `knowledge.add` (member): add an item (its author then edits it: `can_edit`).
- `knowledge.manage` (content role): be a content manager: read every draft, edit every item,
  interview and handover.
- `knowledge.publish` (content role): publish, archive, mark for review, mark as reviewed.
- `knowledge.delete` (content role): delete an item.
- `knowledge.review` (content role): the list of the items to review.
- `knowledge.entry_points` (content role): keep the themes and the activities.
- `knowledge.export` (member): download the knowledge base as a ZIP (what the reader may read).
- `transfer.view` (member): the transfer workshops: interviews and handovers, as their
  visibility allows.
- `transfer.record` (member): record an interview or a handover (its writer and the content
  managers then change it: `can_edit_record`).

Yes/no forms: `permissions.can(user, ACTION, community)`, `can_read`, `can_edit`,
`can_edit_record`; refusals: `permissions.require(...)`, `item_for`, `attachment_for`,
`record_for`, `require_edit`, `require_edit_record`, all through the kernel's `refuse`: to
someone outside the community, a knowledge write does not exist (404). Queryset forms:
`items_visible_to`, `records_visible_to`.

A few of an item's fields are narrower than the item (a good practice's contact email is for
members, even on a public practice): `FIELD_VISIBILITY` says which, and `visible_fields()` is
the one answer every route gives (the page, the Markdown, the versions, the ZIP, the feed and
the search, whose index keeps such fields apart: see services.search_texts).
"""

from typing import NoReturn

from django.db.models import Q, QuerySet

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.core.models import Visibility
from terreau.permissions import Standing

from .models import Attachment, ItemStatus, KnowledgeItem

ADD = permissions.register("knowledge.add", Standing.MEMBER)
MANAGE = permissions.register("knowledge.manage", Standing.MEMBER, role=RoleKind.CONTENT)
PUBLISH = permissions.register("knowledge.publish", Standing.MEMBER, role=RoleKind.CONTENT)
DELETE = permissions.register("knowledge.delete", Standing.MEMBER, role=RoleKind.CONTENT)
REVIEW = permissions.register("knowledge.review", Standing.MEMBER, role=RoleKind.CONTENT)
ENTRY_POINTS = permissions.register("knowledge.entry_points", Standing.MEMBER, role=RoleKind.CONTENT)
EXPORT = permissions.register("knowledge.export", Standing.MEMBER, reads=True)
TRANSFER_VIEW = permissions.register("transfer.view", Standing.MEMBER, reads=True)
TRANSFER_RECORD = permissions.register("transfer.record", Standing.MEMBER)

# The fields that not every reader of the item sees, and the visibility they have instead of
# the item's (a field absent from here is seen by whoever reads the item).
FIELD_VISIBILITY: dict[str, str] = {"contact_email": Visibility.MEMBERS}


def is_content_manager(user, community: Community) -> bool:
    """The core team, and members holding the content-management role."""
    return permissions.can(user, MANAGE, community)


def reads_drafts(user, community: Community) -> bool:
    """The content managers read the drafts, the community closed or not."""
    return permissions.holds(user, MANAGE, community)


def items_visible_to(user, community: Community, queryset=None) -> QuerySet[KnowledgeItem]:
    """The items of `community` this person may read: their visibility allows it, and drafts
    only for their author and the content managers."""
    queryset = queryset if queryset is not None else KnowledgeItem.objects.all()
    queryset = permissions.visible(user, community, queryset.filter(community=community))
    if reads_drafts(user, community):
        return queryset
    shown = Q(status__in=[ItemStatus.PUBLISHED, ItemStatus.ARCHIVED])
    if user.is_authenticated:
        shown |= Q(author=user)
    return queryset.filter(shown)


def records_visible_to(user, community: Community, model) -> QuerySet:
    """The interviews or the handovers (`model`) of `community` this person may read."""
    return permissions.visible(user, community, model.objects.filter(community=community))


def can_read(user, community: Community, item: KnowledgeItem) -> bool:
    if item.community_id != community.pk or not permissions.can_see(user, community, item):
        return False
    return (
        item.status != ItemStatus.DRAFT
        or (user.is_authenticated and item.author_id == user.pk)
        or reads_drafts(user, community)
    )


def field_visibility(name: str) -> str:
    """The visibility of one of an item's fields; PUBLIC means: as the item itself."""
    return FIELD_VISIBILITY.get(name, Visibility.PUBLIC)


def fields_for(visibilities, fields: dict) -> dict:
    """The `fields` (of an item or of one of its versions) that readers seeing `visibilities` see."""
    return {name: value for name, value in (fields or {}).items() if field_visibility(name) in visibilities}


def visible_fields(user, community: Community, item) -> dict:
    """The fields of `item` (or of a version of it) this reader sees; they must read the item."""
    return fields_for(permissions.visibilities(user, community), item.fields)


def can_edit(user, community: Community, item: KnowledgeItem) -> bool:
    if not can_read(user, community, item) or not permissions.is_member(user, community):
        return False
    if permissions.is_closed(community):
        return False  # its author's own rule too: a closed community changes nothing
    return item.author_id == user.pk or is_content_manager(user, community)


def can_edit_record(user, community: Community, record) -> bool:
    """Interviews and handovers: their writer and the content managers."""
    if not permissions.can_see(user, community, record) or not permissions.is_member(user, community):
        return False
    if permissions.is_closed(community):
        return False
    return record.created_by_id == user.pk or is_content_manager(user, community)


def _refuse(user, community: Community, readable: bool) -> NoReturn:
    """The kernel's refusal; a visitor signs in first even for a public thing (signed in, they
    may be its author)."""
    permissions.refuse(user, community, readable=readable and permissions.is_member(user, community))


def _refuse_write(user, community: Community, readable: bool) -> NoReturn:
    """`_refuse()` for an edit: someone who reads the thing is told when the community is closed."""
    permissions.refuse_write(user, community, readable=readable and permissions.is_member(user, community))


def require_edit(user, community: Community, item: KnowledgeItem) -> None:
    if not can_edit(user, community, item):
        _refuse_write(user, community, can_read(user, community, item))


def require_edit_record(user, community: Community, record) -> None:
    if not can_edit_record(user, community, record):
        _refuse_write(user, community, permissions.can_see(user, community, record))


def item_for(user, community: Community, pk, *, edit: bool = False) -> KnowledgeItem:
    """The item `pk` of `community`, with what its page shows, for this person to read (or edit)."""
    from .selectors import item_detail  # the selectors read through this module

    item = item_detail(user, community, pk)
    readable = item is not None and can_read(user, community, item)
    if not readable:
        _refuse(user, community, readable)
    if edit and not can_edit(user, community, item):
        _refuse_write(user, community, readable)
    return item


def attachment_for(user, community: Community, pk) -> Attachment:
    """An attachment this person may read: they read its item, and its own visibility allows it."""
    attachment = Attachment.objects.filter(pk=pk, item__community=community).select_related("item__community").first()
    if (
        attachment is None
        or not can_read(user, community, attachment.item)
        or not permissions.can_see(user, community, attachment)
    ):
        _refuse(user, community, False)
    return attachment


def record_for(user, community: Community, model, pk, *, edit: bool = False):
    """The interview or handover (`model`) `pk` of `community`, for this person to read (or edit)."""
    record = model.objects.filter(pk=pk, community=community).first()
    readable = record is not None and permissions.can_see(user, community, record)
    if not readable:
        _refuse(user, community, readable)
    if edit and not can_edit_record(user, community, record):
        _refuse_write(user, community, readable)
    return record
