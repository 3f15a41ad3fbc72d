# ruff: noqa: E501 (French demo sentences)
"""Demo data of the exchanges, for `terreau.demo.data` to call on the running community.

from terreau.exchanges import demo as exchanges_demo
exchanges_demo.demo_load(community=community, core=membership_of_a_core_member)

Questions answered and waiting, help asked and offered, kudos, last week's message, the
notifications they gave and a history of emails sent: the rhythm page shows members reached
within the week, varied frequencies and one member out of reach.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from terreau.communities.models import Community, Membership
from terreau.communities.themes import theme_slug

from . import services
from .models import (
    Answer,
    FeedItem,
    Frequency,
    HelpPost,
    Notification,
    NotificationPreference,
    Question,
    SentMessage,
    WeeklyMessage,
)

# (asker, title, body, themes, days ago, answers: (answerer, body, hours after), accepted index, useful votes)
QUESTIONS = [
    (
        "membre",
        "Comment fixer le prix d'un panier hebdomadaire ?",
        "Nous lançons des paniers avec six producteurs. Faut-il un prix fixe, ou un prix qui suit les saisons ?",
        ["vente directe"],
        12,
        [
            (
                2,
                "Chez nous, prix fixe (18 € le panier moyen) et contenu qui varie : les clients préfèrent savoir ce qu'ils paient. "
                "Chaque producteur reçoit sa part **au prix qu'il fixe lui-même**, le coordinateur ajuste les quantités.",
                5,
            ),
            (3, "Attention à la marge du point de dépôt : comptez 10 à 15 % pour que ça tienne dans la durée.", 30),
        ],
        0,
        2,
    ),
    (
        "animatrice",
        "Quel logiciel pour gérer les commandes d'un point de vente collectif ?",
        "Les tableurs partagés ne suffisent plus au comptoir de Ciney : trente producteurs, deux cents commandes par semaine.",
        ["vente directe", "logistique"],
        6,
        [(4, "Le GAL Pays des Condruses utilise Cagette.net depuis deux ans, je peux vous mettre en contact.", 20)],
        None,
        1,
    ),
    (
        5,
        "Comment convaincre une cantine scolaire de passer aux produits locaux ?",
        "La commune est partante, la cuisinière beaucoup moins : elle craint les livraisons irrégulières.",
        ["cantines"],
        4,
        [
            (
                "noyau",
                "Commencez par un seul produit toute l'année (le pain ou les pommes) avec un producteur fiable, "
                "puis élargissez. La régularité rassure plus que le prix.",
                3,
            ),
        ],
        None,
        0,
    ),
    (
        6,
        "Qui a une expérience de camion frigorifique partagé entre producteurs ?",
        "Nous cherchons à mutualiser les livraisons vers Namur : assurance, planning, partage des frais ?",
        ["logistique"],
        3,
        [],
        None,
        0,
    ),
]


@contextmanager
def _dated(when):
    """Everything the block writes to the feed and the notifications happened at `when`."""
    feed_before = FeedItem.objects.aggregate(last=Max("pk"))["last"] or 0
    notes_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    FeedItem.objects.filter(pk__gt=feed_before).update(created_at=when)
    Notification.objects.filter(pk__gt=notes_before).update(created_at=when, emailed_at=when)


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(5)
    now = timezone.now()
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    by_name = {m.user.email.split("@")[0]: m.user for m in members if m.user.email.endswith("@terreau.test")}
    others = [m.user for m in members if not m.user.email.endswith("@terreau.test")]

    stand_ins = {"membre": 0, "animatrice": 1, "noyau": 2, "observateur": 3}  # without the demo accounts

    def person(who):
        if isinstance(who, str) and who in by_name:
            return by_name[who]
        index = stand_ins[who] if isinstance(who, str) else who
        return others[index % len(others)] if others else core.user

    facilitator = by_name.get("animatrice", core.user)
    out_of_reach = person("observateur")
    themes = {theme.slug for theme in community.themes.all()}

    # Questions and answers, some answered, one accepted, one waiting for three days.
    for asker, title, body, question_themes, days, answers, accepted, votes in QUESTIONS:
        asked_at = now - timedelta(days=days, hours=rng.randint(1, 6))
        with _dated(asked_at):
            question = services.question_ask(
                actor=person(asker),
                community=community,
                title=title,
                body=body,
                themes=[theme for theme in question_themes if theme_slug(theme) in themes],
                # A settled question of a public community is public: what a visitor may read.
                visibility="public" if community.is_public and accepted is not None else "members",
            )
        Question.objects.filter(pk=question.pk).update(created_at=asked_at)
        posted = []
        for answerer, text, hours in answers:
            answered_at = asked_at + timedelta(hours=hours)
            with _dated(answered_at):
                answer = services.answer_post(actor=person(answerer), question=question, body=text)
            Answer.objects.filter(pk=answer.pk).update(created_at=answered_at)
            posted.append((answer, answered_at))
        if posted:
            Question.objects.filter(pk=question.pk).update(first_answer_at=posted[0][1])
        voters = [m.user for m in members if m.user_id not in {a.author_id for a, _at in posted}]
        for answer, _at in posted[:1]:
            for voter in rng.sample(voters, min(votes, len(voters))):
                services.answer_vote(actor=voter, answer=answer)
        if accepted is not None:
            answer, answered_at = posted[accepted]
            question.refresh_from_db()
            with _dated(answered_at + timedelta(hours=20)):
                services.answer_accept(actor=question.author, answer=answer)
            Question.objects.filter(pk=question.pk).update(accepted_at=answered_at + timedelta(hours=20))

    # Help asked and offered, with someone who stepped in.
    with _dated(now - timedelta(days=5)):
        request = services.help_post_create(
            actor=person(7),
            community=community,
            kind=HelpPost.Kind.REQUEST,
            title="Un coup de main pour le stand du marché fermier de Gembloux",
            body="Samedi 14 juin, de 7 h à 13 h : installer le stand, tenir la caisse une heure ou deux.",
        )
        services.help_step_in(actor=person(8), post=request, message="Je peux venir de 7 h à 10 h.")
    with _dated(now - timedelta(days=2)):
        services.help_post_create(
            actor=person("noyau"),
            community=community,
            kind=HelpPost.Kind.OFFER,
            title="Relecture de vos dossiers LEADER",
            body="Deux heures par mois pour relire un dossier de candidature ou un rapport, avant le dépôt.",
        )
    HelpPost.objects.filter(community=community).update(created_at=now - timedelta(days=3))

    # Kudos: thanks for the accepted answer, congratulations for a launch.
    kudos = [
        (
            person("membre"),
            person(2),
            "Merci pour ta réponse sur le prix des paniers : nous avons lancé la formule à 18 €, et ça marche !",
        ),
        (
            person("animatrice"),
            person(4),
            "Bravo pour l'ouverture du comptoir de Ciney, trente producteurs dès la première semaine !",
        ),
    ]
    for days, (giver, receiver, message) in zip((9, 1), kudos, strict=True):
        receiver_membership = next((m for m in members if m.user_id == receiver.pk), None)
        if receiver_membership is None or giver.pk == receiver.pk:
            continue
        with _dated(now - timedelta(days=days)):
            services.kudos_give(actor=giver, community=community, receiver=receiver_membership, message=message)

    # Last week's message: this week's is not written yet, the rhythm page says so.
    sent_at = now - timedelta(days=8)
    with _dated(sent_at):
        weekly = services.weekly_message_send(
            actor=facilitator,
            community=community,
            subject="La semaine des circuits courts",
            body=(
                "Bonjour à toutes et à tous,\n\n"
                "## Cette semaine\n"
                "- Le comptoir de Ciney ouvre ses portes samedi.\n"
                "- Une question sur le prix des paniers a trouvé sa réponse.\n\n"
                "## À venir\n"
                "- Visite de la légumerie de Gembloux le 20 juin.\n\n"
                "À bientôt,\nSophie"
            ),
        )
    WeeklyMessage.objects.filter(pk=weekly.pk).update(created_at=sent_at, sent_at=sent_at)

    # Varied frequencies, one member out of reach; everybody else was reached this week.
    frequencies = {}
    for index, membership in enumerate(members):
        if membership.user == out_of_reach:
            frequencies[membership.pk] = Frequency.OFF
        elif membership.is_core_team or membership.user == facilitator or membership.user in by_name.values():
            frequencies[membership.pk] = Frequency.IMMEDIATE
        else:
            frequencies[membership.pk] = [Frequency.IMMEDIATE, Frequency.DAILY, Frequency.WEEKLY][index % 3]
    NotificationPreference.objects.bulk_create(
        NotificationPreference(membership=membership, frequency=frequencies[membership.pk]) for membership in members
    )
    history = []
    for membership in members:
        if frequencies[membership.pk] == Frequency.OFF:
            continue
        history.append(
            SentMessage(recipient=membership.user, community=community, sent_at=sent_at, kind="weekly_message")
        )
        recent = now - timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
        is_digest = frequencies[membership.pk] != Frequency.IMMEDIATE
        history.append(
            SentMessage(
                recipient=membership.user,
                community=community,
                sent_at=recent,
                is_digest=is_digest,
                kind="digest" if is_digest else "answer",
            )
        )
    SentMessage.objects.bulk_create(history)
    # Older notifications are read; those of the last three days wait in the notification centre.
    Notification.objects.filter(community=community, created_at__lt=now - timedelta(days=3)).update(
        read_at=now - timedelta(days=2)
    )
