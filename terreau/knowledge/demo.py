# ruff: noqa: E501 (French demo sentences)
"""Demo data of the knowledge base, for `terreau.demo.data` to call on the running community.

from terreau.knowledge import demo as knowledge_demo
knowledge_demo.demo_load(community=community, core=membership_of_a_core_member)
"""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from terreau.communities import services as communities
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


def _ll(project, worked, less, differently, points, contacts=""):
    return {
        "project": project,
        "what_worked": worked,
        "what_worked_less": less,
        "do_differently": differently,
        "top_points": "\n".join(points),
        "contacts": contacts,
    }


def _memo(held_on, participants, learned, follow_ups=""):
    return {"held_on": held_on, "participants": participants, "learned": learned, "follow_ups": follow_ups}


def _watch(link, source, published_on, digest):
    return {"link": link, "source": source, "published_on": published_on, "digest": digest}


# More of each type, so that every entry point has something to show. Themes: 0 Vente directe,
# 1 Logistique, 2 Cantines, 3 Marchés fermiers, 4 Transformation, 5 Communication. Activities:
# 0 GT logistique, 1 GT cantines, 2 Rencontre annuelle, 3 Halle de Ciney, 4 Tournées mutualisées.
ITEMS += [
    (
        "good_practice",
        "Un atelier de transformation partagé pour les petits fruits",
        _gp(
            "Producteurs de fruits rouges et maraîchers qui perdent leurs invendus",
            "Les surplus d'été partent au compost faute d'outil pour les transformer.",
            "- Des confitures et des coulis vendus toute l'année\n- Moins de pertes\n- Un agrément AFSCA mutualisé",
            "Une cuisine agréée louée à la demi-journée, un planning partagé, une personne formée à l'hygiène par saison.",
            "Le nettoyage entre deux utilisateurs doit être noté : c'est ce que l'AFSCA contrôle en premier.",
            True,
            "Deux saisons de suivi : 1,2 tonne de fruits transformés, 30 % de pertes en moins chez les 5 producteurs.",
        ),
        "",
        [4],
        None,
        "public",
        "published",
    ),
    (
        "good_practice",
        "Des paniers commandés en ligne et retirés à l'école",
        _gp(
            "Parents d'élèves et producteurs qui cherchent un point de retrait pratique",
            "Les familles n'ont pas le temps d'aller à la ferme en semaine.",
            "- Un retrait à l'heure de la sortie d'école\n- Des commandes groupées, donc des tournées plus courtes",
            "Commande en ligne jusqu'au lundi midi, livraison le jeudi dans le préau, deux parents volontaires pour la distribution.",
            "Demander l'accord de la direction et du pouvoir organisateur avant de lancer la communication.",
        ),
        "",
        [0, 2],
        1,
        "members",
        "published",
    ),
    (
        "good_practice",
        "Une étiquette commune « Produit près de chez vous »",
        _gp(
            "Magasins de village et producteurs qui vendent en dépôt",
            "Les clients ne distinguent pas les produits locaux des autres dans les rayons.",
            "- Des produits repérés d'un coup d'œil\n- Un message commun pour tous les points de vente",
            "Une étiquette imprimée par le GAL, un règlement d'usage simple : produit à moins de 30 km, nom du producteur visible.",
            "Vérifier chaque année que les produits étiquetés respectent toujours le règlement.",
        ),
        "",
        [5, 0],
        None,
        "public",
        "published",
    ),
    (
        "good_practice",
        "Des évaluations croisées entre points de vente collectifs",
        _gp(
            "Coopératives et magasins de producteurs qui veulent progresser",
            "Chaque point de vente s'évalue seul et ne voit pas ses angles morts.",
            "- Un regard extérieur bienveillant\n- Des idées reprises d'un magasin à l'autre",
            "Deux fois par an, une équipe de trois producteurs visite un autre point de vente avec une grille commune, puis en discute avec l'équipe visitée.",
            "La grille doit rester courte (une page) pour que les évaluations soient faites.",
        ),
        "",
        [0],
        2,
        "members",
        "published",
    ),
    (
        "lessons_learned",
        "Leçons apprises : l'introduction de produits locaux dans trois cantines",
        _ll(
            "Cantines scolaires de Gesves, Ohey et Assesse",
            "Les cuisiniers ont été associés dès le choix des produits : ils ont porté le projet auprès des enfants.",
            "Les volumes de légumes étaient trop irréguliers en hiver ; certaines livraisons ont manqué.",
            "Planifier les cultures avec les maraîchers un an à l'avance, sur la base des menus.",
            [
                "Associer les cuisiniers dès le départ",
                "Planifier les volumes un an à l'avance",
                "Allotir les marchés publics",
                "Prévoir une légumerie",
                "Former le personnel aux produits bruts",
                "Communiquer vers les parents",
                "Mesurer la part de produits locaux chaque trimestre",
            ],
            "- Le Réseau des cantines durables\n- Le Collège des producteurs",
        ),
        "",
        [2],
        1,
        "members",
        "published",
    ),
    (
        "lessons_learned",
        "Leçons apprises : la Rencontre annuelle des producteurs 2024",
        _ll(
            "Rencontre annuelle des producteurs",
            "Les ateliers en petits groupes et le repas préparé avec les produits des participants.",
            "La plénière d'ouverture, trop longue ; les évaluations à chaud ont été peu remplies.",
            "Ouvrir par un tour de table rapide et faire l'évaluation sur place, sur papier, avant le repas.",
            [
                "Des ateliers de 45 minutes au plus",
                "Un repas avec les produits des participants",
                "Une évaluation sur papier avant de partir",
                "Envoyer les comptes rendus dans la semaine",
            ],
        ),
        "",
        [5],
        2,
        "public",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : visite de la coopérative Paysans-Artisans",
        _memo(
            "2025-01-22",
            "6 producteurs du GAL, 2 coopérateurs de Paysans-Artisans",
            "La coopérative gère les commandes en ligne et la logistique ; les producteurs fixent leurs prix. "
            "Les points de retrait tenus par des bénévoles coûtent peu mais demandent un suivi régulier.",
            "Inviter Paysans-Artisans au groupe de travail logistique.",
        ),
        "",
        [0, 1],
        0,
        "members",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : rencontre avec l'AFSCA sur la transformation à la ferme",
        _memo(
            "2025-05-15",
            "Un contrôleur de l'AFSCA, 9 producteurs, l'animatrice",
            "Un atelier partagé peut être enregistré une seule fois si un responsable est désigné. "
            "Les autocontrôles peuvent suivre le guide sectoriel des petits producteurs.",
            "Rédiger une convention d'usage type pour les ateliers partagés.",
        ),
        "",
        [4],
        None,
        "members",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : appel avec le GAL voisin sur la légumerie",
        _memo(
            "2025-06-02",
            "L'animatrice, la chargée de mission du GAL Condroz",
            "Une légumerie partagée n'est rentable qu'à partir de 800 repas par jour ; "
            "à deux GAL, nous atteignons ce volume.",
            "Monter un groupe de travail commun aux deux GAL.",
        ),
        "",
        [2, 4],
        1,
        "core_team",
        "published",
    ),
    (
        "exchange_memo",
        "Mémo : bilan des tournées avec les chauffeurs",
        _memo(
            "2025-09-10",
            "Les 3 chauffeurs, le coordinateur des tournées",
            "Les arrêts de plus de 10 minutes font dérailler la tournée ; les clients veulent un créneau de livraison annoncé la veille.",
            "Envoyer un SMS aux clients la veille de chaque tournée.",
        ),
        "",
        [1],
        4,
        "members",
        "draft",
    ),
    (
        "watch_item",
        "Guide : vendre aux collectivités en circuit court",
        _watch(
            "https://example.org/guide-marches-publics-circuits-courts",
            "Réseau wallon de développement rural",
            "2024-09-20",
            "Un guide pratique pour répondre aux marchés publics des cantines : modèles de lots, critères de fraîcheur.",
        ),
        "",
        [2],
        1,
        "public",
        "published",
    ),
    (
        "watch_item",
        "Article : les halles fermières, un modèle qui se développe",
        _watch(
            "https://example.org/halles-fermieres",
            "Revue Espace rural",
            "2025-02-05",
            "Le point sur une dizaine de halles fermières en Wallonie et en France : statuts, horaires, chiffres d'affaires.",
        ),
        "",
        [3, 0],
        3,
        "public",
        "published",
    ),
    (
        "watch_item",
        "Outil : un calculateur de coût de livraison",
        _watch(
            "https://example.org/calculateur-livraison",
            "Centre de ressources sur la logistique alimentaire",
            "2025-04-18",
            "Un tableur gratuit pour calculer le coût réel d'une tournée ; utile pour fixer la facturation au kilo.",
        ),
        "",
        [1],
        4,
        "members",
        "published",
    ),
    (
        "watch_item",
        "Rapport : consommer local en milieu rural",
        _watch(
            "https://example.org/rapport-consommation-locale",
            "Fondation rurale de Wallonie",
            "2023-10-01",
            "Trois habitants sur quatre achètent local au moins une fois par mois, surtout au marché et à la ferme.",
        ),
        "",
        [0, 5],
        None,
        "public",
        "archived",
    ),
    (
        "document",
        "Modèle de charte d'un point de vente collectif",
        {
            "summary": "La charte signée par les producteurs de la Halle fermière de Ciney : engagements, permanences, prix, sortie du groupe."
        },
        "",
        [0, 3],
        3,
        "members",
        "published",
    ),
    (
        "document",
        "Convention d'usage de la chambre froide partagée",
        {
            "summary": "Le modèle de convention entre les utilisateurs : horaires, nettoyage, relevés de température, répartition des frais."
        },
        "",
        [1, 4],
        0,
        "members",
        "published",
    ),
    (
        "document",
        "Grille d'évaluation des points de vente",
        {
            "summary": "La grille d'une page utilisée pour les évaluations croisées : accueil, présentation, prix, hygiène, ambiance."
        },
        "",
        [0],
        2,
        "public",
        "published",
    ),
    (
        "document",
        "Calendrier des tournées mutualisées 2025",
        {"summary": "Les jours, les horaires et les points de regroupement de chaque tournée, commune par commune."},
        "",
        [1],
        4,
        "members",
        "published",
    ),
    (
        "document",
        "Affiche du marché fermier du soir",
        {
            "summary": "L'affiche A3 imprimée pour les marchés du vendredi soir ; le fichier modifiable est chez l'animatrice."
        },
        "",
        [3, 5],
        2,
        "public",
        "draft",
    ),
    (
        "article",
        "Synthèse : cinq façons de livrer en circuit court",
        {},
        "Livrer soi-même, mutualiser des tournées, passer par une coopérative, faire venir les clients "
        "à un point de retrait, ou confier la livraison à un transporteur.\n\n"
        "## Ce qui décide\n\n- Le volume par arrêt\n- La distance\n- Le temps du producteur",
        [1],
        0,
        "public",
        "published",
    ),
    (
        "article",
        "Check-list : préparer la Rencontre annuelle des producteurs",
        {},
        "## Trois mois avant\n\n- Réserver la salle\n- Choisir les thèmes des ateliers\n\n"
        "## Le jour même\n\n- Accueil à partir de 9 h\n- Évaluation sur papier avant le repas",
        [5],
        2,
        "members",
        "published",
    ),
    (
        "article",
        "Compte rendu : le groupe logistique en septembre",
        {},
        "Le groupe a relu le calendrier des tournées et décidé d'annoncer chaque livraison la veille par SMS. "
        "La chambre froide de Ciney sera ouverte le samedi.",
        [1],
        0,
        "members",
        "published",
    ),
    (
        "article",
        "Bilan 2024 de la communauté Circuits courts",
        {},
        "42 membres, 6 rencontres, 3 projets en cours. Les évaluations des membres montrent que les échanges "
        "entre producteurs sont ce qu'ils apprécient le plus.",
        [0, 5],
        None,
        "public",
        "archived",
    ),
]


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small one-page PDF that opens in any reader (text in Helvetica, Latin-1)."""

    def text(value):
        return value.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf"
    for line in lines:
        stream += b" 0 -22 Td (" + text(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(title: str, summary: str) -> SimpleUploadedFile:
    name = slugify(title)[:60] or "document"
    return SimpleUploadedFile(f"{name}.pdf", _pdf(title, [summary[:90], summary[90:180]]), "application/pdf")


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(4)
    actor = core.user
    themes = [communities.theme_get_or_create(actor=actor, community=community, name=name) for name in THEMES]
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
            upload=_upload(title, fields["summary"]) if item_type == "document" else None,
        )
        if status != ItemStatus.DRAFT:
            services.item_set_status(actor=actor, item=item, action="publish")
        if status == ItemStatus.ARCHIVED:
            services.item_set_status(actor=actor, item=item, action="archive")
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
