"""The one scheduler of periodic work: runs each job of `periodic.JOBS` once per slot of its rhythm.

A job's slots are aligned on its period since the Unix epoch (hourly: on the hour; every 5
minutes: :00, :05...; daily: midnight UTC). When a slot is due, the scheduler claims it by
inserting a `ScheduledRun` row: a unique constraint on (job, slot) lets one scheduler through, so
several schedulers at once (two machines, or a restart overlapping) never run the same job twice
for the same slot. A slot that passed while no scheduler ran is not caught up, the current one is
(the jobs are sweeps and passes that look at the whole state: one run brings everything up to date).

The claim is taken before the job runs: a scheduler that dies while a job runs loses that slot's
run (at most once per slot); the next slot runs it again. Email delivery has its own promise
on top (terreau.emails: an email is claimed before it is sent, so it never goes out twice).
"""

import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

from . import periodic
from .models import ScheduledRun

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
KEEP_RUNS = timedelta(days=30)


@dataclass
class Outcome:
    job: str
    slot: datetime
    ran: bool  # False: another scheduler had claimed the slot
    error: str = ""


def scheduler_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(6)}"


def slot_of(job: periodic.Job, now: datetime) -> datetime:
    """The start of the slot `now` falls in."""
    period = job.every.total_seconds()
    return EPOCH + timedelta(seconds=(now - EPOCH).total_seconds() // period * period)


def next_slot(jobs, now: datetime) -> datetime:
    return min(slot_of(job, now) + job.every for job in jobs)


def jobs_selected(only: list[str] | None = None) -> list[periodic.Job]:
    if not only:
        return list(periodic.JOBS.values())
    unknown = set(only) - set(periodic.JOBS)
    if unknown:
        raise KeyError(f"no periodic job named {', '.join(sorted(unknown))}")
    return [periodic.JOBS[name] for name in only]


def claim(job: periodic.Job, slot: datetime, scheduler: str) -> ScheduledRun | None:
    """The run row if this scheduler got the slot, None if another one has it."""
    if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.name, slot=slot, claimed_by=scheduler)
    except IntegrityError:
        return None


def run_job(job: periodic.Job) -> None:
    """Call the job's function, or enqueue it when it is a Django task (a worker runs it)."""
    target = import_string(job.run)
    if hasattr(target, "enqueue"):
        target.enqueue()
    else:
        target()


def run_due(*, now: datetime | None = None, scheduler: str = "", only: list[str] | None = None) -> list[Outcome]:
    """Run every job whose current slot no scheduler has claimed yet; one after the other."""
    now = now or timezone.now()
    scheduler = scheduler or scheduler_id()
    outcomes = []
    for job in jobs_selected(only):
        slot = slot_of(job, now)
        run = claim(job, slot, scheduler)
        if run is None:
            outcomes.append(Outcome(job.name, slot, ran=False))
            continue
        error = ""
        try:
            run_job(job)
        except Exception as failure:  # one job's failure is reported and stops no other job
            logger.exception("Periodic job %s failed for the slot %s", job.name, slot)
            error = f"{type(failure).__name__}: {failure}"[:2000]
        ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), error=error)
        outcomes.append(Outcome(job.name, slot, ran=True, error=error))
    ScheduledRun.objects.filter(slot__lt=now - KEEP_RUNS).delete()
    return outcomes
