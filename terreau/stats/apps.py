from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics: the activity log, its daily aggregation and the dashboard."""

    name = "terreau.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
            subscribers,
        )

        subscribers.connect()
        data_registry.register("stats", exporter=personal_data.exporter, eraser=personal_data.eraser)
        # After the overview (50) and one's participation (55): the community's figures.
        registry.tab_register(
            registry.Tab("stats", _("Statistics"), "stats:dashboard", order=57, needs="can_see_members")
        )
        # Hourly: the day's figures stay fresh; the scheduler runs it once per slot.
        periodic.register("stats.aggregate", every=timedelta(hours=1), run="terreau.stats.aggregation.aggregate_due")
