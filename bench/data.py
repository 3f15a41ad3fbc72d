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
# A word a few knowledge items in ten hold (see KNOWLEDGE_WORDS): the knowledge search finds some.
KNOWLEDGE_SEARCH = "cantines"

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
    questions: int = 10
    answers_per_question: int = 3
    knowledge_items: int = 10
    help_posts: int = 5
    kudos: int = 5
    notifications: int = 10  # the viewer's, across the community
    calls: int = 1
    applications_per_call: int = 3
    meeting_years: int = 1  # the monthly series: two thirds in the past, a third ahead, every month stored
    one_off_events: int = 3
    registrations_per_meeting: int = 5


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
    questions=2000,
    answers_per_question=10,
    knowledge_items=2000,
    help_posts=200,
    kudos=300,
    notifications=500,
    calls=20,
    applications_per_call=25,
    meeting_years=3,
    one_off_events=60,
    registrations_per_meeting=40,
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
    question_id: int = 0  # a question with `answers_per_question` answers, the newest
    item_id: int = 0  # a published good practice the members may read
    knowledge_search: str = KNOWLEDGE_SEARCH
    calendar_key: str = ""  # the viewer's: their calendar feed's address
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
    item_id = _knowledge(community, size, active, rng, now)
    question_id = _exchanges(community, size, active, memberships[0], rng, now)
    _calls(community, size, active[0], rng, now)
    calendar_key, events = _events(community, size, active, memberships[0], rng, now)

    return Scenario(
        viewer=active[0],
        member=active[size.core_team],
        community=community,
        search=SEARCH,
        question_id=question_id,
        item_id=item_id,
        calendar_key=calendar_key,
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
            "questions": size.questions,
            "answers": size.questions * size.answers_per_question,
            "knowledge_items": size.knowledge_items,
            "help_posts": size.help_posts,
            "notifications": size.notifications,
            "calls": size.calls,
            "events": events,
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


def _events(community, size: Size, active: list[User], core: Membership, rng: random.Random, now) -> tuple[str, int]:
    """A monthly meeting (the first Tuesday, 18:00 in the community's zone) over `meeting_years`,
    every occurrence stored as the series' services do, one in ten cancelled and one moved; one-off
    events of the other kinds; registrations to the past meetings. Returns the viewer's calendar
    key and the number of events."""
    from zoneinfo import ZoneInfo

    from dateutil.rrule import rrulestr

    from terreau.events.models import CalendarKey, Event, EventKind, Registration, Series

    zone = ZoneInfo(community.time_zone)
    months = 12 * size.meeting_years
    first = (now.astimezone(zone) - timedelta(days=30 * (months * 2 // 3))).replace(
        day=1, hour=18, minute=0, second=0, microsecond=0
    )
    rule = "FREQ=MONTHLY;BYDAY=1TU"
    series = Series.objects.create(
        community=community,
        title="Rencontre mensuelle",
        description="Le premier mardi du mois : nouvelles, un sujet de fond, la suite.",
        place="Maison du GAL",
        address="Rue de la Station 4, 5590 Ciney",
        rule=rule,
        first_start=first,
        duration=120,
        created_by=core.user,
    )
    starts = [when.replace(tzinfo=zone) for when in rrulestr(rule, dtstart=first.replace(tzinfo=None))[:months]]
    Series.objects.filter(pk=series.pk).update(materialised_until=starts[-1])
    meetings = Event.objects.bulk_create(
        Event(
            community=community,
            series=series,
            recurrence_id=start,
            starts_at=start + (timedelta(days=1) if index == 7 else timedelta()),
            ends_at=start + timedelta(minutes=120) + (timedelta(days=1) if index == 7 else timedelta()),
            detached=index == 7,
            status=Event.Status.CANCELLED if index % 10 == 4 else Event.Status.SCHEDULED,
            title=series.title,
            description=series.description,
            place=series.place,
            address=series.address,
            kind=EventKind.MONTHLY_MEETING,
            created_by=core.user,
        )
        for index, start in enumerate(starts)
    )
    kinds = [kind for kind in EventKind if kind != EventKind.MONTHLY_MEETING]
    one_offs = []
    for index in range(size.one_off_events):
        start = (
            (now + timedelta(days=rng.randint(-365, 365))).astimezone(zone).replace(minute=0, second=0, microsecond=0)
        )
        one_offs.append(
            Event(
                community=community,
                title=f"Atelier {index}",
                kind=rng.choice(kinds),
                starts_at=start,
                ends_at=start + timedelta(hours=rng.choice([1, 2, 3])),
                visibility=rng.choices(list(Visibility), weights=[2, 6, 2])[0],
                created_by=core.user,
            )
        )
    Event.objects.bulk_create(one_offs)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            attended=(rng.random() < 0.8) if event.starts_at < now else None,
        )
        for event in meetings
        if event.status == Event.Status.SCHEDULED
        for user in rng.sample(active, min(len(active), size.registrations_per_meeting))
    )
    key = CalendarKey.objects.create(user=active[0], key=f"bench-{rng.getrandbits(128):032x}")
    return key.key, len(meetings) + len(one_offs)


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


KNOWLEDGE_WORDS = [
    "circuits courts",
    "cantines scolaires",
    "halle fermière",
    "navette rurale",
    "marché de producteurs",
    "chambre froide partagée",
    "tourisme durable",
    "bois énergie",
]


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(
        f"Le groupe a travaillé sur {rng.choice(KNOWLEDGE_WORDS)} avec {rng.choice(ORGANISATIONS)} "
        f"et retient ce qui a marché pour {rng.choice(KNOWLEDGE_WORDS)}."
        for _ in range(sentences)
    )


def _spread(rng: random.Random, now, days: int = 400):
    return now - timedelta(days=rng.random() * days)


def _knowledge(community, size: Size, active: list[User], rng: random.Random, now) -> int:
    """Knowledge items (good practices and documents) with their themes, first version and search index."""
    from terreau.knowledge import search
    from terreau.knowledge.models import ItemStatus, KnowledgeItem, KnowledgeVersion
    from terreau.knowledge.services import search_texts

    themes = list(community.themes.all())
    items = []
    for index in range(size.knowledge_items):
        # The last item is the one measured: a published good practice, for the members.
        last = index == size.knowledge_items - 1
        practice = last or index % 10 < 7
        fields = (
            {
                "for_whom": "Les GAL et leurs partenaires.",
                "why": _text(rng, 2),
                "key_benefits": _text(rng, 2),
                "in_practice": _text(rng, 6),
                "standing": "proven",
            }
            if practice
            else {"summary": _text(rng, 3)}
        )
        item = KnowledgeItem(
            community=community,
            type="good_practice" if practice else "document",
            title=f"{rng.choice(KNOWLEDGE_WORDS).capitalize()} : fiche {index}",
            fields=fields,
            status=ItemStatus.PUBLISHED if last else rng.choices(list(ItemStatus), weights=[1, 8, 1])[0],
            visibility=Visibility.MEMBERS if last else rng.choices(list(Visibility), weights=[3, 6, 1])[0],
            author=rng.choice(active),
            version=1,
            published_at=_spread(rng, now),
        )
        for visibility, text in search_texts(item, attachments=[]).items():
            setattr(item, search.TEXT_FIELDS[visibility], text)
        items.append(item)
    items = KnowledgeItem.objects.bulk_create(items, batch_size=500)
    through = KnowledgeItem.themes.through
    entries, links = [], []
    for item in items:
        chosen = rng.sample(themes, min(len(themes), rng.randint(0, 2)))
        links += [through(knowledgeitem_id=item.pk, theme_id=theme.pk) for theme in chosen]
        entries.append((item, [(theme.pk, theme.name) for theme in chosen]))
    through.objects.bulk_create(links, batch_size=1000)
    KnowledgeVersion.objects.bulk_create(
        (
            KnowledgeVersion(item=item, number=1, title=item.title, fields=item.fields, author=item.author)
            for item in items
        ),
        batch_size=500,
    )
    search.index_many(entries)
    return items[-1].pk


def _exchanges(community, size: Size, active: list[User], core: Membership, rng: random.Random, now) -> int:
    """Questions and answers, help posts, kudos, the feed and the viewer's notifications."""
    from terreau.exchanges.models import (
        Answer,
        FeedItem,
        HelpPost,
        HelpStep,
        Kudos,
        Notification,
        NotificationKind,
        Question,
        UsefulVote,
        Verb,
    )

    themes = list(community.themes.all())
    slug = community.slug
    questions = Question.objects.bulk_create(
        (
            Question(
                community=community,
                author=rng.choice(active),
                title=f"Comment organiser {rng.choice(KNOWLEDGE_WORDS)} ? (question {index})",
                body=_text(rng, 3),
                # The last question is the one measured: members-only, with all its answers.
                visibility=Visibility.MEMBERS
                if index == size.questions - 1
                else rng.choices([Visibility.PUBLIC, Visibility.MEMBERS], weights=[1, 4])[0],
            )
            for index in range(size.questions)
        ),
        batch_size=500,
    )
    Question.themes.through.objects.bulk_create(
        (
            Question.themes.through(question_id=question.pk, theme_id=theme.pk)
            for question in questions
            for theme in rng.sample(themes, min(len(themes), rng.randint(0, 2)))
        ),
        batch_size=1000,
    )
    answers = Answer.objects.bulk_create(
        (
            Answer(question=question, author=rng.choice(active), body=_text(rng, rng.randint(1, 4)))
            for question in questions
            for _ in range(size.answers_per_question)
        ),
        batch_size=1000,
    )
    by_question: dict[int, list] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    for question in questions:
        replies = by_question.get(question.pk, [])
        question.first_answer_at = now if replies else None
        if replies and rng.random() < 0.4:
            question.accepted_answer = rng.choice(replies)
            question.accepted_at = now
    Question.objects.bulk_update(questions, ["first_answer_at", "accepted_answer", "accepted_at"], batch_size=500)
    UsefulVote.objects.bulk_create(
        (UsefulVote(answer=answer, voter=rng.choice(active)) for answer in answers if rng.random() < 0.3),
        batch_size=1000,
    )

    posts = HelpPost.objects.bulk_create(
        HelpPost(
            community=community,
            author=rng.choice(active),
            kind=rng.choice(list(HelpPost.Kind)),
            title=f"Un coup de main pour {rng.choice(KNOWLEDGE_WORDS)} ({index})",
            body=_text(rng, 2),
            status=rng.choices(list(HelpPost.Status), weights=[3, 1, 1])[0],
        )
        for index in range(size.help_posts)
    )
    HelpStep.objects.bulk_create(
        HelpStep(post=post, person=person, message="Je peux aider.")
        for post in posts
        for person in rng.sample(active, min(len(active), rng.randint(0, 3)))
    )
    Kudos.objects.bulk_create(
        Kudos(
            community=community,
            giver=rng.choice(active),
            receiver=rng.choice(active),
            message="Merci pour ton aide sur la halle fermière !",
        )
        for _ in range(size.kudos)
    )

    # The feed: a line per question, answer, help post and arrival, spread over 400 days.
    names = {user.pk: user.display_name for user in active}
    feed = [
        FeedItem(
            community=community,
            actor_id=question.author_id,
            kind=FeedItem.Kind.QUESTION,
            verb=Verb.QUESTION_ASKED,
            params={"name": names[question.author_id], "title": question.title},
            url=f"/c/{slug}/questions/{question.pk}/",
            visibility=question.visibility,
            created_at=_spread(rng, now),
        )
        for question in questions
    ]
    titles = {question.pk: (question.title, question.visibility) for question in questions}
    feed += [
        FeedItem(
            community=community,
            actor_id=answer.author_id,
            kind=FeedItem.Kind.ANSWER,
            verb=Verb.ANSWER_POSTED,
            params={"name": names[answer.author_id], "title": titles[answer.question_id][0]},
            url=f"/c/{slug}/questions/{answer.question_id}/",
            visibility=titles[answer.question_id][1],
            created_at=_spread(rng, now),
        )
        for answer in answers
    ]
    feed += [
        FeedItem(
            community=community,
            actor_id=post.author_id,
            kind=FeedItem.Kind.HELP,
            verb=Verb.HELP_REQUEST if post.kind == HelpPost.Kind.REQUEST else Verb.HELP_OFFER,
            params={"name": names[post.author_id], "title": post.title},
            url=f"/c/{slug}/help/{post.pk}/",
            created_at=_spread(rng, now),
        )
        for post in posts
    ]
    feed += [
        FeedItem(
            community=community,
            actor=user,
            kind=FeedItem.Kind.MEMBER_JOINED,
            verb=Verb.MEMBER_JOINED,
            params={"name": user.display_name},
            created_at=_spread(rng, now),
        )
        for user in active
    ]
    FeedItem.objects.bulk_create(feed, batch_size=1000)

    viewer = core.user
    Notification.objects.bulk_create(
        (
            Notification(
                recipient=viewer,
                community=community,
                kind=NotificationKind.ANSWER,
                actor=rng.choice(active),
                verb=Verb.ANSWER_TO_YOU,
                params={"name": rng.choice(active).display_name, "title": rng.choice(questions).title},
                url=f"/c/{slug}/questions/{rng.choice(questions).pk}/",
                created_at=_spread(rng, now, 60),
                read_at=None if index % 3 == 0 else now,
                emailed_at=now,
            )
            for index in range(size.notifications)
        ),
        batch_size=1000,
    )
    return questions[-1].pk


def _calls(community, size: Size, opener: User, rng: random.Random, now) -> None:
    """Calls for expressions of interest, a few questions each, and their answers."""
    from terreau.calls.models import Application, Call, CallQuestion

    today = timezone.localdate()
    calls = Call.objects.bulk_create(
        Call(
            community=community,
            title=f"Appel à manifestation d'intérêt {index}",
            text=_text(rng, 3),
            closes_on=today + timedelta(days=rng.randint(-60, 60)),
            opened_by=opener,
        )
        for index in range(size.calls)
    )
    CallQuestion.objects.bulk_create(
        CallQuestion(call=call, text=f"Question {position} ?", position=position)
        for call in calls
        for position in range(3)
    )
    Application.objects.bulk_create(
        (
            Application(
                call=call,
                name=f"Candidat {index}",
                email=f"candidat{index}@bench.terreau.test",
                motivation=_text(rng, 2),
                engagement=rng.choice(list(Membership.Engagement)),
                status=rng.choice(list(Application.Status)),
            )
            for call in calls
            for index in range(size.applications_per_call)
        ),
        batch_size=1000,
    )
