"""The RQ task backend (django-tasks-rq) as Terreau uses it: priorities become a `high` queue.

The database queue runs a task of higher priority first (emails already decided go out before the
next rhythm pass decides again). RQ has no priorities, but a worker takes its queues in the order
given: a task whose priority is above the default goes to `high`, which every worker reads first
(`manage.py rqworker --job-class django_tasks_rq.Job high default`, see deploy/).
"""

from django.tasks.base import DEFAULT_TASK_PRIORITY
from django_tasks_rq import RQBackend as LibraryRQBackend

HIGH_QUEUE = "high"


class RQBackend(LibraryRQBackend):
    supports_priority = True  # through the `high` queue

    def enqueue(self, task, args, kwargs):
        if task.priority > DEFAULT_TASK_PRIORITY and task.queue_name == "default" and HIGH_QUEUE in self.queues:
            task = task.using(queue_name=HIGH_QUEUE)
        return super().enqueue(task, args, kwargs)
