"""Reads of decisions: the proposal's page (who said what, whose turn is missing), the lists, the log."""

from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When

from terreau.communities.models import Community, Membership

from . import permissions as decision_permissions
from . import services
from .models import OPEN_STATES, Proposal, Response, State, Tension


@dataclass
class Seat:
    """One participant of the proposal, as the page shows them: what they said in each round."""

    membership: Membership
    reaction: Response | None = None
    answer: Response | None = None  # consent or objection
    still_in: bool = True  # False for someone who said their word, then left the community


@dataclass
class Board:
    seats: list[Seat] = field(default_factory=list)
    missing: list[Seat] = field(default_factory=list)
    objections: list[Response] = field(default_factory=list)


def board(proposal: Proposal) -> Board:
    """Every participant with their reaction and answer, those whose turn is missing in the current
    round, and the objections; people who left keep what they said, marked so."""
    current = list(services.participants(proposal.circle).select_related("user").order_by("user__display_name"))
    responses = list(proposal.responses.select_related("membership__user", "recorded_by"))
    seats = {membership.pk: Seat(membership) for membership in current}
    for response in responses:
        seat = seats.get(response.membership_id)
        if seat is None:
            seat = seats[response.membership_id] = Seat(response.membership, still_in=False)
        if response.kind == Response.Kind.REACTION:
            seat.reaction = response
        else:
            seat.answer = response
    result = Board(seats=list(seats.values()))
    if proposal.state == State.REACTIONS:
        result.missing = [seat for seat in result.seats if seat.still_in and seat.reaction is None]
    elif proposal.state == State.OBJECTIONS:
        result.missing = [seat for seat in result.seats if seat.still_in and seat.answer is None]
    result.objections = [response for response in responses if response.kind == Response.Kind.OBJECTION]
    return result


def proposals_for(user, community: Community) -> QuerySet[Proposal]:
    """Proposals in progress first (closest deadline first), then drafts, then the decided ones
    (newest first)."""
    order = Case(
        When(state__in=OPEN_STATES, then=Value(0)),
        When(state=State.DRAFT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        decision_permissions.visible_proposals(user, community)
        .select_related("circle", "proposer")
        .annotate(rank=order)
        .order_by("rank", Case(When(rank__lt=2, then=F("deadline"))).asc(), F("decided_at").desc(), "-pk")
    )


def decision_log(user, community: Community, *, circle=None, theme=None) -> QuerySet[Proposal]:
    """The adopted decisions this person may read, newest first, with who took part: a fixed
    number of queries whatever their number."""
    decisions = decision_permissions.visible_decisions(user, community)
    if circle is not None:
        decisions = decisions.filter(circle=circle)
    if theme is not None:
        decisions = decisions.filter(themes=theme)
    return (
        decisions.select_related("circle", "proposer")
        .prefetch_related(
            "themes",
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("membership__user").order_by("membership__user__display_name"),
            ),
        )
        .order_by("-decided_at", "-pk")
    )


def took_part(proposal: Proposal) -> list[str]:
    """The names of the people who said their word, from the prefetched responses."""
    names: dict[int, str] = {}
    for response in proposal.responses.all():
        names.setdefault(response.membership_id, str(response.membership.user))
    return sorted(names.values())


def tensions_for(community: Community) -> QuerySet[Tension]:
    return (
        Tension.objects.filter(community=community)
        .select_related("circle", "raised_by")
        .annotate(
            rank=Case(When(status=Tension.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("rank", "-created_at", "-pk")
    )
