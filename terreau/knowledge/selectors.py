"""Reads of the knowledge base, joined so that a page's query count does not grow with its data."""

from datetime import timedelta

from django.db.models import CharField, Count, Prefetch, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone

from terreau.communities.models import Theme

from . import permissions as knowledge_permissions
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


def entry_point_counts(items, *, type="", theme=None, activity=None) -> dict[str, dict]:
    """How many of `items` (not narrowed by an entry point) each type, theme and activity holds,
    each counted with the *other* entry points chosen, so that choosing one shows what it would
    list: one grouped query. {"types": {type: n}, "themes": {theme id: n}, "activities": {id: n}}"""
    items = items.order_by()
    by_type = items.filter(**({"themes": theme} if theme else {}), **({"activity": activity} if activity else {}))
    by_theme = items.filter(themes__isnull=False, **({"type": type} if type else {}))
    by_theme = by_theme.filter(**({"activity": activity} if activity else {}))
    by_activity = items.filter(activity__isnull=False, **({"type": type} if type else {}))
    by_activity = by_activity.filter(**({"themes": theme} if theme else {}))

    def grouped(queryset, kind, key):
        return (
            queryset.annotate(kind=Value(kind), key=Cast(key, CharField()))
            .values("kind", "key")
            .annotate(count=Count("pk", distinct=True))
            .values_list("kind", "key", "count")
            .order_by()
        )

    counts: dict[str, dict] = {"types": {}, "themes": {}, "activities": {}}
    rows = (
        grouped(by_type, "types", "type")
        .union(grouped(by_theme, "themes", "themes"), grouped(by_activity, "activities", "activity"), all=True)
        .order_by()
    )
    for kind, key, count in rows:
        counts[kind][key if kind == "types" else int(key)] = count
    return counts


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
