"""The events: the series of recurring meetings and every event held or cancelled, with its
agenda, how many came, and its minutes (a knowledge item of the knowledge section).

Who registered and who came are named in the members' archive only; the public archive
holds the counts.
"""

from datetime import UTC, datetime

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.events.models import AgendaItem, Event, Registration, Series
from terreau.knowledge.models import ItemStatus

from ._kit import create_dated, dated, iso, moment, names_people, reads, rid, stream
from .base import Section

SERIES = "events.series"
EVENT = "events.event"
CIRCLE = "circles.circle"
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
KNOWLEDGE_ITEM = "knowledge.item"


def _where(ctx, thing) -> dict:
    """What a series and its events share."""
    return {
        "event_kind": thing.kind,
        "title": thing.title,
        "description": thing.description,
        "format": thing.format,
        "place": thing.place,
        "address": thing.address,
        "online_url": thing.online_url,
        "visibility": thing.visibility,
        "capacity": thing.capacity,
        "reminder_hours": thing.reminder_hours,
        "circle": rid(CIRCLE, thing.circle_id)
        if thing.circle and thing.circle.visibility in ctx.visibilities
        else None,
        "created_at": iso(thing.created_at),
        "updated_at": iso(thing.updated_at),
    }


def _series(ctx, with_people):
    series = (
        Series.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("circle", "continues")
        .order_by("pk")
    )
    if with_people:
        series = series.prefetch_related(Prefetch("organisers", _people_ordered()))
    for one in stream(series):
        yield {
            "kind": SERIES,
            "id": rid(SERIES, one.pk),
            **_where(ctx, one),
            "rule": one.rule,
            "first_start": iso(one.first_start),
            "duration": one.duration,
            "until": iso(one.until),
            "continues": rid(SERIES, one.continues_id)
            if one.continues and one.continues.visibility in ctx.visibilities
            else None,
            "organisers": [ctx.person(member) for member in one.organisers.all()] if with_people else [],
        }


def _people_ordered():
    from terreau.communities.models import Membership

    return Membership.objects.select_related("user").order_by("pk")


def _minutes(ctx, event) -> str | None:
    minutes = event.minutes
    if minutes is None or minutes.visibility not in ctx.visibilities or minutes.status == ItemStatus.DRAFT:
        return None
    return rid(KNOWLEDGE_ITEM, minutes.pk)


def _events(ctx, with_people):
    counted = Registration.Status
    events = (
        Event.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("circle", "series", "minutes")
        .annotate(
            registered_count=Count("registrations", filter=Q(registrations__status=counted.REGISTERED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=counted.WAITING)),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .prefetch_related(
            Prefetch("agenda_items", AgendaItem.objects.select_related("lead__user").order_by("position", "pk"))
        )
        .order_by("starts_at", "pk")
    )
    if with_people:
        events = events.prefetch_related(
            Prefetch("organisers", _people_ordered()),
            Prefetch("registrations", Registration.objects.select_related("user").order_by("created_at", "pk")),
        )
    for event in stream(events):
        yield {
            "kind": EVENT,
            "id": rid(EVENT, event.pk),
            **_where(ctx, event),
            "series": rid(SERIES, event.series_id)
            if event.series and event.series.visibility in ctx.visibilities
            else None,
            "recurrence_id": iso(event.recurrence_id),
            "detached": event.detached,
            "starts_at": iso(event.starts_at),
            "ends_at": iso(event.ends_at),
            "status": event.status,
            "cancelled_at": iso(event.cancelled_at),
            "cancel_reason": event.cancel_reason,
            "minutes": _minutes(ctx, event),
            "attendance": {
                "registered": event.registered_count,
                "waiting": event.waiting_count,
                "attended": event.attended_count,
                "guests": event.guests_count,
                "recorded_at": iso(event.attendance_recorded_at),
            },
            "agenda": [
                {
                    "position": item.position,
                    "guide_key": item.guide_key,
                    "title": item.title,
                    "duration": item.duration,
                    "lead": ctx.person(item.lead) if with_people and item.lead else None,
                    "notes": item.notes,
                }
                for item in event.agenda_items.all()
            ],
            "organisers": [ctx.person(member) for member in event.organisers.all()] if with_people else [],
            "registrations": [
                {
                    "person": ctx.person(registration.user),
                    "status": registration.status,
                    "attended": registration.attended,
                    "created_at": iso(registration.created_at),
                }
                for registration in event.registrations.all()
            ]
            if with_people
            else [],
        }


def export(ctx):
    if not reads(ctx, "community.view"):
        return
    with_people = names_people(ctx)
    yield from _series(ctx, with_people)
    yield from _events(ctx, with_people)


def _where_fields(ctx, record) -> dict:
    return {
        "kind": record["event_kind"],
        "title": record["title"],
        "description": record["description"],
        "format": record["format"],
        "place": record["place"],
        "address": record["address"],
        "online_url": record["online_url"],
        "visibility": record["visibility"],
        "capacity": record["capacity"],
        "reminder_hours": record["reminder_hours"],
        "circle": ctx.lookup(record["circle"]),
    }


def _organisers(ctx, record) -> list:
    return [found for found in (ctx.membership(person) for person in record["organisers"]) if found is not None]


def _load_series(ctx, record):
    series = Series.objects.create(
        community=ctx.community,
        **_where_fields(ctx, record),
        rule=record["rule"],
        first_start=moment(record["first_start"]),
        duration=record["duration"],
        until=moment(record["until"]),
        continues=ctx.lookup(record["continues"]),
        # An archived series grows no new occurrence (the daily job skips it): its events are the
        # archived ones.
        materialised_until=NEVER,
    )
    series.organisers.set(_organisers(ctx, record))
    dated(series, created_at=moment(record["created_at"]), updated_at=moment(record["updated_at"]))
    ctx.remember(record["id"], series)


def _load_event(ctx, record):
    attendance = record["attendance"]
    event = Event.objects.create(
        community=ctx.community,
        **_where_fields(ctx, record),
        series=ctx.lookup(record["series"]),
        recurrence_id=moment(record["recurrence_id"]),
        detached=record["detached"],
        starts_at=moment(record["starts_at"]),
        ends_at=moment(record["ends_at"]),
        status=record["status"],
        cancelled_at=moment(record["cancelled_at"]),
        cancel_reason=record["cancel_reason"],
        guests_count=attendance["guests"],
        attendance_recorded_at=moment(attendance["recorded_at"]),
        minutes=ctx.lookup(record["minutes"]),
    )
    event.organisers.set(_organisers(ctx, record))
    AgendaItem.objects.bulk_create(
        AgendaItem(
            event=event,
            position=item["position"],
            guide_key=item["guide_key"],
            title=item["title"],
            duration=item["duration"],
            lead=ctx.membership(item["lead"]),
            notes=item["notes"],
        )
        for item in record["agenda"]
    )
    create_dated(
        Registration,
        [
            (
                Registration(
                    event=event,
                    user=ctx.person(registration["person"]),
                    status=registration["status"],
                    attended=registration["attended"],
                ),
                {"created_at": moment(registration["created_at"])},
            )
            for registration in record["registrations"]
            if registration["person"]
        ],
    )
    dated(event, created_at=moment(record["created_at"]), updated_at=moment(record["updated_at"]))
    ctx.remember(record["id"], event)


def load(ctx, records):
    for record in records:
        if record["kind"] == SERIES:
            _load_series(ctx, record)
        else:
            _load_event(ctx, record)


def markdown(record) -> str:
    lines = [f"# {record['title']}", ""]
    if record["kind"] == EVENT:
        lines += [f"*{record['starts_at']} – {record['ends_at']}*", ""]
    if record["place"] or record["address"]:
        lines += [", ".join(part for part in (record["place"], record["address"]) if part), ""]
    if record["description"]:
        lines += [record["description"], ""]
    if record.get("agenda"):
        lines += [f"## {_('Agenda')}", ""]
        for item in record["agenda"]:
            lines.append(f"- {item['title'] or item['guide_key']} ({item['duration']} min)")
        lines.append("")
    if record["kind"] == EVENT:
        attendance = record["attendance"]
        lines.append(
            _("Registered: %(registered)s · came: %(attended)s · guests: %(guests)s")
            % {key: attendance[key] for key in ("registered", "attended", "guests")}
        )
        lines.append("")
    return "\n".join(lines)


def label(record) -> str:
    if record["kind"] == EVENT:
        return f"{record['starts_at'][:10]} {record['title']}"
    return record["title"]


SECTION = Section(
    key="events",
    title=gettext_lazy("Events"),
    kinds=(SERIES, EVENT),
    export=export,
    load=load,
    page_template="archive/site/sections/events.html",
    markdown=markdown,
    label=label,
)
