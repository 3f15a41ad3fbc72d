"""Reads of the archives."""

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Archive, Scope


def latest(community: Community, scope: str) -> Archive | None:
    """The newest ready archive of `scope`."""
    return (
        Archive.objects.filter(community=community, scope=scope, status=Archive.Status.READY)
        .order_by("-built_at", "-pk")
        .first()
    )


def scopes_readable(user, community: Community) -> list[str]:
    """The scopes whose archive this person may download: the public one, and members' for
    members (and the platform admins, who see what members see)."""
    if permissions.standing(user, community) >= Standing.MEMBER:
        return [Scope.PUBLIC, Scope.MEMBERS]
    return [Scope.PUBLIC]


def can_read(user, archive: Archive) -> bool:
    return archive.scope in scopes_readable(user, archive.community)


def by_scope(user, community: Community) -> list[dict]:
    """For each scope the person reads: its latest ready archive, and the newer ones still
    waiting, being built or failed (two queries in all)."""
    scopes = scopes_readable(user, community)
    archives = list(Archive.objects.filter(community=community, scope__in=scopes).order_by("-requested_at", "-pk")[:50])
    rows = []
    for scope in scopes:
        mine = [archive for archive in archives if archive.scope == scope]
        ready = next((archive for archive in mine if archive.status == Archive.Status.READY), None)
        newer = [archive for archive in mine if archive.status != Archive.Status.READY]
        if ready is not None:
            newer = [archive for archive in newer if archive.requested_at > ready.requested_at]
        rows.append({"scope": scope, "label": Scope(scope).label, "ready": ready, "others": newer[:3]})
    return rows


def has_archive(user, community: Community) -> bool:
    """Whether a ready archive this person may download exists (one query)."""
    scopes = scopes_readable(user, community)
    return Archive.objects.filter(community=community, status=Archive.Status.READY, scope__in=scopes).exists()
