"""Demo data of the surveys, for `terreau.demo.data` to call on the running community.

    from terreau.surveys import demo as surveys_demo
    surveys_demo.demo_load(community=community, core=membership_of_a_core_member)

A satisfaction survey closed a month ago with 15 anonymous answers, and a short consultation
open now on the next thematic workshop.
"""

import random
from datetime import timedelta

from django.utils import timezone

from terreau.communities.models import Community, Membership

from . import services
from .models import Participation, Question, Response, Status, Survey

TEXTS = {
    "satisfaction.content_missing": [
        "Des fiches sur la logistique du dernier kilomètre, avec des chiffres de coûts.",
        "Un annuaire des halls relais agricoles en Wallonie.",
        "Les marchés publics pour les cantines : des modèles de cahier des charges.",
        "Plus de retours d'expérience sur les épiceries coopératives.",
    ],
    "satisfaction.value_example": [
        "J'ai repris le modèle de convention de dépôt-vente d'un autre GAL, gain de temps énorme.",
        "Grâce à la visite chez Paysans-Artisans, nous avons lancé un point de retrait à Gesves.",
        "Des contacts avec deux producteurs de la Famenne pour notre marché fermier.",
        "Je me sens moins seule sur ces questions : on partage nos difficultés.",
        "La fiche sur la tournée mutualisée nous a servi pour notre dossier Leader.",
    ],
    "satisfaction.change": [
        "Des rencontres un peu plus courtes, ou en visio une fois sur deux.",
        "Envoyer l'ordre du jour plus tôt.",
        "Plus de visites de terrain, moins de réunions en salle.",
        "Que les coopératives soient davantage associées.",
    ],
}


def _answers(questions: list[Question], rng: random.Random) -> dict:
    found = {}
    for question in questions:
        if question.kind == "likert":
            found[str(question.pk)] = rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 3])[0]
        elif question.kind == "multiple":
            found[str(question.pk)] = sorted(rng.sample(range(len(question.choice_list)), 2))
        elif question.kind == "single":
            found[str(question.pk)] = rng.randrange(len(question.choice_list))
        elif question.guide_key in TEXTS and rng.random() < 0.6:
            found[str(question.pk)] = rng.choice(TEXTS[question.guide_key])
    return found


def demo_load(*, community: Community, core: Membership) -> None:
    rng = random.Random(14)
    today = timezone.localdate()
    actor = core.user
    closed = Survey(opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=40))
    services.survey_create(actor=actor, community=community, survey=closed, template="satisfaction")
    Survey.objects.filter(pk=closed.pk).update(status=Status.CLOSED, announced_on=closed.opens_on)
    questions = list(closed.questions.all())
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).values_list(
            "user_id", flat=True
        )
    )[:15]
    Participation.objects.bulk_create(Participation(survey=closed, user_id=user) for user in members)
    responses = [Response(survey=closed, answers=_answers(questions, rng)) for _number in range(15)]
    Response.objects.bulk_create(sorted(responses, key=lambda found: found.pk.hex))

    consultation = Survey(
        title="Quel thème pour le prochain atelier thématique ?",
        introduction="Le noyau dur prépare l'atelier de printemps : aidez-nous à choisir son thème.",
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=12),
        results_for="members",
    )
    services.survey_create(actor=actor, community=community, survey=consultation)
    Question.objects.bulk_create(
        [
            Question(
                survey=consultation,
                position=1,
                kind="single",
                text="Quel thème vous intéresse le plus ?",
                choices="La logistique mutualisée\nLes cantines scolaires\nLes halls relais agricoles\n"
                "La communication vers les consommateurs",
            ),
            Question(survey=consultation, position=2, kind="text", text="Une idée d'intervenant·e ?", required=False),
        ]
    )
    services.survey_open(actor=actor, survey=consultation)
