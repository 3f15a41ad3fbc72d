"""An event's agenda: its items in order, each with a duration and who leads it, timed from the
event's start; and the template of the event's kind (agenda_templates.py) to start from.

Only those who organise the event (`permissions.may_organise`) change it.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership

from .. import agenda_templates
from ..models import AgendaItem, Event, EventKind
from ..permissions import require_organise, visible_events

# ---------------------------------------------------------------------------------------------
# Reads


@dataclass
class TimedItem:
    item: AgendaItem
    starts_at: datetime
    ends_at: datetime
    overflows: bool  # ends after the event


@dataclass
class Agenda:
    event: Event
    items: list[TimedItem]
    total_minutes: int
    event_minutes: int

    @property
    def overflow_minutes(self) -> int:
        return max(0, self.total_minutes - self.event_minutes)

    @property
    def free_minutes(self) -> int:
        return max(0, self.event_minutes - self.total_minutes)

    @property
    def ends_at(self) -> datetime:
        return self.event.starts_at + timedelta(minutes=self.total_minutes)


def items_queryset():
    return AgendaItem.objects.select_related("lead__user").order_by("position", "pk")


def prefetch_items() -> Prefetch:
    """For a list of events: `Event.objects.prefetch_related(prefetch_items())` reads every agenda at once."""
    return Prefetch("agenda_items", queryset=items_queryset())


def agenda_of(event: Event, items: list[AgendaItem] | None = None) -> Agenda:
    """The event's items, each with its start and end worked out from the event's start (aware
    datetimes: the template shows them in the community's time zone)."""
    if items is None:
        items = list(event.agenda_items.all()) if _prefetched(event) else list(items_queryset().filter(event=event))
    clock = event.starts_at
    timed = []
    for item in items:
        end = clock + timedelta(minutes=item.duration)
        timed.append(TimedItem(item=item, starts_at=clock, ends_at=end, overflows=end > event.ends_at))
        clock = end
    return Agenda(
        event=event,
        items=timed,
        total_minutes=sum(item.duration for item in items),
        event_minutes=int((event.ends_at - event.starts_at).total_seconds() // 60),
    )


def _prefetched(event: Event) -> bool:
    return "agenda_items" in getattr(event, "_prefetched_objects_cache", {})


def template_items(event: Event) -> list[AgendaItem]:
    """The agenda of the event's kind, not saved."""
    return [
        AgendaItem(event=event, position=position, guide_key=key, duration=agenda_templates.minutes(key))
        for position, key in enumerate(agenda_templates.template_for(event.kind), start=1)
    ]


def template_minutes(kind: str) -> int:
    return sum(agenda_templates.minutes(key) for key in agenda_templates.template_for(kind))


# ---------------------------------------------------------------------------------------------
# Writes


def start_from_template(event: Event) -> list[AgendaItem]:
    """Give a new event the agenda of its kind. Called by the service that creates the event
    (its creator's right to do so already checked); an event with items keeps them."""
    if event.agenda_items.exists():
        return []
    return AgendaItem.objects.bulk_create(template_items(event))


def start_from_templates(events: QuerySet[Event]) -> int:
    """The same for the new occurrences of a series, in one read and one write: each event of
    `events` without an item gets its kind's agenda. Returns the number of items made."""
    empty = events.filter(agenda_items__isnull=True).distinct()
    items = [item for event in empty for item in template_items(event)]
    AgendaItem.objects.bulk_create(items)
    return len(items)


@transaction.atomic
def template_apply(*, actor: User, event: Event) -> list[AgendaItem]:
    """The "Use the template" button of an empty agenda."""
    require_organise(actor, event.community, event)
    Event.objects.select_for_update().filter(pk=event.pk).first()  # two clicks at once add it once
    if event.agenda_items.exists():
        raise ValidationError(_("The agenda is not empty: the template is only offered for an empty agenda."))
    if not agenda_templates.template_for(event.kind):
        raise ValidationError(_("There is no template for this kind of event."))
    return AgendaItem.objects.bulk_create(template_items(event))


@transaction.atomic
def agenda_clear(*, actor: User, event: Event) -> int:
    """Remove every item (to start from a blank agenda rather than the template); returns how many."""
    require_organise(actor, event.community, event)
    items = list(event.agenda_items.select_for_update())
    for item in items:
        audit.record_deletion(actor=actor, community=event.community, action="event_agenda_item.deleted", target=item)
    event.agenda_items.all().delete()
    return len(items)


def _check_lead(item: AgendaItem) -> None:
    lead: Membership | None = item.lead
    if lead is not None and (lead.community_id != item.event.community_id or not lead.is_active):
        raise ValidationError({"lead": _("Choose a member of the community.")})


@transaction.atomic
def item_save(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Create or update an agenda item; a new one goes to the end."""
    event = item.event
    require_organise(actor, event.community, event)
    if not item.title and not item.guide_key:
        raise ValidationError({"title": _("Give the item a title.")})
    _check_lead(item)
    if item.pk is None:
        last = event.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
    item.full_clean(exclude=["event"])
    item.save()
    return item


@transaction.atomic
def item_delete(*, actor: User, item: AgendaItem) -> None:
    event = item.event
    require_organise(actor, event.community, event)
    audit.record_deletion(actor=actor, community=event.community, action="event_agenda_item.deleted", target=item)
    item.delete()


@transaction.atomic
def item_move(*, actor: User, item: AgendaItem, direction: str) -> None:
    """Swap the item with the one before ("up") or after ("down"); at either end nothing moves."""
    event = item.event
    require_organise(actor, event.community, event)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move the item up or down."))
    items = list(event.agenda_items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    # Number them afresh: positions stay 1..n whatever earlier edits left behind.
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# ---------------------------------------------------------------------------------------------
# The launch day (read by the launch's pages and its pack)

# A launch day planned from the launch's page starts this many days ahead, at 9:30, until its
# organisers set the date.
LAUNCH_DAY_AHEAD = 28
LAUNCH_DAY_START = time(9, 30)


def launch_day_for(user, community: Community) -> Event | None:
    """The community's launch day as this person may see it (the coming one, else the last),
    with its agenda prefetched; None when there is none they may see."""
    days = (
        visible_events(user, community)
        .filter(kind=EventKind.LAUNCH_DAY)
        .exclude(status=Event.Status.CANCELLED)
        .prefetch_related(prefetch_items())
    )
    now = timezone.now()
    return (
        days.filter(ends_at__gte=now).order_by("starts_at", "pk").first() or days.order_by("-starts_at", "-pk").first()
    )


def guide_launch_day(community: Community) -> Agenda:
    """The guide's launch-day agenda, not saved, timed from 9:30 on a day to come."""
    starts_at = datetime.combine(
        timezone.localdate() + timedelta(days=LAUNCH_DAY_AHEAD), LAUNCH_DAY_START, tzinfo=ZoneInfo(community.time_zone)
    )
    minutes = template_minutes(EventKind.LAUNCH_DAY)
    event = Event(
        community=community,
        kind=EventKind.LAUNCH_DAY,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
    )
    return agenda_of(event, template_items(event))


def launch_day_plan(*, actor: User, community: Community) -> Event:
    """Plan the launch day: an event four weeks ahead with the guide's agenda, whose organisers
    then set the date, time and place (events.manage: the core team and the facilitators)."""
    from . import events as event_services  # events.py imports this module

    guide = guide_launch_day(community)
    return event_services.event_create(
        actor=actor,
        community=community,
        starts_at=guide.event.starts_at,
        ends_at=guide.event.ends_at,
        kind=EventKind.LAUNCH_DAY,
        title=_("Launch day"),
    )
