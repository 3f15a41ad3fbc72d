"""Reads for comments: a thread's latest comments and counts, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from terreau.communities.models import Community

from .models import Comment

# A thing's page shows this many of its latest comments; the thread's own page shows them all.
FOLD = 5


@dataclass
class Thread:
    count: int
    latest: list[Comment]  # oldest first

    @property
    def folded(self) -> int:
        return self.count - len(self.latest)


def comments_of(community: Community, kind: str, pk) -> QuerySet[Comment]:
    return Comment.objects.filter(community=community, target_kind=kind, target_id=pk).select_related("author")


def thread(community: Community, kind: str, pk, latest: int = FOLD) -> Thread:
    """The thread's size and its `latest` comments: two queries, however long it is."""
    comments = comments_of(community, kind, pk)
    count = comments.count()
    shown = list(comments.order_by("-created_at", "-id")[:latest]) if count else []
    return Thread(count, shown[::-1])


def counts(community: Community, kind: str, ids) -> dict[int, int]:
    """{thing id: number of comments} for a list of things, in one query."""
    rows = (
        Comment.objects.filter(community=community, target_kind=kind, target_id__in=list(ids))
        .values("target_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["target_id"]: row["n"] for row in rows}
