from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """Decisions by consent, tensions and the decision log."""

    name = "terreau.decisions"
    label = "decisions"
    verbose_name = _("Decisions")
