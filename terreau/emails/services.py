"""Outgoing email: render a template triplet in the recipient's language, queue it, send it.

Delivery keeps three promises:

- *Each email on its own.* An email is claimed (QUEUED -> SENDING) by one conditional UPDATE just
  before the SMTP call, so two tasks holding the same id never both send it and an email already
  SENT is never sent again. A failure is that email's own: the rest of its batch goes on.
- *Retried, not lost.* A failed email goes back to QUEUED with `next_attempt_at` further out
  (`RETRY_DELAYS`, about 28 hours in all), then turns FAILED for the platform admin to see. A
  deferred task brings it back when the queue supports `run_after`; `emails_sweep` (at worker start
  and from `manage.py send_rhythm` / `email_sweep`) sends whatever is due and has no task waiting.
- *At least once.* A worker killed between the mail server's acceptance and the row turning SENT
  leaves it SENDING; recovery sends it again. A rare duplicate in that one-round-trip window is
  preferred to a lost invitation.
"""

import logging
import smtplib
from collections import defaultdict
from datetime import datetime, timedelta
from email import policy as email_policy
from functools import partial

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Email
from .signals import email_sent

logger = logging.getLogger(__name__)

# The wait after the 1st, 2nd... failed attempt; after the last one the email is FAILED.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    *[timedelta(hours=4)] * 6,
)
BATCH_SIZE = 500
# An email SENDING for longer lost its worker mid-call (the SMTP timeout is 30 seconds).
SENDING_TIMEOUT = timedelta(minutes=10)
# Delivery errors that concern one message; any other OSError means the server is out of reach.
_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def render_triplet(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>.subject.txt`, `.txt` and `.html` in `language`."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}.subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def email_queue(
    *, to: str, template: str, context: dict, language: str | None = None, headers: dict | None = None
) -> Email:
    """Render now (the context holds live objects), send from the worker once the transaction commits."""
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_triplet(template, context, language)
    return email_queue_rendered(
        to=to, subject=subject, text=text, html=html, template=template, language=language, headers=headers
    )


def email_queue_rendered(
    *, to: str, subject: str, text: str, html: str, template: str, language: str, headers: dict | None = None
) -> Email:
    from .tasks import deliver_email

    email = Email.objects.create(
        to=to,
        subject=subject,
        text=text,
        html=html,
        template=template,
        language=language,
        headers=headers or {},
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def emails_queue(emails: list[Email], *, now: datetime | None = None) -> list[Email]:
    """Store rendered, unsaved emails in one insert; the worker sends them in batches after the commit.

    `now` replays the queueing at another moment (the rhythm's tests walk weeks through the
    queue): the deliveries are then stamped with it too.
    """
    moment = now or timezone.now()
    for email in emails:
        email.next_attempt_at = moment
    created = Email.objects.bulk_create(emails, batch_size=BATCH_SIZE)
    ids = [email.pk for email in created]
    if ids:
        replay = moment.isoformat() if now is not None else None
        transaction.on_commit(lambda: _enqueue(ids, now=replay))
    return created


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after the `attempts`-th failed attempt; None once the email should be given up."""
    return RETRY_DELAYS[attempts - 1] if 1 <= attempts <= len(RETRY_DELAYS) else None


class _Message(EmailMultiAlternatives):
    """Headers folded at 998 characters, not 78 (added for terreau.exchanges).

    Python's email folding turns a header word longer than the line into RFC 2047 encoded
    words; a List-Unsubscribe URL must stay a plain `<https://...>` for mail clients.
    """

    def message(self, *, policy=email_policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _message(email: Email, connection) -> _Message:
    message = _Message(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers or None,
        connection=connection,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def emails_deliver(*, email_ids: list[int], now: datetime | None = None) -> int:
    """Send the emails that are due among `email_ids`, each on its own; return how many went out.

    One SMTP connection serves the batch. When the server is out of reach twice in a row, the
    rest of the batch is not tried now: each email counts the attempt and waits its own retry.
    """
    default = mail.mailers.default
    # File and memory backends: one message per connection, one file per email.
    shared: SMTPBackend | None = default if isinstance(default, SMTPBackend) else None
    unreachable, server_error, sent = 0, None, 0
    retries = defaultdict(list)
    try:
        for email_id in email_ids:
            moment = now or timezone.now()
            email = _claim(email_id, moment)
            if email is None:
                continue
            error = server_error
            if error is None:
                connection = shared or mail.mailers.default
                try:
                    if shared is not None:
                        shared.open()  # once: send_messages() then leaves it open for the next
                    _message(email, connection).send()
                except Exception as failure:  # any failure is this email's; it waits for a retry
                    error = failure
                    _close_quietly(connection)
                    unreachable = unreachable + 1 if _server_unreachable(failure) else 0
                    server_error = failure if unreachable >= 2 else None
                else:
                    unreachable = 0
            if error is None:
                sent += _mark_sent(email, moment)
            elif retry_at := _mark_failed(email, error, moment):
                retries[retry_at].append(email.pk)
    finally:
        if shared is not None:
            _close_quietly(shared)
    _schedule_retries(retries)
    return sent


def emails_retry(*, emails, now: datetime | None = None) -> int:
    """The platform admin sends failed emails again (after an outage longer than the retries)."""
    now = now or timezone.now()
    ids = list(emails.filter(status=Email.Status.FAILED).values_list("pk", flat=True))
    Email.objects.filter(pk__in=ids).update(status=Email.Status.QUEUED, attempts=0, next_attempt_at=now)
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def emails_sweep(*, now: datetime | None = None) -> dict:
    """Take up what a dead worker or a lost task left behind; queue every due email without a task.

    Run at worker start (`db_worker`) and from `manage.py send_rhythm` / `manage.py email_sweep`.
    """
    from . import queue

    moment = now or timezone.now()
    recovered = queue.tasks_recover(now=moment)
    cut_short = queue.email_ids_of(recovered)
    requeue = Q(pk__in=cut_short) | Q(last_attempt_at__lt=moment - SENDING_TIMEOUT)
    stalled = Email.objects.filter(requeue, status=Email.Status.SENDING).update(
        status=Email.Status.QUEUED, next_attempt_at=moment
    )
    waiting = queue.email_ids_waiting()
    due = [
        pk
        for pk in Email.objects.filter(status=Email.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
        if pk not in waiting
    ]
    if due:
        replay = moment.isoformat() if now is not None else None
        transaction.on_commit(lambda: _enqueue(due, now=replay))
    return {"tasks": len(recovered), "stalled": stalled, "queued": len(due)}


# Inside the delivery -------------------------------------------------------------------------


def _claim(email_id: int, moment: datetime) -> Email | None:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=moment)
    claimed = Email.objects.filter(due, pk=email_id, status=Email.Status.QUEUED).update(
        status=Email.Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=moment
    )
    return Email.objects.filter(pk=email_id).first() if claimed else None


def _mark_sent(email: Email, moment: datetime) -> int:
    with transaction.atomic():
        # Also from QUEUED: a sweep may have judged a very slow call lost; it did go out.
        marked = (
            Email.objects.filter(pk=email.pk)
            .exclude(status=Email.Status.SENT)
            .update(status=Email.Status.SENT, sent_at=moment, error="", next_attempt_at=None)
        )
        if marked:
            email.status, email.sent_at, email.error, email.next_attempt_at = Email.Status.SENT, moment, "", None
            email_sent.send(sender=Email, email=email)
    return marked


def _mark_failed(email: Email, error: BaseException, moment: datetime) -> datetime | None:
    delay = retry_delay(email.attempts)
    retry_at = moment + delay if delay else None
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.QUEUED if retry_at else Email.Status.FAILED,
        next_attempt_at=retry_at,
        error=f"{type(error).__name__}: {error}"[:2000],
    )
    logger.warning(
        "Email %s to %s, attempt %s failed (%s); %s",
        email.pk,
        email.to,
        email.attempts,
        error,
        f"next attempt at {retry_at:%Y-%m-%d %H:%M}" if retry_at else "given up",
    )
    return retry_at


def _server_unreachable(error: BaseException) -> bool:
    return isinstance(error, OSError) and not isinstance(error, _MESSAGE_ERRORS)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # the connection is already broken: nothing more to release
        logger.debug("Closing the mail connection failed", exc_info=True)


def _enqueue(ids: list[int], *, now: str | None = None, run_after: datetime | None = None) -> None:
    from .tasks import deliver_emails

    task = deliver_emails.using(run_after=run_after) if run_after else deliver_emails
    for start in range(0, len(ids), BATCH_SIZE):
        task.enqueue(ids[start : start + BATCH_SIZE], now=now)


def _schedule_retries(retries: dict[datetime, list[int]]) -> None:
    from .tasks import deliver_emails

    # Without `run_after` in the queue (the immediate backend), the sweep brings them back.
    if not retries or not deliver_emails.get_backend().supports_defer:
        return
    for retry_at, ids in retries.items():
        transaction.on_commit(partial(_enqueue, ids, run_after=retry_at))
