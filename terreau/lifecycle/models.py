from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership, Phase
from terreau.core.models import VisibilityField


class Answer(models.Model):
    """The core team's answer or decision on one of the guide's questions."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        SETTLED = "settled", _("settled")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=40)
    text = models.TextField(_("answer or decision"), blank=True, max_length=20000)
    assignee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who takes it on"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    visibility = VisibilityField()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["community", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.community}: {self.question}"


class PhaseChange(models.Model):
    """Moving to another lifecycle phase is a deliberate act, kept with its date and author."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(pgettext_lazy("phase change", "from"), max_length=8, choices=Phase.choices)
    to_phase = models.CharField(pgettext_lazy("phase change", "to"), max_length=8, choices=Phase.choices)
    is_undo = models.BooleanField(_("undoes the previous change"), default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.community}: {self.from_phase} → {self.to_phase}"
