# ruff: noqa: E501 (French demo sentences)
"""Demo data of the idea box and of comments, for `terreau.demo.data` to call on the running community.

from terreau.ideas import demo as ideas_demo
ideas_demo.demo_load(community=community, core=membership_of_a_core_member)

Six ideas at every stage (waiting, supported, taken up and carried on as an action, not now, no),
each with supports and a few comments, one of them mentioning the facilitator; and comments on
two knowledge items and two events of the calendar.
"""

import random
from datetime import timedelta

from django.utils import timezone

from terreau.comments.models import Comment
from terreau.communities.models import Community, Membership
from terreau.events.models import Event
from terreau.knowledge.models import ItemStatus, KnowledgeItem

from . import services
from .models import Idea, Support

# (proposer, title, text, days ago, supports, answer: (status, word) or None, to an action, comments)
IDEAS = [
    (
        "membre",
        "Un frigo solidaire pour les invendus des marchés",
        "Chaque samedi, des producteurs repartent avec des légumes abîmés mais bons. Un frigo solidaire à la "
        "Maison de la ruralité de Ciney permettrait de les donner plutôt que de les jeter, avec l'aide du CPAS.",
        40,
        8,
        (
            "taken_up",
            "Belle idée, portée par plusieurs GAL : on l'inscrit au plan d'action et on contacte le CPAS de Ciney.",
        ),
        True,
        [
            ("observateur", "À Gesves, l'épicerie sociale cherche justement des légumes frais le lundi.", 38),
            ("membre", "@sophie-lambert, tu avais un contact au CPAS, je crois ?", 37),
            ("animatrice", "Oui, je m'en occupe : je les vois à la rencontre du mois prochain.", 36),
        ],
    ),
    (
        None,
        "Une plateforme commune de commandes pour les cantines scolaires",
        "Les cantines de nos communes commandent chacune de leur côté. Une plateforme commune, par GAL, "
        "regrouperait les commandes et donnerait de la visibilité aux producteurs locaux.",
        30,
        10,
        (
            "not_now",
            "Le marché public des cantines est relancé en septembre : on en reparle à la rentrée, avec les communes.",
        ),
        False,
        [("noyau", "Attention aux règles des marchés publics : il faudra un lot « produits locaux ».", 29)],
    ),
    (
        None,
        "Visiter une légumerie en Flandre",
        "Plusieurs légumeries collectives tournent en Flandre occidentale. Une visite d'une journée, en "
        "covoiturage, nous montrerait comment elles s'organisent avec les producteurs.",
        12,
        4,
        None,
        False,
        [
            ("observateur", "Je peux me libérer un jeudi.", 11),
            (None, "Ce serait utile pour notre projet à Philippeville !", 10),
        ],
    ),
    (
        None,
        "Un label « produit chez nous » commun aux GAL",
        "Un logo commun sur les étals et les paniers, pour que les habitant·es reconnaissent les produits du coin.",
        25,
        3,
        (
            "declined",
            "Il existe déjà des labels régionaux reconnus ; mieux vaut faire connaître ceux-là que d'en créer un de plus.",
        ),
        False,
        [],
    ),
    (
        "observateur",
        "Des paniers-relais dans les gares",
        "Les navetteurs pourraient retirer leur panier en gare de Ciney ou de Marloie, en rentrant du travail.",
        6,
        5,
        None,
        False,
        [("membre", "La SNCB loue des espaces dans certaines gares, il faudrait se renseigner.", 5)],
    ),
    (
        None,
        "Un atelier sur la fixation des prix",
        "Beaucoup de producteurs hésitent sur le prix de leurs paniers. Un atelier d'une demi-journée avec un "
        "comptable agricole nous aiderait tous.",
        18,
        6,
        ("taken_up", "On le prévoit à la rencontre de février, avec l'aide de la personne-ressource du GAL Condroz."),
        False,
        [("animatrice", "Je réserve la salle.", 15)],
    ),
]

# Comments on the knowledge base and the calendar: (author, text, days ago).
ITEM_COMMENTS = [
    [
        ("observateur", "Très clair, merci : on s'en inspire pour notre marché d'hiver.", 9),
        (None, "Et pour la logistique, vous passez par qui ?", 8),
    ],
    [("membre", "Le point sur les assurances m'a évité une erreur.", 4)],
]
EVENT_COMMENTS = [
    [
        ("membre", "Je viens avec deux producteurs de Philippeville.", 3),
        ("animatrice", "Parfait, je prévois des chaises.", 2),
    ],
    [(None, "Merci pour l'accueil, les échanges sur les cantines étaient très utiles.", 20)],
]


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(14)
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    named = {m.user.email.split("@")[0]: m.user for m in members if m.user.email.endswith("@terreau.test")}
    others = [m.user for m in members if not m.user.email.endswith("@terreau.test")] or [core.user]
    now = timezone.now()

    def person(key):
        return named.get(key) if key else rng.choice(others)

    comments: list[tuple[Comment, int]] = []
    for proposer, title, text, days, supports, answer, to_action, thread in IDEAS:
        idea = services.idea_propose(actor=person(proposer) or core.user, community=community, title=title, text=text)
        supporters = rng.sample([m.user for m in members if m.user != idea.author], min(supports, len(members) - 1))
        Support.objects.bulk_create(Support(idea=idea, user=user) for user in supporters)
        Idea.objects.filter(pk=idea.pk).update(supports_count=len(supporters))
        if answer is not None:
            services.idea_answer(actor=core.user, idea=idea, status=answer[0], answer=answer[1])
            if to_action:
                services.idea_to_action(actor=core.user, idea=idea)
        Idea.objects.filter(pk=idea.pk).update(created_at=now - timedelta(days=days))
        if answer is not None:
            Idea.objects.filter(pk=idea.pk).update(answered_at=now - timedelta(days=days - 3))
        comments += [
            (_comment(community, "idea", idea.pk, person(key) or core.user, body), ago) for key, body, ago in thread
        ]

    items = KnowledgeItem.objects.filter(community=community, status=ItemStatus.PUBLISHED).order_by("pk")[:2]
    for item, thread in zip(items, ITEM_COMMENTS, strict=False):
        comments += [
            (_comment(community, "knowledge_item", item.pk, person(key), body), ago) for key, body, ago in thread
        ]
    coming = (
        Event.objects.filter(community=community, starts_at__gt=now, status=Event.Status.SCHEDULED)
        .order_by("starts_at")
        .first()
    )
    past = Event.objects.filter(community=community, starts_at__lt=now).order_by("-starts_at").first()
    for event, thread in zip([e for e in (coming, past) if e is not None], EVENT_COMMENTS, strict=False):
        comments += [(_comment(community, "event", event.pk, person(key), body), ago) for key, body, ago in thread]

    created = Comment.objects.bulk_create([comment for comment, _ago in comments])
    for comment, (_same, ago) in zip(created, comments, strict=True):
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(days=ago, hours=rng.randint(1, 9)))


def _comment(community, kind, pk, author, body) -> Comment:
    return Comment(community=community, target_kind=kind, target_id=pk, author=author, body=body)
