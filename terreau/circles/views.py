"""The circles' pages: the map with its list, a circle's page, and the forms that change them.

Views are thin: every refusal comes from circles/permissions.py, every change from services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.models import CORE_TEAM_MIN, Community, Membership
from terreau.core.forms import add_errors

from . import map as circle_map_layout
from . import permissions as circle_permissions
from . import registry, selectors, services
from .forms import AskForm, CircleForm, InformationForm, LinksForm, MemberAddForm
from .models import Circle, CircleRequest, Joining


def _page(request, community, **extra):
    return community_context(
        request,
        community,
        tab="circles",
        can_manage_circles=permissions.can(request.user, circle_permissions.MANAGE, community),
        **extra,
    )


def _circle(request, community: Community, pk: int) -> Circle:
    return circle_permissions.require_seen(request.user, community, selectors.circle_page(request.user, community, pk))


def _try(request, form, action, success: str) -> bool:
    """Run a service; its ValidationError goes to the form (what was typed stays), or a message."""
    try:
        action()
    except ValidationError as error:
        if form is not None:
            add_errors(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@require_GET
def circle_map(request, slug):
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    closed = request.GET.get("closed") == "1"
    circles = selectors.circles_for_map(request.user, community, closed=closed)
    drawn = circle_map_layout.layout(circles)
    return render(
        request,
        "circles/map.html",
        _page(request, community, circles=[node.circle for node in drawn.nodes], map=drawn, closed=closed),
    )


@require_GET
def circle_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    user = request.user
    membership = permissions.membership(user, community)
    members = selectors.circle_members(circle)
    is_member = membership is not None and any(m.pk == membership.pk for m in members.shown + members.folded)
    may_coordinate = circle_permissions.may_coordinate(user, community, circle)
    may_join = (
        not circle.is_core_team
        and circle.closed_at is None
        and permissions.can(user, circle_permissions.JOIN, community)
        and not is_member
    )
    return render(
        request,
        "circles/circle_detail.html",
        _page(
            request,
            community,
            circle=circle,
            members=members,
            is_circle_member=is_member,
            may_leave=is_member and permissions.can(user, circle_permissions.JOIN, community),
            may_coordinate=may_coordinate,
            may_name_lead_link=circle_permissions.may_name_lead_link(user, community, circle),
            may_join=may_join and circle.joining == Joining.OPEN,
            may_ask=may_join and circle.joining == Joining.ON_REQUEST,
            my_request=selectors.my_request(circle, membership) if may_join else None,
            requests=selectors.pending_requests(circle) if may_coordinate else [],
            children=list(
                circle_permissions.visible_circles(user, community).filter(parent=circle, closed_at__isnull=True)
            ),
            core_team_too_small=circle.is_core_team and members.count < CORE_TEAM_MIN,
            panels=registry.render_panels(request, community, circle),
        ),
    )


@require_http_methods(["GET", "POST"])
def circle_create(request, slug):
    community = permissions.community_for(request.user, slug, circle_permissions.MANAGE)
    form = CircleForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        created = []
        if _try(
            request,
            form,
            lambda: created.append(services.circle_create(actor=request.user, community=community, **form.values())),
            _("The circle is created."),
        ):
            return redirect(created[0].get_absolute_url())
    return render(request, "circles/circle_form.html", _page(request, community, form=form, circle=None))


@require_http_methods(["GET", "POST"])
def circle_edit(request, slug, pk):
    """The core team edits every field; a coordinator the purpose and the group's information."""
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    circle_permissions.require_coordinate(request.user, community, circle)
    if circle.closed_at is not None:
        messages.error(request, _("This circle is closed: it changes no more."))
        return redirect(circle.get_absolute_url())
    data = request.POST or None
    if permissions.can(request.user, circle_permissions.MANAGE, community):
        form: CircleForm | InformationForm = CircleForm(data, instance=circle, community=community)
    else:
        form = InformationForm(data, instance=circle)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.circle_update(actor=request.user, circle=circle, version=version, **form.values())
        except services.StaleEdit as error:
            add_errors(form, error)
            # What was typed stays; sent again, it is saved over the other change, knowingly.
            form.data = form.data.copy()
            form.data["version"] = str(Circle.objects.get(pk=circle.pk).version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The circle is saved."))
            return redirect(circle.get_absolute_url())
    return render(request, "circles/circle_form.html", _page(request, community, form=form, circle=circle))


@require_POST
def circle_close(request, slug, pk):
    community = permissions.community_for(request.user, slug, circle_permissions.MANAGE)
    circle = _circle(request, community, pk)
    _try(request, None, lambda: services.circle_close(actor=request.user, circle=circle), _("The circle is closed."))
    return redirect(circle.get_absolute_url())


@require_POST
def circle_join(request, slug, pk):
    community = permissions.community_for(request.user, slug, circle_permissions.JOIN)
    circle = _circle(request, community, pk)
    _try(
        request,
        None,
        lambda: services.circle_join(user=request.user, circle=circle),
        _("Welcome to %(circle)s.") % {"circle": circle},
    )
    return redirect(circle.get_absolute_url())


@require_http_methods(["GET", "POST"])
def circle_ask(request, slug, pk):
    community = permissions.community_for(request.user, slug, circle_permissions.JOIN)
    circle = _circle(request, community, pk)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _try(
            request,
            form,
            lambda: services.circle_ask(user=request.user, circle=circle, message=form.cleaned_data["message"]),
            _("Your request is sent: the coordinator will answer it."),
        ):
            return redirect(circle.get_absolute_url())
    return render(request, "circles/ask.html", _page(request, community, form=form, circle=circle))


@require_POST
def circle_leave(request, slug, pk):
    community = permissions.community_for(request.user, slug, circle_permissions.JOIN)
    circle = _circle(request, community, pk)
    _try(
        request,
        None,
        lambda: services.circle_leave(user=request.user, circle=circle),
        _("You left %(circle)s.") % {"circle": circle},
    )
    return redirect(circle.get_absolute_url())


@require_POST
def request_decide(request, slug, pk, request_pk):
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    circle_permissions.require_coordinate(request.user, community, circle)
    join_request = get_object_or_404(CircleRequest, pk=request_pk, circle=circle)
    approve = request.POST.get("decision") == "approve"
    _try(
        request,
        None,
        lambda: services.request_decide(actor=request.user, request=join_request, approve=approve),
        _("%(name)s is now in the circle.") % {"name": join_request.membership.user}
        if approve
        else _("The request is declined."),
    )
    return redirect(circle.get_absolute_url())


@require_http_methods(["GET", "POST"])
def circle_members(request, slug, pk):
    """The core team (or the coordinator) adds members, takes them out, names coordinators."""
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    circle_permissions.require_coordinate(request.user, community, circle)
    form = MemberAddForm(request.POST or None, community=community, circle=circle)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        if _try(
            request,
            form,
            lambda: services.member_add(
                actor=request.user,
                circle=circle,
                membership=membership,
                coordinator=form.cleaned_data.get("coordinator", False),
            ),
            _("%(name)s is added to the circle.") % {"name": membership.user},
        ):
            return redirect("circles:members", community.slug, circle.pk)
    return render(
        request,
        "circles/members.html",
        _page(request, community, form=form, circle=circle, members=selectors.circle_members(circle)),
    )


def _member(circle: Circle, membership_pk: int) -> Membership:
    return get_object_or_404(Membership, pk=membership_pk, community_id=circle.community_id)


@require_POST
def member_remove(request, slug, pk, membership_pk):
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    circle_permissions.require_coordinate(request.user, community, circle)
    membership = _member(circle, membership_pk)
    _try(
        request,
        None,
        lambda: services.member_remove(actor=request.user, circle=circle, membership=membership),
        _("%(name)s is taken out of the circle.") % {"name": membership.user},
    )
    return redirect("circles:members", community.slug, circle.pk)


@require_POST
def coordinator_set(request, slug, pk, membership_pk):
    community = permissions.community_for(request.user, slug, circle_permissions.MANAGE)
    circle = _circle(request, community, pk)
    membership = _member(circle, membership_pk)
    coordinator = request.POST.get("coordinator") != "0"
    _try(
        request,
        None,
        lambda: services.coordinator_set(
            actor=request.user, circle=circle, membership=membership, coordinator=coordinator
        ),
        _("The circle's coordinators are saved."),
    )
    return redirect("circles:members", community.slug, circle.pk)


@require_http_methods(["GET", "POST"])
def circle_links(request, slug, pk):
    """The double link: the lead link (the parent circle names it), the representative (the circle elects)."""
    community = permissions.community_for(request.user, slug, circle_permissions.VIEW)
    circle = _circle(request, community, pk)
    user = request.user
    may_lead = circle_permissions.may_name_lead_link(user, community, circle)
    may_represent = circle_permissions.may_coordinate(user, community, circle)
    if circle.is_core_team or not (may_lead or may_represent):
        permissions.refuse_write(user, community, readable=True)
    form = LinksForm(
        request.POST or None, community=community, circle=circle, may_lead=may_lead, may_represent=may_represent
    )
    if request.method == "POST" and form.is_valid():

        @transaction.atomic
        def save():
            if may_lead:
                services.lead_link_set(actor=user, circle=circle, membership=form.cleaned_data["lead_link"])
            if may_represent:
                services.representative_set(circle, form.cleaned_data["representative"], user)

        if _try(request, form, save, _("The double link is saved.")):
            return redirect(circle.get_absolute_url())
    return render(request, "circles/links.html", _page(request, community, form=form, circle=circle))
