"""Reads of the Grow page: recruitment over time, and partner communities and networks.

The guide's "faire grandir": recruit new members, connect with communities active on similar
subjects, find outside support. Every figure is one grouped query, whatever the community's size.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from terreau import permissions
from terreau.calls.models import Application, Call
from terreau.communities.models import Community, Invitation, JoinRequest, Membership, Theme
from terreau.definition.models import ExistingNetwork

MONTHS = 12  # the table and chart cover the last twelve months, this one included


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first days of the last `months` months, oldest first, this month last."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


@dataclass
class Month:
    start: date
    applications: int = 0  # answers to the community's calls received this month
    converted: int = 0  # of them, the applicants who are (or were) members since
    invitations: int = 0  # invitations sent
    accepted: int = 0  # invitations accepted (this month, whenever sent)
    requests: int = 0  # requests to join received
    approved: int = 0  # requests to join approved (this month, whenever asked)
    joined: int = 0  # new memberships, whatever the way in


def _became_member(community: Community) -> Exists:
    """An applicant became a member: a membership here (active or not) of a person with the address
    they gave."""
    return Exists(Membership.objects.filter(community=community, user__email__iexact=OuterRef("email")))


def _by_month(queryset: QuerySet, when: str, zone: ZoneInfo, since: datetime, **counts) -> dict[tuple[int, int], dict]:
    rows = (
        queryset.filter(**{f"{when}__gte": since})
        .annotate(month=TruncMonth(when, tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(**counts)
    )
    found: dict[tuple[int, int], dict] = {}
    for row in rows:
        start = row.pop("month")
        if isinstance(start, datetime):
            start = start.astimezone(zone) if start.tzinfo else start
        found[(start.year, start.month)] = row
    return found


def recruitment_by_month(community: Community, today: date, months: int = MONTHS) -> list[Month]:
    """Calls, invitations, requests and new members of each of the last `months` months, in the
    community's time zone (seven queries)."""
    zone = ZoneInfo(community.time_zone)
    starts = month_starts(today, months)
    since = datetime(starts[0].year, starts[0].month, 1, tzinfo=zone)
    applications = Application.objects.filter(call__community=community).annotate(
        became_member=_became_member(community)
    )
    series = [
        _by_month(
            applications,
            "created_at",
            zone,
            since,
            applications=Count("pk"),
            converted=Count("pk", filter=Q(became_member=True)),
        ),
        _by_month(Invitation.objects.filter(community=community), "created_at", zone, since, invitations=Count("pk")),
        _by_month(Invitation.objects.filter(community=community), "accepted_at", zone, since, accepted=Count("pk")),
        _by_month(JoinRequest.objects.filter(community=community), "created_at", zone, since, requests=Count("pk")),
        _by_month(
            JoinRequest.objects.filter(community=community, status=JoinRequest.Status.APPROVED),
            "decided_at",
            zone,
            since,
            approved=Count("pk"),
        ),
        _by_month(Membership.objects.filter(community=community), "joined_at", zone, since, joined=Count("pk")),
    ]
    table = []
    for start in starts:
        month = Month(start)
        for found in series:
            for name, value in found.get((start.year, start.month), {}).items():
                setattr(month, name, value)
        table.append(month)
    return table


def calls_with_counts(community: Community) -> list[Call]:
    """The community's calls, newest first, each with its answers counted by outcome (two queries)."""
    answers = "applications"
    calls: list[Call] = list(
        Call.objects.filter(community=community)
        .annotate(
            received=Count(answers),
            waiting=Count(answers, filter=Q(applications__status=Application.Status.NEW)),
            accepted=Count(answers, filter=Q(applications__status=Application.Status.ACCEPTED)),
        )
        .order_by("-opened_at", "-pk")
    )
    converted = dict(
        Application.objects.filter(call__community=community)
        .annotate(became_member=_became_member(community))
        .filter(became_member=True)
        .order_by()
        .values("call")
        .annotate(total=Count("pk"))
        .values_list("call", "total")
    )
    for call in calls:
        call.converted = converted.get(call.pk, 0)  # type: ignore[attr-defined]
    return calls


def invitation_totals(community: Community) -> dict:
    return Invitation.objects.filter(community=community).aggregate(
        sent=Count("pk"), accepted=Count("pk", filter=Q(accepted_at__isnull=False))
    )


def request_totals(community: Community) -> dict:
    return JoinRequest.objects.filter(community=community).aggregate(
        received=Count("pk"),
        approved=Count("pk", filter=Q(status=JoinRequest.Status.APPROVED)),
        waiting=Count("pk", filter=Q(status=JoinRequest.Status.PENDING)),
    )


# The chart -------------------------------------------------------------------------------------

CHART_SERIES = ("applications", "converted", "joined")


@dataclass
class Bar:
    series: str
    x: float
    y: float
    height: float
    value: int


@dataclass
class Chart:
    width: int
    height: int
    top: int
    baseline: float
    peak: int
    group_width: float
    bar_width: float
    months: list[tuple[float, date]] = field(default_factory=list)  # label x, month
    bars: list[Bar] = field(default_factory=list)


def chart(table: list[Month], width: int = 640, height: int = 220) -> Chart:
    """Grouped bars: answers to calls, of them who became members, and all new members, per month.
    Drawn by the template as SVG; the table beside holds the same figures."""
    left, top, bottom = 8, 16, 28
    peak = max([getattr(month, name) for month in table for name in CHART_SERIES] + [1])
    plot = height - top - bottom
    group = (width - left * 2) / max(len(table), 1)
    bar = group / (len(CHART_SERIES) + 1)
    found = Chart(width, height, top, top + plot, peak, group, bar)
    for i, month in enumerate(table):
        x0 = left + i * group + bar / 2
        found.months.append((x0 + bar * len(CHART_SERIES) / 2, month.start))
        for j, name in enumerate(CHART_SERIES):
            value = getattr(month, name)
            h = plot * value / peak
            found.bars.append(Bar(name, round(x0 + j * bar, 1), round(top + plot - h, 1), round(h, 1), value))
    return found


# Partners --------------------------------------------------------------------------------------


@dataclass
class Partner:
    community: Community
    shared: list[str]


def partner_communities(user, community: Community, themes: list[Theme]) -> list[Partner]:
    """Other communities of this instance the person may see that share a theme (the same name
    whatever its case, accents or punctuation: the theme's slug), those sharing the most first
    (one query)."""
    if not themes:
        return []
    listed = permissions.communities_listed_for(user).exclude(pk=community.pk)
    partners: dict[int, Partner] = {}
    shared = Theme.objects.filter(community__in=listed, slug__in=[theme.slug for theme in themes])
    for theme in shared.select_related("community").order_by("slug", "pk"):
        partner = partners.setdefault(theme.community_id, Partner(theme.community, []))
        partner.shared.append(theme.name)
    return sorted(partners.values(), key=lambda p: (-len(p.shared), p.community.name.casefold()))


def outside_networks(community: Community) -> QuerySet[ExistingNetwork]:
    return ExistingNetwork.objects.filter(community=community).order_by("name", "pk")
