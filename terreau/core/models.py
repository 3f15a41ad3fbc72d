from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a thing a community holds (the guide's simple access levels)."""

    PUBLIC = "public", _("Public: everyone, including visitors")
    MEMBERS = "members", _("Members of the community")
    CORE_TEAM = "core_team", _("Core team only")


class VisibilityField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("choices", Visibility.choices)
        kwargs.setdefault("default", Visibility.MEMBERS)
        kwargs.setdefault("verbose_name", _("visibility"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "terreau.core.models.VisibilityField", args, kwargs


class ScheduledRun(models.Model):
    """One run of a periodic job (terreau.core.periodic) for one slot of its rhythm.

    The scheduler inserts this row before it runs the job; the unique constraint makes the insert
    the claim, so of several schedulers (two machines, a restart overlapping) exactly one runs a
    job for a given slot, on SQLite and PostgreSQL alike.
    """

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("slot"))
    claimed_by = models.CharField(_("scheduler"), max_length=100)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self):
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
