from django.db import models
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """One outgoing message, rendered in the recipient's language and sent by the task worker.

    Keeping the row gives the platform admin a readable outbox and a trace of failures. The row,
    not the task queue, is the truth about delivery: a task that is lost or cut short leaves the
    email QUEUED or SENDING, and `services.emails_sweep` sends it again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(_("template"), max_length=120)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Extra headers, e.g. List-Unsubscribe on notification emails (added for terreau.exchanges).
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"], name="email_due"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"
