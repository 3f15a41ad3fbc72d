"""The surveys' pages: the list, the builder, answering (as a member or through the link), results."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from terreau import permissions as kernel
from terreau.circles.models import Circle
from terreau.communities.context import community_context
from terreau.core import csv
from terreau.core.forms import add_errors

from . import permissions, selectors, services
from .forms import AnswerForm, QuestionForm, RescheduleForm, SurveyForm
from .models import Audience, Question, QuestionKind, Survey

LINK_RATE = "10/h"
LINK_RATE_GROUP = "surveys.link"
TEXTS_SHOWN = 5
TEXTS_PER_PAGE = 25


def _page(request, community, **extra):
    return community_context(request, community, tab="surveys", **extra)


def _survey(request, slug, pk, action=permissions.VIEW) -> tuple:
    community = kernel.community_for(request.user, slug, permissions.VIEW)
    kernel.require(request.user, action, community)  # before the lookup: a refusal reveals nothing
    survey = get_object_or_404(
        permissions.visible_surveys(request.user, community).select_related("circle", "community"), pk=pk
    )
    return community, survey


def _circles(community):
    return Circle.objects.filter(community=community, closed_at__isnull=True)


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# List and builder


@require_GET
def survey_list(request, slug):
    community = kernel.community_for(request.user, slug, permissions.VIEW)
    surveys = selectors.surveys_with_counts(permissions.visible_surveys(request.user, community))
    paginator = Paginator(surveys, 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/list.html",
        _page(request, community, page=page, can_build=kernel.can(request.user, permissions.MANAGE, community)),
    )


@require_http_methods(["GET", "POST"])
def survey_create(request, slug):
    community = kernel.community_for(request.user, slug, permissions.MANAGE)
    today = services.today_in(community)
    survey = Survey(community=community, opens_on=today, closes_on=today + timedelta(days=14))
    form = SurveyForm(request.POST or None, instance=survey, community=community, circles=_circles(community))
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_create(
                actor=request.user, community=community, survey=form.instance, template=form.cleaned_data["template"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The survey is saved as a draft: check its questions, then open it."))
            return redirect(survey.get_absolute_url())
    return render(request, "surveys/survey_form.html", _page(request, community, form=form, survey=None))


@require_GET
def survey_detail(request, slug, pk):
    community, survey = _survey(request, slug, pk)
    can_build = kernel.can(request.user, permissions.MANAGE, community)
    questions = list(survey.questions.all())
    answered = services.has_answered(request.user, survey)
    return render(
        request,
        "surveys/detail.html",
        _page(
            request,
            community,
            survey=survey,
            questions=questions,
            can_build=can_build,
            may_answer=permissions.may_answer(request.user, community, survey),
            answered=answered,
            may_see_results=permissions.may_see_results(request.user, community, survey),
            link=request.build_absolute_uri(reverse("surveys:link", args=[community.slug, survey.token]))
            if can_build and survey.audience == Audience.STAKEHOLDERS
            else "",
            response_count=survey.responses.count(),
        ),
    )


@require_http_methods(["GET", "POST"])
def survey_edit(request, slug, pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    if survey.is_closed:
        messages.error(request, _("This survey is closed: its settings no longer change."))
        return redirect(survey.get_absolute_url())
    if survey.is_draft:
        form = SurveyForm(request.POST or None, instance=survey, community=community, circles=_circles(community))
        save = services.survey_update
    else:
        form = RescheduleForm(request.POST or None, instance=survey)
        save = services.survey_reschedule
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, survey=form.instance, version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect(survey.get_absolute_url())
    return render(request, "surveys/survey_form.html", _page(request, community, form=form, survey=survey))


def _builder_action(request, survey, action, success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
    return redirect(survey.get_absolute_url())


@require_POST
def survey_open(request, slug, pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    return _builder_action(
        request,
        survey,
        lambda: services.survey_open(actor=request.user, survey=survey, version=_version(request)),
        _("The survey is open: the people asked are told, and its questions can no longer change."),
    )


@require_POST
def survey_close(request, slug, pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    return _builder_action(
        request,
        survey,
        lambda: services.survey_close(actor=request.user, survey=survey),
        _("The survey is closed: it takes no more answers."),
    )


@require_POST
def survey_delete(request, slug, pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    title = survey.display_title
    services.survey_delete(actor=request.user, survey=survey)
    messages.success(request, _("The survey %(title)s is deleted.") % {"title": title})
    return redirect("surveys:list", community.slug)


def _question(survey, question_pk) -> Question:
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    question.survey = survey
    return question


@require_http_methods(["GET", "POST"])
def question_edit(request, slug, pk, question_pk=None):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    question = _question(survey, question_pk) if question_pk else Question(survey=survey)
    if not survey.is_draft:
        messages.error(request, services.frozen_message())
        return redirect(survey.get_absolute_url())
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, question=form.instance, version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(survey.get_absolute_url() + f"#question-{question.pk}")
    return render(
        request, "surveys/question_form.html", _page(request, community, form=form, survey=survey, question=question)
    )


@require_POST
def question_delete(request, slug, pk, question_pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    question = _question(survey, question_pk)
    return _builder_action(
        request,
        survey,
        lambda: services.question_delete(actor=request.user, question=question, version=_version(request)),
        _("The question is removed."),
    )


@require_POST
def question_move(request, slug, pk, question_pk):
    community, survey = _survey(request, slug, pk, permissions.MANAGE)
    question = _question(survey, question_pk)
    return _builder_action(
        request,
        survey,
        lambda: services.question_move(
            actor=request.user,
            question=question,
            direction=request.POST.get("direction", ""),
            version=_version(request),
        ),
        "",
    )


# ---------------------------------------------------------------------------------------------
# Answering


@require_http_methods(["GET", "POST"])
def answer(request, slug, pk):
    community, survey = _survey(request, slug, pk, permissions.ANSWER)
    if not permissions.may_answer(request.user, community, survey):
        kernel.refuse(request.user, community, readable=True, reason=_("This survey is not addressed to you."))
    questions = list(survey.questions.all())
    own = services.own_response(request.user, survey)
    answered = services.has_answered(request.user, survey)
    refusal, status, form = "", 200, None
    if not survey.is_accepting:
        refusal, status = services.closed_message(survey), 409 if request.method == "POST" else 200
    elif answered and survey.is_anonymous:
        refusal = _("You have answered this anonymous survey. Thank you! An anonymous answer cannot be changed.")
        status = 409 if request.method == "POST" else 200
    else:
        form = AnswerForm(
            request.POST or None, questions=questions, initial_answers=own.answers if own is not None else None
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.response_submit(survey=survey, answers=form.answers(), user=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
                return redirect(survey.get_absolute_url())
    return render(
        request,
        "surveys/answer.html",
        _page(request, community, survey=survey, form=form, refusal=refusal, editing=own is not None),
        status=status,
    )


def _link_usage(request, increment: bool):
    return get_usage(request, group=LINK_RATE_GROUP, key="ip", rate=LINK_RATE, method="POST", increment=increment)


@require_http_methods(["GET", "POST"])
def link_answer(request, slug, token):
    """A stakeholder answers through the secret link; the link is the credential."""
    community = kernel.community_for(request.user, slug)
    survey = Survey.objects.filter(community=community, token=token, audience=Audience.STAKEHOLDERS).first()
    if survey is None or survey.is_draft:
        raise Http404
    refusal, status, form = "", 200, None
    if kernel.is_closed(community):
        refusal, status = kernel.CLOSED_REFUSAL, 403 if request.method == "POST" else 200
    elif not survey.is_accepting:
        refusal, status = services.closed_message(survey), 409 if request.method == "POST" else 200
    else:
        form = AnswerForm(
            request.POST or None, questions=list(survey.questions.all()), ask_name=not survey.is_anonymous
        )
        if request.method == "POST":
            usage = _link_usage(request, increment=False)
            if usage is not None and usage["count"] >= usage["limit"]:
                status = 429
                refusal = _(
                    "Too many answers were sent from your connection in the last hour. "
                    "Your answers are kept below: please try again in an hour."
                )
            elif form.is_valid():
                _link_usage(request, increment=True)
                try:
                    services.response_submit(
                        survey=survey, answers=form.answers(), name=form.cleaned_data.get("name", "")
                    )
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    return redirect("surveys:link_thanks", community.slug, survey.token)
    return render(
        request,
        "surveys/link.html",
        _page(request, community, survey=survey, form=form, refusal=refusal),
        status=status,
    )


@require_GET
def link_thanks(request, slug, token):
    community = kernel.community_for(request.user, slug)
    survey = Survey.objects.filter(community=community, token=token, audience=Audience.STAKEHOLDERS).first()
    if survey is None or survey.is_draft:
        raise Http404
    return render(request, "surveys/link_thanks.html", _page(request, community, survey=survey))


# ---------------------------------------------------------------------------------------------
# Results


@require_GET
def results(request, slug, pk):
    community, survey = _survey(request, slug, pk)
    permissions.require_results(request.user, community, survey)
    found, responses = selectors.question_results(survey)
    asked = services.audience_users(survey).count()
    return render(
        request,
        "surveys/results.html",
        _page(
            request,
            community,
            survey=survey,
            results=found,
            responses=responses,
            asked=asked,
            rate=selectors.response_rate(survey, responses, asked),
            hidden=selectors.results_hidden(survey, responses),
            threshold=selectors.ANONYMITY_THRESHOLD,
            texts_shown=TEXTS_SHOWN,
            chart=selectors,
        ),
    )


@require_GET
def text_answers(request, slug, pk, question_pk):
    community, survey = _survey(request, slug, pk)
    permissions.require_results(request.user, community, survey)
    question = get_object_or_404(Question, pk=question_pk, survey=survey, kind=QuestionKind.TEXT)
    found, _responses = selectors.question_results(survey, [question])
    page = Paginator(found[0].texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "surveys/text_answers.html", _page(request, community, survey=survey, question=question, page=page)
    )


@require_GET
def results_csv(request, slug, pk):
    """One row per response, in random order; of an anonymous survey, no column says who."""
    community, survey = _survey(request, slug, pk)
    permissions.require_results(request.user, community, survey)
    questions = list(survey.questions.all())
    response = csv.response(f"survey-{survey.pk}.csv")
    out = csv.writer(response)
    named = not survey.is_anonymous
    out.writerow(([_("Name"), _("Date")] if named else []) + [question.display_text for question in questions])
    rows = list(survey.responses.select_related("respondent") if named else survey.responses.all())
    if selectors.results_hidden(survey, len(rows)):
        rows = []  # too few answers yet: the file holds the questions only
    for found in rows:
        cells = []
        if named:
            cells = [str(found.respondent) if found.respondent else found.name, found.submitted_on or ""]
        for question in questions:
            cells.append(_cell(question, found.answers.get(str(question.pk))))
        out.writerow(cells)
    return response


def _cell(question: Question, value) -> str:
    if value in (None, "", []):
        return ""
    labels = question.choice_list
    if question.kind == QuestionKind.TEXT:
        return str(value)
    if question.kind == QuestionKind.LIKERT:
        return str(value)
    indexes = value if isinstance(value, list) else [value]
    return " | ".join(labels[index] for index in indexes if isinstance(index, int) and 0 <= index < len(labels))
