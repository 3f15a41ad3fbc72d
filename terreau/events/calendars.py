"""What each calendar feed holds, read in a handful of queries whatever the number of events.

A feed covers a window, from a year ago to a year and a half ahead; a series is one row (its
master), its exceptions one query for all the series of the feed. Who sees what is the kernel's
rule (terreau/permissions.py): a person's feed holds the communities where they hold an active
membership, each as their standing there allows; a community where they are not a member gives
them nothing but, if it is public, its public events.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from terreau import permissions
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.permissions import VISIBLE_AT, Standing

from .ical import Feed
from .models import Event, Series

PAST = timedelta(days=365)
AHEAD = timedelta(days=548)  # eighteen months


@dataclass(frozen=True)
class Window:
    start: object
    end: object

    @classmethod
    def around_now(cls) -> "Window":
        now = timezone.now()
        return cls(now - PAST, now + AHEAD)


def standing_in(user, membership: Membership) -> Standing:
    """`permissions.standing` for a membership already loaded (one query for all the communities);
    tests/test_calendars.py checks that both agree."""
    if user.is_platform_admin:
        return Standing.ADMIN
    return Standing.CORE_TEAM if membership.is_core_team else Standing.MEMBER


def community_visibilities(user, community: Community) -> list[str] | None:
    """What the key's owner sees of one community's calendar; None: nothing (the feed answers 404).

    A member (or the platform admin) sees what their standing allows; anyone else, the public
    events of a public community only: a private community they left gives them nothing.
    """
    if permissions.membership(user, community) is not None or user.is_platform_admin:
        return permissions.visibilities(user, community)
    if community.is_public:
        return [Visibility.PUBLIC]
    return None


def _seen(groups: dict[tuple[str, ...], list[int]], prefix: str = "") -> Q:
    """Rows of these communities whose visibility their reader's standing there allows."""
    condition = Q(pk__in=[])
    for visibilities, communities in groups.items():
        condition |= Q(**{f"{prefix}community_id__in": communities, f"{prefix}visibility__in": visibilities})
    return condition


def _exceptional() -> Q:
    """Occurrences that differ from their series' rule: cancelled, moved or edited on their own."""
    return Q(status=Event.Status.CANCELLED) | Q(detached=True) | ~Q(starts_at=F("recurrence_id"))


def _build(
    *, name: str, time_zone: str, base_url: str, window: Window, seen: Q, series: QuerySet[Series] | None = None
) -> Feed:
    if series is None:
        series = Series.objects.filter(seen)
    series = series.filter(first_start__lte=window.end).filter(Q(until__isnull=True) | Q(until__gte=window.start))
    masters = list(series.select_related("community").order_by("first_start", "pk"))
    ids = [found.pk for found in masters]
    exceptions: list[Event] = []
    hidden: list[Event] = []
    if ids:
        occurrences = Event.objects.filter(series_id__in=ids)
        exceptions = list(
            occurrences.filter(seen).filter(_exceptional()).select_related("community").order_by("starts_at", "pk")
        )
        hidden = list(occurrences.exclude(seen).only("pk", "series_id", "recurrence_id"))
    return Feed(
        name=name,
        time_zone=time_zone,
        base_url=base_url,
        series=masters,
        exceptions=exceptions,
        hidden=hidden,
        events=[],
    )


def _one_offs(seen: Q, window: Window, feed: Feed) -> list[Event]:
    """Events in the window that no master of the feed carries: one-offs, and occurrences of a
    series the reader may not see as a whole (they read as one-offs)."""
    events = Event.objects.filter(seen, starts_at__gte=window.start, starts_at__lte=window.end)
    masters = [found.pk for found in feed.series]
    events = events.filter(Q(series__isnull=True) | ~Q(series_id__in=masters)) if masters else events
    return list(events.select_related("community").order_by("starts_at", "pk"))


def person_feed(user, *, name: str, base_url: str, window: Window | None = None) -> Feed:
    """All the events of the person's communities that they may see."""
    window = window or Window.around_now()
    memberships = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("community")
        .order_by("joined_at", "pk")
    )
    groups: dict[tuple[str, ...], list[int]] = {}
    for membership in memberships:
        allowed = tuple(VISIBLE_AT[standing_in(user, membership)])
        groups.setdefault(allowed, []).append(membership.community_id)
    time_zone = memberships[0].community.time_zone if memberships else settings.TIME_ZONE
    seen = _seen(groups)
    feed = _build(name=name, time_zone=time_zone, base_url=base_url, window=window, seen=seen)
    feed.events = _one_offs(seen, window, feed)
    return feed


def community_feed(
    community: Community, visibilities: list[str], *, name: str, base_url: str, window: Window | None = None
) -> Feed:
    window = window or Window.around_now()
    seen = _seen({tuple(visibilities): [community.pk]})
    feed = _build(name=name, time_zone=community.time_zone, base_url=base_url, window=window, seen=seen)
    feed.events = _one_offs(seen, window, feed)
    return feed


def series_feed(series: Series, visibilities: list[str], *, name: str, base_url: str) -> Feed:
    """One series: its master and exceptions, whatever the window (it is one row)."""
    seen = _seen({tuple(visibilities): [series.community_id]})
    window = Window(series.first_start, series.first_start + timedelta(days=365 * 100))
    return _build(
        name=name,
        time_zone=series.community.time_zone,
        base_url=base_url,
        window=window,
        seen=seen,
        series=Series.objects.filter(pk=series.pk).filter(seen),
    )
