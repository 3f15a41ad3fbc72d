"""Reads of the knowledge base, joined so that a page's query count does not grow with its data."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from terreau.communities.models import Theme

from . import permissions as knowledge_permissions
from .item_types import ItemType
from .models import ActivityTag, Attachment, ItemStatus, KnowledgeItem

REVIEW_AFTER = timedelta(days=365)
SEARCH_TEXTS = ("search_text", "search_text_members", "search_text_core")


def themes(community):
    return list(Theme.objects.filter(community=community))


def activities(community):
    return list(ActivityTag.objects.filter(community=community))


def for_list(queryset):
    """What an item card shows, in a fixed number of queries."""
    return (
        queryset.select_related("author", "activity").prefetch_related("themes").defer(*SEARCH_TEXTS, "fields", "body")
    )


def filtered(user, community, *, type="", theme=None, activity=None, status=""):
    """The items a person may read, narrowed by the entry points (status: published by default)."""
    items = knowledge_permissions.items_visible_to(user, community)
    if status == "review":
        items = items.filter(Q(needs_review=True) | Q(updated_at__lt=timezone.now() - REVIEW_AFTER))
    elif status == "mine":
        items = items.filter(author=user) if user.is_authenticated else items.none()
    else:
        items = items.filter(status=status or ItemStatus.PUBLISHED)
    if type:
        items = items.filter(type=type)
    if theme:
        items = items.filter(themes=theme)
    if activity:
        items = items.filter(activity=activity)
    return items


def entry_point_counts(items, theme_list, activity_list) -> dict:
    """How many of `items` each type, theme and activity holds (three grouped queries)."""
    by_type = dict(items.order_by().values_list("type").annotate(count=Count("pk", distinct=True)))
    by_theme = dict(
        items.order_by().filter(themes__isnull=False).values_list("themes").annotate(count=Count("pk", distinct=True))
    )
    by_activity = dict(
        items.order_by().filter(activity__isnull=False).values_list("activity").annotate(count=Count("pk"))
    )
    return {
        "types": [(value, label, by_type.get(value, 0)) for value, label in ItemType.choices],
        "themes": [(theme, by_theme.get(theme.pk, 0)) for theme in theme_list],
        "activities": [(activity, by_activity.get(activity.pk, 0)) for activity in activity_list],
        "total": sum(by_type.values()),
    }


def item_detail(user, community, pk):
    """The item, with what its page shows, or None when this person may not read it."""
    item = (
        KnowledgeItem.objects.filter(community=community, pk=pk)
        .select_related("author", "activity", "contact__user", "community")
        .prefetch_related(
            "themes",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(visibility__in=_visibilities(user, community)),
                to_attr="visible_attachments",
            ),
        )
        .first()
    )
    return item


def _visibilities(user, community):
    from terreau import permissions

    return permissions.visibilities(user, community)


def related(user, community, item, limit=5):
    """Readable published items sharing a theme or the activity of `item`, newest first."""
    theme_ids = [theme.pk for theme in item.themes.all()]
    shared = Q(themes__in=theme_ids) if theme_ids else Q(pk__in=[])
    if item.activity_id:
        shared |= Q(activity_id=item.activity_id)
    candidates = (
        knowledge_permissions.items_visible_to(user, community)
        .filter(shared, status=ItemStatus.PUBLISHED)
        .exclude(pk=item.pk)
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    ids = list(candidates)
    found = KnowledgeItem.objects.filter(pk__in=ids).only("pk", "title", "type", "community_id").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def to_review(user, community):
    """Marked for review, or not updated for a year: oldest first."""
    return for_list(
        knowledge_permissions.items_visible_to(user, community).filter(
            Q(needs_review=True) | Q(updated_at__lt=timezone.now() - REVIEW_AFTER), ~Q(status=ItemStatus.ARCHIVED)
        )
    ).order_by("updated_at", "pk")


def versions(item):
    return item.versions.select_related("author").order_by("-number")
