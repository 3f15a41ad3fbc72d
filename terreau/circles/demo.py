"""Demo data of the circles, for `terreau.demo.data` to call on the running community.

    from terreau.circles import demo as circles_demo
    circles_demo.demo_load(community=community, core=membership_of_a_core_member)

The core team's circle; a steering circle (« Cercle de pilotage ») above two working groups,
logistics and school canteens, and a project nested in the logistics group; members,
coordinators, lead links and representatives; the groups' information. The demo (above the
features) then ties the groups' knowledge activities, questions and meetings to them.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.communities.models import Community, Membership

from .models import Circle, CircleKind, CircleMember, CircleRequest, Joining
from .services import core_team_circle

LOGISTICS_INFORMATION = """**Prochaine étape** : comparer les trois tournées mutualisées testées en Condroz, en Famenne
et dans l'Entre-Sambre-et-Meuse, et en tirer une fiche bonne pratique.

- Réunion du groupe : le deuxième jeudi du mois, en visio (lien dans le calendrier).
- Tableau des tournées : voir la base documentaire, activité « Groupe de travail logistique ».
- Contact : Marc Dubois, coordinateur du groupe."""

CANTEENS_INFORMATION = """Nous accompagnons les communes qui veulent introduire des produits locaux dans leurs
cantines scolaires et leurs maisons de repos.

**En cours** : un modèle de cahier des charges pour les marchés publics (clauses de fraîcheur et de
saisonnalité), relu par la cellule marchés publics de la Province. Toute expérience de cantine est bienvenue :
posez vos questions dans les échanges en choisissant le groupe."""


def _members(community: Community) -> list[Membership]:
    return list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(engagement=Membership.Engagement.OBSERVER)
        .select_related("user")
        .order_by("pk")
    )


def demo_load(*, community: Community, core: Membership) -> dict[str, Circle]:
    people = _members(community)
    by_email = {member.user.email.split("@")[0]: member for member in people}
    animatrice = by_email.get("animatrice", core)
    membre = by_email.get("membre", people[-1])
    others = [member for member in people if member not in (core, animatrice, membre)]
    now = timezone.now()
    core_circle = core_team_circle(community)
    core_circle.purpose = "Porter la communauté, ses rôles et son cadre ; proposer et ajuster sa structure."
    core_circle.save(update_fields=["purpose"])
    steering = Circle.objects.create(
        community=community,
        kind=CircleKind.STEERING,
        name="Cercle de pilotage",
        purpose="Relier les groupes de travail entre eux et au noyau dur ; arbitrer les priorités du plan d'action.",
        parent=core_circle,
        joining=Joining.APPOINTED,
        visibility="members",
        lead_link=core,
        created_by=core.user,
    )
    logistics = Circle.objects.create(
        community=community,
        name="Groupe Logistique des circuits courts",
        purpose="Mutualiser le transport et le stockage des producteurs pour livrer plus loin, moins cher.",
        parent=steering,
        joining=Joining.OPEN,
        visibility="public",
        information=LOGISTICS_INFORMATION,
        information_updated_at=now - timedelta(days=6),
        lead_link=animatrice,
        created_by=core.user,
    )
    canteens = Circle.objects.create(
        community=community,
        name="Groupe Cantines et restauration collective",
        purpose="Faire entrer les produits locaux dans les cantines des écoles et des maisons de repos.",
        parent=steering,
        joining=Joining.ON_REQUEST,
        visibility="members",
        information=CANTEENS_INFORMATION,
        information_updated_at=now - timedelta(days=12),
        lead_link=core,
        created_by=core.user,
    )
    hall = Circle.objects.create(
        community=community,
        kind=CircleKind.PROJECT,
        name="Projet Halle fermière de Ciney",
        purpose="Ouvrir une halle fermière partagée par une vingtaine de producteurs du Condroz.",
        parent=logistics,
        joining=Joining.ON_REQUEST,
        visibility="members",
        lead_link=core,
        created_by=core.user,
    )
    rows = [
        (steering, core, True),
        (steering, animatrice, False),
        (logistics, core, True),
        (logistics, membre, False),
        (canteens, animatrice, True),
        (hall, core, True),
    ]
    rows += [(logistics, member, False) for member in others[:7]]
    rows += [(canteens, member, False) for member in others[5:11]]
    rows += [(hall, member, False) for member in others[2:5]]
    rows += [(steering, member, False) for member in others[11:12]]
    CircleMember.objects.bulk_create(
        CircleMember(circle=circle, membership=member, is_coordinator=coordinator)
        for circle, member, coordinator in rows
    )
    # The representatives each group elected into the steering circle.
    logistics.representative = membre
    canteens.representative = others[6] if len(others) > 6 else animatrice
    Circle.objects.bulk_update([logistics, canteens], ["representative"])
    if len(others) > 12:
        CircleRequest.objects.create(
            circle=canteens, membership=others[12], message="Je travaille avec deux cantines à Rochefort."
        )
    return {"core_team": core_circle, "steering": steering, "logistics": logistics, "canteens": canteens, "hall": hall}
