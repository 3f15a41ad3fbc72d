"""Reads of the charter, joined so that a page's query count does not grow with its versions."""

from django.db.models import QuerySet

from terreau.communities.models import Community

from .models import Charter, CharterVersion


def charter_for(community: Community) -> Charter | None:
    charter = (
        Charter.objects.filter(community=community)
        .select_related("adopted_version__author", "adopted_version__adopted_by")
        .first()
    )
    if charter is not None:
        charter.community = community  # spares a query wherever the charter names its community
    return charter


def latest_version(charter: Charter | None) -> CharterVersion | None:
    if charter is None:
        return None
    return charter.versions.select_related("author", "adopted_by").order_by("-number").first()


def version(charter: Charter | None, number: int) -> CharterVersion | None:
    if charter is None:
        return None
    return charter.versions.select_related("author", "adopted_by").filter(number=number).first()


def versions(charter: Charter | None) -> QuerySet[CharterVersion]:
    """The history, newest first, without the texts (a long history stays light)."""
    if charter is None:
        return CharterVersion.objects.none()
    return charter.versions.select_related("author", "adopted_by").defer("sections").order_by("-number")


def version_numbers(charter: Charter | None) -> list[int]:
    if charter is None:
        return []
    return list(charter.versions.order_by("-number").values_list("number", flat=True))
