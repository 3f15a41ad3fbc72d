"""Series: the rule (RFC 5545) a facilitator chooses in plain words, its occurrences stored as
events ahead of time, and the changes of a whole series or of "this meeting and the following".

The rule is expanded in the community's wall time: `first_start` as a naive local time is the
rule's DTSTART, and each occurrence is then placed in the community's time zone, so that a
meeting at 18:00 stays at 18:00 when the clocks change.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership

from .. import permissions as events_permissions
from ..models import Event, History, Registration, Series
from . import agenda
from .common import announce_moved, announce_planned, history_record, series_url, zone
from .events import SHARED_FIELDS, _check_activity, _check_circle, _organisers_set
from .registrations import places_fill

RELATIONS = {"activity", "circle"}  # copied to an occurrence by their ids

# Occurrences exist as events this far ahead; the daily job moves the horizon on.
HORIZON = timedelta(days=365)

# RFC 5545's weekdays, Monday first like Python's.
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Pattern:
    """How often, in the words of the form."""

    MONTHLY_WEEKDAY = "monthly_weekday"  # the first Tuesday of the month, the last Friday
    MONTHLY_DAY = "monthly_day"  # the 15th of each month
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"


# Which week of the month: 1 to 4, or -1 for the last.
NTHS = [1, 2, 3, 4, -1]


@dataclass(frozen=True)
class Rule:
    pattern: str
    weekday: int = 1  # 0 Monday .. 6 Sunday
    nth: int = 1
    monthday: int = 1

    def as_rrule(self) -> str:
        if self.pattern == Pattern.MONTHLY_WEEKDAY:
            return f"FREQ=MONTHLY;BYDAY={self.nth}{DAYS[self.weekday]}"
        if self.pattern == Pattern.MONTHLY_DAY:
            return f"FREQ=MONTHLY;BYMONTHDAY={self.monthday}"
        if self.pattern == Pattern.WEEKLY:
            return f"FREQ=WEEKLY;BYDAY={DAYS[self.weekday]}"
        if self.pattern == Pattern.FORTNIGHTLY:
            return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={DAYS[self.weekday]}"
        raise ValueError(f"unknown pattern {self.pattern!r}")


def rule_parse(rule: str) -> Rule | None:
    """The plain-words rule of an RRULE this module wrote; None for another one."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq, byday, interval = parts.get("FREQ"), parts.get("BYDAY", ""), parts.get("INTERVAL", "1")
    try:
        if freq == "MONTHLY" and byday:
            return Rule(Pattern.MONTHLY_WEEKDAY, weekday=DAYS.index(byday[-2:]), nth=int(byday[:-2]))
        if freq == "MONTHLY" and "BYMONTHDAY" in parts:
            return Rule(Pattern.MONTHLY_DAY, monthday=int(parts["BYMONTHDAY"]))
        if freq == "WEEKLY" and byday in DAYS:
            return Rule(Pattern.WEEKLY if interval == "1" else Pattern.FORTNIGHTLY, weekday=DAYS.index(byday))
    except ValueError:
        return None
    return None


def nth_label(nth: int) -> str:
    return {
        1: pgettext("the first Tuesday", "first"),
        2: pgettext("the second Tuesday", "second"),
        3: pgettext("the third Tuesday", "third"),
        4: pgettext("the fourth Tuesday", "fourth"),
        -1: pgettext("the last Tuesday", "last"),
    }[nth]


def weekday_in_sentence(weekday: int) -> str:
    """A weekday inside a sentence ("le premier mardi"): French writes it in lower case."""
    return [
        pgettext("weekday in a sentence", "Monday"),
        pgettext("weekday in a sentence", "Tuesday"),
        pgettext("weekday in a sentence", "Wednesday"),
        pgettext("weekday in a sentence", "Thursday"),
        pgettext("weekday in a sentence", "Friday"),
        pgettext("weekday in a sentence", "Saturday"),
        pgettext("weekday in a sentence", "Sunday"),
    ][weekday]


def rule_words(rule: str) -> str:
    """ "The first Tuesday of the month", in the reader's language; the RRULE itself if unknown."""
    parsed = rule_parse(rule)
    if parsed is None:
        return rule
    weekday = weekday_in_sentence(parsed.weekday)
    if parsed.pattern == Pattern.MONTHLY_WEEKDAY:
        return _("The %(nth)s %(weekday)s of the month") % {"nth": nth_label(parsed.nth), "weekday": weekday}
    if parsed.pattern == Pattern.MONTHLY_DAY:
        return _("The %(day)s of each month") % {"day": parsed.monthday}
    if parsed.pattern == Pattern.WEEKLY:
        return _("Every %(weekday)s") % {"weekday": weekday}
    return _("Every other %(weekday)s") % {"weekday": weekday}


def series_words(series: Series) -> str:
    """ "The first Tuesday of the month, 18:00–20:00" in the community's time."""
    start = series.first_start.astimezone(zone(series.community))
    end = start + timedelta(minutes=series.duration)
    return _("%(rule)s, %(start)s–%(end)s") % {
        "rule": rule_words(series.rule),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }


def rule_first(rule: str, day: date, at: time) -> date | None:
    """The first day from `day` on that the rule gives."""
    found = rrulestr(rule, dtstart=datetime.combine(day, at)).after(datetime.combine(day, at), inc=True)
    return found.date() if found else None


def occurrences(series: Series, until: datetime) -> list[datetime]:
    """The starts the rule gives from the first meeting up to `until` (and the series' end), aware."""
    tz = zone(series.community)
    start = series.first_start.astimezone(tz).replace(tzinfo=None)
    end = until.astimezone(tz).replace(tzinfo=None)
    if series.until is not None:
        end = min(end, series.until.astimezone(tz).replace(tzinfo=None))
    if end < start:
        return []
    rule = rrulestr(series.rule, dtstart=start)
    return [naive.replace(tzinfo=tz) for naive in rule.between(start, end, inc=True)]


def _occurrence(series: Series, starts_at: datetime) -> Event:
    event = Event(
        community_id=series.community_id,
        series=series,
        recurrence_id=starts_at,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=series.duration),
        created_by_id=series.created_by_id,
    )
    for name in SHARED_FIELDS:
        setattr(
            event,
            f"{name}_id" if name in RELATIONS else name,
            getattr(series, f"{name}_id" if name in RELATIONS else name),
        )
    return event


def series_materialise(series: Series, *, now: datetime | None = None) -> int:
    """Store the occurrences up to the horizon as events; safe to run twice (returns how many were new)."""
    horizon = (now or timezone.now()) + HORIZON
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        known = set(Event.objects.filter(series=series).values_list("recurrence_id", flat=True))
        new = [_occurrence(series, start) for start in occurrences(series, horizon) if start not in known]
        Event.objects.bulk_create(new, ignore_conflicts=True)
        if new:  # each new meeting starts with its kind's agenda (services/agenda.py)
            agenda.start_from_templates(
                Event.objects.filter(series=series, recurrence_id__in=[event.recurrence_id for event in new])
            )
        organisers = list(series.organisers.all())
        if new and organisers:
            created = Event.objects.filter(series=series, recurrence_id__in=[event.recurrence_id for event in new])
            through = Event.organisers.through
            through.objects.bulk_create(
                [through(event_id=event.pk, membership_id=member.pk) for event in created for member in organisers],
                ignore_conflicts=True,
            )
        series.materialised_until = horizon
        series.save(update_fields=["materialised_until"])
    return len(new)


def materialise_all() -> int:
    """The daily job (`events.materialise`): every running series' occurrences up to the horizon."""
    now = timezone.now()
    running = Series.objects.filter(until__isnull=True) | Series.objects.filter(until__gt=now)
    behind = running.exclude(materialised_until__gte=now + HORIZON - timedelta(days=1))
    return sum(series_materialise(series, now=now) for series in behind.order_by("pk"))


@transaction.atomic
def series_create(
    *,
    actor: User,
    community: Community,
    rule: str,
    first_start: datetime,
    duration: int,
    until: datetime | None = None,
    organisers: list[Membership] | tuple = (),
    **fields: Any,
) -> Series:
    permissions.require(actor, events_permissions.MANAGE, community)
    _check_rule(rule)
    _check_activity(community, fields.get("activity"))
    _check_circle(community, fields.get("circle"))
    if until is not None and until < first_start:
        raise ValidationError({"until": _("The last day must come after the first meeting.")})
    series = Series(
        community=community,
        rule=rule,
        first_start=first_start,
        duration=duration,
        until=until,
        created_by=actor,
        **fields,
    )
    series.full_clean()
    series.save()
    _organisers_set(series, community, organisers)
    history_record(community=community, what=History.What.CREATED, actor=actor, series=series)
    series_materialise(series)
    announce_planned(thing=series, actor=actor, url=series_url(series))
    return series


def _check_rule(rule: str) -> None:
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise ValidationError({"rule": _("This recurrence is not understood.")}) from error


def _coming(series: Series, now: datetime):
    return Event.objects.filter(series=series, starts_at__gte=now)


@transaction.atomic
def series_update(
    *,
    actor: User,
    series: Series,
    organisers: list[Membership] | None = None,
    reason: str = "",
    **fields: Any,
) -> Series:
    """What the meetings share (title, place, visibility...): the series and its coming
    occurrences that were not edited alone. Times are changed with `series_split`."""
    community = series.community
    permissions.require(actor, events_permissions.MANAGE, community)
    _check_activity(community, fields.get("activity", series.activity))
    _check_circle(community, fields.get("circle", series.circle))
    for name, value in fields.items():
        if name not in SHARED_FIELDS:
            raise TypeError(f"series_update: unknown field {name!r}")
        setattr(series, name, value)
    series.full_clean()
    series.save()
    following = list(_coming(series, timezone.now()).filter(detached=False))
    if fields:
        values = {
            f"{name}_id" if name == "activity" else name: getattr(series, f"{name}_id" if name == "activity" else name)
            for name in fields
        }
        for event in following:
            for name, value in values.items():
                setattr(event, name, value)
            event.version += 1
        if following:
            Event.objects.bulk_update(following, [*values, "version"])
        if "capacity" in fields:
            # More places: the first waiting of each meeting take them, and are told.
            waiting = set(
                Registration.objects.filter(event__in=following, status=Registration.Status.WAITING).values_list(
                    "event_id", flat=True
                )
            )
            for event in following:
                if event.pk in waiting:
                    places_fill(event, community=community)
    if organisers is not None:
        _organisers_set(series, community, organisers)
        for event in following:
            _organisers_set(event, community, organisers)
    history_record(community=community, what=History.What.EDITED, actor=actor, series=series, reason=reason)
    return series


@transaction.atomic
def series_split(
    *,
    actor: User,
    event: Event,
    rule: str,
    first_start: datetime,
    duration: int,
    until: datetime | None = None,
    organisers: list[Membership] | None = None,
    reason: str = "",
    **fields: Any,
) -> Series:
    """ "This meeting and the following": the series ends before `event`, a new one continues it
    from there with the new rule, times and words. The coming occurrences move to the new series,
    in order, onto the dates the new rule gives (their registrations follow them); the ones
    edited alone keep their times."""
    old = event.series
    if old is None:
        raise ValueError("series_split: a one-off event has no following meetings")
    community = old.community
    permissions.require(actor, events_permissions.MANAGE, community)
    _check_rule(rule)
    _check_activity(community, fields.get("activity", old.activity))
    _check_circle(community, fields.get("circle", old.circle))
    pivot = event.recurrence_id or event.starts_at
    tz = zone(community)
    if first_start.astimezone(tz).date() < min(pivot, event.starts_at).astimezone(tz).date():
        raise ValidationError(
            {"start_day": _("The new rule starts from this meeting on: choose its day or a later one.")}
        )
    values = {name: getattr(old, name) for name in SHARED_FIELDS}
    values.update(fields)
    new = Series(
        community=community,
        rule=rule,
        first_start=first_start,
        duration=duration,
        until=until,
        continues=old,
        created_by=actor,
        **values,
    )
    new.full_clean()
    new.save()
    _organisers_set(new, community, organisers if organisers is not None else old.organisers.all())
    old.until = pivot - timedelta(seconds=1)
    old.save(update_fields=["until", "updated_at"])
    moving = list(Event.objects.filter(series=old, recurrence_id__gte=pivot).order_by("starts_at", "pk"))
    detached = {e.pk: e.recurrence_id for e in moving if e.detached}
    following = [e for e in moving if not e.detached]
    horizon = max(timezone.now(), first_start) + HORIZON
    dates = [start for start in occurrences(new, horizon) if start not in set(detached.values())]
    # Free the (series, recurrence id) pairs before giving them again.
    Event.objects.filter(pk__in=[e.pk for e in moving]).update(series=new, recurrence_id=None)
    moved: list[Event] = []
    for occurrence, start in zip(following, dates, strict=False):
        was = (occurrence.starts_at, occurrence.ends_at)
        occurrence.series = new
        occurrence.recurrence_id = start
        occurrence.starts_at, occurrence.ends_at = start, start + timedelta(minutes=duration)
        for name, value in values.items():
            setattr(occurrence, name, value)
        occurrence.version += 1
        occurrence.save()
        if organisers is not None:
            _organisers_set(occurrence, community, organisers)
        if (occurrence.starts_at, occurrence.ends_at) != was:
            moved.append(occurrence)
    for extra in following[len(dates) :]:
        # The new rule gives fewer meetings (it ends sooner): the ones left over are cancelled, not lost.
        extra.series, extra.recurrence_id = new, extra.starts_at
        extra.status, extra.cancel_reason, extra.cancelled_by = Event.Status.CANCELLED, reason, actor
        extra.cancelled_at = timezone.now()
        extra.version += 1
        extra.save()
    for pk, recurrence_id in detached.items():
        Event.objects.filter(pk=pk).update(recurrence_id=recurrence_id)
    history_record(community=community, what=History.What.SPLIT, actor=actor, series=old, event=event, reason=reason)
    history_record(community=community, what=History.What.SPLIT, actor=actor, series=new, event=event, reason=reason)
    series_materialise(new)
    for occurrence in moved:
        if not occurrence.is_cancelled:
            history_record(community=community, what=History.What.MOVED, actor=actor, event=occurrence, reason=reason)
            announce_moved(event=occurrence, actor=actor)
    return new


@transaction.atomic
def series_end(*, actor: User, series: Series, last_day: date, reason: str = "") -> Series:
    """No meeting after `last_day`: the later occurrences nobody registered to are removed."""
    permissions.require(actor, events_permissions.MANAGE, series.community)
    tz = zone(series.community)
    series.until = datetime.combine(last_day, time.max).replace(tzinfo=tz)
    series.save(update_fields=["until", "updated_at"])
    later = Event.objects.filter(series=series, starts_at__gt=series.until, detached=False)
    later.filter(registrations__isnull=True).delete()
    history_record(community=series.community, what=History.What.ENDED, actor=actor, series=series, reason=reason)
    return series
