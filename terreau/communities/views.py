import re

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.core import csv
from terreau.core.documents import export_filename
from terreau.core.forms import add_errors
from terreau.core.redirects import safe_next

from . import registry, selectors, services
from .context import community_context
from .forms import (
    CommunityCreateForm,
    CommunityEditForm,
    DirectorySearchForm,
    EngagementForm,
    InvitationForm,
    JoinForm,
    MembershipForm,
    RoleAssignForm,
    RoleForm,
)
from .models import ENGAGEMENT_HELP, Community, Invitation, JoinRequest, Membership, Role

DIRECTORY_PAGE_SIZE = 50
MATRIX_MAX_ROWS = selectors.MATRIX_MAX_ROWS
HOLDERS_PAGE_SIZE = 50
# The picker's choices go back in a form field of this name (`membership`, `owners`...).
PICKER_NAME = re.compile(r"[a-z_]{1,40}")


@require_GET
def community_list(request):
    return render(
        request,
        "communities/community_list.html",
        {
            "communities": selectors.listed_communities(request.user),
            "can_create": permissions.can(request.user, "community.create"),
        },
    )


@require_http_methods(["GET", "POST"])
def community_create(request):
    permissions.require(request.user, "community.create")
    form = CommunityCreateForm(request.POST or None, suggest_url=reverse("communities:slug_suggest"))
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The community is created. Invite its first core team members now."))
            return redirect("communities:invitations", community.slug)
    return render(request, "communities/community_form.html", {"form": form})


@require_GET
def community_slug_suggest(request):
    """The short address field, filled in from the name being typed (htmx, on the creation form).

    A short address the person wrote stays as it is: only an empty one, or the one suggested
    last, follows the name.
    """
    permissions.require(request.user, "community.create")
    slug, suggested = request.GET.get("slug", ""), request.GET.get("slug_suggested", "")
    suggestion = selectors.community_slug_suggest(request.GET.get("name", "")[:120])
    form = CommunityCreateForm(initial={"slug": suggestion if slug in ("", suggested) else slug})
    form.fields["slug"].widget.suggested = suggestion
    return HttpResponse(str(form["slug"]))


@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = permissions.community_for(request.user, slug, "community.edit")
    form = CommunityEditForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.community_update(actor=request.user, community=community, **changed)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The community is updated."))
            return redirect(community)
    return render(
        request, "communities/community_edit.html", community_context(request, community, tab="edit", form=form)
    )


@require_POST
def community_join(request, slug):
    community = permissions.community_for(request.user, slug)
    permissions.require(request.user, "community.join", community)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    result = services.community_join(user=request.user, community=community, message=message)
    if isinstance(result, Membership):
        messages.success(
            request, _("Welcome to %(community)s! Tell us how you want to take part.") % {"community": community.name}
        )
        return redirect("communities:my_membership", community.slug)
    messages.success(request, _("Your request is sent. The core team will answer you by email."))
    return redirect(community)


@require_http_methods(["GET", "POST"])
def my_membership(request, slug):
    community = permissions.community_for(request.user, slug, "membership.engage")
    membership = permissions.membership(request.user, community)
    form = EngagementForm(request.POST or None, initial={"engagement": membership.engagement if membership else None})
    if request.method == "POST" and form.is_valid():
        services.membership_set_engagement(
            user=request.user, community=community, engagement=form.cleaned_data["engagement"]
        )
        messages.success(request, _("Your engagement level is saved."))
        return redirect("communities:my_membership", community.slug)
    return render(request, "communities/my_membership.html", community_context(request, community, tab="me", form=form))


@require_POST
def community_leave(request, slug):
    community = permissions.community_for(request.user, slug, "community.leave")
    try:
        services.membership_leave(user=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communities:my_membership", community.slug)
    messages.success(request, _("You have left %(community)s.") % {"community": community.name})
    return redirect("home")


@require_GET
def member_list(request, slug):
    community = permissions.community_for(request.user, slug, "members.view")
    form = DirectorySearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(
        selectors.directory(community, query, permissions.visibilities(request.user, community)), DIRECTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = community_context(request, community, tab="members", form=form, members=page, query=query)
    if request.htmx:
        return render(request, "communities/member_list.html#results", context)
    return render(request, "communities/member_list.html", context)


def _membership_in(community, membership_id) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "sponsor__user"), pk=membership_id, community=community
    )


@require_http_methods(["GET", "POST"])
def member_detail(request, slug, membership_id):
    community = permissions.community_for(request.user, slug, "members.view")
    membership = _membership_in(community, membership_id)
    if not membership.is_active and not permissions.can(request.user, "members.manage", community):
        raise Http404
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST":
        permissions.require(request.user, "members.manage", community)
        if form.is_valid():
            try:
                services.membership_update(
                    actor=request.user,
                    membership=membership,
                    category=form.cleaned_data["category"],
                    sponsor=form.cleaned_data["sponsor"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The membership is updated."))
                return redirect("communities:member", community.slug, membership.pk)
    return render(
        request,
        "communities/member_detail.html",
        community_context(
            request,
            community,
            tab="members",
            member=membership,
            form=form,
            roles=permissions.visible(
                request.user,
                community,
                Role.objects.filter(assignments__membership=membership, retired_at__isnull=True),
            ),
            newcomers=membership.sponsored.filter(status=Membership.Status.ACTIVE).select_related("user"),
            **registry.member_panels(request.user, community, membership),
            engagement_help=ENGAGEMENT_HELP.get(membership.engagement),
        ),
    )


@require_POST
def member_core_team(request, slug, membership_id):
    community = permissions.community_for(request.user, slug, "core_team.manage")
    membership = _membership_in(community, membership_id)
    try:
        if request.POST.get("action") == "remove":
            services.core_team_remove(actor=request.user, membership=membership)
            messages.success(request, _("%(name)s is no longer in the core team.") % {"name": membership.user})
        else:
            services.core_team_add(actor=request.user, membership=membership)
            messages.success(request, _("%(name)s joins the core team.") % {"name": membership.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if not permissions.can(request.user, "members.view", community):
        return redirect(community)
    return redirect("communities:member", community.slug, membership.pk)


@require_POST
def member_remove(request, slug, membership_id):
    community = permissions.community_for(request.user, slug, "members.manage")
    membership = _membership_in(community, membership_id)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communities:member", community.slug, membership.pk)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return redirect("communities:members", community.slug)


@require_http_methods(["GET", "POST"])
def invitations(request, slug):
    community = permissions.community_for(request.user, slug, "members.invite")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The invitation to %(email)s is on its way.") % {"email": invitation.email})
            return redirect("communities:invitations", community.slug)
    return render(
        request,
        "communities/invitations.html",
        community_context(
            request,
            community,
            tab="invitations",
            form=form,
            invitations=selectors.open_invitations(community),
            invitation_days=settings.TERREAU_INVITATION_DAYS,
        ),
    )


@require_POST
def invitation_revoke(request, slug, invitation_id):
    community = permissions.community_for(request.user, slug, "members.invite")
    invitation = get_object_or_404(Invitation, pk=invitation_id, community=community)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("communities:invitations", community.slug)


# The token is the secret: whoever holds the link may see the invitation.
@require_http_methods(["GET", "POST"])
def invitation_detail(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("community", "invited_by"), token=token)
    community = invitation.community
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise permissions.SignInRequired
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if invitation.core_team and not membership.is_core_team:
                messages.warning(
                    request,
                    _("The core team was already full, so you join as a member. Talk to the core team about it."),
                )
            request.session.pop("invitation_token", None)
            messages.success(
                request,
                _("Welcome to %(community)s! Tell us how you want to take part.") % {"community": community.name},
            )
            return redirect("communities:my_membership", community.slug)
    elif not request.user.is_authenticated and invitation.is_open:
        # Lets the sign-up form open for this person (see adapter.py); the link
        # reached their mailbox, so the address counts as verified.
        request.session["invitation_token"] = invitation.token
        get_account_adapter(request).stash_verified_email(request, invitation.email)
    return render(request, "communities/invitation_detail.html", {"invitation": invitation, "community": community})


@require_GET
def join_requests(request, slug):
    community = permissions.community_for(request.user, slug, "members.review_requests")
    return render(
        request,
        "communities/join_requests.html",
        community_context(request, community, tab="requests", join_requests=selectors.pending_join_requests(community)),
    )


@require_POST
def join_request_decide(request, slug, request_id):
    community = permissions.community_for(request.user, slug, "members.review_requests")
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), pk=request_id, community=community)
    approve = request.POST.get("decision") == "approve"
    try:
        services.join_request_decide(actor=request.user, join_request=join_request, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s is now a member.") if approve else _("The request of %(name)s is declined.")
        messages.success(request, text % {"name": join_request.user})
    # The weekly hour approves a request where it lists it, and brings the person back there.
    return redirect(safe_next(request, reverse("communities:join_requests", args=[community.slug])))


@require_GET
def role_list(request, slug):
    community = permissions.community_for(request.user, slug, "roles.view")
    page = selectors.who_does_what_page(community, request.user)
    can_manage = permissions.can(request.user, "roles.manage", community)
    return render(
        request,
        "communities/role_list.html",
        community_context(
            request,
            community,
            tab="roles",
            roles=page.roles,
            matrix_too_large=page.matrix_too_large,
            matrix_size=page.matrix_size,
            rows=page.matrix,
            holders_shown=selectors.HOLDERS_SHOWN,
            can_manage_roles=can_manage,
            assign_form=RoleAssignForm(community=community, roles=page.roles) if can_manage else None,
            retired=selectors.retired_roles(community) if can_manage else [],
        ),
    )


@require_GET
def role_detail(request, slug, role_id):
    """One role and everyone who holds it, a page at a time: the who-does-what names only the first."""
    community = permissions.community_for(request.user, slug, "roles.view")
    role = _role_in(community, role_id)
    if not permissions.can_see(request.user, community, role):
        raise Http404
    can_manage = permissions.can(request.user, "roles.manage", community)
    holders = Paginator(selectors.role_holders(role), HOLDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/role_detail.html",
        community_context(
            request,
            community,
            tab="roles",
            role=role,
            holders=holders,
            can_manage_roles=can_manage,
            assign_form=RoleAssignForm(community=community, initial={"role": role.pk}) if can_manage else None,
        ),
    )


@require_GET
def member_search(request, slug):
    """The member picker's choices for what was typed: a few members, as radio buttons (htmx)."""
    community = permissions.community_for(request.user, slug, "members.view")
    name = request.GET.get("name", "membership")
    if not PICKER_NAME.fullmatch(name):
        name = "membership"
    # The picker's text field is `member`, or `<field>_member` beside a form's field (MemberPickers).
    text = (request.GET.get("member") or request.GET.get(f"{name}_member", ""))[:200]
    return render(
        request,
        "communities/_member_choices.html",
        {
            "choices": selectors.member_search(
                community, text, by_email=permissions.can(request.user, "members.find_by_email", community)
            )
            if text.strip()
            else [],
            "text": text.strip(),
            "name": name,
            "multiple": request.GET.get("multiple") == "1",
            "limit": selectors.PICKER_RESULTS,
        },
    )


@require_GET
def who_does_what_csv(request, slug):
    community = permissions.community_for(request.user, slug, "roles.view")
    roles, members, held = selectors.who_does_what(community, request.user)
    response = csv.response(export_filename(_("who-does-what"), community.slug, "csv"))
    writer = csv.writer(response)
    writer.writerow([_("Member"), _("Organisation"), _("Core team")] + [role.display_name for role in roles])
    # "4" or "4,5" in French: a spreadsheet reading ';'-separated cells reads the decimal comma.
    hours = [floatformat(role.hours_per_month, "-1") for role in roles]
    writer.writerow([_("Hours per month"), "", ""] + hours)
    for member in members:
        writer.writerow(
            [member.user.display_name, member.user.organisation, _("yes") if member.is_core_team else ""]
            + ["x" if (member.pk, role.pk) in held else "" for role in roles]
        )
    if any(not role.assignments.all() for role in roles):
        writer.writerow(
            [_("Held by the core team until someone takes them on"), "", ""]
            + [_("core team") if not role.assignments.all() else "" for role in roles]
        )
    return response


def _role_in(community, role_id) -> Role:
    return get_object_or_404(Role, pk=role_id, community=community)


@require_http_methods(["GET", "POST"])
def role_edit(request, slug, role_id=None):
    community = permissions.community_for(request.user, slug, "roles.manage")
    role = _role_in(community, role_id) if role_id else Role(community=community)
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_save(actor=request.user, role=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The role %(role)s is saved.") % {"role": form.instance.display_name})
            return redirect("communities:roles", community.slug)
    return render(
        request, "communities/role_form.html", community_context(request, community, tab="roles", form=form, role=role)
    )


@require_POST
def role_retire(request, slug, role_id):
    community = permissions.community_for(request.user, slug, "roles.manage")
    role = _role_in(community, role_id)
    retire = request.POST.get("action") != "restore"
    services.role_retire(actor=request.user, role=role, retire=retire)
    text = _("The role %(role)s is retired.") if retire else _("The role %(role)s is back.")
    messages.success(request, text % {"role": role.display_name})
    return redirect("communities:roles", community.slug)


@require_POST
def role_assign(request, slug):
    community = permissions.community_for(request.user, slug, "roles.manage")
    form = RoleAssignForm(request.POST, community=community)
    back = safe_next(request, reverse("communities:roles", args=[community.slug]))
    if form.is_valid():
        role, membership = form.cleaned_data["role"], form.cleaned_data["membership"]
        try:
            services.role_assign(actor=request.user, role=role, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s now holds the role %(role)s.") % {"name": membership.user, "role": role.display_name},
            )
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(back)


@require_POST
def role_unassign(request, slug, role_id, membership_id):
    community = permissions.community_for(request.user, slug, "roles.manage")
    role = _role_in(community, role_id)
    membership = _membership_in(community, membership_id)
    services.role_unassign(actor=request.user, role=role, membership=membership)
    messages.success(
        request, _("%(name)s no longer holds the role %(role)s.") % {"name": membership.user, "role": role.display_name}
    )
    return redirect(safe_next(request, reverse("communities:roles", args=[community.slug])))


def permission_denied(request, exception):
    """The refusal page (handler403): on a community's address, with the community's navigation
    and, for a closed one, its banner; elsewhere Django's own."""
    match = getattr(request, "resolver_match", None)
    community = None
    if match is not None and match.route.startswith("c/<slug:slug>/"):
        community = Community.objects.filter(slug=match.kwargs.get("slug")).first()
    if community is None or not permissions.can(request.user, "community.view", community):
        return defaults.permission_denied(request, exception)
    reason = str(exception) if exception and exception.args else ""
    return render(request, "communities/403.html", community_context(request, community, exception=reason), status=403)
