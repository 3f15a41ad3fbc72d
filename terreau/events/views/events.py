"""The calendar, an event's page and a series' page."""

from django.shortcuts import render

from terreau import permissions

from ..permissions import visible_events


def calendar(request, slug):
    community = permissions.community_for(request.user, slug)
    events = visible_events(request.user, community).order_by("starts_at")[:50]
    return render(request, "events/calendar.html", {"community": community, "events": events})
