"""Periodic work, named once: each app registers its jobs here at `ready()`; one scheduler runs them.

    periodic.register("events.reminders", every=timedelta(minutes=15), run="terreau.events.tasks.send_reminders")

`run` is the dotted path of a function taking no argument (or a Django task to enqueue); the
scheduler imports it when due, so that core imports no app. The scheduler (`manage.py
scheduler`) decides what is due and makes sure that two schedulers at once never run the same
job for the same slot.
"""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: str  # dotted path


JOBS: dict[str, Job] = {}


def register(name: str, *, every: timedelta, run: str) -> Job:
    job = Job(name=name, every=every, run=run)
    if JOBS.get(name, job) != job:
        raise ValueError(f"periodic job {name!r} is already registered differently")
    JOBS[name] = job
    return job
