"""Logging pieces the settings name."""

import logging


class ClientErrorsWithoutTrace(logging.Filter):
    """A 403 or a 404 is the permission policy doing its work: one line in the log, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
