"""Reads: joined querysets, so a page's query count does not grow with its data."""

from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from terreau import permissions
from terreau.communities.models import Community, Membership, Theme
from terreau.emails.models import Email

from . import permissions as exchanges_permissions
from . import rhythm
from .mailing import member_rhythm, policy_for
from .models import (
    Answer,
    FeedItem,
    Follow,
    Frequency,
    HelpPost,
    HelpStep,
    Kudos,
    Notification,
    Question,
    SentMessage,
    UsefulVote,
    WeeklyMessage,
)

SPONSOR_DAYS = 7


def _count(queryset: QuerySet) -> Subquery:
    """The number of rows of `queryset` (filtered on an OuterRef), as a correlated subquery.

    Counted row by row for the rows a page keeps, rather than joining and grouping every row
    of the other table before the page keeps thirty.
    """
    # COUNT as a plain function: no GROUP BY, one number per outer row.
    return Subquery(queryset.order_by().values(count=Func("pk", function="COUNT")), output_field=IntegerField())


def questions(
    user, community: Community, *, theme: Theme | None = None, circle_id: int | None = None
) -> QuerySet[Question]:
    """Unanswered questions first (longest waiting first), then the others, newest first.

    Each with `answer_count`; the body is left out (the list does not show it).
    """
    found = exchanges_permissions.questions_visible_to(user, community)
    if theme is not None:
        found = found.filter(themes=theme)
    if circle_id is not None:
        found = found.filter(circle_id=circle_id)  # the group's questions (those the reader sees)
    # The authors in a query of their own: joined, every question of the community would carry
    # its author's row through the sort that keeps thirty (ten times slower with 2,000 of each).
    found = (
        found.select_related("community")
        .prefetch_related("author", "themes")
        .defer("body")
        .annotate(
            answer_count=_count(Answer.objects.filter(question=OuterRef("pk"))),
            unanswered=Case(
                When(first_answer_at__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
    )
    return found.order_by(
        "-unanswered",
        Case(When(first_answer_at__isnull=True, then="created_at")).asc(nulls_last=True),
        "-created_at",
    )


def question_page(user, community: Community, pk: int) -> Question | None:
    """The question if the person may see it, with `following` (whether they follow it)."""
    return (
        exchanges_permissions.questions_visible_to(user, community)
        .select_related("author", "community", "accepted_answer", "knowledge_item", "circle")
        .prefetch_related("themes")
        .annotate(following=Exists(Follow.objects.filter(follower_id=user.pk or 0, question=OuterRef("pk"))))
        .filter(pk=pk)
        .first()
    )


def answers(user, question: Question) -> QuerySet[Answer]:
    """The accepted answer first, then the others oldest first; each with `useful` (votes) and
    `voted` (whether this person voted it useful). Paginate it: a question may have many."""
    return (
        Answer.objects.filter(question=question)
        .select_related("author")
        .annotate(
            useful=_count(UsefulVote.objects.filter(answer=OuterRef("pk"))),
            voted=Exists(UsefulVote.objects.filter(answer=OuterRef("pk"), voter_id=user.pk or 0)),
            rank=Case(When(pk=question.accepted_answer_id or 0, then=Value(0)), default=Value(1)),
        )
        .order_by("rank", "created_at", "pk")
    )


def answer_page_number(question: Question, answer_id: int, per_page: int) -> int:
    """The page of `answers()` that holds this answer: 1 for the accepted one, or one not found."""
    if answer_id == question.accepted_answer_id:
        return 1
    found = Answer.objects.filter(question=question, pk=answer_id).values_list("created_at", flat=True).first()
    if found is None:
        return 1
    earlier = Answer.objects.filter(question=question).filter(
        Q(created_at__lt=found) | Q(created_at=found, pk__lt=answer_id)
    )
    if question.accepted_answer_id:
        earlier = earlier.exclude(pk=question.accepted_answer_id)
    index = earlier.count() + (1 if question.accepted_answer_id else 0)
    return index // per_page + 1


def help_posts(user, community: Community, *, status: str = "") -> QuerySet[HelpPost]:
    posts = (
        exchanges_permissions.help_posts_visible_to(user, community)
        .select_related("author", "community")
        .annotate(step_count=_count(HelpStep.objects.filter(post=OuterRef("pk"))))
    )
    if status:
        posts = posts.filter(status=status)
    return posts.order_by(Case(When(status=HelpPost.Status.OPEN, then=0), default=1), "-created_at")


def help_post(user, community: Community, pk: int) -> HelpPost | None:
    return (
        exchanges_permissions.help_posts_visible_to(user, community)
        .select_related("author", "community")
        .prefetch_related(Prefetch("steps", queryset=HelpStep.objects.select_related("person")))
        .filter(pk=pk)
        .first()
    )


def feed(user, community: Community, *, kind: str = "") -> QuerySet[FeedItem]:
    # A line reads from its own verb and parameters: no join to its actor.
    items = permissions.visible(user, community, FeedItem.objects.filter(community=community))
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-created_at", "-pk")


def kudos_for(user, community: Community, member_user) -> QuerySet[Kudos]:
    """Kudos given and received by one member (the fragment on their page)."""
    return (
        permissions.visible(user, community, Kudos.objects.filter(community=community))
        .filter(Q(receiver=member_user) | Q(giver=member_user))
        .select_related("giver", "receiver")
        .order_by("-created_at")
    )


def notifications(user, community: Community | None = None) -> QuerySet[Notification]:
    """The person's notifications; across communities each comes with its community (the centre names it)."""
    found = Notification.objects.filter(recipient=user)
    if community is not None:
        found = found.filter(community=community)
    else:
        found = found.select_related("community")
    return found.order_by("-created_at", "-pk")


def unread_count(user, community: Community | None = None) -> int:
    if not user.is_authenticated:
        return 0
    found = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if community is not None:
        found = found.filter(community=community)
    return found.count()


def follows(user, community: Community) -> tuple[set[int], set[int]]:
    """The ids of the themes and the member user ids this person follows."""
    rows = Follow.objects.filter(community=community, follower_id=user.pk or 0).values_list("theme_id", "member_id")
    return {theme for theme, _m in rows if theme}, {member for _t, member in rows if member}


def weekly_sent_this_week(community: Community, now=None) -> WeeklyMessage | None:
    now = now or timezone.now()
    return (
        WeeklyMessage.objects.filter(community=community, sent_at__gte=now - timedelta(days=7))
        .order_by("-sent_at")
        .first()
    )


def week_activity(community: Community, now=None) -> dict:
    """What happened in the last seven days, to draft the weekly message from.

    The message goes to every member, so the draft holds only what any member may see, whoever
    drafts it (a facilitator of the core team sees more).
    """
    now = now or timezone.now()
    since = now - timedelta(days=7)
    for_everyone = permissions.VISIBLE_AT[permissions.Standing.MEMBER]
    items = list(
        FeedItem.objects.filter(community=community, created_at__gte=since, visibility__in=for_everyone)
        .select_related("actor")
        .order_by("-created_at")[:40]
    )
    waiting = list(
        Question.objects.filter(
            community=community, first_answer_at__isnull=True, visibility__in=for_everyone
        ).order_by("created_at")[:5]
    )
    open_help = list(
        HelpPost.objects.filter(community=community, status=HelpPost.Status.OPEN, visibility__in=for_everyone).order_by(
            "-created_at"
        )[:5]
    )
    return {"items": items, "waiting": waiting, "open_help": open_help}


def rhythm_overview(community: Community, now=None) -> list[dict]:
    """Per member: last message received, whether the rhythm holds, out of reach, sponsor flag."""
    now = now or timezone.now()
    policy = policy_for(community)
    last_sent = dict(
        # Received: an email that went out (rows without one predate the outbox link).
        SentMessage.objects.filter(community=community)
        .filter(Q(email__isnull=True) | Q(email__status=Email.Status.SENT))
        .values("recipient_id")
        .annotate(last=Max("sent_at"))
        .values_list("recipient_id", "last")
    )
    rows = []
    for membership in (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user", "notification_preference", "sponsor__user")
        .order_by("user__display_name")
    ):
        preference = getattr(membership, "notification_preference", None)
        member = member_rhythm(membership, preference, policy)
        last = last_sent.get(membership.user_id)
        rows.append(
            {
                "membership": membership,
                "frequency": Frequency(member.frequency).label,
                "last_sent": last,
                "holds": rhythm.rhythm_holds(member, last, now),
                "out_of_reach": member.frequency == rhythm.Frequency.OFF,
                "needs_sponsor": membership.sponsor_id is None
                and not membership.is_core_team
                and membership.joined_at <= now - timedelta(days=SPONSOR_DAYS)
                and membership.joined_at >= now - timedelta(days=90),
            }
        )
    return rows
