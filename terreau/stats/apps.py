from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics: the activity log, its daily aggregation and the dashboard."""

    name = "terreau.stats"
    label = "stats"
    verbose_name = _("Statistics")
