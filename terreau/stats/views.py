from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from terreau import permissions
from terreau.communities.context import community_context
from terreau.communities.models import Membership
from terreau.core import csv

from . import aggregation, charts, log, periods, selectors
from .models import Granularity
from .permissions import DASHBOARD, VIEW

# The charts of the dashboard: key, title, bars, lines, and whether members see it.
CHARTS = [
    ("members", gettext_lazy("Members and active members"), ["members"], ["active_members"], True),
    ("movement", gettext_lazy("New and departed members"), ["new_members", "departed_members"], [], True),
    ("visits", gettext_lazy("Visits and pages read"), ["connections"], ["consultations"], True),
    ("content", gettext_lazy("Content published"), ["knowledge_published", "questions", "answers"], [], True),
    ("events", gettext_lazy("Events"), ["events_held", "events_cancelled"], [], True),
    ("participation", gettext_lazy("Participation in events"), [], ["participation_rate"], True),
    ("response", gettext_lazy("Time to answer questions"), [], ["first_answer_hours", "accepted_hours"], True),
    ("weekly", gettext_lazy("The weekly message"), ["weeks_kept", "weeks_missed"], [], False),
]


def _granularity(request) -> str:
    chosen = request.GET.get("g", "")
    return chosen if chosen in Granularity.values else Granularity.MONTH


@require_GET
def dashboard(request, slug):
    community = permissions.community_for(request.user, slug, VIEW)
    full = permissions.can(request.user, DASHBOARD, community)
    granularity = _granularity(request)
    today = log.today(community)
    rows = selectors.series(community, granularity, today)
    shown = [
        charts.chart(key, str(title), rows, granularity, bars=bars, lines=lines)
        for key, title, bars, lines, public in CHARTS
        if public or full
        if not (key == "weekly" and granularity == Granularity.DAY)
    ]
    context = {
        "tab": "stats",
        "granularity": granularity,
        "granularities": Granularity.choices,
        "charts": shown,
        "full": full,
        "current": rows[-1] if rows else None,
        "previous": rows[-2] if len(rows) > 1 else None,
        "summary": [m for m in selectors.MEASURES if m.public or full][:6],
        "silence_days": aggregation.SILENCE_DAYS,
    }
    if full:
        context["engagement_day"], context["engagement"] = selectors.latest_engagement(community)
        context["engagement_levels"] = Membership.Engagement.choices
        context["silent"], context["silent_count"] = selectors.silent_drivers(community, today)
    return render(request, "stats/dashboard.html", community_context(request, community, **context))


@require_GET
def export_csv(request, slug):
    community = permissions.community_for(request.user, slug, DASHBOARD)
    granularity = _granularity(request)
    rows = selectors.series(community, granularity, log.today(community))
    response = csv.response(f"{community.slug}-statistics-{granularity}.csv")
    out = csv.writer(response)
    out.writerow(
        [pgettext("period", "Start"), pgettext("period", "End"), _("Period")]
        + [f"{m.label} ({m.unit})" if m.unit else str(m.label) for m in selectors.MEASURES]
    )
    for row in rows:
        out.writerow(
            [row.start.isoformat(), row.end.isoformat(), periods.long_label(granularity, row.start)]
            + ["" if (value := selectors.value_of(row, m.key)) is None else value for m in selectors.MEASURES]
        )
    return response
