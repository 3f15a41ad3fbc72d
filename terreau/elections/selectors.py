"""Reads of elections and calls for role volunteers, joined so a page's queries do not grow with its rows.

Secrecy lives here: before the reveal, `nominations_for` gives a person their own nomination and
nobody else's — the facilitator included. Every page, export and count goes through it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from terreau.communities.models import Membership

from .models import Answer, Election, Nomination, Proposal, RoleCall, Volunteer


def election_for(queryset, pk) -> Election | None:
    return (
        queryset.select_related("community", "role", "circle", "facilitator__user", "elected__user")
        .filter(pk=pk)
        .first()
    )


def election_list(queryset):
    return queryset.select_related("role", "circle", "elected__user", "facilitator__user").order_by(
        "-created_at", "-pk"
    )


def nominations_for(election: Election, membership: Membership | None):
    """The nominations this person may read: all from the reveal on, before it only their own."""
    nominations = Nomination.objects.filter(election=election).select_related("nominator__user", "nominee__user")
    if election.is_revealed:
        return nominations
    if membership is None:
        return nominations.none()
    return nominations.filter(nominator=membership)


@dataclass
class Support:
    """One person nominated, with who supports them now and why."""

    nominee: Membership
    nominations: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.nominations)


def current_support(election: Election) -> list[Support]:
    """After the reveal: each participant's latest nomination, by nominee, most supported first.

    A participant who left the community no longer counts, nor does a nominee who left.
    """
    if not election.is_revealed:
        return []
    latest: dict[int, Nomination] = {}
    for nomination in nominations_for(election, None).order_by("created_at", "pk"):
        latest[nomination.nominator_id] = nomination
    by_nominee: dict[int, Support] = {}
    for nomination in latest.values():
        if not (nomination.nominator.is_active and nomination.nominee.is_active):
            continue
        by_nominee.setdefault(nomination.nominee_id, Support(nomination.nominee)).nominations.append(nomination)
    return sorted(by_nominee.values(), key=lambda s: (-s.count, s.nominee.user.display_name))


def participants(election: Election) -> list[Membership]:
    return [
        p.membership
        for p in election.participants.select_related("membership__user").order_by("membership__user__display_name")
    ]


def who_nominated(election: Election, round_: str, turn: int = 0) -> set[int]:
    """The participants who wrote in this round (never whom they nominated)."""
    return set(
        Nomination.objects.filter(election=election, round=round_, turn=turn).values_list("nominator_id", flat=True)
    )


def open_proposal(election: Election) -> Proposal | None:
    return (
        election.proposals.filter(outcome=Proposal.Outcome.OPEN)
        .select_related("nominee__user")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("membership__user")))
        .first()
    )


def proposals(election: Election):
    return election.proposals.select_related("nominee__user").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("membership__user", "recorded_by"))
    )


def steps(election: Election):
    return election.steps.select_related("actor")


def round_counts(election: Election) -> Counter:
    counts: Counter = Counter()
    for round_, turn in Nomination.objects.filter(election=election).values_list("round", "turn"):
        counts[(round_, turn)] += 1
    return counts


# Calls for role volunteers ----------------------------------------------------------------


def call_list(queryset):
    # An aggregate drops the model's ordering: say it again, or the pages would shuffle.
    return (
        queryset.annotate(
            volunteer_count=Count("volunteers", distinct=True),
            waiting=Count("volunteers", filter=Q(volunteers__status=Volunteer.Status.PENDING), distinct=True),
        )
        .order_by("-created_at", "-pk")
        .prefetch_related("roles")
    )


def call_for(queryset, pk) -> RoleCall | None:
    return queryset.select_related("created_by").prefetch_related("roles").filter(pk=pk).first()


def volunteers_by_role(call: RoleCall) -> dict[int, list[Volunteer]]:
    grouped: dict[int, list[Volunteer]] = defaultdict(list)
    for volunteer in call.volunteers.select_related("membership__user", "decided_by", "role"):
        grouped[volunteer.role_id].append(volunteer)
    return grouped


def my_volunteering(call: RoleCall, membership: Membership | None) -> dict[int, Volunteer]:
    if membership is None:
        return {}
    return {v.role_id: v for v in call.volunteers.filter(membership=membership)}
