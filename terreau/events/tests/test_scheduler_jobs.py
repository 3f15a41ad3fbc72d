"""The events' periodic jobs in the one scheduler: listed, and run on the demo without error."""

import io

import pytest
from django.core.management import call_command

from terreau.core.models import ScheduledRun
from terreau.events import demo
from terreau.events.models import Event

JOBS = ("events.materialise", "events.reminders", "events.minutes_reminders")


def test_the_scheduler_lists_the_events_jobs():
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    listed = out.getvalue()
    assert all(job in listed for job in JOBS), listed


@pytest.mark.django_db
def test_the_scheduler_runs_the_events_jobs_once_on_the_demo(cast):
    demo.demo_load(community=cast.community, core=cast.membership(cast.core_member))
    due = Event.objects.filter(reminder_sent_at__isnull=True).count()
    out = io.StringIO()
    call_command("scheduler", "--once", *[arg for job in JOBS for arg in ("--only", job)], stdout=out)
    runs = dict(ScheduledRun.objects.values_list("job", "error"))
    assert runs == dict.fromkeys(JOBS, ""), out.getvalue()
    assert Event.objects.filter(reminder_sent_at__isnull=True).count() <= due
    # Once per slot: run again at once, nothing runs twice.
    call_command("scheduler", "--once", "--only", "events.reminders", stdout=io.StringIO())
    assert ScheduledRun.objects.filter(job="events.reminders").count() == 1
