"""An event's agenda (its page for those who organise it, and the "agenda" panel of the event's
page) and its minutes (written in the knowledge base; the "minutes" panel)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.forms import MemberPickers
from terreau.communities.models import Community, Membership
from terreau.core.forms import FormattedTextarea, add_errors, relation_formfield

from .. import agenda_templates, panels
from ..models import AgendaItem, Event
from ..permissions import may_organise, require_organise, visible_events
from ..services import agenda as agenda_services
from ..services import minutes as minutes_services

# ---------------------------------------------------------------------------------------------
# Form


class AgendaItemForm(MemberPickers, forms.ModelForm):
    """Shows the guide's wording of a template's item; left unchanged, the field stays empty so
    that the item keeps following each reader's language."""

    guide_fields = ("title", "notes")

    class Meta:
        model = AgendaItem
        formfield_callback = relation_formfield
        fields = ["title", "duration", "lead", "notes"]
        widgets = {"notes": FormattedTextarea(attrs={"rows": 4})}
        help_texts = {"notes": "", "duration": gettext_lazy("In minutes, from 5 to 600.")}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        if self.instance.guide_key:
            for name in self.guide_fields:
                if not getattr(self.instance, name):
                    self.initial[name] = self.instance.guide_text(name)
        field = self.fields["lead"]
        field.queryset = (
            Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
            .select_related("user")
            .order_by("user__display_name", "pk")
        )
        field.label_from_instance = lambda membership: str(membership.user)
        self.use_member_picker("lead", community, label=_("Another member"), empty_label=_("Nobody yet"))

    def clean(self):
        cleaned = super().clean()
        if self.instance.guide_key:
            for name in self.guide_fields:
                value = cleaned.get(name)
                if (
                    isinstance(value, str)
                    and not getattr(self.instance, name)
                    and value.strip().replace("\r\n", "\n") == self.instance.guide_text(name).strip()
                ):
                    cleaned[name] = ""
                    setattr(self.instance, name, "")
        return cleaned


# ---------------------------------------------------------------------------------------------
# Helpers


def _event(request, slug, pk) -> tuple[Community, Event]:
    """The event as this person may see it (404 otherwise), for those who organise it."""
    community = permissions.community_for(request.user, slug)
    event = get_object_or_404(visible_events(request.user, community).select_related("minutes"), pk=pk)
    require_organise(request.user, community, event)
    return community, event


def _item(request, slug, pk, item_pk) -> tuple[Community, Event, AgendaItem]:
    community, event = _event(request, slug, pk)
    item = get_object_or_404(AgendaItem.objects.select_related("lead__user"), pk=item_pk, event=event)
    item.event = event
    return community, event, item


def event_url(community: Community, event: Event) -> str:
    return reverse("events:detail", args=[community.slug, event.pk])


def _agenda_url(community: Community, event: Event, anchor: str = "") -> str:
    return reverse("events:agenda", args=[community.slug, event.pk]) + (f"#{anchor}" if anchor else "")


def _page(request, community, event, **extra):
    return community_context(
        request, community, tab="events", event=event, event_url=event_url(community, event), **extra
    )


# ---------------------------------------------------------------------------------------------
# The agenda


@require_GET
def agenda(request, slug, pk):
    community, event = _event(request, slug, pk)
    timed = agenda_services.agenda_of(event)
    return render(
        request,
        "events/agenda.html",
        _page(
            request,
            community,
            event,
            agenda=timed,
            has_template=bool(agenda_templates.template_for(event.kind)),
            template_minutes=agenda_services.template_minutes(event.kind),
        ),
    )


@require_POST
def agenda_template(request, slug, pk):
    community, event = _event(request, slug, pk)
    try:
        agenda_services.template_apply(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda now holds the template of this kind of event: change it as you need."))
    return redirect(_agenda_url(community, event))


@require_POST
def agenda_clear(request, slug, pk):
    community, event = _event(request, slug, pk)
    agenda_services.agenda_clear(actor=request.user, event=event)
    messages.success(request, _("The agenda is empty: add your own items, or start again from the template."))
    return redirect(_agenda_url(community, event))


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, slug, pk, item_pk=None):
    if item_pk:
        community, event, item = _item(request, slug, pk, item_pk)
    else:
        community, event = _event(request, slug, pk)
        item = AgendaItem(event=event)
    name = item.display_title  # before the form writes what was typed into the item
    form = AgendaItemForm(request.POST or None, instance=item, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.item_save(actor=request.user, item=form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agenda item %(title)s is saved.") % {"title": item.display_title})
            return redirect(_agenda_url(community, event, f"item-{item.pk}"))
    return render(
        request, "events/agenda_item_form.html", _page(request, community, event, form=form, item=item, name=name)
    )


@require_POST
def agenda_item_delete(request, slug, pk, item_pk):
    community, event, item = _item(request, slug, pk, item_pk)
    agenda_services.item_delete(actor=request.user, item=item)
    messages.success(request, _("The agenda item %(title)s is removed.") % {"title": item.display_title})
    return redirect(_agenda_url(community, event))


@require_POST
def agenda_item_move(request, slug, pk, item_pk):
    community, event, item = _item(request, slug, pk, item_pk)
    try:
        agenda_services.item_move(actor=request.user, item=item, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_agenda_url(community, event, f"item-{item.pk}"))


# ---------------------------------------------------------------------------------------------
# The minutes


@require_POST
def minutes_write(request, slug, pk):
    """Write the minutes: an exchange memo prefilled from the event, opened in the knowledge base's editor."""
    community, event = _event(request, slug, pk)
    try:
        memo = minutes_services.minutes_write(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event_url(community, event))
    return redirect("knowledge:item_edit", community.slug, memo.pk)


# ---------------------------------------------------------------------------------------------
# The event page's panels


def agenda_panel(request, community: Community, event: Event) -> dict | None:
    can_organise = may_organise(request.user, community, event)
    timed = agenda_services.agenda_of(event)
    if not timed.items and not can_organise:
        return None
    return {"community": community, "event": event, "agenda": timed, "can_organise": can_organise}


def minutes_panel(request, community: Community, event: Event) -> dict | None:
    """The minutes when the person may read them; for those who organise the event, the button
    to write them once it has started."""
    can_organise = may_organise(request.user, community, event)
    memo = minutes_services.readable_minutes(request.user, community, event)
    can_write = (
        can_organise and event.minutes_id is None and not event.is_cancelled and event.starts_at <= timezone.now()
    )
    if memo is None and not can_write and not (can_organise and event.minutes_id):
        return None
    return {
        "community": community,
        "event": event,
        "memo": memo,
        "excerpt": minutes_services.excerpt(memo) if memo else "",
        "can_write": can_write,
        "can_organise": can_organise,
    }


panels.register(panels.Panel(key="agenda", template="events/panels/agenda.html", order=20, context=agenda_panel))
panels.register(panels.Panel(key="minutes", template="events/panels/minutes.html", order=40, context=minutes_panel))
