from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Surveys and consultations: satisfaction and interest surveys, anonymous or named."""

    name = "terreau.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        data_registry.register("surveys", exporter=personal_data.exporter, eraser=personal_data.eraser, order=18)
        registry.tab_register(registry.Tab("surveys", _("Surveys"), "surveys:list", order=45, needs="can_see_members"))
        periodic.register("surveys.announce", every=timedelta(hours=1), run="terreau.surveys.services.announce_due")
        periodic.register("surveys.reminders", every=timedelta(hours=6), run="terreau.surveys.services.send_reminders")
