from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """Decisions by consent, tensions and the decision log."""

    name = "terreau.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        # After the calendar (25), before the members (30): the community's governance, read by all.
        registry.tab_register(registry.Tab("decisions", _("Decisions"), "decisions:log", order=27))
        periodic.register(
            "decisions.review_reminders", every=timedelta(hours=6), run="terreau.decisions.services.remind_reviews"
        )
        data_registry.register("decisions", exporter=personal_data.exporter, eraser=personal_data.eraser, order=45)
