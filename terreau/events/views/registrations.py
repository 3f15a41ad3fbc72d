"""Registering to an event, the waiting list, and the attendance the organiser records.

Two panels of the event page (panels.py): "registration" (10: one's place, the places left, the
waiting list) and "attendance" (30: the figures once the event started, the organiser's link).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors

from .. import panels
from ..forms_attendance import AttendanceForm
from ..models import Event, Registration
from ..permissions import ORGANISE, REGISTER, may_organise, require_organise, visible_events
from ..selectors_participation import event_participation, member_participation
from ..services import registrations as services

Status = Registration.Status


def _event_or_404(user, community, pk) -> Event:
    event = visible_events(user, community).filter(pk=pk).first()
    if event is None:
        permissions.refuse(user, community, readable=False)  # a visitor is asked to sign in first
    return event


# The event page's panels -----------------------------------------------------------------------


def registration_panel(request, community, event):
    user = request.user
    mine = Registration.objects.filter(event=event, user=user).first() if user.is_authenticated else None
    figures = event_participation(event)
    places_left = None if event.capacity is None else max(event.capacity - figures.registered, 0)
    closed = services.registration_closed(event)
    if not event.is_cancelled and event.ends_at <= timezone.now():
        closed = _("This event has taken place.")
    return {
        "community": community,
        "event": event,
        "registration": mine,
        "position": services.waiting_position(mine) if mine else None,
        "figures": figures,
        "places_left": places_left,
        "closed": closed,
        "may_register": permissions.can(user, REGISTER, community),
    }


def attendance_panel(request, community, event):
    if event.is_cancelled or event.starts_at > timezone.now():
        return None
    organiser = may_organise(request.user, community, event)
    if not organiser and event.attendance_recorded_at is None:
        return None
    return {"community": community, "event": event, "figures": event_participation(event), "organiser": organiser}


panels.register(panels.Panel("registration", "events/_panel_registration.html", 10, registration_panel))
panels.register(panels.Panel("attendance", "events/_panel_attendance.html", 30, attendance_panel))


# Registering ---------------------------------------------------------------------------------


@require_POST
def register(request, slug, pk):
    community = permissions.community_for(request.user, slug, REGISTER)
    event = _event_or_404(request.user, community, pk)
    try:
        registration = services.register(actor=request.user, community=community, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Status.WAITING:
            messages.warning(
                request,
                _(
                    "The event is full: you are on the waiting list, number %(position)s. "
                    "You will be told if a place frees up."
                )
                % {"position": services.waiting_position(registration)},
            )
        else:
            messages.success(request, _("You are registered."))
    return redirect(services.event_url(event, community))


@require_POST
def unregister(request, slug, pk):
    community = permissions.community_for(request.user, slug, REGISTER)
    event = _event_or_404(request.user, community, pk)
    try:
        found = services.unregister(actor=request.user, community=community, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if found is not None and found.status == Status.CANCELLED:
            messages.success(request, _("Your registration is cancelled."))
    return redirect(services.event_url(event, community))


# Attendance ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    event = _event_or_404(request.user, community, pk)
    require_organise(request.user, community, event)
    rows = list(
        Registration.objects.filter(event=event, status__in=[Status.REGISTERED, Status.WALK_IN])
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).count()
    form = AttendanceForm(
        request.POST or None,
        community=community,
        registration_ids={row.pk for row in rows},
        initial={"guests_count": event.guests_count},
    )
    closed = services.attendance_open(event)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.attendance_record(
                actor=request.user,
                community=community,
                event=event,
                came=form.came(),
                walk_ins=form.cleaned_data["walk_ins"],
                guests_count=form.cleaned_data["guests_count"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("events:attendance", community.slug, event.pk)
    ticked = form.came() if form.is_bound else {row.pk for row in rows if row.attended}
    return render(
        request,
        "events/attendance.html",
        community_context(
            request,
            community,
            tab="calendar",
            event=event,
            rows=rows,
            registered=sum(1 for row in rows if row.status == Status.REGISTERED),
            ticked=ticked,
            waiting=waiting,
            form=form,
            closed=closed,
            figures=event_participation(event),
            event_url=services.event_url(event, community),
        ),
    )


# A member's page (communities' MemberPanel) ----------------------------------------------------

PERIOD = timedelta(days=365)


def member_panel(user, community, membership):
    """A member's participation over the last twelve months: for them, and for who organises."""
    if user.pk != membership.user_id and not permissions.can(user, ORGANISE, community):
        return {"event_participation": None}
    return {"event_participation": member_participation(membership, since=timezone.now() - PERIOD)}
