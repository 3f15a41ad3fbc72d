"""Connections and consultations, recorded as members use the community's pages.

A member's request to one of their community's pages (under c/<slug>/) is a visit: one row per
member, community and day. Opening a page that shows one thing (`READS`) is a consultation: one
row per member, thing and day. Both cost nothing on the page the person waits for: the
membership is the one the view already looked up (the permission policy keeps it on the user),
and this process remembers what it wrote today, so a member's next pages write nothing (another
process writes the same row once more, which the unique constraints turn into a no-op).

`TERREAU_STATS_RECORD_VISITS` (on by default; the test settings turn it off, so that the other
apps' pinned query counts stay theirs) switches it off.
"""

import logging

from django.conf import settings

from . import log
from .models import Kind

logger = logging.getLogger(__name__)

# The pages that show one thing, by URL name: (object type, the URL's keyword that names it).
READS = {
    "knowledge:item": ("knowledge.knowledgeitem", "pk"),
    "exchanges:question": ("exchanges.question", "pk"),
    "exchanges:weekly_detail": ("exchanges.weeklymessage", "pk"),
    "events:detail": ("events.event", "pk"),
}
# What this process wrote today; forgotten when it grows large or the day changes.
_seen: set[tuple] = set()
_SEEN_MAX = 50_000


def _remember(key: tuple) -> bool:
    """True the first time this process meets `key`."""
    if key in _seen:
        return False
    if len(_seen) >= _SEEN_MAX:
        _seen.clear()
    _seen.add(key)
    return True


def _membership(request, slug: str):
    """The active membership the view found for this community, if the person has one."""
    found = request.user.__dict__.get("_terreau_memberships", {}) if request.user.is_authenticated else {}
    for membership in found.values():
        community = membership._state.fields_cache.get("community") if membership is not None else None
        if community is not None and community.slug == slug:
            return membership
    return None


class ActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(settings, "TERREAU_STATS_RECORD_VISITS", True) and response.status_code < 400:
            try:
                self._record(request)
            except Exception:  # the figures must never cost a person their page
                logger.exception("stats: a visit could not be recorded")
        return response

    def _record(self, request) -> None:
        match = getattr(request, "resolver_match", None)
        if match is None or "slug" not in match.kwargs:
            return
        membership = _membership(request, match.kwargs["slug"])
        if membership is None:
            return
        community = membership.community
        day = log.today(community)
        rows = []
        if _remember((Kind.CONNECTION, membership.pk, day)):
            rows.append(log.row(community, Kind.CONNECTION, membership=membership))
        read = READS.get(match.view_name)
        if read is not None and request.method == "GET":
            object_type, keyword = read
            object_id = match.kwargs.get(keyword)
            if object_id is not None and _remember((Kind.CONSULTATION, membership.pk, object_type, object_id, day)):
                rows.append(
                    log.row(
                        community,
                        Kind.CONSULTATION,
                        membership=membership,
                        object_type=object_type,
                        object_id=int(object_id),
                    )
                )
        if rows:
            log.record_once(rows)
