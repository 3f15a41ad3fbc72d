from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """Launch day, calendar of activities, 3-month action plan, launch pack."""

    name = "terreau.launch"
    label = "launch"
    verbose_name = _("Launch")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("launch", exporter=personal_data.exporter, order=50)
