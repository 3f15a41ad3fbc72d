from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "terreau.accounts"
    label = "accounts"
    verbose_name = _("People")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from terreau.core import personal_data as data_registry

        from . import personal_data
        from .middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")
        data_registry.register("accounts", exporter=personal_data.exporter, order=10)
