"""What the database task queue (django-tasks-db) tells about delivery: stale tasks, waiting emails.

A task row says RUNNING from the moment a worker claims it; if that worker dies (killed, out of
memory, the machine restarted) the row says RUNNING forever and nothing runs it again. Terreau's
`db_worker` names itself `<host>:<pid>:<random>`, so a task whose worker was on this machine and
whose process is gone is taken up at once; a task whose worker cannot be seen (another machine,
a worker named otherwise) after `STALE_TASK_AFTER`; any task after `TASK_TIME_LIMIT` (no Terreau
task runs that long, and a recycled process id must not keep a dead task for ever).

With RQ (django-tasks-rq, on Redis) the waiting delivery tasks are read from its queues and
registries (`email_ids_waiting`); RQ itself takes care of jobs whose worker died (they are failed,
and the email they held, left SENDING, is queued again by the sweep after `SENDING_TIMEOUT`).
With another task backend (the immediate one in tests) there is no queue to look into: these
functions then find nothing, and the email sweep alone brings back what is due.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.tasks import TaskResultStatus
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

STALE_TASK_AFTER = timedelta(minutes=30)
TASK_TIME_LIMIT = timedelta(hours=6)


def worker_id() -> str:
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"


def _host() -> str:
    return socket.gethostname()[:40]


def worker_gone(worker: str) -> bool | None:
    """True: the worker's process is gone; False: it runs; None: it cannot be seen from here."""
    host, _, rest = worker.partition(":")
    pid, _, _suffix = rest.partition(":")
    if host != _host() or not pid.isdigit():
        return None
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user holds the id: not our worker
        return True
    return False


def _database_backends() -> list[str]:
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return [backend.alias for backend in task_backends.all() if isinstance(backend, DatabaseBackend)]


def tasks_recover(*, now: datetime) -> list:
    """Put back in the queue the tasks whose worker died while running them; return their rows."""
    backends = _database_backends()
    if not backends:
        return []
    from django_tasks_db.models import DBTaskResult

    recovered = []
    running = DBTaskResult.objects.filter(backend_name__in=backends, status=TaskResultStatus.RUNNING)
    for task in running.only("id", "task_path", "args_kwargs", "worker_ids", "started_at", "enqueued_at"):
        gone = worker_gone(task.worker_ids[-1] if task.worker_ids else "")
        age = now - (task.started_at or task.enqueued_at)
        if not (gone or (gone is None and age > STALE_TASK_AFTER) or age > TASK_TIME_LIMIT):
            continue
        # Conditional: two sweeps at once (two workers starting) take it up once.
        if DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at).update(
            status=TaskResultStatus.READY
        ):
            logger.warning("Task %s (%s) lost its worker %s; queued again.", task.pk, task.task_path, task.worker_ids)
            recovered.append(task)
    return recovered


def email_ids_of(tasks) -> set[int]:
    """The emails the given delivery task rows were sending."""
    from .tasks import deliver_email, deliver_emails

    paths = {deliver_email.module_path, deliver_emails.module_path}
    ids = set()
    for task in tasks:
        if task.task_path in paths and task.args_kwargs.get("args"):
            first = task.args_kwargs["args"][0]
            ids.update(int(pk) for pk in (first if isinstance(first, list) else [first]))
    return ids


def email_ids_waiting() -> set[int]:
    """Emails that a delivery task in the queue (ready, deferred or running) will take care of."""
    backends = _database_backends()
    if not backends:
        return _rq_email_ids_waiting()
    from django_tasks_db.models import DBTaskResult

    from .tasks import deliver_email, deliver_emails

    waiting = DBTaskResult.objects.filter(
        backend_name__in=backends,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path__in=[deliver_email.module_path, deliver_emails.module_path],
    ).only("task_path", "args_kwargs")
    return email_ids_of(waiting)


def _rq_email_ids_waiting() -> set[int]:
    """The same, read from RQ's queues: queued, scheduled (deferred retries) and started jobs."""
    from django.tasks import task_backends
    from django_tasks_rq import RQBackend
    from rq.registry import ScheduledJobRegistry, StartedJobRegistry

    from .tasks import deliver_email, deliver_emails

    paths = {deliver_email.module_path, deliver_emails.module_path}
    ids: set[int] = set()
    for backend in task_backends.all():
        if not isinstance(backend, RQBackend):
            continue
        for queue in backend._get_queues():
            job_ids = set(queue.get_job_ids())
            for registry in (ScheduledJobRegistry(queue=queue), StartedJobRegistry(queue=queue)):
                job_ids.update(registry.get_job_ids())
            for job in queue.job_class.fetch_many(list(job_ids), connection=queue.connection):
                if job is not None and job.func_name in paths and job.args:
                    first = job.args[0]
                    ids.update(int(pk) for pk in (first if isinstance(first, list) else [first]))
    return ids
