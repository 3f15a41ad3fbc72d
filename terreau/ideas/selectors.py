"""Reads for the idea box: joined, so that a page's query count does not grow with its ideas."""

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value

from terreau.communities.models import Community

from .models import Idea, Support
from .permissions import ideas_visible_to

SORTS = {"newest": ["-created_at", "-id"], "supported": ["-supports_count", "-created_at", "-id"]}


def _with_support(queryset: QuerySet[Idea], user) -> QuerySet[Idea]:
    """Each idea with `supported`: whether this person supports it."""
    if not user.is_authenticated:
        return queryset.annotate(supported=Value(False, output_field=BooleanField()))
    return queryset.annotate(supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user=user)))


def ideas(user, community: Community, *, status: str = "", theme=None, sort: str = "newest") -> QuerySet[Idea]:
    """The ideas this person may see, filtered and sorted (newest, or most supported first)."""
    queryset = ideas_visible_to(user, community).select_related("author", "theme")
    if status:
        queryset = queryset.filter(status=status)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    return _with_support(queryset, user).order_by(*SORTS.get(sort, SORTS["newest"]))


def idea_page(user, community: Community, pk) -> Idea | None:
    queryset = ideas_visible_to(user, community).filter(pk=pk)
    return _with_support(queryset, user).select_related("author", "theme", "answered_by", "action").first()


def status_counts(user, community: Community) -> dict[str, int]:
    from django.db.models import Count

    rows = ideas_visible_to(user, community).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}
