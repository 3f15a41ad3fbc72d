# ruff: noqa: E501 (French demo sentences)
"""Demo data of the knowledge base, for `terreau.core.demo` to call on the running community.

from terreau.knowledge import demo as knowledge_demo
knowledge_demo.demo_load(community=community, core=membership_of_a_core_member)
"""

import random
from datetime import timedelta

from django.utils import timezone

from terreau.communities.models import Community, Membership

from . import services
from .models import ActivityTag, ContributorInterview, Handover, ItemStatus, KnowledgeItem

THEMES = ["Vente directe", "Logistique", "Cantines", "Marchés fermiers", "Transformation", "Communication"]
ACTIVITIES = [
    ("Groupe de travail logistique", ActivityTag.Kind.WORKING_GROUP),
    ("Groupe de travail cantines", ActivityTag.Kind.WORKING_GROUP),
    ("Rencontre annuelle des producteurs", ActivityTag.Kind.EVENT),
    ("Projet Halle fermière de Ciney", ActivityTag.Kind.PROJECT),
    ("Projet Tournées mutualisées", ActivityTag.Kind.PROJECT),
]


def _gp(for_whom, why, benefits, practice, attention="", proven=False, evidence=""):
    return {
        "for_whom": for_whom,
        "why": why,
        "key_benefits": benefits,
        "in_practice": practice,
        "points_of_attention": attention,
        "standing": "proven" if proven else "idea",
        "evidence": evidence,
        "contact_name": "",
        "contact_email": "",
    }


# (type, title, fields, body, themes, activity index or None, visibility, status)
ITEMS = [
    (
        "good_practice",
        "Tournées de livraison mutualisées entre producteurs",
        _gp(
            "Producteurs livrant des magasins et des cantines dans un rayon de 30 km",
            "Chaque producteur faisait seul ses livraisons : trop de kilomètres pour de petits volumes.",
            "- Deux fois moins de kilomètres\n- Un coût partagé du camion frigorifique\n- Des clients livrés à heure fixe",
            "Un calendrier partagé des tournées, un point de regroupement par commune, une facturation au kilo transporté.",
            "Se mettre d'accord sur les horaires avant d'acheter le véhicule.",
            True,
            "Suivi sur 12 mois : 38 % de kilomètres en moins pour les 7 producteurs du groupe.",
        ),
        "",
        [1, 0],
        4,
        "public",
        "published",
    ),
    (
        "good_practice",
        "Un cahier des charges de cantine qui favorise les produits locaux",
        _gp(
            "Communes et CPAS qui gèrent une cantine scolaire",
            "Les marchés publics semblent interdire de choisir des producteurs locaux.",
            "- Des critères de fraîcheur et de saison\n- Des lots assez petits pour les producteurs",
            "Allotir le marché par famille de produits, exiger des livraisons fréquentes, noter la saisonnalité.",
            "Faire relire le cahier des charges par le service juridique de la commune.",
            True,
            "Trois communes du GAL l'utilisent ; 45 % de produits locaux dans les repas en 2024.",
        ),
        "",
        [2],
        1,
        "public",
        "published",
    ),
    (
        "good_practice",
        "Un marché fermier du soir en été",
        _gp(
            "Producteurs et communes qui veulent toucher les familles qui travaillent",
            "Les marchés du samedi matin n'attirent que les retraités.",
            "- Un public plus jeune\n- Un moment convivial",
            "Un marché de 17 h à 21 h le vendredi, de juin à septembre, avec un food-truck et de la musique.",
            "Prévoir l'éclairage dès fin août.",
        ),
        "",
        [3, 0],
        2,
        "members",
        "published",
    ),
    (
        "good_practice",
        "Une chambre froide partagée dans un hall relais agricole",
        _gp(
            "Maraîchers et éleveurs sans stockage frigorifique",
            "Investir seul dans une chambre froide n'est pas rentable.",
            "- Un investissement partagé\n- Des produits mieux conservés",
            "Une convention d'usage, un planning en ligne, un relevé de température hebdomadaire.",
        ),
        "",
        [1],
        0,
        "members",
        "draft",
    ),
    (
        "lessons_learned",
        "Leçons apprises : la Halle fermière de Ciney",
        {
            "project": "Halle fermière de Ciney",
            "what_worked": "La coopération entre les 14 producteurs, grâce à une charte signée dès le départ.",
            "what_worked_less": "La communication vers les habitants : la halle est restée peu connue la première année.",
            "do_differently": "Impliquer la commune et l'office du tourisme dès la conception.",
            "top_points": "Un noyau de producteurs motivés\nUne charte claire\nUn lieu central et visible\n"
            "Des horaires stables\nUn budget communication dès le départ\nUne gestion tournante des permanences",
            "contacts": "- Coopérative Paysans-Artisans\n- ADL de Ciney\n- Réseau wallon de développement rural",
        },
        "",
        [3, 0],
        3,
        "members",
        "published",
    ),
    (
        "lessons_learned",
        "Leçons apprises : le premier an des tournées mutualisées",
        {
            "project": "Tournées mutualisées",
            "what_worked": "Le calendrier partagé et la facturation au kilo.",
            "what_worked_less": "Le remplacement des chauffeurs pendant les vacances.",
            "do_differently": "Former deux chauffeurs de réserve dès le début.",
            "top_points": "Commencer petit\nMesurer les kilomètres\nUn seul coordinateur\nRevoir les tournées chaque saison",
            "contacts": "Le groupe de travail logistique.",
        },
        "",
        [1],
        4,
        "members",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : rencontre avec les cuisiniers de collectivités",
        {
            "held_on": "2025-02-11",
            "participants": "8 cuisiniers, 5 producteurs, l'animatrice",
            "learned": "Les cuisiniers veulent des légumes épluchés ; la légumerie partagée est la vraie question.",
            "follow_ups": "Étudier une légumerie avec le GAL voisin.",
        },
        "",
        [2],
        1,
        "members",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : échange avec les marchés fermiers de Famenne",
        {
            "held_on": "2025-04-03",
            "participants": "Les placiers de 4 marchés",
            "learned": "Un règlement de marché commun évite les conflits entre revendeurs et producteurs.",
            "follow_ups": "Partager notre règlement.",
        },
        "",
        [3],
        2,
        "members",
        "published",
    ),
    (
        "watch_item",
        "Appel à projets : alimentation durable en Wallonie",
        {
            "link": "https://www.wallonie.be/",
            "source": "Service public de Wallonie",
            "published_on": "2025-03-01",
            "digest": "Un appel qui finance la logistique des circuits courts : nos tournées mutualisées sont éligibles.",
        },
        "",
        [1, 0],
        None,
        "public",
        "published",
    ),
    (
        "watch_item",
        "Étude sur les consommateurs des circuits courts",
        {
            "link": "https://example.org/etude-circuits-courts",
            "source": "Observatoire de la consommation",
            "published_on": "2024-11-15",
            "digest": "Le prix n'est pas le premier frein : c'est la difficulté de trouver les points de vente.",
        },
        "",
        [0, 5],
        None,
        "public",
        "published",
    ),
    (
        "article",
        "Check-list : ouvrir un point de vente collectif",
        {},
        "## Avant\n\n- Réunir au moins 6 producteurs\n- Écrire une charte\n\n## Pendant\n\n"
        "- Tenir un planning des permanences\n- Évaluer les ventes chaque mois",
        [0],
        3,
        "public",
        "published",
    ),
    (
        "article",
        "Synthèse : communiquer sur un marché fermier",
        {},
        "Une affiche ne suffit pas : les habitants viennent quand un voisin leur en parle. "
        "Les réseaux sociaux de la commune et l'école sont les meilleurs relais.",
        [5, 3],
        None,
        "members",
        "published",
    ),
    (
        "article",
        "Compte rendu du groupe cantines, mars",
        {},
        "Le groupe a comparé trois cahiers des charges et choisi celui de Gesves comme modèle.",
        [2],
        1,
        "core_team",
        "published",
    ),
]


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(4)
    actor = core.user
    themes = [services.theme_create(actor=actor, community=community, name=name) for name in THEMES]
    activities = [
        services.activity_create(actor=actor, community=community, name=name, kind=kind) for name, kind in ACTIVITIES
    ]
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")[:12]
    )
    created = []
    for item_type, title, fields, body, theme_indexes, activity, visibility, status in ITEMS:
        author = rng.choice(members) if members else core
        item = services.item_create(
            actor=author.user,
            community=community,
            type=item_type,
            title=title,
            fields=fields,
            body=body,
            themes=[themes[index] for index in theme_indexes],
            activity=activities[activity] if activity is not None else None,
            visibility=visibility,
            contact=rng.choice(members) if item_type == "good_practice" and members else None,
        )
        if status != ItemStatus.DRAFT:
            services.item_set_status(actor=actor, item=item, action="publish")
        created.append(item)
    # Some items are old: the review list has something to show.
    KnowledgeItem.objects.filter(pk__in=[created[7].pk, created[9].pk]).update(
        updated_at=timezone.now() - timedelta(days=420)
    )
    services.interview_save(
        actor=actor,
        interview=ContributorInterview(
            community=community,
            interviewee=members[1] if len(members) > 1 else core,
            interviewer=core,
            held_on=timezone.localdate() - timedelta(days=40),
            questions_answers="## Qu'est-ce qui a fait réussir les tournées ?\n\nUn seul coordinateur, "
            "et des kilomètres mesurés dès le premier mois.\n\n## Que conseilleriez-vous ?\n\nCommencer petit.",
        ),
        items=[created[0], created[5]],
    )
    services.handover_save(
        actor=actor,
        handover=Handover(
            community=community,
            title="Halle fermière",
            held_on=timezone.localdate() - timedelta(days=20),
            finishing_team="Les producteurs de la Halle fermière de Ciney",
            starting_teams="Le GAL Entre-Sambre-et-Meuse, qui prépare une halle à Philippeville",
            questions="- Quel statut juridique ?\n- Combien de producteurs au départ ?",
            answers="- Une coopérative, pour partager les risques.\n- Au moins six, sinon les permanences épuisent.",
        ),
        lessons=[created[4]],
    )
