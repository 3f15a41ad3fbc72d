"""Who may do what with calls for expressions of interest, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs:

- `calls.browse` (member): the list of a private community's calls (a public community's open
  calls are listed for anyone; a call's own page is reached through its link, as its visibility
  allows: `can_read`).
- `calls.edit` (core team): open, change and close calls; see every call, drafts and closed ones
  too, with its counts.
- `calls.review` (core team): read a call's applications and decide on each.

Anyone may answer an open call they may read, without signing in. The yes/no form of each action
is `permissions.can(user, ACTION, community)`, the refusal `permissions.require(...)`;
`calls_visible_to()` is the queryset form.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community
from terreau.permissions import Standing

from .models import Call

BROWSE = permissions.register("calls.browse", Standing.MEMBER, reads=True)
EDIT = permissions.register("calls.edit", Standing.CORE_TEAM)
REVIEW = permissions.register("calls.review", Standing.CORE_TEAM)


def require_browse(user, community: Community) -> None:
    """A private community's calls are found through their link only, never by browsing."""
    if not community.is_public:
        permissions.require(user, BROWSE, community)


def can_read(user, community: Community, call: Call) -> bool:
    return call.community_id == community.pk and permissions.can_see(user, community, call)


def require_read(user, community: Community, call: Call) -> None:
    """A members' call or a draft reveals nothing to others (a visitor signs in first)."""
    if not can_read(user, community, call):
        permissions.refuse(user, community, readable=False)


def calls_visible_to(user, community: Community, calls: QuerySet[Call] | None = None) -> QuerySet[Call]:
    """The calls of `community` (among `calls`) this person may read: all of them for the core team."""
    calls = Call.objects.filter(community=community) if calls is None else calls.filter(community=community)
    if permissions.holds(user, EDIT, community):  # after closing too
        return calls
    return permissions.visible(user, community, calls)
