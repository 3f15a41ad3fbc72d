"""Outgoing email: render a template triplet in the recipient's language, queue it, send it."""

import email.policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Email


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
        to=to, subject=subject, text=text, html=html, template=template, language=language, headers=headers or {}
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


class _Message(EmailMultiAlternatives):
    """Headers folded at 998 characters, not 78 (added for terreau.exchanges).

    Python's email folding turns a header word longer than the line into RFC 2047 encoded
    words; a List-Unsubscribe URL must stay a plain `<https://...>` for mail clients.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def email_deliver(*, email: Email) -> None:
    if email.status == Email.Status.SENT:
        return  # a retried task must not send twice
    message = _Message(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers or None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as error:  # an SMTP outage must leave a trace, then let the task fail
        email.status = Email.Status.FAILED
        email.error = str(error)[:2000]
        email.save(update_fields=["status", "error"])
        raise
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.error = ""
    email.save(update_fields=["status", "sent_at", "error"])
