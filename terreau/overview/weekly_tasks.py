"""The weekly hour's built-in tasks, one source each (registered in apps.py; see terreau/core/weekly.py).

Each reads one or two queries whatever the community's size, and returns None when the task is
not the person's: the button of each is the page of the app that does it.
"""

from datetime import timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau import permissions
from terreau.calls import permissions as calls_permissions
from terreau.calls.models import Application
from terreau.communities.models import Community, JoinRequest, Membership, Phase
from terreau.core.weekly import Entry, Task, Week
from terreau.emails.models import Email
from terreau.events import selectors as events_selectors
from terreau.events.models import Event
from terreau.exchanges import permissions as exchanges_permissions
from terreau.exchanges import selectors as exchanges_selectors
from terreau.knowledge import permissions as knowledge_permissions
from terreau.knowledge import selectors as knowledge_selectors
from terreau.launch import permissions as launch_permissions
from terreau.launch.models import Action

SHOWN = 5  # entries of a task's short list; the rest behind "see all"
NEWCOMER_DAYS = 90  # a member who joined within this many days is a newcomer
BOUNCE_DAYS = 30  # an email that failed within this many days puts its address out of reach


def _with_next(url: str, week: Week) -> str:
    """A button's address that brings the person back to the weekly hour once done."""
    return f"{url}?{urlencode({'next': week.page_url})}" if week.page_url else url


def _day(week: Week, moment) -> str:
    return date_format(timezone.localtime(moment, ZoneInfo(week.community.time_zone)), "j F")


def _slug(week: Week) -> str:
    return week.community.slug


# 1. One message a week to every member --------------------------------------------------------


def weekly_message(week: Week) -> Task | None:
    if week.community.phase == Phase.CLOSED:
        return None
    if not permissions.can(week.user, exchanges_permissions.FACILITATE, week.community):
        return None
    sent = exchanges_selectors.weekly_sent_this_week(week.community, now=week.now)
    url = _with_next(reverse("exchanges:weekly", args=[_slug(week)]), week)
    if sent is not None:
        return Task(
            "weekly_message",
            _("Send the weekly message"),
            done=True,
            summary=_("Sent on %(day)s: %(subject)s") % {"day": _day(week, sent.sent_at), "subject": sent.subject},
            button=_("See the messages sent"),
            url=url,
        )
    return Task(
        "weekly_message",
        _("Send the weekly message"),
        done=False,
        summary=_("No message went out to the members in the last seven days. The draft gathers the week's news."),
        button=_("Write the weekly message"),
        url=url,
    )


# 2. A meeting about once a month, never two cancelled in a row ---------------------------------


def monthly_meeting(week: Week) -> Task | None:
    community = week.community
    if community.phase not in (Phase.LAUNCH, Phase.RUN):
        return None
    if not events_selectors.can_manage(week.user, community):
        return None
    rhythm = (
        Community.objects.filter(pk=community.pk)
        .annotate(**events_selectors.rhythm_annotations(week.now))
        .values("meeting_planned", "last_meeting_status")  # type: ignore[misc]
        .get()
    )
    cancelled = rhythm["last_meeting_status"] == Event.Status.CANCELLED
    warning = _("The last monthly meeting was cancelled: the next one must take place.") if cancelled else ""
    if rhythm["meeting_planned"]:
        meeting = events_selectors.next_meeting(week.user, community, now=week.now)
        summary = (
            _("Next meeting: %(title)s, %(day)s.") % {"title": meeting.title, "day": _day(week, meeting.starts_at)}
            if meeting is not None
            else ""
        )
        return Task(
            "monthly_meeting",
            _("Hold the monthly meeting"),
            done=True,
            summary=f"{summary} {warning}".strip(),
            button=_("Open the meeting") if meeting else _("Open the calendar"),
            url=reverse("events:detail", args=[community.slug, meeting.pk])
            if meeting
            else reverse("events:calendar", args=[community.slug]),
        )
    return Task(
        "monthly_meeting",
        _("Plan the next monthly meeting"),
        done=False,
        summary=f"{_('No monthly meeting is planned in the coming month.')} {warning}".strip(),
        button=_("Plan a meeting"),
        url=reverse("events:create", args=[community.slug]),
    )


# 3. Questions waiting for an answer -----------------------------------------------------------


def unanswered_questions(week: Week) -> Task | None:
    if not permissions.can(week.user, exchanges_permissions.VIEW, week.community):
        return None
    waiting = exchanges_permissions.questions_visible_to(week.user, week.community).filter(first_answer_at__isnull=True)
    count = waiting.count()
    shown = list(waiting.order_by("created_at", "pk").only("pk", "title", "created_at")[:SHOWN]) if count else []
    return Task(
        "questions",
        _("Answer the questions, or find who can"),
        done=count == 0,
        summary=ngettext("%(count)d question has no answer yet.", "%(count)d questions have no answer yet.", count)
        % {"count": count}
        if count
        else _("Every question has an answer."),
        button=_("See the questions") if count else "",
        url=reverse("exchanges:questions", args=[_slug(week)]),
        count=count,
        entries=[
            Entry(
                question.title,
                reverse("exchanges:question", args=[_slug(week), question.pk]),
                _("asked on %(day)s") % {"day": _day(week, question.created_at)},
            )
            for question in shown
        ],
        more=max(count - SHOWN, 0),
    )


# 4. Answers to calls and requests to join -----------------------------------------------------


def new_applications(week: Week) -> Task | None:
    if not permissions.can(week.user, calls_permissions.REVIEW, week.community):
        return None
    waiting = Application.objects.filter(call__community=week.community, status=Application.Status.NEW)
    shown = list(waiting.select_related("call").order_by("created_at", "pk")[: SHOWN + 1])
    count = len(shown) if len(shown) <= SHOWN else waiting.count()
    return Task(
        "applications",
        _("Read the answers to the calls"),
        done=count == 0,
        summary=ngettext(
            "%(count)d answer to a call is waiting for a decision.",
            "%(count)d answers to calls are waiting for a decision.",
            count,
        )
        % {"count": count}
        if count
        else _("No answer to a call is waiting."),
        button=_("Review the answers") if count else "",
        url=reverse("calls:list", args=[_slug(week)]),
        count=count,
        entries=[
            Entry(
                application.name,
                f"{reverse('calls:applications', args=[_slug(week), application.call_id])}?status=new",
                application.call.title,
            )
            for application in shown[:SHOWN]
        ],
        more=max(count - SHOWN, 0),
    )


def join_requests(week: Week) -> Task | None:
    if not permissions.can(week.user, "members.review_requests", week.community):
        return None
    waiting = JoinRequest.objects.filter(community=week.community, status=JoinRequest.Status.PENDING)
    shown = list(waiting.select_related("user").order_by("created_at", "pk")[: SHOWN + 1])
    count = len(shown) if len(shown) <= SHOWN else waiting.count()
    entries = []
    for join_request in shown[:SHOWN]:
        action = reverse("communities:join_request_decide", args=[_slug(week), join_request.pk])
        fields = {"decision": "approve", "next": week.page_url}
        entries.append(
            Entry(
                join_request.user.display_name,
                meta=_("asked on %(day)s") % {"day": _day(week, join_request.created_at)},
                form=(action, fields, _("Accept")),
            )
        )
    return Task(
        "join_requests",
        _("Welcome the people who ask to join"),
        done=count == 0,
        summary=ngettext("%(count)d request to join is waiting.", "%(count)d requests to join are waiting.", count)
        % {"count": count}
        if count
        else _("No request to join is waiting."),
        button=_("See the requests") if count else "",
        url=reverse("communities:join_requests", args=[_slug(week)]),
        count=count,
        entries=entries,
        more=max(count - SHOWN, 0),
    )


# 5. Newcomers without a sponsor ---------------------------------------------------------------


def newcomers_without_sponsor(week: Week) -> Task | None:
    if not permissions.can(week.user, "members.view", week.community):
        return None
    newcomers = Membership.objects.filter(
        community=week.community,
        status=Membership.Status.ACTIVE,
        is_core_team=False,
        sponsor__isnull=True,
        joined_at__gte=week.now - timedelta(days=NEWCOMER_DAYS),
    )
    shown = list(newcomers.select_related("user").order_by("joined_at", "pk")[: SHOWN + 1])
    count = len(shown) if len(shown) <= SHOWN else newcomers.count()
    may_sponsor = permissions.can(week.user, "members.manage", week.community)
    return Task(
        "newcomers",
        _("Give each newcomer a sponsor"),
        done=count == 0,
        summary=(
            ngettext(
                "%(count)d member who joined in the last three months has no sponsor.",
                "%(count)d members who joined in the last three months have no sponsor.",
                count,
            )
            % {"count": count}
            + ("" if may_sponsor else " " + _("The core team chooses a sponsor on the member's page."))
        )
        if count
        else _("Every newcomer has a sponsor."),
        url=reverse("communities:members", args=[_slug(week)]),
        count=count,
        entries=[
            Entry(
                membership.user.display_name,
                reverse("communities:member", args=[_slug(week), membership.pk]),
                _("joined on %(day)s") % {"day": _day(week, membership.joined_at)},
            )
            for membership in shown[:SHOWN]
        ],
        more=max(count - SHOWN, 0),
    )


# 6. Actions overdue or blocked ----------------------------------------------------------------


def actions_needing_help(week: Week) -> Task | None:
    stuck = launch_permissions.actions_visible_to(week.user, week.community).filter(
        (~Q(status=Action.Status.DONE) & Q(due_date__lt=week.today)) | Q(status=Action.Status.BLOCKED)
    )
    shown = list(
        stuck.order_by(F("due_date").asc(nulls_last=True), "pk").only("pk", "title", "status", "due_date")[: SHOWN + 1]
    )
    count = len(shown) if len(shown) <= SHOWN else stuck.count()
    plan = reverse("launch:actions", args=[_slug(week)])
    return Task(
        "actions",
        _("Ask the owners of stuck actions how to help"),
        done=count == 0,
        summary=ngettext(
            "%(count)d action of the plan is overdue or blocked: the guide asks facilitators to help "
            "the people in charge, not to do it for them.",
            "%(count)d actions of the plan are overdue or blocked: the guide asks facilitators to help "
            "the people in charge, not to do it for them.",
            count,
        )
        % {"count": count}
        if count
        else _("No action is overdue or blocked."),
        button=_("See these actions") if count else "",
        url=f"{plan}?status=needs_help&show=all",
        count=count,
        entries=[
            Entry(
                action.title,
                f"{plan}?show=all#action-{action.pk}",
                _("blocked")
                if action.status == Action.Status.BLOCKED
                else _("due on %(day)s") % {"day": date_format(action.due_date, "j F") if action.due_date else ""},
            )
            for action in shown[:SHOWN]
        ],
        more=max(count - SHOWN, 0),
    )


# 7. The sharing space kept up to date ---------------------------------------------------------


def knowledge_to_review(week: Week) -> Task | None:
    if not permissions.can(week.user, knowledge_permissions.REVIEW, week.community):
        return None
    items = knowledge_selectors.to_review(week.user, week.community)
    shown = list(items.select_related(None).prefetch_related(None).only("pk", "title", "updated_at")[: SHOWN + 1])
    count = len(shown) if len(shown) <= SHOWN else items.count()
    return Task(
        "knowledge",
        _("Review the knowledge items that need it"),
        done=count == 0,
        summary=ngettext(
            "%(count)d knowledge item is marked for review or was not updated for a year.",
            "%(count)d knowledge items are marked for review or were not updated for a year.",
            count,
        )
        % {"count": count}
        if count
        else _("The knowledge base is up to date."),
        button=_("Review them") if count else "",
        url=reverse("knowledge:review", args=[_slug(week)]),
        count=count,
        entries=[Entry(item.title, reverse("knowledge:item", args=[_slug(week), item.pk])) for item in shown[:SHOWN]],
        more=max(count - SHOWN, 0),
    )


# 8. Members out of reach ----------------------------------------------------------------------


def members_out_of_reach(week: Week) -> Task | None:
    """Members whose address refused an email lately, or who never confirmed one: the weekly
    message does not reach them. Their names only; the addresses stay with the platform admin."""
    if not permissions.can(week.user, "members.view", week.community):
        return None
    failed = Email.objects.filter(
        status=Email.Status.FAILED,
        to__iexact=OuterRef("user__email"),
        created_at__gte=week.now - timedelta(days=BOUNCE_DAYS),
    )
    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    unreachable = (
        Membership.objects.filter(community=week.community, status=Membership.Status.ACTIVE)
        .annotate(bounced=Exists(failed), verified=Exists(verified))
        .filter(Q(bounced=True) | Q(verified=False))
    )
    shown = list(unreachable.select_related("user").order_by("user__display_name", "pk")[: SHOWN + 1])
    count = len(shown) if len(shown) <= SHOWN else unreachable.count()
    return Task(
        "out_of_reach",
        _("Reach the members emails do not reach"),
        done=count == 0,
        summary=ngettext(
            "%(count)d member does not receive the emails: call them, or ask them to check their address.",
            "%(count)d members do not receive the emails: call them, or ask them to check their address.",
            count,
        )
        % {"count": count}
        if count
        else _("Every member's address receives the emails."),
        count=count,
        entries=[
            Entry(
                membership.user.display_name,
                reverse("communities:member", args=[_slug(week), membership.pk]),
                _("an email could not be delivered") if membership.bounced else _("address not confirmed"),
            )
            for membership in shown[:SHOWN]
        ],
        more=max(count - SHOWN, 0),
    )


# Registered at ready(), in this order; later apps add theirs (the next evaluation, new ideas...).
BUILT_IN = [
    ("weekly_message", "weekly_message", 10),
    ("monthly_meeting", "monthly_meeting", 20),
    ("questions", "unanswered_questions", 30),
    ("join_requests", "join_requests", 40),
    ("applications", "new_applications", 45),
    ("newcomers", "newcomers_without_sponsor", 50),
    ("actions", "actions_needing_help", 60),
    ("knowledge", "knowledge_to_review", 70),
    ("out_of_reach", "members_out_of_reach", 80),
]
