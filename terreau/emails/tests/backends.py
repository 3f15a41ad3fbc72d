"""Mail backends for the delivery tests: a server that fails on demand, one slow enough to kill a worker."""

import os
import smtplib
import time
from datetime import datetime
from pathlib import Path

from django.core.mail.backends import filebased, locmem


class FlakyServer(locmem.EmailBackend):
    """The in-memory outbox behind a mail server that refuses chosen addresses or is down for a while.

    The test moves `clock` (the simulated moment of each call) and reads `delivered`.
    """

    clock: datetime | None = None
    outages: list[tuple[datetime, datetime]] = []
    refused: dict[str, datetime] = {}  # address -> refused until then
    delivered: list[tuple[datetime, str, str]] = []  # (clock, to, subject)

    @classmethod
    def reset(cls, clock: datetime) -> None:
        cls.clock, cls.outages, cls.refused, cls.delivered = clock, [], {}, []

    def send_messages(self, messages):
        cls = type(self)
        if any(start <= cls.clock < end for start, end in cls.outages):
            raise ConnectionRefusedError(111, "Connection refused")
        for message in messages:
            for to in message.to:
                if to in cls.refused and cls.clock < cls.refused[to]:
                    raise smtplib.SMTPRecipientsRefused({to: (450, b"4.2.0 Mailbox temporarily unavailable")})
        cls.delivered.extend((cls.clock, message.to[0], message.subject) for message in messages)
        return super().send_messages(messages)


class SlowFileBackend(filebased.EmailBackend):
    """`make run`'s file backend behind a mail server that takes TERREAU_TEST_MAIL_DELAY seconds to answer.

    A call writes `sending` beside the mail folder first, so the test knows when the worker is in it.
    """

    def send_messages(self, messages):
        delay = float(os.environ.get("TERREAU_TEST_MAIL_DELAY") or 0)
        if delay:
            Path(self.file_path).with_name("sending").write_text(", ".join(m.to[0] for m in messages))
            time.sleep(delay)
        return super().send_messages(messages)
