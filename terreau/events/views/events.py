"""The calendar (list and month), an event's page and a series' page, and their forms."""

import calendar as calendar_module
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors
from terreau.core.text import as_id

from .. import panels, selectors
from ..forms import CancelForm, EventForm, ReasonForm, SeriesForm
from ..models import Event, EventKind, Series
from ..permissions import MANAGE
from ..selectors_participation import series_participation
from ..services import events as event_services
from ..services import series as series_services
from ..services.common import zone

PAGE_SIZE = 30
OCCURRENCES_PAGE = 12


def _page(request, community, **extra):
    return community_context(
        request, community, tab="calendar", can_manage_events=permissions.can(request.user, MANAGE, community), **extra
    )


def _event_or_404(request, community, pk) -> Event:
    event = selectors.event_page(request.user, community, pk)
    if event is None:
        permissions.refuse(request.user, community, readable=False)
    return event


def _series_or_404(request, community, pk) -> Series:
    series = selectors.series_page(request.user, community, pk)
    if series is None:
        permissions.refuse(request.user, community, readable=False)
    return series


# The calendar ------------------------------------------------------------------------------


@require_GET
def calendar(request, slug):
    """The list: coming events first, paginated; the past ones on their own pages (`?past=1`)."""
    community = permissions.community_for(request.user, slug)
    showing_past = request.GET.get("past") == "1"
    events = (selectors.past if showing_past else selectors.coming)(request.user, community)
    circle = as_id(request.GET.get("circle"))
    if circle is not None:
        events = events.filter(circle_id=circle)  # a group's meetings (those the reader sees)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.now().astimezone(zone(community))
    return render(
        request,
        "events/calendar.html",
        _page(request, community, page=page, showing_past=showing_past, this_month=today),
    )


@require_GET
def month(request, slug, year, month):
    """A month as a table of weeks; each day lists its events. Works without JavaScript."""
    community = permissions.community_for(request.user, slug)
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    tz = zone(community)
    first = date(year, month, 1)
    start = datetime.combine(first, time.min).replace(tzinfo=tz)
    days_in_month = calendar_module.monthrange(year, month)[1]
    end = datetime.combine(first + timedelta(days=days_in_month), time.min).replace(tzinfo=tz)
    by_day: dict[date, list[Event]] = {}
    listed = list(selectors.between(request.user, community, start, end))
    for event in listed:
        day = max(event.starts_at.astimezone(tz).date(), first)
        last = min(event.ends_at.astimezone(tz).date(), first + timedelta(days=days_in_month - 1))
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    today = timezone.now().astimezone(tz).date()
    weeks = [
        [
            {"day": day, "in_month": day.month == month, "events": by_day.get(day, []), "today": day == today}
            for day in week
        ]
        for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = first - timedelta(days=1)
    following = first + timedelta(days=days_in_month)
    return render(
        request,
        "events/month.html",
        _page(
            request,
            community,
            month=first,
            weeks=weeks,
            weekdays=[week_day for week_day in weeks[0]],
            previous=previous,
            following=following,
            has_events=bool(by_day),
            listed=listed,
            this_month=timezone.now().astimezone(tz),
        ),
    )


# One event ---------------------------------------------------------------------------------


@require_GET
def event_detail(request, slug, pk):
    community = permissions.community_for(request.user, slug)
    event = _event_or_404(request, community, pk)
    # Each panel is drawn with its own context (and the community and event), in order.
    shown = []
    for panel in panels.ordered():
        context = panel.context(request, community, event)
        if context is not None:
            shown.append(
                render_to_string(panel.template, {"community": community, "event": event, **context}, request=request)
            )
    activity = event.activity
    if activity is not None and not permissions.can_see(request.user, community, activity):
        activity = None
    circle = event.circle  # the group whose meeting this is, named to whoever sees it
    if circle is not None and not permissions.can_see(request.user, community, circle):
        circle = None
    return render(
        request,
        "events/event_detail.html",
        _page(
            request,
            community,
            event=event,
            panels=shown,
            activity=activity,
            circle=circle,
            organisers=list(event.organisers.all()),
            # A meeting already held changes no rule from itself on.
            is_past=event.ends_at < timezone.now(),
            history=list(selectors.event_history(event)[:20])
            if permissions.can(request.user, MANAGE, community)
            else [],
            series_words=series_services.series_words(event.series) if event.series else "",
        ),
    )


def _event_form_page(request, community, event: Event | None):
    # A new event's kind may come with the link (`?kind=celebration` from the closing page).
    kind = request.GET.get("kind")
    initial = {"kind": kind} if event is None and kind in EventKind.values else {}
    form = EventForm(request.POST or None, instance=event, community=community, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if event is None:
                event = event_services.event_create(actor=request.user, community=community, **values)
                messages.success(request, _("The event is planned."))
            else:
                event_services.event_update(
                    actor=request.user, event=event, version=form.cleaned_data.get("version") or 0, **values
                )
                messages.success(request, _("The event is saved."))
        except event_services.StaleEdit as error:
            add_errors(form, error)
            # What was typed stays; sent again, it is saved over the other change, knowingly.
            form.data = form.data.copy()
            form.data["version"] = str(Event.objects.get(pk=event.pk).version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("events:detail", community.slug, event.pk)
    return render(request, "events/event_form.html", _page(request, community, form=form, event=event))


@require_http_methods(["GET", "POST"])
def event_create(request, slug):
    community = permissions.community_for(request.user, slug, MANAGE)
    return _event_form_page(request, community, None)


@require_http_methods(["GET", "POST"])
def event_edit(request, slug, pk):
    community = permissions.community_for(request.user, slug, MANAGE)
    return _event_form_page(request, community, _event_or_404(request, community, pk))


@require_http_methods(["GET", "POST"])
def event_cancel(request, slug, pk):
    """Cancel with a reason; a monthly meeting next to a cancelled one asks for a confirmation."""
    community = permissions.community_for(request.user, slug, MANAGE)
    event = _event_or_404(request, community, pk)
    if event.is_cancelled:
        messages.info(request, _("This event is already cancelled."))
        return redirect("events:detail", community.slug, event.pk)
    neighbour = event_services.neighbour_cancelled(event) if event.kind == EventKind.MONTHLY_MEETING else None
    form = CancelForm(request.POST or None)
    if neighbour is None:
        del form.fields["confirm"]  # asked only when the rule holds the meeting
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_cancel(
                actor=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                confirm=form.cleaned_data.get("confirm", False),
            )
        except event_services.SecondCancellation as refusal:
            form.add_error(None, refusal)
            neighbour = refusal.neighbour
            form.fields.setdefault("confirm", CancelForm.base_fields["confirm"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The event is cancelled; the people registered are told."))
            return redirect("events:detail", community.slug, event.pk)
    return render(
        request, "events/event_cancel.html", _page(request, community, form=form, event=event, neighbour=neighbour)
    )


@require_POST
def event_restore(request, slug, pk):
    community = permissions.community_for(request.user, slug, MANAGE)
    event = _event_or_404(request, community, pk)
    form = ReasonForm(request.POST)
    try:
        event_services.event_restore(
            actor=request.user, event=event, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event takes place after all."))
    return redirect("events:detail", community.slug, event.pk)


# Series ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def series_create(request, slug):
    community = permissions.community_for(request.user, slug, MANAGE)
    form = SeriesForm(request.POST or None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = series_services.series_create(
                actor=request.user,
                community=community,
                until=form.cleaned_data["until"],
                **form.schedule(),
                **form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The series is planned: its meetings are in the calendar."))
            return redirect("events:series", community.slug, series.pk)
    return render(request, "events/series_form.html", _page(request, community, form=form, series=None))


@require_GET
def series_detail(request, slug, pk):
    """The series: its rule in words, the coming meetings, the past ones folded, its history."""
    community = permissions.community_for(request.user, slug)
    series = _series_or_404(request, community, pk)
    now = timezone.now()
    occurrences = selectors.series_occurrences(request.user, series)
    coming = Paginator(occurrences.filter(ends_at__gte=now), OCCURRENCES_PAGE).get_page(request.GET.get("page"))
    past = Paginator(occurrences.filter(ends_at__lt=now).order_by("-starts_at", "-pk"), OCCURRENCES_PAGE).get_page(
        request.GET.get("past")
    )
    return render(
        request,
        "events/series_detail.html",
        _page(
            request,
            community,
            series=series,
            words=series_services.series_words(series),
            coming=coming,
            past=past,
            past_open="past" in request.GET,
            organisers=list(series.organisers.all()),
            # Who did what is members' business, like the names of the members.
            history=list(selectors.series_history(request.user, series)[:50])
            if permissions.can(request.user, "members.view", community)
            else [],
            continued_by=selectors.continued_by(series),
            # Registrations and attendance (views/registrations.py): the figures, for the members.
            series_participation=series_participation(series, user=request.user, community=community)
            if permissions.can(request.user, "members.view", community)
            else None,
        ),
    )


def _schedule_changed(series: Series, form: SeriesForm) -> bool:
    data = form.cleaned_data
    local = series.first_start.astimezone(zone(series.community))
    return (
        data["rule"] != series.rule
        or data["first_start"].timetz().replace(tzinfo=None) != local.time()
        or data["duration"] != series.duration
        or data["until"] != series.until
    )


@require_http_methods(["GET", "POST"])
def series_edit(request, slug, pk):
    """What the meetings share applies to the coming ones not edited alone; a change of rule or
    time applies from the next meeting on (the past ones stay as they were)."""
    community = permissions.community_for(request.user, slug, MANAGE)
    series = _series_or_404(request, community, pk)
    form = SeriesForm(request.POST or None, instance=series, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if _schedule_changed(series, form):
                pivot = Event.objects.filter(series=series, starts_at__gte=timezone.now()).order_by("starts_at").first()
                if pivot is None:
                    raise ValidationError(_("This series has no coming meeting left to change."))
                # The new rule applies from the next meeting's day on, whatever the first day was.
                since = pivot.starts_at.astimezone(zone(community)).date()
                series = series_services.series_split(
                    actor=request.user,
                    event=pivot,
                    until=form.cleaned_data["until"],
                    **form.schedule(since=since),
                    **form.values(),
                )
            else:
                series_services.series_update(actor=request.user, series=series, **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The series is saved, and its coming meetings with it."))
            return redirect("events:series", community.slug, series.pk)
    return render(request, "events/series_form.html", _page(request, community, form=form, series=series))


@require_http_methods(["GET", "POST"])
def series_split(request, slug, pk):
    """ "This meeting and the following": a new series continues the old one from this meeting."""
    community = permissions.community_for(request.user, slug, MANAGE)
    event = _event_or_404(request, community, pk)
    if event.series is None:
        raise Http404
    tz = zone(community)
    form = SeriesForm(
        request.POST or None,
        instance=event.series,
        community=community,
        user=request.user,
        initial={"start_day": event.starts_at.astimezone(tz).date()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            series = series_services.series_split(
                actor=request.user, event=event, until=form.cleaned_data["until"], **form.schedule(), **form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved: this meeting and the following ones follow the new rule."))
            return redirect("events:series", community.slug, series.pk)
    return render(
        request,
        "events/series_form.html",
        _page(request, community, form=form, series=event.series, event=event, split=True),
    )


def month_url(community, day: date) -> str:
    return reverse("events:month", args=[community.slug, day.year, day.month])
