"""Demo data of the events' agendas and minutes: a launch day from the guide's template, the
templates' agendas on the demo meetings, and minutes written for most past meetings.

The meetings themselves (a year of monthly meetings) come from the events' own demo; these
functions take events as input.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.knowledge import services as knowledge_services
from terreau.knowledge.models import KnowledgeItem

from .models import Event, EventKind
from .services import agenda as agenda_services
from .services import events as event_services
from .services import minutes as minutes_services

# What was said, per item of the monthly meeting's template (the rest get a line of their own).
SAID = {
    "monthly_welcome": "Tour de table : {n} personnes présentes, dont deux nouvelles venues du GAL Famenne.",
    "monthly_follow_up": "La carte des points de vente avance ; la logistique mutualisée attend le retour des "
    "transporteurs. Besoin d'aide pour relancer les cantines de Ciney.",
    "monthly_topic": "Retour d'expérience sur les paniers collectifs : les commandes groupées réduisent les "
    "trajets de moitié, à condition de fixer un jour de livraison stable.",
    "monthly_next": "Prochaine rencontre le premier mardi du mois ; sujet proposé : la fixation des prix.",
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
    return event


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
