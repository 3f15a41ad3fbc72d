"""`manage.py db_worker`: django-tasks-db's worker, which first takes up what a dead worker left.

This command shadows the library's own (terreau.emails comes before django_tasks_db in
INSTALLED_APPS; a test pins it), so `make run`, a systemd unit or a test that starts a worker
always recovers first: tasks left RUNNING by a worker that died go back to the queue, emails left
SENDING or due without a task are queued again (`terreau.emails.services.emails_sweep`). It also
names the worker `<host>:<pid>:<random>`, so that the next sweep can tell whether it still runs.
"""

from django_tasks_db.management.commands.db_worker import Command as LibraryWorkerCommand

from terreau.emails import queue, services


class Command(LibraryWorkerCommand):
    help = LibraryWorkerCommand.help + " (first recovers tasks and emails that a dead worker left behind)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=queue.worker_id())

    def handle(self, *args, **options):
        outcome = services.emails_sweep()
        if options["verbosity"] and any(outcome.values()):
            self.stdout.write(
                f"Recovered {outcome['tasks']} tasks cut short and {outcome['stalled']} emails left sending; "
                f"queued {outcome['queued']} due emails."
            )
        return super().handle(*args, **options)
