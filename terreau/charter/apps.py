from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    """The governance charter and its versions."""

    name = "terreau.charter"
    label = "charter"
    verbose_name = _("Charter")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data, subscribers

        subscribers.connect()  # the charter is adopted when its consent decision is
        data_registry.register("charter", exporter=personal_data.exporter, order=50)
