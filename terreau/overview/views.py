"""Pages that gather several apps: the home page and a community's overview.

They sit above the feature apps, so that the base (`communities`) never needs to know a feature.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from terreau import permissions
from terreau.archive import selectors as archive_selectors
from terreau.calls import selectors as calls_selectors
from terreau.charter import permissions as charter_permissions
from terreau.charter import selectors as charter_selectors
from terreau.communities import selectors, services
from terreau.communities.context import community_context
from terreau.communities.forms import JoinForm
from terreau.communities.models import CORE_TEAM_MIN, JoinRequest
from terreau.core import weekly
from terreau.core.models import Visibility
from terreau.definition import permissions as definition_permissions
from terreau.events import selectors as events_selectors
from terreau.exchanges import permissions as exchanges_permissions
from terreau.lifecycle import permissions as lifecycle_permissions
from terreau.lifecycle import selectors as lifecycle_selectors

from . import grow as grow_selectors
from . import permissions as overview_permissions
from . import selectors as overview_selectors


@require_GET
def home(request):
    user = request.user
    mine = list(overview_selectors.home_communities(user)) if user.is_authenticated else []
    others = [] if mine else list(selectors.listed_communities(user))
    return render(request, "overview/home.html", {"my_communities": mine, "public_communities": others})


@require_GET
def community_detail(request, slug):
    community = permissions.community_for(request.user, slug)
    user = request.user
    roles = permissions.visible(user, community, community.roles.filter(retired_at__isnull=True))
    core = list(services.core_team(community))
    pending = None
    if permissions.standing(user, community) == permissions.Standing.OUTSIDER:
        pending = JoinRequest.objects.filter(community=community, user=user, status=JoinRequest.Status.PENDING).first()
    return render(
        request,
        "overview/community_detail.html",
        community_context(
            request,
            community,
            tab="overview",
            core_team=core,
            core_team_too_small=len(core) < CORE_TEAM_MIN,
            public_roles=selectors.with_first_holders(
                list(selectors.with_holder_counts(roles.filter(visibility="public")))
            ),
            holders_shown=selectors.HOLDERS_SHOWN,
            member_count=selectors.active_members(community).count(),
            can_join=permissions.can(user, "community.join", community),
            charter_readable=charter_permissions.can_read_adopted(
                user, community, charter_selectors.charter_for(community)
            ),
            open_calls=[
                call
                for call in calls_selectors.calls_for(user, community)
                if call.is_open and call.visibility == Visibility.PUBLIC
            ],
            phase_progress=lifecycle_selectors.current_progress(community)
            if permissions.can(user, lifecycle_permissions.VIEW, community)
            else None,
            # Members find the questions in the exchanges' tab; anyone else, the public ones here.
            public_questions=not permissions.can(user, "members.view", community)
            and exchanges_permissions.can_read_questions(user, community),
            next_meeting=events_selectors.next_meeting(user, community),
            pending_request=pending,
            join_form=JoinForm(),
            pending_request_count=selectors.pending_join_requests(community).count()
            if permissions.can(user, "members.review_requests", community)
            else 0,
            can_weekly_hour=permissions.can(user, overview_permissions.WEEKLY_HOUR, community),
            can_grow=permissions.can(user, overview_permissions.GROW, community),
            has_archive=archive_selectors.has_archive(user, community),
        ),
    )


@require_GET
def weekly_hour(request, slug):
    """The facilitator's weekly hour: what to do this week, each with the button that does it."""
    community = permissions.community_for(request.user, slug, overview_permissions.WEEKLY_HOUR)
    now = timezone.now()
    week = weekly.Week(
        user=request.user,
        community=community,
        now=now,
        today=timezone.localdate(now),
        page_url=reverse("overview:weekly_hour", args=[community.slug]),
    )
    tasks = weekly.tasks_for(week)
    return render(
        request,
        "overview/weekly_hour.html",
        community_context(
            request,
            community,
            tab="overview",
            to_do=[task for task in tasks if not task.done],
            done=[task for task in tasks if task.done],
        ),
    )


@require_GET
def grow(request, slug):
    """Grow: recruitment over time, and the communities and networks to connect with."""
    community = permissions.community_for(request.user, slug, overview_permissions.GROW)
    table = grow_selectors.recruitment_by_month(community, timezone.localdate())
    themes = list(community.themes.all())
    return render(
        request,
        "overview/grow.html",
        community_context(
            request,
            community,
            tab="overview",
            months=table,
            chart=grow_selectors.chart(table),
            totals={
                "applications": sum(month.applications for month in table),
                "converted": sum(month.converted for month in table),
                "joined": sum(month.joined for month in table),
                "invitations": sum(month.invitations for month in table),
                "accepted": sum(month.accepted for month in table),
                "requests": sum(month.requests for month in table),
                "approved": sum(month.approved for month in table),
            },
            calls=grow_selectors.calls_with_counts(community),
            invitations=grow_selectors.invitation_totals(community),
            requests=grow_selectors.request_totals(community),
            themes=themes,
            partners=grow_selectors.partner_communities(request.user, community, themes),
            networks=grow_selectors.outside_networks(community),
            can_edit_networks=permissions.can(request.user, definition_permissions.SCOPE_EDIT, community),
        ),
    )
