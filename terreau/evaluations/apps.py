from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Evaluations every 3 then 6 months, and the renewal plan."""

    name = "terreau.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")
