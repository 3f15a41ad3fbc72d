"""Demo data of the events, for `terreau.demo.data` to call on the running community.

    from terreau.events import demo as events_demo
    events_demo.demo_load(community=community, core=membership_of_a_core_member)

A year of monthly meetings, "le premier mardi du mois", from about ten months ago to three
months ahead: one cancelled (with its reason), the next one's cancellation refused by the rule
(kept in the series' history; the meeting took place). Plus a workshop and the yearly gathering.

The other parts of the events (attendance, minutes...) add theirs with a step in `STEPS`: a
dotted path to a function called as `step(demo=DemoEvents)` once the events exist.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from terreau.communities.models import Community, Membership

from .models import Event, EventKind, History, Series
from .services import events as event_services
from .services import series as series_services
from .services.common import local_datetime, zone

# Functions of the other parts of the events that add to the demo (attendance, minutes...).
STEPS: list[str] = []


@dataclass
class DemoEvents:
    community: Community
    core: Membership
    series: Series
    meetings: list[Event] = field(default_factory=list)  # the series' occurrences, in order
    cancelled: Event | None = None
    refused: Event | None = None  # the one whose cancellation was refused: it took place
    one_offs: list[Event] = field(default_factory=list)


def _first_tuesday(day: date) -> date:
    day = day.replace(day=1)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def demo_load(*, community: Community, core: Membership) -> DemoEvents:
    actor = core.user
    today = timezone.now().astimezone(zone(community)).date()
    start = _first_tuesday(today - timedelta(days=300))
    # The calendar of activities' monthly meeting (launch's model, named through the relation).
    activities = Event._meta.get_field("activity").related_model._default_manager  # type: ignore[union-attr]
    activity = activities.filter(community=community, guide_key="monthly_meeting").first()
    last_day = today + timedelta(days=95)
    series = series_services.series_create(
        actor=actor,
        community=community,
        kind=EventKind.MONTHLY_MEETING,
        title="Rencontre mensuelle des circuits courts",
        description=(
            "Chaque premier mardi du mois : un tour de table des nouvelles, un sujet de fond préparé par un·e "
            "membre, et un moment pour s'entraider. Venez comme vous êtes, même pour une heure."
        ),
        format="both",
        place="Maison de la ruralité",
        address="Rue du Commerce 12, 5590 Ciney",
        online_url="https://visio.example.org/circuits-courts",
        visibility="members",
        capacity=25,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=local_datetime(community, start, time(18, 0)),
        duration=120,
        until=local_datetime(community, last_day, time.max),
        organisers=[core],
        activity=activity,
    )
    meetings = list(series.events.order_by("starts_at"))
    past = [event for event in meetings if event.starts_at < timezone.now()]
    demo = DemoEvents(community=community, core=core, series=series, meetings=meetings)
    if len(past) >= 6:
        cancelled, refused = past[-6], past[-5]
        event_services.event_cancel(
            actor=actor,
            event=cancelled,
            reason="La salle est fermée pour travaux et la moitié du noyau dur est en congé.",
        )
        try:
            event_services.event_cancel(
                actor=actor, event=refused, reason="Peu d'inscrits, on pourrait sauter ce mois-ci."
            )
        except event_services.SecondCancellation:
            pass  # the rule: the meeting took place, in a smaller room
        demo.cancelled, demo.refused = cancelled, refused
        # The history as it happened: a fortnight before each meeting, not today.
        Event.objects.filter(pk=cancelled.pk).update(cancelled_at=cancelled.starts_at - timedelta(days=14))
        History.objects.filter(event=cancelled).update(at=cancelled.starts_at - timedelta(days=14))
        History.objects.filter(event=refused).update(at=refused.starts_at - timedelta(days=12))
    History.objects.filter(series=series, event__isnull=True).update(at=series.first_start - timedelta(days=20))
    Series.objects.filter(pk=series.pk).update(created_at=F("first_start") - timedelta(days=20))

    for kind, title, days, starts, hours, place in [
        (
            EventKind.WORKSHOP,
            "Atelier de co-développement : fixer le prix d'un panier",
            18,
            time(9, 30),
            3,
            "Ferme du Bois-Joli, Gesves",
        ),
        (EventKind.GATHERING, "Rencontre annuelle des circuits courts", 60, time(9, 30), 8, "Abbaye de Leffe, Dinant"),
    ]:
        day = today + timedelta(days=days)
        starts_at = local_datetime(community, day, starts)
        demo.one_offs.append(
            event_services.event_create(
                actor=actor,
                community=community,
                kind=kind,
                title=title,
                description="Ouvert aux membres et à leurs invité·es. Inscription souhaitée.",
                place=place,
                visibility="public" if kind == EventKind.GATHERING else "members",
                capacity=12 if kind == EventKind.WORKSHOP else 80,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                organisers=[core],
            )
        )
    for step in STEPS:
        import_string(step)(demo=demo)
    return demo
