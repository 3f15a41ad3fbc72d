"""Demo data for the stakeholder map and the definition, for `terreau.demo.data` to call.

from terreau.definition import demo as definition_demo
definition_demo.demo_load(community=community, core=membership_of_a_core_member)
"""

from datetime import timedelta

from django.utils import timezone

from terreau.communities.models import Community, Membership

from .models import CommunityDefinition, ExistingNetwork, Objective, Stakeholder, StakeholderConversation

# name, organisation, kind, interest, influence, involve, visibility
STAKEHOLDERS = [
    ("Marie Dupont", "Commune de Gesves", "municipality", 4, 5, True, "members"),
    ("Cellule d'animation", "GAL Condroz-Famenne", "lag", 5, 4, True, "members"),
    ("Coopérative Paysans-Artisans", "", "producer", 5, 3, True, "members"),
    ("Ferme du Bois", "", "producer", 4, 2, True, "core_team"),
    ("Agence de développement local", "ADL Ciney", "public_body", 3, 4, False, "members"),
    ("Réseau wallon de développement rural", "", "network", 3, 5, True, "members"),
    ("Province de Namur", "Service agriculture", "public_body", 2, 5, False, "core_team"),
    ("Épicerie Le Panier", "", "business", 4, 1, False, "core_team"),
    ("Accueil Champêtre", "", "association", 2, 2, False, "members"),
    ("Luc Masson", "Université de Liège", "expert", 3, 2, True, "core_team"),
]

CONVERSATIONS = {
    "Marie Dupont": [
        (
            12,
            "Les cantines scolaires veulent plus de produits locaux mais les marchés publics font peur.",
            "Des exemples de cahiers des charges qui ont marché ailleurs.",
            "Rencontrer d'autres communes qui l'ont fait.",
        )
    ],
    "Coopérative Paysans-Artisans": [
        (
            30,
            "La logistique du dernier kilomètre coûte trop cher pour de petits volumes.",
            "Mutualiser des tournées de livraison avec d'autres producteurs.",
            "Un lieu pour échanger avec les GAL qui financent des projets de logistique.",
        ),
        (5, "", "Un inventaire des chambres froides partagées dans la région.", ""),
    ],
    "Cellule d'animation": [
        (
            20,
            "Chaque GAL recommence les mêmes études de faisabilité.",
            "Partager les études et les leçons apprises.",
            "Une rencontre par trimestre, pas plus.",
        )
    ],
}


def demo_load(*, community: Community, core: Membership) -> None:
    today = timezone.localdate()
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(
            community=community,
            name=name,
            organisation=organisation,
            kind=kind,
            interest=interest,
            influence=influence,
            involve=involve,
            visibility=visibility,
            contact=f"contact@{name.split()[-1].lower()}.be" if kind != "expert" else "",
        )
        for name, organisation, kind, interest, influence, involve, visibility in STAKEHOLDERS
    )
    by_name = {stakeholder.name: stakeholder for stakeholder in stakeholders}
    StakeholderConversation.objects.bulk_create(
        StakeholderConversation(
            stakeholder=by_name[name],
            held_on=today - timedelta(days=days_ago),
            membership=core if index % 2 == 0 else None,
            spoken_by="" if index % 2 == 0 else "Anne Lejeune (ADL Ciney)",
            challenges=challenges,
            needs=needs,
            expectations=expectations,
            created_by=core.user,
        )
        for name, conversations in CONVERSATIONS.items()
        for index, (days_ago, challenges, needs, expectations) in enumerate(conversations)
    )
    CommunityDefinition.objects.create(
        community=community,
        why="Les GAL portent chacun des projets de circuits courts mais apprennent peu les uns des autres. "
        "La communauté doit éviter de réinventer la roue et donner envie de coopérer.",
        objectives_summary="Surtout de l'**entraide** et des **pratiques éprouvées** ; un peu de contenu.",
        scope="Les circuits courts alimentaires en Wallonie, **du producteur à l'assiette** : logistique, "
        "vente directe, restauration collective. Le périmètre reste ouvert aux enjeux qui viendront.",
        unique_value="Le seul lieu où les GAL comparent ce qu'ils financent en circuits courts et en tirent "
        "des pratiques éprouvées, avec les producteurs.",
        permanent_members="Les chargé·es de mission circuits courts des GAL wallons.",
        guests="Des producteurs et coopératives, des expert·es en logistique et en marchés publics.",
        not_members="Les fournisseurs de la grande distribution ; les bureaux d'études qui vendent leurs services.",
        updated_by=core.user,
    )
    Objective.objects.bulk_create(
        [
            Objective(
                community=community,
                kind="mutual_help",
                goals="- Répondre en moins d'une semaine aux questions des GAL\n"
                "- Mettre en relation GAL et producteurs",
            ),
            Objective(
                community=community,
                kind="proven_practices",
                goals="Formaliser **cinq pratiques éprouvées** par an (logistique, cantines, marchés fermiers).",
            ),
        ]
    )
    ExistingNetwork.objects.bulk_create(
        [
            ExistingNetwork(
                community=community,
                name="Réseau wallon de développement rural",
                url="https://www.reseau-pwdr.be",
                relation="Anime tout le développement rural : nous sommes sa communauté thématique circuits courts.",
                brings="Une tribune lors de ses rencontres, des contacts dans tous les GAL et un relais de nos appels.",
            ),
            ExistingNetwork(
                community=community,
                name="Collège des producteurs",
                url="https://www.collegedesproducteurs.be",
                relation="Représente les producteurs ; partenaire pour les contenus techniques.",
                brings="Des fiches techniques, des experts filière à inviter et son annuaire de producteurs.",
            ),
        ]
    )
