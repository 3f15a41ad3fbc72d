"""Demo evaluations for the running community: the 3- and 6-month ones concluded (interviews,
assessment, renewal plan, some items made actions of the plan), the next one planned.

Called from terreau/demo/data.py once the launch day, the plan and the members exist. Dated from
the launch date (selectors.launch_date): an evaluation whose date is still to come is left in
progress rather than concluded ahead of time.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Value, When

from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility
from terreau.launch.models import Action

from . import schedule, selectors, services
from .models import Evaluation, Heading, Interview, RenewalItem

# (who: a member's position among the members interviewed, or a name), days after the period's
# start, notes.
INTERVIEWS = {
    1: [
        (
            0,
            20,
            "Membre porteuse, présente aux deux premières rencontres. Apprécie le tour de table : « on repart "
            "avec des contacts concrets ». Trouve la plateforme claire mais ne sait pas où déposer ses fiches "
            "techniques. Suggère une visite d'exploitation par trimestre.",
        ),
        (
            "Coopérative Paysans-Artisans (partenaire)",
            45,
            "Entretien avec la coordinatrice. La coopérative voit dans la communauté un lieu pour mutualiser "
            "la logistique entre GAL. Elle propose d'accueillir une rencontre et de partager son outil de "
            "gestion des commandes. Attente : des échanges plus réguliers entre deux rencontres.",
        ),
        (
            "Groupe de travail logistique (entretien collectif, 5 personnes)",
            70,
            "Le groupe avance sur la cartographie des points de vente, mais manque d'un·e pilote clairement "
            "désigné·e. Les comptes rendus arrivent tard. Demande : un modèle de mémo d'échange court, et une "
            "date fixe pour les réunions du groupe.",
        ),
    ],
    2: [
        (
            1,
            15,
            "Curieux-observateur depuis le lancement. Lit le message hebdomadaire « presque toujours », mais "
            "n'ose pas poser de questions en ligne. Viendrait à une rencontre si elle avait lieu plus près de "
            "chez lui (Gesves). Intéressé par le thème des cantines scolaires.",
        ),
        (
            2,
            40,
            "Productrice, nouvelle membre. Son accueil s'est bien passé grâce à sa marraine. Regrette que les "
            "documents de la base soient difficiles à retrouver par thème. Prête à témoigner sur la vente en "
            "ligne lors d'une rencontre.",
        ),
        (
            "Service agriculture de la Province de Namur",
            60,
            "La Province soutiendrait une journée d'échange sur l'approvisionnement des cantines. Elle attend de "
            "la communauté une synthèse des freins rencontrés par les GAL. Piste de cofinancement pour 2027.",
        ),
    ],
}

ASSESSMENTS = {
    1: {
        "culture": "La confiance s'installe : les membres partagent leurs difficultés sans crainte. Le "
        "noyau dur porte encore beaucoup ; peu de membres proposent spontanément un sujet.",
        "culture_rating": 3,
        "processes": "Les rencontres mensuelles tiennent leur rythme (aucune annulée). Les comptes rendus "
        "arrivent trop tard et le groupe logistique n'a pas de pilote.",
        "processes_rating": 2,
        "tools": "La plateforme est adoptée pour l'agenda et les questions ; la base documentaire est peu "
        "alimentée : on ne sait pas où déposer les fiches.",
        "tools_rating": 2,
        "needs": "Visites d'exploitation, mutualisation de la logistique, approvisionnement des cantines scolaires.",
        "needs_rating": None,
        "conclusion": "Un démarrage encourageant : le rythme est là. Priorités : un pilote pour la logistique, "
        "des comptes rendus dans la semaine, une base documentaire rangée par thème.",
    },
    2: {
        "culture": "Plus de membres prennent la parole ; deux nouveaux porteurs de projets. Les curieux restent "
        "discrets en ligne mais lisent le message de la semaine.",
        "culture_rating": 3,
        "processes": "Le groupe logistique a trouvé sa pilote et se réunit le deuxième jeudi. Les comptes rendus "
        "sont publiés dans la semaine (modèle de mémo d'échange).",
        "processes_rating": 3,
        "tools": "La base documentaire est rangée par thème ; les fiches bonnes pratiques sont consultées. Les "
        "membres demandent un rappel des rencontres par SMS.",
        "tools_rating": 3,
        "needs": "Cantines scolaires (forte attente, soutien de la Province), vente en ligne, accueil des "
        "nouveaux producteurs.",
        "needs_rating": 2,
        "conclusion": "La communauté trouve son régime de croisière. Le semestre qui vient : ouvrir le thème des "
        "cantines, recruter des producteurs et renouveler une partie du noyau dur.",
    },
}

# (heading, text, owner's position among the core team (None: nobody), days after the evaluation,
# made an action, the action's status)
RENEWAL = {
    1: [
        (Heading.ROLES, "Désigner un·e pilote pour le groupe logistique", 0, 21, True, Action.Status.DONE),
        (
            Heading.ACTIVITIES,
            "Une visite d'exploitation par trimestre\nLa première chez un membre de la coopérative.",
            1,
            60,
            True,
            Action.Status.DONE,
        ),
        (Heading.THEMES, "Ranger la base documentaire par thème et publier un modèle de fiche", 2, 45, False, None),
        (Heading.OBJECTIVES, "Préciser l'objectif de mutualisation logistique dans la charte", 0, 90, False, None),
    ],
    2: [
        (Heading.THEMES, "Ouvrir le thème « cantines scolaires » avec la Province", 0, 30, True, Action.Status.DOING),
        (
            Heading.RECRUITMENT,
            "Lancer un appel à manifestation d'intérêt vers les producteurs\nAvec un parrainage proposé à chacun.",
            1,
            45,
            True,
            Action.Status.TODO,
        ),
        (Heading.CORE_TEAM, "Accueillir une productrice dans le noyau dur", 0, 60, False, None),
        (Heading.ACTIVITIES, "Tenir une rencontre sur deux hors de Ciney (Gesves, Rochefort)", 1, 90, False, None),
    ],
}


def demo_load(*, community: Community, core: Membership) -> list[Evaluation]:
    actor = core.user
    launch = selectors.launch_date(community)
    if launch is None:
        return []
    today = selectors.today_in(community)
    team = list(
        Membership.objects.filter(community=community, is_core_team=True, status=Membership.Status.ACTIVE)
        .annotate(first=Case(When(pk=core.pk, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("first", "pk")
    )
    others = list(
        Membership.objects.filter(community=community, is_core_team=False, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")[:3]
    )
    made = []
    for number in (1, 2):
        slot = schedule.slot(launch, number)
        evaluation, _created = Evaluation.objects.get_or_create(
            community=community,
            number=number,
            defaults={
                "months": slot.months,
                "period_start": slot.period_start,
                "period_end": slot.period_end,
                "status": Evaluation.Status.IN_PROGRESS,
                **ASSESSMENTS[number],
            },
        )
        Interview.objects.bulk_create(
            Interview(
                evaluation=evaluation,
                interviewee=others[who] if isinstance(who, int) and who < len(others) else None,
                interviewee_name=who if isinstance(who, str) else "",
                interviewer=team[index % len(team)],
                held_on=slot.period_start + timedelta(days=days),
                notes=notes,
                created_by=actor,
            )
            for index, (who, days, notes) in enumerate(INTERVIEWS[number])
            if isinstance(who, str) or who < len(others)
        )
        items = RenewalItem.objects.bulk_create(
            RenewalItem(
                evaluation=evaluation,
                heading=heading,
                text=text,
                owner=team[owner % len(team)] if owner is not None else None,
                due_date=slot.due_on + timedelta(days=days),
                created_by=actor,
            )
            for heading, text, owner, days, _action, _status in RENEWAL[number]
        )
        for item, (*_rest, to_action, status) in zip(items, RENEWAL[number], strict=True):
            if to_action:
                action = services.renewal_item_to_action(actor=actor, item=item)
                Action.objects.filter(pk=action.pk).update(status=status)
        if slot.due_on <= today:
            services.evaluation_conclude(
                actor=actor,
                evaluation=evaluation,
                version=Evaluation.objects.get(pk=evaluation.pk).version,
                visibility=Visibility.MEMBERS,
            )
            # Concluded at the meeting that held it, not today.
            held = datetime.combine(slot.due_on, time(18, 0), tzinfo=ZoneInfo(community.time_zone))
            Evaluation.objects.filter(pk=evaluation.pk).update(concluded_at=held, announced_at=held)
        made.append(evaluation)
    coming = services.evaluation_schedule_next(community, today)
    if coming is not None and coming not in made:
        made.append(coming)
    return made
