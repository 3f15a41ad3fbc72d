"""The facilitator's weekly hour: a registry of "weekly tasks" any app adds to.

The guide gives facilitators one hour a week: a message to every member, a meeting a month, a
fresh feed and sharing space. The weekly hour page (terreau/overview) lists what to do this week;
each line comes from a *source* registered here, so an app that adds something to look after
(the next evaluation, the new ideas...) registers its source at `ready()`, the way periodic jobs
and personal data are registered, without the page knowing the app:

    from terreau.core import weekly
    weekly.register("evaluation", "terreau.evaluations.weekly.next_evaluation", order=90)

A source is `(week: Week) -> Task | None`: None when the task is not this person's (they may not
do it) or not this phase's. It must run a fixed number of queries (one or two), whatever the size
of the community: the page's query count is the sum of its sources'.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.module_loading import import_string


@dataclass
class Entry:
    """One line of a task's short list: a question, a newcomer, an action..."""

    label: str
    url: str = ""
    meta: str = ""
    # A form the page draws beside the line (e.g. approve a request): (action url, fields, label).
    form: tuple[str, dict[str, str], Any] | None = None


@dataclass
class Task:
    key: str
    title: Any  # what to do, as a short imperative ("Send the weekly message")
    done: bool  # nothing left to do this week
    summary: Any = ""  # where things stand, in a sentence
    button: Any = ""  # the label of the link that does it
    url: str = ""
    count: int | None = None
    entries: list[Entry] = field(default_factory=list)
    more: int = 0  # how many beyond the entries shown
    more_url: str = ""
    order: int = 100


@dataclass
class Week:
    """Who is asking, where, and when: what each source is given."""

    user: Any
    community: Any
    now: datetime
    today: date
    page_url: str = ""  # the weekly hour's address, for a button's "come back here"


@dataclass
class _Source:
    key: str
    path: str
    order: int


_sources: dict[str, _Source] = {}


def register(key: str, path: str, *, order: int = 100) -> None:
    """Add a source (a dotted path to `(week) -> Task | None`); the page shows tasks by `order`."""
    _sources[key] = _Source(key, path, order)


def registered() -> list[str]:
    return [source.key for source in sorted(_sources.values(), key=lambda s: (s.order, s.key))]


def tasks_for(week: Week) -> list[Task]:
    """The tasks of this week for this person, in order; those still to do first."""
    tasks = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.key)):
        build: Callable[[Week], Task | None] = import_string(source.path)
        task = build(week)
        if task is not None:
            task.order = source.order
            tasks.append(task)
    return sorted(tasks, key=lambda t: (t.done, t.order))
