"""The pages of the call for role volunteers ("appel aux forces vives")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors, object_id

from . import permissions as election_permissions
from . import selectors
from .forms import DecideForm, RoleCallForm, VolunteerForm
from .models import RoleCall, Volunteer
from .services import role_calls as services

PAGE_SIZE = 30


def _page(request, community, **extra):
    return community_context(request, community, tab="roles", **extra)


def _call_or_404(request, community, pk) -> RoleCall:
    found = object_id(pk)
    call = None
    if found is not None:
        call = selectors.call_for(election_permissions.calls_visible_to(request.user, community), found)
    if call is None:
        raise Http404
    return call


@require_GET
def call_list(request, slug):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_VIEW)
    calls = selectors.call_list(election_permissions.calls_visible_to(request.user, community))
    return render(
        request,
        "elections/call_list.html",
        _page(
            request,
            community,
            calls=Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page")),
            can_manage=permissions.can(request.user, election_permissions.CALLS_MANAGE, community),
        ),
    )


@require_http_methods(["GET", "POST"])
def call_create(request, slug):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_MANAGE)
    form = RoleCallForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.role_call_create(
                actor=request.user,
                community=community,
                title=data["title"],
                text=data["text"],
                roles=data["roles"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The call is published: the members are told."))
            return redirect("elections:call", community.slug, call.pk)
    return render(request, "elections/call_form.html", _page(request, community, form=form))


def _call_page(request, community, call, form=None, status=200):
    me = permissions.membership(request.user, community)
    mine = selectors.my_volunteering(call, me)
    may_volunteer = call.is_open and permissions.can(request.user, election_permissions.VOLUNTEER, community)
    if may_volunteer and form is None:
        form = VolunteerForm(call=call)
    roles = list(call.roles.all())
    return render(
        request,
        "elections/call_detail.html",
        _page(
            request,
            community,
            call=call,
            roles=roles,
            mine=[(role, mine.get(role.pk)) for role in roles],
            form=form if may_volunteer else None,
            can_manage=permissions.can(request.user, election_permissions.CALLS_MANAGE, community),
        ),
        status=status,
    )


@require_GET
def call_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_VIEW)
    return _call_page(request, community, _call_or_404(request, community, pk))


@require_POST
def call_volunteer(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_VIEW)
    permissions.require_open(request.user, community)  # a closed community takes no write
    call = _call_or_404(request, community, pk)
    permissions.require_membership(request.user, election_permissions.VOLUNTEER, community)
    form = VolunteerForm(request.POST, call=call)
    if form.is_valid():
        try:
            services.volunteer(
                actor=request.user,
                call=call,
                role=form.cleaned_data["role"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the core team will answer you."))
            return redirect("elections:call", community.slug, call.pk)
    return _call_page(request, community, call, form)


@require_GET
def call_review(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_MANAGE)
    call = _call_or_404(request, community, pk)
    grouped = selectors.volunteers_by_role(call)
    roles = list(call.roles.all())
    return render(
        request,
        "elections/call_review.html",
        _page(
            request,
            community,
            call=call,
            by_role=[(role, grouped.get(role.pk, [])) for role in roles],
            frozen=permissions.is_closed(community),
        ),
    )


@require_POST
def volunteer_decide(request, slug, pk, volunteer_pk):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_MANAGE)
    call = _call_or_404(request, community, pk)
    found = object_id(volunteer_pk)
    volunteer = Volunteer.objects.filter(call=call, pk=found).first() if found else None
    if volunteer is None:
        raise Http404
    form = DecideForm(request.POST)
    confirm = request.POST.get("decision") == "confirm"
    if form.is_valid():
        try:
            services.volunteer_decide(
                actor=request.user, volunteer=volunteer, confirm=confirm, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Confirmed: the role is theirs.") if confirm else _("Answered: they are told."))
    return redirect("elections:call_review", community.slug, call.pk)


@require_POST
def call_close(request, slug, pk):
    community = permissions.community_for(request.user, slug, election_permissions.CALLS_MANAGE)
    call = _call_or_404(request, community, pk)
    services.role_call_close(actor=request.user, call=call)
    messages.success(request, _("The call is closed."))
    return redirect("elections:calls", community.slug)
