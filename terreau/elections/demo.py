"""Demo data of the elections, for `terreau.demo.data` to call on the running community.

    from terreau.elections import demo as elections_demo
    elections_demo.demo_load(community=community, core=membership_of_a_core_member)

One election without candidates, completed two months ago by the core team: the facilitation
role for a year, with its nominations, a change and the consent round in French. And an open
call for role volunteers ("appel aux forces vives") with two volunteers waiting for an answer.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.circles.services import core_team_circle
from terreau.communities.models import Community, Membership, Role, RoleAssignment, RoleKind

from .models import Answer, Election, Nomination, Proposal, Step
from .services import elections as election_services
from .services import role_calls as call_services

AGO = timedelta(days=60)


def demo_load(*, community: Community, core: Membership) -> None:
    _election(community, core)
    _role_call(community, core)


def _election(community: Community, core: Membership) -> None:
    actor = core.user
    team = list(
        Membership.objects.filter(community=community, is_core_team=True, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    facilitation = Role.objects.get(community=community, kind=RoleKind.FACILITATION)
    holder = Membership.objects.filter(role_assignments__role=facilitation).first() or team[0]
    election = election_services.election_create(
        actor=actor,
        community=community,
        subject=Election.Subject.ROLE,
        role=facilitation,
        circle=core_team_circle(community),
        description=(
            "Animer la communauté : encourager les échanges, préparer la rencontre mensuelle, envoyer "
            "le message de la semaine. Environ une heure par semaine, pour un an."
        ),
        term_months=12,
        facilitator=core,
    )

    def move(name):
        election.refresh_from_db()
        election_services.election_move(actor=actor, election=election, version=election.version, move=name)

    move("open_nominations")
    others = [member for member in team if member.pk != holder.pk]
    reasons = {
        holder.pk: (others[0], "Connaît déjà tous les GAL du réseau et ose relancer les membres silencieux."),
        others[0].pk: (holder, "A animé la journée de lancement avec brio : tout le monde l'a remarqué."),
    }
    for extra in others[1:]:
        reasons[extra.pk] = (others[0], "Répond toujours dans la journée sur le fil des échanges.")
    for member in team:
        nominee, reason = reasons[member.pk]
        election_services.nominate(actor=member.user, election=election, nominee=nominee, reason=reason)
    move("reveal")
    move("open_changes")
    for extra in others[1:]:
        election_services.nominate(
            actor=extra.user,
            election=election,
            nominee=holder,
            reason="Après le tour de révélation : son expérience de la journée de lancement m'a convaincu.",
        )
    move("close_changes")
    election.refresh_from_db()
    election_services.propose(
        actor=actor,
        election=election,
        version=election.version,
        nominee=holder,
        reason="Le plus de soutiens : l'expérience de la journée de lancement et le lien avec tous les GAL.",
    )
    for member in others:
        election_services.answer(actor=member.user, election=election, choice=Answer.Choice.CONSENT)
    election_services.answer(
        actor=holder.user, election=election, choice=Answer.Choice.CONSENT, reason="Avec plaisir, pour un an."
    )
    # Dated two months back, each step a day after the one before.
    election.refresh_from_db()
    start = timezone.now() - AGO
    Election.objects.filter(pk=election.pk).update(
        created_at=start, term_ends_on=election_services.term_end(timezone.localdate(start), 12)
    )
    for day, step in enumerate(Step.objects.filter(election=election).order_by("pk")):
        Step.objects.filter(pk=step.pk).update(at=start + timedelta(days=day, hours=1))
    Nomination.objects.filter(election=election).update(created_at=start + timedelta(days=1, hours=3))
    Proposal.objects.filter(election=election).update(created_at=start + timedelta(days=5))
    Answer.objects.filter(proposal__election=election).update(created_at=start + timedelta(days=6))
    RoleAssignment.objects.filter(role=facilitation, membership=holder).update(
        term_ends_on=election_services.term_end(timezone.localdate(start), 12)
    )


def _role_call(community: Community, core: Membership) -> None:
    call = call_services.role_call_create(
        actor=core.user,
        community=community,
        title="Appel aux forces vives : veille, formalisation et outils",
        text=(
            "Trois rôles attendent encore preneur : la veille (repérer ce qui se publie sur les circuits "
            "courts), la formalisation des fiches de bonnes pratiques et l'aide aux outils. Une à deux "
            "heures par mois chacun. Proposez-vous avec un mot sur vos raisons : le noyau dur vous répond "
            "dans la semaine."
        ),
        roles=Role.objects.filter(
            community=community, kind__in=[RoleKind.WATCH, RoleKind.FORMALISATION, RoleKind.IT_TOOLS]
        ),
    )
    volunteers = list(
        Membership.objects.filter(community=community, is_core_team=False, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__email")[:2]
    )
    words = [
        (RoleKind.WATCH, "Je lis déjà la presse agricole chaque semaine : autant en faire profiter tout le monde."),
        (RoleKind.FORMALISATION, "J'ai rédigé les fiches du GAL l'an dernier, je connais le modèle."),
    ]
    for member, (kind, motivation) in zip(volunteers, words, strict=False):
        call_services.volunteer(
            actor=member.user, call=call, role=Role.objects.get(community=community, kind=kind), motivation=motivation
        )
