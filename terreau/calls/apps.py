from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Calls for expressions of interest."""

    name = "terreau.calls"
    label = "calls"
    verbose_name = _("Calls")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("calls", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
