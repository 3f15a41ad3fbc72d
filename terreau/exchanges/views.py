from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.models import Community, Membership, Theme
from terreau.communities.themes import theme_slug
from terreau.core.forms import add_errors, object_id
from terreau.core.redirects import safe_next
from terreau.core.text import as_id
from terreau.knowledge import permissions as knowledge_permissions

from . import mailing, selectors, services
from . import permissions as exchanges_permissions
from .forms import (
    AnswerForm,
    FeedFilterForm,
    HelpPostForm,
    HelpStatusForm,
    HelpStepForm,
    KudosForm,
    PolicyForm,
    PreferenceForm,
    QuestionForm,
    QuestionToKnowledgeForm,
    WeeklyMessageForm,
)
from .models import (
    DEFAULT_WELCOME_MEMO,
    Answer,
    HelpPost,
    NotificationKind,
    NotificationPreference,
    Question,
    WeeklyMessage,
)

PAGE_SIZE = 30


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _answers_page(request, question):
    """The page asked for, or the one that holds `?answer=` (the links of notifications)."""
    number = request.GET.get("page")
    answer = request.GET.get("answer", "")
    if number is None and answer.isascii() and answer.isdigit() and len(answer) <= 18:  # within a bigint
        number = selectors.answer_page_number(question, int(answer), PAGE_SIZE)
    return Paginator(selectors.answers(request.user, question), PAGE_SIZE).get_page(number)


def _ctx(request, community, **extra):
    return community_context(
        request,
        community,
        tab="exchanges",
        can_view_exchanges=permissions.can(request.user, exchanges_permissions.VIEW, community),
        can_facilitate=exchanges_permissions.can_facilitate(request.user, community),
        # Asking, answering, following: a member's writes (none in a closed community).
        can_post=exchanges_permissions.can_post(request.user, community),
        unread=selectors.unread_count(request.user, community),
        **extra,
    )


# Questions and answers ---------------------------------------------------------------------


@require_GET
def question_list(request, slug):
    community = permissions.community_for(request.user, slug)
    exchanges_permissions.require_read_questions(request.user, community)
    themes = list(community.themes.all())
    # By its slug, or by its name as the addresses had it; a theme the community does not have
    # (any more) narrows nothing: every question is listed.
    wanted = theme_slug(request.GET.get("theme", ""))
    theme = next((theme for theme in themes if wanted and theme.slug == wanted), None)
    circle_id = as_id(request.GET.get("circle"))
    page = _page(request, selectors.questions(request.user, community, theme=theme, circle_id=circle_id))
    return render(
        request,
        "exchanges/question_list.html",
        _ctx(request, community, page=page, themes=themes, theme=theme, now=timezone.now()),
    )


@require_http_methods(["GET", "POST"])
def question_create(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.POST)
    form = QuestionForm(request.POST or None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your question is asked. You will be told of each answer."))
            return redirect(question)
    return render(request, "exchanges/question_form.html", _ctx(request, community, form=form))


@require_http_methods(["GET", "POST"])
def question_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    exchanges_permissions.require_read_questions(request.user, community)
    question = selectors.question_page(request.user, community, pk)
    if question is None:
        permissions.refuse(request.user, community, readable=False)  # a visitor may sign in to see it
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.answer_post(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your answer is posted."))
            return redirect(answer.get_absolute_url())
    page = _answers_page(request, question)
    page_query = request.GET.copy()
    page_query.pop("answer", None)  # a notification's link finds its page; the page links then lead on
    return render(
        request,
        "exchanges/question_detail.html",
        _ctx(
            request,
            community,
            question=question,
            page=page,
            page_query=page_query,
            form=form,
            can_accept=exchanges_permissions.can_accept(request.user, question),
            is_member=exchanges_permissions.can_post(request.user, community),
            knowledge_form=QuestionToKnowledgeForm(auto_id="id_knowledge_%s")
            if not question.knowledge_item_id
            and page.paginator.count
            and exchanges_permissions.can_turn_into_knowledge(request.user, question)
            else None,
            knowledge_item=question.knowledge_item
            if question.knowledge_item_id
            and knowledge_permissions.can_read(request.user, community, question.knowledge_item)
            else None,
            # The group the question is asked in, named to whoever sees it.
            circle=question.circle
            if question.circle is not None and permissions.can_see(request.user, community, question.circle)
            else None,
        ),
    )


@require_POST
def question_to_knowledge(request, slug, pk):
    """The question and its best answers become a draft knowledge item; on to its edit page."""
    community = permissions.community_for(request.user, slug, exchanges_permissions.TO_KNOWLEDGE)
    question = selectors.question_page(request.user, community, pk)
    if question is None:
        raise Http404
    exchanges_permissions.require_turn_into_knowledge(request.user, question)
    form = QuestionToKnowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an exchange memo or a good practice."))
        return redirect(question)
    try:
        item = services.question_to_knowledge(
            actor=request.user, question=question, item_type=form.cleaned_data["item_type"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(question)
    messages.success(
        request,
        _(
            "A draft is ready, with the question and its answers, crediting the people who took part. "
            "Review it and save."
        ),
    )
    return redirect("knowledge:item_edit", community.slug, item.pk)


def _answer(request, slug, pk) -> Answer:
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    answer = get_object_or_404(
        Answer.objects.select_related("question__community"), pk=pk, question__community=community
    )
    exchanges_permissions.require_read(request.user, community, answer.question)
    return answer


@require_POST
def answer_vote(request, slug, pk):
    answer = _answer(request, slug, pk)
    try:
        voted = services.answer_vote(actor=request.user, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as useful.") if voted else _("Vote taken back."))
    return redirect(answer.get_absolute_url())


@require_POST
def answer_accept(request, slug, pk):
    answer = _answer(request, slug, pk)
    exchanges_permissions.require_accept(request.user, answer.question)
    services.answer_accept(actor=request.user, answer=answer)
    messages.success(request, _("The answer is marked as accepted."))
    return redirect(answer.get_absolute_url())


@require_POST
def follow(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.POST)
    question = member = None
    if request.POST.get("question"):
        question = get_object_or_404(
            permissions.visible(request.user, community, Question.objects.filter(community=community)),
            pk=object_id(request.POST["question"]),
        )
    if request.POST.get("member"):
        member = get_object_or_404(Membership, community=community, pk=object_id(request.POST["member"]))
    theme = None
    if request.POST.get("theme"):
        theme = Theme.objects.filter(community=community, pk=object_id(request.POST["theme"])).first()
        if theme is None:
            messages.error(request, _("This is not one of the community's themes."))
            return redirect(safe_next(request, reverse_feed(community)))
    try:
        now_following = services.follow_toggle(
            actor=request.user, community=community, question=question, theme=theme, member=member
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You follow it now.") if now_following else _("You no longer follow it."))
    return redirect(safe_next(request, reverse_feed(community)))


def reverse_feed(community):
    return reverse("exchanges:feed", args=[community.slug])


# Help ---------------------------------------------------------------------------------------


@require_GET
def help_list(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    status = request.GET.get("status", "")
    if status not in HelpPost.Status.values:
        status = ""
    page = _page(request, selectors.help_posts(request.user, community, status=status))
    return render(
        request,
        "exchanges/help_list.html",
        _ctx(request, community, page=page, status=status, statuses=HelpPost.Status.choices),
    )


@require_http_methods(["GET", "POST"])
def help_create(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.POST)
    form = HelpPostForm(request.POST or None, initial={"kind": request.GET.get("kind", HelpPost.Kind.REQUEST)})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.help_post_create(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your post is online."))
            return redirect(post)
    return render(request, "exchanges/help_form.html", _ctx(request, community, form=form))


@require_GET
def help_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    post = selectors.help_post(request.user, community, pk)
    if post is None:
        raise Http404
    can_change = exchanges_permissions.can_change_help_status(request.user, post)
    return render(
        request,
        "exchanges/help_detail.html",
        _ctx(
            request,
            community,
            post=post,
            step_form=HelpStepForm(),
            status_form=HelpStatusForm(initial={"status": post.status}),
            can_change=can_change,
            stepped_in=any(step.person_id == request.user.pk for step in post.steps.all()),
        ),
    )


def _help_post(request, slug, pk) -> HelpPost:
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    post = selectors.help_post(request.user, community, pk)
    if post is None:
        raise Http404
    return post


@require_POST
def help_step_in(request, slug, pk):
    post = _help_post(request, slug, pk)
    form = HelpStepForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.help_step_in(actor=request.user, post=post, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The author is told that you stepped in."))
    return redirect(post)


@require_POST
def help_status(request, slug, pk):
    post = _help_post(request, slug, pk)
    exchanges_permissions.require_help_status(request.user, post)
    form = HelpStatusForm(request.POST)
    if form.is_valid():
        services.help_set_status(actor=request.user, post=post, status=form.cleaned_data["status"])
        messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(post)


# Kudos --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def kudos_create(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.POST)
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(user=request.user)
        .select_related("user")
        .order_by("user__display_name")
    )
    initial = {"receiver": request.GET.get("member", "")}
    form = KudosForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        receiver = next(m for m in members if str(m.pk) == form.cleaned_data["receiver"])
        try:
            services.kudos_give(
                actor=request.user,
                community=community,
                receiver=receiver,
                message=form.cleaned_data["message"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your kudos is on its way to %(name)s.") % {"name": receiver.user})
            return redirect("communities:member", community.slug, receiver.pk)
    return render(request, "exchanges/kudos_form.html", _ctx(request, community, form=form))


# Feed and notifications -----------------------------------------------------------------------


@require_GET
def feed(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    form = FeedFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = _page(request, selectors.feed(request.user, community, kind=kind))
    followed, _members = selectors.follows(request.user, community)
    return render(
        request,
        "exchanges/feed.html",
        _ctx(
            request,
            community,
            page=page,
            form=form,
            kind=kind,
            themes=list(community.themes.all()),
            followed_themes=followed,
        ),
    )


@require_GET
def notification_list(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    page = _page(request, selectors.notifications(request.user, community))
    return render(request, "exchanges/notification_list.html", _ctx(request, community, page=page))


@require_POST
def notifications_read(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    ids = [pk for pk in map(object_id, request.POST.getlist("notification")) if pk is not None]
    services.notifications_mark_read(actor=request.user, community=community, ids=ids or None)
    return redirect(safe_next(request, reverse("exchanges:notifications", args=[community.slug])))


@require_http_methods(["GET", "POST"])
def preferences(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.EMAIL_SETTINGS)
    membership = permissions.membership(request.user, community)
    preference = NotificationPreference.objects.filter(membership=membership).first() or NotificationPreference()
    initial = {
        "frequency": preference.frequency,
        "time_zone": preference.time_zone,
        "unsubscribed_kinds": preference.unsubscribed_kinds,
    }
    kinds = exchanges_permissions.notification_kinds_for(request.user, community)
    form = PreferenceForm(request.POST or None, initial=initial, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        services.preference_update(actor=request.user, community=community, **form.cleaned_data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("exchanges:preferences", community.slug)
    policy = mailing.policy_for(community)
    return render(request, "exchanges/preferences.html", _ctx(request, community, form=form, policy=policy))


@csrf_exempt  # the signed token is the credential; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, slug, token):
    community = get_object_or_404(Community, slug=slug)
    read = mailing.unsubscribe_read(token)
    valid = read is not None and read[1] == community.pk
    kind = read[2] if valid else ""
    label = (
        _("every email of this community")
        if kind == mailing.ALL_KINDS
        else (NotificationKind(kind).label if kind else "")
    )
    done = False
    if request.method == "POST" and valid:
        try:
            services.unsubscribe(community=community, token=token)
            done = True
        except ValidationError:
            valid = False
    status = 200 if valid else 400
    return render(
        request,
        "exchanges/unsubscribe.html",
        {"community": community, "valid": valid, "done": done, "label": label},
        status=status,
    )


# Facilitation: weekly message, rhythm, welcome memo -------------------------------------------


def _draft(community) -> tuple[str, str]:
    week = selectors.week_activity(community)
    lines = [_("Hello everyone,"), "", _("Here is what moved in the community this week.")]
    if week["items"]:
        lines += ["", "## " + _("This week")] + [f"- {item.message}" for item in week["items"][:12]]
    if week["waiting"]:
        lines += ["", "## " + _("Questions waiting for an answer")]
        lines += [f"- {question.title}" for question in week["waiting"]]
    if week["open_help"]:
        lines += ["", "## " + _("Help asked or offered")] + [f"- {post.title}" for post in week["open_help"]]
    lines += ["", "## " + _("Coming up"), "- ", "", _("See you soon,")]
    subject = _("The week in %(community)s") % {"community": community.name}
    return subject, "\n".join(lines)


@require_http_methods(["GET", "POST"])
def weekly(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.FACILITATE)
    subject, body = _draft(community)
    form = WeeklyMessageForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.weekly_message_send(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The message goes out to every member, within each one's rhythm."))
            # Back to where the facilitator came from (their weekly hour), else the rhythm's page.
            return redirect(safe_next(request, reverse("exchanges:rhythm", args=[community.slug])))
    history = WeeklyMessage.objects.filter(community=community, sent_at__isnull=False).select_related("author")[:12]
    return render(
        request,
        "exchanges/weekly.html",
        _ctx(
            request,
            community,
            form=form,
            history=history,
            sent_this_week=selectors.weekly_sent_this_week(community),
        ),
    )


@require_GET
def weekly_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, exchanges_permissions.VIEW)
    message = get_object_or_404(WeeklyMessage, community=community, pk=pk, sent_at__isnull=False)
    return render(request, "exchanges/weekly_detail.html", _ctx(request, community, message=message))


@require_GET
def rhythm(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.FACILITATE)
    rows = selectors.rhythm_overview(community)
    return render(
        request,
        "exchanges/rhythm.html",
        _ctx(
            request,
            community,
            rows=rows,
            policy=mailing.policy_for(community),
            sent_this_week=selectors.weekly_sent_this_week(community),
            out_of_reach=[row for row in rows if row["out_of_reach"]],
            broken=[row for row in rows if not row["holds"] and not row["out_of_reach"]],
            need_sponsor=[row for row in rows if row["needs_sponsor"]],
        ),
    )


@require_http_methods(["GET", "POST"])
def policy(request, slug):
    community = permissions.community_for(request.user, slug, exchanges_permissions.FACILITATE)
    current = mailing.policy_for(community)
    initial = {
        "daily_ceiling": current.daily_ceiling,
        "weekly_day": current.weekly_day,
        # The guide's memo until the facilitators write their own: there to adapt, not a blank box.
        "welcome_memo": current.welcome_memo or str(DEFAULT_WELCOME_MEMO),
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The message rhythm and the welcome memo are saved."))
            return redirect("exchanges:rhythm", community.slug)
    return render(request, "exchanges/policy.html", _ctx(request, community, form=form))


# The notification centre across communities --------------------------------------------------


@require_GET
def notification_centre(request):
    """Every notification of the person, whatever the community, newest first."""
    permissions.require(request.user, exchanges_permissions.NOTIFICATIONS)
    page = _page(request, selectors.notifications(request.user))
    return render(
        request,
        "exchanges/notification_centre.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
def notification_centre_read(request):
    permissions.require(request.user, exchanges_permissions.NOTIFICATIONS)
    ids = [pk for pk in map(object_id, request.POST.getlist("notification")) if pk is not None]
    services.notifications_mark_read(actor=request.user, ids=ids or None)
    return redirect(safe_next(request, reverse("notifications:all")))
