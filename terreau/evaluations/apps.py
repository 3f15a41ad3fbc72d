from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Evaluations every 3 then 6 months, and the renewal plan."""

    name = "terreau.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from terreau.core import periodic, weekly
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        data_registry.register("evaluations", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
        # Each launched community's coming evaluation made ahead, and announced to its core team.
        periodic.register(
            "evaluations.schedule", every=timedelta(days=1), run="terreau.evaluations.services.schedule_all"
        )
        # The facilitator's weekly hour: prepare the coming evaluation, a month ahead.
        weekly.register("evaluation", "terreau.evaluations.weekly.next_evaluation_task", order=90)
