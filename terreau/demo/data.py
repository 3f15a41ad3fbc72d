"""Demo data in French: a regional rural network with three communities in different phases."""

import random
import time
from datetime import datetime, timedelta
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from terreau.accounts import consent
from terreau.accounts.models import User
from terreau.communities import services
from terreau.communities.models import Community, Membership, Phase, RoleAssignment, RoleKind
from terreau.core.text import fold

DEMO_PASSWORD = "terreau-demo"
# Platform admins sign in with a second factor; the demo admin's authenticator secret is public
# (README) like the password, so that anyone trying the demo can produce the code.
DEMO_ADMIN_EMAIL = "admin@terreau.test"
DEMO_ADMIN_TOTP_SECRET = "TERREAUDEMOADMINTERREAUDEMOADMIN"

# The cast people sign in with; each is a kind of person the access matrix knows.
DEMO_ACCOUNTS = [
    (
        DEMO_ADMIN_EMAIL,
        "Camille Admin",
        "Réseau wallon de développement rural",
        "Namur",
        "administration de la plateforme",
    ),
    ("animatrice@terreau.test", "Sophie Lambert", "GAL Condroz-Famenne", "Ciney", "animation, circuits courts"),
    ("noyau@terreau.test", "Marc Dubois", "GAL Pays des Condruses", "Nandrin", "agriculture, logistique"),
    (
        "membre@terreau.test",
        "Julie Martin",
        "GAL Entre-Sambre-et-Meuse",
        "Philippeville",
        "marchés fermiers, communication",
    ),
    ("observateur@terreau.test", "Thomas Leroy", "Commune de Gesves", "Gesves", "tourisme"),
]

FIRST_NAMES = [
    "Anne",
    "Benoît",
    "Chloé",
    "David",
    "Élise",
    "François",
    "Gaëlle",
    "Hugo",
    "Isabelle",
    "Jérôme",
    "Karine",
    "Laurent",
    "Mélanie",
    "Nicolas",
    "Océane",
    "Pierre",
    "Quentin",
    "Rachel",
    "Sébastien",
    "Valérie",
    "Amandine",
    "Bruno",
    "Céline",
    "Damien",
    "Émilie",
    "Frédéric",
    "Géraldine",
    "Hélène",
    "Ingrid",
    "Joël",
    "Lucie",
    "Mathieu",
    "Nathalie",
    "Olivier",
    "Pauline",
]
LAST_NAMES = [
    "Petit",
    "Durand",
    "Moreau",
    "Simon",
    "Laurent",
    "Michel",
    "Lefèvre",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "André",
    "Renard",
    "Collignon",
    "Delvaux",
    "Jacquemin",
    "Piron",
    "Lemaire",
    "Gillet",
    "Hubert",
    "Maes",
    "Wauters",
    "Dumont",
    "Lejeune",
    "Thiry",
    "Noël",
    "Charlier",
]
ORGANISATIONS = [
    "GAL Condroz-Famenne",
    "GAL Pays des Condruses",
    "GAL Entre-Sambre-et-Meuse",
    "GAL Haute-Sûre Forêt d'Anlier",
    "GAL Ardenne Méridionale",
    "GAL Pays de l'Ourthe",
    "GAL Botte du Hainaut",
    "GAL Meuse@Campagnes",
    "Coopérative Paysans-Artisans",
    "Agence de développement local de Gembloux",
    "Maison du tourisme du Pays de Famenne",
    "Province de Luxembourg",
    "Ferme du Bois Joli",
    "Parc naturel Viroin-Hermeton",
    "Centre rural de mobilité",
]
TERRITORIES = [
    "Ciney",
    "Rochefort",
    "Marche-en-Famenne",
    "Couvin",
    "Florennes",
    "Durbuy",
    "Bastogne",
    "Chimay",
    "Gembloux",
    "Hamois",
    "Havelange",
    "Vielsalm",
    "Bouillon",
    "Andenne",
]
EXPERTISE = [
    "circuits courts",
    "marchés fermiers",
    "transformation à la ferme",
    "logistique alimentaire",
    "cantines scolaires",
    "tourisme rural",
    "hébergement",
    "randonnée",
    "mobilité partagée",
    "covoiturage",
    "transport à la demande",
    "communication",
    "animation de réseaux",
    "fonds européens LEADER",
    "évaluation",
    "économie sociale",
]
BIOS = [
    "Chargée de mission au GAL depuis six ans, j'accompagne les producteurs qui se lancent dans la vente directe.",
    "Agriculteur et administrateur d'une coopérative, je m'intéresse à la logistique partagée entre fermes.",
    "Je coordonne des projets LEADER et j'aime relier les acteurs d'un territoire autour d'un projet commun.",
    "Animatrice territoriale, je travaille sur l'accueil touristique et la valorisation du patrimoine.",
    "Ingénieur en mobilité, je teste des solutions de transport pour les villages éloignés des gares.",
    "",
]

COMMUNITIES = [
    {
        "name": "Circuits courts alimentaires",
        "slug": "circuits-courts",
        "purpose": "Partager entre GAL les pratiques qui font vivre les circuits courts : points de vente collectifs, "
        "logistique partagée, approvisionnement des cantines, accompagnement des producteurs.",
        "themes": "vente directe, logistique, cantines, transformation",
        "listing": Community.Listing.PUBLIC,
        "phase": Phase.RUN,
        "size": 38,
    },
    {
        "name": "Mobilité rurale",
        "slug": "mobilite-rurale",
        "purpose": "Réunir celles et ceux qui cherchent des solutions de mobilité pour les villages : covoiturage, "
        "transport à la demande, voitures partagées.",
        "themes": "covoiturage, transport à la demande, mobilité douce",
        "listing": Community.Listing.PRIVATE,
        "phase": Phase.DEFINE,
        "size": 9,
    },
    {
        "name": "Tourisme durable 2019-2023",
        "slug": "tourisme-durable",
        "purpose": "Communauté des GAL porteurs de projets de tourisme durable pendant la programmation 2019-2023, "
        "clôturée après le transfert de ses connaissances.",
        "themes": "hébergement, randonnée, patrimoine",
        "listing": Community.Listing.PUBLIC,
        "phase": Phase.CLOSED,
        "size": 14,
    },
]


def demo_loaded() -> bool:
    return Community.objects.exists()


@transaction.atomic
def demo_load(*, seed: int = 7) -> dict[str, User]:
    rng = random.Random(seed)
    cast = {}
    for email, name, organisation, territory, expertise in DEMO_ACCOUNTS:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=name,
            organisation=organisation,
            territory=territory,
            expertise=expertise,
            bio=rng.choice(BIOS),
        )
        # The demo's people accepted the terms and the privacy notice when they signed up.
        consent.accept(user=user)
        cast[email.split("@")[0]] = user
    admin = cast["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    _verify_emails(cast.values())
    demo_admin_second_factor()

    people = []
    for index, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        people.append(
            User(
                email=f"{_ascii(first)}.{_ascii(last)}@exemple.be".lower(),
                display_name=f"{first} {last}",
                organisation=rng.choice(ORGANISATIONS),
                territory=rng.choice(TERRITORIES),
                expertise=", ".join(rng.sample(EXPERTISE, 2)),
                bio=rng.choice(BIOS),
                language="en" if index % 11 == 0 else "fr",
            )
        )
    for person in people:
        person.set_unusable_password()
    people = User.objects.bulk_create(people)

    now = timezone.now()
    for spec in COMMUNITIES:
        community = services.community_create(
            actor=admin,
            name=spec["name"],
            slug=spec["slug"],
            purpose=spec["purpose"],
            themes=spec["themes"],
            listing=spec["listing"],
        )
        Community.objects.filter(pk=community.pk).update(phase=spec["phase"])
        members = [cast["animatrice"], cast["noyau"]]
        if spec["slug"] == "circuits-courts":
            members += [cast["membre"], cast["observateur"]]
        others = rng.sample(people, spec["size"] - len(members) - 2) if spec["slug"] == "circuits-courts" else None
        members += others if others is not None else rng.sample(people, spec["size"] - len(members))
        third_core = members[4] if spec["slug"] == "circuits-courts" else members[2]
        memberships = Membership.objects.bulk_create(
            Membership(
                community=community,
                user=user,
                category=rng.choices(list(Membership.Category), weights=[8, 1, 1])[0],
                engagement=rng.choices(list(Membership.Engagement), weights=[1, 3, 3, 4])[0],
                joined_at=now - timedelta(days=rng.randint(2, 400)),
                is_core_team=position < 2 or user == third_core,
            )
            for position, user in enumerate(members)
        )
        by_user = {m.user_id: m for m in memberships}
        for membership in memberships:
            if membership.is_core_team or membership.user_id in {u.pk for u in cast.values()}:
                membership.category = Membership.Category.PERMANENT
        by_user[cast["animatrice"].pk].engagement = Membership.Engagement.DRIVER
        by_user[cast["noyau"].pk].engagement = Membership.Engagement.DRIVER
        if cast["observateur"].pk in by_user:
            by_user[cast["observateur"].pk].engagement = Membership.Engagement.OBSERVER
            by_user[cast["membre"].pk].engagement = Membership.Engagement.CARRIER
        for membership in memberships[6:]:
            if rng.random() < 0.3:
                membership.sponsor = rng.choice(memberships[:6])
        if cast["membre"].pk in by_user:
            by_user[cast["membre"].pk].sponsor = by_user[cast["animatrice"].pk]
        Membership.objects.bulk_update(memberships, ["category", "engagement", "sponsor"])
        roles = {role.kind: role for role in community.roles.all()}
        holders = [
            (RoleKind.FACILITATION, cast["animatrice"]),
            (RoleKind.LOGISTICS, cast["noyau"]),
            (RoleKind.CONTENT, third_core),
            (RoleKind.COMMUNICATION, members[-2]),
            (RoleKind.RESOURCE_PERSON, members[-1]),
        ]
        if spec["phase"] == Phase.DEFINE:
            holders = holders[:2]  # a community being defined has not shared its roles out yet
        RoleAssignment.objects.bulk_create(
            RoleAssignment(role=roles[kind], membership=by_user[user.pk], assigned_by=admin) for kind, user in holders
        )
        if spec["slug"] == "circuits-courts":
            facilitation = roles[RoleKind.FACILITATION]
            facilitation.visibility = "public"
            facilitation.save(update_fields=["visibility"])
        if spec["phase"] == Phase.CLOSED:
            Membership.objects.filter(community=community).update(joined_at=now - timedelta(days=900))
    _lifecycle_demo(cast)
    _launch_demo(cast)
    return cast


def _launch_demo(cast) -> None:
    """Stakeholders, charter, call, launch day, activities and actions, in keeping with each phase."""
    from terreau.calls import demo as calls_demo
    from terreau.calls import services as calls
    from terreau.charter import services as charter
    from terreau.circles import demo as circles_demo
    from terreau.closing import demo as closing_demo
    from terreau.decisions import demo as decisions_demo
    from terreau.definition import demo as definition_demo
    from terreau.definition.models import Stakeholder
    from terreau.demo.closed import fill_closed_community
    from terreau.elections import demo as elections_demo
    from terreau.evaluations import demo as evaluations_demo
    from terreau.events import demo as events_demo
    from terreau.exchanges import demo as exchanges_demo
    from terreau.exchanges.models import FeedItem, Notification
    from terreau.ideas import demo as ideas_demo
    from terreau.knowledge import demo as knowledge_demo
    from terreau.launch import services as launch
    from terreau.launch.models import Action
    from terreau.retrospectives import demo as retrospectives_demo
    from terreau.stats import demo as stats_demo
    from terreau.surveys import demo as surveys_demo

    noyau = cast["noyau"]
    running = Community.objects.get(slug="circuits-courts")
    defining = Community.objects.get(slug="mobilite-rurale")
    closed = Community.objects.get(slug="tourisme-durable")
    # The closed community is filled while it lives its close phase (a closed community refuses
    # every write, the demo's services' too), then closed at the end.
    Community.objects.filter(pk=closed.pk).update(phase=Phase.CLOSE)
    closed.refresh_from_db()
    today = timezone.localdate()

    # Being defined: a first stakeholder map, and a call to gauge interest.
    Stakeholder.objects.bulk_create(
        Stakeholder(community=defining, name=name, organisation=org, kind=kind, interest=i, influence=f, involve=True)
        for name, org, kind, i, f in [
            ("Service mobilité", "Province de Namur", "public_body", 4, 5),
            ("Centrale des moins mobiles", "ASBL", "association", 5, 2),
            ("TEC", "Opérateur de transport public", "business", 3, 5),
        ]
    )
    calls.call_create(
        actor=noyau,
        community=defining,
        title="Rejoignez la communauté Mobilité rurale",
        text="Vous cherchez des solutions de mobilité pour les villages ? Dites-nous ce qui vous motive.",
        closes_on=today + timedelta(days=30),
        questions=[calls.Question(text="Quelle solution avez-vous déjà testée ?", required=False)],
    )

    # Running: its definition, adopted charter, launch day, rhythm and 3-month plan.
    core = Membership.objects.get(community=running, user=noyau)
    definition_demo.demo_load(community=running, core=core)
    knowledge_demo.demo_load(community=running, core=core)
    _spread_knowledge_history(running)
    exchanges_demo.demo_load(community=running, core=core)
    for community in (running, closed):
        draft = charter.first_draft(community)
        draft["working_rules"] = (
            "Chacun·e partage ce qu'il ou elle sait ; on cite ses sources ; on répond dans la semaine."
        )
        draft["decisions"] = (
            "Décision par consentement au sein du noyau dur ; les membres sont consultés sur la charte."
        )
        version = charter.charter_save(community=community, actor=noyau, sections=draft, base_number=0)
        # Adopted by the core team's consent, as every charter is.
        decided = decisions_demo.charter_adopted(
            community=community, proposer=noyau, number=version.number, text=charter.charter_markdown(version)
        )
        urls = [decided.get_absolute_url(), community.charter.get_absolute_url()]
        FeedItem.objects.filter(community=community, url__in=urls).update(created_at=decided.decided_at)
        Notification.objects.filter(community=community, url__in=urls).update(
            created_at=decided.decided_at, emailed_at=decided.decided_at
        )
    # The launch day, on a Thursday seven months ago (so that the evaluations at 3 and 6 months are
    # behind it), with the guide's agenda, attendance and minutes.
    launch_date = today - timedelta(days=215)
    launch_date -= timedelta(days=(launch_date.weekday() - 3) % 7)
    launch_day = events_demo.demo_launch_day(
        actor=noyau,
        community=running,
        starts_at=timezone.make_aware(datetime.combine(launch_date, time_of_day(9, 30)), ZoneInfo(running.time_zone)),
        place="Ciney Expo, Ciney",
    )
    events_demo.demo_minutes([launch_day], actor=noyau, skip_every=0)
    launch.activities_suggest(actor=noyau, community=running)
    for title, days, status, support in [
        ("Cartographier les points de vente collectifs", 20, Action.Status.DOING, False),
        ("Visite de la coopérative Paysans-Artisans", 35, Action.Status.TODO, False),
        ("Fiche bonne pratique : la logistique mutualisée", -5, Action.Status.DOING, True),
        ("Contacter les cantines scolaires de Ciney", 50, Action.Status.BLOCKED, False),
        ("Synthèse de la journée de lancement", -20, Action.Status.DONE, False),
    ]:
        action = Action(
            community=running, title=title, due_date=today + timedelta(days=days), status=status, needs_support=support
        )
        # A member carries the overdue one: she gives its news herself (the facilitator's weekly hour).
        owners = [core, Membership.objects.get(community=running, user=cast["membre"])] if days == -5 else [core]
        launch.action_save(actor=noyau, action=action, owners=owners)
    events_demo.demo_load(community=running, core=core)
    _circles_tie(running, core, circles_demo.demo_load(community=running, core=core))
    decisions_demo.demo_load(community=running, core=core)
    surveys_demo.demo_load(community=running, core=core)
    calls_demo.demo_load(community=running, core=core)  # a year of recruitment, the weekly hour's cases
    elections_demo.demo_load(community=running, core=core)
    ideas_demo.demo_load(community=running, core=core)
    _date_feed_as_published(running)  # the minutes, announced when they were written
    stats_demo.demo_load(community=running)  # a year of activity over all the above
    # The evaluations at 3 and 6 months (their figures read from the statistics), concluded, some
    # renewal items made actions; the next planned.
    evaluations_demo.demo_load(community=running, core=core)
    # The closed community's knowledge, transfer records, questions and meetings of 2023, written
    # while it lives its close phase: what its archive keeps.
    fill_closed_community(closed, Membership.objects.get(community=closed, user=noyau))
    retrospectives_demo.demo_load(running=running, closed=closed)  # the close's, and one open for cards
    Community.objects.filter(pk=closed.pk).update(phase=Phase.CLOSED)
    closed.refresh_from_db()
    # Closed: its recognition, the organisations given its knowledge, its celebration, its archives.
    closing_demo.demo_load(community=closed, core=Membership.objects.get(community=closed, user=noyau))


def _circles_tie(community, core, circles) -> None:
    """The groups' knowledge activities, questions and meetings point to their circles."""
    from terreau.events.services import events as event_services
    from terreau.exchanges.models import Question
    from terreau.knowledge.models import ActivityTag

    words = {
        circles["logistics"]: ("logisti", "camion", "livraisons"),
        circles["canteens"]: ("cantine",),
        circles["hall"]: ("halle",),
    }
    for circle, found in words.items():
        for word in found:
            ActivityTag.objects.filter(community=community, name__icontains=word).update(circle=circle)
            Question.objects.filter(title__icontains=word, community=community, circle=None).update(circle=circle)
    zone = ZoneInfo(community.time_zone)
    today = timezone.localdate()
    logistics, canteens = circles["logistics"], circles["canteens"]
    for circle, title, days, hour, online in [
        (logistics, "Réunion du groupe Logistique : les tournées mutualisées", 9, 14, True),
        (canteens, "Atelier cahier des charges pour les cantines", 16, 9, False),
        (logistics, "Visite de la plateforme logistique de Gembloux", 30, 10, False),
    ]:
        starts_at = datetime.combine(today + timedelta(days=days), time_of_day(hour, 0), tzinfo=zone)
        event_services.event_create(
            actor=core.user,
            community=community,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            title=title,
            description=f"Rencontre du {circle.name}.",
            kind="workshop",
            format="online" if online else "in_person",
            online_url="https://visio.example.org/logistique" if online else "",
            place="" if online else "Gembloux",
            visibility=circle.visibility,
            circle=circle,
        )


# What each community's core team has written in its workspace, about its own subject; a question
# it settled without a note here reads DEMO_ANSWER_DEFAULT. The why and the objectives are written
# in the definition (circuits-courts': terreau/definition/demo.py; the others' from here).
DEMO_ANSWER_DEFAULT = "Décidé en réunion du noyau dur ; voir le compte rendu."
DEMO_ANSWERS = {}
DEMO_ANSWERS["circuits-courts"] = {
    "define.stakeholders": "Les GAL, les producteurs et leurs coopératives, les communes (cantines), les agences "
    "de développement local. Voir la cartographie des parties prenantes.",
    "define.needs": "Entretiens menés avec 12 acteurs : la logistique du dernier kilomètre et l'accès aux cantines "
    "reviennent partout.",
    "define.scope": "Wallonie, circuits courts alimentaires, du producteur à l'assiette.",
    "define.members": "Membres permanents : chargé·es de mission des GAL. Invité·es : coopératives, experts en "
    "logistique. Pas les centrales d'achat.",
    "design.core_team": "Sophie, Marc et Nathalie.",
    "design.roles": "Allocation ouverte lors de la réunion du noyau dur ; animation confiée à Sophie.",
    "design.decisions": "Décision par consentement au sein du noyau dur ; consultation des membres pour la charte.",
    "launch.event": "Journée de lancement à Ciney, avec 35 participant·es.",
    "launch.deliverables": "Charte adoptée, qui fait quoi, calendrier et plan d'action à 3 mois publiés.",
}
DEMO_ANSWERS["mobilite-rurale"] = {
    "define.why": "Chaque GAL teste de son côté covoiturage, transport à la demande ou voitures partagées, "
    "souvent sans savoir ce qui a marché ailleurs. La communauté doit faire circuler ces essais.",
    "define.stakeholders": "Les GAL, les communes, la Province (service mobilité), le TEC, les centrales des moins "
    "mobiles et les associations de covoiturage. Voir la cartographie des parties prenantes.",
    "define.needs": "Premiers entretiens (6 sur 10) : le financement des chauffeurs bénévoles et les horaires du "
    "transport à la demande reviennent partout.",
}
DEMO_ANSWERS["tourisme-durable"] = {
    "define.why": "Les GAL montaient chacun leurs circuits de randonnée et leurs hébergements à la ferme ; "
    "ils voulaient partager leurs méthodes pendant la programmation 2019-2023.",
    "define.stakeholders": "Les GAL, les maisons du tourisme, les hébergeurs, les guides nature et le "
    "Commissariat général au tourisme.",
    "define.needs": "Entretiens menés avec 10 acteurs : le balisage des itinéraires et la promotion commune "
    "revenaient partout.",
    "define.objectives": "De l'**entraide** entre porteurs de projets et des **pratiques éprouvées** à transmettre.",
    "define.scope": "Wallonie, tourisme durable : hébergement, randonnée, patrimoine.",
    "define.members": "Chargé·es de mission tourisme des GAL ; maisons du tourisme invitées.",
    "launch.event": "Journée de lancement à Durbuy, avec 28 participant·es.",
    "close.transfer": "Les fiches de la base documentaire sont versées au réseau wallon de développement rural.",
}


def _lifecycle_demo(cast) -> None:
    from terreau.definition.models import CommunityDefinition
    from terreau.lifecycle.models import Answer, PhaseChange
    from terreau.lifecycle.questions import ORDER, QUESTIONS

    animatrice, noyau = cast["animatrice"], cast["noyau"]
    for community in Community.objects.all():
        core = Membership.objects.filter(community=community, user=animatrice).first()
        done = ORDER.index(community.phase)
        answers = []
        for question in QUESTIONS:
            position = ORDER.index(question.phase)
            if position < done or community.phase == Phase.CLOSED:
                status = Answer.Status.SETTLED
            elif position == done and question.key in ("define.why", "define.stakeholders"):
                status = Answer.Status.SETTLED
            elif position == done and question.key == "define.needs":
                status = Answer.Status.IN_PROGRESS
            else:
                continue
            answers.append(
                Answer(
                    community=community,
                    question=question.key,
                    status=status,
                    assignee=core,
                    updated_by=noyau,
                    text=""
                    if question.written_in_tool
                    else DEMO_ANSWERS[community.slug].get(question.key, DEMO_ANSWER_DEFAULT),
                )
            )
        Answer.objects.bulk_create(answers)
        written = DEMO_ANSWERS[community.slug]
        if "define.why" in written:
            CommunityDefinition.objects.create(
                community=community,
                why=written["define.why"],
                objectives_summary=written.get("define.objectives", ""),
                updated_by=noyau,
            )
        PhaseChange.objects.bulk_create(
            PhaseChange(community=community, from_phase=ORDER[i], to_phase=ORDER[i + 1], changed_by=noyau)
            for i in range(done)
        )


def demo_admin_second_factor() -> None:
    """Give the demo admin the documented authenticator secret, unless they already have one."""
    from allauth.mfa.models import Authenticator

    from terreau.accounts.services import second_factor_activate

    admin = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    if admin is not None and not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        second_factor_activate(user=admin, secret=DEMO_ADMIN_TOTP_SECRET)


def demo_admin_code() -> str:
    """The demo admin's current authenticator code."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(DEMO_ADMIN_TOTP_SECRET, int(time.time()) // app_settings.TOTP_PERIOD))


def _verify_emails(users) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )


def _ascii(text: str) -> str:
    return fold(text).replace(" ", "")


def _date_feed_as_published(community: Community) -> None:
    """The feed lines and notifications of the items published since the history was spread
    (the minutes of past meetings) take the date of their publication."""
    from terreau.exchanges.models import FeedItem, Notification
    from terreau.knowledge.models import KnowledgeItem

    for item in KnowledgeItem.objects.filter(community=community, published_at__isnull=False):
        url = item.get_absolute_url()
        FeedItem.objects.filter(community=community, url=url, created_at__gt=item.published_at).update(
            created_at=item.published_at
        )
        Notification.objects.filter(community=community, url=url, created_at__gt=item.published_at).update(
            created_at=item.published_at
        )


def _spread_knowledge_history(community: Community) -> None:
    """The demo's items were published over the past months, not in one afternoon: the feed, the
    digest and the weekly message's draft show the last few, as in a living community."""
    from terreau.exchanges.models import FeedItem, Notification
    from terreau.knowledge.models import KnowledgeItem

    now = timezone.now()
    published = KnowledgeItem.objects.filter(community=community, published_at__isnull=False).order_by("-pk")
    for age, item in enumerate(published):
        when = now - timedelta(days=5 * age + 1, hours=age % 7)
        url = item.get_absolute_url()
        KnowledgeItem.objects.filter(pk=item.pk).update(published_at=when)
        FeedItem.objects.filter(community=community, url=url).update(created_at=when)
        Notification.objects.filter(community=community, url=url).update(created_at=when)
