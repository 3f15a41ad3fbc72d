"""Who may do what in the knowledge base (to move into terreau/permissions.py).

Content managers are the core team (and platform admins) plus whoever holds the guide's
content management role. Members add items; their authors and the content managers edit
them; content managers publish, archive and mark for review. Drafts are read by their author
and the content managers only; everything else follows the item's visibility.

A few of an item's fields are narrower than the item (a good practice's contact email is for
members, even on a public practice): `FIELD_VISIBILITY` says which, and `visible_fields()` is
the one answer every route gives (the page, the Markdown, the versions, the ZIP, the feed and
the search, whose index keeps such fields apart: see services.search_texts).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from terreau import permissions
from terreau.communities.models import Community
from terreau.core.models import Visibility
from terreau.permissions import Standing

from .models import ItemStatus, KnowledgeItem

# The fields that not every reader of the item sees, and the visibility they have instead of
# the item's (a field absent from here is seen by whoever reads the item).
FIELD_VISIBILITY: dict[str, str] = {"contact_email": Visibility.MEMBERS}


def is_content_manager(user, community: Community) -> bool:
    """The core team, and members holding the content-management role."""
    return permissions.can(user, "knowledge.manage", community)


def is_member(user, community: Community) -> bool:
    return permissions.standing(user, community) >= Standing.MEMBER


def readable_statuses(user, community: Community) -> list[str]:
    """The statuses a person reads in lists and search (their own drafts come on top)."""
    if is_content_manager(user, community):
        return [ItemStatus.PUBLISHED, ItemStatus.ARCHIVED, ItemStatus.DRAFT]
    return [ItemStatus.PUBLISHED, ItemStatus.ARCHIVED]


def readable(user, community: Community, queryset=None):
    """The items of `community` this person may read: their visibility allows it, and drafts
    only for their author and the content managers."""
    queryset = queryset if queryset is not None else KnowledgeItem.objects.all()
    queryset = permissions.visible(user, community, queryset.filter(community=community))
    if is_content_manager(user, community):
        return queryset
    shown = Q(status__in=[ItemStatus.PUBLISHED, ItemStatus.ARCHIVED])
    if user.is_authenticated:
        shown |= Q(author=user)
    return queryset.filter(shown)


def can_read(user, community: Community, item: KnowledgeItem) -> bool:
    if item.community_id != community.pk or not permissions.can_see(user, community, item):
        return False
    return (
        item.status != ItemStatus.DRAFT
        or (user.is_authenticated and item.author_id == user.pk)
        or is_content_manager(user, community)
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
    if not can_read(user, community, item) or not is_member(user, community):
        return False
    return item.author_id == user.pk or is_content_manager(user, community)


def can_edit_record(user, community: Community, record) -> bool:
    """Interviews and handovers: their writer and the content managers."""
    if not permissions.can_see(user, community, record) or not is_member(user, community):
        return False
    return record.created_by_id == user.pk or is_content_manager(user, community)


def refuse(user, community: Community, thing_readable: bool) -> None:
    """Answer a refusal the way permissions.require does: a visitor signs in first (even for
    a public thing: signed in, they may be its author); then 404 outside the community or when
    the thing may not even be read (it does not reveal itself); 403 to a member who reads it."""
    if not user.is_authenticated:
        raise permissions.SignInRequired
    if not thing_readable or not is_member(user, community):
        raise Http404
    raise PermissionDenied


def require_content_manager(user, community: Community) -> None:
    if is_content_manager(user, community):
        return
    if not user.is_authenticated:
        raise permissions.SignInRequired
    if not is_member(user, community):
        raise Http404
    raise PermissionDenied


def require_member(user, community: Community) -> None:
    permissions.require(user, "workspace.view", community)
