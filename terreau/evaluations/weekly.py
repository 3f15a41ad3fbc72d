"""The weekly hour's line for the next evaluation (registered in apps.py; see terreau/core/weekly.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.core.weekly import Task, Week

from . import permissions as evaluation_permissions
from .selectors import next_evaluation

# Within this many days of its date, an evaluation not yet started is this week's business.
AHEAD_DAYS = 30


def next_evaluation_task(week: Week) -> Task | None:
    """Start preparing the coming evaluation: done while it is further than a month away, or under way."""
    if not permissions.can(week.user, evaluation_permissions.MANAGE, week.community):
        return None
    evaluation = next_evaluation(week.community)
    if evaluation is None:
        return None
    due = evaluation.due_on
    started = evaluation.status != evaluation.Status.PLANNED
    near = due - week.today <= timedelta(days=AHEAD_DAYS)
    return Task(
        key="evaluation",
        title=_("Prepare the next evaluation"),
        done=started or not near,
        summary=_("%(evaluation)s, on %(date)s: %(status)s.")
        % {"evaluation": evaluation, "date": date_format(due, "j F Y"), "status": evaluation.get_status_display()},
        button=_("Open the evaluation"),
        url=reverse("evaluations:detail", args=[week.community.slug, evaluation.pk]),
    )
