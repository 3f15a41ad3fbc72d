"""Access-matrix entries of the events (see tests/test_access_matrix.py)."""

from tests.access import everyone, url

MATRIX = {
    "events:calendar": ("get", url("events:calendar"), everyone(200)),
}


# --- Calendars: feeds, downloads, "My calendars" (engineer "ical"; views/feeds.py) -----------------
# The feeds behind a key answer whoever holds the URL (the key is the credential), so each is
# visited with the outsider's key: every person then reads what the outsider may see, and the
# marker scan proves a feed shows nobody more than its key's owner may see. A key nobody holds
# answers 404. Without a key: the public feed of a public community, and one event's .ics (as its page).

from django.urls import reverse  # noqa: E402

from terreau.core.models import Visibility  # noqa: E402
from terreau.events.services.calendar_keys import calendar_key_get_or_create  # noqa: E402
from terreau.events.tests.factories import make_event, make_series  # noqa: E402
from tests.access import members_only, signed_in  # noqa: E402

_prepare_before_calendars = globals().get("prepare")


def prepare(place):  # noqa: F811
    if _prepare_before_calendars is not None:
        _prepare_before_calendars(place)
    community = place.cast.community
    place.calendar_key = calendar_key_get_or_create(user=place.cast.outsider).key
    place.calendar_event = make_event(community, title="Rencontre ouverte", visibility=Visibility.PUBLIC)
    place.calendar_members_event = make_event(community, title="Rencontre des membres", visibility=Visibility.MEMBERS)
    place.calendar_series = make_series(community, title="Rencontre mensuelle ouverte", visibility=Visibility.PUBLIC)


def _key_url(name, *args):
    return lambda p: reverse(name, args=[p.calendar_key, *[arg(p) for arg in args]])


_slug = lambda p: p.slug  # noqa: E731
_series = lambda p: p.calendar_series.pk  # noqa: E731
# Readable by whoever reads the event's page, which answers 404 (a visitor too) for an event they may not see.
_event_ics = {**members_only(200), "anonymous": 404, "outsider": 404}

MATRIX.update(
    {
        "calendar:mine": ("get", lambda p: reverse("calendar:mine"), signed_in(200)),
        "calendar:renew": ("post", lambda p: reverse("calendar:renew"), signed_in(302)),
        # The outsider belongs to no community: their feed is an empty calendar.
        "calendar:feed": ("get", _key_url("calendar:feed"), everyone(200)),
        "calendar:feed (unknown key)": (
            "get",
            lambda p: reverse("calendar:feed", args=["a-key-nobody-holds"]),
            everyone(404),
        ),
        # A community where the key's owner is not a member: nothing if it is private, its public
        # events if it is public.
        "calendar:community_feed": (
            "get",
            _key_url("calendar:community_feed", _slug),
            everyone(404),
            everyone(200),
        ),
        "calendar:series_feed": (
            "get",
            _key_url("calendar:series_feed", _slug, _series),
            everyone(404),
            everyone(200),
        ),
        "events:feed": ("get", url("events:feed"), everyone(404), everyone(200)),
        "events:ics": ("get", url("events:ics", lambda p: p.calendar_event.pk), everyone(200)),
        "events:ics (members' event)": (
            "get",
            url("events:ics", lambda p: p.calendar_members_event.pk),
            _event_ics,
        ),
    }
)
