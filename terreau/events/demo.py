"""Demo data of the events, for `terreau.demo.data` to call on the running community.

    from terreau.events import demo as events_demo
    events_demo.demo_load(community=community, core=membership_of_a_core_member)

A year of monthly meetings, "le premier mardi du mois", from about ten months ago to three
months ahead: one cancelled (with its reason), the next one's cancellation refused by the rule
(kept in the series' history; the meeting took place). Plus a workshop and the yearly gathering.

The other parts of the events (attendance, minutes...) add theirs with a step in `STEPS`: a
dotted path to a function called as `step(demo=DemoEvents)` once the events exist.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.knowledge import services as knowledge_services
from terreau.knowledge.models import KnowledgeItem

from .models import Event, EventKind, History, Registration, Series
from .services import agenda as agenda_services
from .services import events as event_services
from .services import minutes as minutes_services
from .services import series as series_services
from .services.common import local_datetime, zone

# Functions of the other parts of the events that add to the demo (attendance, minutes...).
# Keep the minutes last: they read the attendance.
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


# Registrations and attendance (attend) --------------------------------------------------------


def demo_attendance(
    events: Iterable[Event], memberships: Iterable[Membership], *, seed: int = 7, now: datetime | None = None
) -> int:
    """Register members to `events` (not the cancelled ones) and record attendance for the past
    ones; returns the number of registrations written. Written straight, like a year of use."""
    rng = random.Random(seed)
    now = now or timezone.now()
    people = [membership.user_id for membership in memberships]
    rows: list[Registration] = []
    recorded: list[Event] = []
    for event in events:
        if event.is_cancelled or not people:
            continue
        share = rng.uniform(0.35, 0.6)  # of the members, how many register to a meeting
        wanted = rng.sample(people, max(1, round(len(people) * share)))
        places = len(wanted) if event.capacity is None else min(event.capacity, len(wanted))
        registered, waiting = wanted[:places], wanted[places:]
        others = [user_id for user_id in people if user_id not in set(wanted)]
        past = event.starts_at < now
        for user_id in registered:
            rows.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    status=Registration.Status.REGISTERED,
                    attended=(rng.random() < 0.8) if past else None,
                )
            )
        for user_id in waiting:
            rows.append(Registration(event=event, user_id=user_id, status=Registration.Status.WAITING))
        if past:
            for user_id in rng.sample(others, min(len(others), rng.choice([0, 1, 1, 2]))):
                rows.append(
                    Registration(event=event, user_id=user_id, status=Registration.Status.WALK_IN, attended=True)
                )
            event.guests_count = rng.choice([0, 0, 1, 2, 3])
            event.attendance_recorded_at = event.ends_at
            recorded.append(event)
    Registration.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    Event.objects.bulk_update(recorded, ["guests_count", "attendance_recorded_at"], batch_size=500)
    return len(rows)


def attendance_step(*, demo: DemoEvents) -> None:
    """The demo's step: members register to the meetings and workshops; the past ones are attended."""
    members = Membership.objects.filter(community=demo.community, status=Membership.Status.ACTIVE)
    # Read again: the list's objects predate the cancellations.
    events = Event.objects.filter(pk__in=[event.pk for event in demo.meetings + demo.one_offs]).order_by("starts_at")
    demo_attendance(events, members)


STEPS.append("terreau.events.demo.attendance_step")
# ---------------------------------------------------------------------------------------------
# Agendas and minutes (engineer "agenda"): the templates' agendas, minutes for most past meetings.

# What was said, per item of the monthly meeting's template (the rest get a line of their own).
SAID = {
    "monthly_welcome": "Tour de table : {n} personnes présentes, dont deux nouvelles venues du GAL Famenne.",
    "monthly_follow_up": "La carte des points de vente avance ; la logistique mutualisée attend le retour des "
    "transporteurs. Besoin d'aide pour relancer les cantines de Ciney.",
    "monthly_topic": "Retour d'expérience sur les paniers collectifs : les commandes groupées réduisent les "
    "trajets de moitié, à condition de fixer un jour de livraison stable.",
    "monthly_next": "Prochaine rencontre le premier mardi du mois ; sujet proposé : la fixation des prix.",
    # The launch day's (the guide's template).
    "expectations": "Tour des attentes : {n} personnes présentes veulent surtout des contacts entre GAL et des "
    "exemples qui marchent, sans réunion de trop.",
    "purpose": "Raison d'être validée : partager entre GAL ce qui fait vivre les circuits courts. Le périmètre "
    "reste la Wallonie, du producteur à l'assiette.",
    "working_together": "Une rencontre le premier mardi du mois, un message chaque semaine, la base documentaire "
    "pour les fiches ; la charte sera proposée par le noyau dur.",
    "roles": "Sophie anime, Nathalie tient la base documentaire, Marc s'occupe de la logistique des rencontres.",
    "thematic_work": "Trois chantiers retenus : la logistique mutualisée, les cantines scolaires, le prix juste.",
    "action_plan": "Plan à 3 mois : cartographier les points de vente, visiter Paysans-Artisans, contacter les "
    "cantines de Ciney.",
}
FOLLOW_UPS = "- Julie relance les cantines\n- Marc partage le tableur des points de vente"


def demo_launch_day(*, actor: User, community: Community, starts_at: datetime, place: str = "") -> Event:
    """The launch day, with the guide's agenda, some items led by members."""
    event = event_services.event_create(
        actor=actor,
        community=community,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=agenda_services.template_minutes(EventKind.LAUNCH_DAY)),
        kind=EventKind.LAUNCH_DAY,
        title="Journée de lancement",
        place=place,
        visibility=Visibility.MEMBERS,
    )
    leads = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("-is_core_team", "pk")[:3]
    )
    for n, item in enumerate(event.agenda_items.exclude(guide_key="lunch").order_by("position")):
        if leads:
            item.lead = leads[n % len(leads)]
            item.save(update_fields=["lead"])
    # Planned a month before, attended by the members of the time (the minutes count them).
    History.objects.filter(event=event).update(at=starts_at - timedelta(days=30))
    demo_attendance([event], Membership.objects.filter(community=community, status=Membership.Status.ACTIVE), seed=3)
    return Event.objects.get(pk=event.pk)


def demo_agendas(events: Iterable[Event]) -> int:
    """Each event with an empty agenda takes its kind's template; returns how many got one."""
    given = 0
    for event in events:
        if agenda_services.start_from_template(event):
            given += 1
    return given


def demo_minutes(events: Iterable[Event], *, actor: User, skip_every: int = 5, now: datetime | None = None) -> int:
    """Minutes for most past meetings (all but one in `skip_every`, so that the reminders have
    something to remind): written from the event, filled in and published, dated two days after
    the meeting (the feed lines announcing them are the caller's to date). Returns how many."""
    now = now or timezone.now()
    past = [event for event in events if event.ends_at < now and not event.is_cancelled and not event.minutes_id]
    written = 0
    for n, event in enumerate(sorted(past, key=lambda e: e.starts_at), start=1):
        if skip_every and n % skip_every == 0:
            continue
        memo = minutes_services.minutes_write(actor=actor, event=event)
        attended = event.registrations.filter(attended=True).count() + event.guests_count
        sections = []
        for timed in agenda_services.agenda_of(event).items:
            if timed.item.guide_key == "lunch":
                continue
            said = SAID.get(timed.item.guide_key, "Échanges notés par l'animatrice.")
            sections.append(f"## {timed.item.display_title}\n\n{said.format(n=attended or 'quelques')}")
        fields = {**memo.fields, "learned": "\n\n".join(sections) or memo.fields["learned"], "follow_ups": FOLLOW_UPS}
        knowledge_services.item_update(
            actor=actor,
            item=memo,
            base_version=memo.version,
            title=memo.title,
            fields=fields,
            themes=list(memo.themes.all()),
            activity=memo.activity,
            visibility=memo.visibility,
        )
        knowledge_services.item_set_status(actor=actor, item=memo, action="publish")
        # Written in the days after the meeting, not all today.
        when = min(event.ends_at + timedelta(days=2), now)
        KnowledgeItem.objects.filter(pk=memo.pk).update(created_at=when, updated_at=when, published_at=when)
        written += 1
    return written


def demo_agendas_and_minutes(*, demo: DemoEvents) -> None:
    """A step of `demo_load`: every demo event gets its kind's agenda, most past ones their minutes."""
    events = [*demo.meetings, *demo.one_offs]
    demo_agendas(events)
    demo_minutes([Event.objects.get(pk=event.pk) for event in events], actor=demo.core.user)


# After the attendance: the minutes name who came.
STEPS.append("terreau.events.demo.demo_agendas_and_minutes")
