# ruff: noqa: E501 (French demo sentences)
"""The closed community's content, written during its close phase so that its archive has
something to keep: knowledge items, a contributor interview and a handover, questions and
answers, two monthly meetings with their minutes, all dated 2023.

from terreau.demo.closed import fill_closed_community
fill_closed_community(community, core)  # community in phase "close", core a core member's Membership
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from terreau.communities import services as communities
from terreau.communities.models import Community, Membership
from terreau.events import demo as events_demo
from terreau.events.models import Event, EventKind, History
from terreau.events.services import events as event_services
from terreau.events.services.common import event_url
from terreau.exchanges import services as exchanges
from terreau.exchanges.models import Answer, FeedItem, Notification, Question
from terreau.knowledge import services as knowledge
from terreau.knowledge.models import ActivityTag, ContributorInterview, Handover, KnowledgeItem

THEMES = ["Hébergement", "Randonnée", "Patrimoine"]
PROJECT = "Projet Gîtes et itinéraires du Condroz"

# (type, title, fields, themes, visibility, published on)
ITEMS = [
    (
        "good_practice",
        "Une charte qualité des hébergements à la ferme",
        {
            "for_whom": "GAL et maisons du tourisme qui accompagnent des agriculteur·rices hébergeur·ses",
            "why": "Les visiteurs ne savaient pas à quoi s'attendre : confort, accueil et produits de la ferme variaient d'un gîte à l'autre.",
            "key_benefits": "- Une promesse claire aux visiteurs\n- Des hébergeurs qui progressent ensemble\n- Une promotion commune par les maisons du tourisme",
            "in_practice": "Une charte de douze engagements (accueil, produits de la ferme au petit-déjeuner, tri des déchets, eau et énergie), une visite annuelle entre pairs, un label affiché à l'entrée.",
            "points_of_attention": "Écrire la charte avec les hébergeurs, pas pour eux ; garder la visite bienveillante.",
            "standing": "proven",
            "evidence": "31 hébergements signataires dans 4 GAL ; taux d'occupation en hausse de 12 % en deux saisons (2021-2023).",
            "contact_name": "",
            "contact_email": "",
        },
        [0],
        "public",
        date(2023, 3, 14),
    ),
    (
        "good_practice",
        "Un balisage partagé des itinéraires de randonnée",
        {
            "for_whom": "Communes, GAL et syndicats d'initiative voisins qui balisent des promenades",
            "why": "Chaque commune balisait ses promenades à sa façon : les randonneurs se perdaient aux limites communales.",
            "key_benefits": "- Des itinéraires continus d'une commune à l'autre\n- Un entretien partagé du balisage\n- Une seule carte pour tout le territoire",
            "in_practice": "Un code de balisage commun, un inventaire partagé des poteaux, une tournée d'entretien au printemps confiée à des baliseur·ses bénévoles formé·es.",
            "points_of_attention": "Obtenir l'accord écrit des propriétaires privés avant de poser un poteau.",
            "standing": "proven",
            "evidence": "420 km balisés dans 9 communes ; les plaintes de randonneurs égarés ont presque disparu en 2023.",
            "contact_name": "",
            "contact_email": "",
        },
        [1],
        "public",
        date(2023, 4, 20),
    ),
    (
        "lessons_learned",
        "Leçons apprises : les Gîtes et itinéraires du Condroz",
        {
            "project": "Gîtes et itinéraires du Condroz",
            "what_worked": "Relier chaque gîte à une boucle de randonnée : les séjours se sont allongés d'une nuit en moyenne.",
            "what_worked_less": "La réservation en ligne commune : trop d'hébergeurs gardaient leur propre calendrier.",
            "do_differently": "Choisir l'outil de réservation avec les hébergeurs dès le départ, et le financer trois ans.",
            "top_points": "Un gîte, une boucle\nUne charte écrite ensemble\nUn outil de réservation choisi par les hébergeurs\nUn budget d'entretien du balisage",
            "contacts": "- Maison du tourisme du Condroz\n- GAL Pays des Condruses",
        },
        [0, 1],
        "members",
        date(2023, 6, 8),
    ),
    (
        "lessons_learned",
        "Leçons apprises : la valorisation du petit patrimoine rural",
        {
            "project": "Petit patrimoine des villages",
            "what_worked": "Les habitants ont raconté l'histoire des chapelles et des fours à pain : les panneaux sont vivants.",
            "what_worked_less": "Les QR codes, peu utilisés faute de réseau mobile dans les vallées.",
            "do_differently": "Prévoir un livret papier dans les hébergements plutôt que des contenus en ligne.",
            "top_points": "Partir des récits des habitants\nUn livret papier\nDes panneaux sobres\nUn circuit qui passe par les cafés du village",
            "contacts": "La Fondation rurale de Wallonie.",
        },
        [2],
        "members",
        date(2023, 9, 12),
    ),
    (
        "exchange_memo",
        "Mémo : rencontre avec les hébergeurs de la Famenne",
        {
            "held_on": "2023-05-16",
            "participants": "11 hébergeur·ses, la Maison du tourisme du Pays de Famenne, l'animatrice",
            "learned": "Les hébergeurs attendent surtout des visiteurs hors saison : des séjours randonnée en novembre et en mars.",
            "follow_ups": "Proposer un week-end « randonnée et terroir » hors saison avec trois gîtes pilotes.",
        },
        [0, 1],
        "members",
        date(2023, 5, 19),
    ),
    (
        "watch_item",
        "Étude : les attentes des touristes pour un séjour rural durable",
        {
            "link": "https://example.org/etude-tourisme-rural-durable",
            "source": "Observatoire wallon du tourisme",
            "published_on": "2023-02-10",
            "digest": "Six visiteurs sur dix choisissent un hébergement pour ses engagements environnementaux ; la mobilité sans voiture reste le point faible.",
        },
        [0, 2],
        "public",
        date(2023, 2, 21),
    ),
]

# (asker index, title, body, themes, asked on, visibility, answers: (answerer index, text), accepted index)
QUESTIONS = [
    (
        2,
        "Comment financer l'entretien du balisage après la fin du projet ?",
        "Le projet LEADER s'arrête fin 2023 : qui paiera les poteaux et les tournées d'entretien ?",
        ["Randonnée"],
        date(2023, 3, 7),
        "public",
        [
            (
                0,
                "Chez nous, une convention entre les communes répartit les frais au kilomètre balisé ; la province prend en charge le matériel.",
            ),
            (
                3,
                "Les baliseur·ses bénévoles du club de marche font les tournées : il ne reste que le matériel à financer.",
            ),
        ],
        0,
    ),
    (
        4,
        "Quel label choisir pour un gîte à la ferme ?",
        "Plusieurs hébergeurs hésitent entre la Clé verte et notre charte qualité. Peut-on cumuler ?",
        ["Hébergement"],
        date(2023, 5, 2),
        "members",
        [
            (
                1,
                "Oui : la charte porte sur l'accueil et les produits de la ferme, la Clé verte sur l'environnement. Les deux se complètent.",
            )
        ],
        None,
    ),
    (
        5,
        "Des idées pour faire vivre un circuit du petit patrimoine ?",
        "Nos panneaux sont posés, mais peu de visiteurs font le circuit.",
        ["Patrimoine"],
        date(2023, 8, 22),
        "public",
        [
            (
                0,
                "Une balade contée par un habitant une fois par mois en été, annoncée dans les gîtes : c'est ce qui a lancé notre circuit.",
            )
        ],
        None,
    ),
    (
        3,
        "Qui reprend nos fiches après la clôture de la communauté ?",
        "Nos fiches de bonnes pratiques doivent servir aux GAL de la prochaine programmation.",
        [],
        date(2023, 11, 14),
        "members",
        [
            (
                2,
                "Le Réseau wallon de développement rural accepte de les verser dans sa base : on en parle au passage de témoin.",
            )
        ],
        None,
    ),
]


def _at(community: Community, day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), ZoneInfo(community.time_zone))


def _date_announcements(community: Community, url: str, when: datetime) -> None:
    FeedItem.objects.filter(community=community, url=url).update(created_at=when)
    Notification.objects.filter(community=community, url=url).update(created_at=when)


def fill_closed_community(community: Community, core: Membership) -> None:
    """Knowledge items, an interview, a handover, questions and two meetings' minutes, in 2023:
    `community` must be in its close phase (a closed community refuses every write)."""
    actor = core.user
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    ) or [core]

    def member(index: int) -> Membership:
        return members[index % len(members)]

    themes = {name: communities.theme_get_or_create(actor=actor, community=community, name=name) for name in THEMES}
    project = knowledge.activity_create(actor=actor, community=community, name=PROJECT, kind=ActivityTag.Kind.PROJECT)

    created = []
    for n, (item_type, title, fields, theme_indexes, visibility, published_on) in enumerate(ITEMS):
        item = knowledge.item_create(
            actor=member(n).user,
            community=community,
            type=item_type,
            title=title,
            fields=fields,
            themes=[themes[THEMES[index]] for index in theme_indexes],
            activity=project if item_type in ("good_practice", "lessons_learned") else None,
            visibility=visibility,
            contact=member(n + 1) if item_type == "good_practice" else None,
        )
        knowledge.item_set_status(actor=actor, item=item, action="publish")
        when = _at(community, published_on)
        KnowledgeItem.objects.filter(pk=item.pk).update(
            created_at=when - timedelta(days=3), updated_at=when, published_at=when
        )
        _date_announcements(community, item.get_absolute_url(), when)
        created.append(item)

    interview = knowledge.interview_save(
        actor=actor,
        interview=ContributorInterview(
            community=community,
            interviewee=member(1),
            interviewer=core,
            held_on=date(2023, 10, 17),
            visibility="members",
            questions_answers="## Qu'est-ce qui a fait réussir les Gîtes et itinéraires ?\n\n"
            "Des hébergeurs qui ont écrit la charte eux-mêmes, et une boucle de randonnée au départ de chaque gîte.\n\n"
            "## Qu'est-ce que vous referiez autrement ?\n\n"
            "Choisir l'outil de réservation avec les hébergeurs, et prévoir l'entretien du balisage au-delà du projet.\n\n"
            "## À qui s'adresser ensuite ?\n\n"
            "À la Maison du tourisme du Condroz, qui garde l'inventaire des poteaux.",
        ),
        items=[created[0], created[1], created[2]],
    )
    handover = knowledge.handover_save(
        actor=actor,
        handover=Handover(
            community=community,
            title="Gîtes et itinéraires du Condroz",
            held_on=date(2023, 11, 28),
            visibility="members",
            finishing_team="L'équipe du projet Gîtes et itinéraires du Condroz (GAL Pays des Condruses)",
            starting_teams="Le GAL Haute-Meuse, qui lance « Séjours à pied en Haute-Meuse » pour la programmation 2023-2027",
            questions="- Comment convaincre les hébergeurs de signer la charte ?\n"
            "- Qui entretient le balisage quand le projet s'arrête ?\n"
            "- Quel outil de réservation choisir ?",
            answers="- En l'écrivant avec eux, et en organisant la première visite entre pairs chez un hébergeur convaincu.\n"
            "- Une convention entre communes et des baliseur·ses bénévoles formé·es.\n"
            "- Celui que les hébergeurs utilisent déjà ; sinon, aucun.",
        ),
        lessons=[created[2], created[3]],
    )
    ContributorInterview.objects.filter(pk=interview.pk).update(created_at=_at(community, date(2023, 10, 18)))
    Handover.objects.filter(pk=handover.pk).update(created_at=_at(community, date(2023, 11, 29)))

    for asker, title, body, question_themes, asked_on, visibility, answers, accepted in QUESTIONS:
        asked_at = _at(community, asked_on, 9)
        question = exchanges.question_ask(
            actor=member(asker).user,
            community=community,
            title=title,
            body=body,
            themes=[themes[name] for name in question_themes],
            visibility=visibility,
        )
        Question.objects.filter(pk=question.pk).update(created_at=asked_at)
        _date_announcements(community, question.get_absolute_url(), asked_at)
        posted = []
        for hours, (answerer, text) in enumerate(answers, start=1):
            answered_at = asked_at + timedelta(hours=5 * hours)
            answer = exchanges.answer_post(actor=member(answerer).user, question=question, body=text)
            Answer.objects.filter(pk=answer.pk).update(created_at=answered_at)
            posted.append((answer, answered_at))
        if posted:
            Question.objects.filter(pk=question.pk).update(first_answer_at=posted[0][1])
        if accepted is not None:
            answer, answered_at = posted[accepted]
            question.refresh_from_db()
            exchanges.answer_accept(actor=question.author, answer=answer)
            Question.objects.filter(pk=question.pk).update(accepted_at=answered_at + timedelta(hours=20))

    _meetings(community, core, members)


def _meetings(community: Community, core: Membership, members: list[Membership]) -> None:
    """Two monthly meetings of 2023, attended, with their minutes published."""
    meetings = []
    for day, title in [
        (date(2023, 9, 5), "Rencontre mensuelle : préparer le passage de témoin"),
        (date(2023, 10, 3), "Rencontre mensuelle : ce que nous transmettons"),
    ]:
        starts_at = _at(community, day, 14)
        event = event_services.event_create(
            actor=core.user,
            community=community,
            kind=EventKind.MONTHLY_MEETING,
            title=title,
            description="Le tour de table des projets, puis un sujet de fond pour préparer la clôture de la communauté.",
            place="Maison du tourisme du Pays de Famenne, Marche-en-Famenne",
            visibility="members",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            organisers=[core],
        )
        History.objects.filter(event=event).update(at=starts_at - timedelta(days=21))
        _date_announcements(community, event_url(event), starts_at - timedelta(days=21))
        meetings.append(event)
    events_demo.demo_attendance(meetings, members, seed=11)
    events_demo.demo_minutes([Event.objects.get(pk=event.pk) for event in meetings], actor=core.user, skip_every=0)
    for event in Event.objects.filter(pk__in=[event.pk for event in meetings]).select_related("minutes"):
        if event.minutes_id:
            _date_announcements(community, event.minutes.get_absolute_url(), event.minutes.published_at)
