"""iCalendar (RFC 5545) output of events and series: the feeds and the one-event download.

Pure functions of rows already loaded (selectors.py / views/feeds.py load them): building a
calendar runs no query. The `icalendar` package escapes the texts, folds the lines at 75 octets
and ends them with CRLF.

A series is one master VEVENT (its RRULE, with UNTIL when it ends) whose occurrences the reader
expands itself, in the community's time zone (DTSTART;TZID=…, and a VTIMEZONE for each zone used),
so that 18:00 stays 18:00 across the daylight-saving change. Its stored occurrences show only when
they differ from the rule:

- a cancelled occurrence is an EXDATE of the master. An override with STATUS:CANCELLED would say
  more, but Google Calendar shows such an override of a subscribed calendar as an ordinary event,
  and Outlook's subscriptions ignore the status of overrides; EXDATE is read the same way by
  Thunderbird, Outlook, Google Calendar and the phones' calendars (the occurrence goes away);
- a moved or edited (detached) occurrence is an override VEVENT: the master's UID, RECURRENCE-ID
  the start the rule gave it (`Event.recurrence_id`), and its own start, end, words and SEQUENCE.

A one-off event is a plain VEVENT; cancelled, it stays with STATUS:CANCELLED and its summary says
so (clients that ignore STATUS still tell people who planned to come). No ORGANIZER: it would
need an email address, which Terreau shows nobody.
"""

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Event, Format, Series

PRODID = "-//Terreau//Communautés de pratiques//FR"
# How often a subscribed client should come back (a hint: Google Calendar decides on its own).
REFRESH = timedelta(hours=1)


@dataclass
class Feed:
    """What one calendar holds: its name, its zone, series with their exceptions, one-off events."""

    name: str
    time_zone: str
    base_url: str  # scheme and host, for the pages' links: "https://terreau.example"
    series: list[Series] = field(default_factory=list)
    # Occurrences of those series that differ from the rule (cancelled, moved, detached).
    exceptions: list[Event] = field(default_factory=list)
    # Occurrences of the series the reader may not see on their own: dropped from the master.
    hidden: list[Event] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "terreau"


def series_uid(series: Series) -> str:
    """Stable for the series' life: clients match a feed's events across reloads by it."""
    return f"series-{series.pk}@{_uid_domain()}"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_uid_domain()}"


def _zone(community) -> ZoneInfo:
    return ZoneInfo(community.time_zone)


def event_path(event: Event) -> str:
    return reverse("events:detail", args=[event.community.slug, event.pk])


def series_path(series: Series) -> str:
    return reverse("events:series", args=[series.community.slug, series.pk])


def location(thing) -> str:
    """The place and its address; the online link when the meeting is only online."""
    if thing.format == Format.ONLINE:
        return thing.online_url
    return ", ".join(part for part in (thing.place, thing.address) if part)


def _description(thing, url: str) -> str:
    parts = [thing.description.strip()]
    if thing.format == Format.BOTH and thing.online_url:
        parts.append(_("Online: %(link)s") % {"link": thing.online_url})
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def _common(vevent: icalendar.Event, thing, url: str) -> None:
    vevent.add("summary", thing.title)
    vevent.add("description", _description(thing, url))
    if where := location(thing):
        vevent.add("location", where)
    vevent.add("url", url)
    vevent.add("dtstamp", thing.updated_at)
    vevent.add("last-modified", thing.updated_at)
    vevent.add("created", thing.created_at)
    # No CLASS: Outlook and Google would turn a members-only event into a "private appointment"
    # whose details they hide when the person shares their calendar.


def _rule(series: Series) -> icalendar.vRecur:
    rule = icalendar.vRecur.from_ical(series.rule)
    if series.until is not None:
        # With a DTSTART in a zone, RFC 5545 wants UNTIL in UTC; it is inclusive.
        rule.pop("COUNT", None)
        rule["UNTIL"] = [series.until.astimezone(ZoneInfo("UTC"))]
    return rule


def _in_rule(series: Series, when: datetime) -> bool:
    """Whether the series' rule gives this start (a RECURRENCE-ID must name one of its instances)."""
    zone = _zone(series.community)
    start = series.first_start.astimezone(zone).replace(tzinfo=None)
    local = when.astimezone(zone).replace(tzinfo=None)
    if local < start or (series.until is not None and when > series.until):
        return False
    return local in rrulestr(series.rule, dtstart=start)


def series_vevent(series: Series, *, base_url: str, exdates: Iterable[datetime] = ()) -> icalendar.Event:
    zone = _zone(series.community)
    vevent = icalendar.Event()
    vevent.add("uid", series_uid(series))
    start = series.first_start.astimezone(zone)
    vevent.add("dtstart", start)
    vevent.add("dtend", start + timedelta(minutes=series.duration))
    vevent.add("rrule", _rule(series))
    excluded = sorted({when.astimezone(zone) for when in exdates})
    if excluded:
        vevent.add("exdate", excluded)
    vevent.add("status", "CONFIRMED")
    vevent.add("sequence", 0)
    _common(vevent, series, base_url + series_path(series))
    return vevent


def event_vevent(event: Event, *, base_url: str, series: Series | None = None) -> icalendar.Event:
    """A one-off event, or (with `series`) the override of one occurrence of it."""
    zone = _zone(event.community)
    vevent = icalendar.Event()
    if series is not None:
        vevent.add("uid", series_uid(series))
        vevent.add("recurrence-id", event.recurrence_id.astimezone(zone))
    else:
        vevent.add("uid", event_uid(event))
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("sequence", event.version)
    _common(vevent, event, base_url + event_path(event))
    if event.is_cancelled:
        vevent["summary"] = icalendar.vText(_("Cancelled: %(title)s") % {"title": event.title})
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def _calendar(name: str, time_zone: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    return calendar


# Serialising is most of a feed's time (icalendar writes a few thousand lines a second): each
# VEVENT's text is kept, in the process, under everything it is written from, so an unchanged
# event is serialised once per worker; any change of what it shows gives another key.
_WRITTEN: OrderedDict[tuple, bytes] = OrderedDict()
_WRITTEN_LOCK = threading.Lock()
WRITTEN_SIZE = 5000
_SHARED = ("kind", "title", "description", "format", "place", "address", "online_url", "visibility")
_OWN = {
    "Series": ("rule", "first_start", "duration", "until", "updated_at", "created_at"),
    "Event": (
        "starts_at",
        "ends_at",
        "status",
        "version",
        "recurrence_id",
        "series_id",
        "updated_at",
        "created_at",
    ),
}


def _written(thing, build, *extra) -> bytes:
    fields = (*_SHARED, *_OWN[type(thing).__name__])
    key = (
        type(thing).__name__,
        thing.pk,
        *(getattr(thing, name) for name in fields),
        thing.community.slug,
        thing.community.time_zone,
        get_language(),
        settings.SITE_URL,
        *extra,
    )
    with _WRITTEN_LOCK:  # a worker may serve with threads
        found = _WRITTEN.get(key)
        if found is not None:
            _WRITTEN.move_to_end(key)
            return found
    found = build().to_ical()
    with _WRITTEN_LOCK:
        _WRITTEN[key] = found
        if len(_WRITTEN) > WRITTEN_SIZE:
            _WRITTEN.popitem(last=False)
    return found


_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _transitions(zone: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """The zone's changes of offset in `year`: (local wall time of the change, offset before,
    offset after, name after), found day by day, then hour by hour, then minute by minute."""
    found = []
    utc = ZoneInfo("UTC")
    moment = datetime(year, 1, 1, tzinfo=utc)
    end = datetime(year + 1, 1, 1, tzinfo=utc)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        after = (moment + timedelta(days=1)).astimezone(zone).utcoffset()
        if after != before:
            exact = moment
            for step in (timedelta(hours=1), timedelta(minutes=1)):
                while (exact + step).astimezone(zone).utcoffset() == before:
                    exact += step
            exact += timedelta(minutes=1)
            assert before is not None and after is not None
            wall = (exact + before).replace(tzinfo=None)  # the local time the change happens at
            found.append((wall, before, after, exact.astimezone(zone).tzname() or ""))
            before = after
        moment += timedelta(days=1)
    return found


def _byday(wall: datetime) -> str:
    """The RRULE BYDAY of that day in its month: -1SU for the last Sunday, 2SU for the second."""
    last_week = (wall.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=7)  # its first day
    week = -1 if wall.date() >= last_week.date() else (wall.day - 1) // 7 + 1
    return f"{week}{_WEEKDAYS[wall.weekday()]}"


def _offset(delta: timedelta) -> str:
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def _compact_vtimezone(tzid: str, year: int, since: int) -> bytes | None:
    """The zone as Thunderbird, Google Calendar and Outlook write one: a STANDARD and a DAYLIGHT with
    a yearly RRULE (Outlook reads no RDATE list), when such rules give the zone's changes from a
    the year `since` to 2037; None when they do not (the zone's rules changed, or are not yearly)."""
    zone = ZoneInfo(tzid)
    current = _transitions(zone, year)
    if len(current) not in (0, 2):
        return None
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}", f"X-LIC-LOCATION:{tzid}"]
    if not current:
        offset = datetime(year, 1, 1, tzinfo=zone).utcoffset() or timedelta(0)
        name = datetime(year, 1, 1, tzinfo=zone).tzname() or ""
        for check in range(min(since, year - 3), 2038):
            if _transitions(zone, check):
                return None
        lines += ["BEGIN:STANDARD", f"TZOFFSETFROM:{_offset(offset)}", f"TZOFFSETTO:{_offset(offset)}"]
        lines += [f"TZNAME:{name}", "DTSTART:19700101T000000", "END:STANDARD"]
    else:
        rules = [(wall.month, _byday(wall), wall.time(), before, after, name) for wall, before, after, name in current]
        for check in range(min(since, year - 3), 2038):
            found = _transitions(zone, check)
            if [(w.month, _byday(w), w.time(), b, a, n) for w, b, a, n in found] != rules:
                return None
        for month, byday, at, before, after, name in rules:
            kind = "DAYLIGHT" if after > before else "STANDARD"
            # DTSTART: the first such day of 1970, at the local time of the change.
            start = next(
                day
                for day in (datetime(1970, month, 1) + timedelta(days=n) for n in range(31))
                if day.month == month and _byday(day) == byday
            )
            lines += [f"BEGIN:{kind}", f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}"]
            lines += [f"TZNAME:{name}", f"DTSTART:{start:%Y%m%d}T{at:%H%M%S}"]
            lines += [f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={byday}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    return ("\r\n".join(lines) + "\r\n").encode()


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str, first_year: int) -> bytes:
    compact = _compact_vtimezone(tzid, timezone.now().year, first_year - 1)
    if compact is not None:
        return compact
    # Otherwise icalendar's: every change from the year before the first start (earlier years
    # would only make the file longer) up to the end of the zone data it writes (2038).
    return icalendar.Timezone.from_tzinfo(ZoneInfo(tzid), tzid, first_date=date(first_year - 1, 1, 1)).to_ical()


def _assemble(name: str, time_zone: str, zones: set[str], starts: list[datetime], vevents: list[bytes]) -> bytes:
    """The calendar's text: its properties, a VTIMEZONE for every TZID used, then the VEVENTs."""
    head = _calendar(name, time_zone).to_ical()
    end = b"END:VCALENDAR\r\n"
    first = min(starts).year if starts else timezone.now().year
    timezones = [_vtimezone(tzid, first) for tzid in sorted(zones)]
    return head.removesuffix(end) + b"".join(timezones) + b"".join(vevents) + end


def feed(feed: Feed) -> bytes:
    base_url = feed.base_url
    vevents: list[bytes] = []
    starts: list[datetime] = []
    zones: set[str] = set()
    by_series: dict[int, list[Event]] = {}
    for event in feed.exceptions:
        by_series.setdefault(event.series_id, []).append(event)  # type: ignore[arg-type]
    hidden: dict[int, list[datetime]] = {}
    for event in feed.hidden:
        hidden.setdefault(event.series_id, []).append(event.recurrence_id)  # type: ignore[arg-type]
    for series in feed.series:
        exceptions = by_series.get(series.pk, [])
        cancelled = [event.recurrence_id for event in exceptions if event.is_cancelled]
        exdates = tuple(sorted({*cancelled, *hidden.get(series.pk, [])}))
        vevents.append(
            _written(
                series, lambda s=series, x=exdates: series_vevent(s, base_url=base_url, exdates=x), base_url, exdates
            )
        )
        starts.append(series.first_start)
        zones.add(series.community.time_zone)
        for event in exceptions:
            if event.is_cancelled:
                continue
            # An occurrence edited alone before a "this and the following" keeps the start the old
            # rule gave it: when the new rule gives no such start, it stands on its own.
            master = series if _in_rule(series, event.recurrence_id) else None
            vevents.append(
                _written(
                    event,
                    lambda e=event, m=master: event_vevent(e, base_url=base_url, series=m),
                    base_url,
                    master.pk if master else None,
                )
            )
    for event in feed.events:
        vevents.append(_written(event, lambda e=event: event_vevent(e, base_url=base_url), base_url, None))
        starts.append(event.starts_at)
        zones.add(event.community.time_zone)
    # The calendar's own zone too (X-WR-TIMEZONE): an empty calendar still holds one component.
    return _assemble(feed.name, feed.time_zone, {*zones, feed.time_zone}, starts, vevents)


def single(event: Event, *, base_url: str) -> bytes:
    """One event on its own (the `.ics` download): a plain VEVENT, even for an occurrence of a series."""
    vevent = event_vevent(event, base_url=base_url).to_ical()
    zone = event.community.time_zone
    return _assemble(event.title, zone, {zone}, [event.starts_at], [vevent])
