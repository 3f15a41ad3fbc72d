"""Demo decisions of "Circuits courts alimentaires": a year of consent decisions in the core team
and a working group (adopted ones with their rounds, one withdrawn, one in its objection round
now), tensions, and the charter adopted by the core team's consent.

The past is written directly, dated, in bulk: the services would date everything now and tell
everyone. Only the charter's adoption is announced, so that the charter marks its version adopted
the way it always does (charter/subscribers.py).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import User
from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.circles.services import core_team_circle
from terreau.communities.models import Community, Membership
from terreau.core import events

from . import services
from .models import Proposal, ProposalRevision, ProposalStep, Question, Response, State, Tension

Kind = ProposalStep.Kind

# title, text, circle ("core" or "group"), days ago it was adopted, review in days (None), themes
# (by name, when the community has them), an objection integrated (its text, the integrated text).
ADOPTED = [
    (
        "Rythme des rencontres : une rencontre par mois",
        "Nous nous retrouvons **une fois par mois**, en alternance en présentiel (chez un GAL membre) et en "
        "visioconférence, le deuxième jeudi de 9 h 30 à 12 h.\n\nLes dates de l'année sont fixées en janvier.",
        "core",
        300,
        60,
        [],
        None,
    ),
    (
        "Accueil des nouveaux membres par un parrain ou une marraine",
        "Chaque nouveau membre est accueilli par un·e membre du noyau dur ou un·e membre porteur·se, qui "
        "l'appelle dans la semaine et l'accompagne lors de sa première rencontre.",
        "core",
        260,
        None,
        [],
        None,
    ),
    (
        "Charte graphique commune pour les fiches bonnes pratiques",
        "Les fiches bonnes pratiques suivent le modèle du guide (contexte, démarche, résultats, conditions "
        "de réussite) et sont relues par une autre personne avant publication.",
        "group",
        230,
        None,
        ["vente directe"],
        None,
    ),
    (
        "Test d'une tournée logistique mutualisée entre trois GAL",
        "Pendant trois mois, les GAL Condroz-Famenne, Pays des Condruses et Entre-Sambre-et-Meuse testent une "
        "tournée commune de collecte chez les producteurs, avec le camion frigorifique de la coopérative.",
        "group",
        200,
        20,
        ["logistique"],
        (
            "Sans clé de répartition des coûts, les petits GAL risquent de payer autant que les grands : "
            "cela freinerait la participation, contraire à notre but d'entraide.",
            "Pendant trois mois, les GAL Condroz-Famenne, Pays des Condruses et Entre-Sambre-et-Meuse testent une "
            "tournée commune de collecte chez les producteurs, avec le camion frigorifique de la coopérative.\n\n"
            "Les coûts sont répartis **au prorata du nombre de producteurs** desservis dans chaque GAL.",
        ),
    ),
    (
        "Partage des contacts des cantines scolaires",
        "Les contacts des responsables de cantines scolaires et d'économats communaux sont partagés dans la "
        "base de connaissances, visibles des seuls membres.",
        "group",
        170,
        None,
        ["vente directe"],
        None,
    ),
    (
        "Budget pour une visite d'étude en Flandre",
        "Le noyau dur consacre 1 200 € du budget annuel à une visite d'étude de deux jours auprès de la "
        "coopérative Boeren en Buren, ouverte à huit membres.",
        "core",
        140,
        None,
        [],
        (
            "Huit places, c'est peu : les membres des GAL éloignés ne pourront pas venir. Proposons un "
            "compte rendu filmé pour que tout le monde en profite.",
            "Le noyau dur consacre 1 200 € du budget annuel à une visite d'étude de deux jours auprès de la "
            "coopérative Boeren en Buren, ouverte à huit membres.\n\nLa visite fait l'objet d'un compte rendu "
            "filmé et d'une séance de partage en visioconférence ouverte à tous les membres.",
        ),
    ),
    (
        "Groupe de travail « Logistique » : mandat d'un an",
        "Le groupe de travail Logistique reçoit un mandat d'un an pour cartographier les points de dépôt "
        "collectifs et proposer un schéma de mutualisation. Il rend compte à chaque rencontre mensuelle.",
        "core",
        120,
        245,
        ["logistique"],
        None,
    ),
    (
        "Points de dépôt : critères communs",
        "Un point de dépôt collectif doit offrir une chambre froide, un accès aux heures de bureau et un "
        "référent identifié. Les points qui ne remplissent pas ces critères sont signalés sur la carte.",
        "group",
        90,
        None,
        ["logistique"],
        None,
    ),
    (
        "Webinaire trimestriel ouvert aux producteurs",
        "Une fois par trimestre, la communauté organise un webinaire d'une heure ouvert aux producteurs des "
        "territoires, sur un thème choisi par les membres.",
        "core",
        60,
        120,
        ["vente directe"],
        None,
    ),
    (
        "Réponse commune à l'appel à projets « Alimentation durable »",
        "Les GAL membres déposent une réponse commune à l'appel à projets régional, coordonnée par le GAL "
        "Condroz-Famenne ; chaque GAL rédige le volet de son territoire.",
        "core",
        25,
        10,
        [],
        None,
    ),
]

WITHDRAWN = (
    "Application mobile dédiée pour les commandes groupées",
    "Développer une application mobile pour les commandes groupées des cantines.",
    "Retirée : les outils existants des coopératives suffisent, voir la tension sur les doublons d'outils.",
)

IN_OBJECTIONS = (
    "Rotation de l'animation des rencontres mensuelles",
    "À partir de la rentrée, l'animation des rencontres mensuelles tourne entre les membres volontaires "
    "du noyau dur et des groupes de travail, avec une fiche d'animation commune.",
)

TENSIONS = [
    (
        "Les comptes rendus arrivent trop tard",
        "Les comptes rendus des rencontres arrivent deux à trois semaines après : les absents décrochent, "
        "et les actions décidées ne démarrent pas.",
        "core",
        None,
    ),
    (
        "Doublons d'outils de commande entre coopératives",
        "Chaque coopérative a son propre outil de commande ; les cantines doivent jongler entre trois plateformes.",
        "group",
        "Pris en compte dans la proposition sur les points de dépôt.",
    ),
]


def _members(circle: Circle) -> list[Membership]:
    return list(services.participants(circle).select_related("user").order_by("pk"))


def _working_group(community: Community, core: Membership) -> Circle:
    """The logistics working group (the circles' own demo may add others)."""
    circle = Circle.objects.filter(community=community, kind=CircleKind.WORKING_GROUP).order_by("pk").first()
    if circle is None:
        circle = Circle.objects.create(
            community=community,
            kind=CircleKind.WORKING_GROUP,
            name="Logistique et points de dépôt",
            purpose="Mutualiser la logistique du dernier kilomètre entre GAL.",
            visibility="members",
        )
    if not circle.members.exists():
        members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).order_by("pk")[:6]
        CircleMember.objects.bulk_create(
            [CircleMember(circle=circle, membership=m, is_coordinator=m == core) for m in members],
            ignore_conflicts=True,
        )
    return circle


def _write(
    *,
    community: Community,
    circle: Circle,
    proposer: User,
    title: str,
    text: str,
    start,
    state: str,
    people: list[Membership],
    visibility: str = "members",
    review_on=None,
    objection=None,
    subject: str = "",
    themes=(),
    answered: int | None = None,
) -> Proposal:
    """One proposal and its dated past: each step a day or two after the one before."""
    clock = [start]

    def later(hours=20):
        clock[0] += timedelta(hours=hours)
        return clock[0]

    proposal = Proposal.objects.create(
        community=community,
        circle=circle,
        title=title,
        text=text,
        proposer=proposer,
        deadline=start + timedelta(days=14),
        review_on=review_on,
        visibility=visibility,
        subject=subject,
        state=state,
    )
    proposal.themes.set(themes)
    revisions = [ProposalRevision(proposal=proposal, number=1, title=title, text=text, author=proposer)]
    steps = [ProposalStep(proposal=proposal, kind=Kind.CREATED, actor=proposer, at=start)]
    responses = []
    steps.append(ProposalStep(proposal=proposal, kind=Kind.OPENED, actor=proposer, at=later(1)))
    asker = next((m for m in people if m.user_id != proposer.pk), None)
    if asker is not None:
        asked = later(6)
        Question.objects.create(
            proposal=proposal,
            asker=asker.user,
            text="Qui s'en charge concrètement, et à partir de quand ?",
            answer="Le groupe concerné, dès la prochaine rencontre mensuelle.",
            answered_at=later(10),
        )
        steps += [
            ProposalStep(proposal=proposal, kind=Kind.ASKED, actor=asker.user, at=asked),
            ProposalStep(proposal=proposal, kind=Kind.ANSWERED, actor=proposer, at=clock[0]),
        ]
    if state == State.WITHDRAWN:
        steps.append(ProposalStep(proposal=proposal, kind=Kind.WITHDRAWN, actor=proposer, at=later(30)))
        proposal.decided_at = clock[0]
    else:
        steps.append(ProposalStep(proposal=proposal, kind=Kind.REACTIONS, actor=proposer, at=later(2)))
        reactions = ["Bonne idée.", "D'accord, à condition de faire le point dans six mois.", "Je soutiens."]
        for index, member in enumerate(people):
            at = later(5)
            responses.append(Response(proposal=proposal, membership=member, kind="reaction", text=reactions[index % 3]))
            steps.append(ProposalStep(proposal=proposal, kind=Kind.REACTED, actor=member.user, at=at))
        steps.append(ProposalStep(proposal=proposal, kind=Kind.AMENDMENT, actor=people[-1].user, at=clock[0]))
        steps.append(ProposalStep(proposal=proposal, kind=Kind.KEPT, actor=proposer, at=later(4)))
        steps.append(ProposalStep(proposal=proposal, kind=Kind.OBJECTIONS, actor=proposer, at=clock[0]))
        answering = people if answered is None else people[:answered]
        last = answering[-1] if answering else None
        objector = last if objection and last is not None and last.user_id != proposer.pk else None
        for member in answering:
            at = later(5)
            if member == objector:
                responses.append(
                    Response(
                        proposal=proposal,
                        membership=member,
                        kind="objection",
                        text=objection[0],
                        status="integrated" if state == State.ADOPTED else "open",
                        resolved_at=at + timedelta(days=2) if state == State.ADOPTED else None,
                    )
                )
                steps.append(ProposalStep(proposal=proposal, kind=Kind.OBJECTED, actor=member.user, at=at))
            else:
                responses.append(Response(proposal=proposal, membership=member, kind="consent"))
                steps.append(ProposalStep(proposal=proposal, kind=Kind.CONSENTED, actor=member.user, at=at))
        if objector is not None and state == State.ADOPTED:
            steps.append(ProposalStep(proposal=proposal, kind=Kind.INTEGRATING, actor=proposer, at=clock[0]))
            revisions.append(
                ProposalRevision(
                    proposal=proposal,
                    number=2,
                    title=title,
                    text=objection[1],
                    note="objection intégrée",
                    author=proposer,
                )
            )
            proposal.text = objection[1]
            steps.append(ProposalStep(proposal=proposal, kind=Kind.AMENDED, actor=proposer, at=later(40)))
            steps.append(
                ProposalStep(
                    proposal=proposal,
                    kind=Kind.INTEGRATED,
                    actor=proposer,
                    on_behalf_of=str(objector.user),
                    at=clock[0],
                )
            )
        if state == State.ADOPTED:
            steps.append(ProposalStep(proposal=proposal, kind=Kind.ADOPTED, actor=proposer, at=clock[0]))
            proposal.decided_at = clock[0]
    ProposalRevision.objects.bulk_create(revisions)
    ProposalStep.objects.bulk_create(steps)
    created = Response.objects.bulk_create(responses)
    # Each response is dated like its step (auto_now_add dated them now).
    said = [s.at for s in steps if s.kind in ("reacted", "consented", "objected")]
    for response, at in zip(created, said, strict=True):
        response.created_at = at
    Response.objects.bulk_update(created, ["created_at"])
    proposal.deadline = max(proposal.deadline, clock[0] + timedelta(days=1))
    proposal.created_at = start
    proposal.save()
    Proposal.objects.filter(pk=proposal.pk).update(created_at=start)
    return proposal


@transaction.atomic
def charter_adopted(*, community: Community, proposer: User, number: int, text: str, days_ago: int = 110) -> Proposal:
    """The charter's version `number`, adopted by the core team's consent `days_ago` days ago: the
    decision is told as it always is, and the charter marks the version adopted (terreau/demo dates
    the feed lines it wrote)."""
    circle = core_team_circle(community)
    start = timezone.now() - timedelta(days=days_ago + 8)
    proposal = _write(
        community=community,
        circle=circle,
        proposer=proposer,
        title=f"Charte, version {number}",
        text=text,
        start=start,
        state=State.ADOPTED,
        people=_members(circle),
        visibility="public",
        subject=f"charter:{number}",
    )
    events.announce(
        events.DECISION_ADOPTED,
        community=community,
        proposal=proposal,
        subject=proposal.subject,
        recipients=[],
        actor=proposer,
        visibility=proposal.visibility,
        url=proposal.get_absolute_url(),
    )
    # The charter's own record of the adoption takes the decision's date.
    community.charter.versions.filter(number=number).update(adopted_at=proposal.decided_at)
    return proposal


def demo_load(*, community: Community, core: Membership) -> None:
    now = timezone.now()
    core_circle = core_team_circle(community)
    group = _working_group(community, core)
    circles = {"core": core_circle, "group": group}
    people = {key: _members(circle) for key, circle in circles.items()}
    themes = {theme.name.lower(): theme for theme in community.themes.all()}
    proposers = {key: [m.user for m in found] or [core.user] for key, found in people.items()}
    for index, (title, text, key, days, review, theme_names, objection) in enumerate(ADOPTED):
        decided = now - timedelta(days=days)
        _write(
            community=community,
            circle=circles[key],
            proposer=proposers[key][index % len(proposers[key])],
            title=title,
            text=text,
            start=decided - timedelta(days=8),
            state=State.ADOPTED,
            people=people[key],
            visibility="public" if index % 3 == 0 else "members",
            review_on=(now + timedelta(days=review)).date() if review else None,
            objection=objection,
            themes=[themes[name] for name in theme_names if name in themes],
        )
    title, text, _note = WITHDRAWN
    _write(
        community=community,
        circle=group,
        proposer=proposers["group"][0],
        title=title,
        text=text,
        start=now - timedelta(days=75),
        state=State.WITHDRAWN,
        people=people["group"],
    )
    # In its objection round now: two have consented, one objected, the others are awaited.
    title, text = IN_OBJECTIONS
    current = _write(
        community=community,
        circle=group,
        proposer=core.user if core in people["group"] else proposers["group"][0],
        title=title,
        text=text,
        start=now - timedelta(days=6),
        state=State.OBJECTIONS,
        people=people["group"],
        objection=(
            "Sans formation, la rotation risque de fragiliser les rencontres : proposons un binôme avec "
            "l'animatrice pendant les trois premiers mois.",
            "",
        ),
        answered=min(3, len(people["group"])),
    )
    Proposal.objects.filter(pk=current.pk).update(deadline=now + timedelta(days=5))
    for days, (title, text, key, closed) in zip((12, 80), TENSIONS, strict=True):
        raiser = proposers[key][-1]
        tension = Tension.objects.create(
            community=community, circle=circles[key], title=title, text=text, raised_by=raiser
        )
        Tension.objects.filter(pk=tension.pk).update(created_at=now - timedelta(days=days))
        if closed:
            Tension.objects.filter(pk=tension.pk).update(
                status=Tension.Status.CLOSED, closed_at=now - timedelta(days=days - 10), closing_note=closed
            )
