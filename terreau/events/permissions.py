"""Who may do what with events, built on the kernel (terreau/permissions.py).

An event is read by whoever may view the community, as its visibility allows (`visible_events`).
Actions, with the least standing each needs:

- `events.manage` (core team, and members holding the facilitation role): plan, edit, move and
  cancel events and series; confirm a second cancellation in a row with a reason.
- `events.register` (an active membership): register to an event, cancel one's registration,
  join the waiting list.
- `events.organise` (core team and facilitators, or the event's organisers: `may_organise`): the
  agenda, the attendance, the minutes of one event.
- `calendar.subscribe` (platform, signed in): one's calendar key and feeds.
"""

from django.db.models import QuerySet

from terreau import permissions
from terreau.communities.models import Community, RoleKind
from terreau.permissions import Standing

from .models import Event, Series

MANAGE = permissions.register("events.manage", Standing.MEMBER, role=RoleKind.FACILITATION)
REGISTER = permissions.register("events.register", Standing.MEMBER, needs_membership=True)
ORGANISE = permissions.register("events.organise", Standing.MEMBER, role=RoleKind.FACILITATION)
SUBSCRIBE = permissions.register("calendar.subscribe", Standing.OUTSIDER, platform=True)


def visible_events(user, community: Community) -> QuerySet[Event]:
    """The events of `community` this person may see (cancelled ones included: they are shown so)."""
    return permissions.visible(user, community, Event.objects.filter(community=community))


def visible_series(user, community: Community) -> QuerySet[Series]:
    return permissions.visible(user, community, Series.objects.filter(community=community))


def may_organise(user, community: Community, event: Event) -> bool:
    """The core team and facilitators organise every event; an organiser of this one, this one
    (nobody, in a closed community)."""
    if permissions.is_closed(community):
        return False
    if permissions.can(user, ORGANISE, community):
        return True
    found = permissions.membership(user, community)
    return found is not None and event.organisers.filter(pk=found.pk).exists()


def require_organise(user, community: Community, event: Event) -> None:
    if not may_organise(user, community, event):
        permissions.refuse_write(user, community, readable=permissions.can_see(user, community, event))
