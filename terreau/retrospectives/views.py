"""The retrospective's pages: the list, opening one, the board (cards, groups, votes, results),
a card's edit form, the record, and the live page a facilitator runs in a meeting on a projector.

Every form works without JavaScript: a write redirects back to the board; bad input re-renders
it with what was typed and the error; a facilitator's change made on a board another facilitator
changed meanwhile answers 409 with the board as it is now.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.communities.context import community_context
from terreau.core.forms import add_errors

from . import permissions as retro_permissions
from . import selectors, services
from .forms import CardEditForm, CardForm, GroupForm, RecordForm, RetrospectiveForm, RoomCardForm, hand_counts
from .models import Card, CardGroup, Column, Retrospective

PAGE_SIZE = 20


def _page(request, community, **extra):
    return community_context(
        request,
        community,
        tab="retrospectives",
        can_facilitate=permissions.can(request.user, retro_permissions.FACILITATE, community),
        can_take_part=permissions.can(request.user, retro_permissions.TAKE_PART, community),
        **extra,
    )


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _load(request, slug, pk, action=retro_permissions.VIEW):
    community = permissions.community_for(request.user, slug, action)
    return community, retro_permissions.retrospective_for(request.user, community, pk)


def _board_url(retrospective: Retrospective, anchor: str = "") -> str:
    return retrospective.get_absolute_url() + (f"#{anchor}" if anchor else "")


@require_GET
def retrospective_list(request, slug):
    community = permissions.community_for(request.user, slug, retro_permissions.VIEW)
    page = Paginator(selectors.retrospectives(request.user, community), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "retrospectives/retrospective_list.html", _page(request, community, page=page))


@require_http_methods(["GET", "POST"])
def retrospective_create(request, slug):
    community = permissions.community_for(request.user, slug, retro_permissions.FACILITATE)
    form = RetrospectiveForm(
        request.POST or None,
        initial={"title": _("If we had to do it again"), "votes_per_member": 5},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            retrospective = services.retrospective_open(
                actor=request.user,
                community=community,
                title=data["title"],
                visibility=data["visibility"],
                votes_per_member=data["votes_per_member"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The retrospective is open: members can post their cards."))
            return redirect(retrospective.get_absolute_url())
    return render(request, "retrospectives/retrospective_form.html", _page(request, community, form=form))


def _board_context(request, community, retrospective, *, live=False, **forms):
    """What the board and the live page show: the five columns and the forms of each."""
    user = request.user
    columns = selectors.board(user, retrospective)
    can_facilitate = retro_permissions.can_facilitate(user, community, retrospective)
    can_take_part = retro_permissions.can_take_part(user, community, retrospective)
    card_forms = forms.pop("card_forms", {})
    group_forms = forms.pop("group_forms", {})
    for column in columns:
        column.card_form = card_forms.get(column.column) or CardForm(
            column=column.column, auto_id=f"id_{column.column}_%s"
        )
        column.group_form = group_forms.get(column.column) or GroupForm(
            auto_id=f"id_group_{column.column}_%s",
            initial={"column": column.column, "version": retrospective.version},
            choices=[(card.pk, card.text) for card in column.cards],
        )
        for card in column.cards:
            card.editable = retrospective.is_open and retro_permissions.can_edit_card(user, community, card)
    return _page(
        request,
        community,
        retrospective=retrospective,
        columns=columns,
        live=live,
        can_facilitate_this=can_facilitate,
        can_take_part_this=can_take_part,
        votes_left=selectors.votes_left(user, retrospective) if retrospective.is_voting and can_take_part else 0,
        cards_count=sum(len(column.cards) for column in columns),
        **forms,
    )


def _board(request, community, retrospective, status=200, **forms):
    return render(
        request,
        "retrospectives/retrospective_detail.html",
        _board_context(request, community, retrospective, **forms),
        status=status,
    )


def _reload(retrospective: Retrospective) -> Retrospective:
    return Retrospective.objects.select_related("community").get(pk=retrospective.pk)


@require_GET
def retrospective_detail(request, slug, pk):
    community, retrospective = _load(request, slug, pk)
    return _board(request, community, retrospective)


@require_POST
def card_post(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.TAKE_PART)
    form = CardForm(request.POST, auto_id="id_%s")
    if form.is_valid():
        column = form.cleaned_data["column"]
        try:
            card = services.card_post(
                actor=request.user, retrospective=retrospective, column=column, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # The retrospective moved on: its board has no card form any more to show it in.
                messages.error(request, " ".join(error.messages))
                return redirect(retrospective.get_absolute_url())
            add_errors(form, error)
        else:
            messages.success(request, _("Your card is on the board."))
            return redirect(_board_url(retrospective, f"card-{card.pk}"))
    column = request.POST.get("column") if request.POST.get("column") in Column.values else Column.KEEP
    form.auto_id = f"id_{column}_%s"
    return _board(request, community, retrospective, card_forms={column: form})


def _card_for(request, community, retrospective, card_pk) -> Card:
    return get_object_or_404(
        Card.objects.select_related("retrospective__community", "author"), pk=card_pk, retrospective=retrospective
    )


@require_http_methods(["GET", "POST"])
def card_edit(request, slug, pk, card_pk):
    community, retrospective = _load(request, slug, pk)
    card = _card_for(request, community, retrospective, card_pk)
    permissions.require_open(request.user, community)
    if not retro_permissions.can_edit_card(request.user, community, card):
        permissions.refuse(request.user, community, readable=True)
    form = CardEditForm(request.POST or None, initial={"column": card.column, "text": card.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.card_update(
                actor=request.user, card=card, text=form.cleaned_data["text"], column=form.cleaned_data["column"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The card is saved."))
            return redirect(_board_url(retrospective, f"card-{card.pk}"))
    return render(
        request,
        "retrospectives/card_form.html",
        _page(request, community, retrospective=retrospective, card=card, form=form),
    )


@require_POST
def card_delete(request, slug, pk, card_pk):
    community, retrospective = _load(request, slug, pk)
    card = _card_for(request, community, retrospective, card_pk)
    try:
        services.card_delete(actor=request.user, card=card)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The card is deleted."))
    return redirect(_board_url(retrospective, f"column-{card.column}"))


def _back(request, retrospective, anchor=""):
    """To the live page when the form came from it, else to the board."""
    if request.POST.get("live") == "1":
        url = reverse("retrospectives:live", args=[retrospective.community.slug, retrospective.pk])
        return redirect(url + (f"#{anchor}" if anchor else ""))
    return redirect(_board_url(retrospective, anchor))


def _refused(request, community, retrospective, error: ValidationError, **forms):
    """A facilitator's change refused: the page again, 409 when another facilitator came first."""
    status = 409 if isinstance(error, services.Conflict) else 200
    retrospective = _reload(retrospective)
    if request.POST.get("live") == "1":
        context = _board_context(
            request,
            community,
            retrospective,
            live=True,
            room_form=forms.pop("room_form", None) or RoomCardForm(community=community),
            **forms,
        )
        context["errors"] = error.messages
        return render(request, "retrospectives/retrospective_live.html", context, status=status)
    context = _board_context(request, community, retrospective, **forms)
    context["errors"] = error.messages
    return render(request, "retrospectives/retrospective_detail.html", context, status=status)


@require_POST
def group_create(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    column = request.POST.get("column") if request.POST.get("column") in Column.values else Column.KEEP
    cards = Card.objects.filter(retrospective=retrospective, column=column)
    form = GroupForm(request.POST, auto_id=f"id_group_{column}_%s", choices=[(card.pk, card.text) for card in cards])
    if form.is_valid():
        try:
            group = services.group_create(
                actor=request.user,
                retrospective=retrospective,
                column=form.cleaned_data["column"],
                cards=list(cards.filter(pk__in=form.cleaned_data["cards"])),
                title=form.cleaned_data["title"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return _refused(request, community, retrospective, error, group_forms={column: form})
        messages.success(request, _("The cards are grouped under “%(title)s”.") % {"title": group.title})
        return _back(request, retrospective, f"group-{group.pk}")
    error = ValidationError(_("The cards could not be grouped: see the form of the column."))
    return _refused(request, community, retrospective, error, group_forms={column: form})


@require_POST
def group_dissolve(request, slug, pk, group_pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    group = get_object_or_404(CardGroup, pk=group_pk, retrospective=retrospective)
    try:
        services.group_dissolve(actor=request.user, group=group, version=_version(request))
    except ValidationError as error:
        return _refused(request, community, retrospective, error)
    messages.success(
        request, _("The group “%(title)s” is undone: its cards stand on their own.") % {"title": group.title}
    )
    return _back(request, retrospective, f"column-{group.column}")


@require_POST
def retrospective_move(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    to = request.POST.get("to", "")
    try:
        services.retrospective_move(actor=request.user, retrospective=retrospective, to=to, version=_version(request))
    except ValidationError as error:
        return _refused(request, community, retrospective, error)
    if retrospective.is_voting:
        messages.success(request, _("The retrospective is at the vote: members spread their votes over the cards."))
        return _back(request, retrospective)
    messages.success(request, _("The retrospective has ended: here are its results. Write its record."))
    return redirect("retrospectives:record", community.slug, retrospective.pk)


def _target(request, retrospective):
    kind, _dash, number = request.POST.get("target", "").partition("-")
    if not number.isdigit() or kind not in ("card", "group"):
        return None, None
    if kind == "card":
        return get_object_or_404(Card, pk=number, retrospective=retrospective), None
    return None, get_object_or_404(CardGroup, pk=number, retrospective=retrospective)


@require_POST
def vote(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.TAKE_PART)
    card, group = _target(request, retrospective)
    anchor = request.POST.get("target", "") if (card or group) else ""
    try:
        if request.POST.get("action") == "take_back":
            services.vote_take_back(actor=request.user, retrospective=retrospective, card=card, group=group)
            messages.success(request, _("Your vote is taken back."))
        else:
            services.vote_cast(actor=request.user, retrospective=retrospective, card=card, group=group)
            messages.success(request, _("Your vote is counted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_board_url(retrospective, anchor))


@require_http_methods(["GET", "POST"])
def record(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    if not retrospective.is_done:
        messages.error(request, _("The record is written once the retrospective has ended."))
        return redirect(retrospective.get_absolute_url())
    columns = selectors.board(request.user, retrospective)
    form = RecordForm(
        request.POST or None,
        initial={
            "record": retrospective.record or selectors.record_draft(retrospective, columns),
            "version": retrospective.version,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(
                actor=request.user,
                retrospective=retrospective,
                record=form.cleaned_data["record"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
            if isinstance(error, services.Conflict):
                status = 409
                form.data = form.data.copy()
                form.data["version"] = str(_reload(retrospective).version)
        else:
            messages.success(
                request, _("The record is saved: it is shown on the retrospective and told to the members.")
            )
            return redirect(retrospective.get_absolute_url())
    return render(
        request,
        "retrospectives/record_form.html",
        _page(request, community, retrospective=retrospective, columns=columns, form=form),
        status=status,
    )


# Live mode -----------------------------------------------------------------------------------


@require_GET
def live(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    # The column of the card typed last stays chosen: the room often says several in a row.
    column = request.GET.get("column") if request.GET.get("column") in Column.values else Column.KEEP
    room_form = RoomCardForm(community=community, initial={"column": column})
    context = _board_context(request, community, retrospective, live=True, room_form=room_form)
    return render(request, "retrospectives/retrospective_live.html", context)


@require_POST
def live_card(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    form = RoomCardForm(request.POST, community=community)
    if form.is_valid():
        try:
            card = services.card_post_for_room(
                actor=request.user,
                retrospective=retrospective,
                column=form.cleaned_data["column"],
                text=form.cleaned_data["text"],
                author=form.cleaned_data.get("author"),
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("retrospectives:live", community.slug, retrospective.pk)
            add_errors(form, error)
        else:
            messages.success(request, _("The card is on the board."))
            return redirect(
                reverse("retrospectives:live", args=[community.slug, retrospective.pk])
                + f"?column={card.column}#card-{card.pk}"
            )
    context = _board_context(request, community, retrospective, live=True, room_form=form)
    return render(request, "retrospectives/retrospective_live.html", context)


@require_POST
def live_counts(request, slug, pk):
    community, retrospective = _load(request, slug, pk, retro_permissions.FACILITATE)
    columns = selectors.board(request.user, retrospective)
    cards, groups, wrong = hand_counts(request.POST, columns)
    try:
        if wrong:
            raise ValidationError(
                _("A count of votes is a whole number from 0 to %(max)s.") % {"max": services.MAX_HAND_VOTES}
            )
        services.hand_votes_set(
            actor=request.user, retrospective=retrospective, cards=cards, groups=groups, version=_version(request)
        )
    except ValidationError as error:
        request.POST = request.POST.copy()
        request.POST["live"] = "1"
        return _refused(request, community, retrospective, error)
    messages.success(request, _("The room's votes are counted."))
    return redirect(reverse("retrospectives:live", args=[community.slug, retrospective.pk]) + "#counts")
