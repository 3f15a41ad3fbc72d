from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import actions

# Keys of `before` and `after` that are not fields of the object; the others read as the
# object's own fields do (their verbose names and choices).
FIELD_LABELS = {
    "core_team": _("core team"),
    "role": _("role"),
    "roles": _("roles"),
    "version": _("version"),
}


class AuditEntry(models.Model):
    """One change: who made it, when, to what, and the values before and after.

    The names of the person and of the object are kept as text, so an entry still reads right
    after the account or the object is gone.
    """

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    actor_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kind")
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "-created_at"], name="audit_community_created"),
            models.Index(fields=["-created_at"], name="audit_created"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An audit entry is written once and never changed.")
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        return actions.label(self.action)

    @property
    def target_kind(self) -> str:
        """The kind of object, e.g. "stakeholder"; select_related("target_type") spares a query."""
        model = self._target_model()
        return str(model._meta.verbose_name) if model else ""

    @property
    def before_display(self) -> list[tuple[str, str]]:
        return describe(self.before, self._target_model())

    @property
    def after_display(self) -> list[tuple[str, str]]:
        return describe(self.after, self._target_model())

    def _target_model(self):
        return self.target_type.model_class() if self.target_type else None


def describe(values, model=None) -> list[tuple[str, str]]:
    """`before` or `after` as (label, value) pairs in the reader's language; the fields of
    `model` (the object's) name the keys the table above does not know."""
    if not isinstance(values, dict):
        return [] if values is None else [("", str(values))]
    pairs = []
    for key, value in values.items():
        field = _field(model, key)
        label = FIELD_LABELS.get(key) or (field.verbose_name if field else key)
        pairs.append((str(label), _value(value, field)))
    return pairs


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(value, field) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items() if item) or "—"
    if isinstance(field, models.DateTimeField) and (moment := parse_datetime(str(value))):
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and (day := parse_date(str(value))):
        return date_format(day, "SHORT_DATE_FORMAT")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
