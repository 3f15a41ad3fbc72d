"""The statistics: the community's figures by month and by year, as numbers.

The members' figures only (what stats.view shows every member): the weekly message kept or
missed and the engagement measured are the dashboard's, for the facilitation role; a visitor
reads no statistics, so the public archive holds none.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from terreau.stats import log
from terreau.stats.models import Granularity, PeriodStat, Progress
from terreau.stats.selectors import MEASURES

from ._kit import day, iso, reads, rid, stream
from .base import Section

KIND = "stats.period"
GRANULARITIES = [Granularity.MONTH, Granularity.YEAR]
# The figures every member reads (stats.selectors.MEASURES marked public, and what their rates
# are computed from).
FIGURES = [
    "members",
    "new_members",
    "departed_members",
    "active_members",
    "connected_members",
    "connections",
    "consultations",
    "knowledge_published",
    "questions",
    "answers",
    "events_held",
    "events_cancelled",
    "attendances",
    "attendance_base",
    "first_answers",
    "first_answer_hours",
    "accepted_answers",
    "accepted_hours",
]


def export(ctx):
    if not reads(ctx, "stats.view"):
        return
    periods = (
        PeriodStat.objects.filter(community=ctx.community, granularity__in=GRANULARITIES)
        .only("pk", "granularity", "start", "end", *FIGURES)
        .order_by("granularity", "start")  # the months, then the years
    )
    for period in stream(periods):
        yield {
            "kind": KIND,
            "id": rid(KIND, period.pk),
            "title": _label(period.granularity, iso(period.start)),
            "granularity": period.granularity,
            "start": iso(period.start),
            "end": iso(period.end),
            "figures": {name: getattr(period, name) for name in FIGURES},
        }


def _label(granularity: str, start: str) -> str:
    return start[:4] if granularity == Granularity.YEAR else start[:7]


def load(ctx, records):
    rows = [
        PeriodStat(
            community=ctx.community,
            granularity=record["granularity"],
            start=day(record["start"]),
            end=day(record["end"]),
            **{name: value for name, value in record["figures"].items() if name in FIGURES},
        )
        for record in records
    ]
    PeriodStat.objects.bulk_create(rows, batch_size=500)
    # The archived figures are the community's history: the statistics job neither rebuilds them
    # from the log (backfill) nor recomputes the days before the import.
    Progress.objects.update_or_create(
        community=ctx.community,
        defaults={"backfilled_at": timezone.now(), "aggregated_through": log.today(ctx.community)},
    )


def markdown(record) -> str:
    labels = {measure.key: measure.label for measure in MEASURES}
    lines = [f"# {record['title']}", "", f"| | {record['start']} – {record['end']} |", "|---|---|"]
    for name, value in record["figures"].items():
        if name in labels:
            lines.append(f"| {labels[name]} | {'' if value is None else value} |")
    return "\n".join(lines) + "\n"


SECTION = Section(
    key="stats",
    title=gettext_lazy("Statistics"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/sections/stats.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
