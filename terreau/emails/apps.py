from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailsConfig(AppConfig):
    name = "terreau.emails"
    label = "emails"
    verbose_name = _("Emails")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("emails", exporter=personal_data.exporter, eraser=personal_data.eraser, order=80)
