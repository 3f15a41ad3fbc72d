from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefinitionConfig(AppConfig):
    """Stakeholder map, objectives, scope."""

    name = "terreau.definition"
    label = "definition"
    verbose_name = _("Definition")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("definition", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
