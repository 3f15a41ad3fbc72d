"""Reads of the close phase: the state of the guide's four dimensions, in a few queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from terreau import permissions
from terreau.archive.models import Archive, Scope
from terreau.communities.models import Community
from terreau.events.models import Event, EventKind
from terreau.retrospectives.models import Retrospective

from .models import Closure, Recipient, Recognition


def url_or_none(name: str, *args) -> str | None:
    """The address of a page another app may not have yet (a parallel branch adds it)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@dataclass
class Checklist:
    archives: dict = field(default_factory=dict)  # scope -> the latest Archive (any status) or None
    ready: dict = field(default_factory=dict)  # scope -> the latest ready Archive or None
    recipients: int = 0
    given: int = 0
    retrospectives_done: int = 0
    retrospectives: int = 0
    recognition: Recognition | None = None
    celebrations: list = field(default_factory=list)
    closure: Closure | None = None

    @property
    def transfer_done(self) -> bool:
        return bool(self.ready.get(Scope.PUBLIC) or self.ready.get(Scope.MEMBERS)) and self.given > 0

    @property
    def archive_lines(self) -> list[tuple]:
        """(scope, label, the latest built, the latest asked for) of each scope."""
        return [(scope, label, self.ready.get(scope), self.archives.get(scope)) for scope, label in Scope.choices]

    @property
    def celebration(self):
        return self.celebrations[0] if self.celebrations else None


def checklist(user, community: Community) -> Checklist:
    found = Checklist()
    # The last few archives of each scope (one query): the latest, and the latest built.
    for archive in Archive.objects.filter(community=community).order_by("-requested_at", "-pk")[:20]:
        found.archives.setdefault(archive.scope, archive)
        if archive.status == Archive.Status.READY and archive.file:
            found.ready.setdefault(archive.scope, archive)
    counts = Recipient.objects.filter(community=community).aggregate(
        total=Count("pk"), given=Count("pk", filter=Q(given_at__isnull=False, revoked_at__isnull=True))
    )
    found.recipients, found.given = counts["total"], counts["given"]
    retros = Retrospective.objects.filter(community=community).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Retrospective.Status.DONE))
    )
    found.retrospectives, found.retrospectives_done = retros["total"], retros["done"]
    found.recognition = Recognition.objects.filter(community=community).first()
    found.celebrations = list(
        permissions.visible(
            user,
            community,
            Event.objects.filter(community=community, kind=EventKind.CELEBRATION, status=Event.Status.SCHEDULED),
        ).order_by("-starts_at")[:3]
    )
    found.closure = Closure.objects.filter(community=community).first()
    return found


def recipients(community: Community):
    return Recipient.objects.filter(community=community).order_by("organisation", "pk")


def stakeholders_to_add(community: Community):
    """The stakeholder map's organisations not in the transfer list yet."""
    from terreau.definition.models import Stakeholder

    taken = Recipient.objects.filter(community=community, stakeholder_id__isnull=False).values("stakeholder_id")
    return Stakeholder.objects.filter(community=community).exclude(pk__in=taken).order_by("organisation", "name")
