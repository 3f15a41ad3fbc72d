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

        from datetime import timedelta

        from terreau.core import periodic

        # Emails due for a retry, emails and tasks a dead worker left behind (`manage.py email_sweep`).
        periodic.register("emails.sweep", every=timedelta(minutes=5), run="terreau.emails.services.emails_sweep")
