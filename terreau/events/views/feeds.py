"""Calendars: the iCalendar feeds, the one-event download, "My calendars" and the calendar links.

A feed behind a key answers whoever holds the URL (a calendar application signs in to nothing):
the key is the credential, the rights are its owner's. A key nobody holds any more answers 404,
as does a community or a series its owner may not read. The public feed of a public community
needs no key and holds its public events only.
"""

import hashlib
from datetime import UTC
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from terreau import permissions
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility

from .. import calendars, ical
from .. import panels as event_panels
from ..models import Event, Series
from ..permissions import SUBSCRIBE, visible_events
from ..services import calendar_keys

# Calendar applications come back every few minutes to hours; a feed a little stale is fine.
FEED_MAX_AGE = 15 * 60


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _calendar_response(request, body: bytes, *, filename: str, private: bool, download: bool = False) -> HttpResponse:
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        disposition = "attachment" if download else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if private:
        # The URL is a secret: no shared cache keeps it, no search engine lists it.
        patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    else:
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def _feed_response(request, feed: ical.Feed, filename: str, *, private: bool) -> HttpResponse:
    return _calendar_response(request, ical.feed(feed), filename=filename, private=private)


def _owner(key: str):
    user = calendar_keys.user_for_key(key)
    if user is None:
        raise Http404
    return user


# Feeds behind a key ---------------------------------------------------------------------------


@require_safe
def person_feed(request, key):
    user = _owner(key)
    name = _("Terreau – my communities")
    feed = calendars.person_feed(user, name=name, base_url=_base_url(request))
    return _feed_response(request, feed, "terreau.ics", private=True)


def _community_for_key(user, slug) -> tuple[Community, list[str]]:
    community = get_object_or_404(Community, slug=slug)
    visibilities = calendars.community_visibilities(user, community)
    if visibilities is None:
        raise Http404
    return community, visibilities


@require_safe
def community_feed(request, key, slug):
    user = _owner(key)
    community, visibilities = _community_for_key(user, slug)
    feed = calendars.community_feed(community, visibilities, name=community.name, base_url=_base_url(request))
    return _feed_response(request, feed, f"{community.slug}.ics", private=True)


@require_safe
def series_feed(request, key, slug, pk):
    user = _owner(key)
    community, visibilities = _community_for_key(user, slug)
    series = get_object_or_404(Series.objects.select_related("community"), pk=pk, community=community)
    if series.visibility not in visibilities:
        raise Http404
    name = f"{series.title} – {community.name}"
    feed = calendars.series_feed(series, visibilities, name=name, base_url=_base_url(request))
    return _feed_response(request, feed, f"{slugify(series.title) or 'series'}.ics", private=True)


# Without a key: a public community's public events, one event ------------------------------------


@require_safe
def public_feed(request, slug):
    community = get_object_or_404(Community, slug=slug, listing=Community.Listing.PUBLIC)
    feed = calendars.community_feed(community, [Visibility.PUBLIC], name=community.name, base_url=_base_url(request))
    return _feed_response(request, feed, f"{community.slug}.ics", private=False)


def _event_for(user, slug, pk) -> tuple[Community, Event]:
    """The event as its page (views/events.py) finds it, with the same answer when it may not."""
    community = permissions.community_for(user, slug)
    event = visible_events(user, community).filter(pk=pk).select_related("community").first()
    if event is None:
        permissions.refuse(user, community, readable=False)
    return community, event


@require_safe
def event_ics(request, slug, pk):
    _community, event = _event_for(request.user, slug, pk)
    body = ical.single(event, base_url=_base_url(request))
    filename = f"{slugify(event.title) or 'event'}-{event.starts_at.astimezone(UTC):%Y%m%d}.ics"
    # Not shared: a members-only event's file is for the reader who asked for it.
    private = event.visibility != Visibility.PUBLIC
    return _calendar_response(request, body, filename=filename, private=private, download=True)


# "My calendars" ----------------------------------------------------------------------------------


def _feed_urls(request, key: str) -> dict:
    """The person's feeds: theirs, and one per community and current series they may see."""
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("community")
        .order_by("community__name")
    )
    communities = [membership.community for membership in memberships]
    allowed = {
        membership.community_id: permissions.VISIBLE_AT[calendars.standing_in(user, membership)]
        for membership in memberships
    }
    series_by_community: dict[int, list[Series]] = {}
    now_series = Series.objects.filter(community__in=communities).exclude(until__lt=calendars.Window.around_now().start)
    for series in now_series.order_by("title", "pk"):
        if series.visibility in allowed[series.community_id]:
            series_by_community.setdefault(series.community_id, []).append(series)
    absolute = request.build_absolute_uri
    return {
        "person": absolute(reverse("calendar:feed", args=[key])),
        "communities": [
            {
                "community": community,
                "url": absolute(reverse("calendar:community_feed", args=[key, community.slug])),
                "series": [
                    {
                        "series": series,
                        "url": absolute(reverse("calendar:series_feed", args=[key, community.slug, series.pk])),
                    }
                    for series in series_by_community.get(community.pk, [])
                ],
            }
            for community in communities
        ],
    }


def webcal(url: str) -> str:
    """The same address for a one-click subscription (Apple Calendar, Outlook, phones)."""
    return "webcal://" + url.split("://", 1)[-1]


@require_GET
def my_calendars(request):
    permissions.require(request.user, SUBSCRIBE)
    key = calendar_keys.calendar_key_get_or_create(user=request.user)
    urls = _feed_urls(request, key.key)
    response = render(
        request,
        "events/my_calendars.html",
        {"urls": urls, "person_webcal": webcal(urls["person"]), "key": key},
    )
    # The page shows secrets: never kept by a cache. (The site's referrer policy, same-origin,
    # already keeps its address from other sites; no-referrer would make browsers send "Origin:
    # null" with the renew form, which the CSRF check refuses.)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def renew(request):
    permissions.require(request.user, SUBSCRIBE)
    calendar_keys.calendar_key_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar addresses were renewed: the old ones no longer work. Subscribe again with the new ones."),
    )
    return redirect("calendar:mine")


# The event page's "Add to my calendar" panel --------------------------------------------------------


def _google_url(event: Event, details: str, where: str) -> str:
    dates = f"{event.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}/{event.ends_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates, "details": details, "location": where}
    query["ctz"] = event.community.time_zone
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def _outlook_url(event: Event, details: str, where: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": event.ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": where,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def calendar_panel(request, community, event) -> dict | None:
    """Links that put the event in one's own calendar; none for a cancelled event."""
    if event.is_cancelled:
        return None
    page = request.build_absolute_uri(ical.event_path(event))
    where = ical.location(event)
    return {
        "ics_url": reverse("events:ics", args=[community.slug, event.pk]),
        "google_url": _google_url(event, page, where),
        "outlook_url": _outlook_url(event, page, where),
    }


event_panels.register(event_panels.Panel("calendar", "events/panels/calendar.html", 50, calendar_panel))
