from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors
from terreau.core.markdown import render as markdown

from . import permissions as calls_permissions
from . import selectors, services
from .forms import ApplicationForm, CallForm, DecisionForm, question_formset, questions_from
from .models import Application, Call

# At most this many answers per hour from one address: enough for a family or an office
# sharing a connection, too few to flood the core team or use us to send mail to strangers.
RATE = "5/h"
RATE_GROUP = "calls.apply"
PAGE_SIZE = 50
# The address the visitor's last answer gave, for the thank-you page to name.
ANSWERED = "calls.answered"


def _call_or_404(community, pk) -> Call:
    call = selectors.call_with_questions(community, pk=pk)
    if call is None:
        raise Http404
    return call


def _page(request, community, tab="workspace", **extra):
    return community_context(request, community, tab=tab, **extra)


@require_GET
def call_list(request, slug):
    community = permissions.community_for(request.user, slug)
    calls_permissions.require_browse(request.user, community)
    can_edit = permissions.can(request.user, calls_permissions.EDIT, community)
    return render(
        request,
        "calls/call_list.html",
        _page(request, community, calls=list(selectors.calls_for(request.user, community)), can_edit=can_edit),
    )


def _call_form_page(request, community, call: Call | None):
    form = CallForm(request.POST or None, instance=call)
    questions = question_formset(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        fields = {name: form.cleaned_data[name] for name in ["title", "text", "closes_on", "visibility"]}
        try:
            if call is None:
                call = services.call_create(
                    actor=request.user, community=community, questions=questions_from(questions), **fields
                )
                messages.success(request, _("The call is open. Share its link below."))
            else:
                services.call_update(actor=request.user, call=call, questions=questions_from(questions), **fields)
                messages.success(request, _("The call is saved."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("calls:edit", community.slug, call.pk)
    return render(
        request,
        "calls/call_form.html",
        _page(
            request,
            community,
            form=form,
            questions=questions,
            call=call,
            public_url=request.build_absolute_uri(call.get_absolute_url()) if call and call.pk else None,
        ),
    )


@require_http_methods(["GET", "POST"])
def call_create(request, slug):
    community = permissions.community_for(request.user, slug, calls_permissions.EDIT)
    return _call_form_page(request, community, None)


@require_http_methods(["GET", "POST"])
def call_edit(request, slug, pk):
    community = permissions.community_for(request.user, slug, calls_permissions.EDIT)
    return _call_form_page(request, community, _call_or_404(community, pk))


@require_POST
def call_close(request, slug, pk):
    community = permissions.community_for(request.user, slug, calls_permissions.EDIT)
    call = _call_or_404(community, pk)
    services.call_close(actor=request.user, call=call)
    messages.success(request, _("The call is closed: its page stays, the form is gone."))
    return redirect("calls:list", community.slug)


def _rate_usage(request, increment: bool):
    return get_usage(request, group=RATE_GROUP, key="ip", rate=RATE, method="POST", increment=increment)


def _over_the_limit(request) -> bool:
    usage = _rate_usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


@require_http_methods(["GET", "POST"])
def call_public(request, slug, token):
    """The call's public page and its form. Only the link leads here: the token cannot be guessed."""
    community = permissions.community_for(request.user, slug)
    call = selectors.call_with_questions(community, token=token)
    if call is None:
        raise Http404
    calls_permissions.require_read(request.user, community, call)
    is_open = call.is_open
    form, status, refusal = None, 200, None
    if is_open:
        form = ApplicationForm(request.POST or None, call=call)
        if request.method == "POST":
            if _over_the_limit(request):
                status = 429
                refusal = _(
                    "Too many answers were sent from your connection in the last hour. "
                    "Your text is kept below: please try again in an hour, or write to the core team."
                )
            elif form.is_valid():
                _rate_usage(request, increment=True)
                if not form.is_trapped:  # a filled trap "succeeds" and saves nothing
                    data = form.cleaned_data
                    try:
                        services.application_submit(
                            call=call,
                            name=data["name"],
                            email=data["email"],
                            organisation=data["organisation"],
                            motivation=data["motivation"],
                            engagement=data["engagement"],
                            themes=data.get("themes") or (),
                            other_themes=data.get("other_themes", ""),
                            answers=form.answers(),
                            language=get_language() or "fr",
                        )
                    except ValidationError as error:
                        add_errors(form, error)
                        return _public_page(request, community, call, form, status, refusal)
                # A page of its own rather than the form again: nobody sends the same answer twice.
                request.session[ANSWERED] = {"token": call.token, "email": form.cleaned_data["email"]}
                return redirect("calls:thanks", community.slug, call.token)
    elif request.method == "POST":
        status = 409
    return _public_page(request, community, call, form, status, refusal)


def _public_page(request, community, call, form, status, refusal):
    return render(
        request,
        "calls/call_public.html",
        _page(
            request,
            community,
            tab="call",  # the public face of the community, not its workspace
            call=call,
            text=markdown(call.text),
            form=form,
            refusal=refusal,
            closed_message=None if form is not None else services.closed_message(call),
            can_edit=permissions.can(request.user, calls_permissions.EDIT, community),
        ),
        status=status,
    )


@require_GET
def call_thanks(request, slug, token):
    """After an answer: thanks, and what happens next."""
    community = permissions.community_for(request.user, slug)
    call = selectors.call_with_questions(community, token=token)
    if call is None:
        raise Http404
    calls_permissions.require_read(request.user, community, call)
    answered = request.session.get(ANSWERED) or {}
    return render(
        request,
        "calls/call_thanks.html",
        _page(
            request,
            community,
            tab="call",
            call=call,
            email=answered.get("email") if answered.get("token") == call.token else None,
        ),
    )


@require_GET
def application_list(request, slug, pk):
    community = permissions.community_for(request.user, slug, calls_permissions.REVIEW)
    call = _call_or_404(community, pk)
    status = request.GET.get("status")
    if status not in Application.Status.values:
        status = None
    page = Paginator(selectors.applications_for(call, status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/application_list.html",
        _page(
            request,
            community,
            call=call,
            page=page,
            applications=list(page.object_list),
            status=status,
            statuses=Application.Status.choices,
            counts=selectors.status_counts(call),
        ),
    )


OUTCOMES = {
    "invited": gettext_lazy("%(name)s is accepted: an invitation to join the community is on its way to %(email)s."),
    "already_member": gettext_lazy(
        "%(name)s is accepted. They are already a member of the community: no invitation was needed."
    ),
    "invitation_pending": gettext_lazy(
        "%(name)s is accepted. An invitation is already waiting for %(email)s: no new one was sent."
    ),
    "declined": gettext_lazy("%(name)s is declined: a kind message is on its way to %(email)s."),
    "contacted": gettext_lazy("%(name)s is marked as contacted. Write to them at %(email)s."),
}


@require_POST
def application_decide(request, slug, pk, application_pk):
    community = permissions.community_for(request.user, slug, calls_permissions.REVIEW)
    call = _call_or_404(community, pk)
    application = call.applications.filter(pk=application_pk).first()
    if application is None:
        raise Http404
    form = DecisionForm(request.POST)
    back = redirect(f"{reverse('calls:applications', args=[community.slug, call.pk])}#application-{application.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept, decline or contact this person."))
        return back
    try:
        decision = services.application_decide(
            actor=request.user,
            application=application,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    level = messages.INFO if decision.outcome in {"already_member", "invitation_pending"} else messages.SUCCESS
    messages.add_message(
        request,
        level,
        OUTCOMES[decision.outcome] % {"name": application.name, "email": application.email},
    )
    return back
