"""Generated communities for the benchmarks, built in bulk on an empty database.

The services create the community (and with it the guide's 8 roles); everything there is
a lot of goes in with `bulk_create`, so the large community is ready in a second or two.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import User
from terreau.communities import services
from terreau.communities.models import (
    GUIDE_ROLES,
    Community,
    JoinRequest,
    Membership,
    Phase,
    Role,
    RoleAssignment,
    RoleKind,
)
from terreau.core.models import Visibility
from terreau.demo.data import BIOS, EXPERTISE, FIRST_NAMES, LAST_NAMES, ORGANISATIONS, TERRITORIES

# Every 14th person lives in Ciney (the first territory), so a directory search finds some.
SEARCH = "Ciney"

CUSTOM_ROLE_NAMES = [
    "Coordination du groupe cantines",
    "Veille sur les fonds LEADER",
    "Accueil des nouveaux membres",
    "Parrainage",
    "Secrétariat des rencontres",
    "Gestion de la bibliothèque",
    "Modération du forum",
    "Relations avec la presse",
    "Suivi des projets de coopération",
    "Cartographie des acteurs",
    "Organisation des visites de terrain",
    "Référent mobilité",
    "Référent tourisme",
    "Référent circuits courts",
    "Évaluation",
    "Traduction",
    "Photographie",
    "Lettre d'information",
    "Trésorerie des événements",
    "Liaison avec le réseau wallon",
    "Animation des webinaires",
    "Archivage",
]


@dataclass(frozen=True)
class Size:
    name: str
    members: int  # active members of the measured community
    custom_roles: int  # added to the guide's 8
    core_team: int
    former_members: int  # left or removed: in the table, never on the pages
    pending_requests: int
    role_holders: float  # share of the members who hold one role or more
    sponsored: float  # share of the other members who have a sponsor
    stakeholders: int = 5
    charter_versions: int = 2
    actions: int = 5


SMALL = Size(
    "small",
    members=10,
    custom_roles=0,
    core_team=3,
    former_members=1,
    pending_requests=1,
    role_holders=0.5,
    sponsored=0.3,
)
LARGE = Size(
    "large",
    members=2000,
    custom_roles=22,
    core_team=6,
    former_members=100,
    pending_requests=20,
    role_holders=0.25,
    sponsored=0.3,
    stakeholders=300,
    charter_versions=50,
    actions=200,
)
SIZES = [SMALL, LARGE]

# Two other communities, the same at both sizes, so that the community list has more than one.
NEIGHBOURS = [
    ("Voisine publique", "voisine-publique", Community.Listing.PUBLIC),
    ("Voisine privée", "voisine-privee", Community.Listing.PRIVATE),
]
NEIGHBOUR_MEMBERS = 5


@dataclass
class Scenario:
    viewer: User  # a core team member of `community`: sees every part of every page
    member: User  # a member outside the core team
    community: Community
    search: str
    counts: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def build(size: Size, *, seed: int = 11) -> Scenario:
    rng = random.Random(seed)
    now = timezone.now()
    admin = User(email="admin@bench.terreau.test", display_name="Admin Bench", is_staff=True, is_superuser=True)
    admin.set_unusable_password()
    admin.save()

    people = User.objects.bulk_create(
        _person(index, rng) for index in range(size.members + size.former_members + size.pending_requests)
    )
    active = people[: size.members]
    former = people[size.members : size.members + size.former_members]
    requesters = people[size.members + size.former_members :]

    community = services.community_create(
        actor=admin,
        name="Circuits courts alimentaires",
        slug="circuits-courts",
        purpose="Partager entre GAL les pratiques qui font vivre les circuits courts.",
        themes="vente directe, logistique, cantines, transformation",
    )
    Community.objects.filter(pk=community.pk).update(phase=Phase.RUN)

    memberships = Membership.objects.bulk_create(
        Membership(
            community=community,
            user=user,
            category=rng.choices(list(Membership.Category), weights=[8, 1, 1])[0],
            engagement=rng.choices(list(Membership.Engagement), weights=[1, 3, 3, 4])[0],
            joined_at=now - timedelta(days=rng.randint(1, 400)),
            is_core_team=position < size.core_team,
        )
        for position, user in enumerate(active)
    )
    Membership.objects.bulk_create(
        Membership(
            community=community,
            user=user,
            status=rng.choice([Membership.Status.LEFT, Membership.Status.REMOVED]),
            joined_at=now - timedelta(days=rng.randint(200, 600)),
            ended_at=now - timedelta(days=rng.randint(1, 199)),
        )
        for user in former
    )
    JoinRequest.objects.bulk_create(
        JoinRequest(community=community, user=user, message="Je voudrais rejoindre la communauté.")
        for user in requesters
    )

    # Sponsors come from the core team and the first tenth of the members, as in a real community.
    sponsors = memberships[: max(size.core_team, size.members // 10)]
    newcomers = [m for m in memberships[size.core_team :] if rng.random() < size.sponsored]
    for membership in newcomers:
        membership.sponsor = rng.choice([s for s in sponsors if s.pk != membership.pk])
    Membership.objects.bulk_update(newcomers, ["sponsor"], batch_size=500)

    Role.objects.bulk_create(
        Role(
            community=community,
            name=CUSTOM_ROLE_NAMES[index % len(CUSTOM_ROLE_NAMES)],
            description="Un rôle ajouté par le noyau pour les besoins de la communauté.",
            hours_per_month=rng.choice([1, 2, 3, 4]),
            visibility=rng.choices(list(Visibility), weights=[2, 6, 2])[0],
            position=len(GUIDE_ROLES) + index,
        )
        for index in range(size.custom_roles)
    )
    roles = list(community.roles.order_by("position", "id"))
    Role.objects.filter(community=community, kind=RoleKind.FACILITATION).update(visibility=Visibility.PUBLIC)
    # The last two roles stay unheld: they fall to the core team, which the pages show.
    holdable = roles[:-2]
    pairs = {(roles[0].pk, memberships[0].pk)}  # the viewer facilitates
    for membership in rng.sample(memberships, int(size.members * size.role_holders)):
        for role in rng.sample(holdable, rng.randint(1, 3)):
            pairs.add((role.pk, membership.pk))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(role_id=role_id, membership_id=membership_id, assigned_by=admin)
        for role_id, membership_id in sorted(pairs)
    )

    for name, slug, listing in NEIGHBOURS:
        neighbour = services.community_create(
            actor=admin, name=name, slug=slug, purpose="Une autre communauté du réseau.", listing=listing
        )
        Membership.objects.bulk_create(
            Membership(community=neighbour, user=user, is_core_team=position < 2)
            for position, user in enumerate(rng.sample(people[1:], NEIGHBOUR_MEMBERS))
        )

    _workspace(community, size, memberships[0], rng)

    return Scenario(
        viewer=active[0],
        member=active[size.core_team],
        community=community,
        search=SEARCH,
        counts={
            "members": len(memberships),
            "former_members": len(former),
            "core_team": size.core_team,
            "roles": len(roles),
            "role_assignments": len(pairs),
            "sponsored": len(newcomers),
            "pending_requests": len(requesters),
            "search_matches": sum(1 for user in active if SEARCH in user.territory),
            "stakeholders": size.stakeholders,
            "charter_versions": size.charter_versions,
            "actions": size.actions,
        },
    )


def _workspace(community, size: Size, core: Membership, rng: random.Random) -> None:
    """The lifecycle workspace: every question answered, a stakeholder map, a charter's history, actions."""
    from terreau.charter.models import Charter, CharterVersion
    from terreau.definition.models import Stakeholder
    from terreau.launch.models import Action
    from terreau.lifecycle.models import Answer
    from terreau.lifecycle.questions import QUESTIONS

    Answer.objects.bulk_create(
        Answer(community=community, question=q.key, text="Décidé ensemble.", status="settled", assignee=core)
        for q in QUESTIONS
    )
    Stakeholder.objects.bulk_create(
        Stakeholder(
            community=community,
            name=f"Partie prenante {index}",
            organisation=f"Organisation {index % 40}",
            interest=rng.randint(1, 5),
            influence=rng.randint(1, 5),
            visibility=Visibility.MEMBERS,
        )
        for index in range(size.stakeholders)
    )
    charter = Charter.objects.create(community=community)
    versions = CharterVersion.objects.bulk_create(
        CharterVersion(
            charter=charter,
            number=number,
            author=core.user,
            sections={"purpose": f"Raison d'être, version {number}. " * 20, "decisions": "Par consentement."},
        )
        for number in range(1, size.charter_versions + 1)
    )
    charter.adopted_version = versions[-1]
    charter.save(update_fields=["adopted_version"])
    today = timezone.localdate()
    themes = list(community.themes.all())
    actions = Action.objects.bulk_create(
        Action(
            community=community,
            title=f"Action {index}",
            theme=rng.choice(themes + [None]),
            due_date=today + timedelta(days=rng.randint(-30, 120)),
            status=rng.choice(list(Action.Status)),
            needs_support=rng.random() < 0.1,
        )
        for index in range(size.actions)
    )
    Action.owners.through.objects.bulk_create(
        Action.owners.through(action_id=action.pk, membership_id=core.pk) for action in actions
    )


def _person(index: int, rng: random.Random) -> User:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
    user = User(
        email=f"personne{index}@bench.terreau.test",
        display_name=f"{first} {last}",
        organisation=rng.choice(ORGANISATIONS),
        territory=TERRITORIES[index % len(TERRITORIES)],
        expertise=", ".join(rng.sample(EXPERTISE, 2)),
        bio=rng.choice(BIOS),
        language="fr",
    )
    user.set_unusable_password()
    return user
