import logging
import sys

from terreau.core.logs import ClientErrorsWithoutTrace


def _record(status_code: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        trace = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /c/x/", (), trace)
    record.status_code = status_code
    return record


def _written(record: logging.LogRecord) -> str:
    ClientErrorsWithoutTrace().filter(record)
    return logging.Formatter().format(record)


def test_a_refusal_is_one_line_in_the_log():
    assert _written(_record(403)) == "Forbidden: /c/x/"


def test_a_server_error_keeps_its_traceback():
    assert "Traceback" in _written(_record(500))


def test_djangos_lines_are_written_once_and_refusals_without_traceback():
    django_logger = logging.getLogger("django")
    assert django_logger.propagate is False  # else the root's console writes each line again
    filters = [f for handler in django_logger.handlers for f in handler.filters]
    assert any(isinstance(f, ClientErrorsWithoutTrace) for f in filters)


def test_a_workers_task_line_and_a_refusal_reach_the_console_once(monkeypatch, settings):
    """What `make run` prints: the worker's task lines and a 403, each once, the 403 without its traceback."""
    from terreau.emails.management.commands.db_worker import Command

    settings.DEBUG = True  # as under `make run`, where Django's own console handler writes too

    written = []

    def emit(handler, record):
        if type(handler) is logging.StreamHandler:  # the settings' console, not pytest's capture
            written.append(handler.format(record))

    monkeypatch.setattr(logging.StreamHandler, "emit", emit)
    Command().configure_logging(verbosity=1)
    logging.getLogger("django.tasks").info("Task id=1 state=RUNNING")
    logging.getLogger("django_tasks_db").info("Starting worker")
    record = _record(403)
    logging.getLogger("django.request").handle(record)
    assert written == ["Task id=1 state=RUNNING", "Starting worker", "Forbidden: /c/x/"]
