"""Access-matrix entries of the events (see tests/test_access_matrix.py).

The calendar reads like the community: whoever may view it sees the events their visibility
allows. Planning, editing, cancelling and changing a series is for the core team and the
facilitators (events.manage); a thing they may not see answers them as missing.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.events.services import events as event_services
from terreau.events.services import series as series_services
from tests.access import MISSING, Kind, Route, everyone, facilitators, pk, thing_url, url


def _event(place, *, title, visibility="public", days=10):
    starts_at = timezone.now() + timedelta(days=days)
    return event_services.event_create(
        actor=place.cast.core_member,
        community=place.cast.community,
        title=title,
        description=title,
        kind="workshop",
        visibility=visibility,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )


def _series(place, *, title, visibility="public"):
    return series_services.series_create(
        actor=place.cast.core_member,
        community=place.cast.community,
        title=title,
        description=title,
        kind="monthly",
        visibility=visibility,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() - timedelta(days=40),
        duration=120,
    )


def prepare(place):
    place.event = _event(place, title="Atelier de co-développement")
    place.series = _series(place, title="Rencontre mensuelle")
    place.occurrence = place.series.events.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    place.cancelled = _event(place, title="Atelier annulé", days=20)
    event_services.event_cancel(actor=place.cast.core_member, event=place.cancelled, reason="Salle indisponible")
    _attend_prepare(place)


def plant_event(place, visibility, marker):
    return _event(place, title=marker, visibility=visibility)


def plant_series(place, visibility, marker):
    series = _series(place, title=marker, visibility=visibility)
    series.occurrence = series.events.order_by("starts_at").last()
    return series


KINDS = {
    "event": Kind(plant_event),
    "event_series": Kind(plant_series),
}

# A member may change nothing here: refused before the thing is looked up.
managing = {"hidden": {**facilitators(404), "observer": 403, "member": 403, "author": 403, "content_manager": 403}}

OBJECT_ROUTES = {
    "events:detail": Route("get", "event", thing_url("events:detail", pk), everyone(200)),
    "events:edit": Route("get", "event", thing_url("events:edit", pk), facilitators(200), **managing),
    "events:cancel": Route("get", "event", thing_url("events:cancel", pk), facilitators(200), **managing),
    "events:series": Route("get", "event_series", thing_url("events:series", pk), everyone(200)),
    "events:series_edit": Route(
        "get", "event_series", thing_url("events:series_edit", pk), facilitators(200), **managing
    ),
    "events:series_split": Route(
        "get",
        "event_series",
        thing_url("events:series_split", lambda p, series: series.occurrence.pk),
        facilitators(200),
        **managing,
    ),
}

now = timezone.now()

MATRIX = {
    "events:calendar": ("get", url("events:calendar"), everyone(200)),
    "events:month": ("get", url("events:month", lambda p: now.year, lambda p: now.month), everyone(200)),
    "events:create": ("get", url("events:create"), facilitators(200)),
    "events:series_create": ("get", url("events:series_create"), facilitators(200)),
    # An empty form re-renders with its errors.
    "events:cancel": ("post", url("events:cancel", lambda p: p.event.pk), facilitators(200)),
    # Restoring the cancelled event sends back to its page.
    "events:restore": ("post", url("events:restore", lambda p: p.cancelled.pk), facilitators(302)),
    "events:detail": ("get", url("events:detail", lambda p: p.event.pk), everyone(200)),
    "events:edit": ("post", url("events:edit", lambda p: p.event.pk), facilitators(200)),
    "events:series": ("get", url("events:series", lambda p: p.series.pk), everyone(200)),
    "events:series_edit": ("post", url("events:series_edit", lambda p: p.series.pk), facilitators(200)),
    "events:series_split": ("get", url("events:series_split", lambda p: p.occurrence.pk), facilitators(200)),
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


_calendar_slug = lambda p: p.slug  # noqa: E731
_calendar_series = lambda p: p.calendar_series.pk  # noqa: E731
# Readable by whoever reads the event's page: the members' event is missing for those outside.
_calendar_event_ics = members_only(200)

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
            _key_url("calendar:community_feed", _calendar_slug),
            everyone(404),
            everyone(200),
        ),
        "calendar:series_feed": (
            "get",
            _key_url("calendar:series_feed", _calendar_slug, _calendar_series),
            everyone(404),
            everyone(200),
        ),
        "events:feed": ("get", url("events:feed"), everyone(404), everyone(200)),
        "events:ics": ("get", url("events:ics", lambda p: p.calendar_event.pk), everyone(200)),
        "events:ics (members' event)": (
            "get",
            url("events:ics", lambda p: p.calendar_members_event.pk),
            _calendar_event_ics,
        ),
    }
)


# ---------------------------------------------------------------------------------------------
# Agenda and minutes (views/agenda.py) — kept in this block of their own.
#
# An event's agenda is changed by those who organise it: the core team, the facilitators and
# the platform admin (and the event's own organisers, tested in test_agenda.py). The event is
# public so that everyone reaches the rule rather than a hidden event.


def prepare_agenda(place):
    from datetime import timedelta

    from django.utils import timezone

    from terreau.core.models import Visibility
    from terreau.events.models import AgendaItem
    from terreau.events.tests.factories import make_event

    community = place.cast.community
    place.agenda_event = make_event(
        community, title="Rencontre passée", visibility=Visibility.PUBLIC, starts_at=timezone.now() - timedelta(days=2)
    )
    place.agenda_item = AgendaItem.objects.create(event=place.agenda_event, position=1, title="Accueil", duration=15)


_prepare_before_agenda = globals().get("prepare")


def prepare(place):  # noqa: F811 (extends the module's prepare, if any)
    if _prepare_before_agenda is not None:
        _prepare_before_agenda(place)
    prepare_agenda(place)


def _agenda_url(name, *more):
    from tests.access import url as _url

    return _url(name, lambda p: p.agenda_event.pk, *more)


def _organisers(code):
    """An outsider reads the public event (in either community), and is refused the change."""
    from tests.access import facilitators

    return {**facilitators(code), "outsider": 403}


_item_pk = lambda p: p.agenda_item.pk  # noqa: E731

MATRIX.update(
    {
        "events:agenda": ("get", _agenda_url("events:agenda"), _organisers(200)),
        "events:agenda_item_create": (
            "get",
            _agenda_url("events:agenda_item_create"),
            _organisers(200),
        ),
        "events:agenda_item_edit": (
            "get",
            _agenda_url("events:agenda_item_edit", _item_pk),
            _organisers(200),
        ),
        # The agenda is not empty: the template is refused with a message, back to the agenda.
        "events:agenda_template": (
            "post",
            _agenda_url("events:agenda_template"),
            _organisers(302),
        ),
        "events:agenda_clear": ("post", _agenda_url("events:agenda_clear"), _organisers(302)),
        "events:agenda_item_delete": (
            "post",
            _agenda_url("events:agenda_item_delete", _item_pk),
            _organisers(302),
        ),
        # Without a direction nothing moves: back to the agenda with a message.
        "events:agenda_item_move": (
            "post",
            _agenda_url("events:agenda_item_move", _item_pk),
            _organisers(302),
        ),
        # Opens the knowledge base's editor of the minutes (written by the first to ask).
        "events:minutes_write": (
            "post",
            _agenda_url("events:minutes_write"),
            _organisers(302),
        ),
    }
)

# One event's .ics answers as its page, for an event of each visibility (its marker is its SUMMARY).
OBJECT_ROUTES["events:ics"] = Route("get", "event", thing_url("events:ics", pk), everyone(200))

__all__ = ["MISSING"]

# Registrations and attendance (attend) ------------------------------------------------------------
# Kept in a block of their own; `_attend_prepare` (called by `prepare`) creates the two events they name.

from tests.access import member_action  # noqa: E402


def _attend_prepare(place):
    from terreau.events.tests.factories import make_event

    now = timezone.now()
    place.attend_coming = make_event(place.cast.community, starts_at=now + timedelta(days=7), title="À venir")
    place.attend_past = make_event(place.cast.community, starts_at=now - timedelta(days=2), title="Passée")


MATRIX.update(
    {
        "events:register": ("post", url("events:register", lambda p: p.attend_coming.pk), member_action(302)),
        "events:unregister": ("post", url("events:unregister", lambda p: p.attend_coming.pk), member_action(302)),
        "events:attendance": ("get", url("events:attendance", lambda p: p.attend_past.pk), facilitators(200)),
    }
)
