"""French word pairs the search must bring together, by kind: (a form in an item, a form typed).

Each pair is checked both ways on the engine the suite runs on (tests/test_word_forms.py).
EXPECTED_FAILURES holds the irregular forms that no light stemmer joins: they stay visible here
rather than being left out, and a test fails when one of them starts to pass (then move it).
"""

SINGULAR_PLURAL = [
    ("projet", "projets"), ("territoire", "territoires"), ("réseau", "réseaux"), ("journal", "journaux"),
    ("local", "locaux"), ("animal", "animaux"), ("bureau", "bureaux"), ("cheval", "chevaux"), ("jeu", "jeux"),
    ("lieu", "lieux"), ("travail", "travaux"), ("bijou", "bijoux"), ("festival", "festivals"),
    ("détail", "détails"), ("communauté", "communautés"), ("évaluation", "évaluations"), ("activité", "activités"),
    ("coopérative", "coopératives"), ("formation", "formations"), ("fromager", "fromagers"), ("marché", "marchés"),
    ("producteur", "producteurs"), ("agriculteur", "agriculteurs"), ("école", "écoles"), ("atelier", "ateliers"),
    ("partenaire", "partenaires"), ("habitant", "habitants"), ("association", "associations"),
    ("subvention", "subventions"), ("paysage", "paysages"), ("rivière", "rivières"), ("forêt", "forêts"),
    ("village", "villages"), ("commune", "communes"), ("élu", "élus"), ("bénévole", "bénévoles"), ("gîte", "gîtes"),
    ("sentier", "sentiers"), ("outil", "outils"), ("légume", "légumes"), ("fruit", "fruits"), ("panier", "paniers"),
    ("tournée", "tournées"), ("enquête", "enquêtes"), ("niveau", "niveaux"), ("chapeau", "chapeaux"),
    ("pneu", "pneus"), ("national", "nationaux"), ("canal", "canaux"), ("prix", "prix"),
    ("œil", "yeux"), ("ciel", "cieux"),
]  # fmt: skip

MASCULINE_FEMININE = [
    ("fromager", "fromagère"), ("producteur", "productrice"), ("agriculteur", "agricultrice"),
    ("animateur", "animatrice"), ("directeur", "directrice"), ("formateur", "formatrice"),
    ("coordinateur", "coordinatrice"), ("vendeur", "vendeuse"), ("éleveur", "éleveuse"), ("maraîcher", "maraîchère"),
    ("boulanger", "boulangère"), ("cuisinier", "cuisinière"), ("fermier", "fermière"), ("premier", "première"),
    ("local", "locale"), ("rural", "rurale"), ("collectif", "collective"), ("associatif", "associative"),
    ("actif", "active"), ("sportif", "sportive"), ("culturel", "culturelle"), ("naturel", "naturelle"),
    ("professionnel", "professionnelle"), ("européen", "européenne"), ("ancien", "ancienne"), ("breton", "bretonne"),
    ("bon", "bonne"), ("wallon", "wallonne"), ("mensuel", "mensuelle"), ("annuel", "annuelle"),
    ("nouveau", "nouvelle"), ("heureux", "heureuse"), ("nombreux", "nombreuse"), ("dangereux", "dangereuse"),
    ("public", "publique"), ("grand", "grande"), ("petit", "petite"), ("voisin", "voisine"), ("paysan", "paysanne"),
    ("artisan", "artisane"), ("étudiant", "étudiante"), ("président", "présidente"), ("adhérent", "adhérente"),
    ("salarié", "salariée"), ("long", "longue"), ("blanc", "blanche"), ("sec", "sèche"), ("franc", "franche"),
    ("gentil", "gentille"), ("muet", "muette"), ("acteur", "actrice"), ("ambassadeur", "ambassadrice"),
    ("doux", "douce"), ("frais", "fraîche"), ("gros", "grosse"), ("fou", "folle"), ("vieux", "vieille"),
]  # fmt: skip

INFINITIVE_PARTICIPLE = [
    ("organiser", "organisées"), ("organiser", "organisant"), ("partager", "partagée"), ("partager", "partageant"),
    ("former", "formés"), ("financer", "financé"), ("financer", "finançant"), ("évaluer", "évaluée"),
    ("mobiliser", "mobilisés"), ("livrer", "livrées"), ("développer", "développé"), ("améliorer", "améliorée"),
    ("sensibiliser", "sensibilisant"), ("créer", "créée"), ("créer", "créant"), ("coopérer", "coopéré"),
    ("gérer", "gérées"), ("transporter", "transportés"), ("relancer", "relancée"), ("accompagner", "accompagnés"),
    ("finir", "finie"), ("finir", "finissant"), ("choisir", "choisis"), ("réussir", "réussie"), ("agir", "agi"),
    ("accueillir", "accueillis"), ("servir", "servie"), ("partir", "partis"), ("sortir", "sortie"),
    ("soutenir", "soutenu"), ("venir", "venues"), ("obtenir", "obtenus"), ("maintenir", "maintenue"),
    ("devenir", "devenu"), ("vendre", "vendues"), ("vendre", "vendant"), ("rendre", "rendu"), ("perdre", "perdus"),
    ("répondre", "répondu"), ("attendre", "attendue"), ("produire", "produits"), ("construire", "construite"),
    ("réduire", "réduit"), ("conduire", "conduits"), ("écrire", "écrite"), ("inscrire", "inscrits"),
    ("ouvrir", "ouvert"), ("offrir", "offerte"), ("prendre", "pris"), ("mettre", "mise"), ("faire", "fait"),
    ("voir", "vu"), ("recevoir", "reçue"), ("vivre", "vécu"),
]  # fmt: skip

ACCENTS = [
    ("évaluation", "evaluation"), ("communauté", "communaute"), ("élève", "eleve"), ("forêt", "foret"),
    ("théâtre", "theatre"), ("maraîcher", "maraicher"), ("fromagère", "fromagere"), ("coopérative", "cooperative"),
    ("réseau", "reseau"), ("mobilité", "mobilite"), ("énergie", "energie"), ("cœur", "coeur"), ("œuvre", "oeuvre"),
    ("organisées", "organisees"), ("partagée", "partagee"), ("créée", "creee"), ("gérées", "gerees"),
    ("finançant", "financant"), ("reçue", "recue"), ("garçon", "garcon"), ("écoles", "ecoles"), ("éthique", "ethique"),
    ("bénévole", "benevole"), ("légumes", "legumes"), ("rivière", "riviere"), ("gîte", "gite"), ("île", "ile"),
    ("août", "aout"), ("Noël", "Noel"), ("naïve", "naive"), ("hôpital", "hopital"), ("côte", "cote"),
    ("pâturage", "paturage"), ("fenêtre", "fenetre"), ("dépôt", "depot"), ("système", "systeme"),
    ("intérêt", "interet"), ("élu", "elu"), ("sécheresse", "secheresse"), ("biodiversité", "biodiversite"),
    ("ÉVALUATION", "évaluation"), ("Éleveur", "eleveur"),
]  # fmt: skip

# (a word in an item, its first letters being typed)
PREFIX = [
    ("fromagerie", "fromag"), ("organisation", "organi"), ("coopérative", "coopé"), ("évaluation", "évalu"),
    ("biodiversité", "biodiv"), ("partenaires", "parten"), ("subventions", "subv"), ("randonnée", "rando"),
    ("covoiturage", "covoit"), ("gouvernance", "gouver"), ("agriculteur", "agric"), ("maraîchère", "marai"),
    ("logistique", "logis"), ("plateforme", "platef"), ("questionnaire", "question"), ("diagnostic", "diagn"),
    ("inventaire", "inven"), ("consentement", "consent"), ("calendrier", "calend"), ("livraison", "livrai"),
    ("transport", "trans"), ("tourisme", "touris"), ("patrimoine", "patrim"), ("communauté", "commu"),
    ("association", "assoc"), ("bénévoles", "bénév"), ("habitants", "habit"), ("territoire", "territ"),
    ("mobilité", "mobil"), ("navettes", "navet"), ("boulangerie", "boulang"), ("épicerie", "épice"),
    ("cantines", "cantin"), ("sécheresse", "séche"), ("paysages", "paysa"), ("financement", "financ"),
    ("indicateurs", "indica"), ("synthèse", "synth"), ("numérique", "numer"), ("énergie", "énerg"),
    ("printemps", "print"), ("développement", "dévelop"),
]  # fmt: skip

KINDS = {
    "singular_plural": SINGULAR_PLURAL,
    "masculine_feminine": MASCULINE_FEMININE,
    "infinitive_participle": INFINITIVE_PARTICIPLE,
    "accents": ACCENTS,
    "prefix": PREFIX,
}

# Irregular forms no light stemmer joins (they share no ending rule with regular words).
EXPECTED_FAILURES = {
    ("œil", "yeux"),
    ("ciel", "cieux"),
    ("doux", "douce"),
    ("frais", "fraîche"),
    ("gros", "grosse"),
    ("fou", "folle"),
    ("vieux", "vieille"),
    ("ouvrir", "ouvert"),
    ("offrir", "offerte"),
    ("prendre", "pris"),
    ("mettre", "mise"),
    ("faire", "fait"),
    ("voir", "vu"),
    ("recevoir", "reçue"),
    ("vivre", "vécu"),
}
