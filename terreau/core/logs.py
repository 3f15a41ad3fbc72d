"""Logging pieces the settings name."""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid


class ClientErrorsWithoutTrace(logging.Filter):
    """A 403 or a 404 is the permission policy doing its work: one line in the log, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


# Structured logs (TERREAU_LOG_FORMAT=json) ---------------------------------------------------

# The request being answered, for every line logged while it is (set by RequestLogMiddleware).
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("terreau_request", default=None)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# What a record may carry besides its message (Django's `status_code`, the request line's fields);
# never `request` (Django's object: cookies, headers) nor anything else a caller put in `extra`.
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "status_code")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def without_personal_data(text: str) -> str:
    """An email address in a log line becomes `[email]`: logs are kept and shipped, people are not."""
    return EMAIL.sub("[email]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and for a line
    logged while a request is answered its request id, method and path; the request line adds
    its status and duration. A traceback goes in `exception`. Email addresses are masked."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": without_personal_data(record.getMessage()),
        }
        current = request_context.get()
        # Django logs a 4xx or 5xx answer (django.request) once the middleware has returned: the
        # request it passes along still carries its context (set by RequestLogMiddleware).
        current = current or getattr(record.__dict__.get("request"), "terreau_log_context", None)
        if current:
            line.update(current)
        for field in FIELDS:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = without_personal_data(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = without_personal_data(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)


request_logger = logging.getLogger("terreau.request")


class RequestLogMiddleware:
    """One line per request on the `terreau.request` logger: method, path (never the query
    string, where a search or an email may be), status, duration; and a request id, taken from
    the proxy's X-Request-ID when it is a plain token, else made here, given back in the
    response's X-Request-ID and attached to every line logged while the request is answered.
    Which person asked is not logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        path = without_personal_data(request.path)
        request.terreau_log_context = {"request_id": request_id, "method": request.method, "path": path}
        token = request_context.set(request.terreau_log_context)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": duration},
            )
            return response
        finally:
            request_context.reset(token)
