from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Surveys and consultations: satisfaction and interest surveys, anonymous or named."""

    name = "terreau.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
