# ruff: noqa: E501 (French demo sentences)
"""Demo data of the close phase, for `terreau.demo.data` to call on the closed community.

from terreau.closing import demo as closing_demo
closing_demo.demo_load(community=closed_community, core=membership_of_a_core_member)

The community is already closed: rows are written directly (the services refuse writes to a
closed community). A published, public recognition document; two organisations, one given the
archive and one a read access; the closing celebration, in the past; the close recorded with its
members told; and the public and members' archives, built now when the archive's builder is there.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from terreau.archive import services as archive_services
from terreau.archive.models import Archive, Scope
from terreau.communities.models import Community, Membership, RoleAssignment
from terreau.events.models import Event, EventKind

from .models import Closure, Recipient, Recognition

RECOGNITION = """Merci à toutes celles et tous ceux qui ont porté la communauté Tourisme durable pendant la programmation 2019-2023.

## Raison d'être

Réunir les GAL porteurs de projets de tourisme durable pour partager ce qui marche — hébergement, randonnée, patrimoine — et éviter que chacun réinvente la roue dans son territoire.

## Chiffres

- {members} membres, dont une dizaine de piliers actifs jusqu'au bout
- 14 rencontres mensuelles et une journée annuelle à Durbuy
- 23 fiches publiées dans la base documentaire
- 41 questions posées, toutes répondues

## Pratiques principales

- La charte qualité des hébergements à la ferme, reprise par trois maisons du tourisme
- Le balisage partagé des itinéraires de randonnée entre GAL voisins
- Les « Rendez-vous du patrimoine », visites guidées par les habitant·es

## Leçons apprises

- Un projet touristique se construit avec les hébergeurs dès le départ, pas après
- Les itinéraires transfrontaliers demandent une convention écrite entre les communes
- Sans animateur·rice dédié·e, le rythme mensuel s'essouffle au bout de six mois

## Décisions

- Adoption de la charte de la communauté par consentement
- Transfert des connaissances au Commissariat général au tourisme à la clôture

## Contributeurs et contributrices remercié·es

{people}

Tout reste lisible ici, et l'archive de la communauté est à télécharger depuis sa page Archive.
"""


def demo_load(*, community: Community, core: Membership) -> dict:
    now = timezone.now()
    closed_at = now - timedelta(days=5)
    people = []
    for assignment in (
        RoleAssignment.objects.filter(membership__community=community)
        .select_related("membership__user", "role")
        .order_by("role__position", "pk")
    ):
        people.append(f"- **{assignment.membership.user.display_name}** : {assignment.role}")
    members = Membership.objects.filter(community=community).count()
    recognition = Recognition.objects.create(
        community=community,
        title="Merci : ce que Tourisme durable a accompli",
        text=RECOGNITION.format(members=members, people="\n".join(people) or "- Toute la communauté"),
        visibility="public",
        published_at=closed_at - timedelta(days=3),
        updated_by=core.user,
    )

    # The closing celebration, ten days before the close.
    starts = (closed_at - timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
    celebration = Event.objects.create(
        community=community,
        kind=EventKind.CELEBRATION,
        title="Fête de clôture : merci à toutes et tous",
        description="Un dernier verre ensemble au gîte de la Ferme du Bois, avec la projection des photos des randonnées.",
        place="Ferme du Bois, Durbuy",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        visibility="members",
        created_by=core.user,
    )
    celebration.organisers.add(core)

    given_at = closed_at + timedelta(days=1)
    recipients = [
        Recipient.objects.create(
            community=community,
            organisation="Commissariat général au tourisme",
            contact_name="Isabelle Renard",
            email="isabelle.renard@cgt.example.org",
            why="Reprend les fiches hébergement et randonnée dans son centre de ressources.",
            access=Recipient.Access.ARCHIVE,
            scope=Scope.PUBLIC,
            token=uuid.uuid4(),
            given_at=given_at,
            expires_at=given_at + timedelta(days=90),
            created_by=core.user,
        ),
        Recipient.objects.create(
            community=community,
            organisation="Maison du tourisme du Pays de Famenne",
            contact_name="Luc Gérard",
            email="luc.gerard@famenne.example.org",
            why="Veut consulter les leçons apprises avant son prochain projet de balisage.",
            access=Recipient.Access.READ,
            scope=Scope.PUBLIC,
            token=uuid.uuid4(),
            given_at=given_at,
            expires_at=given_at + timedelta(days=60),
            created_by=core.user,
        ),
    ]
    Community.objects.filter(pk=community.pk).update(closed_at=closed_at)
    community.closed_at = closed_at
    # Told already: building the archives below emails nobody.
    Closure.objects.update_or_create(
        community=community,
        defaults={"closed_by": core.user, "members_told_at": closed_at + timedelta(hours=2)},
    )
    archives = _archives_build(community, core)
    return {"recognition": recognition, "celebration": celebration, "recipients": recipients, "archives": archives}


def _archives_build(community: Community, core: Membership) -> list:
    """The public and members' archives, built now (the demo has no worker running yet)."""
    return [
        archive_services.build(Archive.objects.create(community=community, scope=scope, requested_by=core.user))
        for scope in (Scope.PUBLIC, Scope.MEMBERS)
    ]
