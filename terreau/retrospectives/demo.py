# ruff: noqa: E501 (French demo sentences)
"""Demo data of retrospectives, for `terreau.demo.data` to call once the communities exist:

from terreau.retrospectives import demo as retrospectives_demo
retrospectives_demo.demo_load(running=running, closed=closed)

The closed community ("tourisme-durable") gets the retrospective of its close, ended, with about
fifteen cards over the five columns, two groups, the members' votes and its record. Being closed,
it takes no write through the services: its rows are made directly, dated before the close. The
running community gets one retrospective open for cards, a few posted, through the services.
"""

import random
from datetime import timedelta

from django.utils import timezone

from terreau.communities.models import Community, Membership, RoleKind
from terreau.core.models import Visibility

from . import services
from .models import Card, CardGroup, Retrospective, Vote

# (column, text, group key or None)
CLOSING_CARDS = [
    ("keep", "Les visites de terrain chez un GAL différent chaque trimestre", "terrain"),
    ("keep", "Les journées d'échange en vrai, avec un repas du terroir", "terrain"),
    ("keep", "La fiche bonne pratique « randonnée et hébergement » : tout le monde s'en sert", None),
    ("keep", "Le message du lundi : court, toujours utile", None),
    ("stop", "Les réunions en visio de deux heures le vendredi après-midi", None),
    ("stop", "Refaire chacun de son côté les mêmes dossiers de subsides", None),
    ("add", "Un annuaire des guides nature et des hébergeurs partenaires", None),
    ("add", "Associer les maisons du tourisme dès la conception des projets", None),
    ("add", "Un budget commun pour les traductions en néerlandais et en anglais", None),
    ("more", "Des échanges avec les GAL flamands et français", "ouverture"),
    ("more", "Inviter des communautés proches (mobilité, circuits courts)", "ouverture"),
    ("more", "Des retours chiffrés sur la fréquentation des itinéraires", None),
    ("less", "Les documents de 40 pages que personne ne lit", None),
    ("less", "Les questions restées sans réponse sur le fil", None),
    ("less", "Les changements de date des rencontres au dernier moment", None),
]
GROUPS = {
    "terrain": ("keep", "Se voir sur le terrain"),
    "ouverture": ("more", "S'ouvrir aux autres réseaux"),
}
# Votes spread by the members: card index (or group key) -> votes.
VOTES = {"terrain": 9, 2: 5, 4: 6, 5: 4, 6: 7, 7: 3, "ouverture": 6, 11: 2, 12: 4, 13: 3}

CLOSING_RECORD = """Rétrospective de clôture de la communauté Tourisme durable, menée à la dernière rencontre.

## Garder

- **Se voir sur le terrain** (9 votes) : les visites chez un GAL différent chaque trimestre et les journées d'échange en vrai ont fait la communauté.
- **La fiche bonne pratique « randonnée et hébergement »** (5 votes) : à transmettre telle quelle.

## Arrêter

- **Les visios de deux heures le vendredi** (6 votes) : une heure, en matinée, suffit.
- **Refaire chacun les mêmes dossiers de subsides** (4 votes) : mutualiser un modèle.

## Ajouter

- **Un annuaire des guides nature et des hébergeurs partenaires** (7 votes).
- **Associer les maisons du tourisme dès la conception** (3 votes).

## Plus de

- **S'ouvrir aux autres réseaux** (6 votes) : GAL flamands et français, communautés proches.

## Moins de

- **Les documents trop longs** (4 votes) : une page, des liens.
- **Les questions sans réponse** (3 votes).

## Ce que nous transmettons

La base documentaire et cette rétrospective vont à la Fédération des GAL, qui lance une communauté « Tourisme et patrimoine » pour la programmation suivante : l'annuaire et l'ouverture aux autres réseaux seront ses premiers chantiers.
"""

OPEN_CARDS = [
    ("membre", "keep", "Les tournées de livraison mutualisées entre producteurs"),
    ("observateur", "keep", "Le mémo d'accueil des nouveaux membres"),
    ("noyau", "stop", "Les réunions sans ordre du jour envoyé à l'avance"),
    ("membre", "add", "Une visite d'une légumerie collective"),
    ("animatrice", "more", "Des retours des cantines sur les produits livrés"),
    ("observateur", "less", "Les courriels en copie à tout le monde"),
]


def demo_load(*, running: Community, closed: Community) -> None:
    _closing_retrospective(closed)
    _open_retrospective(running)


def _facilitator(community: Community):
    membership = (
        Membership.objects.filter(
            community=community,
            status=Membership.Status.ACTIVE,
            role_assignments__role__kind=RoleKind.FACILITATION,
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _closing_retrospective(community: Community) -> None:
    rng = random.Random(15)
    members = [
        m.user
        for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    ]
    facilitator = _facilitator(community) or members[0]
    ended = timezone.now() - timedelta(days=20)
    retrospective = Retrospective.objects.create(
        community=community,
        title="Si c'était à refaire : la clôture de Tourisme durable",
        status=Retrospective.Status.DONE,
        visibility=Visibility.MEMBERS,
        votes_per_member=5,
        record=CLOSING_RECORD.strip(),
        created_by=facilitator,
        ended_at=ended,
        recorded_at=ended + timedelta(days=1),
        recorded_by=facilitator,
        version=12,
    )
    groups = {
        key: CardGroup.objects.create(retrospective=retrospective, column=column, title=title)
        for key, (column, title) in GROUPS.items()
    }
    cards = Card.objects.bulk_create(
        Card(
            retrospective=retrospective,
            column=column,
            text=text,
            group=groups.get(key) if key else None,
            author=rng.choice(members),
        )
        for column, text, key in CLOSING_CARDS
    )
    ballots = []
    voters = list(members)
    for target, count in VOTES.items():
        on = {"group": groups[target]} if isinstance(target, str) else {"card": cards[target]}
        for voter in rng.sample(voters, min(count, len(voters))):
            ballots.append(Vote(retrospective=retrospective, voter=voter, **on))
    Vote.objects.bulk_create(ballots)
    Retrospective.objects.filter(pk=retrospective.pk).update(created_at=ended - timedelta(days=14))
    Card.objects.filter(retrospective=retrospective).update(created_at=ended - timedelta(days=10))


def _open_retrospective(community: Community) -> None:
    facilitator = _facilitator(community)
    if facilitator is None:
        return
    retrospective = services.retrospective_open(
        actor=facilitator,
        community=community,
        title="Six mois après le lancement : si c'était à refaire",
        votes_per_member=5,
    )
    people = {
        m.user.email.split("@")[0]: m.user
        for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")
        if m.user.email.endswith("@terreau.test")
    }
    for who, column, text in OPEN_CARDS:
        author = people.get(who, facilitator)
        services.card_post(actor=author, retrospective=retrospective, column=column, text=text)
